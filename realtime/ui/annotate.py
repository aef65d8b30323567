"""Boxes and labels on the digits read, drawn the same way in both windows.

A label sits above its box, or below, inside, or to the right when that place would hide
another label or leave the picture; a confidence is shown rounded down, so a box and the
panel never disagree (99.8% is "99%" on the box, never "100%").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

import cv2
import numpy as np

from realtime.boxes import Box
from realtime.reading import Reading
from realtime.ui.text import FONT, SELECTED, SURE, UNSURE, text_size
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


@functools.lru_cache(maxsize=2048)
def label_tile(text: str, colour: Colour, scale: float, thick: int, channels: int) -> np.ndarray:
    """A label as ``draw_readings`` shows it: ``text`` in ``colour`` on a black box
    (text width + 6) x (text height + 8), both ends included. Labels repeat from frame to
    frame, so each is drawn once and copied after (anti-aliased text costs ~10 us)."""
    (tw, th), _ = text_size(text, scale, thick)
    tile = np.zeros((th + 9, tw + 7, channels), np.uint8)
    cv2.putText(tile, text, (3, th + 4), FONT, scale, colour, thick, cv2.LINE_AA)
    return tile


def _paste(image: np.ndarray, tile: np.ndarray, x: int, y: int) -> None:
    """Copies ``tile`` onto ``image`` with its top left corner at (x, y), clipped."""
    height, width = image.shape[:2]
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + tile.shape[1], width), min(y + tile.shape[0], height)
    if x0 < x1 and y0 < y1:
        image[y0:y1, x0:x1] = tile[y0 - y : y1 - y, x0 - x : x1 - x].reshape(
            y1 - y0, x1 - x0, *image.shape[2:])


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
    channels = image.shape[2] if image.ndim == 3 else 1
    bounds = (image.shape[1], image.shape[0])
    taken: list[Box] = []
    for i, reading in enumerate(readings):
        x, y, w, h = (round(v * coords) for v in reading.box)
        colour = colour_of(reading)
        if i == selected:
            cv2.rectangle(image, (x - 3, y - 3), (x + w + 3, y + h + 3), SELECTED, thick + 1)
        cv2.rectangle(image, (x, y), (x + w, y + h), colour, thick)
        tile = label_tile(label_text(reading), colour, text_scale, thick, channels)
        spot = place_label((x, y, w, h), (tile.shape[1] - 1, tile.shape[0] - 1), taken, bounds)
        taken.append(spot)
        _paste(image, tile, spot[0], spot[1])
