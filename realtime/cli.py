"""Command line of realtime digits: ``python -m realtime``.

Usage:
    python -m realtime                    # the drawing pad
    python -m realtime --load FILE        # the pad, with an image opened on it
    python -m realtime --image FILE       # read an image file, print the digits, exit
    python -m realtime --source demo      # camera mode on a generated moving sheet
    python -m realtime --source 0         # camera 0 (or a video, an image, a folder)
    python -m realtime --source clip.mp4 --headless   # one JSON line per frame, no window
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from realtime.app_config import AppConfig
from realtime.camera.headless import CAMERA_TIMEOUT, run_headless
from realtime.camera.sources import open_source
from realtime.config import DRAWINGS_DIR, HISTORY_FILE, MODELS_DIR, SAMPLES_DIR
from realtime.model.recognizer import Recognizer
from realtime.reading import MIN_CONFIDENCE, Reading, reading_json
from realtime.vision.imagefile import load_image
from realtime.vision.images import INK_CHOICES, configure_opencv
from realtime.vision.reader import read_picture

DEFAULT_PAD = 420
#: The benchmark's brush is 9 px on a 280 px pad; the default keeps that proportion.
BRUSH_PER_PAD = 9 / 280


def frame_size(text: str) -> tuple[int, int]:
    """Parses ``WxH`` (e.g. ``1280x720``) for ``--size``."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and 16 <= int(width) <= 8192
            and 16 <= int(height) <= 8192):
        raise argparse.ArgumentTypeError(f"{text!r} is not a frame size like 1280x720")
    return int(width), int(height)


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default, except where there is none to show (the help says it)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.default is None or isinstance(action.default, bool):
            return action.help or ""
        return super()._get_help_string(action)


def parse_args(argv: list[str] | None = None, prog: str | None = None) -> AppConfig:
    """Parses the command line (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog=prog or "python -m realtime",
        description="Read handwritten digits live with a CNN trained on MNIST. With no "
                    "options, opens the drawing pad.",
        formatter_class=HelpFormatter)
    parser.add_argument("--image", type=Path, default=None,
                        help="read every digit in this image file, print them and exit "
                             "(no window)")
    parser.add_argument("--json", action="store_true",
                        help="with --image: print one JSON object per digit (box, digit, "
                             "confidence, unsure)")
    parser.add_argument("--load", type=Path, default=None,
                        help="open this PNG or JPEG on the pad at start")
    parser.add_argument("--source", type=str, default=None,
                        help="read digits on paper from 'demo' (a generated moving sheet), a "
                             "camera index (0), a video file, an image file or a folder of "
                             "images")
    parser.add_argument("--size", type=frame_size, default=None, metavar="WxH",
                        help="ask the camera for this frame size, e.g. 1280x720 (default: "
                             "the camera's own)")
    parser.add_argument("--headless", action="store_true",
                        help="with --source: open no window; print one JSON line per frame")
    parser.add_argument("--camera-timeout", type=float, default=CAMERA_TIMEOUT, metavar="S",
                        help="with --headless and a camera: give up (exit code 2) when it "
                             "gives no frame for this many seconds")
    parser.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE,
                        help="with --image or --headless: a digit read less surely than this "
                             "is unsure (shown as ?, \"unsure\": true in JSON)")
    parser.add_argument("--ink", choices=INK_CHOICES, default="auto",
                        help="light ink on dark (a pad), dark ink on light (paper), or auto")
    parser.add_argument("--model", type=Path, default=None,
                        help="a .tflite or .keras model (default: the current one in models/)")
    parser.add_argument("--models-dir", type=Path, default=MODELS_DIR,
                        help="folder of model versions; the app follows its 'current' pointer")
    parser.add_argument("--pad-size", type=int, default=DEFAULT_PAD,
                        help="side of the drawing pad in pixels (text scales with it)")
    parser.add_argument("--brush", type=float, default=None,
                        help="brush radius in pixels (default: 9/280 of the pad)")
    parser.add_argument("--samples", type=Path, default=SAMPLES_DIR,
                        help="folder where labelled samples (corrections) are saved")
    parser.add_argument("--history", type=Path, default=None,
                        help="JSON-lines file of accepted readings "
                             "(default: SAMPLES/history.jsonl)")
    parser.add_argument("--save-dir", type=Path, default=DRAWINGS_DIR,
                        help="folder where 's' saves drawings")
    parser.add_argument("--print-events", action="store_true",
                        help="print a JSON line to stdout for each event (reading with its "
                             "timing, accept, sample, message)")
    args = parser.parse_args(argv)
    if not 140 <= args.pad_size <= 2000:
        parser.error("--pad-size must be between 140 and 2000")
    brush = round(BRUSH_PER_PAD * args.pad_size, 1) if args.brush is None else args.brush
    if not 1 <= brush <= 60:
        parser.error("--brush must be between 1 and 60")
    if args.headless and args.source is None:
        parser.error("--headless needs --source")
    if args.camera_timeout <= 0:
        parser.error("--camera-timeout must be more than 0 seconds")
    if not 0 <= args.min_confidence <= 1:
        parser.error("--min-confidence must be between 0 and 1")
    history = args.samples / HISTORY_FILE if args.history is None else args.history
    return AppConfig(**{**vars(args), "brush": brush, "history": history})


def format_readings(readings: list[Reading]) -> str:
    """One line per digit: the digit, its confidence and its box; then the whole text."""
    from realtime.vision.interpret import digit_text, number_texts

    lines = [f"{digit_text(r)}  {r.confidence:6.1%}  box x={r.box[0]} y={r.box[1]} "
             f"w={r.box[2]} h={r.box[3]}{f'  (unsure; best guess {r.digit})' if r.unsure else ''}"
             for r in readings]
    text = " ".join(number_texts(readings))
    return "\n".join([*lines, f"read: {text}" if text else "read: nothing (no ink found)"])


def read_file(args: AppConfig, recognizer: Recognizer) -> int:
    """The --image mode: print what is read in one file."""
    readings = read_picture(load_image(args.image), recognizer, ink=args.ink,
                            min_confidence=args.min_confidence).readings
    if args.json:
        for r in readings:
            print(json.dumps(reading_json(r)))
    else:
        print(format_readings(readings))
    return 0


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = parse_args(argv, prog)
    configure_opencv()
    try:
        recognizer = Recognizer(args.model, models_dir=args.models_dir)
        if args.image is not None:
            return read_file(args, recognizer)
        if args.source is not None:
            source = open_source(args.source, size=args.size)  # a bad file ends here
            if args.headless:
                return run_headless(source, recognizer, min_confidence=args.min_confidence,
                                    ink=args.ink, camera_timeout=args.camera_timeout)
            source.release()
    except ValueError as error:
        print(f"realtime: error: {error}", file=sys.stderr)
        return 2
    from realtime.ui.app import run_window

    return run_window(args, recognizer)


def console_main() -> None:
    """The installed ``realtime-digits`` command: ``python -m realtime``'s options."""
    sys.exit(main(prog="realtime-digits"))
