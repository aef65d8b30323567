"""The second look at digits the model is unsure of: which digits get it, what it averages,
and that it reads more real MNIST test digits right than one look."""

from __future__ import annotations

import numpy as np

from realtime import Recognizer
from realtime.model.second_look import SECOND_LOOK_BELOW, SECOND_LOOK_TURNS, second_look, turned


class Recorder:
    """A stand-in model: answers a fixed row for every digit and records what it was asked."""

    def __init__(self, answer: np.ndarray) -> None:
        self.answer, self.calls = answer, []

    def __call__(self, digits: np.ndarray) -> np.ndarray:
        self.calls.append(digits.copy())
        return np.tile(self.answer, (len(digits), 1))


def one_hot_ish(digit: int, sure: float) -> np.ndarray:
    row = np.full(10, (1 - sure) / 9, np.float32)
    row[digit] = sure
    return row


def bars(count: int) -> np.ndarray:
    """Vertical bars, each in its own column, white on black."""
    digits = np.zeros((count, 28, 28), np.uint8)
    for i in range(count):
        digits[i, 4:24, 10 + i : 13 + i] = 255
    return digits


def test_sure_digits_are_not_looked_at_again():
    probs = np.stack([one_hot_ish(3, 0.95), one_hot_ish(7, SECOND_LOOK_BELOW)])
    model = Recorder(one_hot_ish(1, 1.0))
    assert second_look(bars(2), probs, model) is probs
    assert model.calls == []


def test_unsure_digits_average_the_upright_and_turned_readings():
    probs = np.stack([one_hot_ish(3, 0.95), one_hot_ish(5, 0.3), one_hot_ish(7, 0.99),
                      one_hot_ish(2, 0.7), one_hot_ish(6, 0.9)])
    digits = bars(5)
    model = Recorder(one_hot_ish(8, 0.7))
    result = second_look(digits, probs, model)
    # one call of the model, with only the two unsure digits, once per turn
    assert len(model.calls) == 1
    asked = model.calls[0]
    assert len(asked) == 2 * len(SECOND_LOOK_TURNS)
    np.testing.assert_array_equal(asked[0], turned(digits[[1]], SECOND_LOOK_TURNS[0])[0])
    np.testing.assert_array_equal(asked[-1], turned(digits[[3]], SECOND_LOOK_TURNS[-1])[0])
    np.testing.assert_array_equal(result[[0, 2, 4]], probs[[0, 2, 4]])
    turns = len(SECOND_LOOK_TURNS)
    for row in (1, 3):
        expected = (probs[row] + turns * one_hot_ish(8, 0.7)) / (turns + 1)
        np.testing.assert_allclose(result[row], expected, rtol=1e-6)
    np.testing.assert_allclose(result.sum(axis=1), 1, atol=1e-5)
    assert probs[1, 5] == np.float32(0.3)  # the first look is left as it was


def test_turned_tilts_a_bar_about_the_centre_and_keeps_its_ink():
    bar = bars(1)
    for degrees in (-8.0, 8.0):
        tilted = turned(bar, degrees)[0]
        assert tilted.shape == (28, 28) and tilted.dtype == np.uint8
        columns = np.arange(28)
        top = (tilted[4:10] * columns).sum() / tilted[4:10].sum()
        bottom = (tilted[18:24] * columns).sum() / tilted[18:24].sum()
        # OpenCV turns anticlockwise for positive angles: the top leans left
        assert (top - bottom) * np.sign(degrees) < -1.0
        assert abs(int(tilted.sum()) - int(bar.sum())) < 0.1 * bar.sum()
    assert turned(bar[:0], 8.0).shape == (0, 28, 28)


def test_the_second_look_reads_more_mnist_test_digits_right(mnist):
    # the shipped model alone against the app's reading, on all 10,000 test digits
    recognizer = Recognizer()
    right = {}
    for look in (False, True):
        labels = np.concatenate([recognizer.classify(mnist.x_test[i : i + 2000],
                                                     second_look=look)[0]
                                 for i in range(0, 10000, 2000)])
        right[look] = int(np.sum(labels == mnist.y_test))
    assert right[True] > right[False]
