"""The window shell: the only module that calls cv2.imshow, cv2.waitKey and the mouse callback.

It turns window events into calls of the pure handlers in ``pad_ui``, carries out the
effects they return (reading the pad, saving files) and shows ``render_pad``'s frames.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from realtime.imagefile import fit_square, load_image
from realtime.images import to_ink
from realtime.interpret import number_texts
from realtime.pad import PadState, pad_image, set_background, set_readings
from realtime.pad_render import render_pad
from realtime.pad_ui import (
    AcceptReading,
    Effect,
    OpenImage,
    PadUi,
    Quit,
    Reread,
    SaveDrawing,
    SaveSample,
    on_key,
    on_mouse,
    visible_message,
    with_message,
)
from realtime.recognizer import Recognizer
from realtime.store import append_jsonl, load_history, save_drawing, save_sample

WINDOW_TITLE = "realtime digits"
#: Margin around a digit's box in the raw crop saved with a sample (share of its size).
RAW_MARGIN = 0.15
#: How long the loop waits for a key when idle; while the pen is down it polls every 1 ms,
#: so that fast strokes are not merged into a few points.
WAIT_MS = 10


def raw_crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The box with a margin around it, clipped to the image."""
    x, y, w, h = box
    pad = round(RAW_MARGIN * max(w, h))
    top, left = max(0, y - pad), max(0, x - pad)
    return image[top : y + h + pad, left : x + w + pad].copy()


def reading_record(readings, now: datetime.datetime) -> dict:
    """The history line of a reading: time, text and each digit."""
    return {
        "time": now.isoformat(timespec="seconds"),
        "text": " ".join(number_texts(readings)),
        "digits": [{"digit": r.digit, "confidence": round(r.confidence, 4), "box": list(r.box)}
                   for r in readings],
    }


