"""Refreshes the README's screenshot of the pad window: draws 427 in the real app and
captures the window.

Usage:
    python bench/screenshot.py [--out docs/pad.png]

Needs Xvfb, xdotool and ImageMagick's ``import``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drawn_digits import place, template_paths  # noqa: E402
from bench.xwindow import AppWindow, VirtualScreen  # noqa: E402

PAD = 420


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pad.png")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(2)
    with VirtualScreen() as screen, tempfile.TemporaryDirectory() as scratch:
        window = AppWindow(screen.display, ["--samples", scratch])
        try:
            for slot, label in enumerate([4, 2, 7]):
                region = (30 + slot * 130, 120, 105, 200)
                strokes = place(template_paths(label, rng), 150, 13.5, rng, PAD, region)
                for stroke in strokes:
                    window.drag(stroke)
                for _ in strokes:
                    window.wait_event("read")
            window.key("Return")
            window.wait_event("accept")
            window.key("Tab", "Tab")
            window.drain()
            args.out.parent.mkdir(parents=True, exist_ok=True)
            window.screenshot(args.out)
        finally:
            window.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
