"""What the camera window does with each key and click, as pure functions.

Like ``pad_ui``: ``on_key`` and ``on_mouse`` take the state and one event and return the
new state and the effects only the shell can carry out (save a sample, switch to the
pad, quit).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from realtime.model.recognizer import Reading
from realtime.ui import keys
from realtime.ui.pad_ui import (
    LEFT_DOUBLE,
    LEFT_DOWN,
    MESSAGE_SECONDS,
    Quit,
    ReloadModel,
    SwitchMode,
)


@dataclass(frozen=True)
class SaveCameraSample:
    """Save reading ``index`` of the frozen frame as a sample labelled ``label``."""

    index: int
    label: int


CameraEffect = SaveCameraSample | SwitchMode | ReloadModel | Quit


@dataclass(frozen=True)
class CameraUi:
    """The camera window's state.

    Attributes:
        frame: the frame on screen (BGR), kept while frozen for saving crops.
        readings: the digits read on it.
        frozen: True while Space holds the picture still.
        selected: the reading chosen for a correction, or None.
        view_scale: window pixels per frame pixel (frames are shown smaller when big).
        fps: frames read per second, measured by the shell.
        status: what the source says (a camera that is gone, a video that ended).
        show_input: on the frozen picture, show the selected digit's 28x28 model input.
    """

    frame: np.ndarray | None = dataclasses.field(default=None, repr=False, compare=False)
    readings: tuple[Reading, ...] = ()
    frozen: bool = False
    selected: int | None = None
    view_scale: float = 1.0
    fps: float = 0.0
    status: str = ""
    message: str = ""
    message_until: float = 0.0
    show_help: bool = False
    show_input: bool = False


def with_message(ui: CameraUi, text: str, now: float) -> CameraUi:
    """Shows ``text`` for a few seconds from ``now``."""
    return dataclasses.replace(ui, message=text, message_until=now + MESSAGE_SECONDS)


def show_frame(ui: CameraUi, frame: np.ndarray, readings: list[Reading]) -> CameraUi:
    """A new frame and its readings; ignored while frozen."""
    if ui.frozen:
        return ui
    return dataclasses.replace(ui, frame=frame, readings=tuple(readings), selected=None)


def on_mouse(ui: CameraUi, event: int, x: int, y: int, now: float,
             ) -> tuple[CameraUi, list[CameraEffect]]:
    """A left click on a box of the frozen frame selects it."""
    if event not in (LEFT_DOWN, LEFT_DOUBLE):
        return ui, []
    if not ui.frozen:
        return with_message(ui, "Press Space to freeze the picture, then click a digit", now), []
    fx, fy = x / ui.view_scale, y / ui.view_scale
    for i, reading in enumerate(ui.readings):
        bx, by, bw, bh = reading.box
        if bx <= fx < bx + bw and by <= fy < by + bh:
            return dataclasses.replace(ui, selected=i), []
    return ui, []


def on_key(ui: CameraUi, key: int, now: float) -> tuple[CameraUi, list[CameraEffect]]:
    """Handles one key (an OpenCV key code, -1 for none) pressed at time ``now``."""
    if key < 0:
        return ui, []
    if key in keys.QUIT:
        return ui, [Quit()]
    if key == ord("h"):
        return dataclasses.replace(ui, show_help=not ui.show_help), []
    if key == ord("w"):
        return ui, [SwitchMode()]
    if key == ord("r"):
        return ui, [ReloadModel()]
    if key == ord("i"):
        ui = dataclasses.replace(ui, show_input=not ui.show_input)
        if ui.show_input and not ui.frozen:
            return with_message(ui, "The model's input shows on the frozen picture: press "
                                    "Space, then pick a digit", now), []
        return ui, []
    if key == ord(" "):
        if ui.frozen:
            return dataclasses.replace(ui, frozen=False, selected=None), []
        if ui.frame is None:
            return with_message(ui, "No picture yet", now), []
        selected = 0 if len(ui.readings) == 1 else None
        return dataclasses.replace(ui, frozen=True, selected=selected), []
    if key == keys.TAB:
        if not ui.frozen or not ui.readings:
            return with_message(ui, "Press Space to freeze the picture first", now), []
        following = 0 if ui.selected is None else (ui.selected + 1) % len(ui.readings)
        return dataclasses.replace(ui, selected=following), []
    if key in keys.DIGITS:
        if not ui.frozen:
            return with_message(ui, "Press Space to freeze, pick a digit, then its key", now), []
        if ui.selected is None:
            return with_message(ui, "Click a box or press Tab to pick a digit first", now), []
        return ui, [SaveCameraSample(ui.selected, keys.DIGITS[key])]
    return ui, []
