"""Publishing model versions: a new version's files and card, the ``current`` pointer,
``models/README.md``, rolling back and listing the versions."""

from __future__ import annotations

import datetime
import shlex
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from realtime.atomic import atomic_write_bytes, atomic_write_text
from realtime.config import CONFUSION_SUFFIX, CURVES_SUFFIX, KERAS_SUFFIX, TFLITE_SUFFIX, views_path
from realtime.model.versions import (
    PathLike,
    current_version,
    list_versions,
    next_version,
    read_card,
    resolve_model_path,
    set_current,
    write_card,
)

#: The script whose command line a card records.
SCRIPT = "train_cnn.py"
README_NAME = "README.md"
README_HEAD = [
    "# models/",
    "",
    "Each model version `digits_vN` has three files: `digits_vN.keras` (native Keras, for",
    "training and fine-tuning), `digits_vN.tflite` (the export the app runs on LiteRT) and",
    "`digits_vN.json` (its card: data, command, epochs, time, accuracy, date), plus",
    "`digits_vN.confusion.png`, its confusion matrix on the MNIST test set, and",
    "`digits_vN.curves.png`, its loss and accuracy per epoch (versions from v5 on). The file",
    "`current` names the version the app uses. This page is written by `train_cnn.py`.",
    "MNIST test accuracy is as the app reads, with a second look at the digits the model is",
    "unsure of (`realtime/model/second_look.py`); in brackets, the model alone.",
    "",
    "| version | created | MNIST test accuracy (alone) | epochs (best) | training time | command |",
    "|---|---|---|---|---|---|",
]


@dataclass(frozen=True)
class NewVersion:
    """A version being published: its stem and where its files go."""

    stem: str
    models_dir: Path

    def path(self, suffix: str) -> Path:
        """The version's file with this suffix, e.g. ``.tflite``."""
        return self.models_dir / f"{self.stem}{suffix}"

    @property
    def keras_path(self) -> Path:
        return self.path(KERAS_SUFFIX)

    @property
    def tflite_path(self) -> Path:
        return self.path(TFLITE_SUFFIX)

    @property
    def confusion_path(self) -> Path:
        return self.path(CONFUSION_SUFFIX)

    @property
    def curves_path(self) -> Path:
        return self.path(CURVES_SUFFIX)


def save_version(model, models_dir: Path) -> NewVersion:
    """Writes a Keras model as the next version: ``.keras``, ``.tflite`` and ``.views.tflite``."""
    from realtime.training.cnn import save_model_files

    models_dir.mkdir(parents=True, exist_ok=True)
    version = NewVersion(next_version(models_dir), models_dir)
    save_model_files(model, version.keras_path, version.tflite_path)
    return version


def software_versions() -> dict:
    """Versions of the libraries a model was made with, for its card."""
    import keras
    import tensorflow as tf

    return {"tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__}


def new_card(version: NewVersion, argv: list[str], fields: dict,
             history: dict[str, list[float]]) -> dict:
    """A new version's card: its name, date and command, the run's own ``fields``, then its
    per-epoch ``history``, file names and software."""
    return {
        "version": version.stem,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "python " + shlex.join([SCRIPT, *argv]),
        **fields,
        "history": history,
        "files": {"keras": version.keras_path.name, "tflite": version.tflite_path.name,
                  "curves": version.curves_path.name},
        "software": software_versions(),
    }


def publish(version: NewVersion, card: dict, make_current: bool = True) -> None:
    """Writes the card, points ``current`` at the version (unless told not to) and
    refreshes ``models/README.md``."""
    write_card(version.stem, card, version.models_dir)
    if make_current:
        set_current(version.stem, version.models_dir)
    write_models_readme(version.models_dir)


def _current_or_none(models_dir: Path) -> str | None:
    try:
        return current_version(models_dir)
    except ValueError:
        return None


def render_models_readme(models_dir: Path) -> str:
    """The text of ``models/README.md``: the file layout and every version's card."""
    current = _current_or_none(models_dir)
    lines = list(README_HEAD)
    for stem in list_versions(models_dir):
        card = read_card(stem, models_dir)
        mark = " (current)" if stem == current else ""
        accuracy, alone = card.get("test_accuracy"), card.get("test_accuracy_one_look")
        lines.append(
            f"| {stem}{mark} | {card.get('created', '?')} | "
            f"{'?' if accuracy is None else f'{accuracy:.2%}'}"
            f"{'' if alone is None else f' ({alone:.2%})'} | "
            f"{card.get('epochs_run', '?')} ({card.get('best_epoch', '?')}) | "
            f"{card.get('train_seconds', 0) / 60:.1f} min | `{card.get('command', '?')}` |")
    return "\n".join(lines) + "\n"


def write_models_readme(models_dir: Path) -> None:
    """Refreshes models/README.md from the cards."""
    atomic_write_text(models_dir / README_NAME, render_models_readme(models_dir))


def rollback(models_dir: Path) -> tuple[str, str]:
    """Makes the previous version (the current one's parent, else the one before it)
    current again; returns (the new current, the one it replaced).

    Raises:
        ValueError: when the current version is the oldest.
    """
    current = current_version(models_dir)
    versions = list_versions(models_dir)
    parent = read_card(current, models_dir).get("parent")
    if parent not in versions:
        older = versions[: versions.index(current)] if current in versions else []
        parent = older[-1] if older else None
    if parent is None:
        raise ValueError(f"{current} is the oldest model version: nothing to roll back to")
    set_current(parent, models_dir)
    write_models_readme(models_dir)
    return parent, current


def versions_table(models_dir: Path) -> str:
    """The model versions with their scores, the current one starred.

    Raises:
        ValueError: when there is no version.
    """
    versions = list_versions(models_dir)
    if not versions:
        raise ValueError(f"no model versions in {models_dir}")
    current = _current_or_none(models_dir)
    lines = [f"  {'version':<12} {'created':<26} {'MNIST test':>10} {'corrections':>12}  parent"]
    for stem in versions:
        card = read_card(stem, models_dir)
        mnist = card.get("test_accuracy")
        held = card.get("finetune", {}).get("after", {}).get("corrections")
        lines.append(
            f"{'*' if stem == current else ' '} {stem:<12} {card.get('created', '?'):<26} "
            f"{'?' if mnist is None else f'{mnist:.2%}':>10} "
            f"{'-' if held is None else f'{held:.1%}':>12}  {card.get('parent') or '-'}")
    lines.append("* current")
    return "\n".join(lines)


def export_views(model: PathLike | None, models_dir: PathLike) -> Path:
    """Writes the insides export (``<stem>.views.tflite``) of a version from its ``.keras``
    file (default: the current version); returns its path."""
    from realtime.training.cnn import load_keras_model, to_views_tflite

    path = resolve_model_path(model, models_dir).with_suffix(KERAS_SUFFIX)
    target = views_path(path)
    atomic_write_bytes(target, to_views_tflite(load_keras_model(path)))
    return target
