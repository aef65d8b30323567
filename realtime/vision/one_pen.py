"""The digits of one picture are written with one pen: a mark much thinner and much
shorter than the picture's other writing is not writing.

Such marks are dashes of a ruled page's margin line broken by the threshold, slivers of
a page's rim or a desk's edge, or specks of noise, that the detector let through and
the model reads as 1s (on 660 generated close-ups, 7 of their 38 wrong readings; on
lined pages, 13 dashes of margin lines). On the development pictures (12,810 digits: close-ups,
crops, scans, ruled and squared paper, tilted sheets, phone and webcam photos, tiny
digits, and the real photos of paper_dev) the rule took 22 wrong readings and no right
one (with digits_v5); a written digit shorter than half its neighbours (a small digit
in a row of big ones) is still kept when its pen is as thick as theirs.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

#: A mark shorter than this share of the median height of the other marks read surely ...
OTHER_PEN_HEIGHT = 0.5
#: ... whose strokes are also thinner than this share of their median stroke width ...
OTHER_PEN_WIDTH = 0.5
#: ... and a hairline, at most this many pixels wide. The width of a digit's strokes is
#: measured from its ink's area and outline: a short stroke measures thinner than its pen
#: and a marker digit whose small loop filled in measures thicker, so that a small 1
#: beside a big 4 drawn with one 13 px brush measures 5.8 px against 26.9 px.
HAIRLINE = 3.5


def not_writing(heights: Sequence[float], stroke_widths: Sequence[float],
                sure: Sequence[bool]) -> list[bool]:
    """For each mark, whether it is not writing: shorter than ``OTHER_PEN_HEIGHT`` and
    thinner than ``OTHER_PEN_WIDTH`` of the medians of the other marks read surely, and
    no wider than a ``HAIRLINE``.

    Args:
        heights: each mark's height in pixels.
        stroke_widths: each mark's mean stroke width, in the same pixels
            (``normalize.normalize_ink_measured`` measures it on the way).
        sure: whether each mark was read surely (not unsure); only those are the
            picture's writing to compare with.
    """
    flags = [False] * len(heights)
    writing = [i for i, is_sure in enumerate(sure) if is_sure]
    if not writing or len(heights) < 2:
        return flags
    # a mark under the share of the median with itself is under it without itself too
    limit = OTHER_PEN_HEIGHT * statistics.median(heights[i] for i in writing)
    for i, height in enumerate(heights):
        if height >= limit or stroke_widths[i] > HAIRLINE:
            continue
        others = [j for j in writing if j != i]
        flags[i] = bool(others) and (
            height < OTHER_PEN_HEIGHT * statistics.median(heights[j] for j in others)
            and stroke_widths[i] < OTHER_PEN_WIDTH * statistics.median(
                stroke_widths[j] for j in others))
    return flags
