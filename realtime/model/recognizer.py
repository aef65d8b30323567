"""The Recognizer: the one entry point the app and the scripts use to read digits."""

from __future__ import annotations

import numpy as np

from realtime.config import DIGIT_SIZE, MODELS_DIR, NUM_CLASSES
from realtime.model.backends import Backend, load_backend
from realtime.model.input import to_model_input
from realtime.model.second_look import second_look as look_again
from realtime.model.versions import PathLike, resolve_model_path
from realtime.reading import Reading
from realtime.vision.images import Ink
from realtime.vision.reader import read_picture

__all__ = ["Reading", "Recognizer", "check_digits"]


def check_digits(digits: object) -> np.ndarray:
    """Validates a batch for ``classify``: uint8 (N, 28, 28), white ink on black."""
    if not isinstance(digits, np.ndarray):
        raise ValueError(f"digits must be a numpy array, got {type(digits).__name__}")
    if digits.dtype != np.uint8:
        raise ValueError(f"digits must be uint8, got dtype {digits.dtype}")
    if digits.ndim != 3 or digits.shape[1:] != (DIGIT_SIZE, DIGIT_SIZE):
        raise ValueError(f"digits must have shape (N, 28, 28), got {digits.shape}")
    return digits


class Recognizer:
    """Classifies 28x28 digits and reads every digit in an image.

    Args:
        model_path: a ``.tflite`` or ``.keras`` model; by default the current model in
            ``models_dir`` (its TFLite export, which needs no TensorFlow).
        models_dir: the folder of model versions (default: the project's ``models/``).
        num_threads: inference threads for the TFLite backend (default: up to 2).
        backend: run this backend instead of opening ``model_path`` (benchmarks, tests).

    Raises:
        ValueError: when the model file is missing, truncated or not a digit model.
    """

    def __init__(self, model_path: PathLike | None = None, *,
                 models_dir: PathLike = MODELS_DIR, num_threads: int | None = None,
                 backend: Backend | None = None) -> None:
        self.model_path = resolve_model_path(model_path, models_dir)
        self._backend: Backend = backend or load_backend(self.model_path,
                                                         num_threads=num_threads)

    def _predict(self, digits: np.ndarray) -> np.ndarray:
        return self._backend.predict(to_model_input(digits))

    def classify(self, digits: np.ndarray, *, second_look: bool = True,
                 ) -> tuple[np.ndarray, np.ndarray]:
        """Classifies a batch of MNIST-style digits in one call.

        Args:
            digits: uint8 (N, 28, 28), white ink on black, as ``normalize_digit`` makes.
            second_look: read the digits it is unsure of again, turned a little each way
                (``model.second_look``); off for tracked frames, whose tracker averages
                each digit over frames, and to measure the model alone.

        Returns:
            labels: int64 (N,) and probs: float32 (N, 10), after the second look at the
            digits it is unsure of.
        """
        check_digits(digits)
        if len(digits) == 0:
            return np.zeros(0, np.int64), np.zeros((0, NUM_CLASSES), np.float32)
        probs = self._predict(digits)
        if second_look:
            probs = look_again(digits, probs, self._predict)
        return probs.argmax(axis=1).astype(np.int64), probs

    def read(self, image: np.ndarray, ink: Ink = "auto") -> list[Reading]:
        """Finds and reads every digit in a picture: a pad, a photo, a scan or a frame.

        Args:
            image: gray, BGR or BGRA image, 8 or 16 bits.
            ink: "light" (light ink on dark, a pad), "dark" (dark ink on light, paper) or
                "auto" to decide from the image.

        Returns:
            One Reading per digit, rows top to bottom, each left to right; an empty list
            when the image holds no digit.

        Raises:
            ValueError: in one line, for an image that cannot be read.
        """
        return read_picture(image, self, ink=ink).readings
