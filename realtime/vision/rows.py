"""Rows of writing: digits grouped into rows that follow the sheet's tilt, in reading order.

A row is not a horizontal band: on a tilted sheet (or a curled page) it rises or falls
across the picture, and a band would swallow the next row. So the writing's direction
is measured first, from each digit to its nearest neighbour on the right; digits are
then chained into rows along that direction, each joining the row whose last digit sits
level with it (measured across the writing), so a row may also bend gently.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from realtime.boxes import Box

#: A neighbour on the right is at most this many heights away (gap between the boxes) ...
NEIGHBOUR_REACH = 2.5
#: ... and at most this many degrees above or below the horizontal.
MAX_TILT_DEGREES = 35.0
#: A digit joins a row when its centre is within this share of the two heights (the
#: larger) of the row's last digit, measured across the writing.
ROW_TOLERANCE = 0.55


def _centres(boxes: Sequence[Box]) -> tuple[np.ndarray, np.ndarray]:
    array = np.asarray(boxes, np.float64).reshape(-1, 4)
    return array[:, :2] + array[:, 2:] / 2, array[:, 3]


def writing_angle(boxes: Sequence[Box]) -> float:
    """The direction of the writing (radians, positive when rows fall to the right): the
    median direction from each digit to its nearest right-hand neighbour; 0 when no digit
    has one."""
    centres, heights = _centres(boxes)
    widths = np.asarray(boxes, np.float64).reshape(-1, 4)[:, 2]
    dx = centres[None, :, 0] - centres[:, None, 0]  # [i, j]: from digit i to digit j
    dy = centres[None, :, 1] - centres[:, None, 1]
    gap = dx - (widths[None, :] + widths[:, None]) / 2
    limit = math.tan(math.radians(MAX_TILT_DEGREES))
    ok = (dx > 0) & (np.abs(dy) <= limit * dx) & (
        gap <= NEIGHBOUR_REACH * np.maximum(heights[None, :], heights[:, None]))
    distance = np.where(ok, np.hypot(dx, dy), np.inf)
    has = ok.any(axis=1)
    if not has.any():
        return 0.0
    nearest = distance.argmin(axis=1)[has]
    rows = np.flatnonzero(has)
    return float(np.median(np.arctan2(dy[rows, nearest], dx[rows, nearest])))


def group_rows(boxes: Sequence[Box]) -> list[list[int]]:
    """Groups boxes into rows of writing; returns index lists, rows top to bottom, each
    ordered along the writing (left to right)."""
    if len(boxes) < 2:
        return [list(range(len(boxes)))] if boxes else []
    centres, heights = _centres(boxes)
    angle = writing_angle(boxes)
    cos, sin = math.cos(angle), math.sin(angle)
    along = centres[:, 0] * cos + centres[:, 1] * sin  # position along the writing
    across = centres[:, 1] * cos - centres[:, 0] * sin  # position across it (down)
    rows: list[list[int]] = []
    level, tall = across.tolist(), heights.tolist()  # Python floats: quicker one by one
    for i in np.argsort(along, kind="stable").tolist():
        best, best_offset = None, math.inf
        for n, row in enumerate(rows):
            last = row[-1]
            offset = abs(level[i] - level[last])
            if offset <= ROW_TOLERANCE * max(tall[i], tall[last]) and offset < best_offset:
                best, best_offset = n, offset
        if best is None:
            rows.append([i])
        else:
            rows[best].append(i)
    rows.sort(key=lambda row: sum(level[i] for i in row) / len(row))
    return rows


def reading_order(boxes: Sequence[Box]) -> list[int]:
    """Box indices in reading order: rows top to bottom, each left to right."""
    return [i for row in group_rows(boxes) for i in row]


def rows_in_order(boxes: Sequence[Box]) -> tuple[list[int], list[list[int]]]:
    """The box indices in reading order, and the rows as positions in that order (the
    rows of the boxes put in reading order, without grouping them again)."""
    rows = group_rows(boxes)
    order = [i for row in rows for i in row]
    starts = list(itertools.accumulate((len(row) for row in rows), initial=0))
    return order, [list(range(a, b)) for a, b in itertools.pairwise(starts)]
