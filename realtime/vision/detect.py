"""Finding the handwritten digits in a picture: blobs of ink, and the ways to read them.

The ink mask comes from ``paper.ink_mask``. Then:

1. **Parts**: outer contours of the ink, after the lines of ruled or squared paper are
   taken out (``lines.py``). Specks are dropped, and so are marks cut by the edge of a
   photo (the desk, a dark rim, a scanner edge, half a digit) and long flat lines (the
   page edge, an underline) that are not digits.
2. **Digits**: parts stacked in one column merge (a 5's detached top, a 4 in two
   strokes); digits of an implausible size or fill are dropped.
3. **Touching digits**: a blob wide enough to hold several digits is offered whole and
   cut at its thinnest columns; the classifier picks the reading it is surest of.

Sizes are in pixels of the working picture, from ``min_height`` up to nearly the whole
picture, so a close-up of one digit and a page of small ones go through the same steps.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import cv2
import numpy as np

from realtime.boxes import Box, side_by_side, union_box
from realtime.vision.lines import LineConfig, holds_lines, page_span, remove_lines
from realtime.vision.paper import InkMask, PaperConfig, ink_mask
from realtime.vision.picture import Picture
from realtime.vision.segment import Segment, group_parts

_AROUND = np.ones((5, 5), np.uint8)  #: a stroke's own anti-aliased rim is not its surroundings
_MEND = np.ones((5, 5), np.uint8)  #: the gap a removed line leaves across a stroke, mended
_BRIDGE = np.ones((9, 9), np.uint8)  #: gaps a removed line leaves along a stroke, bridged
#: Upright lines are compared with the other digits' heights when there are this many.
MIN_DIGITS_TO_COMPARE = 3
#: Widest strip beside a thin mark looked at to tell a page's rim from a stroke.
EDGE_STRIP = 6
#: Texture is what is at least this share as dark as the mark's strokes.
TEXTURE_LEVEL = 0.35


@dataclass(frozen=True)
class DetectConfig:
    """Tunable limits of the detector (sizes in pixels of the working picture)."""

    paper: PaperConfig = field(default_factory=PaperConfig)
    lines: LineConfig = field(default_factory=LineConfig)
    min_height: float = 9.0  #: shortest digit kept (the ink of a 10 px digit)
    max_height_share: float = 0.97  #: tallest digit kept, as a share of the picture's height
    max_width_over_height: float = 1.6  #: wider blobs are not read as one digit
    min_split_ratio: float = 1.1  #: blobs at least this wide may be several touching digits
    max_pieces: int = 4  #: a blob is cut into at most this many digits
    min_split_height: float = 1.5  #: blobs under this many times min_height are never cut
    cut_reach: float = 0.35  #: a cut is sought this share of a piece's width from even spacing
    min_fill: float = 0.005  #: ink share of a digit's box, at least (a hairline 4 fills 1%) ...
    max_fill: float = 0.8  #: ... and at most, unless it is narrow:
    narrow_width_over_height: float = 0.45  #: narrower than this is a 1, however full
    line_aspect: float = 8.0  #: a part this many times longer than thick is a line ...
    line_length: float = 0.3  #: ... when flat and longer than this share of the short side,
    sliver_aspect: float = 12.0  #: on ruled paper, a flat mark this much longer than thick too
    fragment_ratio: float = 2.5  #: a mark this many times shorter than a digit beside it ...
    fragment_reach: float = 0.5  #: ... and closer to it than this share of its own height
    line_over_digits: float = 2.5  #: or upright, this many times the digits' median height
    upright_line_share: float = 0.5  #: and this share of the picture's height
    min_piece_ratio: float = 0.45  #: a digit cut from a blob is at least this wide (of h) ...
    max_piece_ratio: float = 1.2  #: ... and at most this wide
    surround: float = 0.3  #: the paper around a digit is checked this share of its size out
    max_texture: float = 0.1  #: at most this share of it may be a third as dark as the digit
    margin: int = 3  #: pixels of ink around a digit's box kept for its crop
    #: a thin mark (this much longer than wide) with paper on one side and, across it,
    #: something this share as bright or darker is the rim of a page or a note, not a 1
    edge_thinness: float = 4.0
    edge_step: float = 0.6
    #: a picture with more ink than this is noise: nothing is read (sensor noise marks
    #: 75-85% of a picture; a fat digit on a tight crop up to about half)
    max_ink_share: float = 0.55


@dataclass(frozen=True)
class Candidate:
    """A blob of ink and the ways to read it: as one digit, or cut into 2, 3 or 4.

    The reader decides between the options (the one whose digits it is surest of).
    """

    options: tuple[tuple[Segment, ...], ...]

    @property
    def box(self) -> Box:
        """The whole blob's box."""
        box = self.options[0][0].box
        for segment in self.options[0][1:]:
            box = union_box(box, segment.box)
        return box


