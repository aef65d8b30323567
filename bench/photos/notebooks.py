"""Photos of notebook pages: rows of numbers on plain, ruled or squared paper, a sheet
tilted on the desk, a 12-megapixel phone photo, and tiny digits in a webcam frame."""

from __future__ import annotations

import numpy as np

from bench.photos.camera import PHONE_SIZES, PHOTO_SIZES, WEBCAM_SIZES, photo_camera, photo_of_page
from bench.photos.hands import pick_hand
from bench.photos.paper import grid, page_colour, paper, rule
from bench.photos.pens import Pen, pick_pen
from bench.photos.perspective import homography, seen_part
from bench.photos.picture import Picture
from bench.photos.sources import Sources
from bench.photos.writing import Style, Writer, write_rows


def _notebook(kind: str, rng: np.random.Generator, sources: Sources,
              frame: tuple[int, int], digit_range: tuple[float, float],
              ruling: str, angle: float, fill: bool, max_digits: int = 100,
              lengths: tuple[int, ...] | None = None) -> Picture | None:
    """A photo of a page of numbers: plain, ruled or squared paper, rotated by ``angle``."""
    width, height = frame
    digit = float(np.exp(rng.uniform(*np.log(digit_range))))
    if fill:
        page = (int(width * rng.uniform(1.15, 1.5)), int(height * rng.uniform(1.15, 1.5)))
        scale = 1.0
    else:
        share = rng.uniform(0.6, 0.88)
        aspect = rng.uniform(0.7, 1.42)
        page_h = min(height * share, width * share / aspect)
        page = (int(page_h * aspect), int(page_h))
        scale = rng.uniform(0.92, 1.0)
    centre = (width / 2 + rng.uniform(-0.05, 0.05) * width,
              height / 2 + rng.uniform(-0.05, 0.05) * height)
    matrix = homography(page, centre, scale, angle, rng.uniform(0.0, 0.1), rng)
    x0, y0, x1, y1 = seen_part(page, matrix, frame)
    sheet = paper(page, page_colour(rng, 0.08), rng)
    writer = Writer(rng, sources, pick_hand(rng), pick_pen(
        rng, digit, weights=(0.25, 0.45, 0.2, 0.1)),
        max_digits=int(rng.integers(max_digits // 3, max_digits + 1)))
    left = max(page[0] * rng.uniform(0.03, 0.1), x0)
    top = max(page[1] * rng.uniform(0.02, 0.1), y0)
    rows: list[tuple[float, float]] = []
    if ruling == "lined":
        spacing = digit / rng.uniform(0.5, 0.8)
        margin_x = page[0] * rng.uniform(0.03, 0.1) + rng.uniform(0.5, 1.5) * spacing
        lines = rule(sheet, spacing, rng.uniform(1.0, 2.5) * spacing, margin_x, rng)
        step = 1 if rng.random() < 0.7 else 2
        if step == 2:
            digit = spacing * rng.uniform(1.15, 1.5)
        rows = [(y + rng.uniform(-0.1, 0.05) * spacing, digit) for y in lines[::step]]
        left = max(margin_x + rng.uniform(0.2, 0.6) * spacing, x0)
    elif ruling == "squared":
        cell = digit / rng.uniform(1.4, 3.0)
        _, oy = grid(sheet, cell, rng)
        pitch = int(np.ceil(digit / cell)) + int(rng.integers(1, 3))
        rows = [(float(y + rng.uniform(-0.08, 0.05) * cell), digit)
                for y in np.arange(oy + pitch * cell, page[1], pitch * cell)]
    else:
        pitch = digit * rng.uniform(1.3, 2.0)
        rows = [(float(y), digit) for y in np.arange(top + digit, page[1], pitch)]
    rows = [(y, h) for y, h in rows if y - h >= top and y <= y1]
    if kind != "tilted":  # tilted rows stay close: they must not merge
        rows = rows[::int(rng.choice([1, 1, 2]))]  # now and then an empty row between
    right = min(page[0] * rng.uniform(0.85, 0.97), x1)
    numbers = write_rows(writer, rows, left, right, page, lengths, ragged=0.3)
    camera = photo_camera(rng, frame, matrix, dim=rng.random() < 0.12)
    return photo_of_page(kind, rng, sheet, numbers, camera)


def lined(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A notebook photo: rows of numbers on ruled paper with a margin line."""
    frame = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    return _notebook("lined", rng, sources, frame, (22, 70), "lined", rng.uniform(-3, 3),
                     rng.random() < 0.6)


def squared(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A notebook photo: rows of numbers on squared (grid) paper."""
    frame = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    return _notebook("squared", rng, sources, frame, (22, 70), "squared", rng.uniform(-3, 3),
                     rng.random() < 0.6)


def tilted(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A sheet turned 5-15 degrees either way, rows of numbers 1.3-2 digit heights apart."""
    frame = PHOTO_SIZES[rng.integers(len(PHOTO_SIZES))]
    angle = rng.uniform(5, 15) * rng.choice([-1, 1])
    return _notebook("tilted", rng, sources, frame, (25, 80), "plain", angle,
                     rng.random() < 0.4, lengths=(2, 2, 3, 3, 4, 5))


def phone(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A 12-megapixel phone photo of a sheet on a desk, digits 40-200 px tall."""
    frame = PHONE_SIZES[rng.integers(len(PHONE_SIZES))]
    ruling = ("plain", "lined", "squared")[rng.integers(3)]
    digit_range = (40, 120) if ruling != "plain" else (40, 200)
    return _notebook("phone", rng, sources, frame, digit_range, ruling, rng.uniform(-6, 6),
                     rng.random() < 0.25, max_digits=120)


def tiny(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """Digits 10-16 px tall in a webcam-size frame of paper."""
    frame = WEBCAM_SIZES[rng.integers(2)]
    width, height = frame
    digit = rng.uniform(11, 15)
    page = (int(width * rng.uniform(1.05, 1.3)), int(height * rng.uniform(1.05, 1.3)))
    sheet = paper(page, page_colour(rng, 0.1), rng)
    pen = pick_pen(rng, digit, ("fineliner", "ballpoint", "pencil"), (0.3, 0.5, 0.2))
    pen = Pen(pen.kind, float(np.clip(pen.width, 1.0, 1.7)), pen.colour, pen.opacity)
    style = Style(number_gap=(1.2, 4.0))
    writer = Writer(rng, sources, pick_hand(rng), pen, style, int(rng.integers(60, 160)))
    pitch = digit * rng.uniform(1.6, 3.5)
    rows = [(float(y), digit) for y in np.arange(page[1] * 0.12, page[1] * 0.9, pitch)]
    rows = rows[::int(rng.integers(1, 4))]  # spread over the page
    numbers = write_rows(writer, rows, page[0] * 0.08, page[0] * 0.92, page, ragged=0.6)
    matrix = homography(page, (width / 2, height / 2), 1.0, rng.uniform(-3, 3),
                        rng.uniform(0, 0.05), rng)
    camera = photo_camera(rng, frame, matrix, blur=rng.uniform(0.3, 0.6),
                          noise=rng.uniform(1.5, 3.5), jpeg=int(rng.integers(75, 93)),
                          sharpen=0.0)
    return photo_of_page("tiny", rng, sheet, numbers, camera)
