"""Boxes and labels on the digits read, drawn the same way in both windows.

A label sits above its box, or below, inside, or to the right when that place would hide
another label or leave the picture; a confidence is shown rounded down, so a box and the
panel never disagree (99.8% is "99%" on the box, never "100%").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from realtime.boxes import Box
from realtime.reading import Reading
from realtime.ui.text import SELECTED, SURE, UNSURE, put_text, text_size
from realtime.vision.interpret import digit_text

#: The size of box lines and labels at scale 1.
LINE = 2
LABEL_SIZE = 0.55
LABEL_GAP = 5

Colour = tuple[int, int, int]


def percent(confidence: float, decimals: int = 0) -> str:
    """``confidence`` as a percentage rounded down: 0.998 -> "99%" (or "99.8%")."""
    factor = 10 ** (decimals + 2)
    value = math.floor(confidence * factor + 1e-9) / 10**decimals
    return f"{value:.{decimals}f}%"


def label_text(reading: Reading) -> str:
    """What a box says: the digit (or "?") and its confidence."""
    return f"{digit_text(reading)} {percent(reading.confidence)}"


def sure_or_unsure(reading: Reading) -> Colour:
    """Green for a confident reading, orange for an unsure one."""
    return UNSURE if reading.unsure else SURE


def place_label(box: Box, size: tuple[int, int], taken: Sequence[Box],
                bounds: tuple[int, int]) -> Box:
    """Where a label of ``size`` (w, h) goes for ``box``: the first of above, below,
    inside the top, right of the box that stays in ``bounds`` (w, h) and overlaps no
    label in ``taken``; above (or below, at the top edge) when none is free."""
    x, y, w, h = box
    tw, th = size
    candidates = [(x, y - th - LABEL_GAP), (x, y + h + LABEL_GAP), (x + LABEL_GAP, y + LABEL_GAP),
                  (x + w + LABEL_GAP, y)]
    for cx, cy in candidates:
        right, bottom = cx + tw, cy + th
        if cx < 0 or cy < 0 or right > bounds[0] or bottom > bounds[1]:
            continue
        # boxes.overlaps written out: a frame places ~40 labels against each other
        for ox, oy, ow, oh in taken:
            if ox < right and cx < ox + ow and oy < bottom and cy < oy + oh:
                break
        else:
            return cx, cy, tw, th
    return (x, candidates[0][1], tw, th) if candidates[0][1] >= 0 else (x, candidates[1][1], tw, th)


def draw_readings(image: np.ndarray, readings: Sequence[Reading], selected: int | None, *,
                  coords: float = 1.0, size: float = 1.0,
                  colour_of: Callable[[Reading], Colour] = sure_or_unsure) -> None:
    """Draws every reading's box and label on ``image``.

    Args:
        coords: image pixels per box pixel (a frame shown smaller).
        size: the scale of lines and text (a bigger pad).
        colour_of: a reading's colour.
    """
    thick = max(1, round(LINE * size))
    text_scale = LABEL_SIZE * size
    taken: list[Box] = []
    for i, reading in enumerate(readings):
        x, y, w, h = (round(v * coords) for v in reading.box)
        colour = colour_of(reading)
        if i == selected:
            cv2.rectangle(image, (x - 3, y - 3), (x + w + 3, y + h + 3), SELECTED, thick + 1)
        cv2.rectangle(image, (x, y), (x + w, y + h), colour, thick)
        label = label_text(reading)
        (tw, th), _ = text_size(label, text_scale, thick)
        spot = place_label((x, y, w, h), (tw + 6, th + 8), taken, (image.shape[1], image.shape[0]))
        taken.append(spot)
        lx, ly, lw, lh = spot
        cv2.rectangle(image, (lx, ly), (lx + lw, ly + lh), (0, 0, 0), -1)
        put_text(image, label, (lx + 3, ly + th + 4), text_scale, colour, thick)
