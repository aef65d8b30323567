"""A mark much thinner and shorter than the picture's other writing, or much fainter, is
not writing."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from realtime.vision.one_pen import not_writing
from tests.helpers import stroke_digit, written_page


def test_a_hairline_sliver_beside_a_marker_digit_is_not_writing():
    assert not_writing([400, 16], [14.0, 1.0], [True, True]) == [False, True]


def test_a_small_digit_written_with_the_same_pen_is_writing():
    # a small digit in a row of big ones, or a short 1 beside tall digits: the same pen
    assert not_writing([100, 96, 30, 104], [6.0, 6.0, 5.0, 5.5], [True] * 4) == [False] * 4


def test_only_sure_readings_are_the_writing_compared_with():
    # a big thick blob the model is unsure of (a shadow) is no measure of the pen
    assert not_writing([500, 40, 42], [60.0, 4.0, 4.0], [False, True, True]) == [False] * 3


def test_a_lone_mark_or_a_picture_read_unsurely_has_nothing_to_compare_with():
    assert not_writing([50], [5.0], [True]) == [False]
    assert not_writing([50, 10], [5.0, 1.0], [False, False]) == [False, False]
    # the only sure mark is the short thin one: it has no other writing to be measured by
    assert not_writing([50, 10], [5.0, 1.0], [False, True]) == [False, False]


@pytest.mark.parametrize("sliver", ["desk crack at the rim", "speck of noise"])
def test_a_close_up_reads_its_digit_and_not_a_hairline_near_the_rim(recognizer, sliver):
    # a marker 4 filling a close-up; near the rim a 1 px dark hairline the page's mask let
    # through (a crack in the desk, a fold) was read as a sure 1
    picture, truths = written_page(["4"], size=(300, 260), height=200, pen=22)
    if sliver == "desk crack at the rim":
        picture[40:62, 8] = 60
    else:
        picture[200:214, 262:264] = 70
    readings = recognizer.read(picture)
    assert [(r.digit, r.unsure) for r in readings] == [(4, False)]


def test_a_small_digit_beside_a_big_one_on_the_pad_is_read(recognizer):
    # the same brush draws both: the small 1 is a fifth of the 4's height, but no thinner
    pad = np.zeros((420, 420), np.uint8)
    pad[40:340, 20:260] = stroke_digit(4, size=(300, 240), thickness=13)
    pad[280:340, 300:350] = stroke_digit(1, size=(60, 50), thickness=13)
    readings = recognizer.read(pad, ink="light")
    assert [(r.digit, r.unsure) for r in readings] == [(4, False), (1, False)]


def test_a_mark_less_than_half_as_dark_as_the_writing_is_not_writing():
    heights, widths, sure = [40, 42, 38, 35], [4.0, 4.0, 4.0, 4.0], [True] * 4
    assert not_writing(heights, widths, sure, [180, 175, 185, 80]) == [False] * 3 + [True]
    assert not_writing(heights, widths, sure, [180, 175, 185, 100]) == [False] * 4
    assert not_writing(heights, widths, sure) == [False] * 4  # not judged by darkness


def test_a_faint_tiny_digit_or_one_with_a_single_other_is_still_writing():
    # a camera's blur makes a digit under 14 px look fainter than it is
    assert not_writing([40, 42, 12], [4.0, 4.0, 2.0], [True] * 3, [180, 175, 60]) == [False] * 3
    # one other sure mark is too few to tell the picture's pen by
    assert not_writing([40, 35], [4.0, 4.0], [True] * 2, [180, 60]) == [False] * 2


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_squared_paper_whose_grid_is_darker_in_places_reads_only_the_digits(recognizer, seed):
    # a grid a little fainter than the ink threshold, darker along a few stretches of its
    # lines (printing, light): those stretches were read as sure 1s
    page, truths = written_page(["4 7 1", "5 9"], height=60, pen=5, ink=40, seed=seed)
    rng = np.random.default_rng(seed)
    grid = np.zeros(page.shape[:2], np.float32)
    for x in range(8, page.shape[1], 24):
        cv2.line(grid, (x, 0), (x, page.shape[0] - 1), 1.0, 2)
    for y in range(8, page.shape[0], 24):
        cv2.line(grid, (0, y), (page.shape[1] - 1, y), 1.0, 2)
    shade = np.full(grid.shape, 45.0, np.float32)
    for _ in range(3):
        x, y = 8 + 24 * int(rng.integers(0, 26)), int(rng.integers(0, 420))
        shade[y : y + 35, x - 3 : x + 4] = 85
    gray = np.minimum(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), 225 - shade * grid)
    readings = recognizer.read(gray.astype(np.uint8))
    assert sorted(r.digit for r in readings if not r.unsure) == sorted(d for _, d in truths)
