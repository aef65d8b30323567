"""A fine-tune run: the current model learns the saved corrections, and the result is
published as a new version only when ``finetune.decide`` accepts it."""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from realtime.config import NUM_CLASSES
from realtime.model.input import to_model_input
from realtime.model.second_look import second_look
from realtime.model.versions import current_version, read_card
from realtime.training.augment import AugmentConfig
from realtime.training.batches import make_dataset
from realtime.training.data import file_sha256, mnist_source
from realtime.training.finetune import (
    MIN_SAMPLES,
    decide,
    holdout_split,
    replay_mix,
    score,
    score_table,
)
from realtime.training.mnist import load_mnist_file
from realtime.training.publish import new_card, publish, save_version
from realtime.training.reports import write_curves
from realtime.training.writers import nondigit_fields

#: Non-digit marks a fine-tune is judged on (never trained on: their own seed).
JUDGE_MARKS = 500
JUDGE_SEED_OFFSET = 7919
#: Digits per direct call of the Keras model when scoring.
PREDICT_BATCH = 1000


def predict_probs(model, digits: np.ndarray, batch: int = PREDICT_BATCH) -> np.ndarray:
    """A Keras model's (N, 10) probabilities for uint8 (N, 28, 28) digits as the app reads
    them (``Recognizer.classify``: with the second look), by direct batched calls."""

    def once(some: np.ndarray) -> np.ndarray:
        probs = [np.asarray(model(to_model_input(some[i : i + batch]), training=False))
                 for i in range(0, len(some), batch)]
        return np.concatenate(probs) if probs else np.zeros((0, NUM_CLASSES), np.float32)

    return second_look(digits, once(digits), once)


def run_finetune(args: argparse.Namespace, argv: list[str]) -> int:
    """Fine-tunes the current model on the saved corrections and keeps it only if better
    (the options are ``realtime.training.options``'); returns the exit status."""
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
    data_path, source = mnist_source(args.data)
    mnist = load_mnist_file(data_path)

    import keras

    from realtime.training.cnn import load_keras_model

    keras.utils.set_random_seed(args.seed)
    model = load_keras_model(args.models_dir / f"{parent}.keras")
    held_set = (samples.images[held], samples.labels[held])
    test_set = (mnist.x_test, mnist.y_test)
    judge_marks = nondigit_fields(JUDGE_MARKS, args.seed + JUDGE_SEED_OFFSET)
    before = score(lambda digits: predict_probs(model, digits), held_set, test_set, judge_marks)
    x, y = replay_mix(samples.images[learn], samples.labels[learn], mnist.x_train,
                      mnist.y_train, args.repeats, args.replay, args.seed,
                      nondigit_fields(args.replay_marks, args.seed))
    print(f"fine-tuning {parent} on {len(learn)} corrections (x{args.repeats}, augmented), "
          f"{min(args.replay, len(mnist.x_train))} MNIST digits and {args.replay_marks} "
          f"non-digit marks; {len(held)} held back")
    model.compile(optimizer=keras.optimizers.Adam(args.finetune_lr),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    started = time.time()
    history = model.fit(make_dataset(x, y, args.batch_size, args.seed, AugmentConfig()),
                        epochs=args.finetune_epochs,
                        steps_per_epoch=max(1, len(x) // args.batch_size),
                        shuffle=False, verbose=1 if sys.stdout.isatty() else 2)
    seconds = time.time() - started
    after = score(lambda digits: predict_probs(model, digits), held_set, test_set, judge_marks)
    print(score_table(before, after, len(held), len(mnist.y_test)))
    verdict = decide(before, after)
    if not verdict.accept:
        print(f"kept {parent}: the fine-tuned model is refused because {verdict.reason}")
        return 1
    version = save_version(model, args.models_dir)
    curves = write_curves(version.curves_path, history.history)
    fields = {
        "parent": parent,
        "data": {"source": source, "path": str(data_path),
                 "sha256": file_sha256(data_path),
                 "replay": min(args.replay, len(mnist.x_train)),
                 "replay_marks": args.replay_marks,
                 "samples": str(args.samples), "learned": int(len(learn)),
                 "held_back": int(len(held)), "skipped": dict(samples.skipped)},
        "seed": args.seed,
        "epochs_run": args.finetune_epochs,
        "train_seconds": round(seconds, 1),
        "test_accuracy": round(after.mnist, 5),
        "finetune": {moment: {"corrections": round(scores.corrections, 5),
                              "corrections_loss": round(scores.corrections_loss, 5),
                              "mnist": round(scores.mnist, 5),
                              "nondigits_unsure": round(scores.refusal, 5)}
                     for moment, scores in (("before", before), ("after", after))},
        "filters": read_card(parent, args.models_dir).get("filters"),
    }
    publish(version, new_card(version, argv, fields, curves))
    print(f"accepted: {version.stem} is now the current model ({verdict.reason}; "
          f"{seconds:.0f} s of training)")
    return 0
