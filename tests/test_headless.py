"""Headless camera mode: one JSON line per frame, faults reported on stderr, no crash."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np

from realtime.config import PROJECT_ROOT
from realtime.headless import run_headless
from tests.conftest import page_frame as _page


class ListSource:
    """A file-like source over a list of frames (None: a frame that fails to decode)."""

    live = False
    kind = "video"
    fps = 0.0

    def __init__(self, frames) -> None:
        self.frames, self.status, self.released = list(frames), "", False

    def read(self):
        if not self.frames:
            self.status = "ended"
            return False, None
        return True, self.frames.pop(0)

    def release(self) -> None:
        self.released = True


def test_every_frame_gets_a_line_and_bad_frames_read_nothing(recognizer):
    page, truth = _page()
    rng = np.random.default_rng(0)
    frames = [page, np.zeros((360, 640, 3), np.uint8), np.full((360, 640, 3), 255, np.uint8),
              rng.integers(0, 256, (360, 640, 3), np.uint8), np.zeros((4, 4, 3), np.uint8),
              page[:300, :500].copy(), page]
    source = ListSource(frames)
    out, err = io.StringIO(), io.StringIO()
    assert run_headless(source, recognizer, out=out, err=err) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["frame"] for line in lines] == list(range(7))
    assert [r["digit"] for r in lines[0]["readings"]] == [4, 7, 1, 9]
    assert all(lines[k]["readings"] == [] for k in (1, 2, 3, 4))
    assert lines[6]["readings"] == lines[0]["readings"]
    first = lines[0]["readings"][0]
    assert set(first) == {"box", "digit", "confidence"} and len(first["box"]) == 4
    assert "frame 4: frame not read" in err.getvalue()
    assert "size changed" in err.getvalue()
    assert source.released


def test_missing_source_file_is_one_line_and_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "realtime", "--source",
                             str(tmp_path / "none.mp4"), "--headless"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"realtime: error: source not found: {tmp_path / 'none.mp4'} (give a camera index, "
        "a video, an image or a folder)"]
