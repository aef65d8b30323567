"""Reading real paper: photos and scans, through ``--image`` and ``--source --headless``.

Usage:
    python bench/realworld.py [--paper-dev DIR] [--count 60] [--seed 9000] [--kinds ...]

Sets, each a table:

* ``paper_dev``: real photos and scans of handwritten digits by four writers
  (``../shared/data/paper_dev``; see its PROVENANCE.md). Never trained on.
* generated pictures (``bench/paper_photos.py``, seeds from --seed up, which tuning never
  used): close-ups of one digit filling 50-95% of the picture, and for context the other
  kinds (crops, scans, ruled and squared paper, tilted sheets, webcam frames, tiny
  digits), by writers no model here trains on.

Each set goes through both interfaces, the way a user runs them: ``python -m realtime
--image FILE --json`` for every picture, and ``python -m realtime --source FOLDER
--headless`` once (in this process, through the command line's own ``main``). A
reading counts when its box has IoU >= 0.3 with a true box and its digit is right;
readings marked unsure are not answers.

Targets: paper_dev >= 97% of the digits read right with >= 99% of the readings right,
close-ups >= 98%, through both interfaces; a 12-megapixel phone photo loaded and read
(what ``--image`` does) in <= 300 ms. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import Row, check, print_table  # noqa: E402
from bench.score import Score, score_frame  # noqa: E402
from realtime import Recognizer  # noqa: E402
from realtime.cli import main as cli_main  # noqa: E402
from realtime.config import PROJECT_ROOT  # noqa: E402
from realtime.vision.imagefile import load_image  # noqa: E402
from realtime.vision.images import configure_opencv  # noqa: E402

PAPER_DEV = PROJECT_ROOT.parent / "shared" / "data" / "paper_dev"
RECALL_TARGET, PRECISION_TARGET = 0.97, 0.99
CLOSEUP_TARGET = 0.98
PHOTO_TARGET_MS = 300.0
CONTEXT_KINDS = ("crop", "scan", "lined", "squared", "tilted", "webcam", "tiny")

Answer = tuple[tuple[int, int, int, int], int]


def _run_cli(argv: list[str]) -> list[dict]:
    """Runs ``python -m realtime`` in this process; returns its JSON lines."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = cli_main(argv)
    if status != 0:
        raise RuntimeError(f"python -m realtime {' '.join(argv)} exited with {status}")
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def answers_by_image(folder: Path, files: list[str]) -> dict[str, list[Answer]]:
    """``--image FILE --json`` for each file: its readings that are not unsure."""
    return {name: [(tuple(r["box"]), r["digit"])
                   for r in _run_cli(["--image", str(folder / name), "--json"])
                   if not r["unsure"]]
            for name in files}


def answers_by_source(folder: Path, files: list[str]) -> dict[str, list[Answer]]:
    """``--source FOLDER --headless`` once: each line's readings that are not unsure, by
    the file it names."""
    with tempfile.TemporaryDirectory() as scratch:
        for name in files:  # only the set's pictures, not gt.json and friends
            (Path(scratch) / name).symlink_to(folder / name)
        lines = _run_cli(["--source", scratch, "--headless"])
    return {Path(line["file"]).name: [(tuple(r["box"]), r["digit"]) for r in line["readings"]
                                      if not r["unsure"]]
            for line in lines}


def score_set(folder: Path, gt: dict, by: dict[str, list[Answer]]) -> tuple[Score, dict]:
    """The score over the whole set, and per kind of picture."""
    total, kinds = Score(0, 0, 0, 0), {}
    for image in gt["images"]:
        truths = [(tuple(d["box"]), d["digit"]) for d in image["digits"]]
        score = score_frame(by.get(image["file"], []), truths)
        total = total + score
        kinds[image["kind"]] = kinds.get(image["kind"], Score(0, 0, 0, 0)) + score
    return total, kinds


