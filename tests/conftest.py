"""Shared fixtures: MNIST (never skipped in CI), the shipped recognizer, synthetic digits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from realtime.training.mnist import Mnist, find_mnist, load_mnist_file
from tests.helpers import IN_CI


@pytest.fixture(scope="session")
def mnist() -> Mnist:
    """The real MNIST data set, found without downloading; skipped only outside CI."""
    try:
        path = find_mnist(download=None)
    except ValueError as error:
        if IN_CI:
            pytest.fail(f"CI must have MNIST (set MNIST_NPZ): {error}")
        pytest.skip(f"no MNIST file to test accuracy on ({error}); set MNIST_NPZ=/path/to/"
                    "mnist.npz, or run python train_cnn.py once to download it")
    return load_mnist_file(path)


@pytest.fixture(scope="session")
def pen_digits() -> list:
    """The pendigits trajectories beside the checkout; skipped only outside CI."""
    from realtime.training.pendigits import load_pendigits
    from tests.helpers import shared_pendigits

    path = shared_pendigits()
    try:
        return load_pendigits(path if path.is_file() else None, download=None)
    except ValueError as error:
        if IN_CI:
            pytest.fail(f"CI must have pendigits beside the checkout: {error}")
        pytest.skip(f"no pendigits file ({error}); set PENDIGITS_FILE=/path/to/"
                    "pendigits-orig.tra.gz")


@pytest.fixture(scope="session")
def screen():
    """A virtual X screen (Xvfb) for the window tests; never skipped in CI."""
    from bench.xwindow import VirtualScreen, tools_missing

    missing = tools_missing()
    if missing:
        if IN_CI:
            pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"needs {', '.join(missing)} for a virtual screen")
    with VirtualScreen() as virtual:
        yield virtual.display


@pytest.fixture
def models(tmp_path) -> Path:
    """A scratch copy of the current model version, so tests never change the shipped one."""
    from realtime.config import CURRENT_POINTER, MODELS_DIR
    from realtime.model.versions import current_version

    target = tmp_path / "models"
    target.mkdir()
    stem = current_version()
    for path in MODELS_DIR.glob(f"{stem}.*"):
        shutil.copy2(path, target / path.name)
    (target / CURRENT_POINTER).write_text(stem + "\n")
    return target


@pytest.fixture(scope="session")
def recognizer():
    """The shipped model on its fast backend."""
    from realtime import Recognizer

    return Recognizer()
