"""The handwriting the pictures are made of: pendigits' held-out writers (26-30) and the
MNIST *test* digits, never anything a model here trains on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from realtime.training.pendigits import (
    ENV_VAR,
    HELD_OUT_WRITERS,
    PenDigit,
    cache_path,
    load_pendigits,
)

SHARED_PENDIGITS = (Path(__file__).resolve().parents[3]
                    / "shared" / "data" / "pendigits" / "pendigits-orig.tra.gz")


@dataclass(frozen=True, eq=False)
class Sources:
    """The handwriting the pictures use: held-out pendigits writers and MNIST test."""

    pen_digits: dict[tuple[int, int], tuple[PenDigit, ...]]  # (writer, label) -> digits
    mnist_x: np.ndarray  # MNIST *test* images
    mnist_by_label: tuple[np.ndarray, ...]  # indices into mnist_x, per label


def make_sources(pen_digits: list[PenDigit], mnist_x: np.ndarray, mnist_y: np.ndarray,
                 ) -> Sources:
    """Sources from pendigits (only the held-out writers are kept) and MNIST *test*."""
    table: dict[tuple[int, int], list[PenDigit]] = {}
    for digit in pen_digits:
        if digit.writer in HELD_OUT_WRITERS:
            table.setdefault((digit.writer, digit.label), []).append(digit)
    return Sources({key: tuple(value) for key, value in table.items()}, mnist_x,
                   tuple(np.flatnonzero(mnist_y == label) for label in range(10)))


def load_sources(mnist_data: str | None = None, pendigits: str | None = None) -> Sources:
    """Loads MNIST (test part) and pendigits (held-out writers) from their usual places;
    pendigits also from ``shared/`` beside the checkout before any download."""
    from realtime.training.mnist import load_mnist

    mnist = load_mnist(mnist_data)
    if pendigits is None and not os.environ.get(ENV_VAR) and not cache_path().is_file():
        pendigits = str(SHARED_PENDIGITS) if SHARED_PENDIGITS.is_file() else None
    return make_sources(load_pendigits(pendigits), mnist.x_test, mnist.y_test)
