"""The paper under the ink: its brightness everywhere, where the page is, and the ink mask.

1. **Flatten the light**: the paper's brightness is estimated everywhere with a
   morphological closing on a small copy (it fills in the ink strokes but follows
   shadows, gradients and the page edge); each pixel's ink is how much darker than the
   paper it is, as a share of the paper's brightness, so shadows and uneven light cancel.
2. **The page**: in that brightness estimate the page's border is a sharp step and a
   shadow a gentle slope, so the page is the brightest region bounded by strong edges;
   the desk around it is ignored.
3. **Ink mask**: pixels on the page clearly darker than the paper. Faint marks (ruled
   lines, paper grain) stay below the threshold.

A clean picture (a pad, a paint program's image) has one paper level: no closing, no page.
All sizes scale with the picture, so a close-up and a page of small digits are alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.vision.picture import Picture

_BESIDE = np.ones((3, 3), np.uint8)
#: A clean picture's ink contrast is measured on a sample about this many pixels across,
CONTRAST_SAMPLE = 120
#: and a photo's noise on one about this many.
NOISE_SAMPLE = 90


@dataclass(frozen=True)
class PaperConfig:
    """How the paper is found (sizes at the small copy's resolution unless said)."""

    background_side: int = 180  #: the small copy is about this many pixels on its short side
    background_reach: float = 0.083  #: the closing is this share of its short side wide ...
    fat_reach: float = 0.3  #: ... and a second one, for marker strokes, this share
    fat_contrast: float = 0.2  #: the second is this much brighter inside a marker stroke,
    stroke_edge: float = 0.5  #: whose edge steps by this share of its depth within
    edge_side: int = 7  #: this many pixels (a scan enlarged 4-8x has 4-8 px soft edges)
    min_page_side: int = 90  #: a smaller copy is a close crop: no desk around a page in it
    page_edge: int = 20  #: a brightness step this sharp (per 3 px of the copy) is the page edge
    page_edge_width: int = 2  #: edges are widened this much to close small gaps
    page_contrast: float = 1.2  #: the page is this much brighter than any other region
    paper_share: float = 0.85  #: regions this share as bright as the brightest are page
    min_page_share: float = 0.05  #: regions smaller than this share of the view are ignored
    max_page_share: float = 0.97  #: a page bigger than this fills the view: no desk to drop
    page_margin: int = 4  #: pixels of the copy cut from the page edge
    leak_share: float = 0.15  #: a page region this much bigger than its border's hull ...
    leak_darkness: float = 0.75  #: ... there this much darker than inside it, has leaked
    ink_threshold: int = 60  #: darker than the paper by this much (of 255) is ink, or by
    contrast_share: float = 0.5  #: this share of the picture's darkest ink where it is faint,
    contrast_percentile: float = 0.005  #: (the darkness this share of the pixels reaches)
    faint_share: float = 0.5  #: ink this share as dark counts right beside such ink;
    photo_floors: tuple[int, int] = (30, 25)  #: never below these on a photo (noise, grain),
    noise_floor: tuple[float, float] = (4.5, 3.0)  #: nor these many times its noise level,
    clean_floors: tuple[int, int] = (16, 8)  #: or these on a clean picture


@dataclass(frozen=True)
class InkMask:
    """Where the ink is, and the paper's brightness to measure each crop's ink against.

    Attributes:
        mask: uint8 0/255 at the picture's working size.
        paper: the paper's brightness, full size, or one level for a clean picture.
        page: where the page is (0/255), when it was told apart from a desk around it;
            the mask holds nothing off it.
        lines: where ruled or squared paper's lines were taken out of the mask (0/255),
            or None: a digit's crop leaves them out too.
    """

    mask: np.ndarray
    paper: np.ndarray | int
    page: np.ndarray | None = None
    lines: np.ndarray | None = None

    def ink(self, gray: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
        """How much darker than the paper each pixel of a crop is (0-255, a share of the
        paper's brightness)."""
        paper = self.paper if isinstance(self.paper, int) else self.paper[y0:y1, x0:x1]
        return darkness(gray[y0:y1, x0:x1], paper)


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


def _contrast(darkness_levels: np.ndarray, share: float) -> float:
    """The darkness (0-255) that only ``share`` of the pixels reach, from a 256-bin
    histogram of darkness."""
    above = np.cumsum(darkness_levels[::-1])[::-1]  # pixels at least this dark
    reached = np.flatnonzero(above >= share * max(above[0], 1))
    return float(reached[-1]) if len(reached) else 0.0


def noise_level(gray: np.ndarray, paper: np.ndarray, page: np.ndarray | None = None,
                ) -> float:
    """How much the paper's pixels scatter around the paper's brightness (a robust
    standard deviation, in the 0-255 darkness scale), on a sample of the page (the
    whole picture when no page was told apart): sensor noise and paper grain, which a
    threshold must stay clear of."""
    step = max(1, min(gray.shape) // NOISE_SAMPLE)
    paper_sample = paper[::step, ::step].astype(np.float32)
    darker = (paper_sample - gray[::step, ::step]) / np.maximum(paper_sample, 1) * 255
    if page is not None:
        darker = darker[page[::step, ::step] > 0]
        if darker.size == 0:
            return 0.0
    middle = float(np.median(darker))
    return 1.4826 * float(np.median(np.abs(darker - middle)))


def thresholds(contrast: float, floors: tuple[float, float], config: PaperConfig,
               ) -> tuple[int, int]:
    """The (clear, faint) ink thresholds for a picture whose darkest ink reaches
    ``contrast``: half of it, but at least ``floors`` and at most ``ink_threshold``. A
    faint pencil on a scan is ink at a fraction of the darkness a pen needs on a noisy
    photo, and breaks up at one threshold: then fainter ink beside it joins it. Dark
    ink is whole at one threshold (a second one only joins neighbours' halos)."""
    clear = round(np.clip(config.contrast_share * contrast, floors[0], config.ink_threshold))
    if clear >= config.ink_threshold:
        return clear, clear
    return clear, round(min(clear, max(floors[1], clear * config.faint_share)))


def _mask(gray: np.ndarray, below: np.ndarray | float,
          faint_below: np.ndarray | float | None = None) -> np.ndarray:
    """Pixels darker than ``below``, and those darker than ``faint_below`` (when given)
    right beside them: grainy pencil and faint pens break up at one threshold, so
    fainter ink beside clear ink joins it (the gaps between grains); faint marks alone
    do not."""
    mask = cv2.compare(gray, below, cv2.CMP_LT)
    if faint_below is None:
        return mask
    beside = cv2.dilate(mask, _BESIDE)
    return cv2.bitwise_or(mask, cv2.bitwise_and(cv2.compare(gray, faint_below, cv2.CMP_LT),
                                                beside))


def ink_mask(picture: Picture, config: PaperConfig = PaperConfig()) -> InkMask:
    """The ink of a picture: pixels on the page clearly darker than the paper around them.

    ``(paper - gray) / paper >= threshold`` is worked out without dividing the whole
    picture: gray below the paper's brightness scaled down by the threshold; off the
    page nothing is ink. The thresholds come from the ink's contrast, measured on the
    small copy (see ``thresholds``); full-size passes are the cost.
    """
    gray = picture.gray
    height, width = gray.shape
    level = picture.paper_level
    if level is not None:
        step = max(1, min(gray.shape) // CONTRAST_SAMPLE)
        hist = cv2.calcHist([np.ascontiguousarray(gray[::step, ::step])], [0], None, [256],
                            [0, 256]).ravel()[: level + 1][::-1]  # by darkness below paper
        darkest = _contrast(hist, config.contrast_percentile) * 255 / max(level, 1)
        clear, faint = thresholds(darkest, config.clean_floors, config)
        return InkMask(_mask(gray, level * (1 - clear / 255),
                             None if faint == clear else level * (1 - faint / 255)), level)
    small = small_copy(gray, config)
    paper_small = paper_brightness_of(small, config)
    page = page_mask(paper_small, config)
    ink_small = darkness(small, paper_small)
    if page is not None:
        ink_small = cv2.bitwise_and(ink_small, page)
    hist = cv2.calcHist([ink_small], [0], None, [256], [0, 256]).ravel()
    paper = upscale(paper_small, width, height)
    if page is not None:
        page = upscale(page, width, height)
    contrast = _contrast(hist, config.contrast_percentile)
    if config.contrast_share * contrast >= config.ink_threshold:  # dark ink: one threshold
        floors = config.photo_floors
    else:  # faint ink: how low the threshold may go depends on the noise
        noise = noise_level(gray, paper, page)
        floors = (max(config.photo_floors[0], config.noise_floor[0] * noise),
                  max(config.photo_floors[1], config.noise_floor[1] * noise))
    clear, faint = thresholds(contrast, floors, config)
    mask = _mask(gray, cv2.convertScaleAbs(paper, alpha=1 - clear / 255),
                 None if faint == clear else cv2.convertScaleAbs(paper, alpha=1 - faint / 255))
    if page is None:
        return InkMask(mask, paper)
    return InkMask(cv2.bitwise_and(mask, page), paper, page)  # off the page nothing is ink


def _filled_hull(binary: np.ndarray) -> np.ndarray:
    """The convex hull of a binary image's pixels, filled (from their outline: fast)."""
    outline, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    mask = np.zeros_like(binary)
    if outline:
        cv2.fillConvexPoly(mask, cv2.convexHull(np.vstack(outline)), 255)
    return mask


def page_mask(paper_small: np.ndarray, config: PaperConfig) -> np.ndarray | None:
    """Where the page is (on the small copy), or None when it cannot be told apart (the
    page fills the view, or no region stands out).

    In the paper-brightness image the ink is gone, the page's border is a sharp step
    and a shadow is a gentle slope. So the page is the brightest large region enclosed
    by strong edges: a shadow across the page does not cut it, the desk is outside it.
    Where a deep shadow hides part of the border, that region leaks into the desk; then
    the hull of the border itself (the longest edge) is the page.
    """
    if min(paper_small.shape) < config.min_page_side:
        return None
    gradient = cv2.morphologyEx(paper_small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    _, edges = cv2.threshold(gradient, config.page_edge, 255, cv2.THRESH_BINARY)
    square = np.ones((3, 3), np.uint8)
    edges = cv2.dilate(edges, square, iterations=config.page_edge_width)  # closes small gaps
    border = _border_hull(edges)
    count, labels = cv2.connectedComponents(cv2.bitwise_not(edges), connectivity=4)
    areas = np.bincount(labels.ravel(), minlength=count)  # labels without stats: 2x faster
    big = [k for k in range(1, count) if areas[k] >= config.min_page_share * paper_small.size]
    if len(big) < 2:  # one region: the border has a gap (a shadow hides it), or no border
        if border is None or not _brighter_inside(border, paper_small, config):
            return None
        return _finish_page(border, config.page_edge_width + config.page_margin, config)
    sums = np.bincount(labels.ravel(), weights=paper_small.ravel(), minlength=count)
    brightness = {k: sums[k] / areas[k] for k in big}  # each region's mean
    brightest = max(brightness.values())
    # the page's regions (a shadow's edge may cut it in two): all about as bright as the
    # brightest; the desk is clearly darker than they are
    paper = [k for k in big if brightness[k] >= config.paper_share * brightest]
    others = [brightness[k] for k in big if k not in paper]
    if not others or brightest < config.page_contrast * max(max(others), 1.0):
        return None
    # a page has no holes or notches (edges inside it, around marks, cut some): its hull
    hull = _filled_hull(np.isin(labels, paper).astype(np.uint8))
    if border is not None and _leaked(hull, border, paper_small, config):
        return _finish_page(border, config.page_edge_width + config.page_margin, config)
    hull = cv2.dilate(hull, square, iterations=config.page_edge_width)  # over the edge's width
    return _finish_page(hull, config.page_margin, config)


def _leaked(region: np.ndarray, border: np.ndarray, paper_small: np.ndarray,
            config: PaperConfig) -> bool:
    """True when the page region reaches well beyond the border's hull into something
    much darker than the page inside the border: the desk, through a gap."""
    outside = cv2.bitwise_and(region, cv2.bitwise_not(border))
    if cv2.countNonZero(outside) < config.leak_share * cv2.countNonZero(border):
        return False
    darker = cv2.mean(paper_small, mask=outside)[0]
    return darker < config.leak_darkness * cv2.mean(paper_small, mask=border)[0]


def _brighter_inside(hull: np.ndarray, paper_small: np.ndarray, config: PaperConfig) -> bool:
    """True when the paper inside a border's hull is clearly brighter than outside it,
    as a page is against the desk (not a sliver of desk between the page and the edge
    of the view)."""
    outside = cv2.bitwise_not(hull)
    if not cv2.countNonZero(outside):
        return False
    inside_level = cv2.mean(paper_small, mask=hull)[0]
    return inside_level >= config.page_contrast * max(cv2.mean(paper_small, mask=outside)[0], 1)


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
