"""Shared fixtures: MNIST (never skipped in CI), the shipped recognizer, synthetic digits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.drawn_digits import place, template_paths
from realtime.mnist import Mnist, find_mnist, load_mnist_file

PAGE_HEIGHT, PAGE_WIDTH = 360, 640
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
    from realtime.pendigits import load_pendigits
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


def page_frame(digits=("4", "7", "19"), ruled=True, shadow=True, seed=0, step=52,
          ) -> tuple[np.ndarray, list]:
    """A page on a textured desk, lit from one side, with a soft shadow; returns the frame
    and the boxes of the digits written on it (a number's digits are one box each)."""
    rng = np.random.default_rng(seed)
    frame = np.full((PAGE_HEIGHT, PAGE_WIDTH), 70, np.float32)
    frame += cv2.resize(rng.normal(0, 12, (PAGE_HEIGHT // 20, PAGE_WIDTH // 4)).astype(np.float32),
                        (PAGE_WIDTH, PAGE_HEIGHT))  # desk grain
    page = np.zeros((PAGE_HEIGHT, PAGE_WIDTH), np.uint8)
    cv2.fillConvexPoly(page, np.array([[90, 30], [560, 45], [550, 335], [80, 320]]), 1)
    frame[page > 0] = 232
    if ruled:
        for y in range(60, 330, 28):
            cv2.line(frame, (85, y), (555, y + 4), 190, 1, cv2.LINE_AA)
    boxes, x = [], 130
    for text in digits:
        for char in text:
            layer = np.zeros((PAGE_HEIGHT, PAGE_WIDTH), np.uint8)
            strokes = place(template_paths(int(char), rng), 56, 3, rng, PAGE_WIDTH,
                            (x, 150, 40, 60))
            for stroke in strokes:
                cv2.polylines(layer, [np.round(stroke).astype(np.int32)], False, 255, 4,
                              cv2.LINE_AA)
            boxes.append(cv2.boundingRect(layer))
            frame[layer > 0] = frame[layer > 0] * (1 - layer[layer > 0] / 255) + 45 * (
                layer[layer > 0] / 255)
            x += step
        x += 60
    light = np.linspace(0.7, 1.1, PAGE_WIDTH, dtype=np.float32)[None, :].repeat(PAGE_HEIGHT, 0)
    if shadow:
        mask = np.zeros((PAGE_HEIGHT, PAGE_WIDTH), np.float32)
        cv2.ellipse(mask, (330, 180), (120, 90), 0, 0, 360, 1.0, -1)
        light *= 1 - 0.45 * cv2.GaussianBlur(mask, (0, 0), 25)
    frame = np.clip(frame * light + rng.normal(0, 3, frame.shape), 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), boxes
