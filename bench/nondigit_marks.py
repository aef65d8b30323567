"""Marks that are not digits, drawn on the app's 280x280 pad: the reader should say "?".

Made independently of the training marks (``realtime/pen/marks.py``): letters are OpenCV's
Hershey font glyphs, shapes are OpenCV primitives, scribbles are random walks, and
half-erased marks are letters with a corner rubbed out. Kinds:

* ``letter``: A E F H K M N R W X Y k m w x # * & + in six Hershey faces, upright or
  italic, stroked with the pad's brush.
* ``shape``: square, rectangle, triangle, star, arrow, cross, check mark, diamond.
* ``scribble``: a tangled random walk; a hatched crossing-out.
* ``half-erased``: a letter with one corner (40-55% of its width and height) rubbed
  out; the largest piece left.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bench.drawn_digits import BRUSH_RADIUS, PAD_SIZE

KINDS = ("letter", "shape", "scribble", "half-erased")
LETTERS = "AEFHKMNRWXYkmwx#*&+"
FACES = (cv2.FONT_HERSHEY_SIMPLEX, cv2.FONT_HERSHEY_DUPLEX, cv2.FONT_HERSHEY_COMPLEX,
         cv2.FONT_HERSHEY_TRIPLEX, cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
         cv2.FONT_HERSHEY_SCRIPT_COMPLEX)
SHAPES = ("square", "rectangle", "triangle", "star", "arrow", "cross", "check", "diamond")


@dataclass(frozen=True)
class Mark:
    """One pad with one non-digit mark, and what it is."""

    pad: np.ndarray
    kind: str
    what: str


def _fit(layer: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Crops the ink, scales it to 35-85% of the pad's height, puts it anywhere on a pad."""
    x, y, w, h = cv2.boundingRect(layer)
    ink = layer[y : y + h, x : x + w]
    scale = min(rng.uniform(0.35, 0.85) * PAD_SIZE / h, (PAD_SIZE - 4) / w)
    ink = cv2.resize(ink, (max(1, round(w * scale)), max(1, round(h * scale))),
                     interpolation=cv2.INTER_AREA)
    pad = np.zeros((PAD_SIZE, PAD_SIZE), np.uint8)
    top = int(rng.integers(0, PAD_SIZE - ink.shape[0] + 1))
    left = int(rng.integers(0, PAD_SIZE - ink.shape[1] + 1))
    pad[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    return pad


def _letter(rng: np.random.Generator) -> tuple[np.ndarray, str]:
    char = str(rng.choice(list(LETTERS)))
    face = int(rng.choice(FACES)) | (cv2.FONT_ITALIC if rng.random() < 0.3 else 0)
    layer = np.zeros((400, 400), np.uint8)
    cv2.putText(layer, char, (80, 300), face, 8, 255, int(rng.integers(14, 26)), cv2.LINE_AA)
    return layer, f"{char!r}"


def _shape(rng: np.random.Generator) -> tuple[np.ndarray, str]:
    name = str(rng.choice(SHAPES))
    layer = np.zeros((400, 400), np.uint8)
    thick = int(rng.integers(2 * BRUSH_RADIUS - 4, 2 * BRUSH_RADIUS + 6))
    if name in ("square", "rectangle"):
        wide = 280 if name == "square" else int(rng.integers(160, 220))
        cv2.rectangle(layer, (60, 60), (60 + wide, 340), 255, thick, cv2.LINE_AA)
    elif name == "triangle":
        cv2.polylines(layer, [np.int32([[200, 40], [360, 340], [40, 340]])], True, 255, thick,
                      cv2.LINE_AA)
    elif name == "star":
        angles = np.arange(6) * 4 * np.pi / 5 - np.pi / 2
        points = np.int32(np.column_stack([200 + 160 * np.cos(angles),
                                           200 + 160 * np.sin(angles)]))
        cv2.polylines(layer, [points], False, 255, thick, cv2.LINE_AA)
    elif name == "arrow":
        cv2.arrowedLine(layer, (40, 200), (360, 200), 255, thick, cv2.LINE_AA, tipLength=0.3)
    elif name == "cross":
        cv2.line(layer, (60, 60), (340, 340), 255, thick, cv2.LINE_AA)
        cv2.line(layer, (340, 60), (60, 340), 255, thick, cv2.LINE_AA)
    elif name == "check":
        cv2.polylines(layer, [np.int32([[50, 220], [150, 340], [350, 50]])], False, 255, thick,
                      cv2.LINE_AA)
    else:  # diamond
        cv2.polylines(layer, [np.int32([[200, 30], [330, 200], [200, 370], [70, 200]])], True,
                      255, thick, cv2.LINE_AA)
    return layer, name


def _scribble(rng: np.random.Generator) -> tuple[np.ndarray, str]:
    layer = np.zeros((400, 400), np.uint8)
    thick = int(rng.integers(2 * BRUSH_RADIUS - 4, 2 * BRUSH_RADIUS + 4))
    if rng.random() < 0.5:
        steps = rng.normal(0, 45, (int(rng.integers(15, 40)), 2))
        walk = np.clip(200 + np.cumsum(steps, axis=0), 20, 380)
        cv2.polylines(layer, [np.int32(walk)], False, 255, thick, cv2.LINE_AA)
        return layer, "random walk"
    rows = int(rng.integers(5, 10))
    ys = np.linspace(60, 340, rows)
    zigzag = np.column_stack([np.where(np.arange(rows) % 2, 340, 60), ys])
    cv2.polylines(layer, [np.int32(zigzag)], False, 255, thick, cv2.LINE_AA)
    return layer, "crossing-out"


def _half_erased(rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A letter with one corner rubbed out; of what is left, its largest piece (an
    eraser's stray crumbs are separate marks)."""
    layer, what = _letter(rng)
    x, y, w, h = cv2.boundingRect(layer)
    cut_w, cut_h = (int(rng.uniform(0.4, 0.55) * side) for side in (w, h))
    left = x if rng.random() < 0.5 else x + w - cut_w
    top = y if rng.random() < 0.5 else y + h - cut_h
    layer[top : top + cut_h, left : left + cut_w] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats((layer > 0).astype(np.uint8))
    if count > 2:
        biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        layer[labels != biggest] = 0
    return layer, f"{what}, half erased"


MAKERS = {"letter": _letter, "shape": _shape, "scribble": _scribble,
          "half-erased": _half_erased}
#: Share of each kind in a set.
MIX = {"letter": 0.4, "shape": 0.25, "scribble": 0.2, "half-erased": 0.15}


def mark_set(count: int, seed: int) -> list[Mark]:
    """``count`` pads, each with one non-digit mark, kinds mixed as ``MIX`` says."""
    rng = np.random.default_rng(seed)
    kinds = rng.choice(list(MIX), size=count, p=list(MIX.values()))
    marks = []
    for kind in kinds:
        layer, what = MAKERS[str(kind)](rng)
        marks.append(Mark(_fit(layer, rng), str(kind), what))
    return marks
