"""Shared fixtures: MNIST (never skipped in CI), the shipped recognizer, synthetic digits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from realtime.mnist import Mnist, find_mnist, load_mnist_file

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def mnist() -> Mnist:
    """The real MNIST data set, found without downloading; skipped only outside CI."""
    try:
        path = find_mnist(download=None)
    except ValueError as error:
        if IN_CI:
            pytest.fail(f"CI must have MNIST (set MNIST_NPZ): {error}")
        pytest.skip(f"no MNIST file to test accuracy on: {error}")
    return load_mnist_file(path)


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
    from realtime.models import current_version

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


def stroke_digit(label: int, size: tuple[int, int] = (120, 90), thickness: int = 9,
                 offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """A simple synthetic digit: light ink on black, drawn with OpenCV's Hershey font."""
    height, width = size
    image = np.zeros((height, width), np.uint8)
    scale = cv2.getFontScaleFromHeight(cv2.FONT_HERSHEY_SIMPLEX, int(height * 0.6), thickness)
    (text_w, text_h), _ = cv2.getTextSize(str(label), cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    origin = ((width - text_w) // 2 + offset[0], (height + text_h) // 2 + offset[1])
    cv2.putText(image, str(label), origin, cv2.FONT_HERSHEY_SIMPLEX, scale, 255, thickness,
                cv2.LINE_AA)
    return image


def boxes_close(found, expected, tolerance: int = 2) -> bool:
    """True when two lists of (x, y, w, h) boxes agree within ``tolerance`` pixels each.

    Ink found by thresholding leaves out the faint anti-aliased rim that a drawing's own
    bounding box includes, so boxes differ by a pixel or so.
    """
    return len(found) == len(expected) and all(
        abs(a - b) <= tolerance for f, e in zip(found, expected, strict=True)
        for a, b in zip(f, e, strict=True))
