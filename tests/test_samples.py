"""Loading corrections for fine-tuning: bad samples are skipped and counted, never touched."""

from __future__ import annotations

import datetime

import cv2
import numpy as np
import pytest

from realtime.samples import load_samples, save_sample

NOW = datetime.datetime(2026, 11, 23, 10, 0, 0)


def _digit(value: int = 255) -> np.ndarray:
    digit = np.zeros((28, 28), np.uint8)
    digit[4:24, 12:16] = value
    return digit


def test_saved_samples_load_with_their_labels_and_raw_crops_are_left_out(tmp_path):
    for label in (1, 7, 7):
        save_sample(tmp_path, label, _digit(), np.zeros((40, 30, 3), np.uint8), now=NOW,
                    details={})
    samples = load_samples(tmp_path)
    assert len(samples) == 3 and sorted(samples.labels.tolist()) == [1, 7, 7]
    assert samples.images.shape == (3, 28, 28) and samples.skipped_text() == ""


def test_bad_samples_are_skipped_with_counts_and_left_in_place(tmp_path):
    save_sample(tmp_path, 3, _digit(), _digit(), now=NOW, details={})
    bad = {
        tmp_path / "class_3" / "corrupt.png": b"\x89PNG broken",
        tmp_path / "class_3" / "zero.png": b"",
    }
    for path, content in bad.items():
        path.write_bytes(content)
    cv2.imwrite(str(tmp_path / "class_3" / "big.png"), np.full((40, 40), 255, np.uint8))
    cv2.imwrite(str(tmp_path / "class_3" / "blank.png"), np.zeros((28, 28), np.uint8))
    (tmp_path / "class_12").mkdir()
    cv2.imwrite(str(tmp_path / "class_12" / "x.png"), _digit())
    (tmp_path / "class_x").mkdir()
    cv2.imwrite(str(tmp_path / "class_x" / "y.png"), _digit())
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    samples = load_samples(tmp_path)
    assert len(samples) == 1
    assert dict(samples.skipped) == {"corrupt or unreadable": 2, "not 28x28": 1, "empty": 1,
                                     "labelled outside 0-9": 2}
    assert samples.skipped_text().startswith("skipped 6 sample(s):")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_missing_folder_has_no_samples(tmp_path):
    assert len(load_samples(tmp_path / "nothing")) == 0


def test_a_manifest_that_cannot_be_written_means_no_sample_is_written(tmp_path):
    root = tmp_path / "samples"
    (root / "manifest.jsonl").mkdir(parents=True)  # cannot be appended to (root or not)
    digit = np.zeros((28, 28), np.uint8)
    digit[8:20, 12:16] = 255
    with pytest.raises(OSError):
        save_sample(root, 4, digit, digit, now=datetime.datetime(2026, 12, 3), details={})
    assert not list(root.glob("class_*/*.png"))
    assert len(load_samples(root)) == 0
