"""What a camera does to the page: where it puts it, the light and a shadow across it, the
desk around it, blur, sharpening, sensor noise and the JPEG file."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bench.photos.desk import background, low_res
from bench.photos.perspective import warp_points
from bench.photos.picture import Colour, Picture, Placed, picture_of
from bench.photos.truth import visible_numbers
from bench.photos.writing import ink

WEBCAM_SIZES = ((640, 480), (1280, 720))
PHOTO_SIZES = ((1024, 768), (1280, 960), (1600, 1200), (1920, 1080), (1080, 1440),
               (1280, 720), (960, 1280), (1440, 1080))
PHONE_SIZES = ((4000, 3000), (3000, 4000))


@dataclass(frozen=True, eq=False)
class Camera:
    """What a camera does to the page: placement, light, optics, sensor and file."""

    frame: tuple[int, int]
    matrix: np.ndarray
    background: str = "desk"  # desk, cloth, dark, busy, white
    exposure: float = 0.9
    tint: Colour = (1.0, 1.0, 1.0)
    light: float = 0.3  #: how uneven the light is, 0 (even) to 1
    shadow: float = 0.0  #: darkness of a soft shadow across the page, 0 for none
    blur: float = 0.8
    noise: float = 3.0
    sharpen: float = 0.0
    jpeg: int | None = 85


def light_field(camera: Camera, rng: np.random.Generator) -> np.ndarray:
    """How much light reaches each pixel: a slope, a falloff to the corners, a shadow."""

    def make(w: int, h: int) -> np.ndarray:
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        u, v = xs / w - 0.5, ys / h - 0.5
        gx, gy = rng.uniform(-1, 1, 2) * 0.5 * camera.light
        field = 1 + gx * u + gy * v
        cx, cy = rng.uniform(-0.3, 0.3, 2)
        field *= 1 - camera.light * 0.7 * ((u - cx) ** 2 + (v - cy) ** 2)
        if camera.shadow > 0:
            shadow = np.zeros((h, w), np.float32)
            if rng.random() < 0.5:  # a hand or a phone: a blob
                centre = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
                axes = (int(rng.uniform(0.15, 0.4) * w), int(rng.uniform(0.1, 0.3) * h))
                cv2.ellipse(shadow, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
            else:  # the edge of something: a half plane
                angle = rng.uniform(0, 2 * np.pi)
                offset = rng.uniform(0.15, 0.45)
                shadow[(u * np.cos(angle) + v * np.sin(angle)) > offset] = 1.0
            shadow = cv2.GaussianBlur(shadow, (0, 0), rng.uniform(0.04, 0.1) * w)
            field *= 1 - camera.shadow * shadow
        return field

    return low_res(camera.frame, make)


def _drop_shadow(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The page's soft shadow on the desk, from the page's mask (worked at low resolution)."""
    height, width = mask.shape
    factor = max(1, max(width, height) // 480)
    small = cv2.resize(mask, (width // factor, height // factor), interpolation=cv2.INTER_AREA)
    small_h, small_w = small.shape
    small = cv2.GaussianBlur(small, (0, 0), max(small_w, small_h) * rng.uniform(0.004, 0.012))
    shift = np.float32([[1, 0, rng.uniform(-1, 1) * small_w * 0.006],
                        [0, 1, rng.uniform(0, 1) * small_h * 0.008]])
    small = cv2.warpAffine(small, shift, (small_w, small_h))
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def photograph(sheet: np.ndarray, camera: Camera, rng: np.random.Generator) -> np.ndarray:
    """The page as the camera sees it (BGR uint8, before the file is written)."""
    width, height = camera.frame
    size = (width, height)
    image = cv2.warpPerspective(sheet, camera.matrix, size, flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_CONSTANT)
    page_h, page_w = sheet.shape[:2]
    corners = warp_points(np.array([[0, 0], [page_w, 0], [page_w, page_h], [0, page_h]]),
                          camera.matrix).astype(np.float32)
    inside = [cv2.pointPolygonTest(corners, (float(x), float(y)), False) > 0
              for x, y in ((0, 0), (width, 0), (width, height), (0, height))]
    if not all(inside):
        mask = cv2.warpPerspective(np.ones((page_h, page_w), np.float32), camera.matrix, size,
                                   flags=cv2.INTER_LINEAR)
        desk = background(camera.background, size, rng)
        desk *= (1 - 0.45 * _drop_shadow(mask, rng))[..., None]
        desk -= image
        desk *= (1 - mask)[..., None]
        image += desk  # page where the mask is 1, desk where it is 0
    gain = np.array(camera.tint, np.float32) * (camera.exposure * 255)
    image *= light_field(camera, rng)[..., None] * gain
    if camera.blur > 0:
        image = cv2.GaussianBlur(image, (0, 0), camera.blur)
    if camera.sharpen > 0:
        soft = cv2.GaussianBlur(image, (0, 0), 1.5 + camera.blur)
        image = cv2.addWeighted(image, 1 + camera.sharpen, soft, -camera.sharpen, 0)
    add_noise(image, camera.noise, rng)
    return np.clip(image, 0, 255).astype(np.uint8)


def add_noise(image: np.ndarray, sigma: float, rng: np.random.Generator) -> None:
    """Sensor noise in place: mostly brightness, some blotchy colour; more in the light."""
    if sigma <= 0:
        return
    height, width = image.shape[:2]
    luma = rng.standard_normal((height, width), dtype=np.float32)
    luma *= sigma * (0.6 + 0.4 * image.mean(axis=2) / 255)
    image += luma[..., None]
    small = rng.standard_normal((max(1, height // 2), max(1, width // 2), 3), dtype=np.float32)
    image += cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR) * (sigma * 0.35)


def photo_camera(rng: np.random.Generator, frame: tuple[int, int], matrix: np.ndarray,
                 dim: bool = False, **changes) -> Camera:
    """Typical settings of a hand-held photo, scaled to the picture's size."""
    scale = max(frame) / 1280
    warm = rng.random() < 0.5
    tint = (rng.uniform(0.84, 0.95), rng.uniform(0.94, 0.99), 1.0) if warm else tuple(
        rng.uniform(0.95, 1.02, 3))
    settings = dict(
        background=("desk", "cloth", "dark", "busy")[rng.integers(4)],
        exposure=rng.uniform(0.48, 0.62) if dim else rng.uniform(0.78, 1.02),
        tint=tuple(float(t) for t in tint), light=rng.uniform(0.1, 0.6),
        shadow=rng.uniform(0.2, 0.5) if rng.random() < 0.4 else 0.0,
        blur=rng.uniform(0.4, 1.1) * max(1.0, scale ** 0.7),
        noise=rng.uniform(5, 9) if dim else rng.uniform(1.5, 5),
        sharpen=rng.uniform(0.2, 0.8) if rng.random() < 0.4 else 0.0,
        jpeg=int(rng.integers(62, 93)))
    settings.update(changes)
    return Camera(frame, matrix, **settings)


def photo_of_page(kind: str, rng: np.random.Generator, sheet: np.ndarray,
                  numbers: list[list[Placed]], camera: Camera) -> Picture | None:
    """Keeps the numbers the camera sees whole, writes them, takes the photo."""
    kept, truths = visible_numbers(numbers, camera.matrix, camera.frame)
    if not truths:
        return None
    ink(sheet, kept)
    return picture_of(kind, photograph(sheet, camera, rng), truths, kept, camera.jpeg)
