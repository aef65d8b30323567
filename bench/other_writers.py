"""Digits by writers the model never trained on, as users make them.

Three looks, each a picture ``Recognizer.read`` reads like any other:

* ``pad``: pendigits writers 26-30 (held out of all training) drawn on the app's 280x280
  pad: light ink on black with the pad's round brush.
* ``usps``: USPS-style scans: the digit written with a broad pen, fitted to a 16x16 box
  as the USPS set is made, grey levels and scanner noise, dark on light paper, shown 4-8x
  enlarged with a small paper margin.
* ``paint``: drawn with a mouse in a paint program: black on a white canvas, the pen
  path sampled at mouse-event spacing and snapped to whole pixels, drawn without
  anti-aliasing by a 1-8 px pencil or brush.

The writers are the held-out pendigits writers and this project's stroke templates
(``bench.drawn_digits.template_paths``), so no look is made from training writers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from bench.drawn_digits import BRUSH_RADIUS, HEIGHT_RANGE, PAD_SIZE, template_paths
from realtime.training.pendigits import HELD_OUT_WRITERS, PenDigit
from realtime.training.strokes import render_strokes

LOOKS = ("pad", "usps", "paint")
USPS_SIDE = 16


@dataclass(frozen=True)
class WrittenDigit:
    """One picture with one digit: the picture, its label, its look and its writer."""

    image: np.ndarray
    label: int
    look: str
    writer: str


def held_out(digits: Sequence[PenDigit]) -> list[PenDigit]:
    """The digits of the writers no model is trained on."""
    return [d for d in digits if d.writer in HELD_OUT_WRITERS]


def _paste(canvas: np.ndarray, ink: np.ndarray, rng: np.random.Generator) -> None:
    """Puts float ink (0..1) anywhere on a uint8 light-on-dark canvas, fully inside."""
    h, w = ink.shape
    top = int(rng.integers(0, max(1, canvas.shape[0] - h)))
    left = int(rng.integers(0, max(1, canvas.shape[1] - w)))
    region = canvas[top : top + h, left : left + w]
    np.maximum(region, np.round(ink[: region.shape[0], : region.shape[1]] * 255).astype(np.uint8),
               out=region)


def pad_picture(strokes: Sequence[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """The strokes drawn on a 280x280 pad as the app draws them (light on black)."""
    radius = int(rng.integers(BRUSH_RADIUS - 1, BRUSH_RADIUS + 2))
    height = rng.uniform(*HEIGHT_RANGE) * PAD_SIZE
    ink = render_strokes(strokes, height=height, pen_width=2 * radius, rng=rng,
                         slant=rng.uniform(-0.2, 0.2), jitter=0.01)
    pad = np.zeros((PAD_SIZE, PAD_SIZE), np.uint8)
    _paste(pad, ink, rng)
    return pad


def usps_picture(strokes: Sequence[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """A USPS-style scan: fitted to 16x16, grey, noisy, enlarged, dark on paper."""
    ink = render_strokes(strokes, height=96, pen_width=rng.uniform(10, 18), rng=rng,
                         jitter=0.01, margin=0)
    scale = USPS_SIDE / max(ink.shape)
    fitted = cv2.resize(ink, (max(1, round(ink.shape[1] * scale)),
                              max(1, round(ink.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    box = np.zeros((USPS_SIDE, USPS_SIDE), np.float32)
    top, left = (USPS_SIDE - fitted.shape[0]) // 2, (USPS_SIDE - fitted.shape[1]) // 2
    box[top : top + fitted.shape[0], left : left + fitted.shape[1]] = fitted
    margin = int(rng.integers(2, 4))
    box = cv2.copyMakeBorder(box, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
    paper, ink_level = rng.uniform(200, 245), rng.uniform(10, 70)
    grey = paper - box * (paper - ink_level) + rng.normal(0, rng.uniform(2, 8), box.shape)
    scale = int(rng.integers(4, 9))
    big = cv2.resize(np.clip(grey, 0, 255).astype(np.uint8), None, fx=scale, fy=scale,
                     interpolation=cv2.INTER_LINEAR)
    return big


def paint_picture(strokes: Sequence[np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Drawn with a mouse in a paint program: hard-edged pixels on a white canvas."""
    canvas = np.full((300, 400), 255, np.uint8)
    height = rng.uniform(60, 220)
    points = np.vstack([np.asarray(s, np.float64) for s in strokes])
    low, span = points.min(axis=0), np.ptp(points, axis=0)
    scale = height / max(span[1], 0.25 * span[0], 1e-9)
    size = span * scale
    origin = np.array([rng.uniform(10, max(11, 390 - size[0])),
                       rng.uniform(10, max(11, 290 - size[1]))])
    thickness = int(rng.choice([1, 2, 3, 5, 8]))
    step = rng.uniform(4, 14)  # pixels the mouse moves between two events
    for stroke in strokes:
        path = (np.asarray(stroke, np.float64) - low) * scale + origin
        lengths = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(path, axis=0),
                                                                  axis=1))])
        at = np.arange(0.0, lengths[-1] + step, step).clip(max=lengths[-1])
        sampled = np.column_stack([np.interp(at, lengths, path[:, k]) for k in range(2)])
        sampled += rng.integers(-1, 2, sampled.shape)  # a hand on a mouse
        cv2.polylines(canvas, [np.round(sampled).astype(np.int32).reshape(-1, 1, 2)], False,
                      0, thickness, cv2.LINE_8)
    return canvas


DRAW = {"pad": pad_picture, "usps": usps_picture, "paint": paint_picture}


def written_set(look: str, pen_digits: Sequence[PenDigit], count: int, seed: int,
                ) -> list[WrittenDigit]:
    """``count`` pictures of one look: half held-out pendigits writers, half templates."""
    rng = np.random.default_rng(seed)
    writers = held_out(pen_digits)
    picks = rng.choice(len(writers), count - count // 2, replace=False)
    out = []
    for i in picks:
        digit = writers[i]
        out.append(WrittenDigit(DRAW[look](digit.strokes, rng), digit.label, look,
                                f"pendigits {digit.writer}"))
    for k in range(count // 2):
        label = k % 10
        out.append(WrittenDigit(DRAW[look](template_paths(label, rng), rng), label, look,
                                "template"))
    return out
