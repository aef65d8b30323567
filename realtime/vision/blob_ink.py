"""A blob's ink and what is around it: whether it stands out from plain paper, as writing
does, and each piece's crop for the classifier."""

from __future__ import annotations

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
        return _texture_share(self.dark, ink.mask[rows, cols], lines, page) <= max_texture

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
                   page: np.ndarray | None) -> float:
    """The share of the paper around a mark's strokes that is at least a third as dark as
    the strokes themselves (``dark``, ``strokes``, ``lines`` and ``page``: the same
    region around the mark; a ruled line is paper, not texture, and the desk off the
    page is neither)."""
    taken = strokes if lines is None else cv2.bitwise_or(strokes, lines)
    around = cv2.bitwise_not(cv2.dilate(taken, _AROUND))
    if page is not None:
        around = cv2.bitwise_and(around, page)
    signal = cv2.mean(dark, strokes)[0]
    _, marks = cv2.threshold(dark, TEXTURE_LEVEL * signal, 255, cv2.THRESH_BINARY)
    return cv2.countNonZero(cv2.bitwise_and(marks, around)) / max(1, cv2.countNonZero(around))
