"""Text and colours shared by the windows' pictures: anti-aliased text, wrapped text."""

from __future__ import annotations

import functools

import cv2
import numpy as np

FONT = cv2.FONT_HERSHEY_SIMPLEX
# Colours (BGR)
SURE = (80, 220, 80)
UNSURE = (0, 165, 255)
SELECTED = (0, 255, 255)
TEXT = (235, 235, 235)
DIM = (150, 150, 150)
PANEL = (45, 40, 38)
MESSAGE = (90, 230, 255)
#: Messages that say something failed (not saved, cannot open).
ERROR = (90, 90, 255)


@functools.lru_cache(maxsize=4096)
def text_size(text: str, scale: float, thickness: int) -> tuple[tuple[int, int], int]:
    """``cv2.getTextSize`` in FONT, remembered: labels repeat every frame, and each call
    costs about 10 us (40 labels a frame add up to 0.4 ms)."""
    return cv2.getTextSize(text, FONT, scale, thickness)


def put_text(image: np.ndarray, text: str, origin: tuple[int, int], scale: float,
             colour: tuple[int, int, int] = TEXT, thickness: int = 1) -> int:
    """Writes text (anti-aliased) and returns the height of the line it took."""
    thickness = max(1, round(thickness))
    cv2.putText(image, text, origin, FONT, scale, colour, thickness, cv2.LINE_AA)
    (_, height), baseline = text_size(text or " ", scale, thickness)
    return height + baseline


#: Where a word wider than a line (a path) is broken, in order of preference: after a
#: folder separator, then after a file name's own separators, then anywhere.
BREAKS = ("/\\", "_-.", "")


def _width(text: str, scale: float) -> int:
    return text_size(text, scale, 1)[0][0]


def _split_after(word: str, chars: str) -> list[str]:
    """``word`` cut after each of ``chars`` (after every character when ``chars`` is '')."""
    parts, part = [], ""
    for char in word:
        part += char
        if not chars or char in chars:
            parts.append(part)
            part = ""
    return [*parts, part] if part else parts


def _pieces(word: str, width: int, scale: float, level: int = 0) -> list[str]:
    """A word too wide for a line in pieces that fit, broken at the most natural places:
    a file name stays whole whenever it fits a line."""
    pieces, piece = [], ""
    for part in _split_after(word, BREAKS[level]):
        if _width(part, scale) > width and level + 1 < len(BREAKS):
            if piece:
                pieces.append(piece)
            *whole, piece = _pieces(part, width, scale, level + 1)
            pieces.extend(whole)
        elif piece and _width(piece + part, scale) > width:
            pieces.append(piece)
            piece = part
        else:
            piece += part
    return [*pieces, piece] if piece else pieces


def wrap_lines(text: str, width: int, scale: float) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels: broken between words, and a
    word wider than a line (a long path) after its separators."""
    lines, line = [], ""
    for word in text.split():
        pieces = [word] if _width(word, scale) <= width else _pieces(word, width, scale)
        for k, piece in enumerate(pieces):
            trial = f"{line}{'' if k else ' '}{piece}" if line else piece
            if line and _width(trial, scale) > width:
                lines.append(line)
                line = piece
            else:
                line = trial
    return [*lines, line]


def wrap_text(image: np.ndarray, text: str, origin: tuple[int, int], width: int, scale: float,
              colour: tuple[int, int, int]) -> None:
    """Writes text upward from ``origin`` in as many lines as it needs to fit ``width``."""
    lines = wrap_lines(text, width, scale)
    step = text_size("Ag", scale, 1)[0][1] + 8
    x, y = origin
    for i, line in enumerate(reversed(lines)):
        put_text(image, line, (x, y - i * step), scale, colour)
