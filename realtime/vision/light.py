"""Flattening the light: the paper's brightness everywhere, and how much darker than it
each pixel is.

The paper's brightness is estimated with a morphological closing on a small copy of the
picture (it fills in the ink strokes but follows shadows, gradients and the page edge);
each pixel's ink is how much darker than the paper it is, as a share of the paper's
brightness, so shadows and uneven light cancel. All sizes scale with the picture, so a
close-up and a page of small digits are alike.
"""

from __future__ import annotations

import cv2
import numpy as np

from realtime.vision.paper_config import PaperConfig


def darkness(gray: np.ndarray, paper: np.ndarray | int) -> np.ndarray:
    """How much darker than the paper each pixel is (0-255, a share of the paper's
    brightness). Where the paper is 0 nothing is darker, and OpenCV's division by 0
    gives 0."""
    if isinstance(paper, int):  # one paper level: a scaling, not a division
        return cv2.convertScaleAbs(cv2.subtract(float(paper), gray),
                                   alpha=255.0 / max(paper, 1))
    return cv2.divide(cv2.subtract(paper, gray), paper, scale=255)  # saturating


def copy_step(shape: tuple[int, int], config: PaperConfig) -> int:
    """How many picture pixels one pixel of the small copy spans."""
    return max(1, round(min(shape) / config.background_side))


def _closing(small: np.ndarray, share: float) -> np.ndarray:
    side = max(3, round(share * min(small.shape))) | 1
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))


def small_copy(gray: np.ndarray, config: PaperConfig) -> np.ndarray:
    """The picture at about ``background_side`` pixels on its short side."""
    height, width = gray.shape
    step = copy_step(gray.shape, config)
    return cv2.resize(gray, (max(1, width // step), max(1, height // step)),
                      interpolation=cv2.INTER_AREA)


def paper_brightness(gray: np.ndarray, config: PaperConfig) -> np.ndarray:
    """The paper's brightness around each pixel, on the small copy (see
    ``paper_brightness_of``)."""
    return paper_brightness_of(small_copy(gray, config), config)


def paper_brightness_of(small: np.ndarray, config: PaperConfig) -> np.ndarray:
    """The paper's brightness around each pixel of the small copy: a closing fills in the
    dark ink strokes and keeps the light's gradients, shadows and the page edge. It is at
    least 1, so ink can be measured as a share of it.

    The closing is narrow, so that a strip of desk along the page stays desk. A marker
    stroke on a close-up is wider than it: there a closing about four times as wide is
    much brighter, and is used where it is, unless that place touches the picture's edge
    (a strip of desk, a dark rim) or has soft edges (a shadow): a stroke's edge is a
    step, a shadow's a slope. A place that reaches the edge only through a shadow or the
    desk beside it is looked at again at a higher contrast, which a marker has and they
    have not.
    """
    near = _closing(small, config.background_reach)
    far = _closing(small, config.fat_reach)
    strokes, at_edge = _marker_strokes(near, far, config.fat_contrast, config)
    if at_edge is not None:  # fat regions that touch the edge may be a stroke and a shadow
        again, _ = _marker_strokes(near, far, config.fat_strong_contrast, config, at_edge)
        strokes = cv2.bitwise_or(strokes, again)
    return cv2.max(np.where(strokes > 0, far, near), 1)


def _marker_strokes(near: np.ndarray, far: np.ndarray, contrast: float, config: PaperConfig,
                    within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Where the wide closing ``far`` is at least ``contrast`` brighter than ``near`` (only
    ``within`` a mask, when given), in regions that do not touch the picture's edge and
    have a stroke's sharp edges (0/255); and the regions that touch the edge (0/255), or
    None when none does."""
    fat = cv2.compare(cv2.convertScaleAbs(far, alpha=1 - contrast), near, cv2.CMP_GT)
    if within is not None:
        fat = cv2.bitwise_and(fat, within)
    if not cv2.countNonZero(fat):
        return fat, None
    count, labels = cv2.connectedComponents(fat, connectivity=8)  # stats cost 3x more
    inside = ~touching_rim(labels, count)
    inside[0] = False  # label 0 is the background
    strokes, kept = np.zeros_like(fat), fat.copy()
    if inside.any():
        edge = np.ones((config.edge_side, config.edge_side), np.uint8)
        step = cv2.morphologyEx(near, cv2.MORPH_GRADIENT, edge)
        depth = cv2.subtract(far, near)
        for k in np.flatnonzero(inside):
            where = labels == k
            kept[where] = 0
            if step[where].max() >= config.stroke_edge * depth[where].max():
                strokes[where] = 255  # not a shadow, whose edge is a slope
    return strokes, (kept if cv2.countNonZero(kept) else None)


def touching_rim(labels: np.ndarray, count: int) -> np.ndarray:
    """For each of ``count`` labels (``cv2.connectedComponents``), whether its region
    touches the picture's edge; the background, label 0, never does."""
    touching = np.zeros(count, bool)
    touching[np.concatenate((labels[0], labels[-1], labels[:, 0], labels[:, -1]))] = True
    touching[0] = False
    return touching


def upscale(small: np.ndarray, width: int, height: int) -> np.ndarray:
    """A small copy's map brought back to the picture's size, smoothly."""
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def flatten_light(gray: np.ndarray, paper_small: np.ndarray) -> np.ndarray:
    """The ink image of a whole picture: how much darker than the local paper each pixel
    is (0-255, as a share of the paper's brightness)."""
    height, width = gray.shape
    return darkness(gray, upscale(paper_small, width, height))
