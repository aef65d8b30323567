"""Realistic test pictures of handwritten digits on paper, with exact ground truth.

Each picture is handwriting on paper as a camera or a scanner sees it: the page (white,
off-white, a yellow sticky note, ruled or squared notebook paper, with grain) carries rows
of digits and numbers written with a pen (hairline fine-liner, blue or black ballpoint,
grainy pencil, fat marker); a camera adds perspective, uneven light, a soft shadow, the
desk around the page, blur, sensor noise and JPEG; a flatbed scanner adds a dark edge,
show-through print from the back and specks.

The writers are ones no model here trains on: pendigits writers 26-30
(``realtime.training.pendigits.HELD_OUT_WRITERS``, their pen trajectories drawn again), MNIST
*test* digits turned into pen paths, and the stroke templates of ``bench/drawn_digits.py``.

Every digit's box is tight around its ink (pen coverage > 0.3 after every geometric
transform, in picture pixels); a digit the picture's edge would cut is never written,
and a number is written whole or not at all. ``truths`` are in reading order, number by
number: the first ``len(numbers[0])`` truths are the digits of ``numbers[0]``, and so on.

    python bench/paper_photos.py --out /tmp/photos --kinds closeup,tilted --count 20 --seed 1

writes the pictures and a ``gt.json`` in the layout of ``paper_dev/gt.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.drawn_digits import mnist_strokes, template_paths  # noqa: E402
from realtime.training.pendigits import (  # noqa: E402
    ENV_VAR,
    HELD_OUT_WRITERS,
    PenDigit,
    cache_path,
    load_pendigits,
)
from realtime.training.strokes import render_strokes  # noqa: E402

SHARED_PENDIGITS = (Path(__file__).resolve().parents[2]
                    / "shared" / "data" / "pendigits" / "pendigits-orig.tra.gz")
KINDS = ("closeup", "crop", "scan", "lined", "squared", "tilted", "phone", "webcam", "tiny")
WEBCAM_SIZES = ((640, 480), (1280, 720))
PHOTO_SIZES = ((1024, 768), (1280, 960), (1600, 1200), (1920, 1080), (1080, 1440),
               (1280, 720), (960, 1280), (1440, 1080))
PHONE_SIZES = ((4000, 3000), (3000, 4000))
#: Where each digit's strokes come from, and how often a picture's hand is of that kind.
WRITER_KINDS = ("pendigits", "mnist-test", "template")
WRITER_WEIGHTS = (0.45, 0.35, 0.20)
OTHER_HAND = 0.15  #: share of a page's digits written by another hand
BOX_OPACITY = 0.3  #: ink coverage that counts as visible ink for the true boxes
EDGE_MARGIN = 2  #: px a digit's ink keeps from the picture's edge
PATCH_MARGIN = 2  #: blank px around each rendered digit
MNIST_SMOOTHING = 1.0  #: MNIST px: smoothing of the pen path traced from a test digit
MNIST_MISSED = 0.03  #: share of an MNIST digit's ink its traced path may miss
MNIST_UPSCALE = 2  #: MNIST digits are thinned at this scale (4 looks no better once smoothed)

Box = tuple[int, int, int, int]
Colour = tuple[float, float, float]  # BGR reflectance 0..1

# --- pens: (width as a share of the digit's height, smallest width px, (min, max) px) -----
# A ballpoint or pencil line is 0.3-0.6 mm on digits 5-12 mm tall; a fine-liner's hairline
# is 1-2 px on a 150-300 px digit; a fat marker is 12-20% of the digit's height.
PENS = {
    "fineliner": ((0.005, 0.011), 1.0, (1.0, 2.2)),
    "ballpoint": ((0.03, 0.06), 1.3, (1.3, 14.0)),
    "pencil": ((0.03, 0.065), 1.3, (1.3, 14.0)),
    "marker": ((0.12, 0.20), 3.0, (3.0, 200.0)),
}
INKS = {
    "fineliner": ((0.13, 0.12, 0.12), (0.16, 0.15, 0.17), (0.40, 0.18, 0.10)),
    "ballpoint": ((0.58, 0.26, 0.14), (0.62, 0.32, 0.20), (0.52, 0.22, 0.16),
                  (0.20, 0.19, 0.20), (0.26, 0.24, 0.24)),
    "pencil": ((0.38, 0.37, 0.36), (0.45, 0.44, 0.43), (0.52, 0.50, 0.49)),
    "marker": ((0.10, 0.10, 0.11), (0.42, 0.16, 0.08), (0.16, 0.28, 0.12), (0.12, 0.12, 0.55)),
}
PAPERS = {
    "white": (0.94, 0.95, 0.95),
    "offwhite": (0.84, 0.91, 0.94),
    "sticky": (0.42, 0.88, 0.96),
}
RULE_BLUE = (0.78, 0.62, 0.50)
MARGIN_RED = (0.55, 0.52, 0.88)
GRID_COLOURS = ((0.80, 0.66, 0.55), (0.70, 0.70, 0.70), (0.62, 0.50, 0.40), (0.55, 0.55, 0.56))


@dataclass(frozen=True)
class Truth:
    """One digit in a picture: its label and its box (x, y, w, h) in picture pixels."""

    label: int
    box: Box


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture (BGR uint8, as decoded from its file), its digits in reading order, the
    numbers as a person reads them, its kind, and its file as the device wrote it."""

    image: np.ndarray
    truths: tuple[Truth, ...]
    numbers: tuple[str, ...]
    kind: str
    data: bytes = b""
    suffix: str = ".jpg"


@dataclass(frozen=True, eq=False)
class Sources:
    """The handwriting the pictures use: held-out pendigits writers and MNIST test."""

    pen_digits: dict[tuple[int, int], tuple[PenDigit, ...]]  # (writer, label) -> digits
    mnist_x: np.ndarray  # MNIST *test* images
    mnist_by_label: tuple[np.ndarray, ...]  # indices into mnist_x, per label


def make_sources(pen_digits: list[PenDigit], mnist_x: np.ndarray, mnist_y: np.ndarray,
                 ) -> Sources:
    """Sources from pendigits (only the held-out writers are kept) and MNIST *test*."""
    table: dict[tuple[int, int], list[PenDigit]] = {}
    for digit in pen_digits:
        if digit.writer in HELD_OUT_WRITERS:
            table.setdefault((digit.writer, digit.label), []).append(digit)
    return Sources({key: tuple(value) for key, value in table.items()}, mnist_x,
                   tuple(np.flatnonzero(mnist_y == label) for label in range(10)))


def load_sources(mnist_data: str | None = None, pendigits: str | None = None) -> Sources:
    """Loads MNIST (test part) and pendigits (held-out writers) from their usual places;
    pendigits also from ``shared/`` beside the checkout before any download."""
    from realtime.training.mnist import load_mnist

    mnist = load_mnist(mnist_data)
    if pendigits is None and not os.environ.get(ENV_VAR) and not cache_path().is_file():
        pendigits = str(SHARED_PENDIGITS) if SHARED_PENDIGITS.is_file() else None
    return make_sources(load_pendigits(pendigits), mnist.x_test, mnist.y_test)


