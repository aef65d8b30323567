"""Pens and their ink: a hairline fine-liner, a blue or black ballpoint, a grainy pencil,
a fat marker; their widths, colours, and how unevenly each one darkens the paper."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bench.photos.picture import Colour

#: Each pen's width: (share of the digit's height, smallest px, (min, max) px).
# A ballpoint or pencil line is 0.3-0.6 mm on digits 5-12 mm tall; a fine-liner's hairline
# is 1-2 px on a 150-300 px digit; a fat marker is 12-20% of the digit's height.
PENS = {
    "fineliner": ((0.005, 0.011), 1.0, (1.0, 2.2)),
    "ballpoint": ((0.03, 0.06), 1.3, (1.3, 14.0)),
    "pencil": ((0.03, 0.065), 1.3, (1.3, 14.0)),
    "marker": ((0.12, 0.20), 3.0, (3.0, 200.0)),
}
#: Each pen's ink colours (BGR reflectance).
INKS = {
    "fineliner": ((0.13, 0.12, 0.12), (0.16, 0.15, 0.17), (0.40, 0.18, 0.10)),
    "ballpoint": ((0.58, 0.26, 0.14), (0.62, 0.32, 0.20), (0.52, 0.22, 0.16),
                  (0.20, 0.19, 0.20), (0.26, 0.24, 0.24)),
    "pencil": ((0.38, 0.37, 0.36), (0.45, 0.44, 0.43), (0.52, 0.50, 0.49)),
    "marker": ((0.10, 0.10, 0.11), (0.42, 0.16, 0.08), (0.16, 0.28, 0.12), (0.12, 0.12, 0.55)),
}


@dataclass(frozen=True)
class Pen:
    """A pen: its kind, its width in px, its ink colour and opacity."""

    kind: str
    width: float
    colour: Colour
    opacity: float


def pick_pen(rng: np.random.Generator, height: float, kinds: tuple[str, ...] = tuple(PENS),
             weights: tuple[float, ...] | None = None) -> Pen:
    """A random pen of one of ``kinds`` for digits about ``height`` px tall."""
    kind = kinds[rng.choice(len(kinds), p=weights)]
    (low, high), smallest, (min_px, max_px) = PENS[kind]
    width = float(np.clip(max(smallest, rng.uniform(low, high) * height), min_px, max_px))
    inks = INKS[kind]
    colour = tuple(float(c) for c in inks[rng.integers(len(inks))])
    opacity = {"pencil": rng.uniform(0.6, 0.9), "ballpoint": rng.uniform(0.8, 1.0)}.get(
        kind, rng.uniform(0.92, 1.0))
    return Pen(kind, width, colour, float(opacity))


def _smooth_field(shape: tuple[int, int], sigma: float, rng: np.random.Generator,
                  ) -> np.ndarray:
    """Gaussian-blurred noise with unit standard deviation (float32)."""
    noise = rng.standard_normal(shape, dtype=np.float32)
    field = cv2.GaussianBlur(noise, (0, 0), max(0.3, sigma))
    return field / max(float(field.std()), 1e-6)


def pen_strength(coverage: np.ndarray, pen: Pen, rng: np.random.Generator) -> np.ndarray:
    """How much each pixel of a digit's ink darkens the paper: coverage, opacity and the
    pen's texture (an uneven ballpoint, a grainy pencil)."""
    if pen.kind == "ballpoint":
        field = _smooth_field(coverage.shape, 1.5 * pen.width, rng)
        texture = np.clip(1 + 0.18 * field, 0.55, 1.0)
    elif pen.kind == "pencil":
        grain = _smooth_field(coverage.shape, 0.6, rng)
        pressure = _smooth_field(coverage.shape, 4 * pen.width, rng)
        texture = np.clip(0.82 + 0.2 * grain + 0.08 * pressure, 0.3, 1.0)
    else:
        texture = np.clip(1 + 0.04 * _smooth_field(coverage.shape, 2.0, rng), 0.85, 1.0)
    return (coverage * pen.opacity * texture).astype(np.float32)
