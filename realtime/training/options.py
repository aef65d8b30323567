"""The options of ``train_cnn.py``: its modes, as subcommands or as flags, and the
training and fine-tuning settings, with their checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from realtime.config import MODELS_DIR, SAMPLES_DIR
from realtime.training.mnist import ENV_VAR

#: What train_cnn.py can do: ``python train_cnn.py list`` is ``python train_cnn.py --list``;
#: without either it trains.
MODES = ("train", "evaluate", "finetune", "list", "rollback", "export-views")
TRAIN = MODES[0]
#: Modes that run without TensorFlow and Keras.
NO_KERAS_MODES = ("evaluate", "list", "rollback")
DEFAULT_SEED = 42


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default, but not the mode's (none: it trains)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return action.help if not action.option_strings else super()._get_help_string(action)


def _flag(mode: str) -> str:
    return mode.replace("-", "_")


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="train_cnn.py", description="Train or evaluate the realtime digits CNN on MNIST.",
        formatter_class=_HelpFormatter)
    parser.add_argument("mode", nargs="?", choices=MODES, default=None,
                        help="what to do, as a subcommand: the same as its flag (list is "
                             "--list); without one it trains")
    parser.add_argument("--data", type=str, default=None,
                        help=f"path of mnist.npz (default: ${ENV_VAR}, then the keras cache, "
                             "then keras' download)")
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR,
                        help="folder of model versions and the 'current' pointer")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--evaluate", action="store_true",
                       help="score a model on the MNIST test set instead of training: accuracy "
                            "as the app reads and of the model alone, per-class "
                            "precision/recall and a confusion-matrix PNG; a version's card "
                            "records the accuracies")
    modes.add_argument("--finetune", action="store_true",
                       help="fine-tune the current model on the corrections in --samples, mixed "
                            "with MNIST; keep it only if it is better on held-back corrections "
                            "and at most 0.2 points worse on MNIST test")
    modes.add_argument("--rollback", action="store_true",
                       help="make the previous model version current again")
    modes.add_argument("--list", action="store_true",
                       help="list the model versions with their scores")
    modes.add_argument("--export-views", action="store_true",
                       help="write the export of a version's insides (<stem>.views.tflite: "
                            "its first two conv blocks' feature maps, for the app's network "
                            "view) from its .keras file; training writes it by itself")
    parser.add_argument("--model", type=Path, default=None,
                        help="model file for --evaluate and --export-views (default: the "
                             "current model)")
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
    training.add_argument("--filters", type=str, default="16,32,48",
                          help="channels of the three conv blocks, comma-separated (the "
                               "shipped model's; 32,64,64 costs 2.9x the arithmetic)")
    training.add_argument("--pendigits", type=str, default=None,
                          help="path of the pendigits trajectories (default: $PENDIGITS_FILE, "
                               "then the cache, then the UCI download)")
    training.add_argument("--pen-variants", type=int, default=4,
                          help="times each pendigits training digit is drawn, each with its "
                               "own pen (0: MNIST only)")
    training.add_argument("--marks", type=int, default=10000,
                          help="generated non-digit marks to learn to be unsure of")
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
    tuning.add_argument("--replay-marks", type=int, default=2000,
                        help="non-digit marks mixed in, so the model stays unsure of them")
    return parser


def _resolve_mode(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Sets ``args.mode`` from the subcommand or the flag (one of them at most) and each
    mode's flag to match."""
    flagged = [mode for mode in MODES[1:] if getattr(args, _flag(mode))]
    if args.mode is not None and flagged and flagged != [args.mode]:
        parser.error(f"argument --{flagged[0]}: not allowed with the mode {args.mode}")
    args.mode = args.mode or (flagged[0] if flagged else TRAIN)
    for mode in MODES[1:]:
        setattr(args, _flag(mode), args.mode == mode)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parses the command line (see ``--help``); ``args.mode`` is one of ``MODES``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _resolve_mode(parser, args)
    for name in ("epochs", "batch_size", "patience", "finetune_epochs", "repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if min(args.pen_variants, args.marks, args.replay_marks) < 0:
        parser.error("--pen-variants, --marks and --replay-marks must not be negative")
    if args.limit is not None and args.limit < 100:
        parser.error("--limit must be at least 100")
    try:
        args.filters = tuple(int(v) for v in args.filters.split(","))
    except ValueError:
        parser.error("--filters must be three whole numbers, like 16,32,32")
    if len(args.filters) != 3 or min(args.filters) < 1:
        parser.error("--filters must be three positive whole numbers, like 16,32,32")
    return args
