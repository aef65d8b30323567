"""Pictures that one number or a few digits fill: close-ups (photographed, scanned or drawn
clean), small crops of a photo, and a note held up to a webcam."""

from __future__ import annotations

import cv2
import numpy as np

from bench.photos.camera import WEBCAM_SIZES, add_noise, photo_camera, photo_of_page
from bench.photos.hands import pick_hand
from bench.photos.paper import PAPERS, page_colour, paper
from bench.photos.pens import Pen, pick_pen
from bench.photos.perspective import homography
from bench.photos.picture import Colour, Picture, Placed, picture_of
from bench.photos.sources import Sources
from bench.photos.truth import visible_numbers
from bench.photos.writing import Style, Writer, extent, ink, number_labels, write_number


def _one_number_photo(kind: str, rng: np.random.Generator, sources: Sources,
                      frame: tuple[int, int], labels_rows: list[list[int]], digit: float,
                      pen: Pen, colour: Colour, camera_changes: dict) -> Picture | None:
    """Numbers (one per row) on a note or sheet in front of the camera, centred."""
    width, height = frame
    writer = Writer(rng, sources, pick_hand(rng), pen, Style(touching=0.02))
    pitch = digit * rng.uniform(1.25, 1.6)
    block_h = digit + pitch * (len(labels_rows) - 1)
    note = max(block_h / rng.uniform(0.55, 0.85), 0.3 * height)
    page = (int(max(note * rng.uniform(0.9, 1.3), 1)), int(note))
    rows = []
    for index, labels in enumerate(labels_rows):
        number = write_number(writer, labels, digit, 0, 0)
        rows.append((number, index * pitch))
    widest = max(extent(n)[2] - extent(n)[0] for n, _ in rows)
    page = (int(max(page[0], widest / rng.uniform(0.6, 0.9))), page[1])
    sheet = paper(page, colour, rng)
    top = (page[1] - block_h) / 2 + digit
    numbers = []
    for number, dy in rows:
        x0, _, x1, _ = extent(number)
        dx = (page[0] - (x1 - x0)) / 2 - x0 + rng.uniform(-0.05, 0.05) * page[0]
        moved = [Placed(p.label, p.coverage, p.strength, p.colour, round(p.x + dx),
                        round(p.y + top + dy)) for p in number]
        x0, y0, x1, y1 = extent(moved)
        if x0 < 0 or y0 < 0 or x1 > page[0] or y1 > page[1]:
            return None
        numbers.append(moved)
    centre = (width / 2 + rng.uniform(-0.08, 0.08) * width,
              height / 2 + rng.uniform(-0.06, 0.06) * height)
    matrix = homography(page, centre, 1.0, rng.uniform(-8, 8), rng.uniform(0, 0.12), rng)
    camera = photo_camera(rng, frame, matrix, **camera_changes)
    return photo_of_page(kind, rng, sheet, numbers, camera)


