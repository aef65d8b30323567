"""What both window modes do the same way around their pure handlers: take a handler's
new state and effects, report events, say messages, hand loop requests up, and save a
labelled sample."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from realtime.app_config import AppConfig
from realtime.boxes import Box
from realtime.model.recognizer import Recognizer
from realtime.reading import Reading
from realtime.samples import save_sample
from realtime.ui.effects import LOOP_REQUESTS
from realtime.ui.messages import message_changed, with_message
from realtime.ui.window import Window

#: Margin around a digit's box in the raw crop saved with a sample (share of its size).
RAW_MARGIN = 0.15


class Events:
    """Prints one JSON line per event when --print-events is on (scripts and tests)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, kind: str, **fields: object) -> None:
        if self.enabled:
            print(json.dumps({"event": kind, **fields}), flush=True)


def raw_crop(image: np.ndarray, box: Box) -> np.ndarray:
    """The box with a margin around it, clipped to the image."""
    x, y, w, h = box
    pad = round(RAW_MARGIN * max(w, h))
    top, left = max(0, y - pad), max(0, x - pad)
    return image[top : y + h + pad, left : x + w + pad].copy()


class ModeShell:
    """The shell of one mode: its state ``ui``, the model, the window and the events.

    A subclass sets ``ui`` and carries out its own effects in ``run_effect``; a request
    for the main loop (switch, reload, quit) is left in ``request``.
    """

    ui: Any

    def __init__(self, config: AppConfig, recognizer: Recognizer, window: Window,
                 events: Events) -> None:
        self.config = config
        self.recognizer = recognizer
        self.window = window
        self.event = events
        self.request: str | None = None  # one of LOOP_REQUESTS' values, for the loop

    def say(self, text: str, *, error: bool = False) -> None:
        """Shows a message (an error in its own colour) and reports it."""
        self.ui = with_message(self.ui, text, time.monotonic(), error=error)
        self.event("message", text=text)

    def handle(self, ui: Any, effects: list) -> None:
        """Takes a handler's new state, reports a message it set, and runs its effects."""
        if message_changed(self.ui, ui):
            self.event("message", text=ui.message)
        self.changing(self.ui, ui)
        self.ui = ui
        for effect in effects:
            if type(effect) in LOOP_REQUESTS:
                self.request = LOOP_REQUESTS[type(effect)]
            else:
                self.run_effect(effect)

    def changing(self, old: Any, new: Any) -> None:
        """Called with the state before and after a handler ran (events to report)."""

    def run_effect(self, effect: object) -> None:
        """Carries out one of the mode's own effects."""
        raise NotImplementedError

    def save_correction(self, reading: Reading, raw: np.ndarray, label: int,
                        source: str) -> None:
        """Saves a labelled sample and says what was saved, or that nothing was."""
        details = {"source": source, "predicted": reading.digit,
                   "confidence": round(reading.confidence, 4), "box": list(reading.box)}
        samples = self.config.samples
        try:
            sample = save_sample(samples, label, reading.digit_image, raw,
                                 now=datetime.datetime.now(), details=details)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or error
            where = getattr(error, "filename", None) or samples
            self.say(f"Sample not saved, nothing written: {where} is not writable ({reason})",
                     error=True)
            return
        verb = "Confirmed" if label == reading.digit else "Corrected to"
        path: Path = samples / sample.image
        self.say(f"{verb} {label}: saved {path}")
        self.event("sample", label=label, image=str(path))
