"""Training data beyond MNIST: other writers' pen digits and non-digit marks, drawn."""

from __future__ import annotations

import numpy as np
import pytest

from realtime.pen.marks import KINDS, LETTERS, SHAPES, nondigit_strokes
from realtime.training.pendigits import PenDigit
from realtime.training.writers import (
    NOT_A_DIGIT,
    continental,
    nondigit_fields,
    pen_digit_fields,
    soft_targets,
)


def _pen_digit(label: int) -> PenDigit:
    """A hand-made pen digit: a 1 is one upright stroke, a 7 a bar and a diagonal."""
    strokes = {1: (np.array([[5.0, 0.0], [4.0, 100.0]]),),
               7: (np.array([[0.0, 0.0], [60.0, 0.0], [25.0, 100.0]]),)}[label]
    return PenDigit(label=label, writer=1, strokes=strokes)


def test_pen_digits_render_the_same_for_a_seed_and_differently_for_another():
    digits = [_pen_digit(1), _pen_digit(7)]
    first, labels = pen_digit_fields(digits, variants=3, seed=4)
    again, _ = pen_digit_fields(digits, variants=3, seed=4)
    other, _ = pen_digit_fields(digits, variants=3, seed=5)
    assert first.shape == (6, 28, 28) and first.dtype == np.uint8
    assert labels.tolist() == [1, 1, 1, 7, 7, 7]
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert all(image.max() > 200 for image in first)  # every one holds ink


def test_continental_strokes_flag_and_base_a_1_and_cross_a_7():
    rng = np.random.default_rng(0)
    one = continental(1, _pen_digit(1).strokes, rng)
    assert len(one) in (2, 3)
    flag = one[0]
    assert flag[0, 0] < flag[1, 0] and flag[0, 1] > flag[1, 1]  # from lower left up to the top
    seven = continental(7, _pen_digit(7).strokes, rng)
    bar = seven[-1]
    assert len(seven) == 2 and bar[0, 1] == bar[1, 1] and 45 <= bar[0, 1] <= 60
    assert len(continental(3, _pen_digit(7).strokes, rng)) == 1  # other digits unchanged


def test_soft_targets_are_one_hot_for_digits_and_even_for_marks():
    targets = soft_targets(np.array([3, NOT_A_DIGIT, 0]))
    assert targets.shape == (3, 10) and np.allclose(targets.sum(axis=1), 1)
    assert targets[0, 3] == 1 and targets[2, 0] == 1
    assert np.allclose(targets[1], 0.1)


@pytest.mark.parametrize("kind", KINDS)
def test_every_mark_kind_draws_ink(kind):
    name, strokes = nondigit_strokes(np.random.default_rng(1), kind, half_erased_p=0)
    assert name == kind and strokes and all(s.ndim == 2 and s.shape[1] == 2 for s in strokes)


def test_marks_are_deterministic_and_half_erased_pieces_are_not_one_straight_line():
    assert np.array_equal(nondigit_fields(20, seed=3), nondigit_fields(20, seed=3))
    rng = np.random.default_rng(0)
    for _ in range(300):
        name, strokes = nondigit_strokes(rng, half_erased_p=1.0)
        if name.endswith("(half erased)"):
            span = np.ptp(np.vstack(strokes), axis=0)
            assert span.min() >= 0.35 * span.max() - 1e-9, name


def test_mark_letters_leave_out_the_ones_that_look_like_digits():
    assert not set(LETTERS) & set("OoIlZzSsBbGgqe")
    assert "circle" not in SHAPES
