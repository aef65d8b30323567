"""Finding the page: where the sheet of paper is, told apart from the desk around it.

In the paper-brightness image (``light.py``) the ink is gone, the page's border is a sharp
step and a shadow a gentle slope, so the page is the brightest region bounded by strong
edges; the desk around it is ignored.
"""

from __future__ import annotations

import cv2
import numpy as np

from realtime.vision.images import filled_hull
from realtime.vision.paper_config import PaperConfig

#: ``_hull``'s share for the longest edge alone.
LONGEST = 1.0


def page_mask(paper_small: np.ndarray, config: PaperConfig) -> np.ndarray | None:
    """Where the page is (on the small copy), or None when it cannot be told apart (the
    page fills the view, or no region stands out).

    In the paper-brightness image the ink is gone, the page's border is a sharp step
    and a shadow is a gentle slope. So the page is the brightest large region enclosed
    by strong edges: a shadow across the page does not cut it, the desk is outside it.
    Where a deep shadow hides part of the border, or the border meets the rim where the
    page runs off the view, that region leaks into the desk; then the hull of the border
    itself is the page: of all its long edges (a tilted note's sides, each running off
    the view), else of the longest.
    """
    if min(paper_small.shape) < config.min_page_side:
        return None
    gradient = cv2.morphologyEx(paper_small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, edges = cv2.threshold(gradient, config.page_edge, 255, cv2.THRESH_BINARY)
    square = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(edges, square, iterations=config.page_edge_width)  # closes small gaps
    outlines = _outlines(edges)
    border = _hull(outlines, edges.shape, LONGEST)
    count, labels = cv2.connectedComponents(cv2.bitwise_not(edges), connectivity=4)
    areas = np.bincount(labels.ravel(), minlength=count)  # labels without stats: 2x faster
    big = [int(k) for k in np.flatnonzero(areas >= config.min_page_share * paper_small.size)
           if k > 0]
    if len(big) < 2:  # one region: the border has a gap (a shadow hides it), or no border
        if border is None or not _brighter_inside(border, paper_small, config):
            return None
        return _finish_page(border, config.page_edge_width + config.page_margin, config)
    # each big region's mean (a few masked means cost less than a weighted bincount)
    brightness = {k: cv2.mean(paper_small, mask=_regions(labels, [k]))[0] for k in big}
    brightest = max(brightness.values())
    # the page's regions (a shadow's edge may cut it in two): all about as bright as the
    # brightest; the desk is clearly darker than they are
    paper = [k for k in big if brightness[k] >= config.paper_share * brightest]
    others = [brightness[k] for k in big if k not in paper]
    if not others or brightest < config.page_contrast * max(max(others), 1.0):
        return None
    # a page has no holes or notches (edges inside it, around marks, cut some): its hull
    hull = filled_hull(_regions(labels, paper))
    for outline in (_hull(outlines, edges.shape, config.long_edge), border):
        if outline is not None and _leaked(hull, outline, paper_small, config):
            return _finish_page(outline, config.page_edge_width + config.page_margin, config)
    hull = cv2.dilate(hull, square, iterations=config.page_edge_width)  # over the edge's width
    return _finish_page(hull, config.page_margin, config)


def _regions(labels: np.ndarray, chosen: list[int]) -> np.ndarray:
    """Where any of the ``chosen`` labels is (0/255): a comparison per label, cheaper than
    ``np.isin`` for the few big regions of a view."""
    mask = cv2.compare(labels, chosen[0], cv2.CMP_EQ)
    for k in chosen[1:]:
        mask = cv2.bitwise_or(mask, cv2.compare(labels, k, cv2.CMP_EQ))
    return mask


def _outlines(edges: np.ndarray) -> list[tuple[np.ndarray, int]]:
    """Each 8-connected edge's outer contour with its span (box width + height); its box
    and hull are the edge's own, so no labelling is needed."""
    outlines, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [(outline, w + h) for outline in outlines
            for _, _, w, h in [cv2.boundingRect(outline)]]


def _hull(outlines: list[tuple[np.ndarray, int]], shape: tuple[int, ...],
          share: float) -> np.ndarray | None:
    """The filled convex hull of the edges at least ``share`` as long as the longest
    (``LONGEST``: the longest alone, the page's border, gaps and all); None without edges."""
    if not outlines:
        return None
    longest = max(span for _, span in outlines)
    chosen = [outline for outline, span in outlines if span >= share * longest]
    mask = np.zeros(shape, np.uint8)
    cv2.fillConvexPoly(mask, cv2.convexHull(np.vstack(chosen)), 255)
    return mask


def _brighter_inside(hull: np.ndarray, paper_small: np.ndarray, config: PaperConfig) -> bool:
    """True when the paper inside a border's hull is clearly brighter than outside it,
    as a page is against the desk (not a sliver of desk between the page and the edge
    of the view)."""
    outside = cv2.bitwise_not(hull)
    if not cv2.countNonZero(outside):
        return False
    inside_level = cv2.mean(paper_small, mask=hull)[0]
    return inside_level >= config.page_contrast * max(cv2.mean(paper_small, mask=outside)[0], 1)


def _leaked(region: np.ndarray, border: np.ndarray, paper_small: np.ndarray,
            config: PaperConfig) -> bool:
    """True when the page region reaches well beyond the border's hull into something
    much darker than the page inside the border: the desk, through a gap."""
    outside = cv2.bitwise_and(region, cv2.bitwise_not(border))
    if cv2.countNonZero(outside) < config.leak_share * cv2.countNonZero(border):
        return False
    darker = cv2.mean(paper_small, mask=outside)[0]
    return darker < config.leak_darkness * cv2.mean(paper_small, mask=border)[0]


def _finish_page(mask: np.ndarray | None, erode: int, config: PaperConfig,
                 ) -> np.ndarray | None:
    """A page mask pulled in from its edge by ``erode`` pixels, or None when it is not of
    a page's size."""
    if mask is None:
        return None
    share = cv2.countNonZero(mask) / mask.size
    if not config.min_page_share <= share <= config.max_page_share:
        return None
    return cv2.erode(mask, np.ones((3, 3), np.uint8), iterations=erode)
