"""A blob's ink and what is around it: whether it stands out from plain paper, as writing
does, and each piece's crop for the classifier."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from realtime.boxes import Box
from realtime.vision.images import filled_hull
from realtime.vision.ink import InkMask
from realtime.vision.segment import Segment

_AROUND = np.ones((5, 5), np.uint8)  #: a stroke's own anti-aliased rim is not its surroundings
#: Texture is what is at least this share as dark as the mark's strokes.
TEXTURE_LEVEL = 0.35
#: A faint printed grid around a mark: straight runs at least this share of the region's
#: side (and this many pixels) long, level and upright, turned up to this many degrees
#: (in steps of this many), each way covering at least this share of the paper.
GRID_RUN = 0.3
GRID_MIN_RUN = 9
GRID_TILT = 12.0
GRID_TILT_STEP = 4.0
GRID_MIN_SHARE = 0.02
#: A grid's lines are at most this share as dark as the writing on it, on average (where
#: the writing is as faint as the grid, the grid's bits are read as digits).
GRID_MAX_DARKNESS = 0.5
#: A grid's lines are thinner than this square: a dark patch of the desk is not a line.
_THICK = np.ones((5, 5), np.uint8)


@dataclass(frozen=True)
class BlobInk:
    """A blob's ink around its box, computed once for the paper check and for all the
    ways of cutting it."""

    dark: np.ndarray  #: how much darker than the paper each pixel is, in and around the box
    near: np.ndarray  #: the mask's strokes there, widened by the margin
    x0: int
    y0: int

    @classmethod
    def of(cls, gray: np.ndarray, ink: InkMask, blob: Box, reach: int,
           widen: np.ndarray) -> BlobInk:
        """The region ``reach`` pixels around the blob (clipped to the picture); strokes
        are widened by the ``widen`` kernel."""
        height, width = gray.shape
        bx, by, bw, bh = blob
        x0, y0 = max(0, bx - reach), max(0, by - reach)
        x1, y1 = min(width, bx + bw + reach), min(height, by + bh + reach)
        strokes = ink.mask[y0:y1, x0:x1]
        near = cv2.dilate(strokes, widen)
        if ink.lines is not None:  # ink near a digit but on a line is the line's, ...
            lines = ink.lines[y0:y1, x0:x1].copy()
            box = np.s_[by - y0 : by - y0 + bh, bx - x0 : bx - x0 + bw]
            # ... but within the digit's own outline it is a stroke running along it
            lines[box] = cv2.bitwise_and(lines[box], cv2.bitwise_not(filled_hull(strokes[box])))
            near = cv2.bitwise_and(near, cv2.bitwise_not(lines))
        return cls(ink.ink(gray, x0, y0, x1, y1), near, x0, y0)

    def on_plain_paper(self, ink: InkMask, max_texture: float) -> bool:
        """True when the mark stands out from plain paper around it, as writing does;
        False on a textured desk, fabric or wood grain, where the surroundings are full
        of marks nearly as dark (the page is not always found: it may fill the view, or
        its edge be lost in shadow or leak into the desk)."""
        height, width = self.dark.shape
        rows, cols = slice(self.y0, self.y0 + height), slice(self.x0, self.x0 + width)
        lines = None if ink.lines is None else ink.lines[rows, cols]
        page = None if ink.page is None else ink.page[rows, cols]
        return _texture_share(self.dark, ink.mask[rows, cols], lines, page,
                              max_texture) <= max_texture

    def segments(self, pieces: list[Box], margin: int) -> tuple[Segment, ...]:
        """Each piece's box with its crop: the box plus a margin, holding only ink near
        the mask's strokes (so a neighbour's ink is left out) in the piece's own columns
        (a touching neighbour is cut off)."""
        height, width = self.dark.shape
        segments = []
        for x, y, w, h in pieces:
            left, top = max(0, x - margin - self.x0), max(0, y - margin - self.y0)
            right = min(width, x + w + margin - self.x0)
            bottom = min(height, y + h + margin - self.y0)
            crop = cv2.bitwise_and(self.dark[top:bottom, left:right],
                                   self.near[top:bottom, left:right])
            crop[:, : x - self.x0 - left] = 0  # only the piece's own columns
            crop[:, x + w - self.x0 - left :] = 0
            segments.append(Segment(box=(x, y, w, h), ink=crop))
        return tuple(segments)


def _texture_share(dark: np.ndarray, strokes: np.ndarray, lines: np.ndarray | None,
                   page: np.ndarray | None, max_texture: float) -> float:
    """The share of the paper around a mark's strokes that is at least a third as dark as
    the strokes themselves (``dark``, ``strokes``, ``lines`` and ``page``: the same
    region around the mark; a ruled line is paper, not texture, and the desk off the
    page is neither). When that share is over ``max_texture``, a faint printed grid
    (straight lines both ways, too faint to be ink) is paper too (see ``_grid``)."""
    taken = strokes if lines is None else cv2.bitwise_or(strokes, lines)
    around = cv2.bitwise_not(cv2.dilate(taken, _AROUND))
    if page is not None:
        around = cv2.bitwise_and(around, page)
    signal = cv2.mean(dark, strokes)[0]
    _, marks = cv2.threshold(dark, TEXTURE_LEVEL * signal, 255, cv2.THRESH_BINARY)
    texture = cv2.bitwise_and(marks, around)
    paper = max(1, cv2.countNonZero(around))
    share = cv2.countNonZero(texture) / paper
    if share > max_texture:
        grid = _grid(marks, texture, paper, share - max_texture)
        if grid is not None and cv2.mean(dark, grid)[0] <= GRID_MAX_DARKNESS * signal:
            share = cv2.countNonZero(cv2.bitwise_and(texture, cv2.bitwise_not(grid))) / paper
    return share


@functools.lru_cache(maxsize=64)
def _line_kernels(length: int, across: bool) -> tuple[np.ndarray, ...]:
    """Straight one-pixel lines ``length`` long, level (or upright when ``across``) and
    turned up to ``GRID_TILT`` degrees each way."""
    kernels, centre = [], (length - 1) / 2
    for degrees in np.arange(-GRID_TILT, GRID_TILT + 0.5, GRID_TILT_STEP):
        angle = np.deg2rad(degrees + (90.0 if across else 0.0))
        dx, dy = np.cos(angle) * centre, np.sin(angle) * centre
        kernel = np.zeros((length, length), np.uint8)
        cv2.line(kernel, (round(centre - dx), round(centre - dy)),
                 (round(centre + dx), round(centre + dy)), 1, 1)
        kernels.append(kernel)
    return tuple(kernels)


def _grid(marks: np.ndarray, texture: np.ndarray, paper: int, excess: float,
          ) -> np.ndarray | None:
    """The straight lines among ``marks`` (a region's dark pixels) when they run both
    ways, as a printed grid's do (wood grain, fabric and a desk's clutter do not); None
    when they do not, or when they could not take out ``excess`` (a share of the
    ``paper`` pixels) of the ``texture`` around the mark."""
    thin = cv2.bitwise_and(marks, cv2.bitwise_not(cv2.morphologyEx(marks, cv2.MORPH_OPEN,
                                                                   _THICK)))
    if cv2.countNonZero(cv2.bitwise_and(thin, texture)) < excess * paper:
        return None  # mostly thick: blots and patches of a desk, not lines
    length = max(GRID_MIN_RUN, round(GRID_RUN * min(marks.shape)))
    found = []
    for across in (False, True):
        lines = np.zeros_like(marks)
        for kernel in _line_kernels(length, across):
            lines |= cv2.morphologyEx(thin, cv2.MORPH_OPEN, kernel)
        if cv2.countNonZero(lines) < GRID_MIN_SHARE * paper:
            return None
        found.append(lines)
    return found[0] | found[1]
