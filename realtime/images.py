"""Checking and converting input images: any gray/BGR/BGRA uint8 array to an ink image.

An *ink image* is a 2-D uint8 array where ink is bright and paper is dark, which is
how MNIST stores digits. Everything downstream works on ink images.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from realtime.config import MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE

Ink = Literal["auto", "light", "dark"]
INK_CHOICES: tuple[str, ...] = ("auto", "light", "dark")
#: Ink polarity is judged on a subsample about this many pixels across.
POLARITY_SAMPLE = 96
#: OpenCV's worker threads. One: the images of a frame are small, so handing them to a
#: thread pool costs more than it saves, and the pool fights the classifier's threads for
#: two cores (a camera frame took about 15% longer with OpenCV's default here).
OPENCV_THREADS = 1


def configure_opencv(threads: int = OPENCV_THREADS) -> None:
    """Sets OpenCV's thread count for this process; the app's shell calls it once."""
    cv2.setNumThreads(threads)


def check_image(image: object, *, min_side: int = MIN_IMAGE_SIDE) -> np.ndarray:
    """Validates an image array and returns it unchanged.

    Args:
        image: a uint8 array of shape (H, W), (H, W, 1), (H, W, 3) BGR or (H, W, 4) BGRA.
        min_side: the smallest height or width accepted.

    Returns:
        The same array.

    Raises:
        ValueError: with a one-line reason when the image is of the wrong type or shape.
    """
    if not isinstance(image, np.ndarray):
        raise ValueError(f"expected a numpy image array, got {type(image).__name__}")
    if image.dtype != np.uint8:
        raise ValueError(f"expected a uint8 image, got dtype {image.dtype}")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (1, 3, 4)):
        raise ValueError(f"expected a gray, BGR or BGRA image, got shape {image.shape}")
    height, width = image.shape[:2]
    if height < min_side or width < min_side:
        raise ValueError(f"image is {width}x{height}; at least {min_side}x{min_side} is needed")
    if height * width > MAX_IMAGE_PIXELS:
        raise ValueError(
            f"image is {width}x{height}, over the limit of {MAX_IMAGE_PIXELS:,} pixels"
        )
    return image


def to_gray(image: np.ndarray) -> np.ndarray:
    """Converts a checked gray/BGR/BGRA image to 2-D gray uint8.

    Transparent pixels of a BGRA image are laid on a background that contrasts with
    the opaque ones, so ink drawn on a transparent PNG stays visible.
    """
    if image.ndim == 2:
        return image
    channels = image.shape[2]
    if channels == 1:
        return image[:, :, 0]
    if channels == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    gray = cv2.cvtColor(image[:, :, :3], cv2.COLOR_BGR2GRAY)
    alpha = image[:, :, 3]
    if alpha.min() == 255:
        return gray
    opaque = alpha > 127
    ink_is_light = opaque.any() and float(gray[opaque].mean()) > 127
    background = 0 if ink_is_light else 255
    weight = alpha.astype(np.float32) / 255.0
    blended = gray.astype(np.float32) * weight + background * (1.0 - weight)
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8)


def ink_is_dark(gray: np.ndarray) -> bool:
    """Tells whether a gray image has dark ink on a light background.

    The background is the brighter or darker side of Otsu's split that covers most of
    the image's border, falling back to most of the image when the border is mixed.
    """
    step = max(1, min(gray.shape) // POLARITY_SAMPLE)
    sample = np.ascontiguousarray(gray[::step, ::step])  # polarity needs no full resolution
    threshold, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    border = np.concatenate((gray[0, :], gray[-1, :], gray[:, 0], gray[:, -1]))
    light_border = float(np.mean(border > threshold))
    if abs(light_border - 0.5) > 0.1:
        return light_border > 0.5
    return float(np.mean(sample > threshold)) > 0.5


def to_ink(image: np.ndarray, ink: Ink = "auto") -> np.ndarray:
    """Returns the ink image (bright ink on dark) of any checked image.

    Args:
        image: a uint8 gray, BGR or BGRA image (see ``check_image``).
        ink: "light" for light ink on dark (a drawing pad), "dark" for dark ink on light
            (paper, a scan), or "auto" to decide from the image.
    """
    if ink not in INK_CHOICES:
        raise ValueError(f"ink must be one of {', '.join(INK_CHOICES)}, got {ink!r}")
    gray = to_gray(image)
    dark = ink == "dark" or (ink == "auto" and ink_is_dark(gray))
    return cv2.bitwise_not(gray) if dark else gray
