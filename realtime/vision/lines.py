"""Ruled and squared paper: finding the printed lines in the ink and taking them out.

A notebook's lines are as dark as a pencil and run through the digits written on them,
so at the ink threshold a ruled line and every digit touching it are one long mark.
Lines are found only in such marks, those that span a large part of the picture:

1. **Direction**: the mark's pixels are mostly the lines', so the lines' direction is
   the shear under which those pixels pile into the fewest, fullest rows; for squared
   paper the same is sought across them too.
2. **Lines**: in the mark turned so that its lines lie level, what a long, flat opening
   keeps is line (after short gaps along it are closed: a faint line breaks into dashes
   at the threshold); digits have no straight stroke that long. A big mark is worked in
   tiles, each turned on its own: in a photo the lines converge, and no single angle
   lays them all level.
3. **Crossings**: where a digit's stroke crosses a line, the line's pixels with stroke
   on both sides of the line are kept, so the digit is not cut in two.
4. **Other marks**: a digit inside a mark's box that touches no line keeps its ink, even
   a straight bar, unless most of it is line (a piece of the grid).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from realtime.boxes import Box

#: The direction of lines is measured on at most this many of a mark's pixels.
MAX_POINTS = 3000
#: The lines' angle is searched in steps of this many degrees over the whole range, then
#: finer around the best.
COARSE_STEP = 2.0
FINE_STEP = 0.25
_FILL = np.ones((3, 3), np.uint8)
#: Other marks inside a box of lines keep their ink when shaped like a digit and less
#: than this share of them is line.
LINE_SHARE = 0.75
#: Ink this close to the page's edge (in pixels) reaches it.
_EDGE = np.ones((25, 25), np.uint8)
#: An end of a mark is this share of its length at either side.
_END = 0.25


@dataclass(frozen=True)
class LineConfig:
    """Which marks hold lines, and how lines are told from strokes."""

    min_span: float = 0.5  #: a mark this share of the picture's width (or height) long ...
    max_fill: float = 0.35  #: ... and at most this full (ink over its box) may hold lines
    min_run: float = 0.3  #: a line runs straight for this share of the mark's length
    min_run_pixels: int = 40  #: and at least this many pixels
    slack: int = 1  #: a line may bend this many pixels away from straight over a run
    gap: int = 15  #: a faint line broken by the threshold may have gaps this long
    tile: int = 600  #: lines are followed in tiles about this big (a photo's converge)
    crossing: int = 6  #: a stroke crossing a line reaches this far beyond it on both sides
    stroke_over_line: int = 3  #: ink this much taller than a line is thick is a stroke
    max_tilt: float = 20.0  #: lines are sought up to this many degrees from level
    #: a mark that reaches the page's edge at one end only holds lines when it is this
    #: many times longer than thick (a line broken off by the threshold), not when it is
    #: shaped like digits (a close-up's digit near a tilted note's edge)
    one_end_aspect: float = 4.0


def page_span(mask: np.ndarray, page: np.ndarray | None) -> tuple[int, int]:
    """The width and height lines may run across: the page's, or the picture's."""
    return mask.shape[::-1] if page is None else tuple(cv2.boundingRect(page)[2:])


def holds_lines(mark: np.ndarray, box: Box, page: np.ndarray | None, span: tuple[int, int],
                config: LineConfig) -> bool:
    """True for a mark (the ink mask) in ``box`` long enough (of ``span``, see
    ``page_span``), and sparse enough, to be ruled lines (with whatever is written on
    them) that run on to the edge of the page at both ends, or right across the picture
    when no page is told apart. A digit, even one filling a close-up, stops short of
    both; it may come near one edge of a tilted note, but only a long thin mark (a line
    broken off at one end) holds lines when it reaches the page's edge at one end."""
    height, width = mark.shape
    x, y, w, h = box
    if w < config.min_span * span[0] and h < config.min_span * span[1]:
        return False  # most marks: not long, nothing to measure
    region = mark[y : y + h, x : x + w]
    if cv2.countNonZero(region) > config.max_fill * w * h:
        return False
    if page is None:
        return (x == 0 and x + w == width) or (y == 0 and y + h == height)
    # the ink stops a little inside the page's edge
    inside = cv2.erode(page[y : y + h, x : x + w], _EDGE)
    ys, xs = np.nonzero(cv2.bitwise_and(region, cv2.bitwise_not(inside)))
    if len(xs) == 0:
        return False
    if max(w, h) >= config.one_end_aspect * min(w, h):
        return True
    across = (w >= config.min_span * span[0] and xs.min() < _END * w
              and xs.max() >= (1 - _END) * w)
    down = (h >= config.min_span * span[1] and ys.min() < _END * h
            and ys.max() >= (1 - _END) * h)
    return bool(across or down)


