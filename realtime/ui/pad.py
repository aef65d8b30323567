"""The drawing pad's state and the pure functions that change it.

A ``PadState`` is immutable: every event (mouse, key, a new reading) returns a new state.
Strokes are kept as vectors in pad pixels, so undo, redo and clear are exact, and the
pad is rendered anew from them whenever it changes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import cv2
import numpy as np

from realtime.reading import Reading
from realtime.ui.selection import box_at, next_index

Point = tuple[float, float]


@dataclass(frozen=True)
class Stroke:
    """One pen-down-to-pen-up path: its points in pad pixels and the brush radius."""

    points: tuple[Point, ...]
    radius: float


@dataclass(frozen=True)
class PadState:
    """Everything the pad shows, apart from the window itself.

    Attributes:
        size: side of the square pad in pixels.
        radius: the brush radius for the next stroke.
        strokes: finished strokes, oldest first.
        drawing: the stroke under the pen, or None when the pen is up.
        undo_stack: earlier ``strokes`` values, newest last (an action pushes one).
        redo_stack: ``strokes`` values undone, newest last (a new action empties it).
        background: an opened image (ink image, ``size`` x ``size``), or None.
        readings: what the recognizer last read on the pad.
        selected: index of the selected reading, or None.
    """

    size: int
    radius: float
    strokes: tuple[Stroke, ...] = ()
    drawing: Stroke | None = None
    undo_stack: tuple[tuple[Stroke, ...], ...] = ()
    redo_stack: tuple[tuple[Stroke, ...], ...] = ()
    background: np.ndarray | None = field(default=None, repr=False, compare=False)
    readings: tuple[Reading, ...] = ()
    selected: int | None = None


MIN_RADIUS, MAX_RADIUS = 2.0, 40.0


def _commit(state: PadState, strokes: tuple[Stroke, ...], **changes) -> PadState:
    """A new state whose strokes changed by an undoable action."""
    return dataclasses.replace(state, strokes=strokes, undo_stack=(*state.undo_stack,
                               state.strokes), redo_stack=(), **changes)


def _clamp(state: PadState, point: Point) -> Point:
    limit = state.size - 1
    return min(max(point[0], 0.0), limit), min(max(point[1], 0.0), limit)


def pen_down(state: PadState, point: Point) -> PadState:
    """Starts a stroke at ``point``."""
    return dataclasses.replace(state, drawing=Stroke((_clamp(state, point),), state.radius))


def pen_move(state: PadState, point: Point) -> PadState:
    """Extends the stroke under the pen; ignored when the pen is up."""
    if state.drawing is None:
        return state
    point = _clamp(state, point)
    if point == state.drawing.points[-1]:
        return state
    stroke = Stroke((*state.drawing.points, point), state.drawing.radius)
    return dataclasses.replace(state, drawing=stroke)


def pen_up(state: PadState) -> PadState:
    """Finishes the stroke under the pen as one undoable action."""
    if state.drawing is None:
        return state
    return _commit(state, (*state.strokes, state.drawing), drawing=None)


def undo(state: PadState) -> PadState:
    """Goes back one action (a stroke or a clear)."""
    if not state.undo_stack:
        return state
    return dataclasses.replace(state, strokes=state.undo_stack[-1],
                               undo_stack=state.undo_stack[:-1],
                               redo_stack=(*state.redo_stack, state.strokes), drawing=None)


def redo(state: PadState) -> PadState:
    """Goes forward one undone action."""
    if not state.redo_stack:
        return state
    return dataclasses.replace(state, strokes=state.redo_stack[-1],
                               redo_stack=state.redo_stack[:-1],
                               undo_stack=(*state.undo_stack, state.strokes), drawing=None)


def is_blank(state: PadState) -> bool:
    """True when the pad holds no stroke and no opened image."""
    return not state.strokes and state.background is None


def clear(state: PadState) -> PadState:
    """Wipes the strokes and any opened image (undo brings the strokes back)."""
    if is_blank(state):
        return state
    return _commit(state, (), drawing=None, background=None)


def set_background(state: PadState, ink: np.ndarray) -> PadState:
    """Shows an opened image (an ink image of the pad's size) under new strokes."""
    if ink.shape != (state.size, state.size):
        raise ValueError(f"background must be {state.size}x{state.size}, got {ink.shape}")
    return _commit(state, (), drawing=None, background=ink)


def resize_brush(state: PadState, factor: float) -> PadState:
    """Multiplies the brush radius by ``factor``, within sensible limits."""
    radius = min(max(state.radius * factor, MIN_RADIUS), MAX_RADIUS)
    return dataclasses.replace(state, radius=round(radius, 1))


def set_readings(state: PadState, readings: list[Reading]) -> PadState:
    """Stores a new reading; a lone digit is selected, otherwise the selection is cleared."""
    selected = 0 if len(readings) == 1 else None
    return dataclasses.replace(state, readings=tuple(readings), selected=selected)


def select_next(state: PadState) -> PadState:
    """Selects the next reading in reading order, wrapping around (the Tab key)."""
    if not state.readings:
        return state
    return dataclasses.replace(state, selected=next_index(state.selected, len(state.readings)))


def select_at(state: PadState, point: Point) -> PadState:
    """Selects the reading whose box holds ``point``; unchanged when none does."""
    index = box_at([r.box for r in state.readings], point)
    return state if index is None else dataclasses.replace(state, selected=index)


def draw_stroke(canvas: np.ndarray, stroke: Stroke, scale: float = 1.0, colour=255) -> None:
    """Draws a stroke with a round, anti-aliased brush: segments with round caps join
    consecutive mouse positions, so fast strokes leave no gaps."""
    shift = 4  # sub-pixel precision of OpenCV's drawing
    factor = scale * (1 << shift)
    points = [(round(x * factor), round(y * factor)) for x, y in stroke.points]
    thickness = max(1, round(2 * stroke.radius * scale))
    if len(points) == 1:
        cv2.circle(canvas, points[0], round(stroke.radius * factor), colour, -1, cv2.LINE_AA,
                   shift)
        return
    for start, end in zip(points[:-1], points[1:], strict=True):
        cv2.line(canvas, start, end, colour, thickness, cv2.LINE_AA, shift)


def pad_image(state: PadState) -> np.ndarray:
    """The pad as the recognizer reads it: light ink on black, ``size`` x ``size`` uint8."""
    canvas = (np.zeros((state.size, state.size), np.uint8) if state.background is None
              else state.background.copy())
    for stroke in state.strokes:
        draw_stroke(canvas, stroke)
    if state.drawing is not None:
        draw_stroke(canvas, state.drawing)
    return canvas