# --- handwriting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hand:
    """Who writes: a kind of writer (and a pendigits writer), a slant, a wobble."""

    source: str
    writer: int
    slant: float
    jitter: float


@dataclass(frozen=True)
class Pen:
    """A pen: its kind, its width in px, its ink colour and opacity."""

    kind: str
    width: float
    colour: Colour
    opacity: float


def pick_hand(rng: np.random.Generator) -> Hand:
    """A random writer for a page."""
    source = WRITER_KINDS[rng.choice(len(WRITER_KINDS), p=WRITER_WEIGHTS)]
    return Hand(source, int(rng.choice(sorted(HELD_OUT_WRITERS))),
                float(rng.normal(0.05, 0.12)), float(rng.uniform(0.0, 0.012)))


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


@dataclass(frozen=True, eq=False)
class Placed:
    """A digit written on the page: its ink patch with its top-left corner at (x, y)."""

    label: int
    coverage: np.ndarray
    strength: np.ndarray
    colour: Colour
    x: int
    y: int


def write_digit(label: int, height: float, hand: Hand, pen: Pen, rng: np.random.Generator,
                sources: Sources) -> tuple[np.ndarray, np.ndarray]:
    """One digit's ink coverage and strength patches, its ink ``height`` px tall."""
    strokes = digit_strokes(label, hand, rng, sources)
    width = pen.width * float(np.exp(rng.normal(0, 0.06)))
    width = min(width, 0.3 * height)
    coverage = render_strokes(strokes, height=height, pen_width=max(0.8, width),
                              slant=hand.slant + float(rng.normal(0, 0.05)), rng=rng,
                              jitter=hand.jitter,
                              width_jitter=0.15 if pen.kind == "ballpoint" else 0.05,
                              margin=PATCH_MARGIN)
    return coverage, pen_strength(coverage, pen, rng)


# --- layout -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a page's numbers are written: their lengths, and gaps as shares of the height."""

    lengths: tuple[int, ...] = (1, 2, 2, 3, 3, 4)
    digit_gap: tuple[float, float] = (0.05, 0.3)
    number_gap: tuple[float, float] = (0.7, 1.8)
    touching: float = 0.06  #: chance that two digits of a number touch or nearly do


@dataclass
class Writer:
    """Everything that writes one page: randomness, handwriting, pen, style."""

    rng: np.random.Generator
    sources: Sources
    hand: Hand
    pen: Pen
    style: Style = field(default_factory=Style)
    max_digits: int = 150
    written: int = 0

    def digit(self, label: int, height: float) -> tuple[np.ndarray, np.ndarray]:
        """One digit in the page's hand, or now and then in another's."""
        hand = self.hand if self.rng.random() >= OTHER_HAND else pick_hand(self.rng)
        self.written += 1
        return write_digit(label, height, hand, self.pen, self.rng, self.sources)


def number_labels(rng: np.random.Generator, length: int) -> list[int]:
    """A random number's digits (a leading zero is rare)."""
    first = int(rng.integers(1, 10)) if length > 1 and rng.random() < 0.9 else int(
        rng.integers(10))
    return [first] + [int(v) for v in rng.integers(0, 10, length - 1)]


def write_number(writer: Writer, labels: list[int], height: float, x: float, baseline: float,
                 ) -> list[Placed]:
    """Writes a number's digits left to right from ``x`` with their bottoms on ``baseline``
    (each a little up or down); positions are the ink's, patches keep their margin."""
    rng, placed = writer.rng, []
    for label in labels:
        h = height * rng.uniform(0.88, 1.04)
        coverage, strength = writer.digit(label, h)
        ph, pw = coverage.shape
        bottom = baseline + rng.normal(0, 0.025) * height
        px = round(x) - PATCH_MARGIN
        py = round(bottom - (ph - PATCH_MARGIN))
        placed.append(Placed(label, coverage, strength, writer.pen.colour, px, py))
        if rng.random() < writer.style.touching:
            gap = rng.uniform(-0.04, 0.02) * height
        else:
            gap = rng.uniform(*writer.style.digit_gap) * height
        x += pw - 2 * PATCH_MARGIN + gap
    return placed


def _extent(number: list[Placed]) -> tuple[int, int, int, int]:
    """The page-pixel bounds (left, top, right, bottom) of a number's patches."""
    return (min(p.x for p in number), min(p.y for p in number),
            max(p.x + p.coverage.shape[1] for p in number),
            max(p.y + p.coverage.shape[0] for p in number))


def write_rows(writer: Writer, rows: list[tuple[float, float]], left: float, right: float,
               page: tuple[int, int], lengths: tuple[int, ...] | None = None,
               ragged: float = 0.0) -> list[list[Placed]]:
    """Writes numbers along rows (baseline, digit height) from ``left`` to ``right``.

    A number that would pass the row's end or the page's edge ends its row; each row ends
    up to ``ragged`` of the width short of ``right``.
    """
    rng, numbers = writer.rng, []
    for baseline, height in rows:
        x = left + rng.uniform(0, 0.6) * height
        end = min(right, page[0]) - rng.uniform(0, ragged) * (right - left)
        while writer.written < writer.max_digits:
            length = int(rng.choice(lengths or writer.style.lengths))
            number = write_number(writer, number_labels(rng, length), height, x, baseline)
            x0, y0, x1, y1 = _extent(number)
            if x1 > end or y0 < 0 or y1 > page[1]:
                break
            numbers.append(number)
            x = x1 - PATCH_MARGIN + rng.uniform(*writer.style.number_gap) * height
    return numbers


# --- paper ---------------------------------------------------------------------------------


def paper(size: tuple[int, int], colour: Colour, rng: np.random.Generator,
          grain: float = 0.012) -> np.ndarray:
    """A sheet of paper (float32 BGR reflectance): its colour, blotches and fibre grain."""
    width, height = size
    longest = max(height, width)
    cells = (max(2, round(8 * height / longest)), max(2, round(8 * width / longest)))
    low = cv2.resize(rng.standard_normal(cells, dtype=np.float32), (width, height),
                     interpolation=cv2.INTER_CUBIC)
    fibres = cv2.GaussianBlur(rng.standard_normal((height, width), dtype=np.float32), (0, 0),
                              0.7)
    shade = 1 + 0.01 * low + grain * 2.2 * fibres
    sheet = np.empty((height, width, 3), np.float32)
    for channel in range(3):
        sheet[..., channel] = shade * (colour[channel] + rng.normal(0, 0.008))
    return sheet


def _draw_line(mask: np.ndarray, a: tuple[float, float], b: tuple[float, float],
               width: int) -> None:
    """An anti-aliased line on a mask, at sub-pixel positions."""
    cv2.line(mask, (round(a[0] * 16), round(a[1] * 16)), (round(b[0] * 16), round(b[1] * 16)),
             255, max(1, width), cv2.LINE_AA, 4)


