"""Checking and converting input images: any gray/BGR/BGRA array to gray or to ink.

An *ink image* is a 2-D uint8 array where ink is bright and paper is dark, which is
how MNIST stores digits. Everything downstream works on ink images.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from realtime.config import MAX_IMAGE_PIXELS, MIN_CONTRAST, MIN_IMAGE_SIDE

Ink = Literal["auto", "light", "dark"]
INK_CHOICES: tuple[str, ...] = ("auto", "light", "dark")
#: Ink polarity is judged on a copy about this many pixels on its short side.
POLARITY_SAMPLE = 160
#: A photo whose light part covers this share of it is paper with dark ink ...
LIGHT_PAPER_SHARE = 0.3
#: ... and so is one whose light part is mostly one region this solid (a page on a desk).
PAGE_SOLIDITY = 0.7
#: ... and it holds at least this share of all the light pixels.
PAGE_SHARE_OF_LIGHT = 0.5
#: A picture's levels are counted on a regular sample about this many pixels on its
#: short side (cleanness, and a clean picture's ink contrast).
SAMPLE_SIDE = 120
#: A clean picture: its background level covers at least this share of it, ...
CLEAN_BACKGROUND_SHARE = 0.4
#: ... and this share is within CLEAN_SPREAD levels of the background or the ink level.
CLEAN_SHARE = 0.95
CLEAN_SPREAD = 6
#: A clean picture's light part is a page on a flat dark backing (a scan on a black lid),
#: not light strokes, when it is one region filling this share of its turned box ...
PAGE_RECTANGULARITY = 0.85
#: ... with marks inside it (writing), none over this share of it (a 0's hole is more).
MAX_MARK_SHARE = 0.1
#: OpenCV's worker threads. One: the images of a frame are small, so handing them to a
#: thread pool costs more than it saves, and the pool fights the classifier's threads for
#: two cores (a camera frame took about 15% longer with OpenCV's default here).
OPENCV_THREADS = 1


def configure_opencv(threads: int = OPENCV_THREADS) -> None:
    """Sets OpenCV's thread count for this process and silences its log (a missing camera
    makes it print about eleven warning lines per try; the app says so in one line)."""
    cv2.setNumThreads(threads)
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)


def check_image(image: object, *, min_side: int = MIN_IMAGE_SIDE) -> np.ndarray:
    """Validates an image array and returns it unchanged.

    Args:
        image: a uint8 or uint16 array of shape (H, W), (H, W, 1), (H, W, 3) BGR or
            (H, W, 4) BGRA.
        min_side: the smallest height or width accepted.

    Returns:
        The same array.

    Raises:
        ValueError: with a one-line reason when the image is of the wrong type or shape.
    """
    if not isinstance(image, np.ndarray):
        raise ValueError(f"expected a numpy image array, got {type(image).__name__}")
    if image.dtype not in (np.uint8, np.uint16):
        raise ValueError(f"expected a uint8 or 16-bit image, got dtype {image.dtype}")
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


def to_8bit(image: np.ndarray) -> np.ndarray:
    """A uint16 image scaled to uint8 (its brightest value to 255, so 12-bit and 16-bit
    scans both use the whole range); a uint8 image unchanged."""
    if image.dtype == np.uint8:
        return image
    return cv2.convertScaleAbs(image, alpha=255.0 / max(255, int(image.max())))


def to_gray(image: np.ndarray) -> np.ndarray:
    """Converts a checked gray/BGR/BGRA image (8 or 16 bits) to 2-D gray uint8.

    Transparent pixels of a BGRA image are laid on a background that contrasts with
    the opaque ones, so ink drawn on a transparent PNG stays visible.
    """
    image = to_8bit(image)
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


def filled_hull(binary: np.ndarray) -> np.ndarray:
    """The convex hull of a binary image's pixels, filled (0/255, same shape; from their
    outline: fast)."""
    outline, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    mask = np.zeros_like(binary)
    if outline:
        cv2.fillConvexPoly(mask, cv2.convexHull(np.vstack(outline)), 255)
    return mask


def sample_of(gray: np.ndarray) -> np.ndarray:
    """Every pixel of a small picture, a regular sample (``SAMPLE_SIDE``) of a big one."""
    step = max(1, min(gray.shape) // SAMPLE_SIDE)
    return np.ascontiguousarray(gray[::step, ::step])


def sample_histogram(gray: np.ndarray) -> np.ndarray:
    """The 256-bin histogram (float32) of a picture's levels, on its ``sample_of``."""
    return cv2.calcHist([sample_of(gray)], [0], None, [256], [0, 256]).ravel()


