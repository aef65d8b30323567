"""Finding the digits in a clean ink image (a drawing pad or a scan), in reading order.

Connected components of the ink are merged into digits when they stack in one column
(the detached top of a 5, a 4 drawn in two strokes), specks are dropped, and the digits
are ordered top-to-bottom by line, then left-to-right.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.config import MIN_CONTRAST

Box = tuple[int, int, int, int]  # x, y, w, h in image pixels

#: Two parts belong to one digit when their columns overlap by this share of the narrower...
MERGE_MIN_OVERLAP = 0.5
#: ... and they share rows, together at most this many times as tall as the taller part,
MERGE_SIDE_GROWTH = 1.25
#: or, when the smaller part is a flat bar (this much wider than tall, and at most this
#: share of the taller part's height), at most this many times as tall. (A small digit
#: just above a big one is rarely this flat: at 1.2, on camera scenes, such digits were
#: swallowed by the big digit below them.)
FLAT_WIDTH_OVER_HEIGHT = 2.0
#: Pieces of one column also merge when the gap between them is at most this share of the
#: smaller piece's height (a broken stroke; rows of digits are much further apart).
MERGE_MAX_GAP = 0.2
FLAT_HEIGHT_SHARE = 0.4
MERGE_MAX_GROWTH = 1.6
#: Parts smaller than this share of the image's area are specks.
SPECK_AREA_SHARE = 2e-5
#: A digit shorter than this share of the tallest digit in the image is a speck or a mark.
MIN_HEIGHT_SHARE = 0.25
#: A digit joins a line when its vertical span overlaps the line by this share of its height.
LINE_OVERLAP = 0.5
_RIM = np.ones((3, 3), np.uint8)


@dataclass(frozen=True)
class Segment:
    """One digit found in an ink image: its box and its ink alone (other digits masked)."""

    box: Box
    ink: np.ndarray


def binarize(ink: np.ndarray) -> np.ndarray | None:
    """Splits a clean ink image into ink (255) and background (0); None when it is blank."""
    if int(ink.max()) - int(ink.min()) < MIN_CONTRAST:
        return None
    _, binary = cv2.threshold(ink, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def union_box(a: Box, b: Box) -> Box:
    """The smallest box holding both boxes."""
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return x0, y0, x1 - x0, y1 - y0


def _same_digit(a: Box, b: Box, a_core: int | None = None, b_core: int | None = None) -> bool:
    """Two parts make one digit when they share columns and either share rows too, adding
    little height (a 4 drawn in two strokes), nearly touch (a broken stroke), or one is a
    flat bar just above or below the other (the detached top of a 5). A small digit
    above a big one stays apart, even close to it.

    ``a_core`` and ``b_core`` are the heights of the tallest single part of each (when a
    or b is already a merged group): growth is judged against them, so a group whose box
    grew cannot swallow the next row.
    """
    overlap = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    if overlap < MERGE_MIN_OVERLAP * min(a[2], b[2]):
        return False
    a_core, b_core = a_core or a[3], b_core or b[3]
    union_height = max(a[1] + a[3], b[1] + b[3]) - min(a[1], b[1])
    small, small_core, big_core = (a, a_core, b_core) if a_core <= b_core else (b, b_core, a_core)
    gap = union_height - a[3] - b[3]  # below 0: they share rows
    if gap < 0 and union_height <= MERGE_SIDE_GROWTH * big_core:
        return True
    if gap <= MERGE_MAX_GAP * small_core and union_height <= MERGE_MAX_GROWTH * 1.5 * big_core:
        return True  # a stroke broken in two: its pieces nearly touch
    flat = (small[2] >= FLAT_WIDTH_OVER_HEIGHT * small[3]
            and small[3] <= FLAT_HEIGHT_SHARE * big_core)
    return flat and union_height <= MERGE_MAX_GROWTH * big_core


def group_parts(boxes: list[Box]) -> list[list[int]]:
    """Groups part boxes that stack in one column into digits; returns index lists.

    Merging repeats until nothing changes, since a merged box can reach a third part.
    Candidates are found by a sweep over boxes sorted by their left edge, so hundreds of
    marks (a camera frame) cost little.
    """
    groups = [[i] for i in range(len(boxes))]
    group_boxes = list(boxes)
    cores = [box[3] for box in boxes]  # the tallest part of each group
    merged = True
    while merged:
        merged = False
        order = sorted(range(len(groups)), key=lambda k: group_boxes[k][0])
        alive = [True] * len(groups)
        for a_pos, a in enumerate(order):
            if not alive[a]:
                continue
            for b in order[a_pos + 1 :]:
                if group_boxes[b][0] >= group_boxes[a][0] + group_boxes[a][2]:
                    break  # sorted by left edge: no later box overlaps a's columns
                if alive[b] and _same_digit(group_boxes[a], group_boxes[b], cores[a], cores[b]):
                    groups[a] += groups[b]
                    group_boxes[a] = union_box(group_boxes[a], group_boxes[b])
                    cores[a] = max(cores[a], cores[b])
                    alive[b] = False
                    merged = True
        groups = [g for g, keep in zip(groups, alive, strict=True) if keep]
        group_boxes = [g for g, keep in zip(group_boxes, alive, strict=True) if keep]
        cores = [c for c, keep in zip(cores, alive, strict=True) if keep]
    return groups


def group_lines(boxes: list[Box]) -> list[list[int]]:
    """Groups box indices into lines of text, top to bottom, each ordered left to right."""
    lines: list[tuple[int, int, list[int]]] = []  # top, bottom, members
    for i in sorted(range(len(boxes)), key=lambda k: boxes[k][1] + boxes[k][3] / 2):
        x, y, w, h = boxes[i]
        for n, (top, bottom, members) in enumerate(lines):
            if min(bottom, y + h) - max(top, y) >= LINE_OVERLAP * h:
                lines[n] = (min(top, y), max(bottom, y + h), members + [i])
                break
        else:
            lines.append((y, y + h, [i]))
    lines.sort(key=lambda line: line[0])
    return [sorted(members, key=lambda k: boxes[k][0]) for _, _, members in lines]


def reading_order(boxes: list[Box]) -> list[int]:
    """Returns box indices ordered by line (top to bottom), then left to right."""
    return [i for line in group_lines(boxes) for i in line]


def segment_digits(ink: np.ndarray) -> list[Segment]:
    """Finds every digit in a clean ink image (bright ink on dark), in reading order.

    Args:
        ink: 2-D uint8 ink image, such as ``images.to_ink`` returns.

    Returns:
        One ``Segment`` per digit; an empty list when the image holds no ink.
    """
    binary = binarize(ink)
    if binary is None:
        return []
    # Outer contours are ~10x faster than connected components here; a mark inside a
    # digit's hole (the dot in a 0) belongs to that digit anyway.
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    min_area = max(4.0, SPECK_AREA_SHARE * ink.size)
    parts = []
    for contour in contours:
        box: Box = tuple(int(v) for v in cv2.boundingRect(contour))
        if box[2] * box[3] >= min_area and cv2.contourArea(contour) + box[2] + box[3] >= min_area:
            parts.append((contour, box))
    groups = group_parts([box for _, box in parts])
    boxes: list[Box] = []
    for group in groups:
        box = parts[group[0]][1]
        for i in group[1:]:
            box = union_box(box, parts[i][1])
        boxes.append(box)
    if not boxes:
        return []
    tallest = max(box[3] for box in boxes)
    keep = [i for i, box in enumerate(boxes) if box[3] >= MIN_HEIGHT_SHARE * tallest]
    segments = []
    for i in reading_order([boxes[i] for i in keep]):
        box = boxes[keep[i]]
        members = set(groups[keep[i]])
        intruders = [part for n, part in enumerate(parts)
                     if n not in members and _overlap(part[1], box)]
        segments.append(Segment(box=box, ink=_digit_ink(ink, box, [parts[p][0] for p in members]
                                                        if intruders else None)))
    return segments


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _digit_ink(ink: np.ndarray, box: Box, contours: list[np.ndarray] | None) -> np.ndarray:
    """The ink in ``box``; with ``contours``, only the ink inside them (other digits that
    reach into the box are masked out), plus a pixel around for the anti-aliased rim."""
    x, y, w, h = box
    crop = ink[y : y + h, x : x + w]
    if contours is None:
        return crop
    mask = np.zeros((h, w), np.uint8)
    cv2.drawContours(mask, contours, -1, 1, thickness=-1, offset=(-x, -y))
    return crop * cv2.dilate(mask, _RIM)
