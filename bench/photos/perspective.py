"""Where the page lies in the picture: the homography from page pixels to picture pixels,
and the part of the page the camera sees."""

from __future__ import annotations

import cv2
import numpy as np


def homography(page: tuple[int, int], centre: tuple[float, float], scale: float,
               angle: float, keystone: float, rng: np.random.Generator) -> np.ndarray:
    """Page pixels -> picture pixels: rotate by ``angle`` degrees, scale, centre, and tilt
    the camera by ``keystone`` (one side of the page that much smaller) plus corner jitter."""
    width, height = page
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    local = (corners - [width / 2, height / 2]) * scale
    side = rng.integers(4)  # which edge is farther from the camera
    shrink = np.ones(4)
    shrink[[side, (side + 1) % 4]] = 1 - keystone
    local *= shrink[:, None]
    local += rng.normal(0, keystone * 0.15, (4, 2)) * [width * scale, height * scale]
    a = np.deg2rad(angle)
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    moved = local @ rotation.T + centre
    return cv2.getPerspectiveTransform(corners.astype(np.float32), moved.astype(np.float32))


def warp_points(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Points (n, 2) moved by the homography ``matrix``."""
    return cv2.perspectiveTransform(points.reshape(-1, 1, 2).astype(np.float64), matrix)[:, 0]


def seen_part(page: tuple[int, int], matrix: np.ndarray, frame: tuple[int, int],
              ) -> tuple[float, float, float, float]:
    """The part of the page (left, top, right, bottom in page px) the camera sees, about."""
    width, height = frame
    inset = 0.02 * min(width, height)
    corners = np.array([[inset, inset], [width - inset, inset],
                        [width - inset, height - inset], [inset, height - inset]])
    seen = warp_points(corners, np.linalg.inv(matrix))
    low, high = seen.min(axis=0), seen.max(axis=0)
    return (max(0.0, low[0]), max(0.0, low[1]), min(float(page[0]), high[0]),
            min(float(page[1]), high[1]))
