"""The drawing pad's shell: reads the pad with the model, saves what the user keeps, and
shows what ``pad_render`` draws. The rules live in ``pad_ui``; this only carries out
their effects."""

from __future__ import annotations

import dataclasses
import datetime
import sys
import time
from pathlib import Path

from realtime.app_config import AppConfig
from realtime.model.inside import InsideModel, Insides
from realtime.model.recognizer import Recognizer
from realtime.reading import Reading, reading_json
from realtime.store import HISTORY_LIMIT, append_jsonl, load_history, save_drawing, save_view
from realtime.ui.effects import AcceptReading, OpenImage, Reread, SaveDrawing, SaveSample
from realtime.ui.inside_render import render_card
from realtime.ui.messages import visible_message
from realtime.ui.pad import PadState, is_blank, pad_image, set_background, set_readings
from realtime.ui.pad_render import render_pad
from realtime.ui.pad_ui import PadUi, on_key, on_mouse, selected_reading
from realtime.ui.shell import Events, ModeShell, raw_crop
from realtime.ui.window import Window
from realtime.vision.imagefile import fit_square, load_image
from realtime.vision.images import to_ink
from realtime.vision.interpret import number_texts

#: How long the loop waits for a key when idle; while the pen is down it polls every 1 ms,
#: so that fast strokes are not merged into a few points.
WAIT_MS = 10


def reading_record(readings: tuple[Reading, ...], now: datetime.datetime) -> dict:
    """The history line of a reading: time, text and each digit."""
    return {
        "time": now.isoformat(timespec="seconds"),
        "text": " ".join(number_texts(readings)),
        "digits": [reading_json(r) for r in readings],
    }


