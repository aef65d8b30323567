"""End to end on real photos and scans (../shared/data/paper_dev): ``--image`` and
``--source --headless`` read them right, and read them the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.score import Score, score_frame
from realtime.camera.pipeline import CameraPipeline
from realtime.config import PROJECT_ROOT
from realtime.vision.imagefile import load_image
from tests.helpers import IN_CI, paper_dev

#: A close crop, a fine-liner on dim paper, and a phone photo of three rows of digits.
PICTURES = ("lucksoft__345.jpg", "vinay0410__numbers1.jpg", "chengluyu__realphoto.jpg")


@pytest.fixture(scope="module")
def truth() -> dict:
    """The pictures' true digits by file name; skipped only outside CI without them."""
    gt = paper_dev() / "gt.json"
    if not gt.is_file():
        if IN_CI:
            pytest.fail(f"CI must have {gt} (../shared beside the checkout)")
        pytest.skip(f"no {gt}: ../shared is not beside the checkout")
    images = json.loads(gt.read_text())["images"]
    return {image["file"]: [(tuple(d["box"]), d["digit"]) for d in image["digits"]]
            for image in images if image["file"] in PICTURES}


def _realtime(*args: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "realtime", *args], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_image_and_headless_source_read_real_photos_right_and_alike(truth, tmp_path):
    by_image = {}
    for name in PICTURES:
        readings = _realtime("--image", str(paper_dev() / name), "--json")
        by_image[name] = [(tuple(r["box"]), r["digit"]) for r in readings if not r["unsure"]]
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in PICTURES:
        (folder / name).symlink_to(paper_dev() / name)
    lines = _realtime("--source", str(folder), "--headless")
    by_source = {Path(line["file"]).name: [(tuple(r["box"]), r["digit"])
                                           for r in line["readings"] if not r["unsure"]]
                 for line in lines}
    assert by_source == by_image  # one reader: the same photo reads the same
    total = Score(0, 0, 0, 0)
    for name, truths in truth.items():
        score = score_frame(by_image[name], truths)
        assert score.recall >= 0.9, (name, score)
        total = total + score
    assert total.recall >= 0.97 and total.precision >= 0.97, total


def test_a_real_photo_filmed_hand_held_reads_in_every_frame_as_it_does_alone(truth,
                                                                            recognizer):
    # a camera keeps the light and the page of earlier frames while the view holds still
    # (vision/paper_maps.py) and follows each digit (camera/track.py): a photo wobbling a
    # pixel or two with sensor noise, then sliding 6 px a frame, then jerked 40 px (about
    # a digit's width), reads in each frame as well as the photo read on its own
    name = "chengluyu__realphoto.jpg"
    photo = load_image(str(paper_dev() / name))
    alone = score_frame([(r.box, r.digit) for r in recognizer.read(photo) if not r.unsure],
                        truth[name])
    pipeline, rng = CameraPipeline(recognizer), np.random.default_rng(0)
    for frame in range(12):
        dx = round(2 * np.sin(frame / 2)) + 6 * max(0, frame - 5) + (40 if frame >= 10 else 0)
        dy = frame % 2
        moved = cv2.warpAffine(photo, np.float32([[1, 0, dx], [0, 1, dy]]),
                               photo.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)
        noisy = np.clip(moved + rng.normal(0, 2, moved.shape), 0, 255).astype(np.uint8)
        readings = [r for r in pipeline.read(noisy).readings if not r.unsure]
        truths = [((x + dx, y + dy, w, h), digit) for (x, y, w, h), digit in truth[name]]
        score = score_frame([(r.box, r.digit) for r in readings], truths)
        assert score.correct >= alone.correct - 1, (frame, score, alone)
