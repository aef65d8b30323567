"""Frame sources: a camera, a video file, an image file, a folder of images or the demo,
one interface.

``open_source("0")`` opens camera 0, ``open_source("clip.mp4")`` a video,
``open_source("demo")`` the generated demo sheet, and so on. Every
source is a ``source.Source``: ``read() -> (ok, frame)`` like ``cv2.VideoCapture``,
``release()``, a ``status`` line, ``messages`` (one-line notes, a file skipped, for the
caller to show and clear) and its own pace (``interval``). A camera that is missing,
busy or unplugged does not end the source: it reports ``ok=False`` with a status and is
reopened every ``retry_seconds``; its frames are grabbed on their own thread
(``FrameGrabber``), so a read gives the newest frame and ``ok=False`` with no status while
no new frame has come yet. Files end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from realtime.camera.demo import DEMO_NAME, DemoSource
from realtime.camera.grabber import Capture as GrabbedCapture
from realtime.camera.grabber import FrameGrabber
from realtime.camera.source import Source
from realtime.vision.imagefile import load_image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp")
RETRY_SECONDS = 1.0
#: A camera read waits this long for a new frame before answering "none yet".
FRAME_WAIT_SECONDS = 0.02
#: How fast a video that does not say its frame rate is shown (frames a second), and how
#: long each picture of a folder stays on screen (seconds).
VIDEO_FPS = 25.0
IMAGE_SECONDS = 1.0

FrameSize = tuple[int, int]  # width, height


class Capture(GrabbedCapture, Protocol):
    """What a source needs from ``cv2.VideoCapture`` (fakes in tests have the same)."""

    def isOpened(self) -> bool: ...  # noqa: N802 (OpenCV's name)


CaptureFactory = Callable[[int | str], Capture]


def parse_source(text: str) -> int | Path:
    """A camera index for whole numbers ("0"), otherwise a path."""
    text = text.strip()
    return int(text) if text.isdigit() else Path(text).expanduser()


class FileSource:
    """Frames of a video file, read once to its end.

    Raises:
        ValueError: when not even the first frame can be decoded.
    """

    live = False
    independent = False
    kind = "video"
    file = None

    def __init__(self, path: Path, capture: Capture, fps: float = 0.0) -> None:
        self.name = str(path)
        self.interval = 1.0 / (fps or VIDEO_FPS)
        self._capture = capture
        self.frames = 0
        self.status = ""
        self.messages: list[str] = []
        self.fps = fps
        ok, first = capture.read()
        if not ok or first is None:
            capture.release()
            raise ValueError(f"cannot decode {path}: no frame could be read")
        self._pending: np.ndarray | None = first

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._pending is not None:
            frame, self._pending = self._pending, None
        else:
            ok, frame = self._capture.read()
            if not ok or frame is None:
                self.status = f"{self.name}: ended after {self.frames} frames"
                return False, None
        self.frames += 1
        return True, frame

    def release(self) -> None:
        self._capture.release()


class ImagesSource:
    """Pictures from image files, in name order, each loaded as ``--image`` loads it; a
    file that cannot be read is skipped with a one-line message. ``file`` names the file
    the last picture came from."""

    live = False
    independent = True
    kind = "images"
    interval = IMAGE_SECONDS

    def __init__(self, paths: list[Path], name: str, first: np.ndarray | None = None) -> None:
        self.name = name
        self._paths = list(paths)
        self._first = first  # the first file, already loaded
        self.frames = 0
        self.status = ""
        self.messages: list[str] = []
        self.skipped: list[str] = []
        self.file: str | None = None

    def read(self) -> tuple[bool, np.ndarray | None]:
        while self._paths:
            path = self._paths.pop(0)
            frame, self._first = self._first, None
            if frame is None:
                try:
                    frame = load_image(path)
                except ValueError as error:
                    self.skipped.append(path.name)
                    self.messages.append(f"skipped {error}")
                    continue
            self.frames += 1
            self.file = str(path)
            self.status = ""
            return True, frame
        self.status = f"{self.name}: ended after {self.frames} images"
        return False, None

    def release(self) -> None:
        self._paths.clear()


class CameraSource:
    """A live camera, read on its own thread: a failed read is reported and the camera
    reopened, never the end. ``size`` asks the camera for a frame size (it may give
    another)."""

    live = True
    independent = False
    kind = "camera"
    interval = 0.0
    file = None

    def __init__(self, index: int, factory: CaptureFactory,
                 retry_seconds: float = RETRY_SECONDS, clock: Callable[[], float] = time.monotonic,
                 size: FrameSize | None = None, frame_wait: float = FRAME_WAIT_SECONDS,
                 ) -> None:
        self.name = f"camera {index}"
        self.index = index
        self._factory = factory
        self._retry = retry_seconds
        self._clock = clock
        self._size = size
        self._wait = frame_wait
        self._grabber: FrameGrabber | None = None
        self._next_try = 0.0
        self.frames = 0
        self.status = ""
        self.messages: list[str] = []
        self._open()

    def _open(self) -> None:
        self._next_try = self._clock() + self._retry
        capture = self._factory(self.index)
        if capture.isOpened():
            if self._size is not None and hasattr(capture, "set"):
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
            self._grabber = FrameGrabber(capture)
            self.status = ""
        else:
            capture.release()
            self._grabber = None
            self.status = f"{self.name} is not available (missing or busy); retrying"

    def read(self) -> tuple[bool, np.ndarray | None]:
        """The newest frame; ``(False, None)`` with no status while none has come yet."""
        if self._grabber is None:
            if self._clock() >= self._next_try:
                self._open()
            if self._grabber is None:
                return False, None
        frame = self._grabber.next_frame(self._wait)
        if frame is None:
            if self._grabber.failed:
                self._grabber.stop()
                self._grabber = None
                self._next_try = self._clock() + self._retry
                self.status = f"{self.name} stopped sending frames (unplugged?); retrying"
            return False, None
        self.frames += 1
        self.status = ""
        return True, frame

    def release(self) -> None:
        if self._grabber is not None:
            self._grabber.stop()
            self._grabber = None



def open_source(text: str, factory: CaptureFactory = cv2.VideoCapture,
                size: FrameSize | None = None) -> Source:
    """Opens a camera index, video file, image file, folder of images or ``demo``.

    Raises:
        ValueError: in one line, for a path that does not exist or holds no readable
            video or image (a camera that cannot be opened is not an error: it retries).
    """
    if text.strip().lower() == DEMO_NAME:
        return DemoSource()
    spec = parse_source(text)
    if isinstance(spec, int):
        return CameraSource(spec, factory, size=size)
    if spec.is_dir():
        images = sorted(p for p in spec.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not images:
            raise ValueError(f"no images ({', '.join(IMAGE_SUFFIXES)}) in folder {spec}")
        return ImagesSource(images, str(spec))
    if not spec.is_file():
        raise ValueError(f"source not found: {spec} (give a camera index, a video, an image "
                         "or a folder)")
    if spec.suffix.lower() in IMAGE_SUFFIXES:
        picture = load_image(spec)  # refused here, in one line, as --image refuses it
        return ImagesSource([spec], str(spec), first=picture)
    capture = factory(str(spec))
    if not capture.isOpened():
        capture.release()
        raise ValueError(f"cannot open {spec} as a video")
    fps = capture.get(cv2.CAP_PROP_FPS) if hasattr(capture, "get") else 0.0
    return FileSource(spec, capture, float(fps) if fps and fps > 0 else 0.0)
