"""What a run prints and writes beside a model version: its MNIST test report with the
confusion-matrix PNG, and its training curves PNG."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from realtime.atomic import atomic_write_bytes
from realtime.config import CONFUSION_SUFFIX
from realtime.model.recognizer import Recognizer
from realtime.model.versions import PathLike, read_card, resolve_model_path, write_card
from realtime.store import encode_png
from realtime.training.evaluation import (
    class_report,
    confusion_matrix,
    render_confusion,
    render_curves,
)
from realtime.training.mnist import Mnist, find_mnist, load_mnist_file
from realtime.training.publish import write_models_readme

#: Test digits classified per call.
EVALUATE_BATCH = 512


@dataclass(frozen=True)
class MnistAccuracy:
    """A model's MNIST test accuracy as the app reads (with the second look at the digits
    it is unsure of) and the model's alone (one look)."""

    read: float
    one_look: float

    def card_fields(self) -> dict[str, float]:
        """The card's fields: ``test_accuracy`` is what the app reads."""
        return {"test_accuracy": round(self.read, 5),
                "test_accuracy_one_look": round(self.one_look, 5)}


def evaluate_model(model_path: Path, mnist: Mnist, confusion_path: Path) -> MnistAccuracy:
    """Prints test accuracy and the per-class report, writes the confusion PNG (of the
    app's reading); returns both accuracies."""
    recognizer = Recognizer(model_path)

    def labels(second_look: bool) -> np.ndarray:
        return np.concatenate([recognizer.classify(mnist.x_test[i : i + EVALUATE_BATCH],
                                                   second_look=second_look)[0]
                               for i in range(0, len(mnist.x_test), EVALUATE_BATCH)])

    one_look = float(np.mean(labels(False) == mnist.y_test))
    matrix = confusion_matrix(mnist.y_test, labels(True))
    accuracy = MnistAccuracy(float(np.trace(matrix) / matrix.sum()), one_look)
    print(f"model: {model_path}")
    print(f"MNIST test accuracy: {accuracy.read:.4%} ({int(np.trace(matrix))}/{matrix.sum()}; "
          f"the model alone, without the second look at unsure digits: {one_look:.4%})")
    print(class_report(matrix))
    atomic_write_bytes(confusion_path, encode_png(render_confusion(matrix)))
    print(f"confusion matrix: {confusion_path}")
    return accuracy


def evaluate_version(model: PathLike | None, models_dir: PathLike, data: str | None,
                     confusion: Path | None) -> MnistAccuracy:
    """Scores a model file (default: the current version) on the MNIST test set; the
    confusion PNG goes to ``confusion`` (default: beside the model). A version of
    ``models_dir`` gets the scores in its card, and ``models/README.md`` is refreshed."""
    path = resolve_model_path(model, models_dir)
    mnist = load_mnist_file(find_mnist(data))
    accuracy = evaluate_model(path, mnist,
                              confusion or path.with_name(path.stem + CONFUSION_SUFFIX))
    card = read_card(path.stem, models_dir)
    if card and path.parent.resolve() == Path(models_dir).resolve():
        evaluated = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        write_card(path.stem, card | accuracy.card_fields() | {"evaluated": evaluated},
                   models_dir)
        write_models_readme(Path(models_dir))
        print(f"recorded in {path.stem}'s card")
    return accuracy


def write_curves(path: Path, history: dict[str, list[float]],
                 best_epoch: int | None = None) -> dict[str, list[float]]:
    """Writes the loss and accuracy curves as a PNG beside the card; returns the history,
    rounded, for the card."""
    atomic_write_bytes(path, encode_png(render_curves(history, best_epoch)))
    print(f"training curves: {path}")
    return {name: [round(float(v), 5) for v in values] for name, values in history.items()}
