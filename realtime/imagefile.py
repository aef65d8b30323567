"""Reading image files from disk into checked uint8 arrays, and fitting them to the pad."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from realtime.images import check_image


def load_image(path: str | Path) -> np.ndarray:
    """Reads an image file as uint8 gray/BGR/BGRA.

    Raises:
        ValueError: in one line, when the file is missing, undecodable or not 8-bit.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"image file not found: {path}")
    data = np.fromfile(path, np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
    if image is None:
        raise ValueError(f"cannot decode {path} as an image")
    if image.dtype != np.uint8:
        raise ValueError(f"{path} has {image.dtype} pixels; save it with 8 bits per channel")
    return check_image(image)


def fit_square(image: np.ndarray, size: int) -> np.ndarray:
    """Scales a 2-D image to fit a ``size`` x ``size`` square, keeping its aspect, centred
    on black."""
    height, width = image.shape[:2]
    scale = size / max(height, width)
    new = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, new, interpolation=interpolation)
    square = np.zeros((size, size), np.uint8)
    top, left = (size - new[1]) // 2, (size - new[0]) // 2
    square[top : top + new[1], left : left + new[0]] = resized
    return square
