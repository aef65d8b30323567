"""What both windows draw the same way: boxes and labels, help, messages, wrapped text."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.boxes import overlaps
from realtime.ui.annotate import draw_readings, label_text, percent, place_label
from realtime.ui.camera_render import draw_overlay
from realtime.ui.hud import draw_help, draw_message_lines
from realtime.ui.text import ERROR, FONT, MESSAGE, PANEL, SURE, UNSURE, text_size, wrap_lines
from tests.helpers import make_reading


def _has(image: np.ndarray, colour) -> bool:
    return bool((image == np.array(colour, np.uint8)).all(axis=2).any())


def test_confidence_is_rounded_down_so_box_and_panel_agree():
    assert percent(0.998) == "99%" and percent(0.998, 1) == "99.8%"
    assert percent(1.0) == "100%" and percent(0.5) == "50%" and percent(0.0) == "0%"
    assert label_text(make_reading((0, 0, 9, 9), 7, 0.9996)) == "7 99%"


def test_labels_of_neighbouring_digits_never_overlap():
    boxes = [(40 + 22 * i, 60, 20, 30) for i in range(4)]  # digits closer than a label
    taken = []
    for box in boxes:
        spot = place_label(box, (48, 20), taken, (400, 300))
        assert not any(overlaps(spot, other) for other in taken)
        taken.append(spot)


def test_a_label_stays_inside_the_picture():
    spot = place_label((2, 1, 20, 30), (48, 20), [], (100, 100))
    x, y, w, h = spot
    assert x >= 0 and y >= 0 and x + w <= 100 and y + h <= 100


def test_sure_and_unsure_digits_are_coloured_the_same_way_in_both_windows():
    sure, unsure = make_reading((20, 40, 30, 40), 3, 0.99), make_reading((90, 40, 30, 40), 3, 0.3)
    for draw in (lambda image, r: draw_readings(image, r, None),
                 lambda image, r: draw_overlay(image, r, [[0]], None, 1.0)):
        image = np.zeros((120, 200, 3), np.uint8)
        draw(image, (unsure,))
        assert _has(image, UNSURE)
    image = np.zeros((120, 200, 3), np.uint8)
    draw_readings(image, (sure,), None)
    assert _has(image, SURE) and not _has(image, UNSURE)


def test_a_label_is_its_text_on_a_black_box_even_cut_by_the_picture_edge():
    reading = make_reading((70, 4, 26, 30), 4, 0.87)  # no room above: the label goes below
    for shape in ((60, 100, 3), (60, 100)):
        image = np.full(shape, 200, np.uint8)
        expected = image.copy()
        draw_readings(image, (reading,), None, size=1.5)  # a big pad: the label is cut off
        thick, scale = 3, 0.55 * 1.5
        (tw, th), _ = text_size("4 87%", scale, thick)
        x, y = 70, 4 + 30 + 5
        cv2.rectangle(expected, (70, 4), (96, 34), SURE, thick)
        cv2.rectangle(expected, (x, y), (x + tw + 6, y + th + 8), (0, 0, 0), -1)
        cv2.putText(expected, "4 87%", (x + 3, y + th + 4), FONT, scale, SURE, thick,
                    cv2.LINE_AA)
        assert np.array_equal(image, expected)


def test_the_help_sits_on_a_solid_panel_over_the_picture():
    image = np.full((300, 500, 3), 255, np.uint8)  # white strokes everywhere
    draw_help(image, 1.0, (("h", "show / hide this help"), ("q  Esc", "quit")))
    under_text = image[20:80, 14:20]  # left of the keys, between the lines: the panel
    assert (under_text == np.array(PANEL, np.uint8)).all()
    assert not _has(image, (255, 255, 255))  # nothing of the picture shows at full strength


def test_errors_are_drawn_in_their_own_colour():
    ok, failed = (np.zeros((100, 600, 3), np.uint8) for _ in range(2))
    draw_message_lines(ok, [("Saved drawing", False)], 1.0)
    draw_message_lines(failed, [("Drawing not saved", True)], 1.0)
    assert _has(ok, MESSAGE) and not _has(ok, ERROR)
    assert _has(failed, ERROR) and not _has(failed, MESSAGE)


def test_a_long_path_breaks_between_folders_not_inside_the_file_name():
    name = "20261203-120000-123456_pad.png"
    lines = wrap_lines(f"Corrected to 3: saved /home/someone/realtime/samples/class_3/{name}",
                       230, 0.45)
    assert len(lines) > 1 and name in lines
    assert wrap_lines("hello world", 230, 0.45) == ["hello world"]
