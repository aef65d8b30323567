"""MNIST-faithful normalisation: any crop of one digit to the 28x28 image MNIST would make.

MNIST's recipe (LeCun et al.): scale the digit so its longer side is 20 px, keeping its
aspect ratio, anti-aliased; then place it in a 28x28 field so that its centre of mass
sits at the centre. The functions here follow it for crops of any size and polarity.

One step is added before the scaling: the strokes are made as thick as MNIST's. MNIST's
pens drew strokes 1.7-5.0 px wide in the 20 px box (1st-99th percentile, median 2.9);
a fine-liner on a big digit would shrink to a faint hairline and a marker to a blob, so
strokes outside STROKE_RANGE are thickened or thinned into it. Training normalises its
digits with this same code.
"""

from __future__ import annotations

import cv2
import numpy as np

from realtime.config import DIGIT_BOX, DIGIT_CENTRE, DIGIT_SIZE, MIN_CONTRAST
from realtime.vision.images import Ink, check_image, to_ink

#: The crop keeps pixels brighter than this share of the way from paper to ink.
INK_LEVEL = 0.25
#: Stroke widths, in pixels of the 20 px box, that reach the model unchanged; thinner
#: strokes are thickened to the first, fatter ones thinned to the second.
STROKE_RANGE = (1.4, 4.5)


def ink_levels(ink: np.ndarray) -> tuple[float, float] | None:
    """The paper and ink brightness of an ink image: the mean below and above Otsu's
    threshold. None when the image has no contrast (no ink)."""
    low, high = cv2.minMaxLoc(ink)[:2]
    if high - low < MIN_CONTRAST:
        return None
    _, binary = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    level = cv2.mean(ink, mask=binary)[0]
    # the paper's mean from the sums, as cv2.mean would give it (a sum of levels is a
    # whole number, and cv2.mean multiplies by the count's reciprocal): one masked pass
    # fewer for each of a frame's ~50 crops
    count = cv2.countNonZero(binary)
    paper_sum = cv2.sumElems(ink)[0] - round(level * count)
    paper = paper_sum * (1.0 / (ink.size - count))
    return paper, level


def stretch_contrast(ink: np.ndarray, levels: tuple[float, float] | None = None) -> np.ndarray:
    """Maps the paper level of an ink image to 0 and its ink level to 255.

    Photographed ink is grey on grey; this makes it white on black like MNIST, while an
    already clean image (0 and 255) is unchanged. An image without contrast becomes 0.

    Args:
        ink: 2-D uint8 ink image.
        levels: (paper, ink) levels to use; measured with ``ink_levels`` when None.
    """
    levels = levels or ink_levels(ink)
    if levels is None:
        return np.zeros_like(ink)
    paper, level = round(levels[0]), levels[1]
    scale = 255.0 / max(level - paper, 1.0)
    above_paper = cv2.subtract(ink, paper)  # saturates at 0
    return cv2.convertScaleAbs(above_paper, alpha=scale)  # saturates at 255


def ink_bbox(ink: np.ndarray, level: float) -> tuple[int, int, int, int] | None:
    """Returns the (x, y, w, h) box of the pixels brighter than ``level``, or None."""
    return _ink_above(ink, level)[1]


def _ink_above(ink: np.ndarray, level: float,
               ) -> tuple[np.ndarray, tuple[int, int, int, int] | None]:
    """The pixels brighter than ``level`` (0/255) and their box (``ink_bbox``)."""
    _, mask = cv2.threshold(ink, level, 255, cv2.THRESH_BINARY)
    x, y, w, h = cv2.boundingRect(mask)
    return mask, (None if w == 0 else (int(x), int(y), int(w), int(h)))