def split_columns(mask: np.ndarray, box: Box, count: int, config: DetectConfig) -> list[Box]:
    """Cuts a blob into ``count`` pieces at its thinnest columns near even spacing;
    returns each piece's ink box (an empty piece is left out)."""
    x, y, w, h = box
    profile = np.count_nonzero(mask[y : y + h, x : x + w], axis=0)
    cuts, start = [], 0
    for k in range(1, count):
        centre = round(k * w / count)
        reach = max(1, round(config.cut_reach * w / count))
        low, high = max(start + 1, centre - reach), min(w - 1, centre + reach)
        if low >= high:
            return []
        cut = low + int(np.argmin(profile[low:high]))
        cuts.append(cut)
        start = cut
    pieces = []
    for left, right in zip([0, *cuts], [*cuts, w], strict=True):
        piece = mask[y : y + h, x + left : x + right]
        rows = np.flatnonzero(piece.any(axis=1))
        cols = np.flatnonzero(piece.any(axis=0))
        if len(rows) == 0:
            return []
        pieces.append((x + left + int(cols[0]), y + int(rows[0]), int(cols[-1] - cols[0] + 1),
                       int(rows[-1] - rows[0] + 1)))
    return pieces


def _piece_counts(box: Box, config: DetectConfig) -> list[int]:
    """How many digits a blob of this shape may hold: the options worth classifying (k
    digits fit when each would be between ``min_piece_ratio`` and ``max_piece_ratio`` of
    the blob's height wide)."""
    ratio = box[2] / box[3]
    if ratio < config.min_split_ratio or box[3] < config.min_split_height * config.min_height:
        return [1]  # one digit, or too small to hold two
    counts = [1] if ratio <= config.max_width_over_height else []
    counts += [k for k in range(2, config.max_pieces + 1)
               if k * config.min_piece_ratio <= ratio <= k * config.max_piece_ratio]
    return counts or [config.max_pieces]


@dataclass(frozen=True)
class _BlobInk:
    """A blob's ink around its box, computed once for the paper check and for all the
    ways of cutting it."""

    dark: np.ndarray  #: how much darker than the paper each pixel is, in and around the box
    near: np.ndarray  #: the mask's strokes there, widened by the margin
    x0: int
    y0: int

    @classmethod
    def of(cls, gray: np.ndarray, ink: InkMask, blob: Box, reach: int,
           widen: np.ndarray) -> _BlobInk:
        """The region ``reach`` pixels around the blob (clipped to the picture); strokes
        are widened by the ``widen`` kernel."""
        height, width = gray.shape
        bx, by, bw, bh = blob
        x0, y0 = max(0, bx - reach), max(0, by - reach)
        x1, y1 = min(width, bx + bw + reach), min(height, by + bh + reach)
        near = cv2.dilate(ink.mask[y0:y1, x0:x1], widen)
        if ink.lines is not None:  # ink near a digit but on a line is the line's
            near = cv2.bitwise_and(near, cv2.bitwise_not(ink.lines[y0:y1, x0:x1]))
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


