"""Train, evaluate and fine-tune the realtime digits CNN.

Usage:
    python train_cnn.py                      # train a new model version and make it current
    python train_cnn.py --evaluate           # score the current model on the MNIST test set
    python train_cnn.py --finetune           # learn the corrections saved in samples/
    python train_cnn.py --list               # the model versions and their scores
    python train_cnn.py --rollback           # go back to the previous version
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
from realtime.config import MODELS_DIR, SAMPLES_DIR, TFLITE_SUFFIX
from realtime.mnist import ENV_VAR, Mnist, candidate_paths, find_mnist, load_mnist_file
from realtime.models import (
    current_version,
    list_versions,
    next_version,
    read_card,
    resolve_model_path,
    set_current,
    write_card,
)

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
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--evaluate", action="store_true",
                       help="score a model on the MNIST test set instead of training: accuracy, "
                            "per-class precision/recall and a confusion-matrix PNG")
    modes.add_argument("--finetune", action="store_true",
                       help="fine-tune the current model on the corrections in --samples, mixed "
                            "with MNIST; keep it only if it is better on held-back corrections "
                            "and at most 0.2 points worse on MNIST test")
    modes.add_argument("--rollback", action="store_true",
                       help="make the previous model version current again")
    modes.add_argument("--list", action="store_true",
                       help="list the model versions with their scores")
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
    training.add_argument("--filters", type=str, default="16,32,32",
                          help="channels of the three conv blocks, comma-separated (the "
                               "shipped model's; 32,64,64 costs 3.6x the arithmetic)")
    training.add_argument("--no-augment", action="store_true",
                          help="train on MNIST as it is, without augmentation")
    training.add_argument("--checkpoint-dir", type=Path, default=Path("checkpoints"),
                          help="where the best epoch is checkpointed during training")
    training.add_argument("--no-switch", action="store_true",
                          help="write the new version but leave models/current as it is")
    tuning = parser.add_argument_group("fine-tuning")
    tuning.add_argument("--samples", type=Path, default=SAMPLES_DIR,
                        help="folder of saved corrections (class_<digit>/*.png)")
    tuning.add_argument("--finetune-epochs", type=int, default=4,
                        help="epochs over the corrections and the MNIST replay")
    tuning.add_argument("--finetune-lr", type=float, default=3e-4,
                        help="learning rate of the fine-tune (low, to keep what it knows)")
    tuning.add_argument("--repeats", type=int, default=20,
                        help="times each correction is shown per epoch, augmented each time")
    tuning.add_argument("--replay", type=int, default=16000,
                        help="MNIST training digits mixed in per epoch, so MNIST is not "
                             "forgotten")
    args = parser.parse_args(argv)
    for name in ("epochs", "batch_size", "patience", "finetune_epochs", "repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.limit is not None and args.limit < 100:
        parser.error("--limit must be at least 100")
    try:
        args.filters = tuple(int(v) for v in args.filters.split(","))
    except ValueError:
        parser.error("--filters must be three whole numbers, like 16,32,32")
    if len(args.filters) != 3 or min(args.filters) < 1:
        parser.error("--filters must be three positive whole numbers, like 16,32,32")
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

    model = build_model(args.filters)
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
        "filters": list(args.filters),
        "files": {"keras": keras_path.name, "tflite": tflite_path.name},
        "software": software_versions(),
        "parent": None,
    }
    write_card(stem, card, args.models_dir)
    if not args.no_switch:
        set_current(stem, args.models_dir)
    write_models_readme(args.models_dir)
    print(f"saved {stem}: {keras_path}, {tflite_path} "
          f"(test accuracy {test_accuracy:.4%}, {train_seconds / 60:.1f} min"
          f"{', now current' if not args.no_switch else ''})")
    return 0


def software_versions() -> dict:
    """Versions of the libraries a model was made with, for its card."""
    import keras
    import tensorflow as tf

    return {"tensorflow": tf.__version__, "keras": keras.__version__, "numpy": np.__version__}


def predict_labels(model, digits: np.ndarray, batch: int = 1000) -> np.ndarray:
    """A Keras model's labels for uint8 (N, 28, 28) digits, by direct batched calls."""
    labels = [np.asarray(model(to_model_input(digits[i : i + batch]), training=False)).argmax(1)
              for i in range(0, len(digits), batch)]
    return np.concatenate(labels) if labels else np.zeros(0, np.int64)


def write_models_readme(models_dir: Path) -> None:
    """Refreshes models/README.md from the cards."""
    atomic_write_text(models_dir / "README.md", render_models_readme(models_dir))


