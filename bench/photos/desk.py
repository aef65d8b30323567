"""What lies around the page in a photo: a wooden desk, a cloth, a dark or a busy room, or
white; built as smooth fields at low resolution."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np


def low_res(frame: tuple[int, int], make: Callable[[int, int], np.ndarray],
            longest: int = 320) -> np.ndarray:
    """Builds a smooth full-frame field at low resolution and scales it up."""
    width, height = frame
    factor = max(1, max(width, height) // longest)
    small = make(max(2, width // factor), max(2, height // factor))
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def _wood(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A wooden desk: long grain streaks and growth rings, along x or y."""
    along, across = (w, h) if rng.random() < 0.6 else (h, w)
    grain = cv2.resize(rng.standard_normal((across, max(2, along // 25)), dtype=np.float32),
                       (along, across), interpolation=cv2.INTER_CUBIC)
    warp = cv2.resize(rng.standard_normal((3, 2), dtype=np.float32), (along, across),
                      interpolation=cv2.INTER_CUBIC)
    rows = np.arange(across, dtype=np.float32)[:, None]
    rings = np.sin(2 * np.pi * (rows / (across * rng.uniform(0.05, 0.15)) + 0.3 * warp))
    shade = 1 + 0.08 * grain + 0.04 * rings
    if (along, across) != (w, h):
        shade = shade.T
    base = rng.uniform([0.08, 0.2, 0.32], [0.3, 0.45, 0.7])
    return (np.array(base, np.float32) * shade[..., None]).astype(np.float32)


def _busy(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """A room behind the camera's subject: coloured shapes, out of focus."""
    image = np.full((h, w, 3), rng.uniform(0.15, 0.5, 3), np.float32)
    for _ in range(int(rng.integers(8, 25))):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        size = rng.integers(max(2, w // 20), max(3, w // 3), 2)
        grey = rng.uniform(0.05, 0.8)
        colour = tuple(float(c) for c in np.clip(grey + rng.normal(0, 0.12, 3), 0, 1))
        if rng.random() < 0.5:
            cv2.rectangle(image, (x, y), (int(x + size[0]), int(y + size[1])), colour, -1)
        else:
            cv2.circle(image, (x, y), int(size[0] // 2), colour, -1)
    return cv2.GaussianBlur(image, (0, 0), rng.uniform(1.0, 4.0) * w / 320)


def background(kind: str, frame: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """What lies around the page: a wooden desk, a cloth, a dark room, a busy room, white."""

    def make(w: int, h: int) -> np.ndarray:
        if kind == "white":
            return np.full((h, w, 3), rng.uniform(0.9, 1.0), np.float32)
        if kind == "busy":
            return _busy(w, h, rng)
        if kind == "desk":
            return _wood(w, h, rng)
        base = {"cloth": rng.uniform([0.35, 0.15, 0.05], [0.65, 0.35, 0.2]),
                "dark": rng.uniform(0.03, 0.12, 3)}[kind]
        folds = cv2.resize(rng.standard_normal((3, 4), dtype=np.float32), (w, h),
                           interpolation=cv2.INTER_CUBIC)
        weave = cv2.GaussianBlur(rng.standard_normal((h, w), dtype=np.float32), (0, 0), 0.8)
        shade = np.clip(1 + 0.15 * folds + 0.05 * weave, 0.3, 2)
        return (np.array(base, np.float32) * shade[..., None]).astype(np.float32)

    return low_res(frame, make, 1000)
