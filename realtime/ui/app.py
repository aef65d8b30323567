"""The window shell: the only module that calls cv2.imshow, cv2.waitKey and the mouse callback.

One window shows either the drawing pad or the camera (``w`` switches). Each mode turns
window events into calls of its pure handlers (``pad_ui``, ``camera_ui``), carries out the
effects they return (reading, saving files) and shows what its renderer draws.
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

from realtime.camera.pipeline import CameraPipeline
from realtime.camera.sources import Source, open_source
from realtime.config import CURRENT_POINTER
from realtime.model.inside import InsideModel, Insides
from realtime.model.recognizer import Recognizer
from realtime.reading import Reading, reading_json
from realtime.store import append_jsonl, load_history, save_drawing, save_sample, save_view
from realtime.ui import camera_ui
from realtime.ui.camera_render import render_camera, view_scale
from realtime.ui.inside_render import render_card
from realtime.ui.pad import PadState, pad_image, set_background, set_readings
from realtime.ui.pad_render import render_pad
from realtime.ui.pad_ui import (
    AcceptReading,
    Effect,
    OpenImage,
    PadUi,
    Quit,
    ReloadModel,
    Reread,
    SaveDrawing,
    SaveSample,
    SwitchMode,
    on_key,
    on_mouse,
    selected_reading,
    visible_message,
    with_message,
)
from realtime.vision.imagefile import fit_square, load_image
from realtime.vision.images import to_ink
from realtime.vision.interpret import number_texts

WINDOW_TITLE = "realtime digits"
#: Margin around a digit's box in the raw crop saved with a sample (share of its size).
RAW_MARGIN = 0.15
#: How long the loop waits for a key when idle; while the pen is down it polls every 1 ms,
#: so that fast strokes are not merged into a few points.
WAIT_MS = 10
#: The camera used when ``w`` switches from the pad to the camera without --source.
DEFAULT_CAMERA = "0"
#: Frame rate a video file or image folder is shown at when it does not say its own.
FILE_FPS = {"video": 25.0, "images": 1.0}

#: Effects either mode hands to the main loop, and the request each one makes.
LOOP_REQUESTS = {SwitchMode: "switch", ReloadModel: "reload", Quit: "quit"}


def report_message(events: Events, old: PadUi | camera_ui.CameraUi,
                   new: PadUi | camera_ui.CameraUi) -> None:
    """Reports the message a handler set (either mode's state has one)."""
    if (new.message, new.message_until) != (old.message, old.message_until):
        events("message", text=new.message)


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
        "digits": [reading_json(r) for r in readings],
    }


class Window:
    """The one OpenCV window: shows images, collects mouse events, reads keys."""

    def __init__(self, title: str = WINDOW_TITLE) -> None:
        self.title = title
        self.mouse_events: list[tuple[int, int, int, int]] = []
        self._was_visible = False
        flags = cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL
        cv2.namedWindow(title, flags)
        cv2.setMouseCallback(title, self._on_mouse)
        self._size: tuple[int, int] | None = None

    def _on_mouse(self, event: int, x: int, y: int, flags: int, param: object) -> None:
        self.mouse_events.append((event, x, y, flags))

    def show(self, image: np.ndarray) -> None:
        """Shows an image; the window takes its size when the size changes."""
        size = (image.shape[1], image.shape[0])
        if size != self._size:
            cv2.resizeWindow(self.title, *size)
            self._size = size
        cv2.imshow(self.title, image)

    def wait_key(self, milliseconds: int) -> int:
        """The key pressed within ``milliseconds`` (low byte), or -1."""
        key = cv2.waitKey(max(1, milliseconds))
        return -1 if key == -1 else key & 0xFF

    def closed(self) -> bool:
        """True once the user has closed the window (not while it is still being mapped)."""
        try:
            visible = cv2.getWindowProperty(self.title, cv2.WND_PROP_VISIBLE) >= 1
        except cv2.error:
            visible = False
        self._was_visible = self._was_visible or visible
        return self._was_visible and not visible

    def close(self) -> None:
        cv2.destroyAllWindows()
        cv2.waitKey(1)


