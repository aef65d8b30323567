"""The digits of one picture are written with one pen: a mark much thinner and much
shorter than the picture's other writing, or much fainter, is not writing.

Thin, short marks are dashes of a ruled page's margin line broken by the threshold, slivers of
a page's rim or a desk's edge, or specks of noise, that the detector let through and
the model reads as 1s (on 660 generated close-ups, 7 of their 38 wrong readings; on
lined pages, 13 dashes of margin lines). On the development pictures (12,810 digits: close-ups,
crops, scans, ruled and squared paper, tilted sheets, phone and webcam photos, tiny
digits, and the real photos of paper_dev) the rule took 22 wrong readings and no right
one (with digits_v5); a written digit shorter than half its neighbours (a small digit
in a row of big ones) is still kept when its pen is as thick as theirs.

Faint marks are what a printed grid or ruled lines leave where the threshold took only
their darker stretches, apart from the lines it took out: on squared and lined pages
they read as sure 1s, 4s and 7s. A mark whose ink is less than half as dark (over the
paper) as the median of the picture's other sure readings is no writing: on the
development pictures that took 57 wrong readings (52 on squared and lined paper) and no
right one. Digits under 14 px tall are left to the model: their strokes are thinner than
a camera's blur, which makes them look fainter than they are (3 tiny digits among the
development pictures' 706 would have been lost).
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
#: A mark at least this many pixels tall, whose ink is less than this share as dark as
#: the median of at least ``MIN_OTHERS`` other marks read surely, is no writing.
FAINT_MIN_HEIGHT = 14
OTHER_PEN_CONTRAST = 0.5
MIN_OTHERS = 2


def not_writing(heights: Sequence[float], stroke_widths: Sequence[float],
                sure: Sequence[bool], contrasts: Sequence[float] | None = None,
                ) -> list[bool]:
    """For each mark, whether it is not writing: shorter than ``OTHER_PEN_HEIGHT`` and
    thinner than ``OTHER_PEN_WIDTH`` of the medians of the other marks read surely, and
    no wider than a ``HAIRLINE``; or, when ``contrasts`` are given, at least
    ``FAINT_MIN_HEIGHT`` tall and fainter than ``OTHER_PEN_CONTRAST`` of theirs.

    Args:
        heights: each mark's height in pixels.
        stroke_widths: each mark's mean stroke width, in the same pixels
            (``normalize.normalize_ink_measured`` measures it on the way).
        sure: whether each mark was read surely (not unsure); only those are the
            picture's writing to compare with.
        contrasts: how much darker each mark's ink is than its paper (measured on the
            way too), or None not to judge marks by it.
    """
    flags = [False] * len(heights)
    writing = [i for i, is_sure in enumerate(sure) if is_sure]
    if not writing or len(heights) < 2:
        return flags
    # a mark under the share of the median with itself is under it without itself too
    limit = OTHER_PEN_HEIGHT * statistics.median(heights[i] for i in writing)
    # and no median of all but one of the sure marks' contrasts is above this one of them
    ordered = sorted(contrasts[i] for i in writing) if contrasts is not None else []
    faint = OTHER_PEN_CONTRAST * ordered[min(len(ordered) - 1, len(ordered) // 2 + 1)] \
        if ordered else 0.0
    for i, height in enumerate(heights):
        if contrasts is not None and contrasts[i] < faint:
            flags[i] = _fainter(i, height, contrasts, [j for j in writing if j != i])
        if flags[i] or height >= limit or stroke_widths[i] > HAIRLINE:
            continue
        others = [j for j in writing if j != i]
        flags[i] = bool(others) and (
            height < OTHER_PEN_HEIGHT * statistics.median(heights[j] for j in others)
            and stroke_widths[i] < OTHER_PEN_WIDTH * statistics.median(
                stroke_widths[j] for j in others))
    return flags


def _fainter(i: int, height: float, contrasts: Sequence[float], others: list[int]) -> bool:
    """Whether mark ``i`` is at least ``FAINT_MIN_HEIGHT`` tall and much fainter than the
    ``others`` (see ``OTHER_PEN_CONTRAST``)."""
    return (height >= FAINT_MIN_HEIGHT and len(others) >= MIN_OTHERS
            and contrasts[i] < OTHER_PEN_CONTRAST * statistics.median(
                contrasts[j] for j in others))
