"""Turning readings into what a person reads: numbers, and digits the model is unsure of."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from realtime.boxes import Box
from realtime.reading import Reading
from realtime.vision.rows import group_rows

#: Digits in a row belong to one number when the gap between them is under this many
#: times the taller digit's height ...
NUMBER_GAP = 0.8
#: ... or under this many, unless it is also this many times the row's usual gap: a
#: writer who spaces digits tightly leaves less between numbers. (Within a number the
#: paper-photo generator's hands leave up to 0.42 of a digit's height, median 0.14,
#: and at least 0.54 between numbers; the camera scenes 0.25 and 0.7.)
CLOSE_NUMBER_GAP = 0.5
GAP_OVER_USUAL = 2.0
UNSURE_MARK = "?"


def digit_text(reading: Reading) -> str:
    """The digit as shown: itself, or ``?`` when unsure."""
    return UNSURE_MARK if reading.unsure else str(reading.digit)


def group_numbers(readings: Sequence[Reading]) -> list[list[int]]:
    """Groups readings into numbers: side by side in one row of writing with small gaps.

    Returns lists of indices into ``readings``, top to bottom, left to right.
    """
    return numbers_in_rows(readings, group_rows([r.box for r in readings]))


def numbers_in_rows(readings: Sequence[Reading], rows: Sequence[Sequence[int]],
                    ) -> list[list[int]]:
    """``group_numbers`` for readings already grouped into ``rows`` (``rows.group_rows``):
    each row split into numbers where the gap between digits is wide."""
    numbers: list[list[int]] = []
    for line in rows:
        pairs = list(zip(line[:-1], line[1:], strict=True))
        gaps = [_gap(readings[a].box, readings[b].box) for a, b in pairs]
        usual = statistics.median(gaps) if gaps else 0.0  # a few: quicker than numpy
        current = [line[0]]
        for (_, index), gap in zip(pairs, gaps, strict=True):
            if gap > NUMBER_GAP or (gap > CLOSE_NUMBER_GAP and gap > GAP_OVER_USUAL * usual):
                numbers.append(current)
                current = []
            current.append(index)
        numbers.append(current)
    return numbers


def _gap(a: Box, b: Box) -> float:
    """The gap between two boxes side by side, in heights of the taller."""
    return (b[0] - (a[0] + a[2])) / max(a[3], b[3], 1)


def number_texts(readings: Sequence[Reading],
                 numbers: Sequence[Sequence[int]] | None = None) -> list[str]:
    """The numbers read, e.g. ``["42", "7"]``; unsure digits appear as ``?``. ``numbers``:
    their ``group_numbers``, when known."""
    if not readings:
        return []
    numbers = group_numbers(readings) if numbers is None else numbers
    return ["".join(digit_text(readings[i]) for i in number) for number in numbers]
