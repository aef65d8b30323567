"""A generated picture and what it holds: its digits' true boxes, its numbers, its file;
and the ink patches written on a page, before any camera sees them."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Box = tuple[int, int, int, int]
Colour = tuple[float, float, float]  # BGR reflectance 0..1


@dataclass(frozen=True)
class Truth:
    """One digit in a picture: its label and its box (x, y, w, h) in picture pixels."""

    label: int
    box: Box


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture (BGR uint8, as decoded from its file), its digits in reading order, the
    numbers as a person reads them, its kind, and its file as the device wrote it."""

    image: np.ndarray
    truths: tuple[Truth, ...]
    numbers: tuple[str, ...]
    kind: str
    data: bytes = b""
    suffix: str = ".jpg"


@dataclass(frozen=True, eq=False)
class Placed:
    """A digit written on the page: its ink patch with its top-left corner at (x, y)."""

    label: int
    coverage: np.ndarray
    strength: np.ndarray
    colour: Colour
    x: int
    y: int


def numbers_of(kept: list[list[Placed]]) -> tuple[str, ...]:
    """The numbers as a person reads them, one string per written number."""
    return tuple("".join(str(p.label) for p in number) for number in kept)


def encode(image: np.ndarray, jpeg: int | None) -> tuple[np.ndarray, bytes, str]:
    """The file a device writes (JPEG at ``jpeg`` quality, or PNG) and its decoded picture."""
    if jpeg is None:
        _, data = cv2.imencode(".png", image)
        return image, data.tobytes(), ".png"
    _, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg)])
    return cv2.imdecode(data, cv2.IMREAD_COLOR), data.tobytes(), ".jpg"


def picture_of(kind: str, image: np.ndarray, truths: list[Truth], kept: list[list[Placed]],
               jpeg: int | None) -> Picture:
    """The finished picture: written to its file (JPEG at ``jpeg`` quality, or PNG) and
    decoded again, with its truths and numbers."""
    decoded, data, suffix = encode(image, jpeg)
    return Picture(decoded, tuple(truths), numbers_of(kept), kind, data, suffix)
