"""Headless camera mode: one JSON line per frame, faults reported on stderr, no crash."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

from realtime.camera.headless import run_headless
from realtime.config import PROJECT_ROOT
from tests.helpers import ListSource, mark_beside_digit
from tests.helpers import page_frame as _page


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
    assert set(first) == {"box", "digit", "confidence", "unsure"} and len(first["box"]) == 4
    assert first["unsure"] is False
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


def _truncated_jpeg(image) -> bytes:
    data = cv2.imencode(".jpg", image)[1].tobytes()
    return data[: len(data) // 2]


def _headless(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "realtime", "--headless", "--source", *args],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_a_folder_is_read_picture_by_picture_each_line_naming_its_file(tmp_path):
    page, _ = _page()
    folder = tmp_path / "pictures"
    folder.mkdir()
    cv2.imwrite(str(folder / "a_page.png"), page)
    (folder / "b_cut_short.jpg").write_bytes(_truncated_jpeg(page))
    cv2.imwrite(str(folder / "c_blank.png"), np.full_like(page, 230))
    sixteen = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.uint16) * 257
    cv2.imwrite(str(folder / "d_page16.png"), sixteen)
    result = _headless(str(folder))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(line["file"]).name for line in lines] == ["a_page.png", "c_blank.png",
                                                          "d_page16.png"]
    assert [r["digit"] for r in lines[0]["readings"]] == [4, 7, 1, 9]
    assert lines[1]["readings"] == []  # nothing carried over from the page before it
    assert [r["digit"] for r in lines[2]["readings"]] == [4, 7, 1, 9]
    skipped = [line for line in result.stderr.splitlines() if "b_cut_short.jpg" in line]
    assert len(skipped) == 1 and "truncated" in skipped[0]


def test_a_truncated_picture_is_refused_alike_by_source_and_image(tmp_path):
    page, _ = _page()
    path = tmp_path / "cut_short.jpg"
    path.write_bytes(_truncated_jpeg(page))
    by_source = _headless(str(path))
    by_image = subprocess.run([sys.executable, "-m", "realtime", "--image", str(path)],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    for result in (by_source, by_image):
        assert result.returncode == 2 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "truncated" in lines[0], lines
    assert by_source.stderr == by_image.stderr


def test_unsure_readings_are_printed_and_marked(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    cv2.imwrite(str(folder / "mark.png"), 255 - mark_beside_digit(7))
    result = _headless(str(folder))
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in result.stdout.splitlines()]
    assert [r["unsure"] for r in line["readings"]] == [True, False]
    assert line["readings"][1]["digit"] == 7
    # the same picture reads the same through --image
    image = subprocess.run([sys.executable, "-m", "realtime", "--image",
                            str(folder / "mark.png"), "--json"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True, timeout=120)
    assert [json.loads(text) for text in image.stdout.splitlines()] == line["readings"]


def test_a_missing_camera_gives_up_after_the_timeout_in_two_quiet_lines():
    result = _headless("97", "--camera-timeout", "1")
    assert result.returncode == 2 and result.stdout == ""
    # OpenCV's own warnings (about eleven lines per try) are silenced
    assert result.stderr.strip().splitlines() == [
        "realtime: camera 97 is not available (missing or busy); retrying",
        "realtime: error: no frame from camera 97 for 1 s (is it plugged in, and free?)"]


def test_the_demo_source_reads_its_sheet_headless():
    process = subprocess.Popen([sys.executable, "-m", "realtime", "--source", "demo",
                                "--headless"], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        lines = [json.loads(process.stdout.readline()) for _ in range(3)]
    finally:
        process.kill()
        process.communicate()
    assert [line["frame"] for line in lines] == [0, 1, 2] and "file" not in lines[0]
    # the sheet holds 21 digits and a "+" and an "=", which are unsure if read at all
    sure = [r for r in lines[-1]["readings"] if not r["unsure"]]
    assert 19 <= len(sure) <= 21
