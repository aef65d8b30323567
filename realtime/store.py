"""Saving what the user keeps: labelled samples, the reading history, drawings.

Nothing here ever overwrites or deletes a file. Images are written atomically under
names that carry the label and the time; JSON-lines files (``manifest.jsonl``,
``history.jsonl``) only grow, one whole line per write, flushed to disk.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from realtime.atomic import atomic_write_bytes

MANIFEST = "manifest.jsonl"
HISTORY_LIMIT = 10


@dataclass(frozen=True)
class SavedSample:
    """Where a labelled sample went: its 28x28 digit, its raw crop, relative to the root."""

    label: int
    image: Path
    raw: Path
    root: Path


def timestamp(now: datetime.datetime) -> str:
    """A file-name-safe time with microseconds, e.g. ``20261122-231501-123456``."""
    return now.strftime("%Y%m%d-%H%M%S-%f")


def encode_png(image: np.ndarray) -> bytes:
    """PNG bytes of a uint8 image, or ValueError."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise ValueError(f"cannot encode a {image.dtype} {image.shape} image as PNG")
    return data.tobytes()


def write_new(directory: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Writes ``data`` atomically to a new file ``stem[-n]suffix``; never replaces one."""
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(1000):
        path = directory / f"{stem}{'' if n == 0 else f'-{n}'}{suffix}"
        if path.exists():
            continue
        try:
            return atomic_write_bytes(path, data, overwrite=False)
        except FileExistsError:
            continue
    raise OSError(f"no free file name for {stem}{suffix} in {directory}")


def append_jsonl(path: Path, record: dict) -> None:
    """Appends one JSON line and flushes it to disk; a torn last line is closed first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, separators=(", ", ": ")) + "\n"
    with open(path, "a+b") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                line = "\n" + line
        handle.write(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def read_jsonl(path: Path) -> tuple[list[dict], int]:
    """Reads a JSON-lines file: the records, and how many lines were unreadable.

    A missing file is empty; a file that cannot be read raises OSError.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], 0
    records, bad = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if isinstance(record, dict):
            records.append(record)
        else:
            bad += 1
    return records, bad


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
        OSError: when the folder cannot be written (read-only, disk full).
    """
    if not 0 <= label <= 9:
        raise ValueError(f"label must be 0-9, got {label}")
    if digit.shape != (28, 28) or digit.dtype != np.uint8:
        raise ValueError(f"digit must be uint8 (28, 28), got {digit.dtype} {digit.shape}")
    folder = root / f"class_{label}"
    stem = f"{label}_{timestamp(now)}"
    image = write_new(folder, stem, ".png", encode_png(digit))
    raw_path = write_new(folder, image.stem + "_raw", ".png", encode_png(raw))
    sample = SavedSample(label, image.relative_to(root), raw_path.relative_to(root), root)
    append_jsonl(root / MANIFEST, {
        "time": now.isoformat(timespec="microseconds"), "label": label,
        "image": sample.image.as_posix(), "raw": sample.raw.as_posix(), **details})
    return sample


def save_drawing(directory: Path, image: np.ndarray, now: datetime.datetime) -> Path:
    """Saves the pad as ``drawing-<time>.png`` in ``directory``; never overwrites."""
    return write_new(directory, f"drawing-{timestamp(now)}", ".png", encode_png(image))


def save_view(drawing: Path, image: np.ndarray) -> Path:
    """Saves the network view beside its drawing as ``<drawing>.view.png``; never
    overwrites."""
    return write_new(drawing.parent, f"{drawing.stem}.view", ".png", encode_png(image))


def load_history(path: Path, limit: int = HISTORY_LIMIT) -> tuple[list[dict], int]:
    """The last ``limit`` history entries and the count of unreadable lines skipped."""
    records, bad = read_jsonl(path)
    return records[-limit:], bad
