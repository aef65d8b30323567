"""Makes the README's pictures from the real app window on a virtual screen: the pad
reading 427 (docs/pad.png), the same 427 drawn stroke by stroke as an animation
(docs/pad.gif), the network view of a 4 (docs/inside.png) and camera mode on the demo
sheet, frozen, with the model's input of one digit shown (docs/camera.png).

Usage:
    python bench/screenshot.py                     # all four
    python bench/screenshot.py --only gif          # one of them (repeat for more)
    python bench/screenshot.py --camera-source page.png --docs /tmp/pictures

Needs Xvfb and xdotool; the window is captured with Pillow's X11 grab.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.drawn_digits import place, template_paths  # noqa: E402
from bench.xwindow import AppWindow, VirtualScreen  # noqa: E402

PAD = 420
PICTURES = ("pad", "gif", "inside", "camera")
#: Milliseconds each kind of animation frame is shown.
FIRST_MS, DRAWING_MS, READ_MS, LAST_MS = 900, 250, 700, 2000
#: Palette size of the GIF and of the camera picture.
COLORS = 256
#: Strokes with at least this many points are also shown half drawn (a template's
#: straight stroke has 12).
LONG_STROKE = 8


def number_strokes(labels: list[int], seed: int = 2) -> list[list[np.ndarray]]:
    """Each digit's strokes in pad pixels, side by side in the pad's middle band."""
    rng = np.random.default_rng(seed)
    return [place(template_paths(label, rng), 150, 13.5, rng, PAD,
                  (30 + slot * 130, 120, 105, 200))
            for slot, label in enumerate(labels)]


def draw_and_capture(display: str, out: Path, labels: list[int],
                     then: Callable[[AppWindow], None]) -> Path:
    """Draws the number in a fresh pad window, waits for each reading, runs ``then`` on
    the window and saves it."""
    with tempfile.TemporaryDirectory() as scratch:
        window = AppWindow(display, ["--samples", scratch])
        try:
            for strokes in number_strokes(labels):
                for stroke in strokes:
                    window.drag(stroke)
                for _ in strokes:
                    window.wait_event("read")
            then(window)
            window.drain()
            window.screenshot(out)
        finally:
            window.close()
    return out


def make_pad_png(display: str, out: Path, labels: tuple[int, ...] = (4, 2, 7)) -> Path:
    """Draws the number, accepts it, selects its second digit and saves the window."""

    def accept_and_select(window: AppWindow) -> None:
        window.key("Return")
        window.wait_event("accept")
        window.key("Tab", "Tab")

    return draw_and_capture(display, out, list(labels), accept_and_select)


def make_inside_png(display: str, out: Path, label: int = 4) -> Path:
    """Draws one digit and turns the network view on (v), then saves the window."""

    def look_inside(window: AppWindow) -> None:
        window.key("v")
        window.wait_event("inside")

    return draw_and_capture(display, out, [label], look_inside)


def make_pad_gif(display: str, out: Path, labels: tuple[int, ...] = (4, 2, 7),
                 scale: float = 1.0) -> Path:
    """Draws the number stroke by stroke and saves an animation of the window: the empty
    pad, each long stroke half drawn, the reading after each pen-up, the last one held."""
    frames: list[Image.Image] = []
    durations: list[int] = []

    def capture(milliseconds: int) -> None:
        frames.append(window.grab_steady())
        durations.append(milliseconds)

    with tempfile.TemporaryDirectory() as scratch:
        window = AppWindow(display, ["--samples", scratch])
        try:
            capture(FIRST_MS)
            for strokes in number_strokes(list(labels)):
                for stroke in strokes:
                    window.drain()
                    halfway = [len(stroke) // 2] if len(stroke) >= LONG_STROKE else []
                    window.drag(stroke, pause_at=halfway, on_pause=lambda: capture(DRAWING_MS))
                    window.wait_event("read")
                    capture(READ_MS)
        finally:
            window.close()
    durations[-1] = LAST_MS
    write_gif(frames, durations, out, scale)
    return out


def write_gif(frames: list[Image.Image], durations: list[int], out: Path,
              scale: float = 1.0) -> None:
    """Saves RGB frames as a looping GIF on one shared palette (so a frame stores only
    what changed since the one before), shrunk by ``scale``."""
    if scale != 1.0:
        size = (round(frames[0].width * scale), round(frames[0].height * scale))
        frames = [frame.resize(size, Image.Resampling.LANCZOS) for frame in frames]
    # the first frame has the window's empty look, the last every colour the ink adds
    both = Image.new("RGB", (frames[0].width, 2 * frames[0].height))
    both.paste(frames[0], (0, 0))
    both.paste(frames[-1], (0, frames[0].height))
    palette = both.quantize(colors=COLORS, method=Image.Quantize.FASTOCTREE)
    indexed = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    indexed[0].save(out, save_all=True, append_images=indexed[1:], duration=durations,
                    loop=0, optimize=True)


def make_camera_png(display: str, out: Path, source: str = "demo",
                    settle_seconds: float = 2.0) -> Path:
    """Opens camera mode on ``source``, lets the readings settle, freezes the picture
    (Space), selects a digit and shows the model's input for it (Tab, i), and saves the
    window."""
    with tempfile.TemporaryDirectory() as scratch:
        window = AppWindow(display, ["--source", source, "--samples", scratch])
        try:
            first = window.wait_event(
                ("frame", "message"),
                lambda e: e["event"] == "frame" or e["text"].startswith("Cannot open"),
                timeout=30)
            if first["event"] == "message":
                raise RuntimeError(first["text"])
            time.sleep(settle_seconds)  # a moving source: the tracked readings steady
            window.key("space")
            window.wait_event("frozen")
            window.key("Tab", "Tab", "Tab", "i")
            window.drain()
            # a photo's grain makes a big PNG; on 256 colours it is a fifth of the size.
            # Octree, unlike median cut, keeps the few pixels of yellow and orange text.
            picture = window.grab_steady().quantize(COLORS, method=Image.Quantize.FASTOCTREE,
                                                    dither=Image.Dither.NONE)
            picture.save(out, optimize=True)
        finally:
            window.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=PICTURES, action="append", default=None,
                        help="make only this picture (repeat for more; default: all)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs",
                        help="folder the pictures are written to")
    parser.add_argument("--camera-source", type=str, default="demo",
                        help="the --source shown in camera mode")
    args = parser.parse_args(argv)
    args.docs.mkdir(parents=True, exist_ok=True)
    with VirtualScreen() as screen:
        for picture in args.only or PICTURES:
            if picture == "pad":
                done = make_pad_png(screen.display, args.docs / "pad.png")
            elif picture == "gif":
                done = make_pad_gif(screen.display, args.docs / "pad.gif")
            elif picture == "inside":
                done = make_inside_png(screen.display, args.docs / "inside.png")
            else:
                done = make_camera_png(screen.display, args.docs / "camera.png",
                                       args.camera_source)
            print(f"wrote {done} ({done.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
