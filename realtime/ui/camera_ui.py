"""What the camera window does with each key and click, as pure functions.

Like ``pad_ui``: ``on_key`` and ``on_mouse`` take the state and one event and return the
new state and the effects only the shell can carry out (save a sample, switch to the
pad, quit). ``CAMERA_BINDINGS`` is the table of the camera's keys.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from realtime.reading import Reading
from realtime.ui import keys
from realtime.ui.bindings import Binding, chars, dispatch, shared_rows
from realtime.ui.effects import (
    LEFT_DOUBLE,
    LEFT_DOWN,
    CameraEffect,
    SaveSample,
)
from realtime.ui.messages import with_message
from realtime.ui.selection import box_at, next_index


@dataclass(frozen=True)
class CameraUi:
    """The camera window's state.

    Attributes:
        frame: the frame on screen (BGR), kept while frozen for saving crops.
        readings: the digits read on it.
        numbers: the numbers they make, as indices into ``readings``.
        frozen: True while Space holds the picture still.
        selected: the reading chosen for a correction, or None.
        view_scale: window pixels per frame pixel (frames are shown smaller when big).
        fps: frames read per second, measured by the shell.
        status: what the source says (a camera that is gone, a video that ended).
        show_input: on the frozen picture, show the selected digit's 28x28 model input.
    """

    frame: np.ndarray | None = dataclasses.field(default=None, repr=False, compare=False)
    readings: tuple[Reading, ...] = ()
    numbers: tuple[tuple[int, ...], ...] = ()
    frozen: bool = False
    selected: int | None = None
    view_scale: float = 1.0
    fps: float = 0.0
    status: str = ""
    message: str = ""
    message_until: float = 0.0
    message_error: bool = False
    show_help: bool = False
    show_input: bool = False


def show_frame(ui: CameraUi, frame: np.ndarray, readings: list[Reading],
               numbers: list[list[int]]) -> CameraUi:
    """A new frame, its readings and the numbers they make; ignored while frozen."""
    if ui.frozen:
        return ui
    return dataclasses.replace(ui, frame=frame, readings=tuple(readings),
                               numbers=tuple(tuple(number) for number in numbers),
                               selected=None)


def on_mouse(ui: CameraUi, event: int, x: int, y: int, now: float,
             ) -> tuple[CameraUi, list[CameraEffect]]:
    """A left click on a box of the frozen frame selects it."""
    if event not in (LEFT_DOWN, LEFT_DOUBLE):
        return ui, []
    if not ui.frozen:
        return with_message(ui, "Press Space to freeze the picture, then click a digit", now), []
    index = box_at([r.box for r in ui.readings], (x / ui.view_scale, y / ui.view_scale))
    return (ui, []) if index is None else (dataclasses.replace(ui, selected=index), [])


def _toggle_input(ui: CameraUi, key: int, now: float) -> tuple[CameraUi, list[CameraEffect]]:
    ui = dataclasses.replace(ui, show_input=not ui.show_input)
    if ui.show_input and not ui.frozen:
        return with_message(ui, "The model's input shows on the frozen picture: press "
                                "Space, then pick a digit", now), []
    return ui, []


def _freeze(ui: CameraUi, key: int, now: float) -> tuple[CameraUi, list[CameraEffect]]:
    if ui.frozen:
        return dataclasses.replace(ui, frozen=False, selected=None), []
    if ui.frame is None:
        return with_message(ui, "No picture yet", now), []
    selected = 0 if len(ui.readings) == 1 else None
    return dataclasses.replace(ui, frozen=True, selected=selected), []


def _next(ui: CameraUi, key: int, now: float) -> tuple[CameraUi, list[CameraEffect]]:
    if not ui.frozen or not ui.readings:
        return with_message(ui, "Press Space to freeze the picture first", now), []
    return dataclasses.replace(ui, selected=next_index(ui.selected, len(ui.readings))), []


def _label(ui: CameraUi, key: int, now: float) -> tuple[CameraUi, list[CameraEffect]]:
    if not ui.frozen:
        return with_message(ui, "Press Space to freeze, pick a digit, then its key", now), []
    if ui.selected is None:
        return with_message(ui, "Click a box or press Tab to pick a digit first", now), []
    return ui, [SaveSample(ui.selected, keys.DIGITS[key])]


#: The camera's keys, in the order the help shows them.
CAMERA_BINDINGS: tuple[Binding, ...] = (
    Binding((keys.SPACE,), "Space", "freeze the picture (again: resume)", _freeze),
    Binding((), "mouse", "click a box on the frozen picture to select it"),
    Binding((keys.TAB,), "Tab", "select the next digit on the frozen picture", _next),
    Binding(chars("i"), "i", "show / hide the 28x28 input the model read for the selected digit",
            _toggle_input),
    Binding(tuple(keys.DIGITS), "0-9", "label the selected digit and save it as a sample",
            _label),
    *shared_rows("the drawing pad"),
)


def on_key(ui: CameraUi, key: int, now: float) -> tuple[CameraUi, list[CameraEffect]]:
    """Handles one key (an OpenCV key code, -1 for none) pressed at time ``now``."""
    if key < 0:
        return ui, []
    return dispatch(CAMERA_BINDINGS, ui, key, now)
