"""Touching digits: how many digits a blob's shape may hold, where to cut it, and the ways
to read it that this leaves."""

from __future__ import annotations

import numpy as np

from realtime.boxes import Box
from realtime.vision.blob_ink import BlobInk
from realtime.vision.detect_config import DetectConfig
from realtime.vision.segment import Segment

#: A cut of a blob is kept only when every piece is at least this share of the shortest
#: digit tall.
MIN_PIECE_SHARE = 0.5


def split_columns(mask: np.ndarray, box: Box, count: int, config: DetectConfig) -> list[Box]:
    """Cuts a blob into ``count`` pieces at its thinnest columns near even spacing;
    returns each piece's ink box (an empty piece is left out)."""
    x, y, w, h = box
    profile = np.count_nonzero(mask[y : y + h, x : x + w], axis=0)
    cuts, start = [], 0
    for k in range(1, count):
        centre = round(k * w / count)
        reach = max(1, round(config.cut_reach * w / count))
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


def piece_counts(box: Box, config: DetectConfig) -> list[int]:
    """How many digits a blob of this shape may hold: the options worth classifying (k
    digits fit when each would be between ``min_piece_ratio`` and ``max_piece_ratio`` of
    the blob's height wide)."""
    ratio = box[2] / box[3]
    if ratio < config.min_split_ratio or box[3] < config.min_split_height * config.min_height:
        return [1]  # one digit, or too small to hold two
    counts = [1] if ratio <= config.max_width_over_height else []
    counts += [k for k in range(2, config.max_pieces + 1)
               if k * config.min_piece_ratio <= ratio <= k * config.max_piece_ratio]
    return counts or [config.max_pieces]


def read_options(blob: BlobInk, mask: np.ndarray, box: Box, config: DetectConfig,
                 ) -> tuple[tuple[Segment, ...], ...]:
    """The ways to read a blob: as one digit, and cut into as many as its shape may hold
    where every piece is at least half the shortest digit tall; whole when no cut leaves
    digit-sized pieces (a 2 with a long tail)."""
    min_piece = MIN_PIECE_SHARE * config.min_height
    options = []
    for count in piece_counts(box, config):
        pieces = [box] if count == 1 else split_columns(mask, box, count, config)
        if pieces and all(p[3] >= min_piece for p in pieces):
            options.append(blob.segments(pieces, config.margin))
    if not options:
        options.append(blob.segments([box], config.margin))
    return tuple(options)
