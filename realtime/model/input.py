"""The model's input: the shape one digit has for the CNN and the scaling that makes it.

Training and serving both call ``to_model_input``, so the model reads at run time exactly
what it was trained on.
"""

from __future__ import annotations

import numpy as np

from realtime.config import DIGIT_SIZE

#: One digit as the CNN reads it: (height, width, channels).
INPUT_SHAPE = (DIGIT_SIZE, DIGIT_SIZE, 1)


def to_model_input(digits: np.ndarray) -> np.ndarray:
    """uint8 (N, 28, 28) -> float32 (N, 28, 28, 1) in [0, 1], as the model reads them."""
    return digits.astype(np.float32)[..., np.newaxis] / 255.0