def webcam(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A sticky note or sheet held up to a webcam: 1-4 digits 30-90% of the frame tall."""
    frame = WEBCAM_SIZES[rng.integers(2)]
    share = rng.uniform(0.3, 0.9)
    digit = share * frame[1]
    fits = int(frame[0] * 0.8 / (0.8 * digit))  # digits about 0.8 of their height wide
    count = int(rng.integers(1, int(np.clip(fits, 1, 4)) + 1))
    rows = [number_labels(rng, count)]
    if share < 0.42 and count >= 2 and rng.random() < 0.4:
        rows = [rows[0][: count // 2], rows[0][count // 2:]]
    pen = pick_pen(rng, digit, weights=(0.15, 0.3, 0.15, 0.4))
    colour = PAPERS["sticky"] if rng.random() < 0.55 else PAPERS["white"]
    changes = dict(background=("dark", "busy")[rng.integers(2)],
                   blur=rng.uniform(0.8, 2.0) * max(frame) / 1280 * 1.3,
                   noise=rng.uniform(3, 7), jpeg=int(rng.integers(58, 86)),
                   exposure=rng.uniform(0.7, 1.0))
    return _one_number_photo("webcam", rng, sources, frame, rows, digit, pen, colour, changes)


def closeup(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """One digit 50-95% of the picture tall, photographed, or scanned / drawn clean."""
    width = int(np.exp(rng.uniform(np.log(120), np.log(1280))))
    height = int(np.clip(width * rng.uniform(0.55, 1.35), 120, 720))
    frame = (width, min(width * 2, height))
    digit = rng.uniform(0.56, 0.9) * frame[1]
    label = int(rng.integers(10))
    pen = pick_pen(rng, digit)
    if rng.random() < 0.3:
        return _clean_closeup(rng, sources, frame, label, digit, pen)
    colour = page_colour(rng, 0.2)
    changes = dict(exposure=rng.uniform(0.5, 0.6) if rng.random() < 0.15 else
                   rng.uniform(0.78, 1.02), blur=rng.uniform(0.3, 1.2) * max(frame) / 640)
    picture = _one_number_photo("closeup", rng, sources, frame, [[label]], digit, pen, colour,
                                changes)
    if picture is None or not 0.5 <= picture.truths[0].box[3] / frame[1] <= 0.95:
        return None
    return picture


def _clean_closeup(rng: np.random.Generator, sources: Sources, frame: tuple[int, int],
                   label: int, digit: float, pen: Pen) -> Picture | None:
    """A digit drawn on a white canvas or scanned: no perspective, little noise."""
    writer = Writer(rng, sources, pick_hand(rng), pen)
    coverage, strength = writer.digit(label, digit)
    ph, pw = coverage.shape
    x = round(rng.uniform(0, max(0.0, frame[0] - pw)))
    y = round(rng.uniform(0, max(0.0, frame[1] - ph)))
    placed = [[Placed(label, coverage, strength, pen.colour, x, y)]]
    colour = (1.0, 1.0, 1.0) if rng.random() < 0.4 else PAPERS["white"]
    sheet = paper(frame, colour, rng, grain=0.0 if colour == (1.0, 1.0, 1.0) else 0.01)
    kept, truths = visible_numbers(placed, np.eye(3), frame)
    if not truths:
        return None
    ink(sheet, kept)
    image = sheet * 255 * rng.uniform(1.0, 1.06)
    if rng.random() < 0.5:
        image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.3, 0.7))
        add_noise(image, rng.uniform(0.5, 2), rng)
    jpeg = None if rng.random() < 0.5 else int(rng.integers(80, 96))
    return picture_of("closeup", np.clip(image, 0, 255).astype(np.uint8), truths, kept, jpeg)


def crop(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A small crop (100x40 to 320x130) of a photo: 2-6 digits nearly fill its height."""
    height = int(rng.integers(40, 131))
    count = int(rng.integers(2, 7))
    digit = height * rng.uniform(0.6, 0.85)
    pen = pick_pen(rng, digit, ("fineliner", "ballpoint", "pencil", "marker"),
                   (0.25, 0.5, 0.15, 0.1))
    if pen.kind in ("ballpoint", "pencil"):  # small crops are of bold writing
        pen = Pen(pen.kind, max(pen.width, 0.05 * digit), pen.colour, pen.opacity)
    writer = Writer(rng, sources, pick_hand(rng), pen, Style(digit_gap=(0.05, 0.4)))
    for _ in range(6):
        number = write_number(writer, number_labels(rng, count), digit, 0, 0)
        x0, _, x1, _ = extent(number)
        margin = height * rng.uniform(0.1, 0.5)
        if x1 - x0 + 2 * margin <= 320:
            break
        count = max(2, count - 1)
    else:
        return None
    width = int(np.clip(x1 - x0 + 2 * margin, 100, 320))
    frame = (width, height)
    page = (width + 2 * height, 2 * height)
    top = page[1] / 2 + digit / 2 + rng.uniform(-0.06, 0.06) * height
    dx = page[0] / 2 - (x0 + x1) / 2 + rng.uniform(-0.1, 0.1) * (width - (x1 - x0))
    numbers = [[Placed(p.label, p.coverage, p.strength, p.colour, round(p.x + dx),
                       round(p.y + top)) for p in number]]
    sheet = paper(page, PAPERS["white"], rng, grain=0.015)
    matrix = homography(page, (width / 2, height / 2), 1.0, rng.uniform(-3, 3),
                        rng.uniform(0, 0.04), rng)
    camera = photo_camera(rng, frame, matrix, exposure=rng.uniform(0.7, 0.88),
                          blur=rng.uniform(0.4, 0.9), noise=rng.uniform(1.5, 4),
                          light=rng.uniform(0.0, 0.2), shadow=0.0,
                          jpeg=int(rng.integers(65, 92)))
    picture = photo_of_page("crop", rng, sheet, numbers, camera)
    return picture if picture is not None and len(picture.truths) == len(number) else None