class PadApp:
    """Owns the window, the recognizer and the files; runs the event loop."""

    def __init__(self, args: argparse.Namespace, recognizer: Recognizer) -> None:
        self.args = args
        self.recognizer = recognizer
        self.mouse_events: list[tuple[int, int, int]] = []
        pad = PadState(size=args.pad_size, radius=args.brush)
        self.ui = PadUi(pad=pad)
        self.running = True
        self._shown: tuple[PadUi, str] | None = None
        self._was_visible = False
        self._load_history()

    # --- effects ---------------------------------------------------------------------
    def _event(self, kind: str, **fields) -> None:
        """Prints one JSON line per event when --print-events is on (scripts and tests)."""
        if self.args.print_events:
            print(json.dumps({"event": kind, **fields}), flush=True)

    def _message(self, text: str) -> None:
        self.ui = with_message(self.ui, text, time.monotonic())
        self._event("message", text=text)

    def _load_history(self) -> None:
        try:
            entries, bad = load_history(self.args.history)
        except OSError as error:
            self._message(f"Cannot read history {self.args.history}: {error.strerror or error}")
            return
        self.ui = dataclasses.replace(self.ui, history=tuple(entries))
        if bad:
            self._message(f"History {self.args.history}: skipped {bad} unreadable line(s); "
                          "the file is left as it is")

    def _reread(self) -> None:
        started = time.perf_counter()
        readings = self.recognizer.read(pad_image(self.ui.pad), ink="light")
        read_ms = (time.perf_counter() - started) * 1000
        self.ui = dataclasses.replace(self.ui, pad=set_readings(self.ui.pad, readings))
        shown_ms = self._show() * 1000
        self._event("read", text=" ".join(number_texts(readings)),
                    digits=[r.digit for r in readings],
                    ms={"read": round(read_ms, 3),
                        "pen_up_to_screen": round(read_ms + shown_ms, 3)})

    def _accept(self) -> None:
        record = reading_record(self.ui.pad.readings, datetime.datetime.now())
        try:
            append_jsonl(self.args.history, record)
        except OSError as error:
            self._message(f"Not saved: cannot write {self.args.history} "
                          f"({error.strerror or error})")
            return
        history = (*self.ui.history, record)[-10:]
        self.ui = dataclasses.replace(self.ui, history=history)
        self._message(f"Added {record['text']} to {self.args.history}")
        self._event("accept", text=record["text"])

    def _save_sample(self, index: int, label: int) -> None:
        reading = self.ui.pad.readings[index]
        image = pad_image(self.ui.pad)
        details = {"source": "pad", "predicted": reading.digit,
                   "confidence": round(reading.confidence, 4), "box": list(reading.box)}
        try:
            sample = save_sample(self.args.samples, label, reading.digit_image,
                                 raw_crop(image, reading.box), now=datetime.datetime.now(),
                                 details=details)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or error
            self._message(f"Sample not saved: {self.args.samples} is not writable ({reason})")
            return
        verb = "Confirmed" if label == reading.digit else "Corrected to"
        self._message(f"{verb} {label}: saved {self.args.samples / sample.image}")
        self._event("sample", label=label, image=str(self.args.samples / sample.image))

    def _save_drawing(self) -> None:
        try:
            path = save_drawing(self.args.save_dir, pad_image(self.ui.pad),
                                datetime.datetime.now())
        except OSError as error:
            self._message(f"Drawing not saved: {error.strerror or error}")
            return
        self._message(f"Saved drawing {path}")

    def _open(self, path: str) -> None:
        try:
            image = load_image(Path(path).expanduser())
        except ValueError as error:
            self._message(f"Cannot open: {error}")
            print(f"realtime: cannot open: {error}", file=sys.stderr, flush=True)
            return
        ink = fit_square(to_ink(image, self.args.ink), self.ui.pad.size)
        self.ui = dataclasses.replace(self.ui, pad=set_background(self.ui.pad, ink))
        self._message(f"Opened {path}")
        self._reread()

    def handle(self, ui: PadUi, effects: list[Effect]) -> None:
        """Takes a handler's new state, reports a message it set, and runs its effects."""
        if (ui.message, ui.message_until) != (self.ui.message, self.ui.message_until):
            self._event("message", text=ui.message)
        self.ui = ui
        self.run_effects(effects)

    def run_effects(self, effects: list[Effect]) -> None:
        """Carries out what the handlers asked for."""
        for effect in effects:
            match effect:
                case Reread():
                    self._reread()
                case AcceptReading():
                    self._accept()
                case SaveSample(index=index, label=label):
                    self._save_sample(index, label)
                case SaveDrawing():
                    self._save_drawing()
                case OpenImage(path=path):
                    self._open(path)
                case Quit():
                    self.running = False

    # --- window ----------------------------------------------------------------------
    def _on_mouse(self, event: int, x: int, y: int, flags: int, param: object) -> None:
        self.mouse_events.append((event, x, y))

    def _show(self) -> float:
        """Renders and shows the window; returns the seconds it took."""
        started = time.perf_counter()
        now = time.monotonic()
        cv2.imshow(WINDOW_TITLE, render_pad(self.ui, now))
        self._shown = (self.ui, visible_message(self.ui, now))
        return time.perf_counter() - started

    def _show_if_changed(self) -> None:
        if self._shown != (self.ui, visible_message(self.ui, time.monotonic())):
            self._show()

    def _window_closed(self) -> bool:
        """True once the user has closed the window (not while it is still being mapped)."""
        try:
            visible = cv2.getWindowProperty(WINDOW_TITLE, cv2.WND_PROP_VISIBLE) >= 1
        except cv2.error:
            visible = False
        self._was_visible = self._was_visible or visible
        return self._was_visible and not visible

    def run(self) -> int:
        """Opens the window and runs until the user quits; returns the exit status."""
        flags = cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL
        cv2.namedWindow(WINDOW_TITLE, flags)
        frame = render_pad(self.ui, time.monotonic())
        cv2.resizeWindow(WINDOW_TITLE, frame.shape[1], frame.shape[0])
        cv2.setMouseCallback(WINDOW_TITLE, self._on_mouse)
        if self.args.load is not None:
            self.run_effects([OpenImage(str(self.args.load))])
        print(f"{WINDOW_TITLE}: window open; press h for help, q to quit", file=sys.stderr,
              flush=True)
        try:
            while self.running:
                while self.mouse_events:
                    event, x, y = self.mouse_events.pop(0)
                    self.handle(*on_mouse(self.ui, event, x, y))
                self._show_if_changed()
                key = cv2.waitKey(1 if self.ui.pad.drawing is not None else WAIT_MS)
                if key != -1:
                    self.handle(*on_key(self.ui, key & 0xFF, time.monotonic()))
                elif self._window_closed():
                    break
        except KeyboardInterrupt:
            pass
        finally:
            cv2.destroyAllWindows()
            cv2.waitKey(1)
        return 0
