"""The ink mask: pixels on the page clearly darker than the paper under them.

The thresholds follow the ink's contrast: faint marks (ruled lines, paper grain, sensor
noise) stay below them, and a faint pencil on a scan is ink at a fraction of the darkness
a pen needs on a noisy photo. A clean picture (a pad, a paint program's image) has one
paper level: no light to flatten, no page to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.vision.images import sample_histogram, sample_of
from realtime.vision.light import darkness, small_copy, touching_rim
from realtime.vision.paper_config import DEFAULT_PAPER, PaperConfig
from realtime.vision.paper_maps import PaperMaps, maps_for
from realtime.vision.picture import Picture

_BESIDE = np.ones((3, 3), np.uint8)
#: A clean picture's contrast leaves out marks touching its edge when ink covers at
#: least this share of the rest of it.
RIM_FREE_INK = 0.001
#: A photo's noise is measured on a sample about this many pixels across.
NOISE_SAMPLE = 90
#: A normal distribution's standard deviation per median absolute deviation.
MAD_TO_SIGMA = 1.4826


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
        maps: a photo's light and page (``paper_maps``), for a video's next frame; None
            for a clean picture.
    """

    mask: np.ndarray
    paper: np.ndarray | int
    page: np.ndarray | None = None
    lines: np.ndarray | None = None
    maps: PaperMaps | None = None

    def ink(self, gray: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
        """How much darker than the paper each pixel of a crop is (0-255, a share of the
        paper's brightness)."""
        paper = self.paper if isinstance(self.paper, int) else self.paper[y0:y1, x0:x1]
        return darkness(gray[y0:y1, x0:x1], paper)


def ink_mask(picture: Picture, config: PaperConfig = DEFAULT_PAPER,
             previous: PaperMaps | None = None) -> InkMask:
    """The ink of a picture: pixels on the page clearly darker than the paper around them.

    ``(paper - gray) / paper >= threshold`` is worked out without dividing the whole
    picture: gray below the paper's brightness scaled down by the threshold; off the
    page nothing is ink. The thresholds come from the ink's contrast, measured on the
    small copy (see ``thresholds``); full-size passes are the cost. ``previous``: an
    earlier frame's maps of a photo, kept while the view holds still (``paper_maps``).
    """
    if picture.paper_level is not None:
        hist = _clean_levels(picture, config)
        return _clean_ink(picture.gray, picture.paper_level, hist, config)
    return _photo_ink(picture.gray, config, previous)


def _clean_levels(picture: Picture, config: PaperConfig) -> np.ndarray:
    """A clean picture's level histogram for its ink contrast: its ``sample_histogram``,
    but without the marks that touch the picture's edge when there is ink elsewhere (a
    flatbed scan's black edges would set a faint pen's threshold, see ``_off_the_rim``;
    a digit that fills a small picture to its edges is all the ink there is)."""
    hist = (sample_histogram(picture.gray) if picture.histogram is None
            else picture.histogram)
    level = picture.paper_level
    sample = sample_of(picture.gray)
    floor = level * (1 - config.photo_floors[1] / 255)
    rim = np.concatenate((sample[0], sample[-1], sample[:, 0], sample[:, -1]))
    if not (rim < floor).any():
        return hist  # nothing dark at the edge (a pad, as a rule): the histogram as it is
    measured = _off_the_rim(darkness(sample, level), config)
    inner = cv2.calcHist([sample], [0], measured, [256], [0, 256]).ravel()
    if inner[: int(floor)].sum() < RIM_FREE_INK * sample.size:
        return hist
    return inner


def _clean_ink(gray: np.ndarray, level: int, hist: np.ndarray, config: PaperConfig,
               ) -> InkMask:
    """A clean picture's ink: darker than its one paper ``level``, by thresholds from the
    darkest ink in ``hist``, its ``sample_histogram``."""
    below_paper = hist[: level + 1][::-1]  # by darkness below paper
    darkest = _contrast(below_paper, config.contrast_percentile) * 255 / max(level, 1)
    clear, faint = thresholds(darkest, config.clean_floors, config)
    return InkMask(_mask(gray, level * (1 - clear / 255),
                         None if faint == clear else level * (1 - faint / 255)), level)


def _photo_ink(gray: np.ndarray, config: PaperConfig, previous: PaperMaps | None,
               ) -> InkMask:
    """A photo's or a scan's ink: the light flattened and the page found on the small
    copy (or kept from ``previous``), the thresholds from the ink's contrast on the page
    there."""
    small = small_copy(gray, config)
    maps = maps_for(small, gray.shape, config, previous)
    ink_small = darkness(small, maps.paper_small)
    if maps.page_small is not None:
        ink_small = cv2.bitwise_and(ink_small, maps.page_small)
    measured = None if maps.page_small is not None else _off_the_rim(ink_small, config)
    hist = cv2.calcHist([ink_small], [0], measured, [256], [0, 256]).ravel()
    paper, page = maps.paper, maps.page
    contrast = _contrast(hist, config.contrast_percentile)
    clear, faint = thresholds(contrast, _photo_floors(contrast, gray, paper, page, config),
                              config)
    mask = _mask(gray, cv2.convertScaleAbs(paper, alpha=1 - clear / 255),
                 None if faint == clear else cv2.convertScaleAbs(paper, alpha=1 - faint / 255))
    if page is None:
        return InkMask(mask, paper, maps=maps)
    return InkMask(cv2.bitwise_and(mask, page), paper, page, maps=maps)  # off the page: no ink


def _off_the_rim(ink_small: np.ndarray, config: PaperConfig) -> np.ndarray:
    """Where the ink's contrast is measured when no page was told apart (0/255):
    everywhere but the marks that touch the picture's edge (a scanner's dark edge, a
    strip of desk, a digit cut in half), which would set the threshold for a faint pen
    by something far darker. (A page found leaves the desk out already.)"""
    _, marks = cv2.threshold(ink_small, config.photo_floors[1], 255, cv2.THRESH_BINARY)
    count, labels = cv2.connectedComponents(marks, connectivity=8)
    touching = touching_rim(labels, count)
    if not touching.any():
        return np.full(ink_small.shape, 255, np.uint8)
    return np.where(touching[labels], 0, 255).astype(np.uint8)


def _photo_floors(contrast: float, gray: np.ndarray, paper: np.ndarray,
                  page: np.ndarray | None, config: PaperConfig) -> tuple[float, float]:
    """The lowest (clear, faint) thresholds a photo's ink may have: fixed for dark ink
    (one threshold); for faint ink, as low as the noise allows."""
    if config.contrast_share * contrast >= config.ink_threshold:
        return config.photo_floors
    noise = noise_level(gray, paper, page)
    return (max(config.photo_floors[0], config.noise_floor[0] * noise),
            max(config.photo_floors[1], config.noise_floor[1] * noise))


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
    return MAD_TO_SIGMA * float(np.median(np.abs(darker - middle)))


def _contrast(darkness_levels: np.ndarray, share: float) -> float:
    """The darkness (0-255) that only ``share`` of the pixels reach, from a 256-bin
    histogram of darkness."""
    above = np.cumsum(darkness_levels[::-1])[::-1]  # pixels at least this dark
    reached = np.flatnonzero(above >= share * max(above[0], 1))
    return float(reached[-1]) if len(reached) else 0.0


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
