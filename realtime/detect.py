"""Finding handwritten digits in camera frames of paper under real light.

1. **Flatten the light**: estimate the paper's brightness everywhere with a morphological
   closing at quarter resolution (it fills in ink strokes but follows shadows, gradients
   and the page edge), then express each pixel as how much darker than the paper it is.
   Shadows and uneven light cancel out.
2. **The page**: in that brightness estimate the page's border is a sharp step and a
   shadow a gentle slope, so the page is the brightest region bounded by strong edges;
   the desk around it is ignored.
3. **Ink mask**: pixels on the page clearly darker than the paper. Faint marks (ruled
   lines, paper texture) stay below the threshold.
4. **Digits**: outer contours of the ink; marks stacked in one column merge (a 5's
   detached top); specks, long lines and blobs cut by the edge of the view are dropped;
   a blob wide enough to be touching digits is offered whole and cut at its thinnest
   columns, and the classifier picks the reading it is surest of.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.segment import Box, Segment, group_parts, reading_order, union_box

#: Frame heights are compared with this one; sizes below are for a 720-pixel-high frame.
REFERENCE_HEIGHT = 720


@dataclass(frozen=True)
class DetectConfig:
    """Tunable limits of the detector (sizes in pixels of a 720-pixel-high frame)."""

    min_height: float = 12.0  #: shortest digit kept
    max_height: float = 260.0  #: tallest digit kept
    background_step: int = 4  #: the paper's brightness is estimated at 1/step resolution
    background_kernel: int = 15  #: closing size at that resolution (fills strokes to ~55 px)
    page_edge: int = 20  #: a brightness step this sharp (per 3 px at 1/step) is the page edge
    page_edge_width: int = 2  #: edges are widened this much to close small gaps
    page_contrast: float = 1.2  #: the page is this much brighter than any other region
    min_page_share: float = 0.05  #: regions smaller than this share of the view are ignored
    max_page_share: float = 0.97  #: a page bigger than this fills the view: no desk to drop
    page_margin: int = 4  #: pixels (at 1/step) cut from the page edge
    leak_share: float = 0.15  #: a page region this much bigger than its border's hull ...
    leak_darkness: float = 0.75  #: ... there this much darker than inside it, has leaked
    ink_threshold: int = 60  #: darker than the paper by this much (of 255) is ink
    max_width_over_height: float = 1.6  #: wider blobs are not read as one digit
    min_split_ratio: float = 1.1  #: blobs at least this wide may be several touching digits
    max_pieces: int = 4  #: a blob is cut into at most this many digits
    cut_reach: float = 0.35  #: a cut is sought this share of a piece's width from even spacing
    min_fill: float = 0.06  #: ink share of a digit's box, at least ...
    max_fill: float = 0.75  #: ... and at most, unless it is narrow:
    narrow_width_over_height: float = 0.45  #: narrower than this is a 1, however full
    max_line_aspect: float = 6.0  #: longer and thinner than this is a line, not a digit
    min_piece_ratio: float = 0.45  #: a digit cut from a blob is at least this wide (of h) ...
    max_piece_ratio: float = 1.2  #: ... and at most this wide
    margin: int = 3  #: pixels of ink around a digit's box kept for its crop
    max_ink_share: float = 0.2  #: a frame with more ink than this is noise: nothing is read


@dataclass(frozen=True)
class Candidate:
    """A blob of ink and the ways to read it: as one digit, or cut into 2, 3 or 4.

    The recognizer decides between the options (the one whose digits it is surest of).
    """

    options: tuple[tuple[Segment, ...], ...]

    @property
    def box(self) -> Box:
        """The whole blob's box."""
        box = self.options[0][0].box
        for segment in self.options[0][1:]:
            box = union_box(box, segment.box)
        return box


