"""A second look at the digits the model is unsure of.

A digit whose best probability is under ``SECOND_LOOK_BELOW`` is read again turned a little
each way (``SECOND_LOOK_TURNS``), and its probabilities become the mean of the three
readings. One MNIST test digit in a hundred gets one (tracked camera frames leave it to
their tracker, see ``camera.pipeline``). On the MNIST test set it reads digits_v5 at 99.62%
where one look reads 99.59%, digits_v7 at 99.60% against 99.49%, and six other trained
models from 0.01 points worse to 0.13 points better; the other writers' digits and the
non-digit marks of ``bench/accuracy.py`` stay within a digit or two of one look
(README.md, "Benchmarks").
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

#: Digits whose best probability is under this get a second look.
SECOND_LOOK_BELOW = 0.8
#: The turns (degrees, anticlockwise) a second look reads the digit at, besides upright.
SECOND_LOOK_TURNS = (-8.0, 8.0)

#: A model as a function from uint8 (N, 28, 28) digits to float32 (N, 10) probabilities.
Predict = Callable[[np.ndarray], np.ndarray]


def turned(digits: np.ndarray, degrees: float) -> np.ndarray:
    """Each uint8 (N, H, W) digit turned about its picture's centre, same size."""
    if len(digits) == 0:
        return digits.copy()
    height, width = digits.shape[1:]
    matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), degrees, 1.0)
    return np.stack([cv2.warpAffine(d, matrix, (width, height), flags=cv2.INTER_LINEAR)
                     for d in digits])


def second_look(digits: np.ndarray, probs: np.ndarray, predict: Predict,
                below: float = SECOND_LOOK_BELOW,
                turns: tuple[float, ...] = SECOND_LOOK_TURNS) -> np.ndarray:
    """The probabilities after a second look at the digits read less surely than ``below``.

    Args:
        digits: uint8 (N, 28, 28), the digits ``probs`` were read from.
        probs: float32 (N, 10), the first look.
        predict: the model; called once, with only the unsure digits, turned.

    Returns:
        A copy of ``probs`` whose unsure rows are the mean of the upright and turned
        readings (``probs`` itself when no digit is unsure).
    """
    unsure = np.flatnonzero(probs.max(axis=1) < below)
    if len(unsure) == 0 or not turns:
        return probs
    looked = predict(np.concatenate([turned(digits[unsure], t) for t in turns]))
    looked = looked.reshape(len(turns), len(unsure), probs.shape[1])
    result = probs.copy()
    result[unsure] = (probs[unsure] + looked.sum(axis=0)) / (len(turns) + 1)
    return result