def set_rows(name: str, folder: Path, gt: dict, recall_target: float | None,
             precision_target: float | None) -> list[Row]:
    """Rows for one set through both interfaces."""
    files = [image["file"] for image in gt["images"]]
    rows = []
    for interface, read in (("--image", answers_by_image), ("--source --headless",
                                                           answers_by_source)):
        started = time.perf_counter()
        total, kinds = score_set(folder, gt, read(folder, files))
        seconds = time.perf_counter() - started
        print(f"{name} through {interface}: {total.correct}/{total.truths} right, "
              f"{total.readings} answers, {seconds:.1f} s", file=sys.stderr, flush=True)
        label = f"{name}, {interface}: read right ({len(files)} pictures)"
        rows.append(check(label, total.recall,
                          f"{total.recall:.1%} ({total.correct}/{total.truths})",
                          "" if recall_target is None else f">= {recall_target:.0%}",
                          None if recall_target is None else lambda v, t=recall_target: v >= t))
        rows.append(check(f"{name}, {interface}: readings right", total.precision,
                          f"{total.precision:.1%} ({total.correct}/{total.readings})",
                          "" if precision_target is None else f">= {precision_target:.0%}",
                          None if precision_target is None
                          else lambda v, t=precision_target: v >= t))
        if len(kinds) > 1:
            for kind, score in sorted(kinds.items()):
                rows.append(check(f"  {kind}, {interface}: read right / readings right",
                                  score.recall, f"{score.recall:.1%} / {score.precision:.1%} "
                                  f"({score.truths} digits)", ""))
    return rows


def generate(kinds: list[str], count: int, seed: int, folder: Path) -> dict:
    """Writes generated pictures and their gt.json into ``folder``; returns the gt."""
    from bench.paper_photos import main as photos_main

    with contextlib.redirect_stdout(io.StringIO()):
        photos_main(["--out", str(folder), "--kinds", ",".join(kinds), "--count", str(count),
                     "--seed", str(seed)])
    return json.loads((folder / "gt.json").read_text())


def photo_time(folder: Path, seed: int, recognizer: Recognizer) -> tuple[float, tuple]:
    """Median time (ms) to load and read a generated 12-megapixel phone photo."""
    gt = generate(["phone"], 1, seed, folder)
    path = folder / gt["images"][0]["file"]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        image = load_image(path)
        recognizer.read(image)
        times.append((time.perf_counter() - started) * 1000)
    return float(np.median(times)), tuple(gt["images"][0]["size"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--paper-dev", type=Path, default=PAPER_DEV,
                        help="folder of real photos with gt.json")
    parser.add_argument("--count", type=int, default=60, help="generated close-ups")
    parser.add_argument("--context-count", type=int, default=8,
                        help="generated pictures of each other kind (0: none)")
    parser.add_argument("--seed", type=int, default=9000, help="first generated seed")
    args = parser.parse_args(argv)
    configure_opencv()
    recognizer = Recognizer()
    rows: list[Row] = []
    gt_path = args.paper_dev / "gt.json"
    if not gt_path.is_file():
        print(f"realworld: no {gt_path}; give --paper-dev", file=sys.stderr)
        return 2
    gt = json.loads(gt_path.read_text())
    rows += set_rows("paper_dev", args.paper_dev, gt, RECALL_TARGET, PRECISION_TARGET)
    with tempfile.TemporaryDirectory() as scratch:
        closeups = Path(scratch) / "closeups"
        gt = generate(["closeup"], args.count, args.seed, closeups)
        rows += set_rows("close-ups", closeups, gt, CLOSEUP_TARGET, None)
        if args.context_count:
            others = Path(scratch) / "others"
            gt = generate(list(CONTEXT_KINDS), args.context_count, args.seed, others)
            rows += set_rows("other kinds", others, gt, None, None)
        milliseconds, size = photo_time(Path(scratch) / "phone", args.seed, recognizer)
    rows.append(check(f"{size[0]}x{size[1]} phone photo: load + read, median of 3",
                      milliseconds, f"{milliseconds:.0f} ms", f"<= {PHOTO_TARGET_MS:.0f} ms",
                      lambda v: v <= PHOTO_TARGET_MS))
    return print_table("Reading real paper: photos and scans through both interfaces", rows)


if __name__ == "__main__":
    sys.exit(main())
