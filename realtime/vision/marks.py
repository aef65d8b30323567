"""Which marks of ink may be digits: the paper's lines taken out, then specks, rules, marks
cut by the picture's edge, a page's rim, broken-off fragments and margin lines dropped;
the parts left are grouped into digits' boxes.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from realtime.boxes import Box, side_by_side, union_box
from realtime.vision.detect_config import DetectConfig
from realtime.vision.ink import InkMask
from realtime.vision.light import darkness
from realtime.vision.lines import holds_lines, page_span, remove_lines
from realtime.vision.segment import attach_bars, group_parts

_MEND = np.ones((5, 5), np.uint8)  #: the gap a removed line leaves across a stroke, mended
#: Gaps a removed line leaves across a stroke are bridged this far (pixels) on either side
#: of the line, across it only: along it, the line ran between two digits.
BRIDGE_REACH = 4
_LEVEL = np.ones((1, 2 * BRIDGE_REACH + 1), np.uint8)
_UPRIGHT = np.ones((2 * BRIDGE_REACH + 1, 1), np.uint8)
#: Upright lines are compared with the other digits' heights when there are this many.
MIN_DIGITS_TO_COMPARE = 3
#: Widest strip beside a thin mark looked at to tell a page's rim from a stroke.
EDGE_STRIP = 6
#: A mark whose height and width are both under this share of the shortest digit (or
#: under ``MIN_SPECK`` px) is a speck of dirt or noise.
SPECK_SHARE = 0.25
MIN_SPECK = 2.0
#: A picture with this many marks may be squared paper whose faint lines the threshold
#: broke into pieces, none spanning the page: its lines are sought in the whole ink, and
#: taken out when they are at least this share of it (a dense page of small digits has
#: as many marks, and few long straight runs).
MANY_MARKS = 400
BROKEN_LINES_SHARE = 0.3
#: So may one with this many dashes (marks at least ``DASH_ASPECT`` times wider than
#: tall): the ruled lines of a small note broke into dashes, fewer than ``MANY_MARKS``
#: marks in all (a page of digits has a dozen at most, the bars of 5s and 7s).
MANY_DASHES = 60
DASH_ASPECT = 4
#: A printed box around a digit is at least this many times the shortest digit tall and
#: wide, has ink within this share of its shorter side of each corner, and each of its
#: sides is ink along this share of its length.
FRAME_MIN_SIDE = 1.5
FRAME_CORNER = 0.1
FRAME_SIDE = 0.9
#: A box is hollow: at most this share of it is ink, the digit in it included.
FRAME_MAX_FILL = 0.7
#: Its lines are at most FRAME_LINE px or this share of its shorter side thick.
FRAME_THINNESS = 0.06
#: A printed line's width in the mask (anti-aliased, a little turned); the box's sides
#: are taken out as far in as a corner's reach and a little less than that.
FRAME_LINE = 4
#: Ink taken out as lines is a pen's stroke after all when it is this many times darker
#: than the lines' median and joins a stroke that is left, or spans this many times the
#: shortest digit's height on its own (a crossing of two lines is a dot); the lines are
#: measured when they hold at least this many pixels.
PEN_OVER_LINES = 1.6
PEN_PIECE = 2.0
MIN_LINE_PIXELS = 50


def without_lines(ink: InkMask, gray: np.ndarray, config: DetectConfig,
                  ) -> tuple[InkMask, list[Box]]:
    """The ink (of the working picture ``gray``) with ruled and squared paper's lines
    taken out, and the boxes of its marks.

    What was taken out but is much darker than the lines, joined to a stroke that is
    left or long on its own, is given back: a pen's strokes on a grid fainter than the
    pen. A digit's stroke that crossed a line is cut where the line was: the gap is
    mended with the line's pixels that a small closing of the rest fills (a gap across
    a stroke, not a stretch along the line). Marks are outlined with the remaining gaps
    across the lines bridged, so a stroke cut by a line still holds together as one
    digit, while two digits on one line stay apart."""
    mask = ink.mask
    boxes = _outlines(mask)
    span = page_span(mask, ink.page)
    frames = [box for box in boxes if _is_frame(mask, box, span, config)]
    if frames:
        mask = _frames_out(mask, frames)
        boxes = _outlines(mask)
    ruled = [box for box in boxes if holds_lines(mask, box, ink.page, span, config.lines)]
    dashed = _dashes(boxes) >= MANY_DASHES  # lines broken all over: seek them everywhere
    cleaned = _broken_lines_out(mask, ink.page, config) if dashed else None
    if cleaned is None and ruled:
        cleaned = remove_lines(mask, ruled, config.lines,
                               (config.max_width_over_height, config.line_aspect))
    if cleaned is None and not dashed and len(boxes) >= MANY_MARKS:
        cleaned = _broken_lines_out(mask, ink.page, config)
    if cleaned is None:
        if not frames:
            return ink, boxes
        cleaned = mask
    lines = cv2.bitwise_and(ink.mask, cv2.bitwise_not(cleaned))
    cleaned = _pen_over_lines(cleaned, lines, ink, gray, PEN_PIECE * config.min_height)
    lines = cv2.bitwise_and(lines, cv2.bitwise_not(cleaned))
    mended = cv2.bitwise_and(cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE, _MEND), lines)
    cleaned = cv2.bitwise_or(cleaned, mended)
    lines = cv2.bitwise_and(lines, cv2.bitwise_not(mended))
    bridged = cv2.bitwise_or(cleaned, _bridges(cleaned, lines))
    return dataclasses.replace(ink, mask=cleaned, lines=lines), _outlines(bridged)


def _bridges(cleaned: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The line pixels that bridge a stroke cut by a line: on a level line, strokes within
    ``BRIDGE_REACH`` above or below; on an upright line, beside it."""
    level = cv2.morphologyEx(lines, cv2.MORPH_OPEN, _LEVEL)
    upright = cv2.morphologyEx(lines, cv2.MORPH_OPEN, _UPRIGHT)
    return cv2.bitwise_or(cv2.bitwise_and(cv2.dilate(cleaned, _UPRIGHT), level),
                          cv2.bitwise_and(cv2.dilate(cleaned, _LEVEL), upright))


