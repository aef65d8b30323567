"""Drawing the camera window: the picture with a box, digit and confidence on every digit,
the numbers read, the frame rate, and what the window is doing."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from realtime.reading import Reading
from realtime.ui.annotate import draw_readings, label_text
from realtime.ui.bindings import help_lines
from realtime.ui.camera_ui import CAMERA_BINDINGS, CameraUi
from realtime.ui.hud import draw_bars, draw_help, draw_message_lines
from realtime.ui.inside_render import input_tile
from realtime.ui.messages import visible_message
from realtime.ui.text import DIM, SELECTED, TEXT, UNSURE, put_text, text_size
from realtime.vision.interpret import number_texts

#: Side of the model's input shown on the frozen picture (28 px x 6), and the height of
#: the probability bars under it.
INPUT_VIEW_SIDE = 168
INPUT_VIEW_BARS = 50
#: Frames wider than this are shown smaller (boxes are scaled with them).
MAX_VIEW_WIDTH = 1280
BAR_HEIGHT = 34


#: Boxes and labels of readings that are unsure (shown as "?"): the pad's orange.
UNSURE_COLOUR = UNSURE


def confidence_colour(confidence: float) -> tuple[int, int, int]:
    """BGR from red (0.5 or less) through yellow to green (1.0)."""
    share = min(max((confidence - 0.5) / 0.5, 0.0), 1.0)
    if share < 0.5:
        return 0, int(510 * share), 255
    return 0, 255, int(255 * (2 - 2 * share))


def view_scale(frame_width: int) -> float:
    """Window pixels per frame pixel for a frame this wide."""
    return min(1.0, MAX_VIEW_WIDTH / max(1, frame_width))


def camera_colour(reading: Reading) -> tuple[int, int, int]:
    """Orange for an unsure reading, otherwise red to green by confidence."""
    return UNSURE_COLOUR if reading.unsure else confidence_colour(reading.confidence)


def draw_overlay(image: np.ndarray, readings: Sequence[Reading],
                 numbers: Sequence[Sequence[int]], selected: int | None, scale: float) -> None:
    """Boxes, digits and confidences (frame coordinates times ``scale``) on ``image``, and
    a line under each number of several digits (``numbers``: ``group_numbers``)."""
    draw_readings(image, readings, selected, coords=scale, colour_of=camera_colour)
    for number in numbers:
        if len(number) < 2:
            continue
        boxes = [readings[i].box for i in number]
        left = round(min(b[0] for b in boxes) * scale)
        right = round(max(b[0] + b[2] for b in boxes) * scale)
        bottom = round(max(b[1] + b[3] for b in boxes) * scale) + 4
        cv2.line(image, (left, bottom), (right, bottom), (255, 200, 0), 2)


def render_camera(ui: CameraUi, now: float) -> np.ndarray:
    """The whole camera window as a BGR image."""
    if ui.frame is None:
        image = np.zeros((480, 854, 3), np.uint8)
        put_text(image, ui.status or "waiting for the first picture...", (20, 240), 0.7, TEXT)
    else:
        frame = ui.frame if ui.frame.ndim == 3 else cv2.cvtColor(ui.frame, cv2.COLOR_GRAY2BGR)
        size = (round(frame.shape[1] * ui.view_scale), round(frame.shape[0] * ui.view_scale))
        image = frame.copy() if ui.view_scale == 1 else cv2.resize(frame, size,
                                                                   interpolation=cv2.INTER_AREA)
        draw_overlay(image, ui.readings, ui.numbers, ui.selected, ui.view_scale)
    width = image.shape[1]
    bar = image[:BAR_HEIGHT]
    bar[:] = (bar * 0.35).astype(np.uint8)
    numbers = "  ".join(number_texts(ui.readings, ui.numbers)) or "-"
    put_text(image, f"read: {numbers}"[:120], (10, 23), 0.6, TEXT, 1)
    state = "FROZEN - click a digit, press its key; Space resumes" if ui.frozen \
        else f"{ui.fps:4.1f} fps   Space: freeze   h: help"
    (tw, _), _ = text_size(state, 0.5, 1)
    put_text(image, state, (width - tw - 10, 22), 0.5, SELECTED if ui.frozen else DIM)
    message = visible_message(ui, now)
    lines = [(ui.status, False), (message, ui.message_error)]
    draw_message_lines(image, [(text, error) for text, error in lines if text], 1.0)
    if ui.show_input and ui.frozen and ui.selected is not None \
            and ui.readings[ui.selected].digit_image is not None:
        draw_input(image, ui.readings[ui.selected])
    if ui.show_help:
        draw_help(image, 1.0, help_lines(CAMERA_BINDINGS))
    return image


def draw_input(image: np.ndarray, reading: Reading) -> None:
    """The 28x28 image the model read for ``reading``, enlarged with visible pixels, and
    its ten class probabilities under it, in the picture's top right corner under the
    status bar, with what it was read as."""
    tile = input_tile(reading.digit_image, INPUT_VIEW_SIDE)
    side = tile.shape[0]
    bars = INPUT_VIEW_BARS
    x, y = image.shape[1] - side - 12, BAR_HEIGHT + 30
    if x < 0 or y + side + bars + 30 > image.shape[0]:
        return  # a picture too small to hold it
    cv2.rectangle(image, (x - 4, y - 26), (x + side + 4, y + side + bars + 30), (0, 0, 0), -1)
    put_text(image, f"model input: {label_text(reading)}",
             (x, y - 8), 0.5, SELECTED)
    image[y : y + side, x : x + side] = tile
    draw_bars(image, reading.probs, (x, y + side + 8), side, bars, 0.8)
