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


def wrap_text(image: np.ndarray, text: str, origin: tuple[int, int], width: int, scale: float,
          colour: tuple[int, int, int]) -> None:
    """Writes text upward from ``origin`` in as many lines as it needs to fit ``width``."""
    words, lines, line = [], [], ""
    for word in text.split():  # a word wider than the panel (a long path) is cut in pieces
        while cv2.getTextSize(word, FONT, scale, 1)[0][0] > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and cv2.getTextSize(word[:cut], FONT, scale, 1)[0][0] > width:
                cut -= 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    for word in words:
        trial = f"{line} {word}".strip()
        if line and cv2.getTextSize(trial, FONT, scale, 1)[0][0] > width:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    step = cv2.getTextSize("Ag", FONT, scale, 1)[0][1] + 8
    x, y = origin
    for i, line in enumerate(reversed(lines)):
        put_text(image, line, (x, y - i * step), scale, colour)