class Events:
    """Prints one JSON line per event when --print-events is on (scripts and tests)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, kind: str, **fields: object) -> None:
        if self.enabled:
            print(json.dumps({"event": kind, **fields}), flush=True)


def save_correction(args: argparse.Namespace, reading: Reading, raw: np.ndarray, label: int,
                    source: str) -> tuple[str, Path | None]:
    """Saves a labelled sample; returns the message to show and where it went (or None)."""
    details = {"source": source, "predicted": reading.digit,
               "confidence": round(reading.confidence, 4), "box": list(reading.box)}
    try:
        sample = save_sample(args.samples, label, reading.digit_image, raw,
                             now=datetime.datetime.now(), details=details)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        return f"Sample not saved: {args.samples} is not writable ({reason})", None
    verb = "Confirmed" if label == reading.digit else "Corrected to"
    path = args.samples / sample.image
    return f"{verb} {label}: saved {path}", path


class PadMode:
    """The drawing pad: the pad's state, the recognizer and the pad's files."""

    def __init__(self, args: argparse.Namespace, recognizer: Recognizer, window: Window,
                 events: Events) -> None:
        self.args = args
        self.recognizer = recognizer
        self.window = window
        self.event = events
        self.ui = PadUi(pad=PadState(size=args.pad_size, radius=args.brush))
        self.request: str | None = None  # one of LOOP_REQUESTS' values, for the loop
        self._shown: tuple[PadUi, str] | None = None
        self._inside_model: InsideModel | None = None  # opened when the view is first shown
        self._load_history()

    # --- effects ---------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.ui = with_message(self.ui, text, time.monotonic())
        self.event("message", text=text)

    def _load_history(self) -> None:
        try:
            entries, bad = load_history(self.args.history)
        except OSError as error:
            self.say(f"Cannot read history {self.args.history}: {error.strerror or error}")
            return
        self.ui = dataclasses.replace(self.ui, history=tuple(entries))
        if bad:
            self.say(f"History {self.args.history}: skipped {bad} unreadable line(s); "
                          "the file is left as it is")

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
        try:
            append_jsonl(self.args.history, record)
        except OSError as error:
            self.say(f"Not saved: cannot write {self.args.history} "
                          f"({error.strerror or error})")
            return
        history = (*self.ui.history, record)[-10:]
        self.ui = dataclasses.replace(self.ui, history=history)
        self.say(f"Added {record['text']} to {self.args.history}")
        self.event("accept", text=record["text"])

    def _save_sample(self, index: int, label: int) -> None:
        reading = self.ui.pad.readings[index]
        raw = raw_crop(pad_image(self.ui.pad), reading.box)
        message, path = save_correction(self.args, reading, raw, label, "pad")
        self.say(message)
        if path is not None:
            self.event("sample", label=label, image=str(path))

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
            path = save_drawing(self.args.save_dir, pad_image(self.ui.pad),
                                datetime.datetime.now())
            view = (save_view(path, render_card(inside, self.recognizer.model_path.stem))
                    if isinstance(inside, Insides) else None)
        except OSError as error:
            self.say(f"Drawing not saved: {error.strerror or error}")
            return
        self.say(f"Saved drawing {path}" + (f" and the network view {view}" if view else ""))
        self.event("drawing", image=str(path), **({"view": str(view)} if view else {}))

    def _open(self, path: str) -> None:
        try:
            image = load_image(Path(path).expanduser())
        except ValueError as error:
            self.say(f"Cannot open: {error}")
            print(f"realtime: cannot open: {error}", file=sys.stderr, flush=True)
            return
        ink = fit_square(to_ink(image, self.args.ink), self.ui.pad.size)
        self.ui = dataclasses.replace(self.ui, pad=set_background(self.ui.pad, ink))
        self.say(f"Opened {path}")
        self._reread()

    def _handle(self, ui: PadUi, effects: list[Effect]) -> None:
        """Takes a handler's new state, reports a message it set, and runs its effects."""
        report_message(self.event, self.ui, ui)
        self.ui = ui
        for effect in effects:
            if type(effect) in LOOP_REQUESTS:
                self.request = LOOP_REQUESTS[type(effect)]
                continue
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
        self._look_inside()

    def use_recognizer(self, recognizer: Recognizer, text: str) -> None:
        """Reads with another model from now on, and reads the pad again with it."""
        self.recognizer = recognizer
        self._inside_model = None
        self.ui = dataclasses.replace(self.ui, inside=None)
        self.say(text)
        if self.ui.pad.strokes or self.ui.pad.background is not None:
            self._reread()

    # --- the loop's calls ------------------------------------------------------------
    def start(self) -> None:
        if self.args.load is not None:
            self._handle(self.ui, [OpenImage(str(self.args.load))])
            self.args.load = None  # opened once, not again when switching back
        self._show()

    def on_mouse(self, event: int, x: int, y: int, flags: int) -> None:
        self._handle(*on_mouse(self.ui, event, x, y, flags))

    def on_key(self, key: int) -> None:
        self._handle(*on_key(self.ui, key, time.monotonic()))

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


