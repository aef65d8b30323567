"""Sheets of paper: white, off-white or a yellow sticky note with blotches and fibre
grain, and the ruled or squared lines printed on notebook paper."""

from __future__ import annotations

import cv2
import numpy as np

from bench.photos.picture import Colour

#: Paper colours, ruling and grid line colours (BGR reflectance).
PAPERS = {
    "white": (0.94, 0.95, 0.95),
    "offwhite": (0.84, 0.91, 0.94),
    "sticky": (0.42, 0.88, 0.96),
}
RULE_BLUE = (0.78, 0.62, 0.50)
MARGIN_RED = (0.55, 0.52, 0.88)
GRID_COLOURS = ((0.80, 0.66, 0.55), (0.70, 0.70, 0.70), (0.62, 0.50, 0.40), (0.55, 0.55, 0.56))


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


def page_colour(rng: np.random.Generator, sticky: float = 0.1) -> Colour:
    """A random page's colour: a sticky note ``sticky`` of the time, else white or
    off-white."""
    if rng.random() < sticky:
        return PAPERS["sticky"]
    return PAPERS["white" if rng.random() < 0.6 else "offwhite"]
