"""Marks that are not digits, drawn as pen strokes: what the model learns to be unsure of.

Letters that resemble no digit, shapes, symbols, scribbles, crossings-out and half-erased
strokes, each written with random shape jitter. Training shows them with a target of
equal probability on every digit ("outlier exposure"), so the model's top probability
on such a mark is low and the reader shows "?".

Strokes are lists of (x, y) points in a unit box, y down, drawn by
``realtime.training.strokes.render_strokes`` like the pen-written digits.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Strokes = list[np.ndarray]
#: A half-erased piece must be at least this wide for its height (or tall for its width).
MIN_PIECE_SPAN = 0.35
#: Marks whose pieces stay unlike digits (half a square or an F is a 7, half an L a 1).
HALF_ERASABLE = frozenset("AMNWXKYH#*&mwkx")
#: Straight pieces of a mark get a point this often (unit box), keeping corners sharp.
DENSE_SPACING = 0.08


def _s(*points: tuple[float, float]) -> np.ndarray:
    return np.array(points, np.float64)


#: Letters and symbols whose shapes resemble no digit (no O, I, l, Z, S, B, G, b, g, q, e;
#: no polygons with many sides, which are drawn 0s).
LETTERS: dict[str, Strokes] = {
    "A": [_s((0.0, 1.0), (0.5, 0.0), (1.0, 1.0)), _s((0.22, 0.6), (0.78, 0.6))],
    "E": [_s((0.9, 0.0), (0.1, 0.0), (0.1, 1.0), (0.9, 1.0)), _s((0.1, 0.5), (0.7, 0.5))],
    "F": [_s((0.9, 0.0), (0.1, 0.0), (0.1, 1.0)), _s((0.1, 0.5), (0.7, 0.5))],
    "H": [_s((0.1, 0.0), (0.1, 1.0)), _s((0.9, 0.0), (0.9, 1.0)), _s((0.1, 0.5), (0.9, 0.5))],
    "K": [_s((0.1, 0.0), (0.1, 1.0)), _s((0.85, 0.0), (0.1, 0.55), (0.9, 1.0))],
    "M": [_s((0.0, 1.0), (0.08, 0.0), (0.5, 0.7), (0.92, 0.0), (1.0, 1.0))],
    "N": [_s((0.1, 1.0), (0.1, 0.0), (0.9, 1.0), (0.9, 0.0))],
    "W": [_s((0.0, 0.0), (0.25, 1.0), (0.5, 0.3), (0.75, 1.0), (1.0, 0.0))],
    "X": [_s((0.0, 0.0), (1.0, 1.0)), _s((1.0, 0.0), (0.0, 1.0))],
    "Y": [_s((0.0, 0.0), (0.5, 0.5), (1.0, 0.0)), _s((0.5, 0.5), (0.5, 1.0))],
    "R": [_s((0.1, 1.0), (0.1, 0.0), (0.6, 0.0), (0.85, 0.15), (0.85, 0.35), (0.6, 0.5),
             (0.1, 0.5)), _s((0.45, 0.5), (0.9, 1.0))],
    "P": [_s((0.1, 1.0), (0.1, 0.0), (0.6, 0.0), (0.88, 0.15), (0.88, 0.38), (0.6, 0.52),
             (0.1, 0.52))],
    "L": [_s((0.15, 0.0), (0.15, 1.0), (0.9, 1.0))],
    "V": [_s((0.0, 0.0), (0.5, 1.0), (1.0, 0.0))],
    "k": [_s((0.15, 0.0), (0.15, 1.0)), _s((0.8, 0.4), (0.15, 0.72), (0.85, 1.0))],
    "m": [_s((0.05, 1.0), (0.05, 0.4)), _s((0.05, 0.55), (0.28, 0.4), (0.5, 0.55), (0.5, 1.0)),
          _s((0.5, 0.55), (0.72, 0.4), (0.95, 0.55), (0.95, 1.0))],
    "w": [_s((0.0, 0.4), (0.25, 1.0), (0.5, 0.55), (0.75, 1.0), (1.0, 0.4))],
    "x": [_s((0.1, 0.4), (0.9, 1.0)), _s((0.9, 0.4), (0.1, 1.0))],
    "+": [_s((0.5, 0.0), (0.5, 1.0)), _s((0.0, 0.5), (1.0, 0.5))],
    "#": [_s((0.35, 0.0), (0.25, 1.0)), _s((0.75, 0.0), (0.65, 1.0)),
          _s((0.0, 0.33), (1.0, 0.33)), _s((0.0, 0.67), (1.0, 0.67))],
    "*": [_s((0.5, 0.0), (0.5, 1.0)), _s((0.07, 0.25), (0.93, 0.75)),
          _s((0.93, 0.25), (0.07, 0.75))],
    "=": [_s((0.0, 0.35), (1.0, 0.35)), _s((0.0, 0.65), (1.0, 0.65))],
    "&": [_s((0.9, 1.0), (0.2, 0.35), (0.3, 0.05), (0.55, 0.05), (0.6, 0.3), (0.1, 0.7),
             (0.25, 1.0), (0.6, 0.95), (0.95, 0.55))],
}


def _square(rng: np.random.Generator) -> Strokes:
    return [_s((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))]


def _triangle(rng: np.random.Generator) -> Strokes:
    return [_s((0.5, 0.0), (1.0, 1.0), (0.0, 1.0), (0.5, 0.0))]


def _star(rng: np.random.Generator) -> Strokes:
    angles = np.arange(6) * 4 * np.pi / 5 - np.pi / 2  # five points, every other corner
    return [np.column_stack([0.5 + 0.5 * np.cos(angles), 0.5 + 0.5 * np.sin(angles)])]


def _arrow(rng: np.random.Generator) -> Strokes:
    return [_s((0.0, 0.5), (1.0, 0.5)), _s((0.7, 0.2), (1.0, 0.5), (0.7, 0.8))]


def _heart(rng: np.random.Generator) -> Strokes:
    return [_s((0.5, 1.0), (0.05, 0.45), (0.1, 0.1), (0.3, 0.0), (0.5, 0.2), (0.7, 0.0),
               (0.9, 0.1), (0.95, 0.45), (0.5, 1.0))]


def _check(rng: np.random.Generator) -> Strokes:
    return [_s((0.0, 0.55), (0.35, 1.0), (1.0, 0.0))]


def _spiral(rng: np.random.Generator) -> Strokes:
    t = np.linspace(0, rng.uniform(2.0, 3.5), 60)
    radius = 0.5 * t / t[-1]
    angle = t * 2 * np.pi * rng.choice([-1, 1])
    return [np.column_stack([0.5 + radius * np.cos(angle), 0.5 + radius * np.sin(angle)])]


def _wave(rng: np.random.Generator) -> Strokes:
    x = np.linspace(0, 1, 40)
    turns = rng.uniform(1.5, 3.5)
    return [np.column_stack([x, 0.5 + 0.4 * np.sin(x * turns * 2 * np.pi)])]


def _zigzag(rng: np.random.Generator) -> Strokes:
    count = int(rng.integers(4, 9))
    x = np.linspace(0, 1, count)
    y = np.where(np.arange(count) % 2, 1.0, 0.0) + rng.normal(0, 0.08, count)
    return [np.column_stack([x, y])]


def _scribble(rng: np.random.Generator) -> Strokes:
    """A tangle: a random walk that keeps turning inside the box."""
    count = int(rng.integers(8, 20))
    return [rng.uniform(0, 1, (count, 2))]


def _hatching(rng: np.random.Generator) -> Strokes:
    """Crossing-out: parallel strokes over a patch, sometimes crossed again."""
    count = int(rng.integers(4, 9))
    tilt = rng.uniform(-0.4, 0.4)
    strokes = [_s((0.0, y - tilt), (1.0, y + tilt)) for y in np.linspace(0.1, 0.9, count)]
    if rng.random() < 0.5:
        strokes += [_s((x - tilt, 0.0), (x + tilt, 1.0)) for x in np.linspace(0.1, 0.9, count)]
    return strokes


SHAPES: dict[str, Callable[[np.random.Generator], Strokes]] = {
    "square": _square, "triangle": _triangle, "star": _star, "arrow": _arrow,
    "heart": _heart, "check": _check, "spiral": _spiral, "wave": _wave,
    "zigzag": _zigzag, "scribble": _scribble, "hatching": _hatching,
}
KINDS = tuple(LETTERS) + tuple(SHAPES)


def _densified(strokes: Strokes, spacing: float = DENSE_SPACING) -> Strokes:
    """Points every ``spacing`` along each straight piece, so the pen's smooth curve
    through them keeps edges straight and corners sharp: a drawn square stays a square,
    not a rounded 0."""
    out = []
    for stroke in strokes:
        pieces = [stroke[:1]]
        for a, b in zip(stroke[:-1], stroke[1:], strict=True):
            count = max(1, int(np.ceil(np.linalg.norm(b - a) / spacing)))
            pieces.append(a + (b - a) * (np.arange(1, count + 1)[:, None] / count))
        out.append(np.vstack(pieces))
    return out


def _jittered(strokes: Strokes, rng: np.random.Generator, amount: float) -> Strokes:
    """Each point moved a little, the whole mark stretched: no two marks alike."""
    stretch = np.exp(rng.uniform(-0.35, 0.35, 2))
    return [(s + rng.normal(0, amount, s.shape)) * stretch for s in strokes]


def _half_erased(strokes: Strokes, rng: np.random.Generator) -> Strokes:
    """Keeps a random 45-75% stretch of the mark's path, as an eraser or undo leaves it.

    A piece that is about one straight stroke (thinner than a third of its length) would
    be a drawn 1: then the whole mark is kept instead."""
    keep = rng.uniform(0.45, 0.75)
    lengths = [float(np.linalg.norm(np.diff(s, axis=0), axis=1).sum()) for s in strokes]
    total = sum(lengths)
    start = rng.uniform(0, total * (1 - keep))
    end = start + keep * total
    kept, travelled = [], 0.0
    for stroke, length in zip(strokes, lengths, strict=True):
        lo, hi = max(start - travelled, 0.0), min(end - travelled, length)
        travelled += length
        if hi <= lo or length == 0:
            continue
        along = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(stroke, axis=0),
                                                                axis=1))])
        inside = stroke[(along > lo) & (along < hi)]
        ends = [np.array([np.interp(v, along, stroke[:, k]) for k in range(2)]) for v in (lo, hi)]
        kept.append(np.vstack([ends[0], inside, ends[1]]))
    if not kept:
        return strokes
    span = np.ptp(np.vstack(kept), axis=0)
    return kept if span.min() >= MIN_PIECE_SPAN * span.max() else strokes


def nondigit_strokes(rng: np.random.Generator, kind: str | None = None,
                     half_erased_p: float = 0.15) -> tuple[str, Strokes]:
    """A random non-digit mark: returns its kind and its strokes (unit box, y down)."""
    kind = kind if kind is not None else str(rng.choice(KINDS))
    if kind in LETTERS:
        strokes = [s.copy() for s in LETTERS[kind]]
    elif kind in SHAPES:
        strokes = SHAPES[kind](rng)
    else:
        raise ValueError(f"unknown mark kind {kind!r}")
    strokes = _densified(_jittered(strokes, rng, 0.03))
    if rng.random() < half_erased_p and kind in HALF_ERASABLE:
        piece = _half_erased(strokes, rng)
        if piece is not strokes:
            strokes, kind = piece, kind + " (half erased)"
    return kind, strokes