class CameraMode:
    """The camera: frames from a source, read and tracked, shown with their readings."""

    def __init__(self, args: argparse.Namespace, recognizer: Recognizer, window: Window,
                 events: Events, source_text: str) -> None:
        self.args = args
        self.recognizer = recognizer
        self.window = window
        self.event = events
        self.source_text = source_text
        self.source: Source | None = None
        self.ui = camera_ui.CameraUi()
        self.request: str | None = None
        self.pipeline: CameraPipeline | None = None
        self._last_frame_at = 0.0
        self._index = 0
        self._ended = False

    def start(self) -> None:
        try:
            self.source = open_source(self.source_text, size=self.args.size)
            self.pipeline = CameraPipeline(self.recognizer, ink=self.args.ink,
                                           tracked=self.source.kind != "images")
        except ValueError as error:
            self.say(f"Cannot open {self.source_text}: {error}")
            self._ended = True
        self.window.show(render_camera(self.ui, time.monotonic()))

    def stop(self) -> None:
        if self.source is not None:
            self.source.release()
            self.source = None

    def say(self, text: str) -> None:
        self.ui = camera_ui.with_message(self.ui, text, time.monotonic())
        self.event("message", text=text)

    def _frame_interval(self) -> float:
        """Seconds between frames of a file source (a camera sets its own pace)."""
        if self.source is None or self.source.live:
            return 0.0
        return 1.0 / (self.source.fps or FILE_FPS[self.source.kind])

    def _next_frame(self) -> None:
        ok, frame = self.source.read()
        for message in self.source.messages:  # a file skipped
            self.say(message)
        self.source.messages.clear()
        if self.source.status != self.ui.status:
            self.ui = dataclasses.replace(self.ui, status=self.source.status)
            if self.source.status:
                self.event("status", text=self.source.status)
        if not ok:
            if not self.source.live:
                self._ended = True
            return
        started = time.perf_counter()
        result = self.pipeline.read(frame)
        elapsed = time.perf_counter() - started
        if result.problem:
            problem = f"frame not read: {result.problem}"
            self.ui = dataclasses.replace(self.ui, status=problem)
            self.event("status", text=problem)
            return
        readings = result.readings
        now = time.monotonic()
        if self._last_frame_at:
            rate = 1.0 / max(now - self._last_frame_at, 1e-3)
            fps = rate if self.ui.fps == 0 else 0.9 * self.ui.fps + 0.1 * rate
        else:
            fps = 0.0
        self._last_frame_at = now
        shown = camera_ui.show_frame(self.ui, frame, readings)
        self.ui = dataclasses.replace(shown, fps=fps, view_scale=view_scale(frame.shape[1]))
        self.event("frame", index=self._index, digits=len(readings),
                   ms=round(elapsed * 1000, 2))
        self._index += 1

    def tick(self) -> int:
        """Reads and shows the next frame when it is due; returns the key wait (ms)."""
        wait = 30
        if self.source is not None and not self._ended and not self.ui.frozen:
            interval = self._frame_interval()
            due = self._last_frame_at + interval
            if time.monotonic() >= due:
                self._next_frame()
            wait = 1 if interval == 0 else max(1, int((due - time.monotonic()) * 1000))
        self.window.show(render_camera(self.ui, time.monotonic()))
        return min(wait, 30)

    def on_mouse(self, event: int, x: int, y: int, flags: int) -> None:
        self._handle(*camera_ui.on_mouse(self.ui, event, x, y, time.monotonic()))

    def on_key(self, key: int) -> None:
        self._handle(*camera_ui.on_key(self.ui, key, time.monotonic()))

    def _handle(self, ui: camera_ui.CameraUi, effects: list) -> None:
        report_message(self.event, self.ui, ui)
        if ui.frozen != self.ui.frozen:
            self.event("frozen" if ui.frozen else "resumed", digits=len(ui.readings))
        self.ui = ui
        for effect in effects:
            if type(effect) in LOOP_REQUESTS:
                self.request = LOOP_REQUESTS[type(effect)]
                continue
            match effect:
                case camera_ui.SaveCameraSample(index=index, label=label):
                    reading = self.ui.readings[index]
                    raw = raw_crop(self.ui.frame, reading.box)
                    message, path = save_correction(self.args, reading, raw, label, "camera")
                    self.say(message)
                    if path is not None:
                        self.event("sample", label=label, image=str(path))

    def use_recognizer(self, recognizer: Recognizer, text: str) -> None:
        """Reads with another model from the next frame on."""
        self.recognizer = recognizer
        if self.pipeline is not None:
            self.pipeline.use(recognizer)  # smoothed probabilities of the old model are stale
        self.say(text)


