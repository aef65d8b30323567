"""The demo source's sheet: generated handwriting that the reader reads as a camera sees it."""

from __future__ import annotations

import numpy as np

from realtime.boxes import iou
from realtime.camera.demo import DEMO_ROWS, DEMO_SIZE, DemoCamera, demo_sheet
from realtime.vision.reader import read_picture


def test_the_sheet_holds_every_digit_of_its_rows_once():
    sheet, digits = demo_sheet()
    written = "".join(ch for row in DEMO_ROWS for ch in row if ch.isdigit())
    assert "".join(str(d.label) for d in digits) == written
    height, width = sheet.shape[:2]
    for digit in digits:
        x, y, w, h = digit.box
        assert 0 <= x and x + w <= width and 0 <= y and y + h <= height and h > 40
        # ink is darker than the paper inside the box
        assert sheet[y : y + h, x : x + w].min() < 0.6 * np.median(sheet)
    assert np.array_equal(sheet, demo_sheet()[0])  # seeded


def test_the_sheet_moves_gently_and_stays_in_view():
    camera = DemoCamera()
    width, height = DEMO_SIZE
    previous = None
    for t in np.arange(0, 10, 0.5):
        boxes = [box for _, box in camera.boxes_at(float(t))]
        for x, y, w, h in boxes:
            assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
        centres = np.array([(x + w / 2, y + h / 2) for x, y, w, h in boxes])
        if previous is not None:  # half a second moves a digit by a few pixels, not a jump
            assert 0 < np.abs(centres - previous).max() < 60
        previous = centres


def test_every_digit_of_the_demo_is_read_right_through_the_reader(recognizer):
    camera = DemoCamera()
    for t in (0.0, 2.5, 5.0):
        frame = camera.frame_at(t)
        assert frame.shape == (DEMO_SIZE[1], DEMO_SIZE[0], 3) and frame.dtype == np.uint8
        readings = read_picture(frame, recognizer).readings
        right = sum(any(iou(r.box, box) >= 0.3 and r.digit == label and not r.unsure
                        for r in readings) for label, box in camera.boxes_at(t))
        assert right >= 20  # of 21 (21 of 21 at these moments when written)
