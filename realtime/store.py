"""Saving what the user keeps: new files never overwritten, the reading history, drawings.

Nothing here ever overwrites or deletes a file. Images are written atomically under
names that carry the time; JSON-lines files (the samples' ``manifest.jsonl``,
``history.jsonl``) only grow, one whole line per write, flushed to disk. The samples'
own format is in ``samples.py``.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import cv2
import numpy as np

from realtime.atomic import atomic_write_bytes

HISTORY_LIMIT = 10


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


def check_appendable(path: Path) -> None:
    """Raises OSError unless a line can be appended to ``path`` (created empty if new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab"):
        pass


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