def clean_background(gray: np.ndarray) -> int | None:
    """The background level of a clean, two-level picture (see ``clean_level``)."""
    return clean_level(sample_histogram(gray))


def clean_level(hist: np.ndarray) -> int | None:
    """The background level of a clean, two-level picture (a drawing pad, a paint
    program's image), from its ``sample_histogram``; None for a photo or a scan. Clean
    means nearly all pixels are within a few levels of the background or of the ink,
    with no light gradient, paper grain or sensor noise between them."""
    total = hist.sum()
    background = int(np.argmax(hist))
    if hist[background] < CLEAN_BACKGROUND_SHARE * total:
        return None
    levels = np.arange(256)
    far = np.abs(levels - background) >= MIN_CONTRAST
    if not (hist * far).any():
        return background  # one level only: a blank picture
    ink = int(np.argmax(hist * far))
    near = (np.abs(levels - background) <= CLEAN_SPREAD) | (np.abs(levels - ink) <= CLEAN_SPREAD)
    return background if float(hist[near].sum()) >= CLEAN_SHARE * total else None


def photo_ink_is_dark(gray: np.ndarray) -> bool:
    """Tells whether a photo or a scan has dark ink on a light background: yes, unless its
    light part (Otsu's split, on a sample) is a small share of it and is not one solid
    region; then it is light strokes on a dark ground (a chalkboard, an inverted scan),
    not a page lying on a dark desk."""
    light = _light_part(gray)
    light_area = cv2.countNonZero(light)
    if light_area >= LIGHT_PAPER_SHARE * light.size or light_area == 0:
        return True
    outlines, _ = cv2.findContours(light, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    largest = max(outlines, key=cv2.contourArea)
    area = cv2.contourArea(largest)
    solidity = area / max(cv2.contourArea(cv2.convexHull(largest)), 1.0)
    return area >= PAGE_SHARE_OF_LIGHT * light_area and solidity >= PAGE_SOLIDITY


def _light_part(gray: np.ndarray) -> np.ndarray:
    """The light part of a picture (Otsu's split, 0/255) on a regular sample about
    POLARITY_SAMPLE pixels on its short side: regions decide it, not strokes."""
    step = max(1, min(gray.shape) // POLARITY_SAMPLE)
    small = np.ascontiguousarray(gray[::step, ::step])
    _, light = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return light


def page_on_backing(gray: np.ndarray) -> bool:
    """Tells whether a picture's light part is a page with writing on a flat dark
    backing: one nearly rectangular region holding small dark marks. Light strokes on a
    dark ground (a pad, a chalkboard) are not rectangular, or hold no marks, or only a
    digit's large holes."""
    outlines, hierarchy = cv2.findContours(_light_part(gray), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_SIMPLE)
    if not outlines:
        return False
    outer = [i for i, link in enumerate(hierarchy[0]) if link[3] < 0]
    largest = max(outer, key=lambda i: cv2.contourArea(outlines[i]))
    area = cv2.contourArea(outlines[largest])
    width, height = cv2.minAreaRect(outlines[largest])[1]
    if area < PAGE_RECTANGULARITY * width * height:
        return False
    holes = [cv2.contourArea(outlines[i]) for i, link in enumerate(hierarchy[0])
             if link[3] == largest]
    return bool(holes) and max(holes) <= MAX_MARK_SHARE * area


def dark_ink(gray: np.ndarray, background: int | None) -> bool:
    """Tells whether a gray image has dark ink on a light background, given its
    ``clean_background``: a clean picture's background is its most common level; see
    ``photo_ink_is_dark`` for the others."""
    return photo_ink_is_dark(gray) if background is None else background >= 128


def ink_is_dark(gray: np.ndarray) -> bool:
    """Tells whether a gray image has dark ink on a light background (see ``dark_ink``)."""
    return dark_ink(gray, clean_background(gray))


def to_ink(image: np.ndarray, ink: Ink = "auto") -> np.ndarray:
    """Returns the ink image (bright ink on dark) of any checked image.

    Args:
        image: a gray, BGR or BGRA image of 8 or 16 bits (see ``check_image``).
        ink: "light" for light ink on dark (a drawing pad), "dark" for dark ink on light
            (paper, a scan), or "auto" to decide from the image.
    """
    if ink not in INK_CHOICES:
        raise ValueError(f"ink must be one of {', '.join(INK_CHOICES)}, got {ink!r}")
    gray = to_gray(image)
    dark = ink == "dark" or (ink == "auto" and ink_is_dark(gray))
    return cv2.bitwise_not(gray) if dark else gray
