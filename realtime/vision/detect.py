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

Sizes are in pixels of the working picture, from ``min_height`` up to nearly the whole
picture, so a close-up of one digit and a page of small ones go through the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.boxes import Box, union_box
from realtime.vision.blob_ink import BlobInk
from realtime.vision.detect_config import DEFAULT_DETECT, DetectConfig
from realtime.vision.ink import ink_mask
from realtime.vision.marks import digit_boxes, find_parts, on_an_edge, without_lines
from realtime.vision.picture import Picture
from realtime.vision.segment import Segment
from realtime.vision.touching import read_options


@dataclass(frozen=True)
class Candidate:
    """A blob of ink and the ways to read it: as one digit, or cut into 2, 3 or 4.

    The reader decides between the options (the one whose digits it is surest of).
    """

    options: tuple[tuple[Segment, ...], ...]

    @property
    def box(self) -> Box:
        """The whole blob's box."""
        box = self.options[0][0].box
        for segment in self.options[0][1:]:
            box = union_box(box, segment.box)
        return box


def find_digits(picture: Picture, config: DetectConfig = DEFAULT_DETECT) -> list[Candidate]:
    """Finds the handwritten digits in a prepared picture.

    Returns:
        One Candidate per blob of ink that may be digits (boxes in the working picture's
        pixels); each segment's ``ink`` is that digit's ink (bright on black).
    """
    gray = picture.gray
    ink = ink_mask(picture, config.paper)
    if cv2.countNonZero(ink.mask) > config.max_ink_share * ink.mask.size:
        return []  # noise or a busy scene, not writing on paper: read nothing
    ink, boxes = without_lines(ink, gray, config)
    parts, bars = find_parts(ink.mask, boxes, picture.clean, ink.lines is not None, config)
    reach = np.ones((2 * config.margin + 1,) * 2, np.uint8)
    candidates = []
    for box in digit_boxes(ink.mask, parts, config, picture.clean, bars):
        around = (config.margin if picture.clean
                  else max(config.margin, round(config.surround * max(box[2], box[3]))))
        blob = BlobInk.of(gray, ink, box, around, reach)
        if not picture.clean and (on_an_edge(gray, box, config)
                                  or not blob.on_plain_paper(ink, config.max_texture)):
            continue
        candidates.append(Candidate(read_options(blob, ink.mask, box, config)))
    return candidates
