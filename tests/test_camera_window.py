"""Camera mode end to end, as a user would: a test video in the real window, and headless."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import cv2
import pytest

from bench.scenes import make_scene, truth_json, write_video
from bench.score import Score, score_frame
from bench.xwindow import AppWindow
from realtime.config import PROJECT_ROOT
from tests.helpers import draw_and_read

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def video(tmp_path_factory, mnist):
    """A short video of a held-out scene, and its per-frame truth."""
    folder = tmp_path_factory.mktemp("scene")
    truths = write_video(make_scene(2024, (mnist.x_test, mnist.y_test)), 8, folder / "page.avi")
    (folder / "truth.jsonl").write_text(truth_json(truths))
    return folder / "page.avi", truths


def test_headless_output_scores_against_the_truth(video):
    path, truths = video
    result = subprocess.run([sys.executable, "-m", "realtime", "--source", str(path),
                             "--headless"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["frame"] for line in lines] == list(range(len(truths)))
    total = Score(0, 0, 0, 0)
    for line, truth in zip(lines, truths, strict=True):
        readings = [(tuple(r["box"]), r["digit"]) for r in line["readings"] if not r["unsure"]]
        total = total + score_frame(readings, [(t.box, t.label) for t in truth])
    # the benchmark (bench/camera.py) holds the real targets over many scenes; one short
    # scene must still be read well
    assert total.recall >= 0.9 and total.precision >= 0.9, total
    assert "ended after 8 frames" in result.stderr


def test_freeze_select_and_label_a_digit_from_the_video(screen, video, tmp_path):
    path, _ = video
    window = AppWindow(screen, ["--source", str(path), "--samples", str(tmp_path)])
    try:
        window.wait_event("frame", lambda e: e["index"] >= 2)
        window.key("space")
        frozen = window.wait_event("frozen")
        assert frozen["digits"] > 20
        window.key("Tab", "Tab", "3")
        saved = window.wait_event("sample")
        assert saved["label"] == 3
        assert cv2.imread(saved["image"], cv2.IMREAD_GRAYSCALE).shape == (28, 28)
        entry = json.loads((tmp_path / "manifest.jsonl").read_text().splitlines()[-1])
        assert entry["source"] == "camera" and entry["label"] == 3
        raw = cv2.imread(str(tmp_path / entry["raw"]), cv2.IMREAD_UNCHANGED)
        assert raw.ndim == 3 and raw.shape[2] == 3  # the colour crop as the camera saw it
        window.key("space")
        window.wait_event("resumed")
        # w switches to the drawing pad, which reads as usual, and back to the video
        window.key("w")
        switched = window.wait_event("mode", lambda e: e["name"] == "pad")
        window.wait_size(switched["width"], switched["height"])
        assert draw_and_read(window, 7, 1)[0] == "7"
        window.key("w")
        window.wait_event("mode", lambda e: e["name"] == "camera")
        window.wait_event("frame")
    finally:
        assert window.close() == 0


def test_the_demo_source_plays_live_and_a_digit_can_be_labelled(screen, tmp_path):
    window = AppWindow(screen, ["--source", "demo", "--samples", str(tmp_path)])
    try:
        first = window.wait_event("frame", lambda e: e["index"] >= 3)
        assert first["digits"] >= 19  # of 21, plus "+" and "=" read as unsure or not at all
        window.key("space")
        assert window.wait_event("frozen")["digits"] >= 19
        window.key("Tab", "5")
        assert window.wait_event("sample")["label"] == 5
        entry = json.loads((tmp_path / "manifest.jsonl").read_text().splitlines()[-1])
        assert entry["source"] == "camera"
    finally:
        assert window.close() == 0


def test_a_missing_camera_is_said_in_the_window_and_retried_quietly(screen, tmp_path):
    window = AppWindow(screen, ["--source", "97", "--samples", str(tmp_path)])
    try:
        status = window.wait_event("status")
        assert status["text"] == "camera 97 is not available (missing or busy); retrying"
        time.sleep(2.5)  # two more tries, a second apart; the window still answers q
    finally:
        assert window.close() == 0
    # one line from the app when it opened; none of OpenCV's warnings
    assert not [line for line in window.stderr_lines if "WARN" in line or "ERROR" in line]
