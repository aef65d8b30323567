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

PAD_SIZE = 280
BRUSH_RADIUS = 9
HEIGHT_RANGE = (0.35, 0.85)
SOURCES = ("mnist-test", "template")

Box = tuple[int, int, int, int]
Stroke = list[tuple[float, float]]  # points (x, y) in a unit box, y down

# --- stroke templates: each digit has one or more styles, each a list of strokes --------
_CIRCLE = [(0.5 + 0.5 * np.sin(t), 0.5 - 0.5 * np.cos(t))
           for t in np.linspace(-0.15, 2 * np.pi + 0.1, 15)]
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


def _wobble(points: np.ndarray, rng: np.random.Generator, amplitude: float) -> np.ndarray:
    """Displaces points by a smooth random field: a hand is never perfectly steady."""
    freq = rng.uniform(0.5, 2.0, (2, 2)) * 2 * np.pi
    phase = rng.uniform(0, 2 * np.pi, (2, 2))
    dx = amplitude * np.sin(freq[0, 0] * points[:, 1] + phase[0, 0]) * np.cos(
        freq[0, 1] * points[:, 0] + phase[0, 1])
    dy = amplitude * np.sin(freq[1, 0] * points[:, 0] + phase[1, 0]) * np.cos(
        freq[1, 1] * points[:, 1] + phase[1, 1])
    return points + np.stack([dx, dy], axis=1)


def _draw_paths(pad: np.ndarray, paths: list[np.ndarray], radius: int) -> None:
    for path in paths:
        pts = np.round(path * 16).astype(np.int32)  # 4 fractional bits for smooth AA lines
        for a, b in zip(pts[:-1], pts[1:], strict=True):
            cv2.line(pad, tuple(int(v) for v in a), tuple(int(v) for v in b), 255, 2 * radius,
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
    paths = [_wobble(p, rng, 0.012 * height) for p in paths]
    pad = np.zeros((pad_size, pad_size), np.uint8)
    _draw_paths(pad, paths, radius)
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
        _draw_paths(layer, paths, BRUSH_RADIUS)
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
    _draw_paths(fat, paths, STYLE_FAT)
    contours, _ = cv2.findContours((fat > 127).astype(np.uint8), cv2.RETR_LIST,
                                   cv2.CHAIN_APPROX_NONE)
    outlines = []
    for contour in contours:
        points = cv2.approxPolyDP(contour, 1.0, True)[:, 0].astype(np.float64)
        if len(points) >= 3:
            outlines.append(np.vstack([points, points[:1]]))  # closed: back to the start
    pad = np.zeros((pad_size, pad_size), np.uint8)
    _draw_paths(pad, outlines, STYLE_RADIUS)
    x, y, w, h = cv2.boundingRect(pad)
    return DrawnDigit(pad=pad, label=label, box=(x, y, w, h), source="style",
                      strokes=tuple(outlines), radius=STYLE_RADIUS)
