"""MNIST-faithful normalisation: any crop of one digit to the 28x28 image MNIST would make.

MNIST's recipe (LeCun et al.): scale the digit so its longer side is 20 px, keeping its
aspect ratio, anti-aliased; then place it in a 28x28 field so that its centre of mass
sits at the centre. The functions here follow it for crops of any size and polarity.
"""

from __future__ import annotations

import cv2
import numpy as np

from realtime.config import DIGIT_BOX, DIGIT_CENTRE, DIGIT_SIZE, MIN_CONTRAST
from realtime.images import Ink, check_image, to_ink

#: After stretching, pixels at least this bright count as ink when cropping.
INK_LEVEL = 64
#: Ink brightness is measured at this percentile of the pixels above Otsu's threshold.
INK_PERCENTILE = 90


def _quantile_level(counts: np.ndarray, share: float) -> int:
    """The first level at which the cumulative ``counts`` reach ``share`` of their total."""
    return int(np.searchsorted(counts, share * counts[-1]))


def stretch_contrast(ink: np.ndarray) -> np.ndarray:
    """Maps the paper level of an ink image to 0 and its ink level to 255.

    Photographed ink is grey on grey; this makes it white on black like MNIST, while an
    already clean image (0 and 255) is unchanged. An image without contrast becomes 0.
    Paper is the median level below Otsu's threshold, ink the ``INK_PERCENTILE``
    percentile above it, both read off one histogram.
    """
    low, high = cv2.minMaxLoc(ink)[:2]
    if high - low < MIN_CONTRAST:
        return np.zeros_like(ink)
    threshold = int(cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0])
    counts = np.cumsum(cv2.calcHist([ink], [0], None, [256], [0, 256]).ravel())
    paper = _quantile_level(counts[: threshold + 1], 0.5)
    level = threshold + 1 + _quantile_level(counts[threshold + 1 :] - counts[threshold],
                                            INK_PERCENTILE / 100)
    if paper == 0 and level == 255:
        return ink
    scale = 255.0 / max(level - paper, 1)
    above_paper = cv2.subtract(ink, paper)  # saturates at 0
    return cv2.convertScaleAbs(above_paper, alpha=scale)  # saturates at 255


def ink_bbox(ink: np.ndarray, level: int = INK_LEVEL) -> tuple[int, int, int, int] | None:
    """Returns the (x, y, w, h) box of the pixels at least ``level`` bright, or None."""
    points = cv2.findNonZero((ink >= level).astype(np.uint8))
    if points is None:
        return None
    x, y, w, h = cv2.boundingRect(points)
    return int(x), int(y), int(w), int(h)


def fit_box(ink: np.ndarray, box: int = DIGIT_BOX) -> np.ndarray:
    """Scales an ink crop so that its longer side is ``box`` pixels, keeping its aspect."""
    height, width = ink.shape
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(ink, size, interpolation=interpolation)


def centre_of_mass(ink: np.ndarray) -> tuple[float, float]:
    """Returns the (row, col) centre of mass of an ink image, weighting by brightness."""
    moments = cv2.moments(ink, binaryImage=False)
    if moments["m00"] == 0:
        return (ink.shape[0] - 1) / 2, (ink.shape[1] - 1) / 2
    return moments["m01"] / moments["m00"], moments["m10"] / moments["m00"]


def place_by_mass(patch: np.ndarray, size: int = DIGIT_SIZE) -> np.ndarray:
    """Pastes a patch into a ``size`` x ``size`` field with its centre of mass at the centre.

    The shift is clamped so that no ink falls outside the field.
    """
    height, width = patch.shape
    row, col = centre_of_mass(patch)
    top = min(max(round(DIGIT_CENTRE[0] - row), 0), size - height)
    left = min(max(round(DIGIT_CENTRE[1] - col), 0), size - width)
    field = np.zeros((size, size), np.uint8)
    field[top : top + height, left : left + width] = patch
    return field


def normalize_ink(ink: np.ndarray) -> np.ndarray:
    """Normalises an ink crop (bright ink on dark, 2-D uint8) to a 28x28 MNIST digit.

    Returns an all-black 28x28 image when the crop holds no ink.
    """
    stretched = stretch_contrast(ink)
    box = ink_bbox(stretched)
    if box is None:
        return np.zeros((DIGIT_SIZE, DIGIT_SIZE), np.uint8)
    x, y, w, h = box
    return place_by_mass(fit_box(stretched[y : y + h, x : x + w]))


def normalize_digit(crop: np.ndarray, ink: Ink = "auto") -> np.ndarray:
    """Turns any crop of a single digit into the 28x28 image MNIST would have made.

    Args:
        crop: uint8 gray, BGR or BGRA image of one digit, any size and aspect.
        ink: "light" (light ink on dark), "dark" (dark ink on light) or "auto".

    Returns:
        (28, 28) uint8, white ink on black, longer side 20 px, centre of mass at (14, 14).

    Raises:
        ValueError: when the crop is not a valid image.
    """
    check_image(crop, min_side=1)
    return normalize_ink(to_ink(crop, ink))
