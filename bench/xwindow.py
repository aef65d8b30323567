"""Driving the real app window on a virtual X screen with xdotool, as a user would.

Used by the end-to-end tests and the window benchmarks: start ``Xvfb``, start
``python -m realtime ... --print-events``, find its window, drag the mouse, press keys,
and read the JSON events the app prints.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PIL import Image, ImageChops, ImageGrab

ROOT = Path(__file__).resolve().parent.parent
WINDOW_TITLE = "realtime digits"


def tools_missing() -> list[str]:
    """The programs this driver needs that are not installed."""
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


class VirtualScreen:
    """An Xvfb server on a free display number; a context manager."""

    def __init__(self, width: int = 1600, height: int = 1000) -> None:
        self.size = f"{width}x{height}x24"
        self.display = ""
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> VirtualScreen:
        for number in range(90, 190):
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            # -noreset: an X server resets when its last client leaves and refuses
            # connections meanwhile, which would fail the next app started on it
            process = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", self.size,
                                        "-nolisten", "tcp", "-noreset"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and process.poll() is None:
                if self._answers(f":{number}"):  # the socket appears before it accepts
                    self.display, self.process = f":{number}", process
                    return self
                time.sleep(0.05)
            process.kill()
            process.wait()
        raise RuntimeError("could not start Xvfb on any display from :90 to :189")

    @staticmethod
    def _answers(display: str) -> bool:
        """True when an X client can connect to ``display`` and query it."""
        result = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True,
                                env={**os.environ, "DISPLAY": display}, timeout=10)
        return result.returncode == 0

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


class AppWindow:
    """The app running in a real window on a virtual screen."""

    def __init__(self, display: str, args: Iterable[str], *, cwd: Path = ROOT,
                 startup_timeout: float = 30.0) -> None:
        self.display = display
        self.env = {**os.environ, "DISPLAY": display, "PYTHONUNBUFFERED": "1"}
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "realtime", "--print-events", *args], cwd=cwd, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.events: queue.Queue[dict] = queue.Queue()
        self.stderr_lines: list[str] = []
        self._readers = [threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()
        try:
            self.window = self._find_window(startup_timeout)
        except RuntimeError:
            self.close()
            raise
        self.opened_after = time.monotonic() - self.started

    def _read_stdout(self) -> None:
        for line in self.process.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                continue

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def xdotool(self, *args: str) -> None:
        """Runs one xdotool command line against the virtual screen."""
        subprocess.run(["xdotool", *args], env=self.env, check=False, timeout=30,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _find_window(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the stderr reader catch the app's last words
                raise RuntimeError("the app exited before its window opened: "
                                   + " | ".join(self.stderr_lines[-12:]))
            # by this app's pid: a window of an app that just quit can linger with the title
            found = subprocess.run(["xdotool", "search", "--all", "--onlyvisible", "--pid",
                                    str(self.process.pid), "--name", WINDOW_TITLE],
                                   env=self.env, capture_output=True, text=True).stdout.split()
            if found:
                return found[-1]
            time.sleep(0.02)
        raise RuntimeError(f"no window titled {WINDOW_TITLE!r} after {timeout} s")

    def drag(self, points: Iterable[tuple[float, float]], step_seconds: float = 0.012,
             pen_up_seconds: float = 0.08, *, pause_at: Iterable[int] = (),
             on_pause: Callable[[], None] = lambda: None) -> None:
        """Presses the left button at the first point, moves through the rest, releases.

        Paced like a hand: moves about 80 per second (a window system merges motion events
        that queue up, so an instant burst of moves would arrive as a few points), and the
        pen rests a moment before each stroke (a press a few milliseconds after a release
        is not what any hand does, and the window system may treat it specially).

        At each point index in ``pause_at`` the hand stops there, the button held down,
        while ``on_pause`` runs (to capture the stroke half drawn, say).
        """
        points = [(round(x), round(y)) for x, y in points]
        args = ["mousemove", "--window", self.window, str(points[0][0]), str(points[0][1]),
                "sleep", str(pen_up_seconds), "mousedown", "1"]
        pauses = {i for i in pause_at if 0 < i < len(points) - 1}
        for i, (x, y) in enumerate(points[1:], start=1):
            args += ["sleep", str(step_seconds), "mousemove", "--window", self.window, str(x),
                     str(y)]
            if i in pauses:
                self.xdotool(*args)
                on_pause()
                args = []
        last = points[-1]  # then the hand moves on a little, as hands do
        self.xdotool(*args, "sleep", str(step_seconds), "mouseup", "1", "sleep",
                     str(step_seconds), "mousemove", "--window", self.window, str(last[0] + 1),
                     str(last[1] + 1))

    def key(self, *names: str) -> None:
        """Presses keys by their X names: 'Return', 'Tab', 'z', '7', ..."""
        for name in names:
            self.xdotool("key", "--window", self.window, name)

    def type(self, text: str, key_seconds: float = 0.09) -> None:
        """Types text into the window at a fast typist's pace.

        OpenCV's Qt window keeps one key per ``waitKey`` call: keys that arrive together
        while the app is busy for a moment (a loaded host) overwrite each other, so typing
        much faster than a hand (40 ms a key was) can lose a character of a path.
        """
        self.xdotool("type", "--window", self.window, "--delay", str(round(key_seconds * 1000)),
                     text)

    def wait_event(self, kind: str | tuple[str, ...],
                   check: Callable[[dict], bool] = lambda e: True, timeout: float = 15.0,
                   ) -> dict:
        """Waits for the next event of ``kind`` (or of any of several kinds) that passes
        ``check``; others are dropped."""
        kinds = (kind,) if isinstance(kind, str) else kind
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if event.get("event") in kinds and check(event):
                return event
        raise TimeoutError(f"no {kind!r} event within {timeout} s; stderr: "
                           + " | ".join(self.stderr_lines[-5:]))

    def geometry(self) -> tuple[int, int, int, int]:
        """The window's (x, y, width, height) on the virtual screen now."""
        geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", self.window],
                                  env=self.env, capture_output=True, text=True, check=True,
                                  timeout=30).stdout
        place = dict(line.split("=", 1) for line in geometry.split())
        return tuple(int(place[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))

    def wait_size(self, width: int, height: int, timeout: float = 10.0) -> None:
        """Waits until the window has taken a size: it resizes after the app shows a
        picture of a new size, and a drag before that lands where the old picture was."""
        deadline = time.monotonic() + timeout
        while self.geometry()[2:] != (width, height):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the window is {self.geometry()[2:]} after {timeout} s, "
                                   f"not {(width, height)}")
            time.sleep(0.02)

    def drain(self) -> list[dict]:
        """Returns and forgets the events received so far."""
        events = []
        while not self.events.empty():
            events.append(self.events.get())
        return events

    def grab(self) -> Image.Image:
        """The window as it shows now, an RGB picture cut from the virtual screen (Pillow's
        X11 grab: no window manager runs there, so nothing covers or frames the window)."""
        x, y, width, height = self.geometry()
        return ImageGrab.grab(bbox=(x, y, x + width, y + height),
                              xdisplay=self.display).convert("RGB")

    def grab_steady(self, interval: float = 0.06, timeout: float = 2.0) -> Image.Image:
        """The window once two grabs ``interval`` seconds apart agree (the app reports an
        event before it draws the frame that shows it), or the last grab at ``timeout``."""
        deadline = time.monotonic() + timeout
        picture = self.grab()
        while time.monotonic() < deadline:
            time.sleep(interval)
            following = self.grab()
            if following.size == picture.size and not ImageChops.difference(
                    following, picture).getbbox():
                return following
            picture = following
        return picture

    def screenshot(self, path: Path) -> None:
        """Saves the window, once it is steady, as a picture file (PNG by its name)."""
        self.grab_steady().save(path)

    def close(self) -> int:
        """Presses q and returns the exit status (kills the app if it does not quit)."""
        if self.process.poll() is None and getattr(self, "window", None):
            # The app quits on the key press; the release must not target its window,
            # which is gone by then: a release that fails leaves q held down, and the
            # server's autorepeat would then type q into the next app's window.
            self.xdotool("keydown", "--window", self.window, "q")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.xdotool("keyup", "q")
        for reader in self._readers:
            reader.join(timeout=5)
        self.process.stdout.close()
        self.process.stderr.close()
        return self.process.returncode
