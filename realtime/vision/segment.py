"""Parts of digits: which marks of ink belong to one digit, and a digit's ink crop.

Marks are merged into one digit when they stack in one column (the detached top of a 5,
a 4 drawn in two strokes, a stroke broken by a ruled line), or meet corner to corner one
above the other (the loops of a leaning 8), but not when they are digits on two rows or
side by side in one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from realtime.boxes import Box, side_by_side, union_box

#: Two parts belong to one digit when their columns overlap by this share of the narrower...
MERGE_MIN_OVERLAP = 0.5
#: ... and they share rows, together at most this many times as tall as the taller part,
MERGE_SIDE_GROWTH = 1.25
#: or, when the smaller part is a flat bar (this much wider than tall, and at most this
#: share of the taller part's height), at most this many times as tall. (A small digit
#: just above a big one is rarely this flat: at 1.2, on camera scenes, such digits were
#: swallowed by the big digit below them.)
FLAT_WIDTH_OVER_HEIGHT = 2.0
#: Pieces of one column also merge when the gap between them is at most this share of the
#: smaller piece's height (a broken stroke; rows of digits are much further apart).
MERGE_MAX_GAP = 0.2
FLAT_HEIGHT_SHARE = 0.4
#: A flat bar is also at least this share as wide as the other part: specks of a wooden
#: desk along a close-up's edge are flat too, and once merged they stretch the digit's box
#: over the whole picture.
FLAT_MIN_WIDTH_SHARE = 0.25
#: In a clean picture (a pad, a paint program's), parts may overhang each other more (not
#: in a photo, where the bits of a faint ruled line above a row of digits look like bars):
#: a flat bar just above or below the other part needs to share only this share of the
#: narrower one's columns (a 5's top or a 7's bar drawn on its own often overhangs the
#: body by most of its length) ...
FLAT_MIN_OVERLAP = 0.15
#: ... and a stroke sharing rows with the other part this share (the first stroke of a 4
#: drawn with a gap), unless it stands in a row of writing.
SIDE_MIN_OVERLAP = 0.25
MERGE_MAX_GROWTH = 1.6
#: A long flat line joins a digit as its bar (a 7's top, a 2's base drawn on its own)
#: only when at most this many times as wide as the digit: an underline of a number is
#: wider than each of its digits.
BAR_MAX_WIDTH = 1.5
#: Two pieces of one broken stroke may together be this many times the bigger one's height.
BROKEN_MAX_GROWTH = MERGE_MAX_GROWTH * 1.5
#: Pieces of a slanted digit (see ``_slanted_pieces``) are each at least this share of the
#: other's height, and together at most this many times wider than tall.
SLANT_MIN_SIZE = 0.25
SLANT_MAX_WIDTH = 1.1
#: No two parts whose union is taller than this many times the taller one's core merge.
_MOST_GROWTH = max(MERGE_SIDE_GROWTH, MERGE_MAX_GROWTH, BROKEN_MAX_GROWTH)
#: Marks stand in a row when another is within this ratio of their height, overlaps this
#: share of the smaller one's rows, and is at most this many heights away beside them.
ROW_HEIGHT_RATIO = 1.4
ROW_LEVEL = 0.6
ROW_REACH = 1.0
#: A mark standing over this share of another's columns is not beside it but on it (the
#: first stroke of a 4 drawn with a gap before the rest), so it is not its row mate.
ROW_MAX_SHARED_COLUMNS = 0.8


@dataclass(frozen=True)
class Segment:
    """One digit found in an ink image: its box and its ink alone (other digits masked)."""

    box: Box
    ink: np.ndarray


def row_mates(boxes: list[Box]) -> np.ndarray:
    """For each box, whether it stands in a row of writing: another box of about its
    height, level with it and close beside it (not on top of it). Such a mark is a digit
    of its own, not a piece of a stroke."""
    if len(boxes) < 2:
        return np.zeros(len(boxes), bool)
    w, h = (np.asarray(boxes, np.float64)[:, k] for k in (2, 3))
    shared_rows, gap = side_by_side(boxes)
    ratio = h[:, None] / h[None, :]
    level = shared_rows >= ROW_LEVEL * np.minimum(h, h[:, None])
    near = gap <= ROW_REACH * np.maximum(h, h[:, None])
    beside = -gap < ROW_MAX_SHARED_COLUMNS * np.minimum(w, w[:, None])
    mates = ((ratio >= 1 / ROW_HEIGHT_RATIO) & (ratio <= ROW_HEIGHT_RATIO) & level & near
             & beside)
    np.fill_diagonal(mates, False)
    return mates.any(axis=1)


def _same_digit(a: Box, b: Box, a_core: int | None = None, b_core: int | None = None,
                small_in_row: bool = False, overhang: bool = False) -> bool:
    """Two parts make one digit when they share columns and either share rows too, adding
    little height (a 4 drawn in two strokes), nearly touch (a broken stroke), or one is a
    flat bar just above or below the other (the detached top of a 5). A small digit
    above a big one stays apart, even close to it.

    ``a_core`` and ``b_core`` are the heights of the tallest single part of each (when a
    or b is already a merged group): growth is judged against them, so a group whose box
    grew cannot swallow the next row. ``small_in_row``: the smaller one stands in a row
    of writing (see ``row_mates``), so it is a digit, not a broken piece of a stroke.
    ``overhang``: parts may overhang each other more (see ``FLAT_MIN_OVERLAP``).
    """
    overlap = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    least = FLAT_MIN_OVERLAP if overhang else MERGE_MIN_OVERLAP
    if overlap < least * min(a[2], b[2]):
        return False
    a_core, b_core = a_core or a[3], b_core or b[3]
    union_height = max(a[1] + a[3], b[1] + b[3]) - min(a[1], b[1])
    small, big, small_core, big_core = ((a, b, a_core, b_core) if a_core <= b_core
                                        else (b, a, b_core, a_core))
    flat = (small[2] >= FLAT_WIDTH_OVER_HEIGHT * small[3]
            and small[3] <= FLAT_HEIGHT_SHARE * big_core
            and small[2] >= FLAT_MIN_WIDTH_SHARE * big[2])
    gap = union_height - a[3] - b[3]  # below 0: they share rows
    if overlap < MERGE_MIN_OVERLAP * min(a[2], b[2]):  # an overhang (clean pictures)
        beside = (overlap >= SIDE_MIN_OVERLAP * min(a[2], b[2]) and gap < 0
                  and not small_in_row and union_height <= MERGE_SIDE_GROWTH * big_core)
        over_or_under = union_height > big[3]
        return beside or (flat and over_or_under
                          and union_height <= MERGE_MAX_GROWTH * big_core)
    if gap < 0 and union_height <= MERGE_SIDE_GROWTH * big_core:
        return True
    if (gap <= MERGE_MAX_GAP * small_core and union_height <= BROKEN_MAX_GROWTH * big_core
            and not small_in_row):
        return True  # a stroke broken in two: its pieces nearly touch
    return flat and union_height <= MERGE_MAX_GROWTH * big_core


def _slanted_pieces(a: Box, b: Box, a_core: int, b_core: int) -> bool:
    """Two pieces of one slanted digit: their boxes touch or cross corner to corner (the
    two loops of a leaning 8, a 4's second stroke broken and leaning out), one above the
    other rather than level like digits in a row, and together about as wide as tall.
    (Their columns may overlap too little for ``_same_digit``; neither may stand in a row
    of writing, see ``row_mates``.)"""
    if min(a[0] + a[2], b[0] + b[2]) < max(a[0], b[0]):
        return False  # side by side with a gap between them
    small_core, big_core = sorted((a_core, b_core))
    _, _, union_width, union_height = union_box(a, b)
    shared_rows = a[3] + b[3] - union_height  # below 0: a gap between them
    level = shared_rows >= ROW_LEVEL * min(a[3], b[3])
    return (not level and small_core >= SLANT_MIN_SIZE * big_core
            and -shared_rows <= MERGE_MAX_GAP * small_core
            and union_height <= BROKEN_MAX_GROWTH * big_core
            and union_width <= SLANT_MAX_WIDTH * union_height)


def group_parts(boxes: list[Box], overhang: bool = False) -> list[list[int]]:
    """Groups part boxes that stack in one column into digits; returns index lists.
    ``overhang``: parts may overhang each other more (see ``FLAT_MIN_OVERLAP``).

    Merging repeats until nothing changes, since a merged box can reach a third part.
    Candidates are found by a sweep over boxes sorted by their left edge, so hundreds of
    marks (a camera frame) cost little.
    """
    groups = [[i] for i in range(len(boxes))]
    group_boxes = list(boxes)
    cores = [box[3] for box in boxes]  # the tallest part of each group
    in_row = [bool(mate) for mate in row_mates(boxes)]  # a single part standing in a row
    merged = True
    while merged:
        merged = False
        order = sorted(range(len(groups)), key=lambda k: group_boxes[k][0])
        alive = [True] * len(groups)
        for a_pos, a in enumerate(order):
            if not alive[a]:
                continue
            for b in order[a_pos + 1 :]:
                if group_boxes[b][0] >= group_boxes[a][0] + group_boxes[a][2]:
                    break  # sorted by left edge: no later box overlaps a's columns
                top = min(group_boxes[a][1], group_boxes[b][1])
                bottom = max(group_boxes[a][1] + group_boxes[a][3],
                             group_boxes[b][1] + group_boxes[b][3])
                if not alive[b] or bottom - top > _MOST_GROWTH * max(cores[a], cores[b]):
                    continue  # a mark of another row: ``_same_digit`` would say no
                small_in_row = in_row[a] if cores[a] <= cores[b] else in_row[b]
                if (_same_digit(group_boxes[a], group_boxes[b], cores[a], cores[b],
                                small_in_row, overhang)
                        or (not (in_row[a] or in_row[b]) and _slanted_pieces(
                            group_boxes[a], group_boxes[b], cores[a], cores[b]))):
                    groups[a] += groups[b]
                    group_boxes[a] = union_box(group_boxes[a], group_boxes[b])
                    cores[a] = max(cores[a], cores[b])
                    in_row[a] = False
                    alive[b] = False
                    merged = True
        groups = [g for g, keep in zip(groups, alive, strict=True) if keep]
        group_boxes = [g for g, keep in zip(group_boxes, alive, strict=True) if keep]
        cores = [c for c, keep in zip(cores, alive, strict=True) if keep]
        in_row = [r for r, keep in zip(in_row, alive, strict=True) if keep]
    return groups


def attach_bars(boxes: list[Box], cores: list[int], bars: list[Box]) -> list[Box]:
    """Digit boxes with each long flat line that is a digit's own bar joined in: a bar at
    most ``BAR_MAX_WIDTH`` times the digit's width, just above or below it (see
    ``_same_digit``; ``cores``: the height of each digit's tallest part). A line that
    fits no digit, or two, is left out."""
    boxes = list(boxes)
    for bar in bars:
        fits = [k for k, box in enumerate(boxes) if bar[2] <= BAR_MAX_WIDTH * box[2]
                and _same_digit(box, bar, cores[k], bar[3], overhang=True)]
        if len(fits) == 1:
            boxes[fits[0]] = union_box(boxes[fits[0]], bar)
    return boxes
