"""What a run prints and writes beside a model version: its MNIST test report with the
confusion-matrix PNG, and its training curves PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from realtime.atomic import atomic_write_bytes
from realtime.config import CONFUSION_SUFFIX
from realtime.model.recognizer import Recognizer
from realtime.model.versions import PathLike, resolve_model_path
from realtime.store import encode_png
from realtime.training.evaluation import (
    class_report,
    confusion_matrix,
    render_confusion,
    render_curves,
)
from realtime.training.mnist import Mnist, find_mnist, load_mnist_file

#: Test digits classified per call.
EVALUATE_BATCH = 512


def evaluate_model(model_path: Path, mnist: Mnist, confusion_path: Path) -> float:
    """Prints test accuracy and the per-class report, writes the confusion PNG; returns accuracy."""
    recognizer = Recognizer(model_path)
    predicted = np.concatenate([recognizer.classify(mnist.x_test[i : i + EVALUATE_BATCH])[0]
                                for i in range(0, len(mnist.x_test), EVALUATE_BATCH)])
    matrix = confusion_matrix(mnist.y_test, predicted)
    accuracy = float(np.trace(matrix) / matrix.sum())
    print(f"model: {model_path}")
    print(f"MNIST test accuracy: {accuracy:.4%} ({int(np.trace(matrix))}/{matrix.sum()})")
    print(class_report(matrix))
    atomic_write_bytes(confusion_path, encode_png(render_confusion(matrix)))
    print(f"confusion matrix: {confusion_path}")
    return accuracy


def evaluate_version(model: PathLike | None, models_dir: PathLike, data: str | None,
                     confusion: Path | None) -> float:
    """Scores a model file (default: the current version) on the MNIST test set; the
    confusion PNG goes to ``confusion`` (default: beside the model)."""
    path = resolve_model_path(model, models_dir)
    mnist = load_mnist_file(find_mnist(data))
    return evaluate_model(path, mnist, confusion or path.with_name(path.stem + CONFUSION_SUFFIX))


def write_curves(path: Path, history: dict[str, list[float]],
                 best_epoch: int | None = None) -> dict[str, list[float]]:
    """Writes the loss and accuracy curves as a PNG beside the card; returns the history,
    rounded, for the card."""
    atomic_write_bytes(path, encode_png(render_curves(history, best_epoch)))
    print(f"training curves: {path}")
    return {name: [round(float(v), 5) for v in values] for name, values in history.items()}
