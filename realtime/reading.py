"""``Reading``: one digit read from a picture, the type every interface shares."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from realtime.boxes import Box
from realtime.config import NUM_CLASSES

#: Below this probability a digit is unsure: shown as "?" rather than as an answer. The
#: model learned to spread its probability over all digits for marks that are not digits.
#: Chosen on validation data, not the benchmarks' test sets (digits_v5: 5,000 MNIST
#: validation digits and 1,249 training writers' digits drawn with new pens 0.24% and 0%
#: unsure, 2,000 new generated non-digit marks 99.1%; at 0.7: 0.76%, 0.32% and 99.5%).
MIN_CONFIDENCE = 0.5
#: A mark this many times wider than tall is not a digit (a dash, an underline).
MAX_WIDTH_OVER_HEIGHT = 2.2


def looks_unsure(box: Box, confidence: float, min_confidence: float = MIN_CONFIDENCE) -> bool:
    """True when the model is not confident or the mark does not look like a digit."""
    _, _, w, h = box
    return confidence < min_confidence or w > MAX_WIDTH_OVER_HEIGHT * h


@dataclass(frozen=True)
class Reading:
    """One digit read from an image.

    Attributes:
        box: (x, y, w, h) of the digit in the image's pixels.
        digit: the class the model chose, 0-9.
        confidence: the model's probability for that class.
        probs: (10,) float probabilities of every class.
        digit_image: the (28, 28) uint8 image the model read, when known.
        unsure: the mark is not surely a digit (``looks_unsure``): every interface shows
            it as "?" and says so in its JSON.
    """

    box: Box
    digit: int
    confidence: float
    probs: np.ndarray = field(repr=False)
    digit_image: np.ndarray | None = field(default=None, repr=False, compare=False)
    unsure: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.digit < NUM_CLASSES:
            raise ValueError(f"digit must be 0-9, got {self.digit}")
        if np.shape(self.probs) != (NUM_CLASSES,):
            raise ValueError(f"probs must have shape (10,), got {np.shape(self.probs)}")


def reading_json(reading: Reading) -> dict:
    """A reading as every JSON output writes it (``--image --json``, ``--headless``, the
    history): its box in the picture's pixels, digit, confidence and whether it is
    unsure."""
    return {"box": [int(v) for v in reading.box], "digit": reading.digit,
            "confidence": round(reading.confidence, 4), "unsure": reading.unsure}
