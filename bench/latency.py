"""Latency of the recognizer against keras ``model.predict`` on the same model, same run.

Usage:
    python bench/latency.py [--model-stem PATH_WITHOUT_SUFFIX] [--repeats 300] [--data PATH]

Measures median and p90 of ``Recognizer.classify`` for 1 and 32 MNIST test digits (a
different digit or batch each call, so the second look at unsure digits costs what it
costs on real digits) and of ``Recognizer.read`` on a 280x280 pad with one digit, each
next to the same call with the ``.keras`` model run by ``model.predict``; for context, 32
digits of random noise, every one of which gets the second look; and the wall time of
``python -c "import realtime; realtime.Recognizer()"``. Targets: classify 1 digit <= 0.1 ms,
32 digits <= 1 ms, read <= 2 ms (medians), at least 100x faster than model.predict for one
digit and for read, import and construction <= 1.5 s. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drawn_digits import draw_digit  # noqa: E402
from bench.gauge import KerasPredict, timings_ms  # noqa: E402
from bench.report import Row, check, print_table  # noqa: E402
from realtime import Recognizer  # noqa: E402
from realtime.model.versions import current_version  # noqa: E402
from realtime.training.mnist import load_mnist  # noqa: E402
from realtime.vision.images import configure_opencv  # noqa: E402

TARGETS_MS = {"classify, 1 digit": 0.1, "classify, 32 digits": 1.0, "read, 280x280 pad": 2.0}
MIN_SPEEDUP = 100
SPEEDUP_ROWS = ("classify, 1 digit", "read, 280x280 pad")
IMPORT_TARGET_S = 1.5


def import_seconds(runs: int = 5) -> float:
    """Median wall time of a fresh interpreter importing realtime and building a Recognizer."""
    code = "import realtime; realtime.Recognizer()"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model-stem", type=Path, default=None,
                        help="model path without suffix; its .tflite and .keras files are "
                             "compared (default: the current version in models/)")
    parser.add_argument("--repeats", type=int, default=300, help="timed calls per measure")
    parser.add_argument("--data", type=str, default=None, help="mnist.npz (default: lookup order)")
    args = parser.parse_args(argv)
    stem = args.model_stem or ROOT / "models" / current_version()
    configure_opencv()  # as the app does
    fast = Recognizer(stem.with_suffix(".tflite"))
    slow = Recognizer(stem.with_suffix(".keras"), backend=KerasPredict(stem.with_suffix(".keras")))

    rng = np.random.default_rng(0)
    test = load_mnist(args.data).x_test
    ones = itertools.cycle(np.split(test[:1000], 1000))
    batches = itertools.cycle(np.split(test[:32 * 100], 100))
    noise = rng.integers(0, 256, (32, 28, 28), dtype=np.uint8)
    pad = draw_digit(3, "template", rng).pad
    calls = {"classify, 1 digit": lambda r: r.classify(next(ones)),
             "classify, 32 digits": lambda r: r.classify(next(batches)),
             "read, 280x280 pad": lambda r: r.read(pad),
             "classify, 32 noise digits, each looked at twice (context)":
                 lambda r: r.classify(noise)}
    slow_repeats = max(20, args.repeats // 10)  # model.predict is ~100x slower

    rows: list[Row] = []
    for name, call in calls.items():
        ours = timings_ms(lambda c=call: c(fast), args.repeats)
        theirs = timings_ms(lambda c=call: c(slow), slow_repeats)
        median, p90 = float(np.median(ours)), float(np.percentile(ours, 90))
        base = float(np.median(theirs))
        target = TARGETS_MS.get(name)
        rows.append(check(f"{name}: median (p90)", median, f"{median:.3f} ms ({p90:.3f})",
                          "" if target is None else f"<= {target} ms",
                          None if target is None else lambda v, t=target: v <= t))
        rows.append(check(f"{name}: model.predict median (p90)", base,
                          f"{base:.1f} ms ({np.percentile(theirs, 90):.1f})", ""))
        speedup = base / median
        rows.append(check(f"{name}: speed-up", speedup, f"{speedup:.0f}x",
                          f">= {MIN_SPEEDUP}x" if name in SPEEDUP_ROWS else "",
                          (lambda v: v >= MIN_SPEEDUP) if name in SPEEDUP_ROWS else None))
    seconds = import_seconds()
    rows.append(check("import realtime + Recognizer(), wall (median of 5)", seconds,
                      f"{seconds:.2f} s", f"<= {IMPORT_TARGET_S} s",
                      lambda v: v <= IMPORT_TARGET_S))
    return print_table(f"Latency of {stem.name} (tflite on LiteRT vs keras model.predict)", rows)


if __name__ == "__main__":
    sys.exit(main())
