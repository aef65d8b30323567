"""Training digits from other writers' pen strokes, and non-digit marks, as the app sees them.

Each pen trajectory (pendigits) or mark (``realtime.pen.marks``) is drawn with a round pen at a
random size, pen width (hairline to marker), slant and hand wobble, and normalised to
28x28 with the app's own ``normalize_ink``. Some 1s and 7s get the continental strokes
MNIST rarely shows: a 1 with a long flag and a base, a crossed 7.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from realtime.config import DIGIT_SIZE
from realtime.pen.marks import nondigit_strokes
from realtime.training.pendigits import PenDigit
from realtime.training.strokes import render_strokes
from realtime.vision.normalize import normalize_ink

#: Label of a non-digit mark in training arrays: its target is 1/10 on every digit.
NOT_A_DIGIT = -1


@dataclass(frozen=True)
class PenStyle:
    """Ranges of the random pen and hand (log-uniform for the sizes)."""

    height_px: tuple[float, float] = (24.0, 120.0)  #: the ink's height
    pen_share: tuple[float, float] = (0.015, 0.2)  #: pen width over height: hairline..marker
    slant: float = 0.35  #: +- tan of the slant angle
    jitter: float = 0.04  #: hand wobble, share of the height
    width_jitter: tuple[float, float] = (0.0, 0.4)  #: pen pressure varying along strokes
    continental_p: float = 0.35  #: share of 1s and 7s written the continental way


def _log_uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(np.exp(rng.uniform(np.log(bounds[0]), np.log(bounds[1]))))


def continental(label: int, strokes: Sequence[np.ndarray], rng: np.random.Generator,
                ) -> list[np.ndarray]:
    """Adds a long flag (and often a base) to a 1, a bar across a 7; others unchanged."""
    strokes = [np.asarray(s, np.float64) for s in strokes]
    points = np.vstack(strokes)
    height = float(np.ptp(points[:, 1])) or 1.0
    if label == 1:
        top = points[np.argmin(points[:, 1])]
        flag_end = top + height * np.array([-rng.uniform(0.25, 0.45), rng.uniform(0.2, 0.4)])
        strokes.insert(0, np.vstack([flag_end, top]))
        if rng.random() < 0.6:
            bottom = points[np.argmax(points[:, 1])]
            half = height * rng.uniform(0.18, 0.3)
            strokes.append(np.array([[bottom[0] - half, bottom[1]], [bottom[0] + half, bottom[1]]]))
    elif label == 7:
        middle = points[:, 1].min() + height * rng.uniform(0.45, 0.6)
        near = points[np.argmin(np.abs(points[:, 1] - middle))]
        half = height * rng.uniform(0.15, 0.25)
        strokes.append(np.array([[near[0] - half, middle], [near[0] + half, middle]]))
    return strokes


def render_field(strokes: Sequence[np.ndarray], rng: np.random.Generator,
                 style: PenStyle = PenStyle()) -> np.ndarray:
    """Draws strokes with a random pen and hand and normalises them: uint8 (28, 28)."""
    height = _log_uniform(rng, style.height_px)
    pen = max(1.0, height * _log_uniform(rng, style.pen_share))
    ink = render_strokes(strokes, height=height, pen_width=pen,
                         slant=rng.uniform(-style.slant, style.slant), rng=rng,
                         jitter=rng.uniform(0, style.jitter),
                         width_jitter=rng.uniform(*style.width_jitter))
    return normalize_ink(np.round(ink * 255).astype(np.uint8))


def pen_digit_fields(digits: Sequence[PenDigit], variants: int, seed: int,
                     style: PenStyle = PenStyle()) -> tuple[np.ndarray, np.ndarray]:
    """Every pen digit drawn ``variants`` times: uint8 (N, 28, 28) images and labels."""
    rng = np.random.default_rng(seed)
    images, labels = [], []
    for digit in digits:
        for _ in range(variants):
            strokes = list(digit.strokes)
            if digit.label in (1, 7) and rng.random() < style.continental_p:
                strokes = continental(digit.label, strokes, rng)
            images.append(render_field(strokes, rng, style))
            labels.append(digit.label)
    return _stacked(images), np.array(labels, np.int64)


def nondigit_fields(count: int, seed: int, style: PenStyle = PenStyle()) -> np.ndarray:
    """``count`` random non-digit marks (``realtime.pen.marks``), drawn: uint8 (N, 28, 28)."""
    rng = np.random.default_rng(seed)
    return _stacked([render_field(nondigit_strokes(rng)[1], rng, style) for _ in range(count)])


def _stacked(images: list[np.ndarray]) -> np.ndarray:
    if not images:
        return np.zeros((0, DIGIT_SIZE, DIGIT_SIZE), np.uint8)
    return np.stack(images)


def soft_targets(labels: np.ndarray, classes: int = 10) -> np.ndarray:
    """Training targets: one-hot for a digit, 1/``classes`` everywhere for NOT_A_DIGIT."""
    labels = np.asarray(labels)
    targets = np.full((len(labels), classes), 1.0 / classes, np.float32)
    digits = labels != NOT_A_DIGIT
    targets[digits] = 0.0
    targets[np.flatnonzero(digits), labels[digits]] = 1.0
    return targets
