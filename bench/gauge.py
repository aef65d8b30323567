"""Timing helpers shared by the benchmarks, and the host-load gauge: keras ``model.predict``
of one digit, 46-50 ms on a quiet 2-core machine, 80-130 ms on a loaded one."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.report import Row, check


def timings_ms(call: Callable[[], object], repeats: int) -> np.ndarray:
    """Runs ``call`` a few times to warm up, then ``repeats`` times; returns each time in ms."""
    for _ in range(min(20, repeats)):
        call()
    times = np.empty(repeats)
    for i in range(repeats):
        start = time.perf_counter()
        call()
        times[i] = time.perf_counter() - start
    return times * 1000


class KerasPredict:
    """A backend that calls keras ``model.predict``, the slow baseline (imports TensorFlow)."""

    def __init__(self, path: Path) -> None:
        from realtime.training.cnn import load_keras_model

        self.model = load_keras_model(path)

    def predict(self, batch: np.ndarray) -> np.ndarray:
        return self.model.predict(batch, verbose=0)


def load_gauge(keras_path: Path, repeats: int = 20) -> Row:
    """The load gauge as a table row: median ``model.predict`` time of one digit."""
    model = KerasPredict(keras_path)
    digit = np.random.default_rng(0).random((1, 28, 28, 1), np.float32)
    median = float(np.median(timings_ms(lambda: model.predict(digit), repeats)))
    return check("load gauge: keras model.predict, 1 digit (quiet host: ~50 ms)", median,
                 f"{median:.1f} ms", "")
