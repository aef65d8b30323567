"""Accuracy of the shipped model: MNIST, other writers' digits, and marks that are not digits.

Usage:
    python bench/accuracy.py [--model PATH] [--data PATH] [--pendigits PATH] [--count 600]
                             [--marks 300] [--seed 7]

Sets, each read by ``Recognizer.read`` as a user's picture would be:

* MNIST test (classified as 28x28 digits): accuracy >= 99.6%, unsure <= 1%.
* ``bench/other_writers.py``: writers the model never trained on (pendigits writers
  26-30 and this project's stroke templates) drawn on the 280x280 pad, as USPS-style
  scans and with a mouse in a paint program: each read right >= 98.5%.
* ``bench/drawn_digits.py``: MNIST test digits traced and drawn again on the pad, and
  templates: read right >= 97% (as before).
* Unsure: <= 1% of the drawn digits of every set come out unsure ("?").
* ``bench/nondigit_marks.py``: letters, shapes, scribbles and half-erased marks on the
  pad: >= 90% come out unsure (every reading "?", or nothing read).

A digit is read right when exactly one reading is found, it is the right digit and it is
not unsure. For context, two weaker normalisations of the drawn pads are scored too.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.drawn_digits import SOURCES, drawn_set  # noqa: E402
from bench.nondigit_marks import KINDS, mark_set  # noqa: E402
from bench.other_writers import LOOKS, written_set  # noqa: E402
from bench.report import Row, check, print_table  # noqa: E402
from realtime import Recognizer  # noqa: E402
from realtime.config import DIGIT_SIZE  # noqa: E402
from realtime.reading import MIN_CONFIDENCE  # noqa: E402
from realtime.training.mnist import load_mnist  # noqa: E402
from realtime.training.pendigits import load_pendigits  # noqa: E402
from realtime.vision.normalize import fit_box, ink_bbox  # noqa: E402

MNIST_TARGET = 0.996
OTHER_WRITERS_TARGET = 0.985
DRAWN_TARGET = 0.97
MAX_UNSURE_DIGITS = 0.01
MIN_UNSURE_MARKS = 0.90


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


def read_outcome(recognizer: Recognizer, image: np.ndarray, label: int) -> str:
    """How one picture of one digit is read: "right", "unsure", "wrong" or "count" (not
    exactly one mark found)."""
    readings = recognizer.read(image, ink="auto")
    if len(readings) != 1:
        return "count"
    if readings[0].unsure:
        return "unsure"
    return "right" if readings[0].digit == label else "wrong"


def refused(readings: list) -> bool:
    """True when a non-digit mark gives no sure digit: every reading unsure, or none."""
    return all(r.unsure for r in readings)


def share_row(name: str, hits: np.ndarray, target: float | None = None,
              at_least: bool = True) -> Row:
    """A row for a share of ``hits``; its target is a minimum (or a maximum)."""
    value = float(np.mean(hits)) if len(hits) else float("nan")
    if target is None:
        return check(f"{name} ({len(hits)})", value, f"{value:.2%}", "")
    sign, ok = (">=", lambda v: v >= target) if at_least else ("<=", lambda v: v <= target)
    return check(f"{name} ({len(hits)})", value, f"{value:.2%}", f"{sign} {target:.1%}", ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model", type=Path, default=None, help="model file (default: current)")
    parser.add_argument("--data", type=str, default=None, help="mnist.npz (default: lookup order)")
    parser.add_argument("--pendigits", type=str, default=None,
                        help="pendigits file (default: lookup order)")
    parser.add_argument("--count", type=int, default=600,
                        help="pictures per look of the other writers (half pendigits, half "
                             "templates), and drawn digits per writer kind")
    parser.add_argument("--marks", type=int, default=300, help="non-digit marks")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated sets")
    args = parser.parse_args(argv)
    try:
        recognizer = Recognizer(args.model)
        mnist = load_mnist(args.data)
        pen_digits = load_pendigits(args.pendigits)
    except ValueError as error:
        print(f"accuracy.py: error: {error}", file=sys.stderr)
        return 2

    labels, probs = recognizer.classify(mnist.x_test)
    mnist_accuracy = float(np.mean(labels == mnist.y_test))
    rows: list[Row] = [
        check("MNIST test accuracy (10,000 digits)", mnist_accuracy, f"{mnist_accuracy:.2%}",
              f">= {MNIST_TARGET:.1%}", lambda v: v >= MNIST_TARGET),
        share_row("MNIST test digits unsure", probs.max(axis=1) < MIN_CONFIDENCE,
                  MAX_UNSURE_DIGITS, at_least=False)]

    unsure_digits = []
    for look in LOOKS:
        written = written_set(look, pen_digits, args.count, args.seed)
        outcomes = np.array([read_outcome(recognizer, w.image, w.label) for w in written])
        writers = np.array([w.writer != "template" for w in written])
        rows.append(share_row(f"other writers, {look}: read right", outcomes == "right",
                              OTHER_WRITERS_TARGET))
        rows.append(share_row("  of which held-out pendigits writers",
                              outcomes[writers] == "right"))
        rows.append(share_row("  of which stroke templates", outcomes[~writers] == "right"))
        unsure_digits.append(outcomes == "unsure")
        report_misses(f"other writers, {look}", written, outcomes)

    drawn = drawn_set(args.count, args.seed, (mnist.x_test, mnist.y_test))
    outcomes = np.array([read_outcome(recognizer, d.pad, d.label) for d in drawn])
    sources = np.array([d.source for d in drawn])
    for source in SOURCES:
        rows.append(share_row(f"drawn, {source} writers: read right",
                              outcomes[sources == source] == "right"))
    rows.append(share_row("drawn, all: read right", outcomes == "right", DRAWN_TARGET))
    unsure_digits.append(outcomes == "unsure")
    rows.append(share_row("drawn digits of every set unsure", np.concatenate(unsure_digits),
                          MAX_UNSURE_DIGITS, at_least=False))
    truth = np.array([d.label for d in drawn])
    for name, transform in (("squash pad to 28x28", squash_pad),
                            ("crop + box centre, no centre of mass", centre_box)):
        predicted = recognizer.classify(np.stack([transform(d.pad) for d in drawn]))[0]
        rows.append(share_row(f"drawn, all, {name} (context)", predicted == truth))

    marks = mark_set(args.marks, args.seed)
    read = [recognizer.read(m.pad, ink="light") for m in marks]
    refusals = np.array([refused(readings) for readings in read])
    kinds = np.array([m.kind for m in marks])
    for kind in KINDS:
        rows.append(share_row(f"not digits, {kind}: unsure", refusals[kinds == kind]))
    rows.append(share_row("not digits, all: unsure", refusals, MIN_UNSURE_MARKS))
    taken = [f"{m.what} as {[r.digit for r in readings]}"
             for m, readings, ok in zip(marks, read, refusals, strict=True) if not ok]
    if taken:
        print(f"non-digit marks read as digits ({len(taken)}): " + "; ".join(taken[:30]))
    return print_table(f"Accuracy of {recognizer.model_path.name}", rows)


def report_misses(name: str, written: list, outcomes: np.ndarray) -> None:
    """Prints how many digits of a set were missed, by true digit and by outcome."""
    missed = outcomes != "right"
    if not missed.any():
        return
    by_label = np.bincount([w.label for w, m in zip(written, missed, strict=True) if m],
                           minlength=10)
    kinds = {k: int(np.sum(outcomes == k)) for k in ("wrong", "unsure", "count")}
    print(f"{name}: missed by true digit " + " ".join(
        f"{k}:{n}" for k, n in enumerate(by_label) if n) + f"; {kinds}")


if __name__ == "__main__":
    sys.exit(main())