def level_angle(mark: np.ndarray, config: LineConfig, upright: bool = False) -> float:
    """The angle (degrees; positive when lines fall to the right) that makes a binary
    mark's lines level: the shear under which its pixels pile up in the fewest, fullest
    rows (coarse to fine). ``upright`` measures the lines across them (squared paper)."""
    ys, xs = np.nonzero(mark)
    if upright:
        xs, ys = ys, xs
    if len(xs) > MAX_POINTS:
        pick = np.linspace(0, len(xs) - 1, MAX_POINTS).astype(np.int64)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64) - xs.mean()
    best = 0.0
    for span, step in ((config.max_tilt, COARSE_STEP), (COARSE_STEP, FINE_STEP)):
        angles = np.arange(best - span, best + span + step / 2, step)
        scores = []
        for angle in angles:
            rows = np.round(ys - xs * math.tan(math.radians(angle))).astype(np.int64)
            counts = np.bincount(rows - rows.min())
            scores.append(float(np.dot(counts, counts)))
        best = float(angles[int(np.argmax(scores))])
    return best


def _rotate(mark: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """The mark turned by ``degrees`` on a canvas that holds all of it; and the matrix."""
    height, width = mark.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w = int(math.ceil(height * sin + width * cos))
    new_h = int(math.ceil(height * cos + width * sin))
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    turned = cv2.warpAffine(mark, matrix, (new_w, new_h), flags=cv2.INTER_NEAREST)
    return turned, matrix


def _level_runs(level: np.ndarray, run: int, config: LineConfig) -> np.ndarray:
    """The long flat runs of a mark whose lines lie level (allowed to bend by ``slack``)."""
    # a thin line turned pixel by pixel steps and breaks: widen it both ways first
    slack = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 2 * config.slack + 1))
    bridged = cv2.morphologyEx(cv2.dilate(level, slack), cv2.MORPH_CLOSE,
                               cv2.getStructuringElement(cv2.MORPH_RECT, (config.gap, 1)))
    runs = cv2.morphologyEx(bridged, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    return cv2.bitwise_and(cv2.dilate(runs, slack), level)


def _thickness(runs: np.ndarray) -> int:
    """How thick level lines are: their pixels over the number of their columns' runs."""
    on = runs > 0
    starts = on.copy()
    starts[1:] &= ~on[:-1]
    return max(1, round(int(on.sum()) / max(1, int(starts.sum()))))


def _uncrossed(lines: np.ndarray, rest: np.ndarray, upright: bool, reach: int) -> np.ndarray:
    """Line pixels, less those where a stroke crosses the line: with other ink (``rest``,
    which holds no line) within ``reach`` on both sides of it (above and below a level
    line)."""
    shape = (1, reach + 1) if upright else (reach + 1, 1)
    kernel = np.ones(shape, np.uint8)
    before = cv2.dilate(rest, kernel, anchor=(reach, 0) if upright else (0, reach))
    after = cv2.dilate(rest, kernel, anchor=(0, 0))
    return cv2.bitwise_and(lines, cv2.bitwise_not(cv2.bitwise_and(before, after)))


def line_pixels(mark: np.ndarray, config: LineConfig = LineConfig()) -> np.ndarray:
    """The pixels of a binary mark that are ruled or squared lines (0/255, same shape)."""
    run = max(config.min_run_pixels, round(config.min_run * max(mark.shape)))
    turns, families = {}, {}
    for upright in (False, True):  # level lines, then upright ones (squared paper)
        degrees = level_angle(mark, config, upright)
        turns[upright] = -degrees - 90.0 if upright else degrees
        turned, matrix = _rotate(mark, turns[upright])
        runs = _level_runs(turned, run, config)
        if cv2.countNonZero(runs):
            families[upright] = (_back(runs, matrix, mark), _thickness(runs), turned, matrix)
    found = np.zeros_like(mark)
    for lines, *_ in families.values():
        found = cv2.bitwise_or(found, lines)
    rest = cv2.bitwise_and(mark, cv2.bitwise_not(found))  # no line of either direction
    kept = np.zeros_like(mark)
    for upright, (lines, thickness, turned, matrix) in families.items():
        others = [other for key, (other, *_) in families.items() if key != upright]
        if others:  # strokes are measured with the other direction's lines taken out
            turned, matrix = _rotate(cv2.bitwise_and(mark, cv2.bitwise_not(others[0])),
                                     turns[upright])
        tall = cv2.getStructuringElement(cv2.MORPH_RECT, (1, thickness + config.stroke_over_line))
        strokes = _back(cv2.morphologyEx(turned, cv2.MORPH_OPEN, tall), matrix, mark)
        lines = cv2.bitwise_and(lines, cv2.bitwise_not(strokes))
        kept = cv2.bitwise_or(kept, _uncrossed(lines, rest, upright, config.crossing))
    return kept


def _back(turned: np.ndarray, matrix: np.ndarray, mark: np.ndarray) -> np.ndarray:
    """A map of the turned mark brought back onto the mark (rounding's holes filled)."""
    back = cv2.warpAffine(turned, matrix, mark.shape[::-1],
                          flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
    return cv2.bitwise_and(cv2.dilate(back, _FILL), mark)


def remove_lines(mask: np.ndarray, marks: list[Box], config: LineConfig = LineConfig(),
                 digit_shape: tuple[float, float] | None = None) -> np.ndarray:
    """The ink mask without the lines of the given marks (boxes of marks that hold lines).

    With ``digit_shape``, other marks inside a mark's box keep their ink unless they are
    mostly line: a desk seen all round a note is one mark framing the picture, and the
    digit inside it lost its straight strokes (a 5's bar). ``digit_shape``: how wide a
    digit may be (over its height) and how much longer than thick a line is; None for
    regions whose lines the threshold broke into many marks, all of whose ink may be line.
    """
    cleaned = mask.copy()
    for x, y, w, h in marks:
        region = cleaned[y : y + h, x : x + w]
        found = np.zeros_like(region)
        across = max(1, round(max(w, h) / config.tile))
        for rows in np.array_split(np.arange(h), across):
            for cols in np.array_split(np.arange(w), across):
                within = np.s_[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
                if cv2.countNonZero(region[within]):
                    found[within] = line_pixels(region[within], config)
        if digit_shape is not None:
            # told on the mask as found: an earlier mark's lines may have cut into this one
            _spare_others(mask[y : y + h, x : x + w], found, digit_shape)
        region[found > 0] = 0
    return cleaned


def _spare_others(region: np.ndarray, found: np.ndarray,
                  digit_shape: tuple[float, float]) -> None:
    """Takes out of ``found`` (line pixels) the other marks in a box than the one it was
    drawn around (the connected ink spanning it) that are shaped like a digit and are
    mostly not line: at most ``digit_shape[0]`` times as wide as tall, taller than wide
    by less than a line's aspect ``digit_shape[1]``, under ``LINE_SHARE`` line. (A line's
    broken-off piece, a corner of two lines or a square of a grid goes with the lines.)"""
    widest, line_aspect = digit_shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    height, width = region.shape
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    line = np.bincount(labels[found > 0], minlength=count)
    spared = ((w <= widest * h) & (h < line_aspect * w) & ((w < width) | (h < height))
              & (line < LINE_SHARE * stats[:, cv2.CC_STAT_AREA]))
    spared[0] = False  # the background
    if spared.any():
        found[spared[labels]] = 0
