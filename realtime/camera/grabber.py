"""Grabbing camera frames on their own thread, so reading never waits for the camera.

A camera delivers frames at its own rate and queues a few when nobody takes them: a reader
that calls ``capture.read()`` itself gets old queued frames whenever it was slower than
the camera, and the lag grows. ``FrameGrabber`` reads the capture continuously on a thread
and keeps only the newest frame; ``next_frame`` hands each frame out once, so a reader never
reads the same frame twice and always reads the newest one.

(imutils' ``WebcamVideoStream`` grabs on a thread too, but hands out the same frame again
until a new one arrives and keeps the last frame after the camera fails, so a caller cannot
tell a new frame from an old one or a live camera from an unplugged one.)
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

import numpy as np


class Capture(Protocol):
    """What the grabber needs from ``cv2.VideoCapture`` (fakes in tests have the same)."""

    def read(self) -> tuple[bool, np.ndarray | None]: ...

    def release(self) -> None: ...


class FrameGrabber:
    """Reads ``capture`` on a daemon thread until it fails or ``stop`` is called.

    ``next_frame(timeout)`` returns the newest frame not handed out yet, waiting up to
    ``timeout`` seconds for one; ``failed`` turns true when the capture stops giving frames.
    """

    def __init__(self, capture: Capture) -> None:
        self._capture = capture
        self._condition = threading.Condition()
        self._frame: np.ndarray | None = None
        self._taken = True  # the current frame was handed out (there is none yet)
        self._running = True
        self._release_on_exit = False
        self.failed = False
        self._thread = threading.Thread(target=self._run, name="frame-grabber", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._grab()
        finally:
            with self._condition:
                self._condition.notify_all()
                if self._release_on_exit:
                    self._capture.release()

    def _grab(self) -> None:
        while self._running:
            ok, frame = self._capture.read()
            with self._condition:
                if not ok or frame is None:
                    self.failed = True
                    return
                self._frame, self._taken = frame, False
                self._condition.notify_all()

    def next_frame(self, timeout: float) -> np.ndarray | None:
        """The newest frame not handed out before, or None when none came in ``timeout``
        seconds (or the capture failed)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._taken and not self.failed:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._condition.wait(left)
            if self._taken:
                return None
            self._taken = True
            return self._frame

    def stop(self, wait: float = 2.0) -> None:
        """Stops the thread and releases the capture; a read that hangs (an unplugged
        camera) is not waited for longer than ``wait`` seconds: the thread then releases
        the capture itself when the read returns."""
        self._running = False
        self._thread.join(timeout=wait)
        with self._condition:
            if self._thread.is_alive():
                self._release_on_exit = True
                return
        self._capture.release()