def paper_brightness(gray: np.ndarray, config: DetectConfig) -> np.ndarray:
    """The paper's brightness around each pixel, at 1/step resolution: a closing fills in
    the dark ink strokes and keeps the light's gradients, shadows and the page edge.
    It is at least 1, so ink can be measured as a share of it."""
    height, width = gray.shape
    step = config.background_step
    small = cv2.resize(gray, (max(1, width // step), max(1, height // step)),
                       interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (config.background_kernel,) * 2)
    return cv2.max(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), 1)


def _upscale(small: np.ndarray, width: int, height: int) -> np.ndarray:
    """A 1/step resolution map brought back to the frame's size, smoothly."""
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def flatten_light(gray: np.ndarray, paper_small: np.ndarray) -> np.ndarray:
    """The ink image of a whole frame: how much darker than the local paper each pixel is
    (0-255, as a share of the paper's brightness)."""
    height, width = gray.shape
    return _ink(gray, _upscale(paper_small, width, height))


def _ink(gray: np.ndarray, paper: np.ndarray, near: np.ndarray | None = None) -> np.ndarray:
    """How much darker than the paper each pixel is (0-255, a share of the paper's
    brightness), for a crop or a whole frame; 0 outside ``near`` when it is given. Where
    the paper is 0 nothing is darker, and OpenCV's division by 0 gives 0."""
    darker = (cv2.subtract(paper, gray) if near is None
              else cv2.subtract(paper, gray, mask=near, dst=np.zeros_like(near)))
    return cv2.divide(darker, paper, scale=255)  # saturating


def _filled_hull(binary: np.ndarray) -> np.ndarray:
    """The convex hull of a binary image's pixels, filled (from their outline: fast)."""
    outline, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    mask = np.zeros_like(binary)
    if outline:
        cv2.fillConvexPoly(mask, cv2.convexHull(np.vstack(outline)), 255)
    return mask


def page_mask(paper_small: np.ndarray, config: DetectConfig) -> np.ndarray | None:
    """Where the page is (at 1/step resolution), or None when it cannot be told apart
    (the page fills the view, or no region stands out).

    In the paper-brightness image the ink is gone, the page's border is a sharp step
    and a shadow is a gentle slope. So the page is the brightest large region enclosed
    by strong edges: a shadow across the page does not cut it, the desk is outside it.
    Where a deep shadow hides part of the border, that region leaks into the desk; then
    the hull of the border itself (the longest edge) is the page.
    """
    gradient = cv2.morphologyEx(paper_small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, edges = cv2.threshold(gradient, config.page_edge, 255, cv2.THRESH_BINARY)
    square = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(edges, square, iterations=config.page_edge_width)  # closes small gaps
    border = _border_hull(edges)
    count, labels = cv2.connectedComponents(cv2.bitwise_not(edges), connectivity=4)
    areas = np.bincount(labels.ravel(), minlength=count)  # labels without stats: 2x faster
    big = [k for k in range(1, count) if areas[k] >= config.min_page_share * paper_small.size]
    if len(big) < 2:  # one region: the border has a gap (a shadow hides it), or no border
        return _finish_page(border, config.page_edge_width + config.page_margin, config)
    sums = np.bincount(labels.ravel(), weights=paper_small.ravel(), minlength=count)
    brightness = {k: sums[k] / areas[k] for k in big}  # each region's mean
    page = max(big, key=brightness.get)
    others = [brightness[k] for k in big if k != page]
    if brightness[page] < config.page_contrast * max(max(others), 1.0):
        return None
    # a page has no holes or notches (edges inside it, around marks, cut some): its hull
    hull = _filled_hull((labels == page).astype(np.uint8))
    if border is not None and _leaked(hull, border, paper_small, config):
        return _finish_page(border, config.page_edge_width + config.page_margin, config)
    hull = cv2.dilate(hull, square, iterations=config.page_edge_width)  # over the edge's width
    return _finish_page(hull, config.page_margin, config)


def _leaked(region: np.ndarray, border: np.ndarray, paper_small: np.ndarray,
            config: DetectConfig) -> bool:
    """True when the page region reaches well beyond the border's hull into something
    much darker than the page inside the border: the desk, through a gap."""
    outside = cv2.bitwise_and(region, cv2.bitwise_not(border))
    if cv2.countNonZero(outside) < config.leak_share * cv2.countNonZero(border):
        return False
    darker = cv2.mean(paper_small, mask=outside)[0]
    return darker < config.leak_darkness * cv2.mean(paper_small, mask=border)[0]


def _finish_page(mask: np.ndarray | None, erode: int, config: DetectConfig,
                 ) -> np.ndarray | None:
    """A page mask pulled in from its edge by ``erode`` pixels, or None when it is not of
    a page's size."""
    if mask is None:
        return None
    share = cv2.countNonZero(mask) / mask.size
    if not config.min_page_share <= share <= config.max_page_share:
        return None
    return cv2.erode(mask, np.ones((3, 3), np.uint8), iterations=erode)


def _border_hull(edges: np.ndarray) -> np.ndarray | None:
    """The filled convex hull of the longest edge (the page's border, gaps and all).

    Each outer contour of the edge image outlines one 8-connected edge; its bounding box
    and hull are the edge's own, so no labelling is needed.
    """
    outlines, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not outlines:
        return None
    spans = [w + h for _, _, w, h in map(cv2.boundingRect, outlines)]
    mask = np.zeros_like(edges)
    cv2.fillConvexPoly(mask, cv2.convexHull(outlines[int(np.argmax(spans))]), 255)
    return mask


def split_columns(mask: np.ndarray, box: Box, count: int, config: DetectConfig) -> list[Box]:
    """Cuts a blob into ``count`` pieces at its thinnest columns near even spacing;
    returns each piece's ink box (an empty piece is left out)."""
    x, y, w, h = box
    profile = np.count_nonzero(mask[y : y + h, x : x + w], axis=0)
    cuts, start = [], 0
    for k in range(1, count):
        centre = round(k * w / count)
        reach = max(1, round(config.cut_reach * w / count))
        low, high = max(start + 1, centre - reach), min(w - 1, centre + reach)
        if low >= high:
            return []
        cut = low + int(np.argmin(profile[low:high]))
        cuts.append(cut)
        start = cut
    pieces = []
    for left, right in zip([0, *cuts], [*cuts, w], strict=True):
        piece = mask[y : y + h, x + left : x + right]
        rows = np.flatnonzero(piece.any(axis=1))
        cols = np.flatnonzero(piece.any(axis=0))
        if len(rows) == 0:
            return []
        pieces.append((x + left + int(cols[0]), y + int(rows[0]), int(cols[-1] - cols[0] + 1),
                       int(rows[-1] - rows[0] + 1)))
    return pieces


def _piece_counts(box: Box, config: DetectConfig) -> list[int]:
    """How many digits a blob of this shape may hold: the options worth classifying (k
    digits fit when each would be between ``min_piece_ratio`` and ``max_piece_ratio`` of
    the blob's height wide)."""
    ratio = box[2] / box[3]
    if ratio < config.min_split_ratio:
        return [1]
    counts = [1] if ratio <= config.max_width_over_height else []
    counts += [k for k in range(2, config.max_pieces + 1)
               if k * config.min_piece_ratio <= ratio <= k * config.max_piece_ratio]
    return counts or [config.max_pieces]


def _segments(gray: np.ndarray, paper: np.ndarray, mask: np.ndarray, blob: Box,
              pieces: list[Box], margin: int, reach: np.ndarray) -> tuple[Segment, ...]:
    """The crops of a blob's pieces: each piece's box plus a margin, holding only ink near
    the mask's strokes (within the ``reach`` kernel) in the piece's own columns (a touching
    neighbour is cut off). The blob's ink is computed once for all its pieces."""
    height, width = mask.shape
    bx, by, bw, bh = blob
    x0, y0 = max(0, bx - margin), max(0, by - margin)
    x1, y1 = min(width, bx + bw + margin), min(height, by + bh + margin)
    near = cv2.dilate(mask[y0:y1, x0:x1], reach)
    ink = _ink(gray[y0:y1, x0:x1], paper[y0:y1, x0:x1], near)
    segments = []
    for x, y, w, h in pieces:
        left, top = max(0, x - margin) - x0, max(0, y - margin) - y0
        right, bottom = min(width, x + w + margin) - x0, min(height, y + h + margin) - y0
        crop = ink[top:bottom, left:right].copy()
        crop[:, : x - x0 - left] = 0  # only the piece's own columns
        crop[:, x + w - x0 - left :] = 0
        segments.append(Segment(box=(x, y, w, h), ink=crop))
    return tuple(segments)


def find_digits(frame: np.ndarray, config: DetectConfig = DetectConfig()) -> list[Candidate]:
    """Finds the digits written on paper in a camera frame.

    Args:
        frame: BGR or gray uint8 frame.
        config: detector limits.

    Returns:
        One Candidate per blob of ink that may be digits, in reading order; each
        segment's ``ink`` is that digit's ink (bright on black).
    """
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    height, width = gray.shape
    paper_small = paper_brightness(gray, config)
    page = page_mask(paper_small, config)
    # ink = (paper - gray) / paper >= threshold, without dividing the whole frame: gray
    # below ``limit``. Off the page the limit is 0, so nothing there is ink. Both are
    # worked out at 1/step resolution and scaled up (full-frame passes are the cost).
    limit = cv2.convertScaleAbs(paper_small, alpha=1 - config.ink_threshold / 255)
    if page is not None:
        limit = cv2.bitwise_and(limit, page)
    mask = cv2.compare(gray, _upscale(limit, width, height), cv2.CMP_LT)
    paper = _upscale(paper_small, width, height)
    if cv2.countNonZero(mask) > config.max_ink_share * mask.size:
        return []  # noise or a busy scene, not writing on paper: read nothing
    scale = height / REFERENCE_HEIGHT
    min_h, max_h = config.min_height * scale, config.max_height * scale
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    speck = max(2.0, 0.25 * min_h)
    parts = []
    for contour in contours:
        box = tuple(int(v) for v in cv2.boundingRect(contour))
        longer, shorter = max(box[2], box[3]), max(1, min(box[2], box[3]))
        if longer < speck:
            continue
        if longer > config.max_line_aspect * shorter and longer > max_h * 0.5:
            continue  # a long thin line: a ruled line, the page edge
        parts.append(box)
    boxes = []
    for group in group_parts(parts):
        box = parts[group[0]]
        for i in group[1:]:
            box = union_box(box, parts[i])
        if box[0] == 0 or box[1] == 0 or box[0] + box[2] == width or box[1] + box[3] == height:
            continue  # cut by the edge of the view: part of a digit at best
        if min_h <= box[3] <= max_h:
            fill = cv2.countNonZero(mask[box[1] : box[1] + box[3], box[0] : box[0] + box[2]])
            fill /= float(box[2] * box[3])
            narrow = box[2] < config.narrow_width_over_height * box[3]  # a 1 fills its box
            if config.min_fill <= fill and (narrow or fill <= config.max_fill):
                boxes.append(box)
    reach = np.ones((2 * config.margin + 1,) * 2, np.uint8)
    candidates = []
    for i in reading_order(boxes):
        options = []
        for count in _piece_counts(boxes[i], config):
            pieces = [boxes[i]] if count == 1 else split_columns(mask, boxes[i], count, config)
            if pieces and all(p[3] >= min_h * 0.5 for p in pieces):
                options.append(_segments(gray, paper, mask, boxes[i], pieces, config.margin,
                                         reach))
        if options:
            candidates.append(Candidate(tuple(options)))
    return candidates
