"""Drawing pen strokes with a round pen: smooth, anti-aliased, with a random hand.

The strokes of a pen digit (``realtime.training.pendigits``) or of a non-digit mark
(``realtime.pen.marks``) become an ink image at any size and pen width, slanted and
wobbling as a hand would; ``realtime.training.writers`` normalises it for training.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

SUPERSAMPLE = 4  #: strokes are drawn this many times finer, then averaged down
SAMPLE_SPACING = 0.75  #: px between points of the smoothed pen path, in output pixels
CHUNK = 6  #: points of a path drawn at one width when the width varies along it


def _catmull_rom(points: np.ndarray, spacing: float) -> np.ndarray:
    """A smooth curve through the points, sampled about every ``spacing`` units."""
    keep = np.ones(len(points), bool)
    keep[1:] = np.any(np.diff(points, axis=0) != 0, axis=1)
    points = points[keep]
    if len(points) < 2:
        return points
    padded = np.vstack([2 * points[0] - points[1], points, 2 * points[-1] - points[-2]])
    lengths = np.linalg.norm(np.diff(points, axis=0), axis=1)
    counts = np.maximum(1, np.ceil(lengths / spacing)).astype(int)
    index = np.repeat(np.arange(len(counts)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    t = ((np.arange(counts.sum()) - starts) / np.repeat(counts, counts))[:, None]
    p0, p1, p2, p3 = (padded[index + k] for k in range(4))
    curve = 0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                   + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3)
    return np.vstack([curve, points[-1:]])


def _smooth_noise(positions: np.ndarray, rng: np.random.Generator, scale: float,
                  ) -> np.ndarray:
    """A smooth random function of ``positions`` (N, 2), about -1..1, varying over ``scale``."""
    freq = rng.uniform(0.5, 1.5, (3, 2)) * rng.choice([-1, 1], (3, 2)) * 2 * np.pi / scale
    phase = rng.uniform(0, 2 * np.pi, 3)
    waves = np.sin(positions @ freq.T + phase)
    return waves.mean(axis=1) * np.sqrt(2)


def render_strokes(strokes: Sequence[np.ndarray], *, height: float, pen_width: float,
                   slant: float = 0.0, rng: np.random.Generator | None = None,
                   jitter: float = 0.0, width_jitter: float = 0.0, margin: int = 2,
                   ) -> np.ndarray:
    """Draws pen strokes with a round pen: float32 ink opacity 0..1, anti-aliased.

    Args:
        strokes: (N, 2) arrays of (x, y) points, y down, in any unit; the pen follows a
            smooth (Catmull-Rom) curve through them.
        height: the height of the ink, pen included, in output pixels (about: the
            smooth curve may pass a little outside the points).
        pen_width: the pen's diameter in output pixels.
        slant: horizontal shear, tan of the slant angle (positive leans right).
        rng: randomness for ``jitter`` and ``width_jitter``; None draws as with seed 0.
        jitter: hand wobble, a smooth displacement of up to this share of ``height``.
        width_jitter: the pen's width varies smoothly along the strokes by up to this share.
        margin: blank pixels around the ink on every side.

    Returns:
        The ink image, ``margin`` px around the ink; the same inputs give the same image.
    """
    if height <= 0 or pen_width <= 0:
        raise ValueError(f"height and pen_width must be positive, not {height}, {pen_width}")
    strokes = [np.asarray(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if not strokes:
        raise ValueError("no strokes to draw")
    rng = rng if rng is not None else np.random.default_rng(0)
    points = np.vstack(strokes)
    middle = (points[:, 1].min() + points[:, 1].max()) / 2
    sheared = [np.column_stack([s[:, 0] + slant * (middle - s[:, 1]), s[:, 1]]) for s in strokes]
    points = np.vstack(sheared)
    low, span = points.min(axis=0), np.ptp(points, axis=0)
    scale = max(height - pen_width, 0.5) / max(span[1], 0.25 * span[0], 1e-9)
    paths = [(s - low) * scale for s in sheared]
    if jitter > 0:
        paths = [p + jitter * height * np.column_stack(
            [_smooth_noise(p, rng, height), _smooth_noise(p, rng, height)]) for p in paths]
    curves = [_catmull_rom(p, SAMPLE_SPACING) for p in paths]
    low = np.vstack(curves).min(axis=0)
    offset = margin + pen_width / 2 - low
    extent = np.vstack(curves).max(axis=0) + offset + pen_width / 2 + margin
    size = np.ceil(extent).astype(int)
    canvas = np.zeros((size[1] * SUPERSAMPLE, size[0] * SUPERSAMPLE), np.uint8)
    width_noise = np.random.default_rng(rng.integers(1 << 31))
    for curve in curves:
        _draw_curve(canvas, (curve + offset) * SUPERSAMPLE, pen_width * SUPERSAMPLE,
                    width_jitter, width_noise, height * SUPERSAMPLE)
    ink = cv2.resize(canvas, (size[0], size[1]), interpolation=cv2.INTER_AREA)
    return ink.astype(np.float32) / 255


def _draw_curve(canvas: np.ndarray, curve: np.ndarray, width: float, width_jitter: float,
                rng: np.random.Generator, height: float) -> None:
    """Draws one smooth pen path (in canvas pixels) with a round pen of about ``width``."""
    shift = 4  # fractional bits of the coordinates
    fixed = np.round(curve * (1 << shift)).astype(np.int32)
    if width_jitter <= 0:
        thickness = max(1, round(width))
        cv2.polylines(canvas, [fixed.reshape(-1, 1, 2)], False, 255, thickness, cv2.LINE_AA,
                      shift)
        for end in (fixed[0], fixed[-1]):  # round pen tips
            cv2.circle(canvas, (int(end[0]), int(end[1])), max(1, round(width / 2)) << shift,
                       255, -1, cv2.LINE_AA, shift)
        return
    widths = width * (1 + width_jitter * _smooth_noise(curve, rng, 0.3 * height))
    starts = range(0, max(1, len(fixed) - 1), CHUNK)  # a few points share a width
    chunk_widths = np.add.reduceat(widths, list(starts)) / np.diff([*starts, len(widths)])
    for start, chunk_width in zip(starts, chunk_widths, strict=True):
        piece = fixed[start:start + CHUNK + 1]
        thickness = max(1, round(float(chunk_width)))
        cv2.polylines(canvas, [piece.reshape(-1, 1, 2)], False, 255, thickness, cv2.LINE_AA,
                      shift)
        for end in (piece[0], piece[-1]):
            cv2.circle(canvas, (int(end[0]), int(end[1])), max(1, thickness // 2) << shift, 255,
                       -1, cv2.LINE_AA, shift)
