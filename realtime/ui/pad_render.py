"""Drawing the pad window as an image: the pad on the left, the answer panel on the right."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.ui.annotate import draw_readings, percent
from realtime.ui.bindings import help_lines
from realtime.ui.hud import draw_bars, draw_help, message_colour
from realtime.ui.inside_render import input_tile, render_inside
from realtime.ui.messages import visible_message
from realtime.ui.pad import pad_image
from realtime.ui.pad_ui import PAD_BINDINGS, PadUi, selected_reading
from realtime.ui.text import DIM, FONT, PANEL, SELECTED, TEXT, UNSURE, put_text, wrap_text
from realtime.vision.interpret import digit_text, number_texts

#: The layout is designed for a 420 px pad and scaled with the pad's size.
BASE_SIZE = 420
PANEL_SHARE = 0.9


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
        line = (f"confidence {percent(worst)}" if len(pad.readings) == 1
                else f"{len(pad.readings)} digits, lowest confidence {percent(worst)}")
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
                 f"{digit_text(reading)} ({reading.digit} at {percent(reading.confidence, 1)})",
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
                  0.45 * scale, message_colour(ui.message_error))
    return panel


def render_pad(ui: PadUi, now: float) -> np.ndarray:
    """The whole window as a BGR image: pad with boxes, answer panel, overlays."""
    size = ui.pad.size
    scale = size / BASE_SIZE
    pad = cv2.cvtColor(pad_image(ui.pad), cv2.COLOR_GRAY2BGR)
    draw_readings(pad, ui.pad.readings, ui.pad.selected, size=scale)
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
        draw_help(frame, scale, help_lines(PAD_BINDINGS))
    return frame
