"""What the pad window does with each mouse and key event, as pure functions.

``on_mouse`` and ``on_key`` take the window's state and one event and return the new
state and a list of *effects*: things only the shell can do (read the pad with the
model, write a file, quit). The shell carries the effects out and reports back with
``with_message``, ``set_readings`` and friends, so every rule here is testable without
a window.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from realtime.model.inside import Insides
from realtime.reading import Reading
from realtime.ui import keys
from realtime.ui.pad import (
    PadState,
    clear,
    pen_down,
    pen_move,
    pen_up,
    redo,
    resize_brush,
    select_at,
    select_next,
    undo,
)

#: How long a message stays on screen (seconds).
MESSAGE_SECONDS = 4.0
BRUSH_STEP = 1.25
PROMPT_MAX = 400

# OpenCV mouse events (cv2.EVENT_*) and the left-button flag (cv2.EVENT_FLAG_LBUTTON),
# named here so this module needs no window.
MOUSE_MOVE, LEFT_DOWN, RIGHT_DOWN, LEFT_UP, LEFT_DOUBLE = 0, 1, 2, 4, 7
LEFT_BUTTON_FLAG = 1


@dataclass(frozen=True)
class Reread:
    """Read the pad again with the model."""


@dataclass(frozen=True)
class AcceptReading:
    """Append the current reading to the history file."""


@dataclass(frozen=True)
class SaveSample:
    """Save reading ``index`` as a sample labelled ``label``."""

    index: int
    label: int


@dataclass(frozen=True)
class SaveDrawing:
    """Save the pad as a PNG."""


@dataclass(frozen=True)
class OpenImage:
    """Open the image file at ``path`` on the pad."""

    path: str


@dataclass(frozen=True)
class Quit:
    """Close the window and end the app."""


@dataclass(frozen=True)
class SwitchMode:
    """Switch between the pad and the camera."""


@dataclass(frozen=True)
class ReloadModel:
    """Load the current model again (after a fine-tune)."""


Effect = (Reread | AcceptReading | SaveSample | SaveDrawing | OpenImage | Quit | SwitchMode
          | ReloadModel)

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


def with_message(ui: PadUi, text: str, now: float) -> PadUi:
    """Shows ``text`` for a few seconds from ``now``."""
    return dataclasses.replace(ui, message=text, message_until=now + MESSAGE_SECONDS)


def visible_message(ui: PadUi, now: float) -> str:
    """The message to show at ``now`` ('' once it has expired)."""
    return ui.message if now < ui.message_until else ""


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


def on_key(ui: PadUi, key: int, now: float) -> tuple[PadUi, list[Effect]]:
    """Handles one key (an OpenCV key code, -1 for none) pressed at time ``now``."""
    if key < 0:
        return ui, []
    if ui.prompt is not None:
        return _on_prompt_key(ui, key)
    pad = ui.pad
    if key in keys.QUIT:
        return ui, [Quit()]
    if key == ord("h"):
        return dataclasses.replace(ui, show_help=not ui.show_help), []
    if key == ord("v"):
        return dataclasses.replace(ui, show_inside=not ui.show_inside, inside=None), []
    edits = {ord("c"): clear, ord("z"): undo, ord("y"): redo}
    if key in edits:
        changed = edits[key](pad)
        return _pad(ui, changed), ([Reread()] if changed.strokes != pad.strokes
                                   or changed.background is not pad.background else [])
    if key in (ord("["), ord("]")):
        return _pad(ui, resize_brush(pad, BRUSH_STEP if key == ord("]") else 1 / BRUSH_STEP)), []
    if key == keys.TAB:
        return _pad(ui, select_next(pad)), []
    if key in keys.ENTER:
        if not pad.readings:
            return with_message(ui, "Nothing to accept: the pad is empty", now), []
        return ui, [AcceptReading()]
    if key in keys.DIGITS:
        if not pad.readings:
            return with_message(ui, "Draw a digit first, then press its key", now), []
        if pad.selected is None:
            return with_message(ui, "Several digits: press Tab to pick one, then its key",
                                now), []
        return ui, [SaveSample(pad.selected, keys.DIGITS[key])]
    if key == ord("s"):
        return ui, [SaveDrawing()]
    if key == ord("o"):
        return dataclasses.replace(ui, prompt=""), []
    if key == ord("w"):
        return ui, [SwitchMode()]
    if key == ord("r"):
        return ui, [ReloadModel()]
    return ui, []
