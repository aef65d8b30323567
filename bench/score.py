"""Scoring readings against ground truth: a reading counts when its box overlaps a true
box with IoU >= 0.3 and its digit is right; each true digit is matched at most once."""

from __future__ import annotations

from dataclasses import dataclass

from realtime.boxes import Box, iou

MIN_IOU = 0.3


@dataclass(frozen=True)
class Score:
    """Counts for one frame or many: true digits, readings, readings right."""

    truths: int
    readings: int
    correct: int
    found: int  #: true digits with some reading on them, right or wrong

    @property
    def recall(self) -> float:
        return self.correct / self.truths if self.truths else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.readings if self.readings else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.truths + other.truths, self.readings + other.readings,
                     self.correct + other.correct, self.found + other.found)


def score_frame(readings: list[tuple[Box, int]], truths: list[tuple[Box, int]]) -> Score:
    """Matches readings (box, digit) to truths (box, digit) greedily by IoU."""
    pairs = sorted(((iou(r[0], t[0]), i, j) for i, r in enumerate(readings)
                    for j, t in enumerate(truths)), reverse=True)
    used_r, used_t, correct = set(), set(), 0
    for overlap, i, j in pairs:
        if overlap < MIN_IOU:
            break
        if i in used_r or j in used_t:
            continue
        used_r.add(i)
        used_t.add(j)
        correct += readings[i][1] == truths[j][1]
    return Score(len(truths), len(readings), correct, len(used_t))
