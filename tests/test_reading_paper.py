"""Reading paper as users photograph it, on synthetic pictures built here: any scale, any
pen, borders, ruled and squared paper, tilted sheets, a desk around the page."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from bench.drawn_digits import template_paths
from bench.other_writers import usps_picture
from realtime.boxes import iou
from realtime.vision.detect_config import DEFAULT_DETECT
from realtime.vision.interpret import number_texts
from realtime.vision.lines import remove_lines
from realtime.vision.normalize import STROKE_RANGE, stroke_width
from realtime.vision.picture import prepare_picture
from tests.helpers import written_page


def _right(readings, truths) -> int:
    """How many true digits have a sure reading on them with the right digit."""
    sure = [(r.box, r.digit) for r in readings if not r.unsure]
    return sum(any(iou(box, true) >= 0.3 and digit == label for box, digit in sure)
               for true, label in truths)


def _assert_reads(recognizer, picture, truths) -> list:
    readings = recognizer.read(picture)
    assert _right(readings, truths) == len(truths)
    assert len(readings) == len(truths), [r.box for r in readings]  # nothing else read
    return readings


@pytest.mark.parametrize(
    ("height", "size"),
    [(10, (64, 40)), (14, (120, 60)), (30, (200, 120)), (120, (640, 480)),
     (456, (640, 480)), (684, (1280, 720))],
    ids=["10px", "14px", "30px", "120px", "95%-of-480", "95%-of-720"])
def test_digits_from_10_px_to_95_percent_of_the_picture(recognizer, height, size):
    text = "7" if height > 0.5 * size[1] else "47"
    picture, truths = written_page([text], size=size, height=height, pen=max(1, height / 12))
    _assert_reads(recognizer, picture, truths)


def test_a_12_megapixel_photo_is_read_in_its_own_pixels(recognizer):
    picture, truths = written_page(["305 71"], size=(4000, 3000), height=260, pen=18)
    readings = _assert_reads(recognizer, picture, truths)
    assert max(r.box[0] + r.box[2] for r in readings) > 2048  # boxes in the photo's pixels


@pytest.mark.parametrize("pen", [1.5, 8, 40], ids=["hairline", "ballpoint", "marker"])
def test_any_pen_reaches_the_model_with_mnist_thick_strokes(recognizer, pen):
    picture, truths = written_page(["352"], size=(1000, 600), height=250, pen=pen)
    readings = _assert_reads(recognizer, picture, truths)
    for reading in readings:
        digit = reading.digit_image
        _, binary = cv2.threshold(digit, 64, 255, cv2.THRESH_BINARY)
        assert STROKE_RANGE[0] - 0.5 <= stroke_width(binary) <= STROKE_RANGE[1] + 1.5


def test_a_page_filling_the_view_under_uneven_light(recognizer):
    picture, truths = written_page(["1234 567", "890"])
    light = np.linspace(0.45, 1.1, picture.shape[1], dtype=np.float32)[None, :, None]
    _assert_reads(recognizer, np.clip(picture * light, 0, 255).astype(np.uint8), truths)


@pytest.mark.parametrize("border", ["scanner edge", "dark rim", "shadow along the edge"])
def test_a_border_never_swallows_the_page(recognizer, border):
    picture, truths = written_page(["1234 567", "890"])
    if border == "scanner edge":
        picture[:14] = 15
    elif border == "dark rim":
        picture[:, :6] = picture[:, -6:] = picture[-6:] = 30
    else:
        shade = np.ones(picture.shape[1], np.float32)
        shade[:120] = np.linspace(0.3, 1, 120)
        picture = np.clip(picture * shade[None, :, None], 0, 255).astype(np.uint8)
    _assert_reads(recognizer, picture, truths)


@pytest.mark.parametrize("label", ["4", "5"])
def test_a_marker_close_up_under_a_shadow_from_the_edge(recognizer, label):
    # a hand's soft shadow falls from the top edge onto a marker digit filling the picture:
    # the stroke and the shadow make one dark region that touches the edge, which alone
    # would be taken for the desk, and the digit was cut into pieces or lost
    picture, truths = written_page([label], size=(200, 180), height=150, pen=24)
    rows, cols = np.mgrid[0:180, 0:200]
    shade = 1 - 0.45 * np.exp(-(((cols - 100) / 30.0) ** 2 + ((rows - 5) / 35.0) ** 2))
    _assert_reads(recognizer, np.clip(picture * shade[..., None], 0, 255).astype(np.uint8),
                  truths)


@pytest.mark.parametrize("clean", [False, True], ids=["grainy", "clean"])
@pytest.mark.parametrize("ink", [185, 200])
def test_a_faint_pen_on_a_scan_with_dark_edges(recognizer, ink, clean):
    # the scanner's black edges along two sides are the darkest marks in the picture: the
    # faint pen's threshold was set by them and the digits vanished or broke into pieces;
    # a scan of white paper without grain is a clean, two-level picture, read apart
    picture, truths = written_page(["1234 567", "890"], size=(900, 640), height=45, pen=1.5,
                                   paper=240, ink=ink)
    if clean:
        picture[picture > 228] = 255
    picture[:12] = 20
    picture[:, -10:] = 20
    assert prepare_picture(picture).clean == clean
    _assert_reads(recognizer, picture, truths)


@pytest.mark.parametrize("label", ["4", "5"])
def test_a_thin_pen_digit_filling_a_tilted_note_keeps_its_strokes(recognizer, label):
    # the digit comes within a few pixels of the note's tilted top edge: it was taken for
    # ruled lines running on to the edge, and its straight strokes were taken out
    picture, truths = written_page([label], size=(180, 240), height=200, pen=1.5, ink=90)
    height, width = picture.shape[:2]
    page = np.zeros((height, width), np.uint8)
    cv2.fillPoly(page, [np.array([[0, 32], [width, 16], [width - 8, height], [0, height]])], 255)
    _assert_reads(recognizer, np.where(page[..., None] > 0, picture, np.uint8([30, 60, 100])),
                  truths)


@pytest.mark.parametrize("tilt", [0, 3])
def test_digits_written_up_to_the_page_edge_are_read(recognizer, tilt):
    # the top row of a note starts a fifth of a digit below its edge: the page's mask,
    # pulled in from the edge against the desk's dark rim, cut it off
    page, truths = written_page(["305 71", "4698 2"], size=(860, 520), height=40, pen=3,
                                row_step=2.0)
    top = min(box[1] for box, _ in truths) - 8
    page = page[top:]
    desk = np.full((720, 1280, 3), (40, 55, 70), np.uint8)
    x0, y0 = (1280 - page.shape[1]) // 2, 60
    desk[y0 : y0 + page.shape[0], x0 : x0 + page.shape[1]] = page[: 720 - y0]
    turn = cv2.getRotationMatrix2D((640, 360), tilt, 1.0)
    desk = cv2.warpAffine(desk, turn, (1280, 720), borderValue=(40, 55, 70))
    grain = np.random.default_rng(0).normal(0, 4, desk.shape)
    picture = np.clip(desk + grain, 0, 255).astype(np.uint8)
    moved = []
    for (x, y, w, h), label in truths:
        left, high = x + x0, y - top + y0
        corners = np.float32([[left, high], [left + w, high], [left, high + h],
                              [left + w, high + h]])
        moved.append((cv2.boundingRect(cv2.transform(corners[None], turn)[0]), label))
    _assert_reads(recognizer, picture, moved)


def _touching_pair(text: str, height: int) -> np.ndarray:
    """Two digits written so close that they touch, shrunk to ``height`` px tall: gray."""
    page, truths = written_page([text], size=(140, 80), height=40, pen=5, seed=2)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    (x0, _, w0, _), (x1, _, _, _) = truths[0][0], truths[1][0]
    left, right, overlap = gray[:, : x0 + w0], gray[:, x1:], 3
    paper = np.full((80, 140), 255, np.uint8)
    joined = np.minimum(np.hstack([left, paper[:, : right.shape[1] - overlap]]),
                        np.hstack([paper[:, : left.shape[1] - overlap], right]))
    return cv2.resize(joined, None, fx=height / 40, fy=height / 40, interpolation=cv2.INTER_AREA)


@pytest.mark.parametrize("height", [11, 12])
@pytest.mark.parametrize("text", ["46", "35"])
def test_tiny_touching_digits_are_cut_apart(recognizer, text, height):
    # digits 11-12 px tall that touch were never cut (a blob under 13.5 px tall was
    # taken to be too small to hold two): "46" was read as an unsure 8, "35" as 3
    picture = _touching_pair(text, height)
    assert cv2.connectedComponents((picture < 150).astype(np.uint8))[0] == 2  # one blob
    assert "".join(str(r.digit) for r in recognizer.read(picture) if not r.unsure) == text


@pytest.mark.parametrize("lean", [50, 70])
def test_a_close_up_of_a_leaning_8_whose_loops_do_not_touch_is_one_8(recognizer, lean):
    # the loops meet corner to corner, 6 px apart: they were read as two 0s
    picture = np.full((300, 300, 3), 235, np.uint8)
    cv2.ellipse(picture, (150 + lean // 2, 85), (34, 40), 0, 0, 360, (40, 40, 40), 6,
                cv2.LINE_AA)
    cv2.ellipse(picture, (150 - lean // 2, 182), (40, 45), 0, 0, 360, (40, 40, 40), 6,
                cv2.LINE_AA)
    box = cv2.boundingRect((picture[..., 0] < 140).astype(np.uint8))
    _assert_reads(recognizer, picture, [(box, 8)])


@pytest.mark.parametrize(("tilt", "box"), [(0, (62, 80)), (4, (62, 80)), (0, (50, 68))],
                         ids=["boxes", "turned-4", "tight"])
def test_digits_written_in_printed_boxes_are_read(recognizer, tilt, box):
    # a worksheet's or a form's answer boxes: box and digit made one mark, read as
    # nothing or as a wrong digit; tight boxes touch the digits
    picture, truths = written_page(["3 0 5 7 1", "4 6 9 8 2"], size=(900, 600), height=60,
                                   tilt=tilt)
    for (x, y, w, h), _ in truths:
        corners = cv2.boxPoints(((x + w / 2, y + h / 2), box, -tilt)).astype(np.int32)
        cv2.polylines(picture, [corners], True, (90, 90, 90), 2, cv2.LINE_AA)
    _assert_reads(recognizer, picture, truths)


@pytest.mark.parametrize("share", [0.1, 0.4])
@pytest.mark.parametrize("lid", [0, 60])
def test_a_note_on_a_scanners_flat_lid_is_read(recognizer, share, lid):
    # a noise-free backing is a two-level picture with the page for its light strokes:
    # the page was taken for ink on a dark pad and nothing was read
    width, height = round(1200 * share**0.5), round(1600 * share**0.5)
    page, truths = written_page(["305 71", "4698 2"], size=(width, height), height=50, pen=3)
    scan = np.full((1600, 1200, 3), lid, np.uint8)
    scan[40 : 40 + height, 40 : 40 + width] = page
    _assert_reads(recognizer, scan, [((x + 40, y + 40, w, h), label)
                                     for (x, y, w, h), label in truths])


def test_a_page_on_a_textured_desk(recognizer):
    page, truths = written_page(["1234 567"], size=(500, 300))
    rng = np.random.default_rng(1)
    desk = cv2.GaussianBlur(rng.normal(70, 20, (600, 900, 3)).clip(0, 255).astype(np.uint8),
                            (0, 0), 1.5)
    desk[150:450, 200:700] = page
    moved = [((x + 200, y + 150, w, h), label) for (x, y, w, h), label in truths]
    _assert_reads(recognizer, desk, moved)


@pytest.mark.parametrize("tilt", [-15, -8, 0, 8, 15])
def test_rows_of_a_tilted_sheet_never_merge(recognizer, tilt):
    picture, truths = written_page(["1234 567", "890 12", "3456 78"], size=(800, 500),
                                   tilt=tilt)
    readings = _assert_reads(recognizer, picture, truths)
    assert number_texts(readings) == ["1234", "567", "890", "12", "3456", "78"]


def _ruled(picture: np.ndarray, spacing: int, grid: bool) -> np.ndarray:
    """Notebook lines printed across the picture, slightly tilted, as dark as a pencil."""
    lines = picture.copy()
    height, width = picture.shape[:2]
    for y in range(5, height, spacing):
        cv2.line(lines, (0, y), (width - 1, y + 8), (150, 130, 115), 2 if not grid else 1)
    if grid:
        for x in range(5, width, spacing):
            cv2.line(lines, (x, 0), (x - 5, height - 1), (150, 130, 115), 1)
    return np.minimum(picture, lines)


def test_ruled_lines_are_not_read_and_do_not_cut_digits(recognizer):
    picture, truths = written_page(["1234 567", "890 12"], size=(800, 500))
    _assert_reads(recognizer, _ruled(picture, 45, grid=False), truths)


@pytest.mark.parametrize("squeeze", [0.6, 0.7])
def test_a_1_written_close_beside_a_digit_on_a_ruled_line_stays_apart(recognizer, squeeze):
    # the ruled line runs through the foot of both digits, a few pixels apart: the line
    # between them, taken out, still bridged them into one mark ("31" was read as 3)
    picture, truths = written_page(["51 71 41", "11 91 31"], size=(600, 300), height=30,
                                   pen=2.5, seed=3)
    ruled = picture.copy()
    for row in (truths[:6], truths[6:]):
        foot = min(y + h for (_, y, _, h), _ in row)
        cv2.line(ruled, (0, foot - 4), (599, foot - 1), (150, 150, 150), 2, cv2.LINE_AA)
        cv2.line(ruled, (0, foot - 38), (599, foot - 35), (150, 150, 150), 2, cv2.LINE_AA)
    photo = cv2.resize(np.minimum(picture, ruled), None, fx=squeeze, fy=1.0,
                       interpolation=cv2.INTER_AREA)
    assert "".join(str(r.digit) for r in recognizer.read(photo) if not r.unsure) == (
        "517141119131")


def test_squared_paper_lines_are_not_read(recognizer):
    picture, truths = written_page(["1234 567", "890 12"], size=(800, 500))
    readings = recognizer.read(_ruled(picture, 22, grid=True))
    assert _right(readings, truths) >= len(truths) - 2  # a digit may lose a stroke to a line
    for reading in readings:  # but no line is read as a digit
        assert any(iou(reading.box, true) >= 0.3 for true, _ in truths), reading.box


def test_faint_squared_paper_broken_by_the_threshold_is_not_read(recognizer):
    # a faint grid breaks into dashes at the ink threshold: no mark spans the page, so
    # the lines are sought in the whole ink (before, each dash was read: 939 readings)
    picture, truths = written_page(["1234 567", "890 12", "3456 78"], size=(1600, 1200))
    lines = picture.copy()
    for at in range(5, 1600, 22):
        for start in range(0, 1600, 12):
            cv2.line(lines, (start, at), (start + 7, at), (150, 130, 115), 1)
            cv2.line(lines, (at, start), (at, start + 7), (150, 130, 115), 1)
    readings = recognizer.read(np.minimum(picture, lines))
    assert _right(readings, truths) >= len(truths) - 2  # a digit may lose a stroke to a line
    for reading in readings:
        assert any(iou(reading.box, true) >= 0.3 for true, _ in truths), reading.box


@pytest.mark.parametrize(("cell", "line"), [(22, 1), (22, 2), (16, 1), (16, 2)])
def test_a_pen_on_a_grid_fainter_than_the_pen_keeps_its_strokes(recognizer, cell, line):
    # a grid as dark as a pencil under 34 px digits of a fine pen: the strokes that ran
    # along or near a line were taken out with it (22 px squares: a 0 read as 3, a 5 and
    # a 7 lost), and on 16 px squares every stroke went with the lines (nothing was read)
    picture, truths = written_page(["1234 567", "890 12"], size=(800, 500), height=34, pen=2,
                                   ink=40)
    grid = np.full_like(picture, 255)
    for at in range(3, 800, cell):
        cv2.line(grid, (0, at), (799, at + 5), (185, 185, 185), line, cv2.LINE_AA)
        cv2.line(grid, (at, 0), (at - 3, 499), (185, 185, 185), line, cv2.LINE_AA)
    photo = cv2.GaussianBlur((picture.astype(np.float32) * grid / 255).astype(np.uint8),
                             (0, 0), 0.7)
    if (cell, line) == (22, 2):  # the 9 crosses where two lines cross, the 0 sits on two
        assert _right(recognizer.read(photo), truths) >= len(truths) - 2
    else:
        _assert_reads(recognizer, photo, truths)


def test_converging_lines_of_a_photographed_grid_are_all_taken_out():
    # in a photo the lines' angle changes across the page (level at the top, 3.4 degrees
    # at the bottom): no single angle lays them all level, so they are followed in tiles
    height, width = 1200, 1600
    mask = np.zeros((height, width), np.uint8)
    for y in range(10, height - 60, 24):
        cv2.line(mask, (0, y), (width - 1, y + round(0.06 * width * y / height)), 255, 1)
    for x in range(10, width, 24):
        cv2.line(mask, (x, 0), (x - round(0.03 * height * x / width), height - 1), 255, 1)
    left = cv2.countNonZero(remove_lines(mask, [(0, 0, width, height)]))
    assert left < 0.1 * cv2.countNonZero(mask)  # was 77% left with one angle


def test_a_digit_inside_a_mark_of_lines_keeps_its_straight_strokes():
    # a close-up of a note with the dark desk seen all round it: the desk is one mark
    # framing the picture, held for lines; the 5 inside it touches no line, but its bar
    # and stem were searched with the frame and taken out as lines (read as a 3)
    mask = np.zeros((140, 170), np.uint8)
    mask[:6], mask[-6:], mask[:, :6], mask[:, -6:] = 255, 255, 255, 255
    five = np.zeros_like(mask)
    cv2.line(five, (60, 30), (118, 30), 255, 4)
    cv2.line(five, (60, 30), (58, 70), 255, 4)
    cv2.ellipse(five, (80, 88), (26, 22), 0, -150, 150, 255, 4)
    square = np.zeros_like(mask)  # a square of a grid inside the frame: all line
    cv2.rectangle(square, (130, 100), (150, 120), 255, 2)
    digit_shape = (DEFAULT_DETECT.max_width_over_height, DEFAULT_DETECT.line_aspect)
    cleaned = remove_lines(mask | five | square, [(0, 0, 170, 140)], digit_shape=digit_shape)
    assert cv2.countNonZero(cleaned & five) == cv2.countNonZero(five)  # was 56% of it
    assert cv2.countNonZero(cleaned & square) == 0


@pytest.mark.parametrize(("label", "seed"), [(0, 1), (3, 2), (8, 3), (9, 4)])
def test_an_enlarged_scan_of_a_fat_digit_reads_whole(recognizer, label, seed):
    # USPS-style: a broad-pen digit fitted to 16x16, grey, noisy, shown 4-8x enlarged with
    # soft edges and a small margin; its ink covers up to half the picture
    rng = np.random.default_rng(seed)
    picture = usps_picture(template_paths(label, rng), rng)
    readings = recognizer.read(picture)
    assert [(r.digit, r.unsure) for r in readings] == [(label, False)]


def test_sensor_noise_alone_reads_nothing(recognizer):
    noise = np.random.default_rng(0).integers(0, 256, (240, 320), np.uint8)
    assert recognizer.read(noise) == []


def _floating_bar_5(seed: int) -> np.ndarray:
    """A close-up of a 5 whose top bar was lifted off, up and to the right of its body."""
    picture, truths = written_page(["5"], size=(300, 300), height=180, pen=10, seed=seed)
    (x, y, w, h), _ = truths[0]
    top, bottom = y - 6, y + int(0.2 * h)
    band = picture[top:bottom].copy()
    picture[top:bottom] = 225
    moved = cv2.warpAffine(band, np.float32([[1, 0, int(0.7 * w)], [0, 1, 0]]),
                           (300, bottom - top), borderValue=(225, 225, 225))
    lift = int(0.12 * h)
    picture[top - lift : bottom - lift] = np.minimum(picture[top - lift : bottom - lift], moved)
    return picture


@pytest.mark.parametrize("seed", [0, 3])
def test_a_close_up_of_a_5_whose_bar_floats_off_is_one_5(recognizer, seed):
    # the bar shares too few columns with the body to join it by the rules for parts;
    # read as pieces, they were unsure fragments (or a 1 beside a 5)
    readings = recognizer.read(_floating_bar_5(seed))
    assert [(r.digit, r.unsure) for r in readings] == [(5, False)]


@pytest.mark.parametrize("rows", [["1", "2"], ["7", "4"], ["5", "9"]])
def test_two_digits_one_above_the_other_on_a_note_stay_two(recognizer, rows):
    # a close-up's few marks may be read as one digit, but only when the model is surer
    # of that than of the marks apart: two digits are read as two
    picture, truths = written_page(rows, size=(300, 420), height=120, pen=9, row_step=1.3)
    _assert_reads(recognizer, picture, truths)
