"""The app's main loop: one window showing the drawing pad or the camera (``w``
switches), the model reloaded when asked or when ``models/current`` changes.

Each mode (``pad_mode``, ``camera_mode``) turns window events into calls of its pure
handlers, carries out the effects they return and shows what its renderer draws; this
loop only feeds it events and acts on its requests (switch, reload, quit).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from realtime.app_config import AppConfig
from realtime.config import CURRENT_POINTER
from realtime.model.recognizer import Recognizer
from realtime.ui.camera_mode import CameraMode
from realtime.ui.pad_mode import PadMode
from realtime.ui.shell import Events
from realtime.ui.window import WINDOW_TITLE, Window

#: The camera used when ``w`` switches from the pad to the camera without --source.
DEFAULT_CAMERA = "0"
#: How often the app looks at ``models/current`` for a new version (seconds).
MODEL_CHECK_SECONDS = 1.0

Mode = PadMode | CameraMode


class ModelWatcher:
    """Notices when ``models/current`` names another version (a fine-tune was accepted or
    rolled back), so the running app switches without a restart."""

    def __init__(self, models_dir: Path, enabled: bool,
                 every_seconds: float = MODEL_CHECK_SECONDS) -> None:
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


def reload_model(config: AppConfig, mode: Mode, events: Events) -> Recognizer | None:
    """Loads the current model into the mode; on failure keeps the old one and says why."""
    try:
        recognizer = Recognizer(config.model, models_dir=config.models_dir)
    except ValueError as error:
        mode.say(f"Kept the model in use: the new one cannot be loaded ({error})", error=True)
        return None
    name = recognizer.model_path.stem
    mode.use_recognizer(recognizer, f"Now using model {name}")
    events("model", name=name)
    return recognizer


def run_window(config: AppConfig, recognizer: Recognizer) -> int:
    """Opens the window in pad or camera mode and runs until the user quits."""
    window = Window()
    events = Events(config.print_events)
    load = config.load  # the image --load opens on the first pad, not when switching back

    def make(camera: bool) -> Mode:
        nonlocal load
        if camera:
            return CameraMode(config, recognizer, window, events,
                              config.source or DEFAULT_CAMERA)
        pad, load = PadMode(config, recognizer, window, events, load=load), None
        return pad

    camera = config.source is not None
    mode = make(camera)
    mode.start()
    watcher = ModelWatcher(config.models_dir, enabled=config.model is None)
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
                recognizer = reload_model(config, mode, events) or recognizer
            if mode.request == "switch":
                mode.stop()
                camera = not camera
                mode = make(camera)
                mode.start()
                width, height = window.size or (0, 0)
                events("mode", name="camera" if camera else "pad", width=width, height=height)
    except KeyboardInterrupt:
        pass
    finally:
        mode.stop()
        window.close()
    return 0
