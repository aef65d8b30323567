"""Boxes: (x, y, w, h) rectangles in image pixels, and the few operations on them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Box = tuple[int, int, int, int]  # x, y, w, h in image pixels


def union_box(a: Box, b: Box) -> Box:
    """The smallest box holding both boxes."""
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return x0, y0, x1 - x0, y1 - y0


def overlaps(a: Box, b: Box) -> bool:
    """True when two boxes share at least one pixel."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 when they do not overlap)."""
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def iou_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU of every box in ``a`` (N, 4) with every box in ``b`` (M, 4), as (N, M)."""
    ax0, ay0, aw, ah = (a[:, k, None] for k in range(4))
    bx0, by0, bw, bh = (b[None, :, k] for k in range(4))
    ix = np.clip(np.minimum(ax0 + aw, bx0 + bw) - np.maximum(ax0, bx0), 0, None)
    iy = np.clip(np.minimum(ay0 + ah, by0 + bh) - np.maximum(ay0, by0), 0, None)
    inter = ix * iy
    union = aw * ah + bw * bh - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0)


def scale_box(box: Box, factor: float) -> Box:
    """A box measured in an image scaled by ``factor``, brought back to the original's
    pixels (rounded outwards, so the box still holds what it held)."""
    if factor == 1:
        return box
    x, y, w, h = box
    x0, y0 = int(x / factor), int(y / factor)
    x1, y1 = -int(-(x + w) // factor), -int(-(y + h) // factor)
    return x0, y0, x1 - x0, y1 - y0


def side_by_side(boxes: Sequence[Box]) -> tuple[np.ndarray, np.ndarray]:
    """For every pair of boxes (i, j): how many rows they share (below 0: the gap between
    them up and down), and the gap between them left to right (below 0: they share
    columns); (N, N) float arrays."""
    x, y, w, h = (np.asarray(boxes, np.float64).reshape(-1, 4)[:, k] for k in range(4))
    shared_rows = np.minimum(y + h, (y + h)[:, None]) - np.maximum(y, y[:, None])
    gap = np.maximum(x, x[:, None]) - np.minimum(x + w, (x + w)[:, None])
    return shared_rows, gap
