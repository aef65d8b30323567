"""Loading the saved corrections (``samples/class_<label>/*.png``) for fine-tuning.

Only reads: a sample that is corrupt, empty, of the wrong size or labelled outside 0-9
is skipped and counted, never deleted or rewritten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from realtime.config import DIGIT_SIZE

CLASS_PREFIX = "class_"
RAW_SUFFIX = "_raw"


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
