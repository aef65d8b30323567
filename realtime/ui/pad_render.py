"""Drawing the pad window as an image: the pad on the left, the answer panel on the right."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.model.recognizer import Reading
from realtime.ui import keys
from realtime.ui.inside_render import input_tile, render_inside
from realtime.ui.pad import pad_image
from realtime.ui.pad_ui import PadUi, selected_reading, visible_message
from realtime.ui.text import (
    DIM,
    FONT,
    MESSAGE,
    PANEL,
    SELECTED,
    SURE,
    TEXT,
    UNSURE,
    put_text,
    text_size,
    wrap_text,
)
from realtime.vision.interpret import digit_text, number_texts

#: The layout is designed for a 420 px pad and scaled with the pad's size.
BASE_SIZE = 420
PANEL_SHARE = 0.9


def box_colour(reading: Reading) -> tuple[int, int, int]:
    """Green for a confident reading, orange for an unsure one."""
    return UNSURE if reading.unsure else SURE


def draw_readings(image: np.ndarray, readings: tuple[Reading, ...], selected: int | None,
                  scale: float) -> None:
    """Boxes and labels of the readings, on an image in the readings' own pixels."""
    for i, reading in enumerate(readings):
        x, y, w, h = reading.box
        colour = box_colour(reading)
        thick = max(1, round(2 * scale))
        if i == selected:
            cv2.rectangle(image, (x - 3, y - 3), (x + w + 3, y + h + 3), SELECTED, thick + 1)
        cv2.rectangle(image, (x, y), (x + w, y + h), colour, thick)
        label = f"{digit_text(reading)} {reading.confidence:.0%}"
        size = 0.55 * scale
        (tw, th), _ = text_size(label, size, thick)
        top = y - 6 if y - th - 8 >= 0 else y + h + th + 6
        cv2.rectangle(image, (x, top - th - 4), (x + tw + 6, top + 4), (0, 0, 0), -1)
        put_text(image, label, (x + 3, top), size, colour, thick)


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


def _panel(ui: PadUi, width: int, height: int, scale: float, now: float) -> np.ndarray:
    panel = np.full((height, width, 3), PANEL, np.uint8)
    pad = ui.pad
    margin = round(14 * scale)
    y = margin + round(14 * scale)
    put_text(panel, "READ", (margin, y), 0.5 * scale, DIM)
    texts = number_texts(pad.readings)
    answer = " ".join(texts) if texts else "-"
    y += round(58 * scale)
    big = 1.9 * scale
    while big > 0.6 * scale and cv2.getTextSize(answer, FONT, big, 3)[0][0] > width - 2 * margin:
        big *= 0.85
    put_text(panel, answer, (margin, y), big, TEXT, 3 * scale)
    y += round(30 * scale)
    if pad.readings:
        worst = min(r.confidence for r in pad.readings)
        unsure = sum(r.unsure for r in pad.readings)
        line = (f"confidence {worst:.0%}" if len(pad.readings) == 1
                else f"{len(pad.readings)} digits, lowest confidence {worst:.0%}")
        put_text(panel, line, (margin, y), 0.5 * scale, TEXT)
        if unsure:
            y += round(22 * scale)
            put_text(panel, f"? = unsure ({unsure}): redraw or label it", (margin, y),
                     0.45 * scale, UNSURE)
    else:
        put_text(panel, "draw a digit on the left", (margin, y), 0.5 * scale, DIM)
    y += round(34 * scale)
    reading = selected_reading(ui)
    if ui.show_inside:  # the network view instead of the scores and the history
        lower, upper = y - round(18 * scale), height - round(52 * scale)
        panel[lower:upper] = render_inside(ui.inside, width, upper - lower, scale,
                                           digit=reading.digit_image if reading else None)
    elif reading is not None:
        put_text(panel, f"digit {pad.selected + 1}/{len(pad.readings)}: "
                 f"{digit_text(reading)} ({reading.digit} at {reading.confidence:.1%})",
                 (margin, y), 0.5 * scale, SELECTED)
        top = y + round(10 * scale)
        bars_height = round(70 * scale)
        left = margin
        if reading.digit_image is not None:  # what the model read, beside what it answered
            tile = input_tile(reading.digit_image, bars_height + round(16 * scale))
            panel[top : top + tile.shape[0], margin : margin + tile.shape[1]] = tile
            left += tile.shape[1] + round(10 * scale)
        draw_bars(panel, reading.probs, (left, top), width - margin - left, bars_height, scale)
    elif pad.readings:
        put_text(panel, "Tab: select a digit to see its scores", (margin, y), 0.45 * scale, DIM)
    y += round(120 * scale)
    if not ui.show_inside:
        put_text(panel, "HISTORY (Enter adds)", (margin, y), 0.5 * scale, DIM)
        for entry in reversed(ui.history):
            y += round(20 * scale)
            if y > height - round(60 * scale):
                break
            when = str(entry.get("time", ""))[11:19]
            put_text(panel, f"{when}  {entry.get('text', '?')}", (margin, y), 0.48 * scale,
                     TEXT)
    bottom = height - margin
    put_text(panel, f"brush {pad.radius:g} px   h: help   q: quit", (margin, bottom),
             0.45 * scale, DIM)
    message = visible_message(ui, now)
    if message:
        wrap_text(panel, message, (margin, bottom - round(24 * scale)), width - 2 * margin,
              0.45 * scale, MESSAGE)
    return panel


def draw_help(image: np.ndarray, scale: float,
              entries: tuple[tuple[str, str], ...] = keys.PAD_HELP) -> None:
    """Darkens the image and lists every key on it."""
    image[:] = (image * 0.25).astype(np.uint8)
    margin = round(24 * scale)
    y = margin + round(10 * scale)
    put_text(image, "KEYS", (margin, y), 0.7 * scale, SELECTED, 2)
    for key, action in entries:
        y += round(28 * scale)
        put_text(image, key, (margin, y), 0.55 * scale, SELECTED)
        put_text(image, action, (margin + round(110 * scale), y), 0.55 * scale, TEXT)


def render_pad(ui: PadUi, now: float) -> np.ndarray:
    """The whole window as a BGR image: pad with boxes, answer panel, overlays."""
    size = ui.pad.size
    scale = size / BASE_SIZE
    pad = cv2.cvtColor(pad_image(ui.pad), cv2.COLOR_GRAY2BGR)
    draw_readings(pad, ui.pad.readings, ui.pad.selected, scale)
    if ui.prompt is not None:
        strip = round(60 * scale)
        pad[-strip:] = (pad[-strip:] * 0.3).astype(np.uint8)
        put_text(pad, "Open image (Enter opens, Esc cancels):", (10, size - strip + 20),
                 0.45 * scale, DIM)
        shown = ui.prompt[-48:] + "_"
        put_text(pad, shown, (10, size - 14), 0.5 * scale, SELECTED)
    frame = np.hstack([pad, _panel(ui, round(size * PANEL_SHARE), size, scale, now)])
    cv2.line(frame, (size, 0), (size, size), (90, 90, 90), 1)
    if ui.show_help:
        draw_help(frame, scale)
    return frame
