"""Reading every digit in a picture: the one place where the stages are chained.

picture -> ready picture -> candidate digits -> 28x28 digits -> one batched
classification -> readings, less marks not written with the picture's pen
(``one_pen``), in reading order. A pad, a photo, a scan and a camera frame
all come through here, so the same picture reads the same from every interface.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from realtime.boxes import scale_box
from realtime.config import DIGIT_SIZE, MIN_IMAGE_SIDE
from realtime.reading import MIN_CONFIDENCE, Reading, looks_unsure
from realtime.vision.detect import find_digits
from realtime.vision.detect_config import DEFAULT_DETECT, DetectConfig
from realtime.vision.images import Ink, check_image
from realtime.vision.ink import ink_mask
from realtime.vision.normalize import normalize_ink_measured
from realtime.vision.one_pen import not_writing
from realtime.vision.paper_maps import PaperMaps
from realtime.vision.picture import prepare_picture
from realtime.vision.rows import reading_order


class Classifier(Protocol):
    """What the reader needs of a model: ``Recognizer.classify``."""

    def classify(self, digits: np.ndarray, *, second_look: bool = True,
                 ) -> tuple[np.ndarray, np.ndarray]: ...


@dataclass(frozen=True)
class PictureReading:
    """The digits read in one picture, how long each stage took (milliseconds), and the
    photo's light and page (``paper_maps``) for a video's next frame."""

    readings: list[Reading]
    timings: dict[str, float] = field(default_factory=dict)
    maps: PaperMaps | None = None


#: A blob read whole with no class above this is a mark the model knows is no digit (it
#: learned to spread its probability evenly, 0.1 each, over such marks): it is not cut
#: into pieces, whose strokes alone could pass for 1s and 7s (a "w" for "111"). Letters
#: whose pieces read surely came out at 0.10-0.12 whole; two touching digits, which are
#: no one digit either, mostly higher (a cost: on the real photos of paper_dev, two
#: touching digits of 375 stay whole and unsure; without it digits_v5 is unsure of 83%
#: of bench/nondigit_marks.py's marks instead of 91%).
NOT_A_DIGIT_LEVEL = 0.14


def best_option(confidences: list[np.ndarray]) -> int:
    """Which way of reading a blob to keep, given each way's digit confidences: the one
    whose least sure digit is surest (the first on a tie, so reading whole wins ties),
    unless the first way reads it whole as plainly not a digit."""
    if len(confidences[0]) == 1 and float(confidences[0][0]) < NOT_A_DIGIT_LEVEL:
        return 0
    return max(range(len(confidences)), key=lambda k: float(confidences[k].min()))


def picture_problem(image: object) -> str | None:
    """Why a picture cannot be read (one line), or None when it can."""
    if image is None:
        return "no picture"
    try:
        check_image(image, min_side=MIN_IMAGE_SIDE)
    except ValueError as error:
        return str(error)
    return None


def read_picture(image: np.ndarray, classifier: Classifier, *, ink: Ink = "auto",
                 config: DetectConfig = DEFAULT_DETECT,
                 min_confidence: float = MIN_CONFIDENCE,
                 second_look: bool = True, in_reading_order: bool = True,
                 previous: PaperMaps | None = None) -> PictureReading:
    """Finds and reads every digit in a picture: a pad, a photo, a scan or a camera frame.

    Every way of reading every blob (whole, or cut into touching digits) is classified
    in one batched call; each blob is then read the way whose least sure digit the model
    is surest of (on tuning scenes this read 0.6-1.1 points more digits right than the
    geometric mean with a penalty for each cut, at the same precision).

    Args:
        image: gray, BGR or BGRA, 8 or 16 bits.
        classifier: the model (a ``Recognizer``).
        ink: "dark" (dark ink on light), "light" (light ink on dark, a pad) or "auto".
        config: the detector's limits.
        min_confidence: a digit read less surely than this is marked ``unsure``.
        second_look: look again at the digits the model is unsure of (``Recognizer
            .classify``); a tracked stream leaves it to its tracker.
        in_reading_order: put the readings in reading order; the camera pipeline orders
            them itself, once, after tracking.
        previous: the light and page of a video's earlier frame, kept while the view
            holds still (``paper_maps``); None makes them anew.

    Returns:
        The readings, boxes in the picture's own pixels, in reading order (rows top to
        bottom, each left to right) unless told otherwise, and the time of each stage.

    Raises:
        ValueError: in one line, for a picture that cannot be read.
    """
    started = time.perf_counter()
    picture = prepare_picture(image, ink)
    found_ink = ink_mask(picture, config.paper, previous)
    candidates = find_digits(picture, config, found_ink)
    detected = time.perf_counter()
    segments = [segment for candidate in candidates for option in candidate.options
                for segment in option]
    measured = [normalize_ink_measured(segment.ink) for segment in segments]
    digits = (np.stack([digit for digit, _, _ in measured]) if segments
              else np.zeros((0, DIGIT_SIZE, DIGIT_SIZE), np.uint8))
    normalised = time.perf_counter()
    labels, probs = classifier.classify(digits, second_look=second_look)
    classified = time.perf_counter()
    readings, heights, widths, contrasts, at = [], [], [], [], 0
    for candidate in candidates:
        starts = []
        for option in candidate.options:
            starts.append(at)
            at += len(option)
        chosen = 0 if len(starts) == 1 else best_option(
            [probs[start : start + len(option)].max(axis=1)
             for start, option in zip(starts, candidate.options, strict=True)])
        if (candidate.joined and chosen == len(starts) - 1
                and probs[starts[chosen]].max() < min_confidence):
            chosen = 0  # pieces are read as one digit only when it is surely one
        for i, segment in enumerate(candidate.options[chosen], start=starts[chosen]):
            label = int(labels[i])
            box = scale_box(segment.box, picture.scale)
            confidence = float(probs[i, label])
            readings.append(Reading(box=box, digit=label, confidence=confidence,
                                    probs=probs[i], digit_image=digits[i],
                                    unsure=looks_unsure(box, confidence, min_confidence)))
            heights.append(segment.box[3])
            widths.append(measured[i][1])
            contrasts.append(measured[i][2])
    stray = not_writing(heights, widths, [not r.unsure for r in readings], contrasts)
    readings = [reading for reading, drop in zip(readings, stray, strict=True) if not drop]
    if in_reading_order:
        readings = [readings[i] for i in reading_order([r.box for r in readings])]
    timings = {"detect": (detected - started) * 1000, "normalise": (normalised - detected) * 1000,
               "classify": (classified - normalised) * 1000}
    return PictureReading(readings, timings, found_ink.maps)
