"""Where model files live: the ``models/`` folder, its versions and the current pointer.

A version is a stem such as ``digits_v1`` with files ``digits_v1.keras`` (native Keras),
``digits_v1.tflite`` (fast export) and ``digits_v1.json`` (model card) side by side. The
text file ``models/current`` names the version the app uses.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from realtime.atomic import atomic_write_text
from realtime.config import CARD_SUFFIX, CURRENT_POINTER, KERAS_SUFFIX, MODELS_DIR, TFLITE_SUFFIX

#: A folder or file given as a string or a path.
PathLike = str | os.PathLike[str]


def current_version(models_dir: PathLike = MODELS_DIR) -> str:
    """Returns the stem named by ``models/current``.

    Raises:
        ValueError: when there is no pointer or it names a version without model files.
    """
    models_dir = Path(models_dir)
    pointer = models_dir / CURRENT_POINTER
    try:
        stem = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ValueError(
            f"no current model: {pointer} is missing (train one with: python train_cnn.py)"
        ) from None
    if not stem or "/" in stem or "\\" in stem:
        raise ValueError(f"{pointer} does not name a model version: {stem!r}")
    if not any((models_dir / (stem + s)).exists() for s in (TFLITE_SUFFIX, KERAS_SUFFIX)):
        raise ValueError(f"{pointer} names {stem!r}, but {models_dir} has no files for it")
    return stem


def resolve_model_path(model_path: PathLike | None = None,
                       models_dir: PathLike = MODELS_DIR) -> Path:
    """Returns the model file to load: the given one, or the current version's fastest file.

    The current version's ``.tflite`` export is preferred; its ``.keras`` file is used when
    there is no export.

    Raises:
        ValueError: when the file does not exist or has an unknown suffix.
    """
    models_dir = Path(models_dir)
    if model_path is None:
        stem = current_version(models_dir)
        fast = models_dir / (stem + TFLITE_SUFFIX)
        path = fast if fast.exists() else models_dir / (stem + KERAS_SUFFIX)
    else:
        path = Path(model_path)
    if path.suffix not in (TFLITE_SUFFIX, KERAS_SUFFIX):
        raise ValueError(f"model file must end in {TFLITE_SUFFIX} or {KERAS_SUFFIX}: {path}")
    if not path.is_file():
        raise ValueError(f"model file not found: {path}")
    return path


VERSION_PREFIX = "digits_v"


def version_number(stem: str) -> int | None:
    """The N of a stem ``digits_vN``, or None for other names."""
    number = stem.removeprefix(VERSION_PREFIX)
    return int(number) if stem.startswith(VERSION_PREFIX) and number.isdigit() else None


def list_versions(models_dir: PathLike = MODELS_DIR) -> list[str]:
    """The stems of all model versions in ``models_dir``, oldest first."""
    models_dir = Path(models_dir)
    stems = {p.stem for p in models_dir.glob(f"{VERSION_PREFIX}*{KERAS_SUFFIX}")}
    return sorted((s for s in stems if version_number(s) is not None), key=version_number)


def next_version(models_dir: PathLike = MODELS_DIR) -> str:
    """The stem for a new version: one more than the highest present."""
    models_dir = Path(models_dir)
    numbers = [version_number(s) for s in list_versions(models_dir)]
    return f"{VERSION_PREFIX}{max(numbers, default=0) + 1}"


def set_current(stem: str, models_dir: PathLike = MODELS_DIR) -> None:
    """Points ``models/current`` at a version, atomically."""
    models_dir = Path(models_dir)
    if not (models_dir / (stem + KERAS_SUFFIX)).exists():
        raise ValueError(f"no model version {stem!r} in {models_dir}")
    atomic_write_text(models_dir / CURRENT_POINTER, stem + "\n")


def read_card(stem: str, models_dir: PathLike = MODELS_DIR) -> dict:
    """The model card of a version (an empty dict when it has none or it is unreadable)."""
    models_dir = Path(models_dir)
    try:
        return json.loads((models_dir / (stem + CARD_SUFFIX)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_card(stem: str, card: dict, models_dir: PathLike = MODELS_DIR) -> Path:
    """Writes a version's model card as JSON, atomically."""
    models_dir = Path(models_dir)
    return atomic_write_text(models_dir / (stem + CARD_SUFFIX),
                             json.dumps(card, indent=2, sort_keys=False) + "\n")
