"""MNIST-faithful normalisation of digit crops."""

from __future__ import annotations

import numpy as np
import pytest

from realtime.vision.normalize import centre_of_mass, normalize_digit, stretch_contrast
from tests.helpers import stroke_digit


def _ink_box(digit: np.ndarray) -> tuple[int, int]:
    rows, cols = np.nonzero(digit >= 64)
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


@pytest.mark.parametrize("label", range(10))
@pytest.mark.parametrize(("size", "offset"), [((120, 90), (0, 0)), ((300, 400), (80, -30)),
                                               ((40, 40), (3, 2))])
def test_centre_of_mass_lands_at_the_centre(label, size, offset):
    crop = stroke_digit(label, size, offset=offset, thickness=max(2, size[0] // 14))
    digit = normalize_digit(crop)
    assert digit.shape == (28, 28) and digit.dtype == np.uint8
    row, col = centre_of_mass(digit)
    assert abs(row - 14) <= 0.75 and abs(col - 14) <= 0.75


def test_longer_side_is_20_and_aspect_is_kept():
    # the outline of a bar three times taller than wide, at two very different sizes,
    # drawn with a pen as thick as MNIST's (so its strokes are not evened)
    for height, width in ((150, 50), (30, 10)):
        crop = np.zeros((height + 20, width + 20), np.uint8)
        crop[10 : 10 + height, 10 : 10 + width] = 255
        pen = height // 10
        crop[10 + pen : 10 + height - pen, 10 + pen : 10 + width - pen] = 0
        rows, cols = _ink_box(normalize_digit(crop))
        assert rows == 20
        assert cols == pytest.approx(20 / 3, abs=1)


def test_wide_digit_is_scaled_by_its_width():
    crop = np.zeros((40, 200), np.uint8)
    crop[10:30, 20:180] = 255
    rows, cols = _ink_box(normalize_digit(crop))
    assert cols == 20 and rows == pytest.approx(2.5, abs=1)


def test_dark_ink_on_light_gives_the_same_digit():
    light = stroke_digit(7, (140, 100))
    np.testing.assert_array_equal(normalize_digit(255 - light), normalize_digit(light))
    np.testing.assert_array_equal(normalize_digit(255 - light, ink="dark"), normalize_digit(light))


def test_colour_crop_is_accepted():
    light = stroke_digit(4)
    bgr = np.dstack([255 - light] * 3)
    np.testing.assert_array_equal(normalize_digit(bgr), normalize_digit(light))


def test_grey_ink_on_grey_paper_is_stretched_to_white_on_black():
    rng = np.random.default_rng(0)
    paper = rng.normal(90, 6, (80, 80)).clip(0, 255).astype(np.uint8)
    paper[10:70, 37:44] = 170
    stretched = stretch_contrast(paper)
    assert np.median(stretched[:, :20]) == 0
    assert stretched[40, 40] == 255


def test_crop_without_ink_gives_an_empty_digit():
    assert not normalize_digit(np.full((30, 30), 128, np.uint8)).any()


def test_bad_crop_is_a_value_error():
    with pytest.raises(ValueError, match="uint8"):
        normalize_digit(np.zeros((30, 30), np.float64))
