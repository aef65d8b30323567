"""What the pad window does with each mouse and key event, as pure functions.

``on_mouse`` and ``on_key`` take the window's state and one event and return the new
state and a list of *effects* (``effects.py``): things only the shell can do (read the
pad with the model, write a file, quit). The shell carries the effects out and reports
back with ``with_message``, ``set_readings`` and friends, so every rule here is testable
without a window. ``PAD_BINDINGS`` is the table of the pad's keys.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from realtime.model.inside import Insides
from realtime.reading import Reading
from realtime.ui import keys
from realtime.ui.bindings import Binding, chars, dispatch, shared_rows
from realtime.ui.effects import (
    LEFT_BUTTON_FLAG,
    LEFT_DOUBLE,
    LEFT_DOWN,
    LEFT_UP,
    MOUSE_MOVE,
    RIGHT_DOWN,
    AcceptReading,
    OpenImage,
    PadEffect,
    Reread,
    SaveDrawing,
    SaveSample,
)
from realtime.ui.messages import with_message
from realtime.ui.pad import (
    PadState,
    clear,
    is_blank,
    pen_down,
    pen_move,
    pen_up,
    redo,
    resize_brush,
    select_at,
    select_next,
    undo,
)

BRUSH_STEP = 1.25
PROMPT_MAX = 400

Effect = PadEffect

#: What the network view shows: the insides of the selected digit, a message (the model
#: has no activation outputs), or None (no digit selected).
InsideView = Insides | str | None


@dataclass(frozen=True)
class PadUi:
    """The pad window's state: the pad, the history shown, the message, help and prompt."""

    pad: PadState
    history: tuple[dict, ...] = ()
    message: str = ""
    message_until: float = 0.0
    message_error: bool = False
    show_help: bool = False
    prompt: str | None = None  # the path being typed after 'o', or None
    show_inside: bool = False  # the network view replaces the panel's lower half
    inside: InsideView = None  # filled in by the shell while show_inside is on


def selected_reading(ui: PadUi) -> Reading | None:
    """The selected digit's reading, if a digit is selected."""
    pad = ui.pad
    if pad.selected is None or pad.selected >= len(pad.readings):
        return None
    return pad.readings[pad.selected]


def _pad(ui: PadUi, pad: PadState) -> PadUi:
    return dataclasses.replace(ui, pad=pad)


def on_mouse(ui: PadUi, event: int, x: int, y: int,
             flags: int = LEFT_BUTTON_FLAG) -> tuple[PadUi, list[Effect]]:
    """Handles one mouse event at window pixel (x, y); the pad sits at the window's origin.

    ``flags`` are OpenCV's event flags. A release the window system lost is noticed: a
    move without the button down, or a new press, ends the stroke under the pen first.
    """
    pad = ui.pad
    inside = 0 <= x < pad.size and 0 <= y < pad.size
    if event == LEFT_DOUBLE:  # a quick press where the pen was just lifted: a new stroke
        event = LEFT_DOWN
    if pad.drawing is not None and (event == LEFT_DOWN or (
            event == MOUSE_MOVE and not flags & LEFT_BUTTON_FLAG)):
        finished = _pad(ui, pen_up(pad))  # the release of this stroke never came
        if event == MOUSE_MOVE:
            return finished, [Reread()]
        ui, effects = on_mouse(finished, event, x, y, flags)
        return ui, [Reread(), *effects]
    if event == LEFT_DOWN and inside and ui.prompt is None:
        return _pad(ui, pen_down(pad, (x, y))), []
    if event == MOUSE_MOVE and pad.drawing is not None:
        return _pad(ui, pen_move(pad, (x, y))), []
    if event == LEFT_UP and pad.drawing is not None:
        return _pad(ui, pen_up(pen_move(pad, (x, y)))), [Reread()]
    if event == RIGHT_DOWN and inside:
        return _pad(ui, select_at(pad, (x, y))), []
    return ui, []


def _on_prompt_key(ui: PadUi, key: int) -> tuple[PadUi, list[Effect]]:
    if key in keys.ENTER:
        path = (ui.prompt or "").strip()
        ui = dataclasses.replace(ui, prompt=None)
        return (ui, [OpenImage(path)]) if path else (ui, [])
    if key == keys.ESCAPE:
        return dataclasses.replace(ui, prompt=None), []
    if key in keys.BACKSPACE:
        return dataclasses.replace(ui, prompt=(ui.prompt or "")[:-1]), []
    if 32 <= key < 127 and len(ui.prompt or "") < PROMPT_MAX:
        return dataclasses.replace(ui, prompt=(ui.prompt or "") + chr(key)), []
    return ui, []


def _toggle_inside(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    return dataclasses.replace(ui, show_inside=not ui.show_inside, inside=None), []


def _edit(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    pad = ui.pad
    changed = {ord("c"): clear, ord("z"): undo, ord("y"): redo}[key](pad)
    reread = changed.strokes != pad.strokes or changed.background is not pad.background
    return _pad(ui, changed), ([Reread()] if reread else [])


def _brush(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    return _pad(ui, resize_brush(ui.pad, BRUSH_STEP if key == ord("]") else 1 / BRUSH_STEP)), []


def _next(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    return _pad(ui, select_next(ui.pad)), []


def _accept(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    if not ui.pad.readings:
        return with_message(ui, "Nothing to accept: the pad is empty", now), []
    return ui, [AcceptReading()]


def _label(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    pad = ui.pad
    if not pad.readings:
        return with_message(ui, "Draw a digit first, then press its key", now), []
    if pad.selected is None:
        return with_message(ui, "Several digits: press Tab to pick one, then its key", now), []
    return ui, [SaveSample(pad.selected, keys.DIGITS[key])]


def _save(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    if is_blank(ui.pad):
        return with_message(ui, "Nothing to save: the pad is empty", now, error=True), []
    return ui, [SaveDrawing()]


def _prompt(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    return dataclasses.replace(ui, prompt=""), []


#: The pad's keys, in the order the help shows them.
PAD_BINDINGS: tuple[Binding, ...] = (
    Binding((), "mouse", "draw (left button); right-click a box to select it"),
    Binding(chars("[]"), "[  ]", "smaller / larger brush", _brush),
    Binding(keys.ENTER, "Enter", "accept the reading: add it to the history", _accept),
    Binding(tuple(keys.DIGITS), "0-9", "label the selected digit and save it as a sample",
            _label),
    Binding((keys.TAB,), "Tab", "select the next digit", _next),
    Binding(chars("zy"), "z  y", "undo / redo a stroke", _edit),
    Binding(chars("c"), "c", "clear the pad", _edit),
    Binding(chars("s"), "s", "save the drawing as a PNG (and the network view, when shown)",
            _save),
    Binding(chars("v"), "v", "show / hide inside the network: the selected digit's feature maps",
            _toggle_inside),
    Binding(chars("o"), "o", "open an image: type its path, then Enter", _prompt),
    *shared_rows("the camera"),
)


def on_key(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    """Handles one key (an OpenCV key code, -1 for none) pressed at time ``now``."""
    if key < 0:
        return ui, []
    if ui.prompt is not None:
        return _on_prompt_key(ui, key)
    return dispatch(PAD_BINDINGS, ui, key, now)
