"""Flatbed scans: part of an A4 page at 150-300 dpi, faint pen on white, a dark scanner
edge, dust, and now and then print showing through from the back."""

from __future__ import annotations

import cv2
import numpy as np

from bench.photos.camera import add_noise
from bench.photos.hands import pick_hand
from bench.photos.paper import PAPERS, paper
from bench.photos.pens import Pen, pick_pen
from bench.photos.picture import Box, Picture, picture_of
from bench.photos.sources import Sources
from bench.photos.truth import visible_numbers
from bench.photos.writing import Writer, ink, write_rows


def _show_through(sheet: np.ndarray, dpi: float, rng: np.random.Generator) -> None:
    """Faint print from the back of the page, mirrored and blurred."""
    height, width = sheet.shape[:2]
    layer = np.zeros((height, width), np.uint8)
    line = dpi * rng.uniform(0.14, 0.2)
    scale = cv2.getFontScaleFromHeight(cv2.FONT_HERSHEY_SIMPLEX, int(line * 0.55), 2)
    y = rng.uniform(0.05, 0.4) * height
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789.,=-"))
    for _ in range(int(rng.integers(4, 25))):
        if y > height:
            break
        text = " ".join("".join(rng.choice(letters, rng.integers(1, 9)))
                        for _ in range(int(rng.integers(3, 12))))
        cv2.putText(layer, text, (int(rng.uniform(0.05, 0.3) * width), int(y)),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, 255, max(1, int(dpi / 150)), cv2.LINE_AA)
        y += line * rng.uniform(1.0, 2.5)
    layer = cv2.GaussianBlur(np.ascontiguousarray(layer[:, ::-1]).astype(np.float32), (0, 0),
                             dpi / rng.uniform(60, 100))
    sheet *= (1 - rng.uniform(0.04, 0.1) * layer / max(float(layer.max()), 1.0))[..., None]


def _scanner_edge(image: np.ndarray, rng: np.random.Generator) -> list[Box]:
    """Dark strips along one or two sides where the scanner saw past the page; returns the
    areas they cover (with a margin) for digits to keep off."""
    height, width = image.shape[:2]
    keep_out = []
    sides = rng.choice(4, int(rng.integers(1, 3)), replace=False)
    for side in sides:
        along, across = (width, height) if side in (0, 2) else (height, width)
        a, b = rng.uniform(0.002, 0.02, 2) * across + 2
        soft = rng.uniform(0.8, 3.0)
        edge = np.linspace(a, b, along, dtype=np.float32)
        depth = np.arange(across, dtype=np.float32)[:, None]
        alpha = np.clip((edge[None, :] - depth) / soft + 0.5, 0, 1)  # (across, along)
        if side in (1, 3):
            alpha = alpha.T
        if side == 2:
            alpha = alpha[::-1]
        if side == 1:
            alpha = alpha[:, ::-1]
        dark = rng.uniform(0.05, 0.4) * 255
        image[:] = image * (1 - alpha[..., None]) + dark * alpha[..., None]
        reach = int(max(a, b) + 3 * soft + 4)
        keep_out.append({0: (0, 0, width, reach), 1: (width - reach, 0, reach, height),
                         2: (0, height - reach, width, reach), 3: (0, 0, reach, height)}[side])
    return keep_out


def scan(rng: np.random.Generator, sources: Sources) -> Picture | None:
    """A flatbed scan of part of an A4 page at 150-300 dpi: faint pen on white, a dark
    scanner edge, now and then show-through print from the back."""
    dpi = float(rng.choice([150, 200, 240, 300]))
    a4 = (8.27 * dpi, 11.69 * dpi)
    frame = (int(a4[0] * rng.uniform(0.45, 0.9)), int(a4[1] * rng.uniform(0.25, 0.55)))
    digit = dpi / 25.4 * rng.uniform(5, 11)  # 5-11 mm tall
    sheet = paper(frame, PAPERS["white"], rng, grain=0.006)
    if rng.random() < 0.5:
        _show_through(sheet, dpi, rng)
    pen = pick_pen(rng, digit, ("fineliner", "ballpoint", "pencil"), (0.25, 0.6, 0.15))
    if pen.kind == "ballpoint" and rng.random() < 0.7:  # faint blue
        pen = Pen(pen.kind, pen.width, (0.72, 0.42, 0.30), pen.opacity * rng.uniform(0.7, 0.9))
    writer = Writer(rng, sources, pick_hand(rng), pen, max_digits=int(rng.integers(20, 110)))
    pitch = digit * rng.uniform(1.4, 2.4)
    rows = [(float(y), digit) for y in np.arange(frame[1] * rng.uniform(0.08, 0.2) + digit,
                                                  frame[1] * 0.95, pitch)]
    rows = rows[::int(rng.choice([1, 1, 2]))]
    numbers = write_rows(writer, rows, frame[0] * rng.uniform(0.06, 0.15), frame[0] * 0.92,
                         frame, ragged=0.3)
    image = sheet * 255 * rng.uniform(1.04, 1.1)
    keep_out = tuple(_scanner_edge(image, rng))
    angle = rng.uniform(-0.8, 0.8)
    matrix = np.vstack([cv2.getRotationMatrix2D((frame[0] / 2, frame[1] / 2), angle, 1.0),
                        [0, 0, 1]])
    kept, truths = visible_numbers(numbers, matrix, frame, keep_out)
    if not truths:
        return None
    inked = np.ones((frame[1], frame[0], 3), np.float32)
    ink(inked, kept)
    inked = cv2.warpAffine(inked, matrix[:2], frame, flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)
    image *= inked
    for _ in range(int(rng.integers(0, 12))):  # dust
        cv2.circle(image, (int(rng.integers(frame[0])), int(rng.integers(frame[1]))),
                   int(rng.integers(1, 3)), (float(rng.uniform(60, 180)),) * 3, -1, cv2.LINE_AA)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.4, 0.8))
    add_noise(image, rng.uniform(0.8, 2.5), rng)
    image = np.clip(image, 0, 255).astype(np.uint8)
    jpeg = None if rng.random() < 0.3 else int(rng.integers(80, 96))
    return picture_of("scan", image, truths, kept, jpeg)
