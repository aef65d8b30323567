"""``Reading``: one digit read from a picture, the type every interface shares."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from realtime.boxes import Box
from realtime.config import NUM_CLASSES


@dataclass(frozen=True)
class Reading:
    """One digit read from an image.

    Attributes:
        box: (x, y, w, h) of the digit in the image's pixels.
        digit: the class the model chose, 0-9.
        confidence: the model's probability for that class.
        probs: (10,) float probabilities of every class.
        digit_image: the (28, 28) uint8 image the model read, when known.
    """

    box: Box
    digit: int
    confidence: float
    probs: np.ndarray = field(repr=False)
    digit_image: np.ndarray | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.digit < NUM_CLASSES:
            raise ValueError(f"digit must be 0-9, got {self.digit}")
        if np.shape(self.probs) != (NUM_CLASSES,):
            raise ValueError(f"probs must have shape (10,), got {np.shape(self.probs)}")
