"""Reading picture files into checked arrays, one way for every interface, and fitting
them to the pad.

Files are decoded with Pillow: it refuses a truncated file instead of returning half a
picture (OpenCV's decoder may fill the missing part with grey), and it applies a phone
photo's EXIF orientation while keeping 16-bit pixels and transparency. A complete gray
or colour JPEG (one that ends with its end-of-image marker) is decoded by OpenCV
instead, which gives the same pixels faster (a 12-megapixel photo loads in 70-90 ms
instead of about 210: Pillow's decoder and its copy into an array are slow), and is
turned upright here by its EXIF orientation.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from realtime.config import MAX_IMAGE_PIXELS
from realtime.vision.images import check_image

#: Pillow modes read as 16-bit gray.
SIXTEEN_BIT_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I")
#: Pillow modes with transparency, read as BGRA.
ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
#: JPEG's end-of-image marker: a file cut short lacks it.
JPEG_END = b"\xff\xd9"
#: EXIF orientation -> how to turn the stored pixels upright (as ImageOps.exif_transpose).
UPRIGHT = {
    2: lambda a: cv2.flip(a, 1),
    3: lambda a: cv2.rotate(a, cv2.ROTATE_180),
    4: lambda a: cv2.flip(a, 0),
    5: lambda a: cv2.transpose(a),
    6: lambda a: cv2.rotate(a, cv2.ROTATE_90_CLOCKWISE),
    7: lambda a: cv2.rotate(cv2.transpose(a), cv2.ROTATE_180),
    8: lambda a: cv2.rotate(a, cv2.ROTATE_90_COUNTERCLOCKWISE),
}
EXIF_ORIENTATION = 0x0112


def _array(picture: Image.Image, path: Path) -> np.ndarray:
    """A decoded Pillow picture as a gray, BGR or BGRA array of 8 or 16 bits."""
    mode = picture.mode
    if mode in SIXTEEN_BIT_MODES:
        pixels = np.asarray(picture)
        if pixels.min() < 0 or pixels.max() > 65535:
            raise ValueError(f"{path} has {mode} pixels beyond 16 bits; save it with 8 or 16 bits")
        return pixels.astype(np.uint16)
    if mode == "F":
        raise ValueError(f"{path} has floating-point pixels; save it with 8 or 16 bits")
    if mode == "L":
        return np.asarray(picture)
    if mode in ALPHA_MODES or (mode == "P" and "transparency" in picture.info):
        return cv2.cvtColor(np.asarray(picture.convert("RGBA")), cv2.COLOR_RGBA2BGRA)
    if mode == "1":
        return np.asarray(picture.convert("L"))
    return cv2.cvtColor(np.asarray(picture.convert("RGB")), cv2.COLOR_RGB2BGR)


def _complete_jpeg(opened: Image.Image, data: bytes) -> np.ndarray | None:
    """A gray or colour JPEG that ends with its end-of-image marker, decoded by OpenCV
    and turned upright; None for anything else (Pillow decodes it)."""
    if opened.format != "JPEG" or opened.mode not in ("L", "RGB"):
        return None
    if not data.rstrip(b"\0\r\n ").endswith(JPEG_END):
        return None
    pixels = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if pixels is None or pixels.shape[:2] != opened.size[::-1]:
        return None
    turn = UPRIGHT.get(opened.getexif().get(EXIF_ORIENTATION, 1))
    return turn(pixels) if turn else pixels


def load_image(path: str | os.PathLike) -> np.ndarray:
    """Reads a picture file (PNG, JPEG, BMP, TIFF, WebP, ...) upright, as gray, BGR or
    BGRA pixels of 8 or 16 bits.

    Raises:
        ValueError: in one line, when the file is missing, truncated, not a picture or
            of pixels no reader uses (floating point), or the picture is too small or big.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"image file not found: {path}")
    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width * height > MAX_IMAGE_PIXELS:  # refused before decoding it
                raise ValueError(f"{path} is {width}x{height}, over the limit of "
                                 f"{MAX_IMAGE_PIXELS:,} pixels")
            pixels = _complete_jpeg(opened, data)
            if pixels is None:
                picture = ImageOps.exif_transpose(opened)
                picture.load()
                pixels = _array(picture, path)
    except UnidentifiedImageError:
        raise ValueError(f"cannot decode {path} as an image") from None
    except (OSError, SyntaxError, Image.DecompressionBombError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ValueError(f"cannot decode {path} as an image: {reason}") from None
    try:
        return check_image(np.ascontiguousarray(pixels))
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def fit_square(image: np.ndarray, size: int) -> np.ndarray:
    """Scales a 2-D image to fit a ``size`` x ``size`` square, keeping its aspect, centred
    on black."""
    height, width = image.shape[:2]
    scale = size / max(height, width)
    new = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(image, new, interpolation=interpolation)
    square = np.zeros((size, size), np.uint8)
    top, left = (size - new[1]) // 2, (size - new[0]) // 2
    square[top : top + new[1], left : left + new[0]] = resized
    return square
