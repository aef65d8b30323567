"""Who writes: a held-out pendigits writer, MNIST test digits traced into pen paths, or
the stroke templates; each digit's strokes turned and stretched a little, as no writer
writes the same digit twice."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bench.drawn_digits import mnist_strokes, template_paths
from bench.photos.sources import Sources
from realtime.training.pendigits import HELD_OUT_WRITERS

#: Where each digit's strokes come from, and how often a picture's hand is of that kind.
WRITER_KINDS = ("pendigits", "mnist-test", "template")
WRITER_WEIGHTS = (0.45, 0.35, 0.20)
MNIST_SMOOTHING = 1.0  #: MNIST px: smoothing of the pen path traced from a test digit
MNIST_MISSED = 0.03  #: share of an MNIST digit's ink its traced path may miss
MNIST_UPSCALE = 2  #: MNIST digits are thinned at this scale (4 looks no better once smoothed)


@dataclass(frozen=True)
class Hand:
    """Who writes: a kind of writer (and a pendigits writer), a slant, a wobble."""

    source: str
    writer: int
    slant: float
    jitter: float


def pick_hand(rng: np.random.Generator) -> Hand:
    """A random writer for a page."""
    source = WRITER_KINDS[rng.choice(len(WRITER_KINDS), p=WRITER_WEIGHTS)]
    return Hand(source, int(rng.choice(sorted(HELD_OUT_WRITERS))),
                float(rng.normal(0.05, 0.12)), float(rng.uniform(0.0, 0.012)))


def _transform(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A small random rotation and change of aspect: the same writer is never exact."""
    angle = np.deg2rad(rng.normal(0, 3))
    aspect = np.exp(rng.normal(0, 0.07))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return [(s * [aspect, 1.0]) @ rotation.T for s in strokes]


def smooth_path(points: np.ndarray, sigma: float, step: float) -> np.ndarray:
    """The path resampled every ``step`` units along its length and smoothed by a Gaussian
    of ``sigma`` units (its ends stay put): a thinned skeleton's staircase becomes a pen's
    smooth line."""
    lengths = np.linalg.norm(np.diff(points, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    if along[-1] < 2 * step:
        return points
    at = np.linspace(0, along[-1], int(np.ceil(along[-1] / step)) + 1)
    path = np.column_stack([np.interp(at, along, points[:, k]) for k in range(2)])
    radius = int(np.ceil(2.5 * sigma / step))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) * step / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(path, ((radius, radius), (0, 0)), mode="edge")
    smooth = np.column_stack([np.convolve(padded[:, k], kernel, "valid") for k in range(2)])
    smooth[0], smooth[-1] = path[0], path[-1]
    return smooth[::2]


def _traced_well(digit: np.ndarray, strokes: list[np.ndarray]) -> bool:
    """Whether the pen path covers the MNIST digit's ink: thinning breaks a few digits (a
    faint part falls away). The path is drawn as wide as the digit's own strokes."""
    ink = digit > 128
    length = sum(float(np.linalg.norm(np.diff(s, axis=0), axis=1).sum()) for s in strokes)
    if not ink.any() or length < 1:
        return False
    width = max(3.0, 1.6 * ink.sum() / length)
    scale = 4
    canvas = np.zeros((28 * scale, 28 * scale), np.uint8)
    for stroke in strokes:
        points = np.round(stroke * scale * 16).astype(np.int32).reshape(-1, 1, 2)
        cv2.polylines(canvas, [points], False, 255, round(width * scale), cv2.LINE_8, 4)
    covered = cv2.resize(canvas, (28, 28), interpolation=cv2.INTER_AREA) > 0
    return (ink & ~covered).sum() <= MNIST_MISSED * ink.sum()


def digit_strokes(label: int, hand: Hand, rng: np.random.Generator, sources: Sources,
                  ) -> list[np.ndarray]:
    """The pen strokes of one digit ``label`` in ``hand`` (y down, any unit)."""
    if hand.source == "pendigits":
        candidates = sources.pen_digits[(hand.writer, label)]
        return _transform(list(candidates[rng.integers(len(candidates))].strokes), rng)
    if hand.source == "mnist-test":
        indices = sources.mnist_by_label[label]
        for _ in range(10):
            image = sources.mnist_x[indices[rng.integers(len(indices))]]
            strokes = mnist_strokes(image, upscale=MNIST_UPSCALE)
            if strokes and sum(len(s) for s in strokes) >= 3 and _traced_well(image, strokes):
                smooth = [smooth_path(s, MNIST_SMOOTHING, 0.25) for s in strokes]
                return _transform(smooth, rng)
    return template_paths(label, rng)
