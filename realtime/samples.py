"""The saved corrections' format: writing a labelled sample, and reading them all back
for fine-tuning.

A sample is ``samples/class_<label>/<label>_<time>.png`` (the 28x28 digit the model
read) with ``..._raw.png`` (the crop as seen) beside it, and one line in
``samples/manifest.jsonl``. Writing never overwrites; reading never deletes or rewrites:
a sample that is corrupt, empty, of the wrong size or labelled outside 0-9 is skipped
and counted.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from realtime.config import DIGIT_SIZE
from realtime.store import append_jsonl, check_appendable, encode_png, timestamp, write_new

CLASS_PREFIX = "class_"
RAW_SUFFIX = "_raw"
MANIFEST = "manifest.jsonl"


@dataclass(frozen=True)
class SavedSample:
    """Where a labelled sample went: its 28x28 digit, its raw crop, relative to the root."""

    label: int
    image: Path
    raw: Path
    root: Path


@dataclass(frozen=True)
class SampleSet:
    """Corrections ready to learn from, and what was skipped (reason -> count)."""

    images: np.ndarray  #: uint8 (N, 28, 28), white ink on black
    labels: np.ndarray  #: int64 (N,)
    paths: tuple[Path, ...]
    skipped: Counter = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.labels)

    def skipped_text(self) -> str:
        """One line saying what was skipped, or '' when nothing was."""
        if not self.skipped:
            return ""
        parts = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        return f"skipped {sum(self.skipped.values())} sample(s): {parts}"


def _label(folder: Path) -> int | None:
    text = folder.name.removeprefix(CLASS_PREFIX)
    return int(text) if text.lstrip("-").isdigit() else None


def load_samples(root: Path) -> SampleSet:
    """Reads every ``class_<label>/<name>.png`` under ``root`` (raw crops excluded)."""
    images, labels, paths, skipped = [], [], [], Counter()
    folders = sorted(p for p in root.glob(f"{CLASS_PREFIX}*") if p.is_dir()) \
        if root.is_dir() else []
    for folder in folders:
        label = _label(folder)
        for path in sorted(folder.glob("*.png")):
            if path.stem.endswith(RAW_SUFFIX):
                continue
            if label is None or not 0 <= label <= 9:
                skipped["labelled outside 0-9"] += 1
                continue
            image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) if path.stat().st_size else None
            if image is None:
                skipped["corrupt or unreadable"] += 1
            elif image.shape != (DIGIT_SIZE, DIGIT_SIZE):
                skipped[f"not {DIGIT_SIZE}x{DIGIT_SIZE}"] += 1
            elif not image.any():
                skipped["empty"] += 1
            else:
                images.append(image)
                labels.append(label)
                paths.append(path)
    stacked = (np.stack(images) if images
               else np.zeros((0, DIGIT_SIZE, DIGIT_SIZE), np.uint8))
    return SampleSet(stacked, np.array(labels, np.int64), tuple(paths), skipped)


def save_sample(root: Path, label: int, digit: np.ndarray, raw: np.ndarray, *,
                now: datetime.datetime, details: dict) -> SavedSample:
    """Saves a labelled sample: its 28x28 digit and raw crop as PNGs, listed in the manifest.

    Args:
        root: the samples folder; files go to ``root/class_<label>/``.
        label: the true digit, 0-9.
        digit: (28, 28) uint8, white on black, as the model reads it.
        raw: the crop as it was seen (gray or BGR uint8).
        now: the time of the save (it names the files).
        details: extra fields for the manifest line (source, predicted, confidence, box).

    Raises:
        ValueError: for a label outside 0-9 or a digit that is not 28x28 uint8.
        OSError: when the folder or the manifest cannot be written (read-only, disk
            full); nothing is written when the manifest cannot be.
    """
    if not 0 <= label <= 9:
        raise ValueError(f"label must be 0-9, got {label}")
    if digit.shape != (DIGIT_SIZE, DIGIT_SIZE) or digit.dtype != np.uint8:
        raise ValueError(f"digit must be uint8 ({DIGIT_SIZE}, {DIGIT_SIZE}), "
                         f"got {digit.dtype} {digit.shape}")
    manifest = root / MANIFEST
    check_appendable(manifest)  # a manifest that cannot be written: no PNG written either
    folder = root / f"{CLASS_PREFIX}{label}"
    stem = f"{label}_{timestamp(now)}"
    image = write_new(folder, stem, ".png", encode_png(digit))
    raw_path = write_new(folder, image.stem + RAW_SUFFIX, ".png", encode_png(raw))
    sample = SavedSample(label, image.relative_to(root), raw_path.relative_to(root), root)
    append_jsonl(manifest, {
        "time": now.isoformat(timespec="microseconds"), "label": label,
        "image": sample.image.as_posix(), "raw": sample.raw.as_posix(), **details})
    return sample
