"""A mark much thinner and shorter than the picture's other writing is not writing."""

from __future__ import annotations

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
