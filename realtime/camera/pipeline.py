"""The camera pipeline: each frame of a source read, and followed from frame to frame.

Frames of a video or a camera show the same sheet moving, so their digits are tracked
and their classes smoothed (``track.py``); that averaging over frames, each a little
moved and turned by the hand, stands in for the second look at unsure digits
(``model.second_look``), which tracked frames skip: on the camera scenes of
``bench/camera.py`` it read 0.14 points more digits right (97.25% against 97.11%, same
precision) for 0.6 ms a frame. Pictures of a folder are independent: each is read on
its own, with the second look, exactly as ``--image`` reads it. The window,
``--headless`` and the camera benchmark all use this one pipeline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from realtime.camera.track import Tracker, update
from realtime.reading import MIN_CONFIDENCE, Reading
from realtime.vision.images import Ink
from realtime.vision.interpret import numbers_in_rows
from realtime.vision.paper_maps import PaperMaps
from realtime.vision.reader import Classifier, picture_problem, read_picture
from realtime.vision.rows import rows_in_order


@dataclass(frozen=True)
class FrameResult:
    """What one frame gave: its readings (tracked when frames are a sequence) in reading
    order, the numbers they make (``interpret.group_numbers``), the time of each stage
    (ms), and why it could not be read, if so."""

    readings: list[Reading]
    timings: dict[str, float] = field(default_factory=dict)
    problem: str | None = None
    size_changed: bool = False
    numbers: list[list[int]] = field(default_factory=list)


class CameraPipeline:
    """Reads frames one after another.

    Args:
        classifier: the model (a ``Recognizer``); ``use`` swaps it.
        ink: the ink's polarity, as ``read_picture`` takes it.
        tracked: follow digits across frames (a video or a camera); False reads every
            frame on its own (a folder of pictures).
        min_confidence: a digit read (or smoothed) less surely than this is unsure.
    """

    def __init__(self, classifier: Classifier, *, ink: Ink = "auto", tracked: bool = True,
                 min_confidence: float = MIN_CONFIDENCE) -> None:
        self.classifier = classifier
        self.ink: Ink = ink
        self.tracked = tracked
        self.min_confidence = min_confidence
        self._tracker = self._new_tracker()
        self._size: tuple[int, ...] | None = None
        self._maps: PaperMaps | None = None

    def use(self, classifier: Classifier) -> None:
        """Reads with another model from the next frame on (old smoothing is dropped)."""
        self.classifier = classifier
        self._tracker = self._new_tracker()

    def _new_tracker(self) -> Tracker:
        return Tracker(min_confidence=self.min_confidence)

    def read(self, frame: np.ndarray | None) -> FrameResult:
        """Reads one frame; a frame that cannot be read gives no readings and a problem."""
        problem = picture_problem(frame)
        if problem:
            return FrameResult([], problem=problem)
        result = read_picture(frame, self.classifier, ink=self.ink,
                              min_confidence=self.min_confidence, second_look=not self.tracked,
                              in_reading_order=False,
                              previous=self._maps if self.tracked else None)
        self._maps = result.maps if self.tracked else None
        if not self.tracked:
            readings, numbers = _in_numbers(result.readings)
            return FrameResult(readings, result.timings, numbers=numbers)
        changed = self._size is not None and frame.shape != self._size
        if frame.shape != self._size:
            self._tracker, self._size = self._new_tracker(), frame.shape
        started = time.perf_counter()
        self._tracker, tracked = update(self._tracker, result.readings)
        readings, numbers = _in_numbers(tracked)
        timings = dict(result.timings, track=(time.perf_counter() - started) * 1000)  # and rows
        return FrameResult(readings, timings, size_changed=changed, numbers=numbers)


def _in_numbers(readings: list[Reading]) -> tuple[list[Reading], list[list[int]]]:
    """Readings in reading order and the numbers they make, from one grouping into rows
    (the overlay and the window's "read:" line use them rather than group again)."""
    order, rows = rows_in_order([r.box for r in readings])
    readings = [readings[i] for i in order]
    return readings, numbers_in_rows(readings, rows)
