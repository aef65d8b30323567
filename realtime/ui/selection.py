"""Choosing one of the digits read: by a click on its box, or the next one (Tab)."""

from __future__ import annotations

from collections.abc import Sequence

from realtime.boxes import Box


def box_at(boxes: Sequence[Box], point: tuple[float, float]) -> int | None:
    """The index of the first box that holds ``point``, or None."""
    px, py = point
    for i, (x, y, w, h) in enumerate(boxes):
        if x <= px < x + w and y <= py < y + h:
            return i
    return None


def next_index(selected: int | None, count: int) -> int | None:
    """The selection after ``selected`` among ``count`` digits, wrapping around."""
    if count == 0:
        return None
    return 0 if selected is None else (selected + 1) % count