def run_finetune(args: argparse.Namespace, argv: list[str]) -> int:
    """Fine-tunes the current model on the saved corrections; keeps it only if better."""
    from realtime.finetune import (
        MIN_SAMPLES,
        decide,
        holdout_split,
        replay_mix,
        score,
        score_table,
    )
    from realtime.samples import load_samples

    samples = load_samples(args.samples)
    if samples.skipped:
        print(f"warning: {samples.skipped_text()} in {args.samples} (left as they are)")
    learn, held = holdout_split(samples.labels, args.seed)
    if len(samples) < MIN_SAMPLES or len(held) == 0:
        print(f"fine-tuning needs at least {MIN_SAMPLES} saved samples, with two or more of "
              f"some digit to hold one back; {args.samples} has {len(samples)}. Press a digit "
              "key in the app to save corrections, then run this again.")
        return 1
    parent = current_version(args.models_dir)
    data_path, data_source = mnist_source(args.data)
    mnist = load_mnist_file(data_path)

    import keras

    from realtime.cnn import load_keras_model, save_model_files

    keras.utils.set_random_seed(args.seed)
    model = load_keras_model(args.models_dir / f"{parent}.keras")
    held_set = (samples.images[held], samples.labels[held])
    test_set = (mnist.x_test, mnist.y_test)
    before = score(lambda digits: predict_labels(model, digits), held_set, test_set)
    x, y = replay_mix(samples.images[learn], samples.labels[learn], mnist.x_train,
                      mnist.y_train, args.repeats, args.replay, args.seed)
    print(f"fine-tuning {parent} on {len(learn)} corrections (x{args.repeats}, augmented) and "
          f"{len(x) - len(learn) * args.repeats} MNIST digits; {len(held)} held back")
    model.compile(optimizer=keras.optimizers.Adam(args.finetune_lr),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    started = time.time()
    model.fit(make_dataset(x, y, args.batch_size, args.seed, AugmentConfig()),
              epochs=args.finetune_epochs, steps_per_epoch=max(1, len(x) // args.batch_size),
              shuffle=False, verbose=1 if sys.stdout.isatty() else 2)
    seconds = time.time() - started
    after = score(lambda digits: predict_labels(model, digits), held_set, test_set)
    print(score_table(before, after, len(held), len(mnist.y_test)))
    verdict = decide(before, after)
    if not verdict.accept:
        print(f"kept {parent}: the fine-tuned model is refused because {verdict.reason}")
        return 1
    stem = next_version(args.models_dir)
    keras_path = args.models_dir / f"{stem}.keras"
    tflite_path = args.models_dir / f"{stem}{TFLITE_SUFFIX}"
    save_model_files(model, keras_path, tflite_path)
    card = {
        "version": stem,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": "python " + shlex.join(["train_cnn.py", *argv]),
        "parent": parent,
        "data": {"source": data_source, "path": str(data_path),
                 "sha256": file_sha256(data_path),
                 "replay": int(len(x) - len(learn) * args.repeats),
                 "samples": str(args.samples), "learned": int(len(learn)),
                 "held_back": int(len(held)), "skipped": dict(samples.skipped)},
        "seed": args.seed,
        "epochs_run": args.finetune_epochs,
        "train_seconds": round(seconds, 1),
        "test_accuracy": round(after.mnist, 5),
        "finetune": {"before": {"corrections": round(before.corrections, 5),
                                "mnist": round(before.mnist, 5)},
                     "after": {"corrections": round(after.corrections, 5),
                               "mnist": round(after.mnist, 5)}},
        "filters": read_card(parent, args.models_dir).get("filters"),
        "files": {"keras": keras_path.name, "tflite": tflite_path.name},
        "software": software_versions(),
    }
    write_card(stem, card, args.models_dir)
    set_current(stem, args.models_dir)
    write_models_readme(args.models_dir)
    print(f"accepted: {stem} is now the current model ({verdict.reason}; "
          f"{seconds:.0f} s of training)")
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    """Makes the previous version (the current one's parent) current again."""
    current = current_version(args.models_dir)
    versions = list_versions(args.models_dir)
    parent = read_card(current, args.models_dir).get("parent")
    if parent not in versions:
        older = versions[: versions.index(current)] if current in versions else []
        parent = older[-1] if older else None
    if parent is None:
        raise ValueError(f"{current} is the oldest model version: nothing to roll back to")
    set_current(parent, args.models_dir)
    write_models_readme(args.models_dir)
    print(f"current model: {parent} (was {current})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """Prints the model versions with their scores."""
    versions = list_versions(args.models_dir)
    if not versions:
        raise ValueError(f"no model versions in {args.models_dir}")
    try:
        current = current_version(args.models_dir)
    except ValueError:
        current = None
    print(f"  {'version':<12} {'created':<26} {'MNIST test':>10} {'corrections':>12}  parent")
    for stem in versions:
        card = read_card(stem, args.models_dir)
        mnist = card.get("test_accuracy")
        held = card.get("finetune", {}).get("after", {}).get("corrections")
        print(f"{'*' if stem == current else ' '} {stem:<12} {card.get('created', '?'):<26} "
              f"{'?' if mnist is None else f'{mnist:.2%}':>10} "
              f"{'-' if held is None else f'{held:.1%}':>12}  {card.get('parent') or '-'}")
    print("* current")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    try:
        if args.evaluate:
            return run_evaluate(args)
        if args.finetune:
            return run_finetune(args, argv)
        if args.rollback:
            return run_rollback(args)
        if args.list:
            return run_list(args)
        return run_train(args, argv)
    except ValueError as error:
        print(f"train_cnn.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("train_cnn.py: interrupted; the current model is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
