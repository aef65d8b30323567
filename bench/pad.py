"""The drawing pad end to end: digits drawn with the mouse in the real window, read live.

Usage:
    python bench/pad.py [--count 100] [--seed 21] [--pad-size 420]

Starts Xvfb and ``python -m realtime``, draws the benchmark's drawn digits (see
bench/drawn_digits.py: MNIST-test writers and stroke templates, 35-85% of the pad high,
anywhere on it, brush 9/280 of the pad) stroke by stroke with xdotool at a hand's pace,
and reads the app's own events. Every other digit is drawn with the network view on (``v``:
the selected digit's feature maps computed and drawn after each read), so both are timed
interleaved in one window. Targets: >= 97% of digits read correctly; pen-up to the
updated answer on screen <= 30 ms (median, as the window times it) with the view off and
with it on; the window open <= 2 s after the command. Exits 1 when a target is missed.
Needs Xvfb and xdotool.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.drawn_digits import PAD_SIZE, SOURCES, drawn_set  # noqa: E402
from bench.report import check, print_table  # noqa: E402
from bench.xwindow import AppWindow, VirtualScreen, tools_missing  # noqa: E402
from realtime.training.mnist import load_mnist  # noqa: E402

ACCURACY_TARGET = 0.97
LATENCY_TARGET_MS = 30.0
OPEN_TARGET_S = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--count", type=int, default=100, help="digits per writer kind")
    parser.add_argument("--seed", type=int, default=21, help="seed of the drawn set")
    parser.add_argument("--pad-size", type=int, default=420, help="the app's pad size")
    parser.add_argument("--data", type=str, default=None, help="mnist.npz (default: lookup)")
    args = parser.parse_args(argv)
    missing = tools_missing()
    if missing:
        print(f"pad.py: error: needs {', '.join(missing)}", file=sys.stderr)
        return 2
    mnist = load_mnist(args.data)
    digits = drawn_set(args.count, args.seed, (mnist.x_test, mnist.y_test))
    scale = args.pad_size / PAD_SIZE
    correct, open_times = [], []
    latencies: dict[bool, list[float]] = {False: [], True: []}  # view off, on
    with VirtualScreen() as screen, tempfile.TemporaryDirectory() as scratch:
        for attempt in range(3):  # the open time of a cold and of warm starts
            window = AppWindow(screen.display, ["--pad-size", str(args.pad_size),
                                                "--samples", scratch])
            open_times.append(window.opened_after)
            if attempt < 2:
                window.close()
        try:
            for n, digit in enumerate(digits):
                if n:
                    window.drain()
                    window.key("c")
                    window.wait_event("read", lambda e: e["text"] == "")
                window.key("v")  # the network view toggles: on for digits 0, 2, 4, ...; off between
                inside = n % 2 == 0
                for stroke in digit.strokes:
                    window.drag(stroke * scale)
                readings = [window.wait_event("read") for _ in digit.strokes]
                latencies[inside] += [r["ms"]["pen_up_to_screen"] for r in readings]
                correct.append(readings[-1]["digits"] == [digit.label])
                if (n + 1) % 50 == 0:
                    print(f"{n + 1}/{len(digits)} drawn, {np.mean(correct):.1%} read right",
                          file=sys.stderr, flush=True)
        finally:
            window.close()
    correct = np.array(correct)
    sources = np.array([d.source for d in digits])
    rows = []
    for source in SOURCES:
        share = float(correct[sources == source].mean())
        rows.append(check(f"read right through the window, {source} writers ({args.count})",
                          share, f"{share:.1%}", ""))
    overall = float(correct.mean())
    rows.append(check(f"read right through the window, all ({len(digits)})", overall,
                      f"{overall:.1%}", f">= {ACCURACY_TARGET:.0%}",
                      lambda v: v >= ACCURACY_TARGET))
    for inside, times in latencies.items():
        median, p90 = float(np.median(times)), float(np.percentile(times, 90))
        rows.append(check(f"pen-up to screen, network view {'on' if inside else 'off'}: "
                          f"median (p90) of {len(times)}", median,
                          f"{median:.1f} ms ({p90:.1f})", f"<= {LATENCY_TARGET_MS:g} ms",
                          lambda v: v <= LATENCY_TARGET_MS))
    slowest = max(open_times)
    rows.append(check("window open after the command, slowest of 3", slowest,
                      f"{slowest:.2f} s ({', '.join(f'{t:.2f}' for t in open_times)})",
                      f"<= {OPEN_TARGET_S:g} s", lambda v: v <= OPEN_TARGET_S))
    return print_table(f"Drawing pad end to end (pad {args.pad_size} px)", rows)


if __name__ == "__main__":
    sys.exit(main())