def _tint(sheet: np.ndarray, mask: np.ndarray, colour: Colour, strength: float) -> None:
    """Prints ``colour`` where the mask is set (multiplicative, ``strength`` of full)."""
    x, y, w, h = cv2.boundingRect(mask)
    if w == 0 or h == 0:
        return
    alpha = mask[y:y + h, x:x + w, None].astype(np.float32) * (strength / 255)
    region = sheet[y:y + h, x:x + w]
    region *= 1 - alpha * (1 - np.array(colour, np.float32))


def rule(sheet: np.ndarray, spacing: float, top: float, margin_x: float | None,
         rng: np.random.Generator) -> list[float]:
    """Ruled (lined) notebook paper: blue lines every ``spacing`` px from ``top`` and a red
    margin line; returns the lines' y."""
    height, width = sheet.shape[:2]
    colour = tuple(float(c) for c in np.array(RULE_BLUE) + rng.uniform(-0.06, 0.06, 3))
    line_width = 1 + (spacing > 70)
    ys = [float(y) for y in np.arange(top, height, spacing)]
    mask = np.zeros(sheet.shape[:2], np.uint8)
    for y in ys:
        _draw_line(mask, (0, y), (width - 1, y), line_width)
    _tint(sheet, mask, colour, rng.uniform(0.4, 0.85))
    if margin_x is not None:
        mask[:] = 0
        _draw_line(mask, (margin_x, 0), (margin_x, height - 1), line_width)
        _tint(sheet, mask, MARGIN_RED, rng.uniform(0.6, 1.0))
    return ys


def grid(sheet: np.ndarray, cell: float, rng: np.random.Generator) -> tuple[float, float]:
    """Squared (grid) paper: lines of both directions every ``cell`` px, blue or grey, from
    light to as dark as a pencil; returns the offset (x, y) of the first lines."""
    height, width = sheet.shape[:2]
    colour = GRID_COLOURS[rng.integers(len(GRID_COLOURS))]
    strength = 0.3 + 0.7 * rng.random() ** 1.5  # mostly light, now and then pencil-dark
    line_width = 1 + (cell > 45 and rng.random() < 0.5)
    ox, oy = rng.uniform(0, cell, 2)
    mask = np.zeros(sheet.shape[:2], np.uint8)
    for x in np.arange(ox, width, cell):
        _draw_line(mask, (x, 0), (x, height - 1), line_width)
    for y in np.arange(oy, height, cell):
        _draw_line(mask, (0, y), (width - 1, y), line_width)
    _tint(sheet, mask, colour, strength)
    return float(ox), float(oy)


def ink(sheet: np.ndarray, numbers: list[list[Placed]]) -> None:
    """Writes the digits' ink on the sheet (multiplicative: ink darkens what is under it)."""
    for number in numbers:
        for p in number:
            h, w = p.coverage.shape
            region = sheet[p.y:p.y + h, p.x:p.x + w]
            alpha = p.strength[..., None]
            region *= 1 - alpha * (1 - np.array(p.colour, np.float32))


# --- geometry and truth ---------------------------------------------------------------------


def homography(page: tuple[int, int], centre: tuple[float, float], scale: float,
               angle: float, keystone: float, rng: np.random.Generator) -> np.ndarray:
    """Page pixels -> picture pixels: rotate by ``angle`` degrees, scale, centre, and tilt
    the camera by ``keystone`` (one side of the page that much smaller) plus corner jitter."""
    width, height = page
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    local = (corners - [width / 2, height / 2]) * scale
    side = rng.integers(4)  # which edge is farther from the camera
    shrink = np.ones(4)
    shrink[[side, (side + 1) % 4]] = 1 - keystone
    local *= shrink[:, None]
    local += rng.normal(0, keystone * 0.15, (4, 2)) * [width * scale, height * scale]
    a = np.deg2rad(angle)
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    moved = local @ rotation.T + centre
    return cv2.getPerspectiveTransform(corners.astype(np.float32), moved.astype(np.float32))


