"""Saving samples, history and drawings: never overwriting, never losing what was saved."""

from __future__ import annotations

import datetime
import errno
import json

import cv2
import numpy as np
import pytest

from realtime import samples, store

NOW = datetime.datetime(2026, 11, 22, 23, 15, 1, 123456)


def _digit(value: int = 255) -> np.ndarray:
    digit = np.zeros((28, 28), np.uint8)
    digit[4:24, 12:16] = value
    return digit


def test_sample_is_saved_as_digit_and_raw_crop_and_listed(tmp_path):
    raw = np.zeros((90, 50, 3), np.uint8)
    sample = samples.save_sample(tmp_path, 3, _digit(), raw, now=NOW,
                               details={"source": "pad", "predicted": 5})
    assert sample.image.as_posix() == "class_3/3_20261122-231501-123456.png"
    assert sample.raw.as_posix() == "class_3/3_20261122-231501-123456_raw.png"
    np.testing.assert_array_equal(cv2.imread(str(tmp_path / sample.image), 0), _digit())
    assert cv2.imread(str(tmp_path / sample.raw)).shape == (90, 50, 3)
    [line] = (tmp_path / samples.MANIFEST).read_text().splitlines()
    record = json.loads(line)
    assert record["label"] == 3 and record["predicted"] == 5 and record["source"] == "pad"
    assert record["image"] == sample.image.as_posix()


def test_saving_twice_at_the_same_time_never_overwrites(tmp_path):
    first = samples.save_sample(tmp_path, 1, _digit(255), _digit(), now=NOW, details={})
    second = samples.save_sample(tmp_path, 1, _digit(128), _digit(), now=NOW, details={})
    assert first.image != second.image and second.image.name.endswith("-1.png")
    assert cv2.imread(str(tmp_path / first.image), 0).max() == 255
    assert len((tmp_path / samples.MANIFEST).read_text().splitlines()) == 2


@pytest.mark.parametrize("label", [-1, 10])
def test_labels_outside_0_to_9_are_refused(tmp_path, label):
    with pytest.raises(ValueError, match="0-9"):
        samples.save_sample(tmp_path, label, _digit(), _digit(), now=NOW, details={})
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_an_os_error_and_writes_nothing(tmp_path):
    blocker = tmp_path / "samples"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OSError):
        samples.save_sample(blocker, 2, _digit(), _digit(), now=NOW, details={})
    assert blocker.read_text() == "a file where the folder should be"


def test_full_disk_leaves_earlier_samples_and_no_partial_files(tmp_path, monkeypatch):
    kept = samples.save_sample(tmp_path, 4, _digit(), _digit(), now=NOW, details={})
    manifest = (tmp_path / samples.MANIFEST).read_text()

    def disk_full(path, data, *, overwrite=True):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "atomic_write_bytes", disk_full)
    later = NOW + datetime.timedelta(seconds=1)
    with pytest.raises(OSError, match="No space"):
        samples.save_sample(tmp_path, 4, _digit(), _digit(), now=later, details={})
    assert (tmp_path / samples.MANIFEST).read_text() == manifest
    assert sorted(p.name for p in (tmp_path / "class_4").iterdir()) == sorted(
        [kept.image.name, kept.raw.name])


def test_append_closes_a_torn_last_line_and_reading_skips_it(tmp_path):
    path = tmp_path / "history.jsonl"
    path.write_text('{"text": "12"}\n{"text": "3')  # a crash cut the last line short
    store.append_jsonl(path, {"text": "45"})
    records, bad = store.read_jsonl(path)
    assert [r["text"] for r in records] == ["12", "45"] and bad == 1


def test_corrupt_history_keeps_its_good_lines_and_the_file(tmp_path):
    path = tmp_path / "history.jsonl"
    lines = [json.dumps({"text": str(i)}) for i in range(15)]
    content = "\n".join(lines[:5] + ["\x00garbage", "[1, 2]"] + lines[5:]) + "\n"
    path.write_text(content)
    entries, bad = store.load_history(path)
    assert [e["text"] for e in entries] == [str(i) for i in range(5, 15)]
    assert bad == 2 and path.read_text() == content
    assert store.load_history(tmp_path / "missing.jsonl") == ([], 0)


def test_drawings_get_new_names(tmp_path):
    image = np.zeros((50, 50), np.uint8)
    first = store.save_drawing(tmp_path, image, NOW)
    second = store.save_drawing(tmp_path, image, NOW)
    assert first.name == "drawing-20261122-231501-123456.png" and second != first
