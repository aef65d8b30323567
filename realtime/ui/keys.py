"""The keys of the app, named once: used by the event handlers, the help overlay and the README."""

from __future__ import annotations

ENTER = (13, 10)
TAB = 9
ESCAPE = 27
BACKSPACE = (8, 127)
QUIT = (ord("q"), ESCAPE)
DIGITS = {ord(str(d)): d for d in range(10)}

#: (keys, what they do) on the drawing pad, in the order the help shows them.
PAD_HELP: tuple[tuple[str, str], ...] = (
    ("mouse", "draw (left button); right-click a box to select it"),
    ("[  ]", "smaller / larger brush"),
    ("Enter", "accept the reading: add it to the history"),
    ("0-9", "label the selected digit and save it as a sample"),
    ("Tab", "select the next digit"),
    ("z  y", "undo / redo a stroke"),
    ("c", "clear the pad"),
    ("s", "save the drawing as a PNG (and the network view, when shown)"),
    ("v", "show / hide inside the network: the selected digit's feature maps"),
    ("o", "open an image: type its path, then Enter"),
    ("w", "switch to the camera (and back)"),
    ("r", "reload the model (a new one is also picked up by itself)"),
    ("h", "show / hide this help"),
    ("q  Esc", "quit"),
)

#: (keys, what they do) in camera mode.
CAMERA_HELP: tuple[tuple[str, str], ...] = (
    ("Space", "freeze the picture (again: resume)"),
    ("mouse", "click a box on the frozen picture to select it"),
    ("Tab", "select the next digit on the frozen picture"),
    ("i", "show / hide the 28x28 input the model read for the selected digit"),
    ("0-9", "label the selected digit and save it as a sample"),
    ("w", "switch to the drawing pad (and back)"),
    ("r", "reload the model (a new one is also picked up by itself)"),
    ("h", "show / hide this help"),
    ("q  Esc", "quit"),
)