def fit_box(ink: np.ndarray, box: int = DIGIT_BOX) -> np.ndarray:
    """Scales an ink crop so that its longer side is ``box`` pixels, keeping its aspect.

    A large shrink first takes an integer factor (OpenCV's fast path for area averaging,
    2-3x quicker here), then the rest.
    """
    height, width = ink.shape
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if scale >= 1:
        return cv2.resize(ink, size, interpolation=cv2.INTER_LINEAR)
    step = int(1 / scale) // 2
    if step >= 2:
        ink = cv2.resize(ink, (max(1, width // step), max(1, height // step)),
                         interpolation=cv2.INTER_AREA)
    return cv2.resize(ink, size, interpolation=cv2.INTER_AREA)


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


def stroke_width(binary: np.ndarray) -> float:
    """The mean width of a binary image's strokes (pixels): twice their area over the
    length of their outlines (a stroke of width w and length L has area wL and an
    outline about 2L long)."""
    outlines, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    perimeter = sum(cv2.arcLength(outline, True) for outline in outlines)
    return 2.0 * cv2.countNonZero(binary) / perimeter if perimeter else 0.0


def even_strokes(crop: np.ndarray, width: float) -> np.ndarray:
    """An ink crop whose strokes, ``width`` pixels wide (``stroke_width``), are as thick,
    once scaled to the 20 px box, as MNIST's (see STROKE_RANGE): thin strokes are widened
    by a grey-level dilation, fat ones narrowed by an erosion. The crop may grow by the
    widening."""
    height, crop_width = crop.shape
    scale = DIGIT_BOX / max(height, crop_width)
    width_in_box = width * scale
    low, high = STROKE_RANGE
    if low <= width_in_box <= high or width_in_box == 0:
        return crop
    target = low if width_in_box < low else high
    change = round((target - width_in_box) / scale)  # in crop pixels
    side = 2 * (abs(change) // 2) + 1  # odd, so the strokes stay where they are
    if side == 1:
        return crop
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    if change < 0:
        return cv2.erode(crop, kernel)
    grow = side // 2
    grown = cv2.copyMakeBorder(crop, grow, grow, grow, grow, cv2.BORDER_CONSTANT, 0)
    return cv2.dilate(grown, kernel)


def normalize_ink(ink: np.ndarray) -> np.ndarray:
    """Normalises an ink crop (bright ink on dark, 2-D uint8) to a 28x28 MNIST digit.

    Crops to the ink, evens its strokes to MNIST's width, scales the longer side to
    20 px, stretches paper to 0 and ink to 255 (on the small patch: cheaper, same
    result), then centres by mass. Returns an all-black 28x28 image when the crop holds
    no ink.
    """
    return normalize_ink_measured(ink)[0]


def normalize_ink_measured(ink: np.ndarray) -> tuple[np.ndarray, float, float]:
    """``normalize_ink``, and two measures of the crop's ink taken on the way: the mean
    width of its strokes in its own pixels (``stroke_width``), and its contrast, how much
    darker its ink is than the paper around it (``ink_levels``: ink level less paper
    level); both 0 when it holds no ink."""
    levels = ink_levels(ink)
    if levels is None:
        return np.zeros((DIGIT_SIZE, DIGIT_SIZE), np.uint8), 0.0, 0.0
    level = levels[0] + INK_LEVEL * (levels[1] - levels[0])
    above, box = _ink_above(ink, level)
    if box is None:
        return np.zeros((DIGIT_SIZE, DIGIT_SIZE), np.uint8), 0.0, 0.0
    x, y, w, h = box
    original = ink[y : y + h, x : x + w]
    width = stroke_width(above[y : y + h, x : x + w])
    crop = even_strokes(original, width)
    box = (0, 0, w, h) if crop is original else ink_bbox(crop, level)
    if box is None:  # an erosion took it all (a dot): keep it as it was
        crop, box = original, (0, 0, w, h)
    x, y, w, h = box
    patch = stretch_contrast(fit_box(crop[y : y + h, x : x + w]), levels)
    return place_by_mass(patch), width, levels[1] - levels[0]


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
