"""Test pictures of handwriting on paper: seeded, with exact boxes around visible ink."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from bench.paper_photos import main
from bench.photos.kinds import KINDS, make_picture
from bench.photos.picture import Placed
from bench.photos.sources import Sources, make_sources
from bench.photos.truth import truth_box
from realtime.training.pendigits import HELD_OUT_WRITERS
from realtime.training.strokes import render_strokes

CONTRAST = 20  #: grey levels between the ink and the paper inside every true box


@pytest.fixture(scope="module")
def sources(mnist, pen_digits) -> Sources:
    """Held-out pendigits writers and MNIST test; skipped only outside CI without data."""
    return make_sources(pen_digits, mnist.x_test, mnist.y_test)


def _check_boxes(picture) -> None:
    height, width = picture.image.shape[:2]
    gray = picture.image.astype(np.float32).mean(axis=2)
    assert picture.truths
    for truth in picture.truths:
        x, y, w, h = truth.box
        assert 0 <= truth.label <= 9
        assert w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= width and y + h <= height
        inside = gray[y:y + h, x:x + w]
        assert np.percentile(inside, 98) - np.percentile(inside, 2) > CONTRAST, truth


def test_only_held_out_writers_are_used(sources):
    assert {writer for writer, _ in sources.pen_digits} <= HELD_OUT_WRITERS
    assert {label for _, label in sources.pen_digits} == set(range(10))


@pytest.mark.parametrize("kind", ["closeup", "crop", "webcam", "scan"])
def test_a_seed_gives_the_same_picture(sources, kind):
    first, again = make_picture(kind, 11, sources), make_picture(kind, 11, sources)
    other = make_picture(kind, 12, sources)
    np.testing.assert_array_equal(first.image, again.image)
    assert first.truths == again.truths and first.numbers == again.numbers
    assert first.data == again.data
    assert first.image.shape != other.image.shape or not np.array_equal(first.image, other.image)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_valid_boxes_holding_ink(sources, kind):
    for seed in (1, 2) if kind != "phone" else (1,):
        picture = make_picture(kind, seed, sources)
        assert picture.kind == kind and picture.image.dtype == np.uint8
        assert picture.image.ndim == 3 and picture.image.shape[2] == 3
        decoded = cv2.imdecode(np.frombuffer(picture.data, np.uint8), cv2.IMREAD_COLOR)
        np.testing.assert_array_equal(decoded, picture.image)  # the file is the picture
        _check_boxes(picture)
        assert "".join(picture.numbers) == "".join(str(t.label) for t in picture.truths)


def test_picture_sizes_follow_their_kind(sources):
    for seed in range(3):
        crop = make_picture("crop", seed, sources).image.shape
        assert 40 <= crop[0] <= 130 and 100 <= crop[1] <= 320
        webcam = make_picture("webcam", seed, sources).image.shape
        assert (webcam[1], webcam[0]) in ((640, 480), (1280, 720))
        tiny = make_picture("tiny", seed, sources)
        assert all(9 <= t.box[3] <= 18 for t in tiny.truths)


def test_closeup_digit_is_half_to_most_of_the_picture_tall(sources):
    for seed in range(8):
        picture = make_picture("closeup", seed, sources)
        assert len(picture.truths) == 1 and picture.numbers == (str(picture.truths[0].label),)
        height, width = picture.image.shape[:2]
        assert 120 <= width <= 1280 and 120 <= height <= 720
        assert 0.5 <= picture.truths[0].box[3] / height <= 0.95


def test_tilted_numbers_match_their_digits(sources):
    for seed in range(3):
        picture = make_picture("tilted", seed, sources)
        assert len(picture.numbers) >= 3 and all(len(n) >= 2 for n in picture.numbers)
        start = 0
        for number in picture.numbers:
            digits = picture.truths[start:start + len(number)]
            start += len(number)
            assert "".join(str(t.label) for t in digits) == number
            for a, b in zip(digits, digits[1:], strict=False):  # neighbours on the sheet
                centre_a = np.array(a.box[:2]) + np.array(a.box[2:]) / 2
                centre_b = np.array(b.box[:2]) + np.array(b.box[2:]) / 2
                assert np.linalg.norm(centre_b - centre_a) < 2.0 * max(a.box[3], b.box[3])
        assert start == len(picture.truths)


def test_truth_box_is_the_ink_after_the_warp():
    strokes = [np.array([[0.0, 0.0], [30.0, 0.0], [10.0, 60.0]])]
    coverage = render_strokes(strokes, height=50, pen_width=4)
    placed = Placed(7, coverage, coverage, (0.1, 0.1, 0.1), 40, 30)
    page = np.zeros((200, 200), np.float32)
    page[30:30 + coverage.shape[0], 40:40 + coverage.shape[1]] = coverage
    angle = np.deg2rad(10)
    matrix = np.array([[1.5 * np.cos(angle), -1.5 * np.sin(angle), 60],
                       [1.5 * np.sin(angle), 1.5 * np.cos(angle), 20], [0.0003, 0.0002, 1]])
    warped = cv2.warpPerspective(page, matrix, (320, 240), flags=cv2.INTER_LINEAR)
    expected = cv2.boundingRect((warped > 0.3).astype(np.uint8))
    assert truth_box(placed, matrix, (320, 240)) == expected
    assert truth_box(placed, matrix, (150, 240)) is None  # cut by the picture's edge


def test_cli_writes_pictures_and_gt_in_the_paper_dev_layout(sources, tmp_path, monkeypatch):
    monkeypatch.setattr("bench.paper_photos.load_sources", lambda *_: sources)
    assert main(["--out", str(tmp_path), "--kinds", "crop,closeup", "--count", "2",
                 "--seed", "5"]) == 0
    gt = json.loads((tmp_path / "gt.json").read_text())
    assert set(gt) == {"set", "what", "images"} and len(gt["images"]) == 4
    for entry in gt["images"]:
        assert set(entry) == {"file", "kind", "size", "digits", "numbers"}
        image = cv2.imread(str(tmp_path / entry["file"]))
        assert [image.shape[1], image.shape[0]] == entry["size"]
        assert all(set(d) == {"box", "digit"} and len(d["box"]) == 4 for d in entry["digits"])
        assert "".join(entry["numbers"]) == "".join(str(d["digit"]) for d in entry["digits"])
    again = tmp_path / "again"
    main(["--out", str(again), "--kinds", "crop,closeup", "--count", "2", "--seed", "5"])
    assert json.loads((again / "gt.json").read_text())["images"] == gt["images"]


def test_unknown_kind_is_refused(sources):
    with pytest.raises(ValueError, match="unknown kind"):
        make_picture("polaroid", 1, sources)