def _warp_points(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    return cv2.perspectiveTransform(points.reshape(-1, 1, 2).astype(np.float64), matrix)[:, 0]


def _overlaps(box: Box, rect: Box) -> bool:
    return not (box[0] + box[2] <= rect[0] or rect[0] + rect[2] <= box[0]
                or box[1] + box[3] <= rect[1] or rect[1] + rect[3] <= box[1])


def truth_box(p: Placed, matrix: np.ndarray, frame: tuple[int, int]) -> Box | None:
    """The digit's box in the picture (ink coverage > 0.3 after warping), or None when its
    ink would not lie wholly inside the picture."""
    h, w = p.coverage.shape
    corners = np.array([[p.x, p.y], [p.x + w, p.y], [p.x + w, p.y + h], [p.x, p.y + h]])
    moved = _warp_points(corners, matrix)
    x0, y0 = np.floor(moved.min(axis=0)).astype(int) - 1
    x1, y1 = np.ceil(moved.max(axis=0)).astype(int) + 1
    if x0 < 0 or y0 < 0 or x1 > frame[0] or y1 > frame[1]:
        return None
    to_patch = np.array([[1, 0, p.x], [0, 1, p.y], [0, 0, 1]], np.float64)
    to_roi = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    local = to_roi @ matrix @ to_patch
    warped = cv2.warpPerspective(p.coverage, local, (int(x1 - x0), int(y1 - y0)),
                                 flags=cv2.INTER_LINEAR)
    threshold = min(BOX_OPACITY, 0.5 * float(warped.max()))
    ys, xs = np.nonzero(warped > threshold)
    if len(ys) == 0:
        return None
    box = (int(x0 + xs.min()), int(y0 + ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1)
    inside = (box[0] >= EDGE_MARGIN and box[1] >= EDGE_MARGIN
              and box[0] + box[2] <= frame[0] - EDGE_MARGIN
              and box[1] + box[3] <= frame[1] - EDGE_MARGIN)
    return box if inside else None


def visible_numbers(numbers: list[list[Placed]], matrix: np.ndarray, frame: tuple[int, int],
                    keep_out: tuple[Box, ...] = ()) -> tuple[list[list[Placed]], list[Truth]]:
    """The numbers whose every digit lies wholly in the picture (and off ``keep_out``
    areas), and their digits' true boxes in reading order."""
    kept, truths = [], []
    for number in numbers:
        boxes = [truth_box(p, matrix, frame) for p in number]
        if any(b is None or any(_overlaps(b, r) for r in keep_out) for b in boxes):
            continue
        kept.append(number)
        truths += [Truth(p.label, b) for p, b in zip(number, boxes, strict=True)]
    return kept, truths


def numbers_of(kept: list[list[Placed]]) -> tuple[str, ...]:
    return tuple("".join(str(p.label) for p in number) for number in kept)


# --- camera and scanner ----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Camera:
    """What a camera does to the page: placement, light, optics, sensor and file."""

    frame: tuple[int, int]
    matrix: np.ndarray
    background: str = "desk"  # desk, cloth, dark, busy, white
    exposure: float = 0.9
    tint: Colour = (1.0, 1.0, 1.0)
    light: float = 0.3  #: how uneven the light is, 0 (even) to 1
    shadow: float = 0.0  #: darkness of a soft shadow across the page, 0 for none
    blur: float = 0.8
    noise: float = 3.0
    sharpen: float = 0.0
    jpeg: int | None = 85


def _low_res(frame: tuple[int, int], make: Callable[[int, int], np.ndarray],
             longest: int = 320) -> np.ndarray:
    """Builds a smooth full-frame field at low resolution and scales it up."""
    width, height = frame
    factor = max(1, max(width, height) // longest)
    small = make(max(2, width // factor), max(2, height // factor))
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def _wood(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A wooden desk: long grain streaks and growth rings, along x or y."""
    along, across = (w, h) if rng.random() < 0.6 else (h, w)
    grain = cv2.resize(rng.standard_normal((across, max(2, along // 25)), dtype=np.float32),
                       (along, across), interpolation=cv2.INTER_CUBIC)
    warp = cv2.resize(rng.standard_normal((3, 2), dtype=np.float32), (along, across),
                      interpolation=cv2.INTER_CUBIC)
    rows = np.arange(across, dtype=np.float32)[:, None]
    rings = np.sin(2 * np.pi * (rows / (across * rng.uniform(0.05, 0.15)) + 0.3 * warp))
    shade = 1 + 0.08 * grain + 0.04 * rings
    if (along, across) != (w, h):
        shade = shade.T
    base = rng.uniform([0.08, 0.2, 0.32], [0.3, 0.45, 0.7])
    return (np.array(base, np.float32) * shade[..., None]).astype(np.float32)


def _busy(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A room behind the camera's subject: coloured shapes, out of focus."""
    image = np.full((h, w, 3), rng.uniform(0.15, 0.5, 3), np.float32)
    for _ in range(int(rng.integers(8, 25))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        size = rng.integers(max(2, w // 20), max(3, w // 3), 2)
        grey = rng.uniform(0.05, 0.8)
        colour = tuple(float(c) for c in np.clip(grey + rng.normal(0, 0.12, 3), 0, 1))
        if rng.random() < 0.5:
            cv2.rectangle(image, (x, y), (int(x + size[0]), int(y + size[1])), colour, -1)
        else:
            cv2.circle(image, (x, y), int(size[0] // 2), colour, -1)
    return cv2.GaussianBlur(image, (0, 0), rng.uniform(1.0, 4.0) * w / 320)


def background(kind: str, frame: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """What lies around the page: a wooden desk, a cloth, a dark room, a busy room, white."""

    def make(w: int, h: int) -> np.ndarray:
        if kind == "white":
            return np.full((h, w, 3), rng.uniform(0.9, 1.0), np.float32)
        if kind == "busy":
            return _busy(w, h, rng)
        if kind == "desk":
            return _wood(w, h, rng)
        base = {"cloth": rng.uniform([0.35, 0.15, 0.05], [0.65, 0.35, 0.2]),
                "dark": rng.uniform(0.03, 0.12, 3)}[kind]
        folds = cv2.resize(rng.standard_normal((3, 4), dtype=np.float32), (w, h),
                           interpolation=cv2.INTER_CUBIC)
        weave = cv2.GaussianBlur(rng.standard_normal((h, w), dtype=np.float32), (0, 0), 0.8)
        shade = np.clip(1 + 0.15 * folds + 0.05 * weave, 0.3, 2)
        return (np.array(base, np.float32) * shade[..., None]).astype(np.float32)

    return _low_res(frame, make, 1000)


def light_field(camera: Camera, rng: np.random.Generator) -> np.ndarray:
    """How much light reaches each pixel: a slope, a falloff to the corners, a shadow."""

    def make(w: int, h: int) -> np.ndarray:
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        u, v = xs / w - 0.5, ys / h - 0.5
        gx, gy = rng.uniform(-1, 1, 2) * 0.5 * camera.light
        field = 1 + gx * u + gy * v
        cx, cy = rng.uniform(-0.3, 0.3, 2)
        field *= 1 - camera.light * 0.7 * ((u - cx) ** 2 + (v - cy) ** 2)
        if camera.shadow > 0:
            shadow = np.zeros((h, w), np.float32)
            if rng.random() < 0.5:  # a hand or a phone: a blob
                centre = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
                axes = (int(rng.uniform(0.15, 0.4) * w), int(rng.uniform(0.1, 0.3) * h))
                cv2.ellipse(shadow, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
            else:  # the edge of something: a half plane
                angle = rng.uniform(0, 2 * np.pi)
                offset = rng.uniform(0.15, 0.45)
                shadow[(u * np.cos(angle) + v * np.sin(angle)) > offset] = 1.0
            shadow = cv2.GaussianBlur(shadow, (0, 0), rng.uniform(0.04, 0.1) * w)
            field *= 1 - camera.shadow * shadow
        return field

    return _low_res(camera.frame, make)


def _drop_shadow(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The page's soft shadow on the desk, from the page's mask (worked at low resolution)."""
    height, width = mask.shape
    factor = max(1, max(width, height) // 480)
    small = cv2.resize(mask, (width // factor, height // factor), interpolation=cv2.INTER_AREA)
    small_h, small_w = small.shape
    small = cv2.GaussianBlur(small, (0, 0), max(small_w, small_h) * rng.uniform(0.004, 0.012))
    shift = np.float32([[1, 0, rng.uniform(-1, 1) * small_w * 0.006],
                        [0, 1, rng.uniform(0, 1) * small_h * 0.008]])
    small = cv2.warpAffine(small, shift, (small_w, small_h))
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def photograph(sheet: np.ndarray, camera: Camera, rng: np.random.Generator) -> np.ndarray:
    """The page as the camera sees it (BGR uint8, before the file is written)."""
    width, height = camera.frame
    size = (width, height)
    image = cv2.warpPerspective(sheet, camera.matrix, size, flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT)
    page_h, page_w = sheet.shape[:2]
    corners = _warp_points(np.array([[0, 0], [page_w, 0], [page_w, page_h], [0, page_h]]),
                           camera.matrix).astype(np.float32)
    inside = [cv2.pointPolygonTest(corners, (float(x), float(y)), False) > 0
              for x, y in ((0, 0), (width, 0), (width, height), (0, height))]
    if not all(inside):
        mask = cv2.warpPerspective(np.ones((page_h, page_w), np.float32), camera.matrix, size,
                                   flags=cv2.INTER_LINEAR)
        desk = background(camera.background, size, rng)
        desk *= (1 - 0.45 * _drop_shadow(mask, rng))[..., None]
        desk -= image
        desk *= (1 - mask)[..., None]
        image += desk  # page where the mask is 1, desk where it is 0
    gain = np.array(camera.tint, np.float32) * (camera.exposure * 255)
    image *= light_field(camera, rng)[..., None] * gain
    if camera.blur > 0:
        image = cv2.GaussianBlur(image, (0, 0), camera.blur)
    if camera.sharpen > 0:
        soft = cv2.GaussianBlur(image, (0, 0), 1.5 + camera.blur)
        image = cv2.addWeighted(image, 1 + camera.sharpen, soft, -camera.sharpen, 0)
    add_noise(image, camera.noise, rng)
    return np.clip(image, 0, 255).astype(np.uint8)


def add_noise(image: np.ndarray, sigma: float, rng: np.random.Generator) -> None:
    """Sensor noise in place: mostly brightness, some blotchy colour; more in the light."""
    if sigma <= 0:
        return
    height, width = image.shape[:2]
    luma = rng.standard_normal((height, width), dtype=np.float32)
    luma *= sigma * (0.6 + 0.4 * image.mean(axis=2) / 255)
    image += luma[..., None]
    small = rng.standard_normal((max(1, height // 2), max(1, width // 2), 3), dtype=np.float32)
    image += cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR) * (sigma * 0.35)


def encode(image: np.ndarray, jpeg: int | None) -> tuple[np.ndarray, bytes, str]:
    """The file a device writes (JPEG at ``jpeg`` quality, or PNG) and its decoded picture."""
    if jpeg is None:
        ok, data = cv2.imencode(".png", image)
        return image, data.tobytes(), ".png"
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg)])
    return cv2.imdecode(data, cv2.IMREAD_COLOR), data.tobytes(), ".jpg"


# --- kinds ---------------------------------------------------------------------------------


def _page_colour(rng: np.random.Generator, sticky: float = 0.1) -> Colour:
    if rng.random() < sticky:
        return PAPERS["sticky"]
    return PAPERS["white" if rng.random() < 0.6 else "offwhite"]


def _photo_camera(rng: np.random.Generator, frame: tuple[int, int], matrix: np.ndarray,
                  dim: bool = False, **changes) -> Camera:
    """Typical settings of a hand-held photo, scaled to the picture's size."""
    scale = max(frame) / 1280
    warm = rng.random() < 0.5
    tint = (rng.uniform(0.84, 0.95), rng.uniform(0.94, 0.99), 1.0) if warm else tuple(
        rng.uniform(0.95, 1.02, 3))
    settings = dict(
        background=("desk", "cloth", "dark", "busy")[rng.integers(4)],
        exposure=rng.uniform(0.48, 0.62) if dim else rng.uniform(0.78, 1.02),
        tint=tuple(float(t) for t in tint), light=rng.uniform(0.1, 0.6),
        shadow=rng.uniform(0.2, 0.5) if rng.random() < 0.4 else 0.0,
        blur=rng.uniform(0.4, 1.1) * max(1.0, scale ** 0.7),
        noise=rng.uniform(5, 9) if dim else rng.uniform(1.5, 5),
        sharpen=rng.uniform(0.2, 0.8) if rng.random() < 0.4 else 0.0,
        jpeg=int(rng.integers(62, 93)))
    settings.update(changes)
    return Camera(frame, matrix, **settings)


def _picture(kind: str, image: np.ndarray, truths: list[Truth], kept: list[list[Placed]],
             jpeg: int | None) -> Picture:
    decoded, data, suffix = encode(image, jpeg)
    return Picture(decoded, tuple(truths), numbers_of(kept), kind, data, suffix)


def _photo_of_page(kind: str, rng: np.random.Generator, sheet: np.ndarray,
                   numbers: list[list[Placed]], camera: Camera) -> Picture | None:
    """Keeps the numbers the camera sees whole, writes them, takes the photo."""
    kept, truths = visible_numbers(numbers, camera.matrix, camera.frame)
    if not truths:
        return None
    ink(sheet, kept)
    return _picture(kind, photograph(sheet, camera, rng), truths, kept, camera.jpeg)


def _notebook(kind: str, rng: np.random.Generator, sources: Sources,
              frame: tuple[int, int], digit_range: tuple[float, float],
              ruling: str, angle: float, fill: bool, max_digits: int = 100,
              lengths: tuple[int, ...] | None = None) -> Picture | None:
    """A photo of a page of numbers: plain, ruled or squared paper, rotated by ``angle``."""
    width, height = frame
    digit = float(np.exp(rng.uniform(*np.log(digit_range))))
    if fill:
        page = (int(width * rng.uniform(1.15, 1.5)), int(height * rng.uniform(1.15, 1.5)))
        scale = 1.0
    else:
        share = rng.uniform(0.6, 0.88)
        aspect = rng.uniform(0.7, 1.42)
        page_h = min(height * share, width * share / aspect)
        page = (int(page_h * aspect), int(page_h))
        scale = rng.uniform(0.92, 1.0)
    centre = (width / 2 + rng.uniform(-0.05, 0.05) * width,
              height / 2 + rng.uniform(-0.05, 0.05) * height)
    matrix = homography(page, centre, scale, angle, rng.uniform(0.0, 0.1), rng)
    x0, y0, x1, y1 = _seen_part(page, matrix, frame)
    sheet = paper(page, _page_colour(rng, 0.08), rng)
    writer = Writer(rng, sources, pick_hand(rng), pick_pen(
        rng, digit, weights=(0.25, 0.45, 0.2, 0.1)),
        max_digits=int(rng.integers(max_digits // 3, max_digits + 1)))
    left = max(page[0] * rng.uniform(0.03, 0.1), x0)
    top = max(page[1] * rng.uniform(0.02, 0.1), y0)
    rows: list[tuple[float, float]] = []
    if ruling == "lined":
        spacing = digit / rng.uniform(0.5, 0.8)
        margin_x = page[0] * rng.uniform(0.03, 0.1) + rng.uniform(0.5, 1.5) * spacing
        lines = rule(sheet, spacing, rng.uniform(1.0, 2.5) * spacing, margin_x, rng)
        step = 1 if rng.random() < 0.7 else 2
        if step == 2:
            digit = spacing * rng.uniform(1.15, 1.5)
        rows = [(y + rng.uniform(-0.1, 0.05) * spacing, digit) for y in lines[::step]]
        left = max(margin_x + rng.uniform(0.2, 0.6) * spacing, x0)
    elif ruling == "squared":
        cell = digit / rng.uniform(1.4, 3.0)
        _, oy = grid(sheet, cell, rng)
        pitch = int(np.ceil(digit / cell)) + int(rng.integers(1, 3))
        rows = [(float(y + rng.uniform(-0.08, 0.05) * cell), digit)
                for y in np.arange(oy + pitch * cell, page[1], pitch * cell)]
    else:
        pitch = digit * rng.uniform(1.3, 2.0)
        rows = [(float(y), digit) for y in np.arange(top + digit, page[1], pitch)]
    rows = [(y, h) for y, h in rows if y - h >= top and y <= y1]
    if kind != "tilted":  # tilted rows stay close: they must not merge
        rows = rows[::int(rng.choice([1, 1, 2]))]  # now and then an empty row between
    right = min(page[0] * rng.uniform(0.85, 0.97), x1)
    numbers = write_rows(writer, rows, left, right, page, lengths, ragged=0.3)
    camera = _photo_camera(rng, frame, matrix, dim=rng.random() < 0.12)
    return _photo_of_page(kind, rng, sheet, numbers, camera)


def _seen_part(page: tuple[int, int], matrix: np.ndarray, frame: tuple[int, int],
               ) -> tuple[float, float, float, float]:
    """The part of the page (left, top, right, bottom in page px) the camera sees, about."""
    width, height = frame
    inset = 0.02 * min(width, height)
    corners = np.array([[inset, inset], [width - inset, inset],
                        [width - inset, height - inset], [inset, height - inset]])
    seen = _warp_points(corners, np.linalg.inv(matrix))
    low, high = seen.min(axis=0), seen.max(axis=0)
    return (max(0.0, low[0]), max(0.0, low[1]), min(float(page[0]), high[0]),
            min(float(page[1]), high[1]))


def lined(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A notebook photo: rows of numbers on ruled paper with a margin line."""
    frame = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    return _notebook("lined", rng, sources, frame, (22, 70), "lined", rng.uniform(-3, 3),
                     rng.random() < 0.6)


def squared(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A notebook photo: rows of numbers on squared (grid) paper."""
    frame = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    return _notebook("squared", rng, sources, frame, (22, 70), "squared", rng.uniform(-3, 3),
                     rng.random() < 0.6)


def tilted(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A sheet turned 5-15 degrees either way, rows of numbers 1.3-2 digit heights apart."""
    frame = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    angle = rng.uniform(5, 15) * rng.choice([-1, 1])
    return _notebook("tilted", rng, sources, frame, (25, 80), "plain", angle,
                     rng.random() < 0.4, lengths=(2, 2, 3, 3, 4, 5))


def phone(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A 12-megapixel phone photo of a sheet on a desk, digits 40-200 px tall."""
    frame = PHONE_SIZES[rng.integers(len(PHONE_SIZES))]
    ruling = ("plain", "lined", "squared")[rng.integers(3)]
    digit_range = (40, 120) if ruling != "plain" else (40, 200)
    return _notebook("phone", rng, sources, frame, digit_range, ruling, rng.uniform(-6, 6),
                     rng.random() < 0.25, max_digits=120)


def tiny(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """Digits 10-16 px tall in a webcam-size frame of paper."""
    frame = WEBCAM_SIZES[rng.integers(2)]
    width, height = frame
    digit = rng.uniform(11, 15)
    page = (int(width * rng.uniform(1.05, 1.3)), int(height * rng.uniform(1.05, 1.3)))
    sheet = paper(page, _page_colour(rng, 0.1), rng)
    pen = pick_pen(rng, digit, ("fineliner", "ballpoint", "pencil"), (0.3, 0.5, 0.2))
    pen = Pen(pen.kind, float(np.clip(pen.width, 1.0, 1.7)), pen.colour, pen.opacity)
    style = Style(number_gap=(1.2, 4.0))
    writer = Writer(rng, sources, pick_hand(rng), pen, style, int(rng.integers(60, 160)))
    pitch = digit * rng.uniform(1.6, 3.5)
    rows = [(float(y), digit) for y in np.arange(page[1] * 0.12, page[1] * 0.9, pitch)]
    rows = rows[::int(rng.integers(1, 4))]  # spread over the page
    numbers = write_rows(writer, rows, page[0] * 0.08, page[0] * 0.92, page, ragged=0.6)
    matrix = homography(page, (width / 2, height / 2), 1.0, rng.uniform(-3, 3),
                        rng.uniform(0, 0.05), rng)
    camera = _photo_camera(rng, frame, matrix, blur=rng.uniform(0.3, 0.6),
                           noise=rng.uniform(1.5, 3.5), jpeg=int(rng.integers(75, 93)),
                           sharpen=0.0)
    return _photo_of_page("tiny", rng, sheet, numbers, camera)


def _one_number_photo(kind: str, rng: np.random.Generator, sources: Sources,
                      frame: tuple[int, int], labels_rows: list[list[int]], digit: float,
                      pen: Pen, colour: Colour, camera_changes: dict) -> Picture | None:
    """Numbers (one per row) on a note or sheet in front of the camera, centred."""
    width, height = frame
    writer = Writer(rng, sources, pick_hand(rng), pen, Style(touching=0.02))
    pitch = digit * rng.uniform(1.25, 1.6)
    block_h = digit + pitch * (len(labels_rows) - 1)
    note = max(block_h / rng.uniform(0.55, 0.85), 0.3 * height)
    page = (int(max(note * rng.uniform(0.9, 1.3), 1)), int(note))
    rows = []
    for index, labels in enumerate(labels_rows):
        number = write_number(writer, labels, digit, 0, 0)
        rows.append((number, index * pitch))
    widest = max(_extent(n)[2] - _extent(n)[0] for n, _ in rows)
    page = (int(max(page[0], widest / rng.uniform(0.6, 0.9))), page[1])
    sheet = paper(page, colour, rng)
    top = (page[1] - block_h) / 2 + digit
    numbers = []
    for number, dy in rows:
        x0, _, x1, _ = _extent(number)
        dx = (page[0] - (x1 - x0)) / 2 - x0 + rng.uniform(-0.05, 0.05) * page[0]
        moved = [Placed(p.label, p.coverage, p.strength, p.colour, round(p.x + dx),
                        round(p.y + top + dy)) for p in number]
        x0, y0, x1, y1 = _extent(moved)
        if x0 < 0 or y0 < 0 or x1 > page[0] or y1 > page[1]:
            return None
        numbers.append(moved)
    centre = (width / 2 + rng.uniform(-0.08, 0.08) * width,
              height / 2 + rng.uniform(-0.06, 0.06) * height)
    matrix = homography(page, centre, 1.0, rng.uniform(-8, 8), rng.uniform(0, 0.12), rng)
    camera = _photo_camera(rng, frame, matrix, **camera_changes)
    return _photo_of_page(kind, rng, sheet, numbers, camera)


def webcam(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A sticky note or sheet held up to a webcam: 1-4 digits 30-90% of the frame tall."""
    frame = WEBCAM_SIZES[rng.integers(2)]
    share = rng.uniform(0.3, 0.9)
    digit = share * frame[1]
    fits = int(frame[0] * 0.8 / (0.8 * digit))  # digits about 0.8 of their height wide
    count = int(rng.integers(1, int(np.clip(fits, 1, 4)) + 1))
    rows = [number_labels(rng, count)]
    if share < 0.42 and count >= 2 and rng.random() < 0.4:
        rows = [rows[0][: count // 2], rows[0][count // 2:]]
    pen = pick_pen(rng, digit, weights=(0.15, 0.3, 0.15, 0.4))
    colour = PAPERS["sticky"] if rng.random() < 0.55 else PAPERS["white"]
    changes = dict(background=("dark", "busy")[rng.integers(2)],
                   blur=rng.uniform(0.8, 2.0) * max(frame) / 1280 * 1.3,
                   noise=rng.uniform(3, 7), jpeg=int(rng.integers(58, 86)),
                   exposure=rng.uniform(0.7, 1.0))
    return _one_number_photo("webcam", rng, sources, frame, rows, digit, pen, colour, changes)


def closeup(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """One digit 50-95% of the picture tall, photographed, or scanned / drawn clean."""
    width = int(np.exp(rng.uniform(np.log(120), np.log(1280))))
    height = int(np.clip(width * rng.uniform(0.55, 1.35), 120, 720))
    frame = (width, min(width * 2, height))
    digit = rng.uniform(0.56, 0.9) * frame[1]
    label = int(rng.integers(10))
    pen = pick_pen(rng, digit)
    if rng.random() < 0.3:
        return _clean_closeup(rng, sources, frame, label, digit, pen)
    colour = _page_colour(rng, 0.2)
    changes = dict(exposure=rng.uniform(0.5, 0.6) if rng.random() < 0.15 else
                   rng.uniform(0.78, 1.02), blur=rng.uniform(0.3, 1.2) * max(frame) / 640)
    picture = _one_number_photo("closeup", rng, sources, frame, [[label]], digit, pen, colour,
                                changes)
    if picture is None or not 0.5 <= picture.truths[0].box[3] / frame[1] <= 0.95:
        return None
    return picture


def _clean_closeup(rng: np.random.Generator, sources: Sources, frame: tuple[int, int],
                   label: int, digit: float, pen: Pen) -> Picture | None:
    """A digit drawn on a white canvas or scanned: no perspective, little noise."""
    writer = Writer(rng, sources, pick_hand(rng), pen)
    coverage, strength = writer.digit(label, digit)
    ph, pw = coverage.shape
    x = round(rng.uniform(0, max(0.0, frame[0] - pw)))
    y = round(rng.uniform(0, max(0.0, frame[1] - ph)))
    placed = [[Placed(label, coverage, strength, pen.colour, x, y)]]
    colour = (1.0, 1.0, 1.0) if rng.random() < 0.4 else PAPERS["white"]
    sheet = paper(frame, colour, rng, grain=0.0 if colour == (1.0, 1.0, 1.0) else 0.01)
    kept, truths = visible_numbers(placed, np.eye(3), frame)
    if not truths:
        return None
    ink(sheet, kept)
    image = sheet * 255 * rng.uniform(1.0, 1.06)
    if rng.random() < 0.5:
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.3, 0.7))
        add_noise(image, rng.uniform(0.5, 2), rng)
    jpeg = None if rng.random() < 0.5 else int(rng.integers(80, 96))
    return _picture("closeup", np.clip(image, 0, 255).astype(np.uint8), truths, kept, jpeg)


def crop(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A small crop (100x40 to 320x130) of a photo: 2-6 digits nearly fill its height."""
    height = int(rng.integers(40, 131))
    count = int(rng.integers(2, 7))
    digit = height * rng.uniform(0.6, 0.85)
    pen = pick_pen(rng, digit, ("fineliner", "ballpoint", "pencil", "marker"),
                   (0.25, 0.5, 0.15, 0.1))
    if pen.kind in ("ballpoint", "pencil"):  # small crops are of bold writing
        pen = Pen(pen.kind, max(pen.width, 0.05 * digit), pen.colour, pen.opacity)
    writer = Writer(rng, sources, pick_hand(rng), pen, Style(digit_gap=(0.05, 0.4)))
    for _ in range(6):
        number = write_number(writer, number_labels(rng, count), digit, 0, 0)
        x0, _, x1, _ = _extent(number)
        margin = height * rng.uniform(0.1, 0.5)
        if x1 - x0 + 2 * margin <= 320:
            break
        count = max(2, count - 1)
    else:
        return None
    width = int(np.clip(x1 - x0 + 2 * margin, 100, 320))
    frame = (width, height)
    page = (width + 2 * height, 2 * height)
    top = page[1] / 2 + digit / 2 + rng.uniform(-0.06, 0.06) * height
    dx = page[0] / 2 - (x0 + x1) / 2 + rng.uniform(-0.1, 0.1) * (width - (x1 - x0))
    numbers = [[Placed(p.label, p.coverage, p.strength, p.colour, round(p.x + dx),
                       round(p.y + top)) for p in number]]
    sheet = paper(page, PAPERS["white"], rng, grain=0.015)
    matrix = homography(page, (width / 2, height / 2), 1.0, rng.uniform(-3, 3),
                        rng.uniform(0, 0.04), rng)
    camera = _photo_camera(rng, frame, matrix, exposure=rng.uniform(0.7, 0.88),
                           blur=rng.uniform(0.4, 0.9), noise=rng.uniform(1.5, 4),
                           light=rng.uniform(0.0, 0.2), shadow=0.0,
                           jpeg=int(rng.integers(65, 92)))
    picture = _photo_of_page("crop", rng, sheet, numbers, camera)
    return picture if picture is not None and len(picture.truths) == len(number) else None


def _show_through(sheet: np.ndarray, dpi: float, rng: np.random.Generator) -> None:
    """Faint print from the back of the page, mirrored and blurred."""
    height, width = sheet.shape[:2]
    layer = np.zeros((height, width), np.uint8)
    line = dpi * rng.uniform(0.14, 0.2)
    scale = cv2.getFontScaleFromHeight(cv2.FONT_HERSHEY_SIMPLEX, int(line * 0.55), 2)
    y = rng.uniform(0.05, 0.4) * height
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789.,=-"))
    for _ in range(int(rng.integers(4, 25))):
        if y > height:
            break
        text = " ".join("".join(rng.choice(letters, rng.integers(1, 9)))
                        for _ in range(int(rng.integers(3, 12))))
        cv2.putText(layer, text, (int(rng.uniform(0.05, 0.3) * width), int(y)),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, 255, max(1, int(dpi / 150)), cv2.LINE_AA)
        y += line * rng.uniform(1.0, 2.5)
    layer = cv2.GaussianBlur(np.ascontiguousarray(layer[:, ::-1]).astype(np.float32), (0, 0),
                             dpi / rng.uniform(60, 100))
    sheet *= (1 - rng.uniform(0.04, 0.1) * layer / max(float(layer.max()), 1.0))[..., None]


def _scanner_edge(image: np.ndarray, rng: np.random.Generator) -> list[Box]:
    """Dark strips along one or two sides where the scanner saw past the page; returns the
    areas they cover (with a margin) for digits to keep off."""
    height, width = image.shape[:2]
    keep_out = []
    sides = rng.choice(4, int(rng.integers(1, 3)), replace=False)
    for side in sides:
        along, across = (width, height) if side in (0, 2) else (height, width)
        a, b = rng.uniform(0.002, 0.02, 2) * across + 2
        soft = rng.uniform(0.8, 3.0)
        edge = np.linspace(a, b, along, dtype=np.float32)
        depth = np.arange(across, dtype=np.float32)[:, None]
        alpha = np.clip((edge[None, :] - depth) / soft + 0.5, 0, 1)  # (across, along)
        if side in (1, 3):
            alpha = alpha.T
        if side == 2:
            alpha = alpha[::-1]
        if side == 1:
            alpha = alpha[:, ::-1]
        dark = rng.uniform(0.05, 0.4) * 255
        image[:] = image * (1 - alpha[..., None]) + dark * alpha[..., None]
        reach = int(max(a, b) + 3 * soft + 4)
        keep_out.append({0: (0, 0, width, reach), 1: (width - reach, 0, reach, height),
                         2: (0, height - reach, width, reach), 3: (0, 0, reach, height)}[side])
    return keep_out


def scan(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A flatbed scan of part of an A4 page at 150-300 dpi: faint pen on white, a dark
    scanner edge, now and then show-through print from the back."""
    dpi = float(rng.choice([150, 200, 240, 300]))
    a4 = (8.27 * dpi, 11.69 * dpi)
    frame = (int(a4[0] * rng.uniform(0.45, 0.9)), int(a4[1] * rng.uniform(0.25, 0.55)))
    digit = dpi / 25.4 * rng.uniform(5, 11)  # 5-11 mm tall
    sheet = paper(frame, PAPERS["white"], rng, grain=0.006)
    if rng.random() < 0.5:
        _show_through(sheet, dpi, rng)
    pen = pick_pen(rng, digit, ("fineliner", "ballpoint", "pencil"), (0.25, 0.6, 0.15))
    if pen.kind == "ballpoint" and rng.random() < 0.7:  # faint blue
        pen = Pen(pen.kind, pen.width, (0.72, 0.42, 0.30), pen.opacity * rng.uniform(0.7, 0.9))
    writer = Writer(rng, sources, pick_hand(rng), pen, max_digits=int(rng.integers(20, 110)))
    pitch = digit * rng.uniform(1.4, 2.4)
    rows = [(float(y), digit) for y in np.arange(frame[1] * rng.uniform(0.08, 0.2) + digit,
                                                  frame[1] * 0.95, pitch)]
    rows = rows[::int(rng.choice([1, 1, 2]))]
    numbers = write_rows(writer, rows, frame[0] * rng.uniform(0.06, 0.15), frame[0] * 0.92,
                         frame, ragged=0.3)
    image = sheet * 255 * rng.uniform(1.04, 1.1)
    keep_out = tuple(_scanner_edge(image, rng))
    angle = rng.uniform(-0.8, 0.8)
    matrix = np.vstack([cv2.getRotationMatrix2D((frame[0] / 2, frame[1] / 2), angle, 1.0),
                        [0, 0, 1]])
    kept, truths = visible_numbers(numbers, matrix, frame, keep_out)
    if not truths:
        return None
    inked = np.ones((frame[1], frame[0], 3), np.float32)
    ink(inked, kept)
    inked = cv2.warpAffine(inked, matrix[:2], frame, flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)
    image *= inked
    for _ in range(int(rng.integers(0, 12))):  # dust
        cv2.circle(image, (int(rng.integers(frame[0])), int(rng.integers(frame[1]))),
                   int(rng.integers(1, 3)), (float(rng.uniform(60, 180)),) * 3, -1, cv2.LINE_AA)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.4, 0.8))
    add_noise(image, rng.uniform(0.8, 2.5), rng)
    image = np.clip(image, 0, 255).astype(np.uint8)
    jpeg = None if rng.random() < 0.3 else int(rng.integers(80, 96))
    return _picture("scan", image, truths, kept, jpeg)


MAKERS: dict[str, Callable[[np.random.Generator, Sources], Picture | None]] = {
    "closeup": closeup, "crop": crop, "scan": scan, "lined": lined, "squared": squared,
    "tilted": tilted, "phone": phone, "webcam": webcam, "tiny": tiny,
}
MAX_TRIES = 30


def make_picture(kind: str, seed: int, sources: Sources) -> Picture:
    """A picture of ``kind`` (one of ``KINDS``) from ``seed``; the same seed gives the same
    picture. Raises ValueError for an unknown kind."""
    if kind not in MAKERS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    rng = np.random.default_rng([seed, KINDS.index(kind)])
    for _ in range(MAX_TRIES):
        picture = MAKERS[kind](rng, sources)
        if picture is not None:
            return picture
    raise RuntimeError(f"no {kind} picture with seed {seed} in {MAX_TRIES} tries")


# --- command line -------------------------------------------------------------------------


def gt_entry(name: str, picture: Picture) -> dict:
    """One picture's entry in gt.json (the layout of paper_dev/gt.json)."""
    height, width = picture.image.shape[:2]
    return {"file": name, "kind": picture.kind, "size": [width, height],
            "digits": [{"box": list(t.box), "digit": t.label} for t in picture.truths],
            "numbers": list(picture.numbers)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for pictures + gt.json")
    parser.add_argument("--kinds", type=str, default=",".join(KINDS),
                        help=f"comma-separated kinds (default: all of {', '.join(KINDS)})")
    parser.add_argument("--count", type=int, default=10, help="pictures of each kind")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first picture")
    parser.add_argument("--data", type=str, default=None, help="MNIST npz (default: lookup)")
    parser.add_argument("--pendigits", type=str, default=None,
                        help="pendigits file (default: lookup)")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    sources = load_sources(args.data, args.pendigits)
    args.out.mkdir(parents=True, exist_ok=True)
    entries = []
    for kind in kinds:
        started = time.perf_counter()
        for index in range(args.count):
            picture = make_picture(kind, args.seed + index, sources)
            name = f"{kind}_{args.seed + index:05d}{picture.suffix}"
            (args.out / name).write_bytes(picture.data)
            entries.append(gt_entry(name, picture))
        print(f"{kind}: {args.count} pictures in {time.perf_counter() - started:.1f} s")
    gt = {"set": args.out.name,
          "what": ("Synthetic photos and scans of handwritten digits on paper from "
                   f"bench/paper_photos.py (seeds {args.seed}-{args.seed + args.count - 1}); "
                   "writers held out of training. Boxes [x, y, w, h] in image pixels, tight "
                   "around the ink; numbers in reading order."),
          "images": entries}
    (args.out / "gt.json").write_text(json.dumps(gt, indent=1) + "\n")
    print(f"wrote {len(entries)} pictures and gt.json to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