class ModelWatcher:
    """Notices when ``models/current`` names another version (a fine-tune was accepted or
    rolled back), so the running app switches without a restart."""

    def __init__(self, models_dir: Path, enabled: bool, every_seconds: float = 1.0) -> None:
        self.pointer = models_dir / CURRENT_POINTER
        self.enabled = enabled
        self.every = every_seconds
        self.seen = self._current()
        self.next_check = 0.0

    def _current(self) -> str | None:
        try:
            return self.pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return None

    def changed(self, now: float) -> bool:
        """True once each time the pointer names a different version."""
        if not self.enabled or now < self.next_check:
            return False
        self.next_check = now + self.every
        current = self._current()
        if current is None or current == self.seen:
            return False
        self.seen = current
        return True


def reload_model(args: argparse.Namespace, mode: PadMode | CameraMode,
                 events: Events) -> Recognizer | None:
    """Loads the current model into the mode; on failure keeps the old one and says why."""
    try:
        recognizer = Recognizer(args.model, models_dir=args.models_dir)
    except ValueError as error:
        mode.say(f"Kept the model in use: the new one cannot be loaded ({error})")
        return None
    name = recognizer.model_path.stem
    mode.use_recognizer(recognizer, f"Now using model {name}")
    events("model", name=name)
    return recognizer


def run_window(args: argparse.Namespace, recognizer: Recognizer) -> int:
    """Opens the window in pad or camera mode and runs until the user quits."""
    window = Window()
    events = Events(args.print_events)

    def make(camera: bool) -> PadMode | CameraMode:
        if camera:
            return CameraMode(args, recognizer, window, events, args.source or DEFAULT_CAMERA)
        return PadMode(args, recognizer, window, events)

    camera = args.source is not None
    mode = make(camera)
    mode.start()
    watcher = ModelWatcher(args.models_dir, enabled=args.model is None)
    print(f"{WINDOW_TITLE}: window open; press h for help, q to quit", file=sys.stderr,
          flush=True)
    try:
        while True:
            wait = mode.tick()
            while window.mouse_events and mode.request is None:
                mode.on_mouse(*window.mouse_events.pop(0))
            key = window.wait_key(wait) if mode.request is None else -1
            if key != -1:
                mode.on_key(key)
            elif mode.request is None and window.closed():
                break
            if mode.request == "quit":
                break
            if mode.request == "reload" or watcher.changed(time.monotonic()):
                mode.request = None
                recognizer = reload_model(args, mode, events) or recognizer
            if mode.request == "switch":
                mode.stop()
                camera = not camera
                mode = make(camera)
                events("mode", name="camera" if camera else "pad")
                mode.start()
    except KeyboardInterrupt:
        pass
    finally:
        mode.stop()
        window.close()
    return 0
