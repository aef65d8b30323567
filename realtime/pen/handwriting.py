"""Handwritten digits as pen paths: stroke templates written for this project, one or more
styles per digit (open and closed 4, 1 with and without a flag, 7 with and without a bar,
...), drawn with random shape jitter, slant, rotation, aspect and hand wobble.

Pure numpy/OpenCV: the demo source writes its sheet with them, and the benchmarks draw
their "template" writer with them. Paths are float (N, 2) arrays of (x, y) points.
"""

from __future__ import annotations

import cv2
import numpy as np

PAD_SIZE = 280

Box = tuple[int, int, int, int]
Stroke = list[tuple[float, float]]  # points (x, y) in a unit box, y down

_CIRCLE = [(0.5 + 0.5 * np.sin(t), 0.5 - 0.5 * np.cos(t))
           for t in np.linspace(-0.15, 2 * np.pi + 0.1, 15)]
#: Each digit's styles, each a list of strokes.
TEMPLATES: dict[int, list[list[Stroke]]] = {
    0: [[_CIRCLE]],
    1: [[[(0.5, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.25), (0.55, 0.0)], [(0.55, 0.0), (0.55, 1.0)]],
        [[(0.15, 0.25), (0.55, 0.0)], [(0.55, 0.0), (0.55, 1.0)], [(0.2, 1.0), (0.9, 1.0)]]],
    2: [[[(0.1, 0.25), (0.35, 0.02), (0.7, 0.03), (0.88, 0.28), (0.7, 0.55), (0.08, 1.0)],
         [(0.08, 1.0), (0.95, 0.98)]],
        [[(0.12, 0.2), (0.45, 0.0), (0.85, 0.2), (0.6, 0.6), (0.1, 1.0), (0.3, 0.85),
          (0.6, 0.95), (0.95, 0.95)]]],
    3: [[[(0.12, 0.12), (0.5, 0.0), (0.85, 0.15), (0.78, 0.38), (0.42, 0.5)],
         [(0.42, 0.5), (0.85, 0.62), (0.88, 0.86), (0.5, 1.0), (0.1, 0.88)]],
        [[(0.1, 0.05), (0.85, 0.05)], [(0.85, 0.05), (0.45, 0.42)],
         [(0.45, 0.42), (0.85, 0.6), (0.85, 0.88), (0.5, 1.0), (0.1, 0.88)]]],
    4: [[[(0.6, 0.0), (0.05, 0.68)], [(0.05, 0.68), (0.95, 0.68)], [(0.7, 0.3), (0.7, 1.0)]],
        [[(0.2, 0.0), (0.12, 0.6)], [(0.12, 0.6), (0.9, 0.6)], [(0.72, 0.0), (0.72, 1.0)]],
        [[(0.72, 0.0), (0.05, 0.7)], [(0.05, 0.7), (0.95, 0.7)], [(0.72, 0.0), (0.72, 1.0)]]],
    5: [[[(0.85, 0.02), (0.25, 0.02)], [(0.25, 0.02), (0.18, 0.45)],
         [(0.18, 0.45), (0.5, 0.36), (0.82, 0.5), (0.86, 0.76), (0.6, 0.98), (0.12, 0.9)]],
        [[(0.25, 0.0), (0.18, 0.45)],
         [(0.18, 0.45), (0.5, 0.36), (0.82, 0.5), (0.86, 0.76), (0.6, 0.98), (0.12, 0.9)],
         [(0.25, 0.0), (0.88, 0.0)]]],
    6: [[[(0.78, 0.0), (0.4, 0.18), (0.17, 0.52), (0.2, 0.86), (0.5, 1.0), (0.8, 0.86),
          (0.78, 0.6), (0.5, 0.48), (0.2, 0.66)]]],
    7: [[[(0.05, 0.0), (0.95, 0.0)], [(0.95, 0.0), (0.4, 1.0)]],
        [[(0.05, 0.0), (0.95, 0.0)], [(0.95, 0.0), (0.4, 1.0)], [(0.45, 0.52), (0.95, 0.52)]],
        [[(0.05, 0.15), (0.05, 0.0)], [(0.05, 0.0), (0.95, 0.0)], [(0.95, 0.0), (0.55, 1.0)]]],
    8: [[[(0.78, 0.12), (0.5, 0.0), (0.22, 0.12), (0.25, 0.36), (0.75, 0.62), (0.82, 0.86),
          (0.5, 1.0), (0.18, 0.86), (0.25, 0.62), (0.75, 0.36), (0.78, 0.12)]],
        [[(0.5 + 0.32 * np.sin(t), 0.23 - 0.23 * np.cos(t)) for t in np.linspace(0, 6.4, 13)],
         [(0.5 + 0.42 * np.sin(t), 0.72 - 0.28 * np.cos(t)) for t in np.linspace(0, 6.4, 13)]]],
    9: [[[(0.82, 0.15), (0.5, 0.0), (0.18, 0.18), (0.25, 0.45), (0.6, 0.48), (0.82, 0.3)],
         [(0.82, 0.1), (0.8, 1.0)]],
        [[(0.82, 0.25), (0.5, 0.0), (0.18, 0.2), (0.3, 0.48), (0.65, 0.45), (0.82, 0.25),
          (0.72, 0.75), (0.45, 1.0)]]],
}
#: Width over height of each digit as written (1 is narrow, 0 and 4 are wide).
ASPECT = {0: 0.75, 1: 0.5, 2: 0.68, 3: 0.62, 4: 0.72, 5: 0.62, 6: 0.62, 7: 0.62, 8: 0.62, 9: 0.6}


