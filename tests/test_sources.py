"""Frame sources: one interface for cameras, videos, images and folders; faults handled."""

from __future__ import annotations

import threading
import time

import cv2
import numpy as np
import pytest

from realtime.camera.demo import DemoSource
from realtime.camera.sources import CameraSource, open_source, parse_source

WAIT = 2.0  # generous: a camera read waits this long for a frame the test let through


class FakeCapture:
    """A duck-typed cv2.VideoCapture: gives ``frames`` frames, then fails (unplugged). Each
    frame is filled with its number (1, 2, ...). With ``gated``, each frame (and the
    failure) waits for ``let_through()``, as a camera waits for its next exposure."""

    def __init__(self, frames: int = 3, opens: bool = True, gated: bool = False) -> None:
        self.frames, self.opens, self.released = frames, opens, False
        self.given = 0
        self.properties: dict[int, float] = {}
        self._gate = threading.Semaphore(0) if gated else None

    def isOpened(self) -> bool:  # noqa: N802
        return self.opens

    def set(self, prop: int, value: float) -> bool:
        self.properties[prop] = value
        return True

    def let_through(self, count: int = 1) -> None:
        for _ in range(count):
            self._gate.release()

    def read(self):
        if self._gate is not None:
            self._gate.acquire()
        if self.given >= self.frames:
            return False, None
        self.given += 1
        return True, np.full((48, 64, 3), self.given, np.uint8)

    def release(self) -> None:
        self.released = True
        if self._gate is not None:
            self._gate.release()  # a real release ends a blocked read too


def wait_until(condition, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_parse_source_tells_camera_indexes_from_paths(tmp_path):
    assert parse_source("0") == 0 and parse_source(" 2 ") == 2
    assert parse_source(str(tmp_path / "a.mp4")) == tmp_path / "a.mp4"


def test_camera_that_fails_mid_stream_reports_and_reconnects():
    clock = Clock()
    captures = []

    def factory(index):
        captures.append(FakeCapture(frames=2, gated=True))
        return captures[-1]

    camera = CameraSource(0, factory, retry_seconds=1.0, clock=clock, frame_wait=WAIT)
    for number in (1, 2):
        captures[0].let_through()
        ok, frame = camera.read()
        assert ok and frame[0, 0, 0] == number
    captures[0].let_through()
    ok, frame = camera.read()  # the camera is unplugged
    assert not ok and frame is None and "retrying" in camera.status
    assert captures[0].released
    assert not camera.read()[0] and len(captures) == 1  # not before the retry time
    clock.now = 1.5
    assert not camera.read()[0] and len(captures) == 2  # reopened, no frame yet
    captures[1].let_through()
    ok, _ = camera.read()  # sending again
    assert ok and camera.status == ""
    camera.release()


def test_camera_read_gives_the_newest_frame_and_never_the_same_frame_twice():
    capture = FakeCapture(frames=10, gated=True)
    camera = CameraSource(0, lambda index: capture, frame_wait=0.05)
    capture.let_through(3)  # three frames while the reader was busy
    wait_until(lambda: capture.given == 3)
    ok, frame = camera.read()
    assert ok and frame[0, 0, 0] == 3  # the newest, not the oldest queued
    ok, frame = camera.read()  # no new frame yet: nothing, and not an error
    assert not ok and frame is None and camera.status == ""
    capture.let_through()
    ok, frame = camera.read()
    assert ok and frame[0, 0, 0] == 4
    capture.let_through(10)  # the rest flow, then the camera fails and its thread ends
    camera.release()
    assert capture.released


def test_camera_is_asked_for_the_size_given():
    capture = FakeCapture(frames=1)
    camera = CameraSource(0, lambda index: capture, size=(1920, 1080))
    assert capture.properties == {cv2.CAP_PROP_FRAME_WIDTH: 1920,
                                  cv2.CAP_PROP_FRAME_HEIGHT: 1080}
    camera.release()


def test_missing_camera_is_a_status_not_an_error():
    clock = Clock()
    camera = CameraSource(3, lambda index: FakeCapture(opens=False), clock=clock)
    assert not camera.read()[0]
    assert camera.status == "camera 3 is not available (missing or busy); retrying"
    assert camera.live


def test_demo_is_a_live_source_paced_at_its_frame_rate():
    clock, slept = Clock(), []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.now += seconds

    source = open_source("Demo")
    assert source.kind == "demo" and source.live
    demo = DemoSource(clock=clock, sleep=sleep)
    ok, first = demo.read()
    assert ok and first.shape == (720, 1280, 3) and not slept
    ok, second = demo.read()  # asked again at once: waits for the next frame time
    assert ok and slept == [pytest.approx(1 / 30)] and demo.time == pytest.approx(1 / 30)
    clock.now = 2.0  # a slow reader gets the frame of now, not a backlog
    demo.read()
    assert demo.time == pytest.approx(2.0) and len(slept) == 1
    assert not np.array_equal(first, second)  # the sheet moves (and the noise changes)


def test_video_file_reads_to_its_end(tmp_path):
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for k in range(5):
        writer.write(np.full((48, 64, 3), 40 * k, np.uint8))
    writer.release()
    source = open_source(str(path))
    frames = []
    while True:
        ok, frame = source.read()
        if not ok:
            break
        frames.append(frame)
    assert len(frames) == 5 and frames[0].shape == (48, 64, 3)
    assert source.status == f"{path}: ended after 5 frames" and not source.live
    assert source.fps == pytest.approx(10)


def test_truncated_video_ends_early_with_a_status(tmp_path):
    path = tmp_path / "cut.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for _ in range(20):
        writer.write(np.random.default_rng(0).integers(0, 255, (48, 64, 3), np.uint8))
    writer.release()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    source = open_source(str(path))
    count = 0
    while source.read()[0]:
        count += 1
    assert 0 < count < 20 and "ended after" in source.status


def test_folder_of_images_skips_unreadable_files(tmp_path):
    for name in ("b.png", "a.png"):
        cv2.imwrite(str(tmp_path / name), np.full((30, 40, 3), 200, np.uint8))
    (tmp_path / "c.png").write_bytes(b"not an image")
    (tmp_path / "notes.txt").write_text("ignored")
    source = open_source(str(tmp_path))
    assert source.read()[0] and source.read()[0]
    assert not source.read()[0]
    assert source.skipped == ["c.png"] and "ended after 2 images" in source.status


def test_single_image_is_one_frame(tmp_path):
    path = tmp_path / "page.jpg"
    cv2.imwrite(str(path), np.full((30, 40, 3), 200, np.uint8))
    source = open_source(str(path))
    assert source.read()[0] and not source.read()[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("missing.mp4", None, "source not found"),
     ("bad.png", b"junk", "cannot decode"),
     ("bad.mp4", b"junk video", "cannot open|cannot decode"),
     ("empty", "folder", "no images")],
)
def test_bad_files_are_one_line_value_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError) as raised:
        open_source(str(path))
    assert "\n" not in str(raised.value)
    assert any(part in str(raised.value) for part in message.split("|"))
