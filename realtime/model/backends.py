"""Model backends: run a batch of 28x28 digits through the CNN and return probabilities.

``LiteRTBackend`` runs the TFLite export on LiteRT (no TensorFlow import, ~0.1 ms per
digit). ``training.keras_backend.KerasBackend`` runs a ``.keras`` file through a compiled
``tf.function``; it is the fallback for a model without an export, and only it imports
TensorFlow.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np

from realtime.config import KERAS_SUFFIX, MAX_BATCH, NUM_CLASSES
from realtime.model.input import INPUT_SHAPE
from realtime.model.litert import TFLiteRunner


class Backend(Protocol):
    """Anything that maps float32 (N, 28, 28, 1) images in [0, 1] to (N, 10) probabilities."""

    def predict(self, batch: np.ndarray) -> np.ndarray: ...


def default_threads() -> int:
    """Threads for inference: two where the machine has them (the app needs a core too)."""
    return max(1, min(2, os.cpu_count() or 1))


def _bucket(n: int) -> int:
    """The batch size to run ``n`` digits at: a power of two up to 8, then a multiple of 8
    (padding costs as much as a digit, so the sizes are kept close)."""
    return 1 << max(0, n - 1).bit_length() if n <= 8 else -(-n // 8) * 8


class LiteRTBackend:
    """Runs a TFLite flatbuffer with LiteRT, one interpreter per batch size bucket.

    Resizing an interpreter re-plans its memory, which costs more than the inference itself,
    so a batch is padded to its bucket (1, 2, 4, 8, then multiples of 8 up to ``MAX_BATCH``)
    and run on an interpreter kept for that size.
    """

    def __init__(self, path: str | Path, *, num_threads: int | None = None) -> None:
        self._path = path
        self._content = Path(path).read_bytes()
        self._threads = num_threads or default_threads()
        self._runners: dict[int, TFLiteRunner] = {}
        self._get(1)

    def _get(self, size: int) -> TFLiteRunner:
        if size not in self._runners:
            try:
                runner = TFLiteRunner(self._content, batch=size, threads=self._threads)
            except ValueError as error:
                raise ValueError(f"{self._path} is not a usable TFLite digit model "
                                 f"({error})") from None
            inputs, outputs = runner.input, runner.outputs
            if len(inputs) != 1 or tuple(inputs[0]["shape"][1:]) != INPUT_SHAPE:
                raise ValueError(f"model input is {inputs[0]['shape']}, expected (N, 28, 28, 1)")
            if len(outputs) != 1 or tuple(outputs[0]["shape"][1:]) != (NUM_CLASSES,):
                raise ValueError(f"model output is {outputs[0]['shape']}, expected (N, 10)")
            self._runners[size] = runner
        return self._runners[size]

    def predict(self, batch: np.ndarray) -> np.ndarray:
        """Returns (N, 10) float32 probabilities for float32 (N, 28, 28, 1) images."""
        results = []
        for start in range(0, len(batch), MAX_BATCH):
            chunk = batch[start : start + MAX_BATCH]
            count = len(chunk)
            size = _bucket(count)
            if size != count:
                padding = np.zeros((size - count, *INPUT_SHAPE), np.float32)
                chunk = np.concatenate((chunk, padding))
            results.append(self._get(size).run(chunk)[0][:count])
        if not results:
            return np.zeros((0, NUM_CLASSES), np.float32)
        return np.concatenate(results)


def load_backend(path: Path, *, num_threads: int | None = None) -> Backend:
    """Opens a model file with the backend its suffix calls for."""
    if path.suffix == KERAS_SUFFIX:  # a model without an export: needs TensorFlow
        from realtime.training.keras_backend import KerasBackend

        return KerasBackend(path)
    return LiteRTBackend(path, num_threads=num_threads)
