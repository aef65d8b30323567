"""The paper's brightness and the page of a photo, made on its small copy, and kept for a
video's next frames while the view holds still.

Flattening the light and finding the page (``light.py``, ``page.py``) are a camera frame's
costliest steps (about 1.5 ms of a 1280x720 frame with the two maps brought to full
size), and what they find changes only when the sheet, the camera or the light moves. So
a tracked stream (``camera.pipeline``) hands each frame's maps to the next one, which
keeps them while its small copy is still much like the one they were made from: on
average, and in every part of the view (a note slid across a still desk changes only its
own part). A hand-held camera's slow drift keeps them for a few frames; they are made
anew at least every ``MAX_AGE + 1`` frames. Pictures read on their own (``--image``, a
folder) always make their own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np

from realtime.vision.light import paper_brightness_of, upscale
from realtime.vision.page import page_mask
from realtime.vision.paper_config import PaperConfig

#: The view has moved when the small copy changed by more than this on average (gray
#: levels) ... On the camera benchmark's hand-held scenes, frames two apart differ by
#: 1.0-2.0 (noise, blur and drift); the same frame moved by 4 px differs by 4.0-6.1.
STILL_MEAN = 3.0
#: ... or by more than this in any of ``BLOCKS`` parts of the view (frames two apart:
#: at most 11; moved by 4 px: 14 or more).
STILL_BLOCK = 16.0
BLOCKS = (16, 9)
#: Maps are kept for at most this many frames after the one they were made on.
MAX_AGE = 2


@dataclass(frozen=True)
class PaperMaps:
    """The light and the page of one view.

    Attributes:
        small: the small copy they were made from (``light.small_copy``).
        paper_small: the paper's brightness on it (``light.paper_brightness_of``).
        page_small: the page on it (``page.page_mask``), or None.
        paper: ``paper_small`` at the picture's size.
        page: ``page_small`` at the picture's size, or None.
        age: how many frames after the one they were made on they have been used for.
    """

    small: np.ndarray
    paper_small: np.ndarray
    page_small: np.ndarray | None
    paper: np.ndarray
    page: np.ndarray | None
    age: int = 0


def make_maps(small: np.ndarray, shape: tuple[int, int], config: PaperConfig) -> PaperMaps:
    """The maps of a picture of ``shape`` (height, width) from its small copy."""
    height, width = shape
    paper_small = paper_brightness_of(small, config)
    page_small = page_mask(paper_small, config)
    page = None if page_small is None else upscale(page_small, width, height)
    return PaperMaps(small, paper_small, page_small, upscale(paper_small, width, height), page)


def holds_still(before: np.ndarray, now: np.ndarray) -> bool:
    """True when two small copies show the same view: the same size, and changed little
    on average and in every part (see ``STILL_MEAN``, ``STILL_BLOCK``)."""
    if before.shape != now.shape:
        return False
    change = cv2.absdiff(before, now)
    if cv2.mean(change)[0] > STILL_MEAN:
        return False
    parts = cv2.resize(change, BLOCKS, interpolation=cv2.INTER_AREA)
    return float(parts.max()) <= STILL_BLOCK


def maps_for(small: np.ndarray, shape: tuple[int, int], config: PaperConfig,
             previous: PaperMaps | None = None) -> PaperMaps:
    """The maps to read a picture by: ``previous`` (an earlier frame's) while the view
    holds still and they are young enough, else made anew."""
    if (previous is not None and previous.age < MAX_AGE
            and previous.paper.shape == tuple(shape) and holds_still(previous.small, small)):
        return dataclasses.replace(previous, age=previous.age + 1)
    return make_maps(small, shape, config)
