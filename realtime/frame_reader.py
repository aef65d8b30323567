"""Reading every digit in a camera frame: detection, normalisation, one batched call."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from realtime.config import DIGIT_SIZE
from realtime.detect import DetectConfig, find_digits
from realtime.images import check_image
from realtime.normalize import normalize_ink
from realtime.recognizer import Reading, Recognizer

#: Frames smaller than this (either side) are not read.
MIN_FRAME_SIDE = 32
#: Cutting a blob into more digits must beat reading it whole by this much confidence.
SPLIT_PENALTY = 0.03
DEFAULT_DETECT = DetectConfig()


@dataclass(frozen=True)
class FrameReading:
    """The digits read in one frame and how long each stage took (milliseconds)."""

    readings: list[Reading]
    timings: dict[str, float] = field(default_factory=dict)


def _option_score(confidences: np.ndarray) -> float:
    """How good a way of reading a blob is: the geometric mean of its digits' confidence,
    a little less for each extra cut."""
    mean = float(np.exp(np.mean(np.log(np.maximum(confidences, 1e-6)))))
    return mean - SPLIT_PENALTY * (len(confidences) - 1)


def frame_problem(frame: object) -> str | None:
    """Why a frame cannot be read (one line), or None when it can."""
    if frame is None:
        return "no frame"
    try:
        check_image(frame, min_side=MIN_FRAME_SIDE)
    except ValueError as error:
        return f"frame not read: {error}"
    return None


def read_frame(frame: np.ndarray, recognizer: Recognizer,
               config: DetectConfig = DEFAULT_DETECT) -> FrameReading:
    """Finds and reads the digits on paper in one camera frame.

    Every way of reading every blob (whole, or cut into touching digits) is classified
    in one batched call; each blob is then read the way whose digits the model is surest of.

    Raises:
        ValueError: for a frame that cannot be read (see ``frame_problem``).
    """
    problem = frame_problem(frame)
    if problem:
        raise ValueError(problem)
    if frame.ndim == 3 and frame.shape[2] == 4:
        frame = frame[:, :, :3]
    started = time.perf_counter()
    candidates = find_digits(frame, config)
    detected = time.perf_counter()
    segments = [segment for candidate in candidates for option in candidate.options
                for segment in option]
    digits = (np.stack([normalize_ink(segment.ink) for segment in segments]) if segments
              else np.zeros((0, DIGIT_SIZE, DIGIT_SIZE), np.uint8))
    normalised = time.perf_counter()
    labels, probs = recognizer.classify(digits)
    classified = time.perf_counter()
    readings, at = [], 0
    for candidate in candidates:
        best, best_score = [], -1.0
        for option in candidate.options:
            span = range(at, at + len(option))
            at += len(option)
            if len(candidate.options) == 1:  # nothing to choose: skip the scoring
                best = list(zip(option, span, strict=True))
                break
            score = _option_score(probs[span.start : span.stop].max(axis=1))
            if score > best_score:
                best, best_score = list(zip(option, span, strict=True)), score
        for segment, i in best:
            label = int(labels[i])
            readings.append(Reading(box=segment.box, digit=label, confidence=float(probs[i, label]),
                                    probs=probs[i], digit_image=digits[i]))
    timings = {"detect": (detected - started) * 1000, "normalise": (normalised - detected) * 1000,
               "classify": (classified - normalised) * 1000}
    return FrameReading(readings, timings)
