"""A training run: a new model version from scratch on MNIST, other writers and marks."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

import numpy as np

from realtime.model.input import to_model_input
from realtime.training.augment import AugmentConfig
from realtime.training.batches import make_dataset
from realtime.training.data import (
    VALIDATION_SIZE,
    data_card,
    mnist_source,
    split_validation,
    training_extras,
)
from realtime.training.mnist import load_mnist_file
from realtime.training.publish import new_card, publish, save_version
from realtime.training.reports import evaluate_model, write_curves
from realtime.training.writers import soft_targets

#: Where the best epoch is checkpointed, in the checkpoint folder.
CHECKPOINT_NAME = "best.keras"


def run_training(args: argparse.Namespace, argv: list[str]) -> int:
    """Trains a new model version from scratch, exports it and writes its card (the
    options are ``realtime.training.options``'); returns the exit status."""
    data_path, source = mnist_source(args.data)
    mnist = load_mnist_file(data_path)

    import keras

    from realtime.training.cnn import build_model, load_keras_model

    keras.utils.set_random_seed(args.seed)
    x, y = mnist.x_train, mnist.y_train
    if args.limit is not None:
        keep = np.random.default_rng(args.seed).permutation(len(x))[: args.limit]
        x, y = x[keep], y[keep]
    val_size = min(VALIDATION_SIZE, len(x) // 10)
    x_fit, y_fit, x_val, y_val = split_validation(x, y, val_size, args.seed)
    share = 1.0 if args.limit is None else args.limit / len(mnist.x_train)
    x_extra, y_extra, extra_cards = training_extras(
        share=share, pen_variants=args.pen_variants, pendigits_path=args.pendigits,
        marks=args.marks, seed=args.seed)
    x_train, y_train = np.concatenate([x_fit, x_extra]), np.concatenate([y_fit, y_extra])
    augment = None if args.no_augment else AugmentConfig()
    train_data = make_dataset(x_train, y_train, args.batch_size, args.seed, augment)
    steps_per_epoch = len(x_train) // args.batch_size

    model = build_model(args.filters)
    steps = steps_per_epoch * args.epochs
    schedule = keras.optimizers.schedules.CosineDecay(args.learning_rate, steps, alpha=0.01)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    model.summary(print_fn=lambda line, **_: print(line))

    args.checkpoint_dir.mkdir(parents=True, exist_ok=True)
    checkpoint = args.checkpoint_dir / CHECKPOINT_NAME
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
                        validation_data=(to_model_input(x_val), soft_targets(y_val)))
    train_seconds = time.time() - started
    val_history = history.history["val_accuracy"]
    best_epoch = int(np.argmax(val_history)) + 1

    best = load_keras_model(checkpoint)
    version = save_version(best, args.models_dir)
    test_accuracy = evaluate_model(version.tflite_path, mnist, version.confusion_path)
    curves = write_curves(version.curves_path, history.history, best_epoch)
    fields = {
        "data": {"mnist": data_card("mnist", data_path, source, fit=len(x_fit),
                                    validation=len(x_val), test=len(mnist.x_test)),
                 **extra_cards},
        "seed": args.seed,
        "augmentation": dataclasses.asdict(augment) if augment else None,
        "epochs_run": len(val_history),
        "best_epoch": best_epoch,
        "train_seconds": round(train_seconds, 1),
        "val_accuracy": round(float(val_history[best_epoch - 1]), 5),
        **test_accuracy.card_fields(),
        "params": int(best.count_params()),
        "filters": list(args.filters),
    }
    card = new_card(version, argv, fields, curves) | {"parent": None}
    publish(version, card, make_current=not args.no_switch)
    print(f"saved {version.stem}: {version.keras_path}, {version.tflite_path} "
          f"(test accuracy {test_accuracy.read:.4%}, {train_seconds / 60:.1f} min"
          f"{', now current' if not args.no_switch else ''})")
    return 0
