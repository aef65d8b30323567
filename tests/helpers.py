"""Helpers shared by tests (tests never import each other)."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

from bench.drawn_digits import place, template_paths
from bench.xwindow import AppWindow
from realtime.config import NUM_CLASSES


def compress_z(data: bytes, max_bits: int = 16, clear_after: int | None = None) -> bytes:
    """Unix ``compress`` (.Z, block mode) of ``data``: to test the reader with.

    ``clear_after``: send a CLEAR code after that many codes (as ``compress`` does when
    its table is full and compression drops). Codes are packed least significant bit
    first; when the code width grows or after a CLEAR, the current group of eight codes is
    padded to its full size, as ``compress`` does.
    """
    clear = 256
    codes: list[int] = []
    table = {bytes([i]): i for i in range(256)}
    word, since_clear = b"", 0
    for value in data:
        grown = word + bytes([value])
        if grown in table:
            word = grown
            continue
        codes.append(table[word])
        since_clear += 1
        if len(table) + 1 < 1 << max_bits:
            table[grown] = len(table) + 1  # code 256 is CLEAR
        word = bytes([value])
        if clear_after and since_clear >= clear_after:
            codes.append(clear)
            table = {bytes([i]): i for i in range(256)}
            since_clear = 0
    if word:
        codes.append(table[word])
    out, bits, group_start, accumulator, filled = bytearray(), 9, 0, 0, 0
    entries, first = 257, True  # the reader's table size, and whether it awaits a literal

    def pad(group_bytes: int) -> None:
        nonlocal accumulator, filled
        if filled:
            out.extend(accumulator.to_bytes((filled + 7) // 8, "little"))
            accumulator = filled = 0
        out.extend(bytes((group_bytes - (len(out) - group_start) % group_bytes) % group_bytes))

    for code in codes:
        if entries > (1 << bits) - 1 and bits < max_bits:
            pad(bits)
            group_start, bits = len(out), bits + 1
        accumulator |= code << filled
        filled += bits
        if code == clear:
            pad(bits)
            group_start, bits, entries, first = len(out), 9, 257, True
            continue
        if not first and entries < 1 << max_bits:
            entries += 1
        first = False
        while filled >= 8:
            out.append(accumulator & 0xFF)
            accumulator >>= 8
            filled -= 8
    if filled:
        out.append(accumulator & 0xFF)
    return bytes([0x1F, 0x9D, 0x80 | max_bits]) + bytes(out)


def shared_pendigits() -> Path:
    """The pendigits file in ``shared/`` beside the checkout (it may be missing)."""
    return (Path(__file__).resolve().parents[2]
            / "shared" / "data" / "pendigits" / "pendigits-orig.tra.gz")


def paper_dev() -> Path:
    """The real photos and scans in ``shared/`` beside the checkout (it may be missing)."""
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "paper_dev"


#: Styles of the stroke templates that the shipped model reads surely at any size.
PLAIN_STYLES = {1: 0, 4: 1, 7: 0}


def written_page(rows: list[str], *, size: tuple[int, int] = (640, 480),
                 height: float = 50.0, pen: float = 4.0, paper: int = 225, ink: int = 50,
                 row_step: float = 1.8, tilt: float = 0.0, seed: int = 0,
                 ) -> tuple[np.ndarray, list[tuple[tuple[int, int, int, int], int]]]:
    """A gray photo-like page (paper grain, anti-aliased pen) with rows of numbers written
    with the stroke templates in the middle of it, turned by ``tilt`` degrees.

    ``rows`` are strings such as ``"42 7"`` (a space between numbers). Returns the BGR
    picture and each digit's (box, label), boxes tight around its ink after turning.
    """
    import cv2

    from bench.drawn_digits import place, template_paths

    rng = np.random.default_rng(seed)
    width, tall = size
    cell, space = 0.85 * height, 1.0 * height
    block_w = max(sum(space if c == " " else cell for c in text) for text in rows)
    block_h = height * (1 + row_step * (len(rows) - 1))
    turn = cv2.getRotationMatrix2D((width / 2, tall / 2), tilt, 1.0)
    page = np.zeros((tall, width), np.float32)
    truths = []
    y = (tall - block_h) / 2
    for text in rows:
        x = (width - block_w) / 2
        for char in text:
            if char == " ":
                x += space
                continue
            label = int(char)
            paths = template_paths(label, rng, style=PLAIN_STYLES.get(label, 0), slant=0.0)
            paths = place(paths, height, max(1, round(pen / 2)), rng, max(size),
                          (round(x), round(y), round(cell), round(height)))
            layer = np.zeros((tall, width), np.uint8)
            for path in paths:
                cv2.polylines(layer, [np.round(path * 16).astype(np.int32)], False, 255,
                              max(1, round(pen)), cv2.LINE_AA, shift=4)
            layer = cv2.warpAffine(layer, turn, (width, tall), flags=cv2.INTER_LINEAR)
            box = cv2.boundingRect((layer > 76).astype(np.uint8))
            truths.append((tuple(int(v) for v in box), label))
            page = np.maximum(page, layer.astype(np.float32) / 255)
            x += cell
        y += row_step * height
    grain = rng.normal(0, 3, (tall, width)).astype(np.float32)
    picture = np.clip(paper * (1 - page) + ink * page + grain, 0, 255).astype(np.uint8)
    return cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR), truths


def make_reading(box: tuple[int, int, int, int], digit: int = 1, confidence: float = 0.99):
    """A Reading whose probabilities put ``confidence`` on ``digit`` and share the rest;
    it is unsure as the reader would judge it."""
    from realtime.reading import Reading, looks_unsure

    probs = np.full(10, (1 - confidence) / 9, np.float32)
    probs[digit] = confidence
    return Reading(box=box, digit=digit, confidence=confidence, probs=probs,
                   unsure=looks_unsure(box, confidence))


#: A hash sign, four straight strokes in a unit box (y down): a mark that is no digit.
HASH_STROKES = (((0.35, 0.0), (0.25, 1.0)), ((0.75, 0.0), (0.65, 1.0)),
                ((0.0, 0.33), (1.0, 0.33)), ((0.0, 0.67), (1.0, 0.67)))


def mark_beside_digit(label: int = 4, seed: int = 0) -> np.ndarray:
    """A pad (light ink on black) with a hash sign, which is no digit, left of a written
    digit: the reader should give two readings, the first unsure, the second ``label``."""
    import cv2

    from bench.drawn_digits import draw_number

    digit, _ = draw_number([label], np.random.default_rng(seed))
    mark = np.zeros((digit.shape[0], 200), np.uint8)
    top, size = 30, 120
    for (x0, y0), (x1, y1) in HASH_STROKES:
        cv2.line(mark, (40 + round(size * x0), top + round(size * y0)),
                 (40 + round(size * x1), top + round(size * y1)), 255, 16, cv2.LINE_AA)
    return np.hstack([mark, digit])


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PAGE_HEIGHT, PAGE_WIDTH = 360, 640


def stroke_digit(label: int, size: tuple[int, int] = (120, 90), thickness: int = 9,
                 offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """A simple synthetic digit: light ink on black, drawn with OpenCV's Hershey font."""
    height, width = size
    image = np.zeros((height, width), np.uint8)
    scale = cv2.getFontScaleFromHeight(cv2.FONT_HERSHEY_SIMPLEX, int(height * 0.6), thickness)
    (text_w, text_h), _ = cv2.getTextSize(str(label), cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    origin = ((width - text_w) // 2 + offset[0], (height + text_h) // 2 + offset[1])
    cv2.putText(image, str(label), origin, cv2.FONT_HERSHEY_SIMPLEX, scale, 255, thickness,
                cv2.LINE_AA)
    return image


def boxes_close(found, expected, tolerance: int = 2) -> bool:
    """True when two lists of (x, y, w, h) boxes agree within ``tolerance`` pixels each.

    Ink found by thresholding leaves out the faint anti-aliased rim that a drawing's own
    bounding box includes, so boxes differ by a pixel or so.
    """
    return len(found) == len(expected) and all(
        abs(a - b) <= tolerance for f, e in zip(found, expected, strict=True)
        for a, b in zip(f, e, strict=True))


def page_frame(digits=("4", "7", "19"), ruled=True, shadow=True, seed=0, step=52,
          ) -> tuple[np.ndarray, list]:
    """A page on a textured desk, lit from one side, with a soft shadow; returns the frame
    and the boxes of the digits written on it (a number's digits are one box each)."""
    rng = np.random.default_rng(seed)
    frame = np.full((PAGE_HEIGHT, PAGE_WIDTH), 70, np.float32)
    frame += cv2.resize(rng.normal(0, 12, (PAGE_HEIGHT // 20, PAGE_WIDTH // 4)).astype(np.float32),
                        (PAGE_WIDTH, PAGE_HEIGHT))  # desk grain
    page = np.zeros((PAGE_HEIGHT, PAGE_WIDTH), np.uint8)
    cv2.fillConvexPoly(page, np.array([[90, 30], [560, 45], [550, 335], [80, 320]]), 1)
    frame[page > 0] = 232
    if ruled:
        for y in range(60, 330, 28):
            cv2.line(frame, (85, y), (555, y + 4), 190, 1, cv2.LINE_AA)
    boxes, x = [], 130
    for text in digits:
        for char in text:
            layer = np.zeros((PAGE_HEIGHT, PAGE_WIDTH), np.uint8)
            strokes = place(template_paths(int(char), rng), 56, 3, rng, PAGE_WIDTH,
                            (x, 150, 40, 60))
            for stroke in strokes:
                cv2.polylines(layer, [np.round(stroke).astype(np.int32)], False, 255, 4,
                              cv2.LINE_AA)
            boxes.append(cv2.boundingRect(layer))
            frame[layer > 0] = frame[layer > 0] * (1 - layer[layer > 0] / 255) + 45 * (
                layer[layer > 0] / 255)
            x += step
        x += 60
    light = np.linspace(0.7, 1.1, PAGE_WIDTH, dtype=np.float32)[None, :].repeat(PAGE_HEIGHT, 0)
    if shadow:
        mask = np.zeros((PAGE_HEIGHT, PAGE_WIDTH), np.float32)
        cv2.ellipse(mask, (330, 180), (120, 90), 0, 0, 360, 1.0, -1)
        light *= 1 - 0.45 * cv2.GaussianBlur(mask, (0, 0), 25)
    frame = np.clip(frame * light + rng.normal(0, 3, frame.shape), 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), boxes


#: The app's default pad and the brush the window tests draw with.
PAD = 420
BRUSH = 13.5


def digit_strokes(label: int, slot: int, seed: int = 0, slots: int = 3) -> list:
    """The strokes of a digit drawn in one of ``slots`` columns of the pad."""
    rng = np.random.default_rng(seed + 10 * label + slot)
    width = PAD // slots
    region = (slot * width + 10, 60, width - 20, 300)
    return place(template_paths(label, rng), 220, BRUSH, rng, PAD, region)


#: How long a stroke's reading may take before the stroke counts as lost by the window
#: system (a press that never arrived leaves no stroke and no reading).
STROKE_READ_SECONDS = 5.0


def read_after(window: AppWindow, *keys: str) -> str:
    """Presses keys and returns the text of the reading they lead to."""
    window.drain()
    window.key(*keys)
    return window.wait_event("read")["text"]


def drag_and_read(window: AppWindow, stroke) -> dict:
    """Draws one stroke and returns the reading the app makes at its pen-up.

    A stroke with no reading is drawn again, as a user whose pen did not take would (once
    seen in CI under load: the window system lost a press, so the stroke never began)."""
    window.drag(stroke)
    try:
        return window.wait_event("read", timeout=STROKE_READ_SECONDS)
    except TimeoutError:
        window.drag(stroke)
        return window.wait_event("read")


def draw_and_read(window: AppWindow, label: int, slot: int) -> tuple[str, int]:
    """Draws a digit stroke by stroke, each read at its pen-up, and returns what the app
    reads once the digit is complete and how many strokes it has."""
    window.drain()
    strokes = digit_strokes(label, slot)
    text = ""
    for stroke in strokes:
        text = drag_and_read(window, stroke)["text"]
    return text, len(strokes)


class ListSource:
    """A frame source (``realtime.camera.source.Source``) over a list of frames; None is a
    frame that fails to decode. ``independent``: separate pictures, as a folder's."""

    live = False
    kind = "video"
    interval = 0.0
    file = None

    def __init__(self, frames, independent: bool = False) -> None:
        self.name = "list"
        self.frames, self.status, self.released = list(frames), "", False
        self.messages: list[str] = []
        self.independent = independent

    def read(self):
        if not self.frames:
            self.status = "ended"
            return False, None
        return True, self.frames.pop(0)

    def release(self) -> None:
        self.released = True


class FakeModel:
    """Reads every digit as ``label`` at ``confidence``; counts the digits it saw and
    records whether it was asked for the second look."""

    def __init__(self, label: int, confidence: float = 0.97) -> None:
        self.label, self.confidence, self.seen, self.looks = label, confidence, 0, []

    def classify(self, digits: np.ndarray, *, second_look: bool = True,
                 ) -> tuple[np.ndarray, np.ndarray]:
        self.seen += len(digits)
        self.looks.append(second_look)
        probs = np.full((len(digits), NUM_CLASSES), (1 - self.confidence) / (NUM_CLASSES - 1),
                        np.float32)
        probs[:, self.label] = self.confidence
        return np.full(len(digits), self.label, np.int64), probs
