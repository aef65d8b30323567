"""Key codes that are not plain characters, named once (OpenCV's ``waitKey`` low byte)."""

from __future__ import annotations

ENTER = (13, 10)
TAB = 9
ESCAPE = 27
SPACE = 32
BACKSPACE = (8, 127)
QUIT = (ord("q"), ESCAPE)
DIGITS = {ord(str(d)): d for d in range(10)}
