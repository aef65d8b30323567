"""Train, evaluate and fine-tune the realtime digits CNN.

Usage:
    python train_cnn.py                      # train a new model version and make it current
    python train_cnn.py --evaluate           # score the current model on MNIST test (into its card)
    python train_cnn.py --finetune           # learn the corrections saved in samples/
    python train_cnn.py --list               # the model versions and their scores
    python train_cnn.py --rollback           # go back to the previous version
    python train_cnn.py --limit 2000 --epochs 1 --models-dir /tmp/models   # quick check

Each mode is also a subcommand: ``python train_cnn.py list`` is ``--list``, and
``train``, ``evaluate``, ``finetune``, ``rollback`` and ``export-views`` likewise.

MNIST is found in this order: --data PATH, the MNIST_NPZ environment variable, the keras
cache (~/.keras/datasets/mnist.npz), then keras' own download. The pendigits pen
trajectories (other writers) likewise: --pendigits PATH, the PENDIGITS_FILE variable, the
cache (~/.keras/datasets/pendigits-orig.tra.gz), then the UCI download.

Training shows MNIST, pendigits writers 1-25 drawn with random pens (writers 26-30 are
kept for testing) and generated marks that are not digits, whose target is an equal
probability on every digit, so the model is unsure of them.

The work is done in ``realtime.training``: ``train`` (a training run), ``tuning`` (a
fine-tune run), ``reports`` (evaluation), ``publish`` (versions, README, rollback, list)
and ``options`` (this command line's options).
"""

from __future__ import annotations

import argparse
import sys

from realtime.quiet import quiet_tensorflow
from realtime.training import publish, reports
from realtime.training.options import NO_KERAS_MODES, parse_args
from realtime.training.train import run_training
from realtime.training.tuning import run_finetune

TRAINING_EXTRA_HINT = ("train_cnn.py needs TensorFlow and Keras, which the app does not: "
                      "install them with  python -m pip install -e \".[train]\"")


def training_packages_missing() -> bool:
    """True when TensorFlow or Keras cannot be imported (a runtime-only install)."""
    import importlib.util

    return any(importlib.util.find_spec(name) is None for name in ("tensorflow", "keras"))


def run_mode(args: argparse.Namespace, argv: list[str]) -> int:
    """Runs the chosen mode; returns the exit status."""
    if args.mode == "evaluate":
        reports.evaluate_version(args.model, args.models_dir, args.data, args.confusion)
    elif args.mode == "finetune":
        return run_finetune(args, argv)
    elif args.mode == "rollback":
        now, before = publish.rollback(args.models_dir)
        print(f"current model: {now} (was {before})")
    elif args.mode == "list":
        print(publish.versions_table(args.models_dir))
    elif args.mode == "export-views":
        print(f"wrote {publish.export_views(args.model, args.models_dir)}")
    else:
        return run_training(args, argv)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    quiet_tensorflow()
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.mode not in NO_KERAS_MODES and training_packages_missing():
        print(f"train_cnn.py: error: {TRAINING_EXTRA_HINT}", file=sys.stderr)
        return 2
    try:
        return run_mode(args, argv)
    except ValueError as error:
        print(f"train_cnn.py: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("train_cnn.py: interrupted; the current model is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