class PadMode(ModeShell):
    """The drawing pad: the pad's state, the recognizer and the pad's files.

    ``load`` is an image to open on the pad when the mode starts.
    """

    def __init__(self, config: AppConfig, recognizer: Recognizer, window: Window,
                 events: Events, load: Path | None = None) -> None:
        super().__init__(config, recognizer, window, events)
        self.ui = PadUi(pad=PadState(size=config.pad_size, radius=config.brush))
        self.load = load
        self._shown: tuple[PadUi, str] | None = None
        self._inside_model: InsideModel | None = None  # opened when the view is first shown
        self._load_history()

    # --- effects ---------------------------------------------------------------------
    def _load_history(self) -> None:
        history = self.config.history
        try:
            entries, bad = load_history(history)
        except OSError as error:
            self.say(f"Cannot read history {history}: {error.strerror or error}", error=True)
            return
        self.ui = dataclasses.replace(self.ui, history=tuple(entries))
        if bad:
            self.say(f"History {history}: skipped {bad} unreadable line(s); "
                     "the file is left as it is", error=True)

    def _reread(self) -> None:
        started = time.perf_counter()
        readings = self.recognizer.read(pad_image(self.ui.pad), ink="light")
        read_ms = (time.perf_counter() - started) * 1000
        self.ui = dataclasses.replace(self.ui, pad=set_readings(self.ui.pad, readings))
        self._look_inside()
        shown_ms = self._show() * 1000
        self.event("read", text=" ".join(number_texts(readings)),
                   digits=[r.digit for r in readings], unsure=[r.unsure for r in readings],
                   ms={"read": round(read_ms, 3), "pen_up_to_screen": round(read_ms + shown_ms, 3)})

    def _accept(self) -> None:
        record = reading_record(self.ui.pad.readings, datetime.datetime.now())
        history = self.config.history
        try:
            append_jsonl(history, record)
        except OSError as error:
            self.say(f"Not saved: cannot write {history} ({error.strerror or error})",
                     error=True)
            return
        entries = (*self.ui.history, record)[-HISTORY_LIMIT:]
        self.ui = dataclasses.replace(self.ui, history=entries)
        self.say(f"Added {record['text']} to {history}")
        self.event("accept", text=record["text"])

    def _look_inside(self) -> None:
        """While the network view is on, runs the selected digit through the model's
        insides export (once per digit read); never otherwise."""
        if not self.ui.show_inside:
            return
        reading = selected_reading(self.ui)
        current = self.ui.inside
        if reading is None or reading.digit_image is None:
            view = None
        elif isinstance(current, Insides) and current.digit is reading.digit_image:
            return
        else:
            if self._inside_model is None:
                self._inside_model = InsideModel(self.recognizer.model_path)
            try:
                view = self._inside_model.look(reading.digit_image)
                self.event("inside", maps=[list(m.shape) for m in view.maps])
            except ValueError as error:
                view = str(error)
                self.event("inside", message=view)
        self.ui = dataclasses.replace(self.ui, inside=view)

    def _save_drawing(self) -> None:
        inside = self.ui.inside if self.ui.show_inside else None
        try:
            path = save_drawing(self.config.save_dir, pad_image(self.ui.pad),
                                datetime.datetime.now())
            view = (save_view(path, render_card(inside, self.recognizer.model_path.stem))
                    if isinstance(inside, Insides) else None)
        except OSError as error:
            self.say(f"Drawing not saved: {error.strerror or error}", error=True)
            return
        self.say(f"Saved drawing {path}" + (f" and the network view {view}" if view else ""))
        self.event("drawing", image=str(path), **({"view": str(view)} if view else {}))

    def _open(self, path: str) -> None:
        try:
            image = load_image(Path(path).expanduser())
        except ValueError as error:
            self.say(f"Cannot open: {error}", error=True)
            print(f"realtime: cannot open: {error}", file=sys.stderr, flush=True)
            return
        ink = fit_square(to_ink(image, self.config.ink), self.ui.pad.size)
        self.ui = dataclasses.replace(self.ui, pad=set_background(self.ui.pad, ink))
        self.say(f"Opened {path}")
        self._reread()

    def run_effect(self, effect: object) -> None:
        match effect:
            case Reread():
                self._reread()
            case AcceptReading():
                self._accept()
            case SaveSample(index=index, label=label):
                reading = self.ui.pad.readings[index]
                raw = raw_crop(pad_image(self.ui.pad), reading.box)
                self.save_correction(reading, raw, label, "pad")
            case SaveDrawing():
                self._save_drawing()
            case OpenImage(path=path):
                self._open(path)

    def handle(self, ui: PadUi, effects: list) -> None:
        super().handle(ui, effects)
        self._look_inside()

    def use_recognizer(self, recognizer: Recognizer, text: str) -> None:
        """Reads with another model from now on, and reads the pad again with it."""
        self.recognizer = recognizer
        self._inside_model = None
        self.ui = dataclasses.replace(self.ui, inside=None)
        self.say(text)
        if not is_blank(self.ui.pad):
            self._reread()

    # --- the loop's calls ------------------------------------------------------------
    def start(self) -> None:
        if self.load is not None:
            self.handle(self.ui, [OpenImage(str(self.load))])
        self._show()

    def on_mouse(self, event: int, x: int, y: int, flags: int) -> None:
        self.handle(*on_mouse(self.ui, event, x, y, flags))

    def on_key(self, key: int) -> None:
        self.handle(*on_key(self.ui, key, time.monotonic()))

    def tick(self) -> int:
        """Shows what changed; returns how long to wait for a key (ms)."""
        if self._shown != (self.ui, visible_message(self.ui, time.monotonic())):
            self._show()
        return 1 if self.ui.pad.drawing is not None else WAIT_MS

    def _show(self) -> float:
        """Renders and shows the pad; returns the seconds it took."""
        started = time.perf_counter()
        now = time.monotonic()
        self.window.show(render_pad(self.ui, now))
        self._shown = (self.ui, visible_message(self.ui, now))
        return time.perf_counter() - started

    def stop(self) -> None:
        pass