def _catmull_rom(points: np.ndarray, samples: int = 12) -> np.ndarray:
    """A smooth curve through the points (the pen's path between control points)."""
    if len(points) < 3:
        return np.array([points[0] + (points[-1] - points[0]) * t
                         for t in np.linspace(0, 1, samples)])
    padded = np.vstack([2 * points[0] - points[1], points, 2 * points[-1] - points[-2]])
    curve = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1 : i + 3]
        for t in np.linspace(0, 1, samples, endpoint=False):
            curve.append(0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                                + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    curve.append(points[-1])
    return np.array(curve)


def template_paths(label: int, rng: np.random.Generator, style: int | None = None,
                   slant: float | None = None) -> list[np.ndarray]:
    """One random rendition of a digit's template: smooth strokes in a unit-height frame.

    ``style`` picks one of the digit's styles (default: random); ``slant`` is the
    horizontal shear (tan of the slant angle; default: random within +-0.3).
    """
    styles = TEMPLATES[label]
    strokes = styles[rng.integers(len(styles)) if style is None else style]
    aspect = ASPECT[label] * np.exp(rng.normal(0, 0.12))
    slant = rng.uniform(-0.3, 0.3) if slant is None else slant + rng.normal(0, 0.04)
    angle = np.deg2rad(rng.uniform(-8, 8))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    jitter = 0.035
    paths = []
    for stroke in strokes:
        points = np.array(stroke, np.float64) + rng.normal(0, jitter, (len(stroke), 2))
        curve = _catmull_rom(points)
        curve[:, 0] = (curve[:, 0] - 0.5) * aspect + slant * (0.5 - curve[:, 1])
        curve[:, 1] -= 0.5
        paths.append(curve @ rotation.T)
    return paths


def wobble(points: np.ndarray, rng: np.random.Generator, amplitude: float) -> np.ndarray:
    """Displaces points by a smooth random field: a hand is never perfectly steady."""
    freq = rng.uniform(0.5, 2.0, (2, 2)) * 2 * np.pi
    phase = rng.uniform(0, 2 * np.pi, (2, 2))
    dx = amplitude * np.sin(freq[0, 0] * points[:, 1] + phase[0, 0]) * np.cos(
        freq[0, 1] * points[:, 0] + phase[0, 1])
    dy = amplitude * np.sin(freq[1, 0] * points[:, 0] + phase[1, 0]) * np.cos(
        freq[1, 1] * points[:, 1] + phase[1, 1])
    return points + np.stack([dx, dy], axis=1)


def draw_paths(pad: np.ndarray, paths: list[np.ndarray], radius: int, ink: int = 255) -> None:
    """Draws the paths on ``pad`` (in place) with a round anti-aliased pen of ``radius``."""
    for path in paths:
        pts = np.round(path * 16).astype(np.int32)  # 4 fractional bits for smooth AA lines
        for a, b in zip(pts[:-1], pts[1:], strict=True):
            cv2.line(pad, tuple(int(v) for v in a), tuple(int(v) for v in b), ink, 2 * radius,
                     cv2.LINE_AA, shift=4)


def place(paths: list[np.ndarray], height: float, radius: int, rng: np.random.Generator,
          pad_size: int = PAD_SIZE, region: Box | None = None) -> list[np.ndarray]:
    """Scales paths so the drawn digit (brush included) is ``height`` px tall, then puts it
    at a random spot where it fits inside ``region`` (default: the whole pad)."""
    points = np.vstack(paths)
    low, high = points.min(axis=0), points.max(axis=0)
    span = high - low
    scale = (height - 2 * radius) / max(span[1], 1e-6)
    width = span[0] * scale + 2 * radius
    if width > pad_size - 2:
        scale *= (pad_size - 2 - 2 * radius) / (span[0] * scale)
        width = pad_size - 2
    rx, ry, rw, rh = region or (0, 0, pad_size, pad_size)
    full_height = span[1] * scale + 2 * radius
    left = rx + rng.uniform(0, max(0.0, rw - width)) + radius
    top = ry + rng.uniform(0, max(0.0, rh - full_height)) + radius
    return [(p - low) * scale + np.array([left, top]) for p in paths]
