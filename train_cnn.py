"""Train and evaluate the realtime digits CNN on MNIST.

Usage:
    python train_cnn.py                      # train a new model version and make it current
    python train_cnn.py --evaluate           # score the current model on the MNIST test set
    python train_cnn.py --limit 2000 --epochs 1 --models-dir /tmp/models   # quick check

MNIST is found in this order: --data PATH, the MNIST_NPZ environment variable, the keras
cache (~/.keras/datasets/mnist.npz), then keras' own download.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import hashlib
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from realtime.atomic import atomic_write_text
from realtime.augment import AugmentConfig, augment_batch
from realtime.config import MODELS_DIR, TFLITE_SUFFIX
from realtime.mnist import ENV_VAR, Mnist, candidate_paths, find_mnist, load_mnist_file
from realtime.models import next_version, resolve_model_path, set_current, write_card

VALIDATION_SIZE = 5000
INPUT_SHAPE = (28, 28, 1)
DEFAULT_SEED = 42


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parses the command line (see ``--help``)."""
    parser = argparse.ArgumentParser(
        description="Train or evaluate the realtime digits CNN on MNIST.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--data", type=str, default=None,
                        help=f"path of mnist.npz (default: ${ENV_VAR}, then the keras cache, "
                             "then keras' download)")
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR,
                        help="folder of model versions and the 'current' pointer")
    parser.add_argument("--evaluate", action="store_true",
                        help="score a model on the MNIST test set instead of training: accuracy, "
                             "per-class precision/recall and a confusion-matrix PNG")
    parser.add_argument("--model", type=Path, default=None,
                        help="model file for --evaluate (default: the current model)")
    parser.add_argument("--confusion", type=Path, default=None,
                        help="where --evaluate writes the confusion-matrix PNG "
                             "(default: beside the model, <stem>.confusion.png)")
    training = parser.add_argument_group("training")
    training.add_argument("--epochs", type=int, default=30, help="most epochs to train")
    training.add_argument("--batch-size", type=int, default=128, help="digits per step")
    training.add_argument("--learning-rate", type=float, default=2e-3,
                          help="peak learning rate (cosine decay to 1%% of it)")
    training.add_argument("--patience", type=int, default=10,
                          help="stop after this many epochs without a better validation accuracy")
    training.add_argument("--seed", type=int, default=DEFAULT_SEED,
                          help="seed of the split, the weights, the shuffles and augmentation")
    training.add_argument("--limit", type=int, default=None,
                          help="train on only this many MNIST training digits (quick runs)")
    training.add_argument("--no-augment", action="store_true",
                          help="train on MNIST as it is, without augmentation")
    training.add_argument("--checkpoint-dir", type=Path, default=Path("checkpoints"),
                          help="where the best epoch is checkpointed during training")
    training.add_argument("--no-switch", action="store_true",
                          help="write the new version but leave models/current as it is")
    args = parser.parse_args(argv)
    for name in ("epochs", "batch_size", "patience"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.limit is not None and args.limit < 100:
        parser.error("--limit must be at least 100")
    return args


def split_validation(x: np.ndarray, y: np.ndarray, size: int, seed: int,
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffles with ``seed`` and holds out ``size`` digits: returns x_fit, y_fit, x_val, y_val."""
    order = np.random.default_rng(seed).permutation(len(x))
    fit, val = order[size:], order[:size]
    return x[fit], y[fit], x[val], y[val]


def to_model_input(digits: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) -> float32 (N, 28, 28, 1) in [0, 1], as the model reads them."""
    return digits.astype(np.float32)[..., np.newaxis] / 255.0


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mnist_source(data: str | None) -> tuple[Path, str]:
    """Finds MNIST and names where it came from, for the model card."""
    path = find_mnist(data)
    for source, candidate in candidate_paths(data):
        if candidate == path:
            return path, source
    return path, "keras download"


def make_dataset(x: np.ndarray, y: np.ndarray, batch_size: int, seed: int,
                 config: AugmentConfig | None):
    """An endless tf.data stream of shuffled, augmented batches; one epoch is len(x) // batch.

    Augmentation runs in a ``numpy_function`` on tf.data's threads, so it overlaps with the
    training step (keras' PyDataset path was three times slower here). Each batch's random
    changes are seeded by (seed, global step), so a run is reproducible.
    """
    import tensorflow as tf

    def batch_arrays(rows: np.ndarray, step: np.int64) -> tuple[np.ndarray, np.ndarray]:
        digits = x[rows]
        if config is not None:
            digits = augment_batch(digits, np.random.default_rng([seed, int(step)]), config)
        return to_model_input(digits), y[rows].astype(np.int64)

    def load(step: tf.Tensor, rows: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        images, labels = tf.numpy_function(batch_arrays, [rows, step], [tf.float32, tf.int64])
        images.set_shape([batch_size, *INPUT_SHAPE])
        labels.set_shape([batch_size])
        return images, labels

    rows = tf.data.Dataset.range(len(x)).shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    batches = rows.repeat().batch(batch_size, drop_remainder=True).enumerate()
    return batches.map(load, num_parallel_calls=1).prefetch(8)


def render_models_readme(models_dir: Path) -> str:
    """The text of ``models/README.md``: the file layout and every version's card."""
    from realtime.models import current_version, list_versions, read_card

    try:
        current = current_version(models_dir)
    except ValueError:
        current = None
    lines = [
        "# models/",
        "",
        "Each model version `digits_vN` has three files: `digits_vN.keras` (native Keras, for",
        "training and fine-tuning), `digits_vN.tflite` (the export the app runs on LiteRT) and",
        "`digits_vN.json` (its card: data, command, epochs, time, accuracy, date), plus",
        "`digits_vN.confusion.png`, its confusion matrix on the MNIST test set. The file",
        "`current` names the version the app uses. This page is written by `train_cnn.py`.",
        "",
        "| version | created | MNIST test accuracy | epochs (best) | training time | command |",
        "|---|---|---|---|---|---|",
    ]
    for stem in list_versions(models_dir):
        card = read_card(stem, models_dir)
        mark = " (current)" if stem == current else ""
        accuracy = card.get("test_accuracy")
        lines.append(
            f"| {stem}{mark} | {card.get('created', '?')} | "
            f"{'?' if accuracy is None else f'{accuracy:.2%}'} | "
            f"{card.get('epochs_run', '?')} ({card.get('best_epoch', '?')}) | "
            f"{card.get('train_seconds', 0) / 60:.1f} min | `{card.get('command', '?')}` |")
    return "\n".join(lines) + "\n"


def evaluate_model(model_path: Path, mnist: Mnist, confusion_path: Path) -> float:
    """Prints test accuracy and the per-class report, writes the confusion PNG; returns accuracy."""
    import cv2

    from realtime import Recognizer
    from realtime.atomic import atomic_write_bytes
    from realtime.evaluation import class_report, confusion_matrix, render_confusion

    recognizer = Recognizer(model_path)
    predicted = np.concatenate([recognizer.classify(mnist.x_test[i : i + 512])[0]
                                for i in range(0, len(mnist.x_test), 512)])
    matrix = confusion_matrix(mnist.y_test, predicted)
    accuracy = float(np.trace(matrix) / matrix.sum())
    print(f"model: {model_path}")
    print(f"MNIST test accuracy: {accuracy:.4%} ({int(np.trace(matrix))}/{matrix.sum()})")
    print(class_report(matrix))
    ok, png = cv2.imencode(".png", render_confusion(matrix))
    if ok:
        atomic_write_bytes(confusion_path, png.tobytes())
        print(f"confusion matrix: {confusion_path}")
    return accuracy


def run_evaluate(args: argparse.Namespace) -> int:
    """The --evaluate mode."""
    path = resolve_model_path(args.model, args.models_dir)
    mnist = load_mnist_file(find_mnist(args.data))
    confusion = args.confusion or path.with_name(path.stem + ".confusion.png")
    evaluate_model(path, mnist, confusion)
    return 0


def run_train(args: argparse.Namespace, argv: list[str]) -> int:
    """Trains a new model version from scratch, exports it and writes its card."""
    data_path, data_source = mnist_source(args.data)
    mnist = load_mnist_file(data_path)

    import keras
    import tensorflow as tf

    from realtime.cnn import build_model, load_keras_model, save_model_files

    keras.utils.set_random_seed(args.seed)
    x, y = mnist.x_train, mnist.y_train
    if args.limit is not None:
        keep = np.random.default_rng(args.seed).permutation(len(x))[: args.limit]
        x, y = x[keep], y[keep]
    val_size = min(VALIDATION_SIZE, len(x) // 10)
    x_fit, y_fit, x_val, y_val = split_validation(x, y, val_size, args.seed)
    augment = None if args.no_augment else AugmentConfig()
    train_data = make_dataset(x_fit, y_fit, args.batch_size, args.seed, augment)
    steps_per_epoch = len(x_fit) // args.batch_size

    model = build_model()
    steps = steps_per_epoch * args.epochs
    schedule = keras.optimizers.schedules.CosineDecay(args.learning_rate, steps, alpha=0.01)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.summary(print_fn=lambda line, **_: print(line))

    args.checkpoint_dir.mkdir(parents=True, exist_ok=True)
    checkpoint = args.checkpoint_dir / "best.keras"
    callbacks = [
        keras.callbacks.ModelCheckpoint(checkpoint, monitor="val_accuracy", mode="max",
                                        save_best_only=True, verbose=1),
        keras.callbacks.EarlyStopping(monitor="val_accuracy", mode="max",
                                      patience=args.patience, verbose=1),
    ]
    started = time.time()
    history = model.fit(train_data, epochs=args.epochs, steps_per_epoch=steps_per_epoch,
                        shuffle=False, verbose=1 if sys.stdout.isatty() else 2,
                        callbacks=callbacks,
                        validation_data=(to_model_input(x_val), y_val))
    train_seconds = time.time() - started
    val_history = history.history["val_accuracy"]
    best_epoch = int(np.argmax(val_history)) + 1

    best = load_keras_model(checkpoint)
    args.models_dir.mkdir(parents=True, exist_ok=True)
    stem = next_version(args.models_dir)
    keras_path = args.models_dir / f"{stem}.keras"
    tflite_path = args.models_dir / f"{stem}{TFLITE_SUFFIX}"
    save_model_files(best, keras_path, tflite_path)
    test_accuracy = evaluate_model(tflite_path, mnist,
                                   args.models_dir / f"{stem}.confusion.png")
    card = {
        "version": stem,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "python " + shlex.join(["train_cnn.py", *argv]),
        "data": {"source": data_source, "path": str(data_path),
                 "sha256": file_sha256(data_path), "fit": len(x_fit),
                 "validation": len(x_val), "test": len(mnist.x_test)},
        "seed": args.seed,
        "augmentation": dataclasses.asdict(augment) if augment else None,
        "epochs_run": len(val_history),
        "best_epoch": best_epoch,
        "train_seconds": round(train_seconds, 1),
        "val_accuracy": round(float(val_history[best_epoch - 1]), 5),
        "test_accuracy": round(test_accuracy, 5),
        "params": int(best.count_params()),
        "files": {"keras": keras_path.name, "tflite": tflite_path.name},
        "software": {"tensorflow": tf.__version__, "keras": keras.__version__,
                     "numpy": np.__version__},
        "parent": None,
    }
    write_card(stem, card, args.models_dir)
    if not args.no_switch:
        set_current(stem, args.models_dir)
    atomic_write_text(args.models_dir / "README.md", render_models_readme(args.models_dir))
    print(f"saved {stem}: {keras_path}, {tflite_path} "
          f"(test accuracy {test_accuracy:.4%}, {train_seconds / 60:.1f} min"
          f"{', now current' if not args.no_switch else ''})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    try:
        return run_evaluate(args) if args.evaluate else run_train(args, argv)
    except ValueError as error:
        print(f"train_cnn.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("train_cnn.py: interrupted; the current model is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
