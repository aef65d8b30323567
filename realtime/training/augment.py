"""On-the-fly augmentation of 28x28 digits toward how people really draw and write.

Each digit is drawn again at twice the size, with a random rotation, slant, aspect,
stroke thickness and blur, and then normalised back to MNIST's format with the same
``normalize_ink`` the app uses, so training sees exactly the geometry the app produces.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from realtime.config import DIGIT_SIZE
from realtime.vision.normalize import normalize_ink

#: Augmentation works at this multiple of 28 px, where one-pixel morphology is gentle.
UPSCALE = 2
_CANVAS = DIGIT_SIZE * UPSCALE * 2
_THIN = np.ones((2, 2), np.uint8)
_THICK = tuple(cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)) for k in (3, 5))


@dataclass(frozen=True)
class AugmentConfig:
    """Ranges of the random changes (uniform unless said otherwise)."""

    probability: float = 0.7  #: share of digits changed; the rest stay as MNIST made them
    rotation_deg: float = 12.0  #: +- rotation
    slant: float = 0.3  #: +- horizontal shear (tan of the slant angle)
    aspect: float = 0.25  #: +- log-ratio of width to height scaling
    #: probabilities of thinning, keeping, thickening by one and by two pixels (at 56 px)
    thickness_p: tuple[float, float, float, float] = (0.2, 0.4, 0.25, 0.15)
    blur_p: float = 0.3  #: probability of a Gaussian blur
    blur_sigma: tuple[float, float] = (0.5, 1.5)  #: its sigma at 56 px
    shift_px: float = 1.0  #: +- final translation at 28 px
    #: probability of seeing the digit as a camera does from afar: shrunk to a height in
    #: ``low_res_height`` pixels, with sensor noise of ``noise_sigma`` (0-255), then
    #: normalised back up like a small digit in a frame
    low_res_p: float = 0.25
    low_res_height: tuple[float, float] = (8.0, 18.0)
    noise_sigma: tuple[float, float] = (2.0, 12.0)


def _affine(rng: np.random.Generator, config: AugmentConfig) -> np.ndarray:
    angle = np.deg2rad(rng.uniform(-config.rotation_deg, config.rotation_deg))
    slant = rng.uniform(-config.slant, config.slant)
    log_aspect = rng.uniform(-config.aspect, config.aspect)
    sx, sy = UPSCALE * np.exp(log_aspect / 2), UPSCALE * np.exp(-log_aspect / 2)
    cos, sin = np.cos(angle), np.sin(angle)
    # rotation @ shear @ diag(sx, sy), written out: this runs once per training digit
    a, b = cos * sx, (cos * slant - sin) * sy
    c, d = sin * sx, (sin * slant + cos) * sy
    half_in, half_out = DIGIT_SIZE / 2, _CANVAS / 2
    return np.array([[a, b, half_out - (a + b) * half_in],
                     [c, d, half_out - (c + d) * half_in]])


def _thickness(image: np.ndarray, rng: np.random.Generator, config: AugmentConfig) -> np.ndarray:
    weights = np.cumsum(config.thickness_p)
    change = int(np.searchsorted(weights, rng.random() * weights[-1]))
    if change == 1:
        return image
    if change == 0:
        return cv2.erode(image, _THIN)
    return cv2.dilate(image, _THICK[change - 2])


def _as_seen_from_afar(image: np.ndarray, rng: np.random.Generator,
                       config: AugmentConfig) -> np.ndarray:
    """The digit shrunk to a few pixels high, on a margin of paper, with sensor noise."""
    height = rng.uniform(*config.low_res_height)
    scale = height / image.shape[0]
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    small = cv2.copyMakeBorder(small, 3, 3, 3, 3, cv2.BORDER_CONSTANT, value=0)
    noise = rng.normal(0, rng.uniform(*config.noise_sigma), small.shape)
    return np.clip(small + noise, 0, 255).astype(np.uint8)


def augment_digit(digit: np.ndarray, rng: np.random.Generator,
                  config: AugmentConfig = AugmentConfig()) -> np.ndarray:
    """Returns a randomly redrawn copy of one (28, 28) uint8 digit, in MNIST's format."""
    image = cv2.warpAffine(digit, _affine(rng, config), (_CANVAS, _CANVAS),
                           flags=cv2.INTER_LINEAR)
    image = _thickness(image, rng, config)
    if rng.random() < config.blur_p:
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(*config.blur_sigma))
    x, y, w, h = cv2.boundingRect(image)
    if w == 0:
        return np.zeros_like(digit)
    image = image[y : y + h, x : x + w]
    if rng.random() < config.low_res_p:
        image = _as_seen_from_afar(image, rng, config)
    out = normalize_ink(image)
    if config.shift_px > 0:
        dx, dy = rng.uniform(-config.shift_px, config.shift_px, size=2)
        out = cv2.warpAffine(out, np.float32([[1, 0, dx], [0, 1, dy]]), (DIGIT_SIZE, DIGIT_SIZE),
                             flags=cv2.INTER_LINEAR)
    return out


def augment_batch(digits: np.ndarray, rng: np.random.Generator,
                  config: AugmentConfig = AugmentConfig()) -> np.ndarray:
    """Augments a uint8 (N, 28, 28) batch; each digit is changed with ``config.probability``."""
    out = digits.copy()
    for i in np.flatnonzero(rng.random(len(digits)) < config.probability):
        changed = augment_digit(digits[i], rng, config)
        if changed.any():  # heavy thinning can erase a faint digit: keep the original then
            out[i] = changed
    return out
