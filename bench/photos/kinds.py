"""The kinds of picture and the one way to make any of them: a kind and a seed give the
same picture every time."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bench.photos.closeups import closeup, crop, webcam
from bench.photos.notebooks import lined, phone, squared, tilted, tiny
from bench.photos.picture import Picture
from bench.photos.scans import scan
from bench.photos.sources import Sources

#: Every kind; a kind's place here seeds its pictures, so new kinds go at the end.
KINDS = ("closeup", "crop", "scan", "lined", "squared", "tilted", "phone", "webcam", "tiny")
MAKERS: dict[str, Callable[[np.random.Generator, Sources], Picture | None]] = {
    "closeup": closeup, "crop": crop, "scan": scan, "lined": lined, "squared": squared,
    "tilted": tilted, "phone": phone, "webcam": webcam, "tiny": tiny,
}
MAX_TRIES = 30


def make_picture(kind: str, seed: int, sources: Sources) -> Picture:
    """A picture of ``kind`` (one of ``KINDS``) from ``seed``; the same seed gives the same
    picture. Raises ValueError for an unknown kind."""
    if kind not in MAKERS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    rng = np.random.default_rng([seed, KINDS.index(kind)])
    for _ in range(MAX_TRIES):
        picture = MAKERS[kind](rng, sources)
        if picture is not None:
            return picture
    raise RuntimeError(f"no {kind} picture with seed {seed} in {MAX_TRIES} tries")
