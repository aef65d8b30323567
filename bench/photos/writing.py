"""Writing on the page: digits rendered in a hand with a pen, set into numbers along a
baseline and numbers along rows, then inked onto the sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bench.photos.hands import Hand, digit_strokes, pick_hand
from bench.photos.pens import Pen, pen_strength
from bench.photos.picture import Placed
from bench.photos.sources import Sources
from realtime.training.strokes import render_strokes

OTHER_HAND = 0.15  #: share of a page's digits written by another hand
PATCH_MARGIN = 2  #: blank px around each rendered digit


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


def extent(number: list[Placed]) -> tuple[int, int, int, int]:
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
            x0, y0, x1, y1 = extent(number)
            if x1 > end or y0 < 0 or y1 > page[1]:
                break
            numbers.append(number)
            x = x1 - PATCH_MARGIN + rng.uniform(*writer.style.number_gap) * height
    return numbers


def ink(sheet: np.ndarray, numbers: list[list[Placed]]) -> None:
    """Writes the digits' ink on the sheet (multiplicative: ink darkens what is under it)."""
    for number in numbers:
        for p in number:
            h, w = p.coverage.shape
            region = sheet[p.y:p.y + h, p.x:p.x + w]
            alpha = p.strength[..., None]
            region *= 1 - alpha * (1 - np.array(p.colour, np.float32))
