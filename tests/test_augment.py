"""Augmentation keeps digits in MNIST's format while changing how they are drawn."""

from __future__ import annotations

import numpy as np

from realtime.training.augment import AugmentConfig, augment_batch
from realtime.vision.normalize import centre_of_mass, normalize_digit
from tests.helpers import stroke_digit


def _digits() -> np.ndarray:
    return np.stack([normalize_digit(stroke_digit(k)) for k in range(10)])


def test_same_seed_same_batch_and_format_kept():
    digits = _digits()
    first = augment_batch(digits, np.random.default_rng(3))
    second = augment_batch(digits, np.random.default_rng(3))
    np.testing.assert_array_equal(first, second)
    assert first.shape == digits.shape and first.dtype == np.uint8
    assert not np.array_equal(first, digits)


def test_augmented_digits_stay_centred_and_visible():
    config = AugmentConfig(probability=1.0, shift_px=0.0)
    out = augment_batch(np.repeat(_digits(), 5, axis=0), np.random.default_rng(0), config)
    for digit in out:
        assert digit.max() > 128
        row, col = centre_of_mass(digit)
        assert abs(row - 14) <= 1 and abs(col - 14) <= 1
        rows, cols = np.nonzero(digit >= 64)
        assert max(np.ptp(rows), np.ptp(cols)) + 1 in (19, 20, 21)


def test_probability_zero_changes_nothing():
    digits = _digits()
    out = augment_batch(digits, np.random.default_rng(0), AugmentConfig(probability=0.0))
    np.testing.assert_array_equal(out, digits)
