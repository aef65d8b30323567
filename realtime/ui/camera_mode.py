"""The camera's shell: pulls frames from a source at the source's own pace, reads them
through the ``CameraPipeline``, and shows what ``camera_render`` draws. The rules live in
``camera_ui``; this only carries out their effects."""

from __future__ import annotations

import dataclasses
import time

from realtime.app_config import AppConfig
from realtime.camera.pipeline import CameraPipeline
from realtime.camera.source import Source, pull
from realtime.camera.sources import open_source
from realtime.model.recognizer import Recognizer
from realtime.ui import camera_ui
from realtime.ui.camera_render import render_camera, view_scale
from realtime.ui.effects import SaveSample
from realtime.ui.shell import Events, ModeShell, raw_crop
from realtime.ui.window import Window

#: The longest the loop waits for a key between frames (ms), and the weight of each new
#: frame in the shown frame rate.
MAX_WAIT_MS = 30
FPS_SMOOTHING = 0.1


class CameraMode(ModeShell):
    """The camera: frames from a source, read and tracked, shown with their readings."""

    def __init__(self, config: AppConfig, recognizer: Recognizer, window: Window,
                 events: Events, source_text: str) -> None:
        super().__init__(config, recognizer, window, events)
        self.source_text = source_text
        self.source: Source | None = None
        self.ui = camera_ui.CameraUi()
        self.pipeline: CameraPipeline | None = None
        self._last_frame_at = 0.0
        self._index = 0
        self._ended = False

    def start(self) -> None:
        try:
            self.source = open_source(self.source_text, size=self.config.size)
            self.pipeline = CameraPipeline(self.recognizer, ink=self.config.ink,
                                           tracked=not self.source.independent)
        except ValueError as error:
            self.say(f"Cannot open {self.source_text}: {error}", error=True)
            self._ended = True
        self.window.show(render_camera(self.ui, time.monotonic()))

    def stop(self) -> None:
        if self.source is not None:
            self.source.release()
            self.source = None

    def _next_frame(self) -> None:
        pulled = pull(self.source, self.ui.status)
        for note in pulled.notes:  # a file skipped
            self.say(note, error=True)
        if pulled.status is not None:
            self.ui = dataclasses.replace(self.ui, status=pulled.status)
            if pulled.status:
                self.event("status", text=pulled.status)
        if pulled.frame is None:
            self._ended = pulled.ended
            return
        frame = pulled.frame
        started = time.perf_counter()
        result = self.pipeline.read(frame)
        elapsed = time.perf_counter() - started
        if result.problem:
            problem = f"frame not read: {result.problem}"
            self.ui = dataclasses.replace(self.ui, status=problem)
            self.event("status", text=problem)
            return
        now = time.monotonic()
        fps = self.ui.fps
        if self._last_frame_at:
            rate = 1.0 / max(now - self._last_frame_at, 1e-3)
            fps = rate if fps == 0 else (1 - FPS_SMOOTHING) * fps + FPS_SMOOTHING * rate
        self._last_frame_at = now
        shown = camera_ui.show_frame(self.ui, frame, result.readings, result.numbers)
        self.ui = dataclasses.replace(shown, fps=fps, view_scale=view_scale(frame.shape[1]))
        self.event("frame", index=self._index, digits=len(result.readings),
                   ms=round(elapsed * 1000, 2))
        self._index += 1

    def tick(self) -> int:
        """Reads and shows the next frame when it is due; returns the key wait (ms)."""
        wait = MAX_WAIT_MS
        if self.source is not None and not self._ended and not self.ui.frozen:
            interval = self.source.interval
            due = self._last_frame_at + interval
            if time.monotonic() >= due:
                self._next_frame()
            wait = 1 if interval == 0 else max(1, int((due - time.monotonic()) * 1000))
        self.window.show(render_camera(self.ui, time.monotonic()))
        return min(wait, MAX_WAIT_MS)

    def on_mouse(self, event: int, x: int, y: int, flags: int) -> None:
        self.handle(*camera_ui.on_mouse(self.ui, event, x, y, time.monotonic()))

    def on_key(self, key: int) -> None:
        self.handle(*camera_ui.on_key(self.ui, key, time.monotonic()))

    def changing(self, old: camera_ui.CameraUi, new: camera_ui.CameraUi) -> None:
        if new.frozen != old.frozen:
            self.event("frozen" if new.frozen else "resumed", digits=len(new.readings))

    def run_effect(self, effect: object) -> None:
        match effect:
            case SaveSample(index=index, label=label):
                reading = self.ui.readings[index]
                raw = raw_crop(self.ui.frame, reading.box)
                self.save_correction(reading, raw, label, "camera")

    def use_recognizer(self, recognizer: Recognizer, text: str) -> None:
        """Reads with another model from the next frame on."""
        self.recognizer = recognizer
        if self.pipeline is not None:
            self.pipeline.use(recognizer)  # smoothed probabilities of the old model are stale
        self.say(text)