def _touches_border(box: Box, width: int, height: int) -> bool:
    return box[0] == 0 or box[1] == 0 or box[0] + box[2] == width or box[1] + box[3] == height


def _is_rule(box: Box, shape: tuple[int, int], ruled: bool, config: DetectConfig) -> bool:
    """A long flat mark (a ruled line, the page edge, an underline), or on ruled paper a
    hair-thin flat one (a piece of a faint line): never a digit, nor a part of one. (On
    plain paper a thin flat stroke is a fine-liner's 7 bar or 2 base; a long upright
    mark may be a 1: see ``digit_boxes``.)"""
    flatness = box[2] / max(1, box[3])
    return ((flatness >= config.line_aspect and box[2] >= config.line_length * min(shape))
            or (ruled and flatness >= config.sliver_aspect))


def on_an_edge(gray: np.ndarray, box: Box, config: DetectConfig) -> bool:
    """True for a thin mark along a step in brightness: the rim of a page or a sticky note
    against the desk, where one side is paper and the other much darker. A pen stroke,
    however thin, has paper on both sides. The sides are strips as long as the mark just
    beside it (past its anti-aliased rim, no wider than a neighbour's gap); their medians
    ignore a neighbour's strokes crossing them."""
    x, y, w, h = box
    upright = h >= config.edge_thinness * max(1, w)
    if not upright and w < config.edge_thinness * max(1, h):
        return False
    if not upright:  # a flat mark: compare above with below, as columns
        gray, (x, y, w, h) = gray.T, (y, x, h, w)
    reach, strip = 2, max(3, min(w, EDGE_STRIP))
    left = gray[y : y + h, max(0, x - reach - strip) : max(0, x - reach)]
    right = gray[y : y + h, x + w + reach : x + w + reach + strip]
    if left.size == 0 or right.size == 0:
        return False  # at the picture's border: nothing to compare (see find_parts)
    sides = float(np.median(left)), float(np.median(right))
    return min(sides) < config.edge_step * max(sides)


def _is_upright_line(box: Box, config: DetectConfig) -> bool:
    return box[3] >= config.line_aspect * max(1, box[2])


def _outlines(mask: np.ndarray) -> list[Box]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [tuple(int(v) for v in cv2.boundingRect(contour)) for contour in contours]


def _fill(mask: np.ndarray, box: Box) -> float:
    """The share of a box that is ink."""
    x, y, w, h = box
    return cv2.countNonZero(mask[y : y + h, x : x + w]) / float(w * h)


def without_lines(ink: InkMask, config: DetectConfig) -> tuple[InkMask, list[Box]]:
    """The ink with ruled and squared paper's lines taken out, and the boxes of its marks.

    A digit's stroke that crossed a line is cut where the line was: the gap is mended
    with the line's pixels that a small closing of the rest fills (a gap across a
    stroke, not a stretch along the line). Marks are outlined with the remaining gaps
    bridged, so a stroke that ran along a line still holds together as one digit."""
    mask = ink.mask
    boxes = _outlines(mask)
    span = page_span(mask, ink.page)
    ruled = [box for box in boxes if holds_lines(mask, box, ink.page, span, config.lines)]
    if not ruled:
        return ink, boxes
    cleaned = remove_lines(mask, ruled, config.lines)
    lines = cv2.bitwise_and(mask, cv2.bitwise_not(cleaned))
    mended = cv2.bitwise_and(cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE, _MEND), lines)
    cleaned = cv2.bitwise_or(cleaned, mended)
    lines = cv2.bitwise_and(lines, cv2.bitwise_not(mended))
    bridged = cv2.bitwise_or(cleaned, cv2.bitwise_and(cv2.dilate(cleaned, _BRIDGE), lines))
    return dataclasses.replace(ink, mask=cleaned, lines=lines), _outlines(bridged)


