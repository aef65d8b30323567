"""Finding handwritten digits in camera frames of paper under real light.

1. **Flatten the light**: estimate the paper's brightness everywhere with a morphological
   closing at quarter resolution (it fills in ink strokes but follows shadows, gradients
   and the page edge), then express each pixel as how much darker than the paper it is.
   Shadows and uneven light cancel out; ink becomes bright on black.
2. **Ink mask**: pixels clearly darker than the paper. Faint marks (ruled lines, paper
   texture, the desk) stay below the threshold.
3. **Digits**: outer contours of the ink; marks stacked in one column merge (a 5's
   detached top); blobs of the wrong size or shape (specks, lines, the page edge) are
   dropped; a blob much wider than a digit is split at its thinnest columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.segment import Box, Segment, _union, group_parts, reading_order

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
    ink_threshold: int = 70  #: darker than the paper by this much (of 255) is ink
    bridge: int = 3  #: gaps this wide in a stroke are closed
    max_width_over_height: float = 1.6  #: wider blobs are not read as one digit
    min_split_ratio: float = 1.0  #: blobs at least this wide may be several touching digits
    max_pieces: int = 4  #: a blob is cut into at most this many digits
    min_fill: float = 0.06  #: ink share of a digit's box, at least ...
    max_fill: float = 0.75  #: ... and at most, unless it is narrow:
    narrow_width_over_height: float = 0.45  #: narrower than this is a 1, however full
    max_line_aspect: float = 6.0  #: longer and thinner than this is a line, not a digit
    digit_width_over_height: float = 0.62  #: typical width of a digit, to guess how many
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
            box = _union(box, segment.box)
        return box


def paper_brightness(gray: np.ndarray, config: DetectConfig) -> np.ndarray:
    """The paper's brightness around each pixel, at 1/step resolution: a closing fills in
    the dark ink strokes and keeps the light's gradients, shadows and the page edge."""
    height, width = gray.shape
    step = config.background_step
    small = cv2.resize(gray, (max(1, width // step), max(1, height // step)),
                       interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (config.background_kernel,) * 2)
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)


def flatten_light(gray: np.ndarray, paper_small: np.ndarray) -> np.ndarray:
    """The ink image: how much darker than the local paper each pixel is (0-255)."""
    height, width = gray.shape
    paper = cv2.resize(paper_small, (width, height), interpolation=cv2.INTER_LINEAR)
    darker = cv2.subtract(paper, gray)
    return cv2.divide(darker, cv2.max(paper, 1), scale=255)  # darker / paper, saturating


def page_mask(paper_small: np.ndarray, config: DetectConfig) -> np.ndarray | None:
    """Where the page is (at 1/step resolution), or None when it cannot be told apart
    (the page fills the view, or no region stands out).

    In the paper-brightness image the ink is gone, the page's border is a sharp step
    and a shadow is a gentle slope. So the page is the brightest large region enclosed
    by strong edges: a shadow across the page does not cut it, the desk is outside it.
    """
    gradient = cv2.morphologyEx(paper_small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, edges = cv2.threshold(gradient, config.page_edge, 255, cv2.THRESH_BINARY)
    square = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(edges, square, iterations=config.page_edge_width)  # closes small gaps
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(edges),
                                                               connectivity=4)
    big = [k for k in range(1, count)
           if stats[k, cv2.CC_STAT_AREA] >= config.min_page_share * paper_small.size]
    if len(big) < 2:  # one region: the border has a gap (a shadow hides it), or no border
        return _border_hull(edges, config)
    brightness = {k: cv2.mean(paper_small, mask=(labels == k).astype(np.uint8))[0] for k in big}
    page = max(big, key=brightness.get)
    others = [brightness[k] for k in big if k != page]
    if brightness[page] < config.page_contrast * max(max(others), 1.0):
        return None
    if stats[page, cv2.CC_STAT_AREA] > config.max_page_share * paper_small.size:
        return None
    # a page has no holes or notches (edges inside it, around marks, cut some): its hull
    outline, _ = cv2.findContours((labels == page).astype(np.uint8), cv2.RETR_EXTERNAL,
                                  cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(np.vstack(outline))  # from the outline: far fewer points than pixels
    mask = np.zeros_like(paper_small)
    cv2.fillConvexPoly(mask, hull, 255)
    mask = cv2.dilate(mask, square, iterations=config.page_edge_width)  # over the edge's width
    return cv2.erode(mask, square, iterations=config.page_margin)


def _border_hull(edges: np.ndarray, config: DetectConfig) -> np.ndarray | None:
    """The page as the convex hull of the longest edge (its border, gaps and all), or None
    when there is no such edge."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(edges, connectivity=8)
    if count < 2:
        return None
    longest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_WIDTH] + stats[1:, cv2.CC_STAT_HEIGHT]))
    outline, _ = cv2.findContours((labels == longest).astype(np.uint8), cv2.RETR_EXTERNAL,
                                  cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(np.vstack(outline))
    mask = np.zeros_like(edges)
    cv2.fillConvexPoly(mask, hull, 255)
    share = cv2.countNonZero(mask) / mask.size
    if not config.min_page_share <= share <= config.max_page_share:
        return None
    return cv2.erode(mask, np.ones((3, 3), np.uint8),
                     iterations=config.page_edge_width + config.page_margin)


def split_columns(mask: np.ndarray, box: Box, count: int) -> list[Box]:
    """Cuts a blob into ``count`` pieces at its thinnest columns near even spacing;
    returns each piece's ink box (an empty piece is left out)."""
    x, y, w, h = box
    profile = np.count_nonzero(mask[y : y + h, x : x + w], axis=0)
    cuts, start = [], 0
    for k in range(1, count):
        centre = round(k * w / count)
        reach = max(1, round(0.35 * w / count))
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
    """How many digits a blob of this shape may hold: the options worth classifying."""
    ratio = box[2] / box[3]
    if ratio < config.min_split_ratio:
        return [1]
    guess = round(ratio / config.digit_width_over_height)
    counts = {1} if ratio <= config.max_width_over_height else set()
    counts |= {k for k in (guess - 1, guess, guess + 1) if 2 <= k <= config.max_pieces}
    return sorted(counts) or [config.max_pieces]


def _segment(ink: np.ndarray, mask: np.ndarray, box: Box, margin: int) -> Segment:
    """A digit's crop of the ink image: its box plus a margin, holding only ink near the
    mask's strokes within the box's own columns (a touching neighbour is cut off)."""
    height, width = mask.shape
    x, y, w, h = box
    x0, y0 = max(0, x - margin), max(0, y - margin)
    x1, y1 = min(width, x + w + margin), min(height, y + h + margin)
    near = cv2.dilate(mask[y0:y1, x0:x1], np.ones((2 * margin + 1,) * 2, np.uint8))
    near[:, : x - x0] = 0
    near[:, x + w - x0 :] = 0
    return Segment(box=box, ink=cv2.bitwise_and(ink[y0:y1, x0:x1], near))


def find_digits(frame: np.ndarray, config: DetectConfig = DetectConfig(),
                ) -> tuple[np.ndarray, list[Candidate]]:
    """Finds the digits written on paper in a camera frame.

    Args:
        frame: BGR or gray uint8 frame.
        config: detector limits.

    Returns:
        The ink image (bright ink on black, frame-sized) and one Candidate per blob of
        ink that may be digits, in reading order.
    """
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    paper_small = paper_brightness(gray, config)
    ink = flatten_light(gray, paper_small)
    _, mask = cv2.threshold(ink, config.ink_threshold, 255, cv2.THRESH_BINARY)
    page = page_mask(paper_small, config)
    if page is not None:
        page_full = cv2.resize(page, (gray.shape[1], gray.shape[0]),
                               interpolation=cv2.INTER_NEAREST)
        mask = cv2.bitwise_and(mask, page_full)
    if cv2.countNonZero(mask) > config.max_ink_share * mask.size:
        return ink, []  # noise or a busy scene, not writing on paper: read nothing
    scale = gray.shape[0] / REFERENCE_HEIGHT
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
    height, width = mask.shape
    for group in group_parts(parts):
        box = parts[group[0]]
        for i in group[1:]:
            box = _union(box, parts[i])
        if box[0] == 0 or box[1] == 0 or box[0] + box[2] == width or box[1] + box[3] == height:
            continue  # cut by the edge of the view: part of a digit at best
        if min_h <= box[3] <= max_h:
            fill = cv2.countNonZero(mask[box[1] : box[1] + box[3], box[0] : box[0] + box[2]])
            fill /= float(box[2] * box[3])
            narrow = box[2] < config.narrow_width_over_height * box[3]  # a 1 fills its box
            if config.min_fill <= fill and (narrow or fill <= config.max_fill):
                boxes.append(box)
    candidates = []
    for i in reading_order(boxes):
        options = []
        for count in _piece_counts(boxes[i], config):
            pieces = [boxes[i]] if count == 1 else split_columns(mask, boxes[i], count)
            if pieces and all(p[3] >= min_h * 0.5 for p in pieces):
                options.append(tuple(_segment(ink, mask, p, config.margin) for p in pieces))
        if options:
            candidates.append(Candidate(tuple(options)))
    return ink, candidates
