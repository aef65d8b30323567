"""Finding and loading MNIST (keras' ``mnist.npz`` layout) without downloading when possible.

Lookup order: an explicit path (``--data``), the ``MNIST_NPZ`` environment variable, the
keras cache (``$KERAS_HOME/datasets/mnist.npz``, default ``~/.keras``), then keras' own
download, which needs internet and fills that cache.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from realtime.config import DIGIT_SIZE
from realtime.training import datafiles
from realtime.training.datafiles import keras_datasets_dir

ENV_VAR = "MNIST_NPZ"
KEYS = ("x_train", "y_train", "x_test", "y_test")


@dataclass(frozen=True)
class Mnist:
    """The four MNIST arrays: images uint8 (N, 28, 28), labels uint8 (N,)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def keras_cache_path() -> Path:
    """Where keras keeps (or would download) ``mnist.npz``."""
    return keras_datasets_dir() / "mnist.npz"


def keras_download() -> Path:
    """Downloads MNIST with keras (needs internet) and returns the cached file."""
    import keras

    keras.datasets.mnist.load_data()
    return keras_cache_path()


def candidate_paths(data: str | Path | None = None) -> list[tuple[str, Path]]:
    """Returns the (source, path) pairs to try, in order, before any download."""
    return datafiles.candidate_paths(data, "--data", ENV_VAR, keras_cache_path(),
                                     "keras cache")


def find_mnist(data: str | Path | None = None,
               download: Callable[[], Path] | None = keras_download) -> Path:
    """Returns the path of an ``mnist.npz`` file, trying each place in order.

    Args:
        data: an explicit path; when given, it is the only place tried.
        download: called when no file is found (keras' download by default); None to skip.

    Raises:
        ValueError: naming every path tried, when none holds the file.
    """
    return datafiles.find_file("MNIST", candidate_paths(data),
                               download if data is None else None,
                               lambda why: f"keras download (failed: {why})")


def load_mnist_file(path: str | Path) -> Mnist:
    """Loads and checks an ``mnist.npz`` file.

    Raises:
        ValueError: when the file is not a readable npz with the four MNIST arrays.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in KEYS if key in archive.files}
    except (OSError, EOFError, ValueError, zipfile.BadZipFile) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ValueError(f"{path} is not a readable npz file ({reason})") from None
    missing = [key for key in KEYS if key not in arrays]
    if missing:
        raise ValueError(f"{path} is not an MNIST file: it lacks {', '.join(missing)}")
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.shape[1:] != (DIGIT_SIZE, DIGIT_SIZE) or images.dtype != np.uint8:
            raise ValueError(f"{path}: x_{split} is {images.dtype}{images.shape}, "
                             "expected uint8 (N, 28, 28)")
        valid_labels = labels.size == 0 or 0 <= labels.min() <= labels.max() <= 9
        if labels.shape != (len(images),) or not valid_labels:
            raise ValueError(f"{path}: y_{split} does not hold one label 0-9 per image")
    return Mnist(**arrays)


def load_mnist(data: str | Path | None = None,
               download: Callable[[], Path] | None = keras_download) -> Mnist:
    """Finds MNIST (see ``find_mnist``) and loads it."""
    return load_mnist_file(find_mnist(data, download))
