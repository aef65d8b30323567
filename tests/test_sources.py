"""Frame sources: one interface for cameras, videos, images and folders; faults handled."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from realtime.sources import CameraSource, open_source, parse_source


class FakeCapture:
    """A duck-typed cv2.VideoCapture: gives ``frames`` frames, then fails (unplugged)."""

    opened_count = 0

    def __init__(self, frames: int = 3, opens: bool = True) -> None:
        self.frames, self.opens, self.released = frames, opens, False
        FakeCapture.opened_count += 1

    def isOpened(self) -> bool:  # noqa: N802
        return self.opens

    def read(self):
        if self.frames <= 0:
            return False, None
        self.frames -= 1
        return True, np.zeros((48, 64, 3), np.uint8)

    def release(self) -> None:
        self.released = True


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
        captures.append(FakeCapture(frames=2))
        return captures[-1]

    camera = CameraSource(0, factory, retry_seconds=1.0, clock=clock)
    assert camera.read()[0] and camera.read()[0]
    ok, frame = camera.read()  # the camera is unplugged
    assert not ok and frame is None and "retrying" in camera.status
    assert captures[0].released
    assert not camera.read()[0] and len(captures) == 1  # not before the retry time
    clock.now = 1.5
    ok, _ = camera.read()  # reopened and sending again
    assert ok and len(captures) == 2 and camera.status == ""


def test_missing_camera_is_a_status_not_an_error():
    clock = Clock()
    camera = CameraSource(3, lambda index: FakeCapture(opens=False), clock=clock)
    assert not camera.read()[0]
    assert camera.status == "camera 3 is not available (missing or busy); retrying"
    assert camera.live


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
