"""The limits that find the paper under the ink: the light's flattening, the page against
the desk, and the ink thresholds (``light.py``, ``page.py``, ``ink.py``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PaperConfig:
    """How the paper is found (sizes at the small copy's resolution unless said)."""

    background_side: int = 180  #: the small copy is about this many pixels on its short side
    background_reach: float = 0.083  #: the closing is this share of its short side wide ...
    fat_reach: float = 0.3  #: ... and a second one, for marker strokes, this share
    fat_contrast: float = 0.2  #: the second is this much brighter inside a marker stroke,
    #: a region that is so only together with a shadow or a strip of desk along the
    #: picture's edge is looked at again at this contrast: a marker is darker than both
    fat_strong_contrast: float = 0.5
    stroke_edge: float = 0.5  #: whose edge steps by this share of its depth within
    edge_side: int = 7  #: this many pixels (a scan enlarged 4-8x has 4-8 px soft edges)
    min_page_side: int = 90  #: a smaller copy is a close crop: no desk around a page in it
    page_edge: int = 20  #: a brightness step this sharp (per 3 px of the copy) is the page edge
    page_edge_width: int = 2  #: edges are widened this much to close small gaps
    page_contrast: float = 1.2  #: the page is this much brighter than any other region
    paper_share: float = 0.85  #: regions this share as bright as the brightest are page
    min_page_share: float = 0.05  #: regions smaller than this share of the view are ignored
    max_page_share: float = 0.97  #: a page bigger than this fills the view: no desk to drop
    #: pixels of the copy cut from the page edge, where the desk's blur leaves dark rims
    #: (4 cut the top row off a note written up to a fifth of a digit from its edge)
    page_margin: int = 3
    leak_share: float = 0.15  #: a page region this much bigger than its border's hull ...
    leak_darkness: float = 0.75  #: ... there this much darker than inside it, has leaked
    long_edge: float = 0.5  #: edges this share as long as the longest bound a page together
    ink_threshold: int = 60  #: darker than the paper by this much (of 255) is ink, or by
    contrast_share: float = 0.5  #: this share of the picture's darkest ink where it is faint,
    contrast_percentile: float = 0.005  #: (the darkness this share of the pixels reaches)
    faint_share: float = 0.5  #: ink this share as dark counts right beside such ink;
    photo_floors: tuple[int, int] = (30, 25)  #: never below these on a photo (noise, grain),
    noise_floor: tuple[float, float] = (4.5, 3.0)  #: nor these many times its noise level,
    clean_floors: tuple[int, int] = (16, 8)  #: or these on a clean picture


DEFAULT_PAPER = PaperConfig()
