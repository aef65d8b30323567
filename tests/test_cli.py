"""``python -m realtime --image``: reads a file, and fails in one line on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import cv2
import numpy as np
import pytest

from bench.drawn_digits import draw_number
from realtime.config import MODELS_DIR, PROJECT_ROOT
from realtime.model.versions import current_version
from tests.helpers import boxes_close, mark_beside_digit


def _truncated_png() -> bytes:
    """The first half of a PNG file (a photo cut short by a failed copy)."""
    noise = np.random.default_rng(0).integers(0, 256, (200, 300), np.uint8)
    data = cv2.imencode(".png", noise)[1].tobytes()
    return data[: len(data) // 2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "realtime", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60)


def test_reads_a_scanned_number(tmp_path):
    pad, _ = draw_number([2, 0, 2, 6], np.random.default_rng(4))
    path = tmp_path / "scan.jpg"
    cv2.imwrite(str(path), 255 - pad)
    result = _run("--image", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "read: 2026"


def test_json_output_has_one_object_per_digit(tmp_path):
    pad, boxes = draw_number([4, 2], np.random.default_rng(0))
    path = tmp_path / "pad.png"
    cv2.imwrite(str(path), pad)
    result = _run("--image", str(path), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["digit"] for line in lines] == [4, 2]
    assert boxes_close([line["box"] for line in lines], boxes)


def test_a_keras_model_reads_without_tensorflow_chatter(tmp_path):
    # the Keras backend loads TensorFlow, whose start-up lines (and oneDNN's, on CPUs
    # that have it) went to the app's stderr
    pad, _ = draw_number([4, 2], np.random.default_rng(0))
    path = tmp_path / "pad.png"
    cv2.imwrite(str(path), pad)
    result = _run("--image", str(path), "--json", "--model",
                  str(MODELS_DIR / f"{current_version()}.keras"))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["digit"] for line in result.stdout.splitlines()] == [4, 2]
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: None, "not found"),
     (lambda p: p.write_bytes(b"garbage"), "cannot decode"),
     (lambda p: p.write_bytes(_truncated_png()), "truncated"),
     (lambda p: cv2.imwrite(str(p), np.zeros((1, 1), np.uint8)), "at least")],
    ids=["missing", "garbage", "truncated", "1x1"],
)
def test_bad_image_file_is_one_line_and_exit_2(tmp_path, make, message):
    path = tmp_path / "input.png"
    make(path)
    result = _run("--image", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("realtime: error:")
    assert any(word in lines[0] for word in message.split("|"))


def test_a_16_bit_scan_and_a_transparent_png_are_read(tmp_path):
    pad, _ = draw_number([3, 5], np.random.default_rng(2))
    sixteen = tmp_path / "scan16.png"
    cv2.imwrite(str(sixteen), (255 - pad).astype(np.uint16) * 257)
    transparent = tmp_path / "ink.png"
    cv2.imwrite(str(transparent), np.dstack([np.zeros_like(pad)] * 3 + [pad]))  # black ink
    for path in (sixteen, transparent):
        result = _run("--image", str(path))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "read: 35"


def test_missing_model_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "pad.png"
    cv2.imwrite(str(path), np.zeros((50, 50), np.uint8))
    result = _run("--image", str(path), "--model", str(tmp_path / "none.tflite"))
    assert result.returncode == 2 and "model file not found" in result.stderr


def test_the_program_runs_opencv_on_one_thread(tmp_path):
    # OpenCV's thread pool slows a frame's many small images down (see images.OPENCV_THREADS)
    from realtime import cli

    pad, _ = draw_number([7], np.random.default_rng(1))
    path = tmp_path / "pad.png"
    cv2.imwrite(str(path), pad)
    threads = cv2.getNumThreads()
    try:
        cv2.setNumThreads(2)
        assert cli.main(["--image", str(path)]) == 0
        assert cv2.getNumThreads() == 1
    finally:
        cv2.setNumThreads(threads)


def test_json_says_which_readings_are_unsure_and_text_shows_them_as_a_question_mark(tmp_path):
    path = tmp_path / "mark.png"
    cv2.imwrite(str(path), 255 - mark_beside_digit(4))
    result = _run("--image", str(path), "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["unsure"] for line in lines] == [True, False]
    assert lines[1]["digit"] == 4
    text = _run("--image", str(path)).stdout.strip().splitlines()
    assert text[0].startswith("?") and "unsure; best guess" in text[0]
    assert text[-1] == "read: ?4"  # close beside the 4: one number, one digit unsure