def find_parts(mask: np.ndarray, boxes: list[Box], clean: bool, ruled: bool,
               config: DetectConfig) -> list[Box]:
    """The boxes of the ink's marks that may be parts of digits: no specks, no lines, and
    in a photo or a scan nothing cut by the picture's edge (a clean picture, a pad, may
    have digits drawn up to its edge)."""
    height, width = mask.shape
    speck = max(2.0, 0.25 * config.min_height)
    parts = []
    for box in boxes:
        if max(box[2], box[3]) < speck or _is_rule(box, mask.shape, ruled, config):
            continue
        if not clean and _touches_border(box, width, height):
            continue
        parts.append(box)
    return parts


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


def _without_fragments(boxes: list[Box], config: DetectConfig) -> list[Box]:
    """Drops marks much shorter than a digit right beside them (closer than half their own
    height), level with them: a piece broken off a faint stroke, a blot, not a digit."""
    if len(boxes) < 2:
        return boxes
    h = np.asarray(boxes, np.float64)[:, 3]
    shared_rows, gap = side_by_side(boxes)
    # [i, j]: j is a digit beside i, level with it and much taller
    beside = (shared_rows > 0) & (gap <= config.fragment_reach * h[:, None]) & (
        h[None, :] >= config.fragment_ratio * h[:, None])
    return [box for box, small in zip(boxes, beside.any(axis=1), strict=True) if not small]


def digit_boxes(mask: np.ndarray, parts: list[Box], config: DetectConfig) -> list[Box]:
    """Groups parts into digits and keeps those of a digit's size and ink fill. An
    upright line much taller than the other digits is a margin line, not a 1."""
    max_h = config.max_height_share * mask.shape[0]
    boxes = []
    for group in group_parts(parts):
        box = parts[group[0]]
        for i in group[1:]:
            box = union_box(box, parts[i])
        if not config.min_height <= box[3] <= max_h:
            continue
        fill = _fill(mask, box)
        narrow = box[2] < config.narrow_width_over_height * box[3]  # a 1 fills its box
        if config.min_fill <= fill and (narrow or fill <= config.max_fill):
            boxes.append(box)
    boxes = _without_fragments(boxes, config)
    others = [box[3] for box in boxes if not _is_upright_line(box, config)]
    if len(others) >= MIN_DIGITS_TO_COMPARE:
        tallest = max(config.line_over_digits * float(np.median(others)),
                      config.upright_line_share * mask.shape[0])
        boxes = [box for box in boxes if box[3] <= tallest or not _is_upright_line(box, config)]
    return boxes


def find_digits(picture: Picture, config: DetectConfig = DetectConfig()) -> list[Candidate]:
    """Finds the handwritten digits in a prepared picture.

    Returns:
        One Candidate per blob of ink that may be digits (boxes in the working picture's
        pixels); each segment's ``ink`` is that digit's ink (bright on black).
    """
    gray = picture.gray
    ink = ink_mask(picture, config.paper)
    if cv2.countNonZero(ink.mask) > config.max_ink_share * ink.mask.size:
        return []  # noise or a busy scene, not writing on paper: read nothing
    ink, boxes = without_lines(ink, config)
    mask = ink.mask
    parts = find_parts(mask, boxes, picture.clean, ink.lines is not None, config)
    reach = np.ones((2 * config.margin + 1,) * 2, np.uint8)
    min_piece = 0.5 * config.min_height
    candidates = []
    for box in digit_boxes(ink.mask, parts, config):
        around = (config.margin if picture.clean
                  else max(config.margin, round(config.surround * max(box[2], box[3]))))
        blob = _BlobInk.of(gray, ink, box, around, reach)
        if not picture.clean and (on_an_edge(gray, box, config)
                                  or not blob.on_plain_paper(ink, config.max_texture)):
            continue
        options = []
        for count in _piece_counts(box, config):
            pieces = [box] if count == 1 else split_columns(ink.mask, box, count, config)
            if pieces and all(p[3] >= min_piece for p in pieces):
                options.append(blob.segments(pieces, config.margin))
        if not options:  # no cut leaves digit-sized pieces (a 2 with a long tail): whole
            options.append(blob.segments([box], config.margin))
        candidates.append(Candidate(tuple(options)))
    return candidates
