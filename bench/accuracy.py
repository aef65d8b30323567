"""Accuracy of the shipped model: MNIST test set, and digits drawn on a pad by other writers.

Usage:
    python bench/accuracy.py [--model PATH] [--data PATH] [--count 1000] [--seed 7]

Targets: MNIST test accuracy >= 99.6%; digits drawn on a 280x280 pad (see
bench/drawn_digits.py) read correctly by ``Recognizer.read`` >= 97%. For context it also
scores two weaker normalisations on the same drawn digits (squashing the whole pad to
28x28; cropping and centring the box without the centre of mass). Exits 1 when a target
is missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.drawn_digits import SOURCES, DrawnDigit, drawn_set  # noqa: E402
from bench.report import Row, check, print_table  # noqa: E402
from realtime import Recognizer  # noqa: E402
from realtime.config import DIGIT_SIZE  # noqa: E402
from realtime.mnist import load_mnist  # noqa: E402
from realtime.normalize import fit_box, ink_bbox  # noqa: E402

MNIST_TARGET = 0.996
DRAWN_TARGET = 0.97


def squash_pad(pad: np.ndarray) -> np.ndarray:
    """The naive pipeline: the whole pad resized to 28x28."""
    return cv2.resize(pad, (DIGIT_SIZE, DIGIT_SIZE), interpolation=cv2.INTER_AREA)


def centre_box(pad: np.ndarray) -> np.ndarray:
    """Crop to the ink, longer side 20 px, centred by its box (no centre of mass)."""
    x, y, w, h = ink_bbox(pad, 64)
    patch = fit_box(pad[y : y + h, x : x + w])
    field = np.zeros((DIGIT_SIZE, DIGIT_SIZE), np.uint8)
    top, left = (DIGIT_SIZE - patch.shape[0]) // 2, (DIGIT_SIZE - patch.shape[1]) // 2
    field[top : top + patch.shape[0], left : left + patch.shape[1]] = patch
    return field


def read_correct(recognizer: Recognizer, digit: DrawnDigit) -> bool:
    """True when ``read`` finds exactly one digit on the pad and reads it right."""
    readings = recognizer.read(digit.pad, ink="auto")
    return len(readings) == 1 and readings[0].digit == digit.label


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model", type=Path, default=None, help="model file (default: current)")
    parser.add_argument("--data", type=str, default=None, help="mnist.npz (default: lookup order)")
    parser.add_argument("--count", type=int, default=1000, help="drawn digits per writer kind")
    parser.add_argument("--seed", type=int, default=7, help="seed of the drawn set")
    args = parser.parse_args(argv)
    try:
        recognizer = Recognizer(args.model)
        mnist = load_mnist(args.data)
    except ValueError as error:
        print(f"accuracy.py: error: {error}", file=sys.stderr)
        return 2

    labels = np.concatenate([recognizer.classify(mnist.x_test[i : i + 512])[0]
                             for i in range(0, len(mnist.x_test), 512)])
    mnist_accuracy = float(np.mean(labels == mnist.y_test))
    rows: list[Row] = [check("MNIST test accuracy (10,000 digits)", mnist_accuracy,
                             f"{mnist_accuracy:.2%}", f">= {MNIST_TARGET:.1%}",
                             lambda v: v >= MNIST_TARGET)]

    drawn = drawn_set(args.count, args.seed, (mnist.x_test, mnist.y_test))
    correct = np.array([read_correct(recognizer, d) for d in drawn])
    sources = np.array([d.source for d in drawn])
    for source in SOURCES:
        share = float(correct[sources == source].mean())
        rows.append(check(f"drawn, {source} writers, read() ({args.count})", share,
                          f"{share:.2%}", ""))
    overall = float(correct.mean())
    rows.append(check(f"drawn, all, read() ({len(drawn)} pads)", overall, f"{overall:.2%}",
                      f">= {DRAWN_TARGET:.0%}", lambda v: v >= DRAWN_TARGET))
    truth = np.array([d.label for d in drawn])
    for name, transform in (("squash pad to 28x28", squash_pad),
                            ("crop + box centre, no centre of mass", centre_box)):
        predicted = recognizer.classify(np.stack([transform(d.pad) for d in drawn]))[0]
        share = float(np.mean(predicted == truth))
        rows.append(check(f"drawn, all, {name} (context)", share, f"{share:.2%}", ""))
    wrong = [d for d, ok in zip(drawn, correct, strict=True) if not ok]
    if wrong:
        by_label = np.bincount([d.label for d in wrong], minlength=10)
        print("drawn digits read wrong, by true digit:", " ".join(
            f"{k}:{n}" for k, n in enumerate(by_label) if n))
    return print_table(f"Accuracy of {recognizer.model_path.name}", rows)


if __name__ == "__main__":
    sys.exit(main())
