"""Digits drawn on a 280x280 pad with a round brush, as a person does with a mouse or pen.

Two kinds of writer, neither of them the MNIST training writers:

* ``mnist-test``: digits of the MNIST *test* set (whose writers are disjoint from the
  training set's), thinned to their pen path and drawn again with a round brush.
* ``template``: stroke paths written for this project, one or more styles per digit
  (open and closed 4, 1 with and without a flag, 7 with and without a bar, ...), with random
  shape jitter, slant, rotation, aspect and hand wobble.

Each digit is drawn at a height of 35-85% of the pad, anywhere on it, with a brush of
radius about 9 px, anti-aliased, light ink on black: what the app's pad makes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.pen.handwriting import (  # noqa: F401 (the benchmarks' and tests' names)
    ASPECT,
    PAD_SIZE,
    TEMPLATES,
    Box,
    draw_paths,
    place,
    template_paths,
    wobble,
)

BRUSH_RADIUS = 9
HEIGHT_RANGE = (0.35, 0.85)
SOURCES = ("mnist-test", "template")


@dataclass(frozen=True)
class DrawnDigit:
    """One pad with one digit: light ink on black, its label, true box and writer kind,
    and the strokes that drew it (polylines in pad pixels) with the brush radius."""

    pad: np.ndarray
    label: int
    box: Box
    source: str
    strokes: tuple[np.ndarray, ...] = ()
    radius: int = BRUSH_RADIUS


def thin(binary: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning of a boolean image to one-pixel-wide paths."""
    image = np.pad(binary.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = image
            n = [p[:-2, 1:-1], p[:-2, 2:], p[1:-1, 2:], p[2:, 2:],  # P2 P3 P4 P5
                 p[2:, 1:-1], p[2:, :-2], p[1:-1, :-2], p[:-2, :-2]]  # P6 P7 P8 P9
            count = sum(n[k].astype(np.int32) for k in range(8))
            turns = sum(((n[k] == 0) & (n[(k + 1) % 8] == 1)).astype(np.int32) for k in range(8))
            if step == 0:
                side = (n[0] * n[2] * n[4] == 0) & (n[2] * n[4] * n[6] == 0)
            else:
                side = (n[0] * n[2] * n[6] == 0) & (n[0] * n[4] * n[6] == 0)
            remove = (p[1:-1, 1:-1] == 1) & (count >= 2) & (count <= 6) & (turns == 1) & side
            if remove.any():
                image[1:-1, 1:-1][remove] = 0
                changed = True
        if not changed:
            return image[1:-1, 1:-1].astype(bool)


_NEIGHBOURS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


def trace_skeleton(skeleton: np.ndarray) -> list[np.ndarray]:
    """Follows a one-pixel-wide skeleton into pen strokes: polylines of (x, y) points.

    Walks start at line ends, so a stroke is drawn from one end to the other; each
    neighbour link is drawn once.
    """
    pixels = set(zip(*np.nonzero(skeleton), strict=True))

    def linked(p: tuple[int, int], dy: int, dx: int) -> bool:
        q = (p[0] + dy, p[1] + dx)
        if q not in pixels:
            return False
        # a diagonal step beside a staircase corner is a shortcut: keep the corner's path
        return not (dy and dx and ((p[0] + dy, p[1]) in pixels or (p[0], p[1] + dx) in pixels))

    links = {p: [(p[0] + dy, p[1] + dx) for dy, dx in _NEIGHBOURS if linked(p, dy, dx)]
             for p in pixels}
    used: set[frozenset] = set()
    strokes = []
    for start in sorted(pixels, key=lambda p: (len(links[p]) != 1, p)):
        while True:
            path, here = [start], start
            while True:
                free = [q for q in links[here] if frozenset((here, q)) not in used]
                if not free:
                    break
                step = free[0]
                used.add(frozenset((here, step)))
                path.append(step)
                here = step
            if len(path) == 1:
                break
            strokes.append(np.array([(x, y) for y, x in path], np.float64))
    return strokes


def mnist_strokes(digit: np.ndarray, upscale: int = 4) -> list[np.ndarray]:
    """The pen strokes of an MNIST digit, in its 28x28 image's (x, y) coordinates."""
    big = cv2.resize(digit, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    strokes = trace_skeleton(thin(big > 110))
    simplified = [cv2.approxPolyDP(s.astype(np.float32)[:, None], 0.7, False)[:, 0]
                  for s in strokes]
    return [s.astype(np.float64) / upscale for s in simplified]


def draw_digit(label: int, source: str, rng: np.random.Generator,
               mnist_digit: np.ndarray | None = None, pad_size: int = PAD_SIZE) -> DrawnDigit:
    """Draws one digit on a new pad; ``mnist_digit`` is the 28x28 image for ``mnist-test``."""
    if source == "mnist-test":
        if mnist_digit is None:
            raise ValueError("the mnist-test source needs the MNIST digit to redraw")
        paths = mnist_strokes(mnist_digit)
    elif source == "template":
        paths = template_paths(label, rng)
    else:
        raise ValueError(f"unknown source {source!r}; choose from {SOURCES}")
    radius = int(rng.integers(BRUSH_RADIUS - 1, BRUSH_RADIUS + 2))
    height = rng.uniform(*HEIGHT_RANGE) * pad_size
    paths = place(paths, height, radius, rng, pad_size)
    paths = [wobble(p, rng, 0.012 * height) for p in paths]
    pad = np.zeros((pad_size, pad_size), np.uint8)
    draw_paths(pad, paths, radius)
    x, y, w, h = cv2.boundingRect(pad)
    return DrawnDigit(pad=pad, label=label, box=(x, y, w, h), source=source,
                      strokes=tuple(paths), radius=radius)


def drawn_set(count_per_source: int, seed: int, mnist_test: tuple[np.ndarray, np.ndarray],
              ) -> list[DrawnDigit]:
    """A balanced, seeded set of drawn digits from both writer kinds."""
    rng = np.random.default_rng(seed)
    x_test, y_test = mnist_test
    picks = rng.choice(len(x_test), count_per_source, replace=False)
    digits = [draw_digit(int(y_test[i]), "mnist-test", rng, x_test[i]) for i in picks]
    labels = np.arange(count_per_source) % 10
    digits += [draw_digit(int(k), "template", rng) for k in labels]
    return digits


def draw_number(labels: list[int], rng: np.random.Generator, height: int = 120,
                gap: int = 30, margin: int = 20) -> tuple[np.ndarray, list[Box]]:
    """Draws template digits side by side on one pad; returns the pad and the true boxes."""
    width = margin * 2 + len(labels) * (height + gap)
    pad = np.zeros((height + 2 * margin, width), np.uint8)
    boxes = []
    for i, label in enumerate(labels):
        paths = template_paths(label, rng)
        region = (margin + i * (height + gap), margin, height, height)
        paths = place(paths, height, BRUSH_RADIUS, rng, max(pad.shape), region)
        layer = np.zeros_like(pad)
        draw_paths(layer, paths, BRUSH_RADIUS)
        boxes.append(tuple(int(v) for v in cv2.boundingRect(layer)))
        np.maximum(pad, layer, out=pad)
    return pad, boxes


#: A handwriting the shipped model reads poorly: outlined ("bubble") digits, the outline
#: of a fat stroke traced with a thin pen, slanted 25 degrees, with European 1 (long flag
#: and a base) and 7 (crossed). MNIST has no outlined digits.
EUROPEAN_STYLE = {1: 2, 7: 1}
STYLE_SLANT = float(np.tan(np.deg2rad(25)))
STYLE_FAT = 20  #: radius of the fat stroke whose outline is traced
STYLE_RADIUS = 2  #: radius of the pen tracing the outline


def styled_digit(label: int, rng: np.random.Generator, pad_size: int = PAD_SIZE) -> DrawnDigit:
    """One digit in the fine-tuning benchmark's style: the outline of a fat stroke, traced
    with a thin pen (its strokes are those outlines, so the pad window can replay them)."""
    paths = template_paths(label, rng, EUROPEAN_STYLE.get(label), STYLE_SLANT)
    height = rng.uniform(0.55, 0.85) * pad_size
    paths = place(paths, height, STYLE_FAT, rng, pad_size)
    fat = np.zeros((pad_size, pad_size), np.uint8)
    draw_paths(fat, paths, STYLE_FAT)
    contours, _ = cv2.findContours((fat > 127).astype(np.uint8), cv2.RETR_LIST,
                                   cv2.CHAIN_APPROX_NONE)
    outlines = []
    for contour in contours:
        points = cv2.approxPolyDP(contour, 1.0, True)[:, 0].astype(np.float64)
        if len(points) >= 3:
            outlines.append(np.vstack([points, points[:1]]))  # closed: back to the start
    pad = np.zeros((pad_size, pad_size), np.uint8)
    draw_paths(pad, outlines, STYLE_RADIUS)
    x, y, w, h = cv2.boundingRect(pad)
    return DrawnDigit(pad=pad, label=label, box=(x, y, w, h), source="style",
                      strokes=tuple(outlines), radius=STYLE_RADIUS)
