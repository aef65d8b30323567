"""Writes realistic test pictures of handwritten digits on paper, and their ground truth.

The pictures are made by ``bench/photos`` (close-ups, crops, scans, notebook pages, tilted
sheets, phone photos, webcam notes, tiny digits; see its docstring):

    python bench/paper_photos.py --out /tmp/photos --kinds closeup,tilted --count 20 --seed 1

writes the pictures and a ``gt.json`` in the layout of ``paper_dev/gt.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.photos.kinds import KINDS, make_picture  # noqa: E402
from bench.photos.picture import Picture  # noqa: E402
from bench.photos.sources import Sources, load_sources  # noqa: E402


def gt_entry(name: str, picture: Picture) -> dict:
    """One picture's entry in gt.json (the layout of paper_dev/gt.json)."""
    height, width = picture.image.shape[:2]
    return {"file": name, "kind": picture.kind, "size": [width, height],
            "digits": [{"box": list(t.box), "digit": t.label} for t in picture.truths],
            "numbers": list(picture.numbers)}


def write_pictures(out: Path, kinds: list[str], count: int, seed: int, sources: Sources,
                   ) -> list[dict]:
    """Writes ``count`` pictures of each kind, seeds from ``seed`` on, into ``out``;
    returns their gt.json entries."""
    entries = []
    for kind in kinds:
        started = time.perf_counter()
        for index in range(count):
            picture = make_picture(kind, seed + index, sources)
            name = f"{kind}_{seed + index:05d}{picture.suffix}"
            (out / name).write_bytes(picture.data)
            entries.append(gt_entry(name, picture))
        print(f"{kind}: {count} pictures in {time.perf_counter() - started:.1f} s")
    return entries


def write_gt(out: Path, entries: list[dict], seed: int, count: int) -> None:
    """Writes the set's gt.json (the layout of paper_dev/gt.json)."""
    gt = {"set": out.name,
          "what": ("Synthetic photos and scans of handwritten digits on paper from "
                   f"bench/paper_photos.py (seeds {seed}-{seed + count - 1}); "
                   "writers held out of training. Boxes [x, y, w, h] in image pixels, tight "
                   "around the ink; numbers in reading order."),
          "images": entries}
    (out / "gt.json").write_text(json.dumps(gt, indent=1) + "\n")


def _arguments(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    """The command line, and the kinds it asks for (an unknown kind is an error)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for pictures + gt.json")
    parser.add_argument("--kinds", type=str, default=",".join(KINDS),
                        help=f"comma-separated kinds (default: all of {', '.join(KINDS)})")
    parser.add_argument("--count", type=int, default=10, help="pictures of each kind")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first picture")
    parser.add_argument("--data", type=str, default=None, help="MNIST npz (default: lookup)")
    parser.add_argument("--pendigits", type=str, default=None,
                        help="pendigits file (default: lookup)")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    return args, kinds


def main(argv: list[str] | None = None) -> int:
    """Writes ``--count`` pictures of each of ``--kinds`` from ``--seed`` on, and gt.json."""
    args, kinds = _arguments(argv)
    sources = load_sources(args.data, args.pendigits)
    args.out.mkdir(parents=True, exist_ok=True)
    entries = write_pictures(args.out, kinds, args.count, args.seed, sources)
    write_gt(args.out, entries, args.seed, args.count)
    print(f"wrote {len(entries)} pictures and gt.json to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
