"""Finding the handwritten digits in a picture: blobs of ink, and the ways to read them.

The ink mask comes from ``ink.ink_mask``. Then:

1. **Parts** (``marks.py``): outer contours of the ink, after the lines of ruled or squared
   paper are taken out (``lines.py``). Specks are dropped, and so are marks cut by the edge
   of a photo (the desk, a dark rim, a scanner edge, half a digit) and long flat lines (the
   page edge, an underline) that are not digits.
2. **Digits** (``marks.py``): parts stacked in one column merge (a 5's detached top, a 4 in
   two strokes; in a clean picture also a bar overhanging its body, and a long thin line
   that is a 7's bar or a 2's base rather than an underline); digits of an implausible
   size or fill are dropped, and so are a page's rim and marks on a textured desk rather
   than plain paper (``blob_ink.py``).
3. **Touching digits** (``touching.py``): a blob wide enough to hold several digits is
   offered whole and cut at its thinnest columns; the classifier picks the reading it is
   surest of.
4. **A close-up's pieces**: a picture's few marks (at most ``PIECES_MOST``), in no row,
   that together are shaped like one digit filling much of the picture are also offered
   as one digit (a faint pencil broken by the threshold, a 5's floating bar); the
   reader takes that only when the model is sure of it and surer than of the pieces.

Sizes are in pixels of the working picture, from ``min_height`` up to nearly the whole
picture, so a close-up of one digit and a page of small ones go through the same steps.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from realtime.boxes import Box, union_box
from realtime.vision.blob_ink import BlobInk
from realtime.vision.detect_config import DEFAULT_DETECT, DetectConfig
from realtime.vision.ink import InkMask, ink_mask
from realtime.vision.marks import digit_boxes, find_parts, on_an_edge, without_lines
from realtime.vision.picture import Picture
from realtime.vision.segment import Segment, row_mates
from realtime.vision.touching import read_options

#: At most this many marks in a picture may be pieces of one digit ...
PIECES_MOST = 5
#: ... together at least this share of the picture's height, and from this ...
PIECES_HEIGHT_SHARE = 0.3
#: ... to this many times as wide as tall.
PIECES_MIN_WIDTH = 0.3
PIECES_MAX_WIDTH = 1.2


@dataclass(frozen=True)
class Candidate:
    """A blob of ink and the ways to read it: as one digit, or cut into 2, 3 or 4.

    The reader decides between the options (the one whose digits it is surest of).
    ``joined``: the last option is the first option's pieces read as one digit (see
    ``_pieces_of_one_digit``), to be taken only when the model is sure of it.
    """

    options: tuple[tuple[Segment, ...], ...]
    joined: bool = False

    @property
    def box(self) -> Box:
        """The whole blob's box."""
        return functools.reduce(union_box, (segment.box for segment in self.options[0]))


def find_digits(picture: Picture, config: DetectConfig = DEFAULT_DETECT,
                ink: InkMask | None = None) -> list[Candidate]:
    """Finds the handwritten digits in a prepared picture.

    Args:
        ink: the picture's ``ink.ink_mask``, when the caller made it (to keep its maps
            for a video's next frame); made here otherwise.

    Returns:
        One Candidate per blob of ink that may be digits (boxes in the working picture's
        pixels), or one for all of a close-up's few pieces (``_pieces_of_one_digit``);
        each segment's ``ink`` is that digit's ink (bright on black).
    """
    gray = picture.gray
    ink = ink if ink is not None else ink_mask(picture, config.paper)
    if cv2.countNonZero(ink.mask) > config.max_ink_share * ink.mask.size:
        return []  # noise or a busy scene, not writing on paper: read nothing
    ink, boxes = without_lines(ink, gray, config)
    parts, bars = find_parts(ink.mask, boxes, picture.clean, ink.lines is not None, config)
    reach = np.ones((2 * config.margin + 1,) * 2, np.uint8)
    candidates = []
    for box in digit_boxes(ink.mask, parts, config, picture.clean, bars):
        blob = BlobInk.of(gray, ink, box, _around(box, picture.clean, config), reach)
        if not picture.clean and (on_an_edge(gray, box, config)
                                  or not blob.on_plain_paper(ink, config.max_texture)):
            continue
        candidates.append(Candidate(read_options(blob, ink.mask, box, config)))
    whole = _pieces_of_one_digit(candidates, picture, ink, reach, config)
    return candidates if whole is None else [whole]


def _around(box: Box, clean: bool, config: DetectConfig) -> int:
    """How far around a blob its ink is taken: the crop's margin in a clean picture,
    farther in a photo (its paper is checked for texture there)."""
    if clean:
        return config.margin
    return max(config.margin, round(config.surround * max(box[2], box[3])))


def _pieces_of_one_digit(candidates: list[Candidate], picture: Picture, ink: InkMask,
                         reach: np.ndarray, config: DetectConfig) -> Candidate | None:
    """A close-up's few marks that may be one digit broken into pieces (a faint pencil
    the threshold broke, a shadow across a stroke, a 5's bar floating off its body): one
    Candidate that offers them as they are (each whole) and as one digit, for the
    classifier to pick (``joined``); None when they are not such marks (more than
    ``PIECES_MOST``, standing in a row, or together not shaped like one digit filling
    much of the picture)."""
    if not 2 <= len(candidates) <= PIECES_MOST:
        return None
    boxes = [candidate.box for candidate in candidates]
    if row_mates(boxes).any():
        return None
    box = functools.reduce(union_box, boxes)
    if (box[3] < PIECES_HEIGHT_SHARE * picture.gray.shape[0]
            or not PIECES_MIN_WIDTH <= box[2] / box[3] <= PIECES_MAX_WIDTH):
        return None
    blob = BlobInk.of(picture.gray, ink, box, _around(box, picture.clean, config), reach)
    pieces = tuple(segment for candidate in candidates for segment in candidate.options[0])
    return Candidate((pieces, blob.segments([box], config.margin)), joined=True)