def _pen_over_lines(cleaned: np.ndarray, lines: np.ndarray, ink: InkMask, gray: np.ndarray,
                    piece: float) -> np.ndarray:
    """``cleaned`` with the pixels taken out as lines given back where they are much darker
    than the lines (``PEN_OVER_LINES``) and join a stroke that is left or span ``piece``
    pixels on their own: a pen's strokes on a printed grid fainter than the pen (where two
    lines cross they are darker too, but only a dot)."""
    where = np.nonzero(lines)
    if len(where[0]) < MIN_LINE_PIXELS:
        return cleaned
    paper = ink.paper if isinstance(ink.paper, int) else ink.paper[where]
    dark = darkness(gray[where], paper).ravel()
    pen = dark > PEN_OVER_LINES * float(np.median(dark))
    if not pen.any():
        return cleaned
    rows, cols = where[0][pen], where[1][pen]
    both = cleaned.copy()
    both[rows, cols] = 255
    _, labels, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    kept = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) >= piece
    kept[labels[cleaned > 0]] = True
    kept[0] = False
    back = kept[labels[rows, cols]]
    both[rows[~back], cols[~back]] = 0  # line pixels: none of them was in ``cleaned``
    return both


def _is_frame(mask: np.ndarray, box: Box, span: tuple[int, int], config: DetectConfig,
              ) -> bool:
    """True for a printed box around a digit (a form's, a worksheet's): a hollow mark of
    at least a digit's height, too short to hold ruled lines (of ``span``, see
    ``page_span``: squared paper's grid is one mark with inked corners too), with ink at
    all four corners of its box (a digit reaches two at most), its four sides straight
    lines."""
    x, y, w, h = box
    if h < FRAME_MIN_SIDE * config.min_height or w < FRAME_MIN_SIDE * config.min_height:
        return False
    if w >= config.lines.min_span * span[0] or h >= config.lines.min_span * span[1]:
        return False
    reach = _frame_reach(w, h)
    corners = (mask[y : y + reach, x : x + reach], mask[y : y + reach, x + w - reach : x + w],
               mask[y + h - reach : y + h, x : x + reach],
               mask[y + h - reach : y + h, x + w - reach : x + w])
    if not all(cv2.countNonZero(corner) for corner in corners):
        return False
    if _fill(mask, box) > FRAME_MAX_FILL:
        return False  # a solid mark (a marker's 1), not a hollow box
    sides = (mask[y : y + reach, x : x + w], mask[y + h - reach : y + h, x : x + w])
    ends = (mask[y : y + h, x : x + reach], mask[y : y + h, x + w - reach : x + w])
    if not (all(cv2.countNonZero(cv2.reduce(side, 0, cv2.REDUCE_MAX)) >= FRAME_SIDE * w
                for side in sides)
            and all(cv2.countNonZero(cv2.reduce(end, 1, cv2.REDUCE_MAX)) >= FRAME_SIDE * h
                    for end in ends)):
        return False
    # printed lines are thin (a boxy 0's strokes are not), and the box holds writing
    thickness = np.median(cv2.reduce(sides[0], 0, cv2.REDUCE_SUM, dtype=cv2.CV_32S)) / 255
    inset = reach + FRAME_LINE
    return (thickness <= max(FRAME_LINE, FRAME_THINNESS * min(w, h))
            and cv2.countNonZero(mask[y + inset : y + h - inset, x + inset : x + w - inset]) > 0)


