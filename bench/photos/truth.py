"""The ground truth: each digit's box tight around its ink after the camera's warp, and
which numbers the picture shows whole."""

from __future__ import annotations

import cv2
import numpy as np

from bench.photos.perspective import warp_points
from bench.photos.picture import Box, Placed, Truth
from realtime.boxes import overlaps

BOX_OPACITY = 0.3  #: ink coverage that counts as visible ink for the true boxes
EDGE_MARGIN = 2  #: px a digit's ink keeps from the picture's edge


def truth_box(p: Placed, matrix: np.ndarray, frame: tuple[int, int]) -> Box | None:
    """The digit's box in the picture (ink coverage > 0.3 after warping), or None when its
    ink would not lie wholly inside the picture."""
    h, w = p.coverage.shape
    corners = np.array([[p.x, p.y], [p.x + w, p.y], [p.x + w, p.y + h], [p.x, p.y + h]])
    moved = warp_points(corners, matrix)
    x0, y0 = np.floor(moved.min(axis=0)).astype(int) - 1
    x1, y1 = np.ceil(moved.max(axis=0)).astype(int) + 1
    if x0 < 0 or y0 < 0 or x1 > frame[0] or y1 > frame[1]:
        return None
    to_patch = np.array([[1, 0, p.x], [0, 1, p.y], [0, 0, 1]], np.float64)
    to_roi = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64)
    local = to_roi @ matrix @ to_patch
    warped = cv2.warpPerspective(p.coverage, local, (int(x1 - x0), int(y1 - y0)),
                                 flags=cv2.INTER_LINEAR)
    threshold = min(BOX_OPACITY, 0.5 * float(warped.max()))
    ys, xs = np.nonzero(warped > threshold)
    if len(ys) == 0:
        return None
    box = (int(x0 + xs.min()), int(y0 + ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1)
    inside = (box[0] >= EDGE_MARGIN and box[1] >= EDGE_MARGIN
              and box[0] + box[2] <= frame[0] - EDGE_MARGIN
              and box[1] + box[3] <= frame[1] - EDGE_MARGIN)
    return box if inside else None


def visible_numbers(numbers: list[list[Placed]], matrix: np.ndarray, frame: tuple[int, int],
                    keep_out: tuple[Box, ...] = ()) -> tuple[list[list[Placed]], list[Truth]]:
    """The numbers whose every digit lies wholly in the picture (and off ``keep_out``
    areas), and their digits' true boxes in reading order."""
    kept, truths = [], []
    for number in numbers:
        boxes = [truth_box(p, matrix, frame) for p in number]
        if any(b is None or any(overlaps(b, r) for r in keep_out) for b in boxes):
            continue
        kept.append(number)
        truths += [Truth(p.label, b) for p, b in zip(number, boxes, strict=True)]
    return kept, truths
