"""Fine-tuning on corrections: does the model learn a handwriting it read poorly?

Usage:
    python bench/finetune.py [--per-class 10] [--fresh 200] [--seed 5]

The style (bench/drawn_digits.py ``styled_digit``): "bubble" digits, the outline of a very
fat stroke traced with a thin pen, slanted 25 degrees, with European 1 and 7 (the shipped
model already reads plain slanted, thick or European digits). --per-class corrections of
each digit are saved as samples, exactly as the app saves them, into a scratch folder; a
copy of the current model is fine-tuned with ``python train_cnn.py --finetune`` (timed);
then --fresh new digits of the style and the MNIST test set are read before and after.

Targets: accuracy on the fresh digits rises by at least half of its gap to 100%; MNIST
test accuracy drops by no more than 0.2 points; the fine-tune on 100 samples takes at
most 3 minutes; the fine-tune is accepted. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drawn_digits import styled_digit  # noqa: E402
from bench.report import check, print_table  # noqa: E402
from realtime import Recognizer, normalize_digit  # noqa: E402
from realtime.config import CURRENT_POINTER, MODELS_DIR  # noqa: E402
from realtime.model.versions import current_version  # noqa: E402
from realtime.samples import save_sample  # noqa: E402
from realtime.training.mnist import load_mnist  # noqa: E402

MAX_MNIST_DROP = 0.002
MAX_SECONDS = 180.0


def styled_set(count_per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Digits of the style: normalised 28x28 images, labels, and the pads they came from."""
    rng = np.random.default_rng(seed)
    drawn = [styled_digit(k, rng) for k in range(10) for _ in range(count_per_class)]
    images = np.stack([normalize_digit(d.pad, ink="light") for d in drawn])
    return images, np.array([d.label for d in drawn]), [d.pad for d in drawn]


def copy_current_model(target: Path) -> str:
    """Copies the current version's files and pointer into ``target``; returns its name."""
    stem = current_version()
    target.mkdir(parents=True, exist_ok=True)
    for path in MODELS_DIR.glob(f"{stem}.*"):
        shutil.copy2(path, target / path.name)
    (target / CURRENT_POINTER).write_text(stem + "\n")
    return stem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--per-class", type=int, default=10, help="corrections per digit")
    parser.add_argument("--fresh", type=int, default=200, help="fresh digits to score on")
    parser.add_argument("--seed", type=int, default=5, help="seed of the corrections")
    parser.add_argument("--data", type=str, default=None, help="mnist.npz (default: lookup)")
    parser.add_argument("--finetune-args", type=str, default="",
                        help="extra options for train_cnn.py --finetune, e.g. '--replay 9000'")
    args = parser.parse_args(argv)
    mnist = load_mnist(args.data)
    corrections, labels, pads = styled_set(args.per_class, args.seed)
    fresh, fresh_labels, _ = styled_set(max(1, args.fresh // 10), args.seed + 1000)

    with tempfile.TemporaryDirectory() as scratch:
        models, samples = Path(scratch) / "models", Path(scratch) / "samples"
        base = copy_current_model(models)
        now = datetime.datetime(2026, 1, 1)
        for k, (image, label, pad) in enumerate(zip(corrections, labels, pads, strict=True)):
            save_sample(samples, int(label), image, pad, now=now + datetime.timedelta(seconds=k),
                        details={"source": "bench"})
        before = Recognizer(models_dir=models)
        started = time.perf_counter()
        command = [sys.executable, "train_cnn.py", "--finetune", "--samples", str(samples),
                   "--models-dir", str(models), "--checkpoint-dir", str(Path(scratch) / "ck")]
        if args.data:
            command += ["--data", args.data]
        command += args.finetune_args.split()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        seconds = time.perf_counter() - started
        print(result.stdout[-2500:], file=sys.stderr)
        accepted = result.returncode == 0 and current_version(models) != base
        after = Recognizer(models_dir=models) if accepted else before

        def accuracy(recognizer: Recognizer, images: np.ndarray, truth: np.ndarray) -> float:
            return float(np.mean(recognizer.classify(images)[0] == truth))

        style_before = accuracy(before, fresh, fresh_labels)
        style_after = accuracy(after, fresh, fresh_labels)
        mnist_before = accuracy(before, mnist.x_test, mnist.y_test)
        mnist_after = accuracy(after, mnist.x_test, mnist.y_test)

    needed = style_before + 0.5 * (1 - style_before)
    rows = [
        check(f"fine-tune of {base} on {len(labels)} corrections accepted", float(accepted),
              "yes" if accepted else "no", "yes", lambda v: v == 1.0),
        check(f"fresh digits of the style ({len(fresh_labels)}): before", style_before,
              f"{style_before:.1%}", ""),
        check("fresh digits of the style: after", style_after, f"{style_after:.1%}",
              f">= {needed:.1%} (half the gap)", lambda v: v >= needed - 1e-9),
        check("MNIST test: before -> after", mnist_after - mnist_before,
              f"{mnist_before:.2%} -> {mnist_after:.2%}",
              f"drop <= {MAX_MNIST_DROP * 100:.1f} points",
              lambda v: v >= -MAX_MNIST_DROP - 1e-9),
        check("fine-tune time (process, wall)", seconds, f"{seconds:.0f} s",
              f"<= {MAX_SECONDS:.0f} s", lambda v: v <= MAX_SECONDS),
    ]
    return print_table("Fine-tuning on a new handwriting style", rows)


if __name__ == "__main__":
    sys.exit(main())