def _frames_out(mask: np.ndarray, frames: list[Box]) -> np.ndarray:
    """The mask without the printed boxes' sides (see ``_is_frame``): the mark that spans
    the box, near the box's sides (a box photographed a little turned runs up to a
    corner's reach in from them); a digit inside it that does not touch it is kept
    whole."""
    cleaned = mask.copy()
    for x, y, w, h in frames:
        region = cleaned[y : y + h, x : x + w]
        _, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        spanning = [k for k in range(1, len(stats))
                    if stats[k, cv2.CC_STAT_WIDTH] == w and stats[k, cv2.CC_STAT_HEIGHT] == h]
        reach = _frame_reach(w, h) + FRAME_LINE - 1
        band = np.ones((h, w), np.uint8)
        band[reach : h - reach, reach : w - reach] = 0
        for k in spanning:
            region[(labels == k) & (band > 0)] = 0
    return cleaned


def _frame_reach(width: int, height: int) -> int:
    return max(1, round(FRAME_CORNER * min(width, height)))


def _broken_lines_out(mask: np.ndarray, page: np.ndarray | None,
                      config: DetectConfig) -> np.ndarray | None:
    """The mask with lines sought over the whole page taken out, or None when they are
    too small a share of the ink to be a page's broken lines."""
    whole = ((0, 0, mask.shape[1], mask.shape[0]) if page is None
             else tuple(int(v) for v in cv2.boundingRect(page)))
    cleaned = remove_lines(mask, [whole], config.lines)
    ink_pixels = cv2.countNonZero(mask)
    if ink_pixels - cv2.countNonZero(cleaned) < BROKEN_LINES_SHARE * ink_pixels:
        return None
    return cleaned


def _dashes(boxes: list[Box]) -> int:
    """How many marks are dashes: flat, ``DASH_ASPECT`` times wider than tall."""
    return sum(1 for _, _, w, h in boxes if w >= DASH_ASPECT * max(h, 2))


def _outlines(mask: np.ndarray) -> list[Box]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [cv2.boundingRect(contour) for contour in contours]  # a tuple of Python ints


def find_parts(mask: np.ndarray, boxes: list[Box], clean: bool, ruled: bool,
               config: DetectConfig) -> tuple[list[Box], list[Box]]:
    """The boxes of the ink's marks that may be parts of digits: no specks, no lines, no
    frame spanning the whole picture (a flatbed scan's dark edges, which would join every
    digit into one group), and in a photo or a scan nothing cut by the picture's edge (a
    clean picture, a pad, may have digits drawn up to its edge).

    Returns:
        The parts, and in a clean picture the long flat lines, which may still be a
        digit's bar (see ``digit_boxes``).
    """
    height, width = mask.shape
    speck = max(MIN_SPECK, SPECK_SHARE * config.min_height)
    parts, bars = [], []
    for box in boxes:
        if max(box[2], box[3]) < speck:
            continue
        if _is_rule(box, mask.shape, ruled, config):
            if clean:
                bars.append(box)
            continue
        if (box[3] > config.max_height_share * height
                and box[2] > config.max_height_share * width):
            continue  # a frame around the picture (a scanner's edges), never a digit's part
        if not clean and _touches_border(box, width, height):
            continue
        parts.append(box)
    return parts, bars


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


def digit_boxes(mask: np.ndarray, parts: list[Box], config: DetectConfig,
                clean: bool = False, bars: list[Box] | None = None) -> list[Box]:
    """Groups parts into digits and keeps those of a digit's size and ink fill. An
    upright line much taller than the other digits is a margin line, not a 1.

    ``clean``: a clean picture (a pad), whose flat marks are strokes, never bits of paper
    lines; ``bars``: long flat lines that join a digit when they are its bar."""
    max_h = config.max_height_share * mask.shape[0]
    groups = group_parts(parts, overhang=clean)
    grouped = []
    for group in groups:
        box = parts[group[0]]
        for i in group[1:]:
            box = union_box(box, parts[i])
        grouped.append(box)
    if bars:
        grouped = attach_bars(grouped, [max(parts[i][3] for i in g) for g in groups], bars)
    boxes = []
    for box in grouped:
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


def _fill(mask: np.ndarray, box: Box) -> float:
    """The share of a box that is ink."""
    x, y, w, h = box
    return cv2.countNonZero(mask[y : y + h, x : x + w]) / float(w * h)


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


def _is_upright_line(box: Box, config: DetectConfig) -> bool:
    return box[3] >= config.line_aspect * max(1, box[2])


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
