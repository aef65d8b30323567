"""What both windows draw over their picture the same way: the help overlay, the message
line (errors in their own colour), and a digit's ten probabilities as bars."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.ui.text import (
    DIM,
    ERROR,
    MESSAGE,
    PANEL,
    SELECTED,
    SURE,
    TEXT,
    put_text,
    text_size,
    wrap_lines,
)

#: The help's backdrop: the picture under it is darkened to this share, then a solid
#: panel holds the text.
HELP_DIM = 0.25
HELP_BORDER = (110, 110, 110)


def message_colour(error: bool) -> tuple[int, int, int]:
    """Red for a message that says something failed, yellow for any other."""
    return ERROR if error else MESSAGE


def draw_help(image: np.ndarray, scale: float, lines: tuple[tuple[str, str], ...]) -> None:
    """Lists every key on a solid panel over the darkened picture (strokes and boxes
    under it never show through the text)."""
    image[:] = (image * HELP_DIM).astype(np.uint8)
    margin = round(24 * scale)
    key_width = round(110 * scale)
    step = round(28 * scale)
    size = 0.55 * scale
    widest = max(text_size(action, size, 1)[0][0] for _, action in lines)
    right = min(image.shape[1] - margin // 2, 2 * margin + key_width + widest)
    bottom = min(image.shape[0] - margin // 2, margin + round(24 * scale) + step * len(lines))
    cv2.rectangle(image, (margin // 2, margin // 2), (right, bottom), PANEL, -1)
    cv2.rectangle(image, (margin // 2, margin // 2), (right, bottom), HELP_BORDER, 1)
    y = margin + round(10 * scale)
    put_text(image, "KEYS", (margin, y), 0.7 * scale, SELECTED, 2)
    for key, action in lines:
        y += step
        put_text(image, key, (margin, y), size, SELECTED)
        put_text(image, action, (margin + key_width, y), size, TEXT)


def draw_message_lines(image: np.ndarray, lines: list[tuple[str, bool]], scale: float) -> None:
    """Lines at the bottom of the picture, each on a black strip, wrapped to its width;
    ``(text, error)`` pairs, the last one lowest."""
    size = 0.55 * scale
    step = round(26 * scale)
    width = image.shape[1] - round(20 * scale)
    y = image.shape[0] - round(12 * scale)
    for text, error in reversed(lines):
        for line in reversed(wrap_lines(text, width, size)):
            cv2.rectangle(image, (0, y - round(20 * scale)), (image.shape[1], y + round(8 * scale)),
                          (0, 0, 0), -1)
            put_text(image, line, (round(10 * scale), y), size, message_colour(error))
            y -= step


def draw_bars(image: np.ndarray, probs: np.ndarray, origin: tuple[int, int], width: int,
              height: int, scale: float) -> None:
    """A bar chart of the ten class probabilities, the top class highlighted."""
    x0, y0 = origin
    step = width / 10
    best = int(np.argmax(probs))
    for k in range(10):
        left = round(x0 + k * step + step * 0.15)
        right = round(x0 + (k + 1) * step - step * 0.15)
        top = round(y0 + height * (1 - float(probs[k])))
        cv2.rectangle(image, (left, y0), (right, y0 + height), (70, 65, 62), -1)
        cv2.rectangle(image, (left, top), (right, y0 + height), SURE if k == best else DIM, -1)
        put_text(image, str(k), (left, y0 + height + round(16 * scale)), 0.45 * scale, TEXT)
