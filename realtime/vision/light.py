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
    step, a shadow's a slope.
    """
    near = _closing(small, config.background_reach)
    far = _closing(small, config.fat_reach)
    fat = cv2.compare(cv2.convertScaleAbs(far, alpha=1 - config.fat_contrast), near,
                      cv2.CMP_GT)
    if not cv2.countNonZero(fat):
        return cv2.max(near, 1)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(fat, connectivity=8)
    x, y, w, h = (stats[:, k] for k in range(4))
    inside = (x > 0) & (y > 0) & (x + w < small.shape[1]) & (y + h < small.shape[0])
    inside[0] = False  # label 0 is the background
    if inside.any():
        edge = np.ones((config.edge_side, config.edge_side), np.uint8)
        step = cv2.morphologyEx(near, cv2.MORPH_GRADIENT, edge)
        depth = cv2.subtract(far, near)
        for k in np.flatnonzero(inside):
            where = labels == k
            if step[where].max() < config.stroke_edge * depth[where].max():
                inside[k] = False  # a shadow
        near = np.where(inside[labels], far, near)
    return cv2.max(near, 1)


def upscale(small: np.ndarray, width: int, height: int) -> np.ndarray:
    """A small copy's map brought back to the picture's size, smoothly."""
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def flatten_light(gray: np.ndarray, paper_small: np.ndarray) -> np.ndarray:
    """The ink image of a whole picture: how much darker than the local paper each pixel
    is (0-255, as a share of the paper's brightness)."""
    height, width = gray.shape
    return darkness(gray, upscale(paper_small, width, height))
