"""What the windows' pure handlers ask the shell to do, and the mouse events they take.

A handler (``pad_ui``, ``camera_ui``) returns its new state and a list of these effects;
the shell (``app``) carries them out. The mouse event numbers are OpenCV's
(``cv2.EVENT_*``), named here so that the handlers need no window.
"""

from __future__ import annotations

from dataclasses import dataclass

MOUSE_MOVE, LEFT_DOWN, RIGHT_DOWN, LEFT_UP, LEFT_DOUBLE = 0, 1, 2, 4, 7
LEFT_BUTTON_FLAG = 1


@dataclass(frozen=True)
class Quit:
    """Close the window and end the app."""


@dataclass(frozen=True)
class SwitchMode:
    """Switch between the pad and the camera."""


@dataclass(frozen=True)
class ReloadModel:
    """Load the current model again (after a fine-tune)."""


@dataclass(frozen=True)
class SaveSample:
    """Save reading ``index`` as a sample labelled ``label``."""

    index: int
    label: int


@dataclass(frozen=True)
class Reread:
    """Read the pad again with the model."""


@dataclass(frozen=True)
class AcceptReading:
    """Append the current reading to the history file."""


@dataclass(frozen=True)
class SaveDrawing:
    """Save the pad as a PNG."""


@dataclass(frozen=True)
class OpenImage:
    """Open the image file at ``path`` on the pad."""

    path: str


#: Effects either mode hands to the main loop, and the request each one makes of it.
LOOP_REQUESTS = {SwitchMode: "switch", ReloadModel: "reload", Quit: "quit"}

PadEffect = (Reread | AcceptReading | SaveSample | SaveDrawing | OpenImage | Quit | SwitchMode
             | ReloadModel)
CameraEffect = SaveSample | SwitchMode | ReloadModel | Quit
