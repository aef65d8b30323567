"""A picture made ready for finding digits: gray, dark ink on light, at a working size.

Every interface (the pad, ``--image``, ``--source``, ``Recognizer.read``) prepares its
picture here, so the same picture gives the same readings wherever it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.config import MIN_IMAGE_SIDE
from realtime.vision.images import (
    INK_CHOICES,
    Ink,
    check_image,
    clean_level,
    dark_ink,
    page_on_backing,
    sample_histogram,
    to_gray,
)

#: Pictures larger than this on their longer side are read from a smaller copy (a
#: 12-megapixel photo at about half size): the digits on them stay tens of pixels tall,
#: and finding them costs a quarter as much.
WORK_MAX_SIDE = 2048


@dataclass(frozen=True)
class Picture:
    """A picture ready for ``detect.find_digits``.

    Attributes:
        gray: 2-D uint8, dark ink on light paper, at the working size.
        scale: working pixels per pixel of the original picture (at most 1).
        paper_level: the paper's one level in a clean, two-level picture (a pad, a
            paint program's image), which needs no light flattening and no page
            finding; None for a photo or a scan.
        histogram: ``images.sample_histogram`` of ``gray``, counted once for the
            cleanness and a clean picture's ink contrast; None to count it when needed.
    """

    gray: np.ndarray
    scale: float
    paper_level: int | None = None
    histogram: np.ndarray | None = None

    @property
    def clean(self) -> bool:
        """A two-level picture (see ``paper_level``)."""
        return self.paper_level is not None


def prepare_picture(image: np.ndarray, ink: Ink = "auto",
                    max_side: int = WORK_MAX_SIDE) -> Picture:
    """Checks any gray/BGR/BGRA picture of 8 or 16 bits and makes it ready for reading.

    Args:
        image: the picture.
        ink: "dark" (dark ink on light paper), "light" (light ink on dark, a pad) or
            "auto" to decide from the picture (see ``images.dark_ink``).
        max_side: larger pictures are read from a copy scaled down to this longer side.

    Raises:
        ValueError: in one line, for a picture that is not an image or is too small or
            too big, or an unknown ``ink``.
    """
    if ink not in INK_CHOICES:
        raise ValueError(f"ink must be one of {', '.join(INK_CHOICES)}, got {ink!r}")
    check_image(image, min_side=MIN_IMAGE_SIDE)
    gray = to_gray(image)
    height, width = gray.shape
    scale = min(1.0, max_side / max(height, width))
    if scale < 1:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    histogram = sample_histogram(gray)
    background = clean_level(histogram)
    if (background is not None and ink != "light" and not dark_ink(gray, background)
            and page_on_backing(gray)):
        background = None  # a page on a scanner's black lid: a scan, not a pad's strokes
    dark = dark_ink(gray, background) if ink == "auto" else ink == "dark"
    if not dark:
        gray = cv2.bitwise_not(gray)
        background = None if background is None else 255 - background
        histogram = histogram[::-1]  # the levels of the flipped picture
    return Picture(gray=gray, scale=scale, paper_level=background, histogram=histogram)
