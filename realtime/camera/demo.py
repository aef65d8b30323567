"""The demo source: a generated sheet of handwritten digits, gently moving as if held in front
of a camera, so camera mode can be tried with no camera and no file.

``demo_sheet(seed)`` writes rows of numbers in ink on paper; ``DemoCamera.frame_at(t)`` shows
it at time ``t`` on a desk, seen through a drifting perspective, under uneven light, with
sensor noise. ``DemoSource`` plays it at 30 frames a second like a live camera (a slow
reader gets the newest frame, never a backlog). Everything is pure numpy/OpenCV and seeded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from realtime.pen.handwriting import Box, draw_paths, place, template_paths, wobble

DEMO_NAME = "demo"
DEMO_SIZE = (1280, 720)  #: frame width, height (a 720p webcam)
DEMO_FPS = 30.0
SHEET_SIZE = (800, 600)  #: paper width, height in its own pixels
#: Numbers written on the sheet, one row each (a phone number, a date, a sum...).
DEMO_ROWS = ("2026", "31415", "8 + 7 = 15", "90210", "468")
_SYMBOL_STROKES = {"+": [[(0.0, 0.5), (1.0, 0.5)], [(0.5, 0.1), (0.5, 0.9)]],
                   "=": [[(0.0, 0.35), (1.0, 0.35)], [(0.0, 0.7), (1.0, 0.7)]]}
DIGIT_HEIGHT = 78  #: px on the sheet
INK_BGR = (120, 45, 25)  #: dark blue ballpoint
PAPER_BGR = (226, 236, 242)  #: warm white
#: Drift of the sheet: seconds per cycle, degrees of turn, share of the frame of travel.
DRIFT_PERIOD = 9.0
DRIFT_TURN_DEG = 4.0
DRIFT_TRAVEL = 0.025


@dataclass(frozen=True)
class DemoDigit:
    """A digit written on the demo sheet: its label and box in sheet pixels."""

    label: int
    box: Box


def demo_sheet(seed: int = 0) -> tuple[np.ndarray, tuple[DemoDigit, ...]]:
    """The paper: ``DEMO_ROWS`` written in ink with a pen about 2.5 px wide, on faintly ruled
    paper. Returns the BGR sheet and every digit's label and box."""
    rng = np.random.default_rng(seed)
    width, height = SHEET_SIZE
    ink = np.zeros((height, width), np.uint8)  # 255 where the pen wrote
    rule = np.zeros_like(ink)
    row_pitch = height // (len(DEMO_ROWS) + 1)
    for row in range(1, len(DEMO_ROWS) + 2):
        y = row * row_pitch - row_pitch // 2 + DIGIT_HEIGHT // 2 + 6
        cv2.line(rule, (0, y), (width, y), 255, 1, cv2.LINE_AA)
    digits = []
    for row, text in enumerate(DEMO_ROWS):
        x = 70 + rng.uniform(0, 40)
        top = (row + 1) * row_pitch - row_pitch // 2 - DIGIT_HEIGHT // 2
        for char in text:
            if char == " ":
                x += DIGIT_HEIGHT * 0.35
                continue
            size = DIGIT_HEIGHT * rng.uniform(0.9, 1.05)
            if char.isdigit():
                paths = template_paths(int(char), rng, slant=0.12)
            else:  # symbols: smaller, centred on the row
                paths = [np.array(s, np.float64) * 0.5 for s in _SYMBOL_STROKES[char]]
                size *= 0.45
            region = (int(x), int(top + (DIGIT_HEIGHT - size) / 2), 1, int(size))  # at x
            paths = place(paths, size, 2, rng, max(width, height), region)
            paths = [wobble(p, rng, 0.01 * size) for p in paths]
            layer = np.zeros_like(ink)
            draw_paths(layer, paths, radius=2)
            box = cv2.boundingRect(layer)
            np.maximum(ink, layer, out=ink)
            if char.isdigit():
                digits.append(DemoDigit(int(char), tuple(int(v) for v in box)))
            x = box[0] + box[2] + DIGIT_HEIGHT * rng.uniform(0.3, 0.45)
    paper = np.empty((height, width, 3), np.float32)
    paper[:] = PAPER_BGR
    paper *= 1 - 0.25 * (rule[..., None] / 255.0) * np.array([0.3, 0.15, 1.0], np.float32)
    alpha = (ink / 255.0)[..., None]
    sheet = paper * (1 - alpha) + np.array(INK_BGR, np.float32) * alpha
    return np.clip(sheet, 0, 255).astype(np.uint8), tuple(digits)


class DemoCamera:
    """Renders the demo sheet as a camera would see it at any time ``t`` (seconds)."""

    def __init__(self, seed: int = 0, size: tuple[int, int] = DEMO_SIZE) -> None:
        self.size = size
        self.sheet, self.digits = demo_sheet(seed)
        rng = np.random.default_rng(seed + 1)
        width, height = size
        ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
        # light: brighter towards a top-left lamp, a soft vignette towards the corners
        lamp = 1.0 - 0.28 * np.hypot(xs / width - 0.25, ys / height - 0.1)
        vignette = 1.0 - 0.18 * ((xs / width - 0.5) ** 2 + (ys / height - 0.5) ** 2) * 2
        self._light = np.clip(lamp * vignette * 255, 0, 255).astype(np.uint8)[..., None]
        self._light = np.repeat(self._light, 3, axis=2)
        desk = np.empty((height, width, 3), np.float32)
        grain = cv2.GaussianBlur(rng.normal(0, 1, (height, width)).astype(np.float32), (0, 0), 25,
                                 sigmaY=3)
        desk[:] = (70, 95, 125)  # a brown desk
        desk += grain[..., None] * 30
        self._desk = np.clip(desk, 0, 255).astype(np.uint8)
        self._noise = [rng.integers(0, 9, (height, width, 3), dtype=np.uint8) for _ in range(4)]
        self._phase = rng.uniform(0, 2 * np.pi, 4)

    def homography(self, t: float) -> np.ndarray:
        """The sheet-to-frame perspective at time ``t``: the sheet fills about 70% of the
        frame's height, drifts and turns a little and leans back and forth."""
        width, height = self.size
        sheet_w, sheet_h = SHEET_SIZE
        scale = 0.72 * height / sheet_h
        w, h = sheet_w * scale, sheet_h * scale
        angle = 2 * np.pi * t / DRIFT_PERIOD + self._phase
        cx = width / 2 + DRIFT_TRAVEL * width * np.sin(angle[0])
        cy = height / 2 + DRIFT_TRAVEL * height * np.sin(angle[1])
        turn = np.deg2rad(DRIFT_TURN_DEG) * np.sin(angle[2])
        lean = 0.06 * np.sin(angle[3])  # the top edge narrower or wider: the sheet tilts
        corners = np.array([[-w / 2 * (1 - lean), -h / 2], [w / 2 * (1 - lean), -h / 2],
                            [w / 2 * (1 + lean), h / 2], [-w / 2 * (1 + lean), h / 2]])
        rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
        target = corners @ rotation.T + (cx, cy)
        source = np.array([[0, 0], [sheet_w, 0], [sheet_w, sheet_h], [0, sheet_h]])
        return cv2.getPerspectiveTransform(source.astype(np.float32),
                                           target.astype(np.float32))

    def frame_at(self, t: float) -> np.ndarray:
        """The BGR frame at time ``t``."""
        frame = self._desk.copy()
        cv2.warpPerspective(self.sheet, self.homography(t), self.size, dst=frame,
                            flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT)
        frame = cv2.multiply(frame, self._light, scale=1 / 255)
        return cv2.add(frame, self._noise[int(t * DEMO_FPS) % len(self._noise)])

    def boxes_at(self, t: float) -> list[tuple[int, Box]]:
        """Each digit's label and its box in the frame at time ``t``."""
        matrix = self.homography(t)
        found = []
        for digit in self.digits:
            x, y, w, h = digit.box
            corners = np.array([[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], np.float32)
            projected = cv2.perspectiveTransform(corners, matrix)[0]
            found.append((digit.label, tuple(int(v) for v in cv2.boundingRect(projected))))
        return found


class DemoSource:
    """The demo as a frame source: a live source that paces itself at ``DEMO_FPS`` and always
    gives the frame of the current moment (like a camera read on its own thread)."""

    live = True
    independent = False
    kind = "demo"
    interval = 0.0  # read() waits for the next frame time itself
    file = None

    def __init__(self, seed: int = 0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.name = DEMO_NAME
        self.camera = DemoCamera(seed)
        self._clock, self._sleep = clock, sleep
        self._start = clock()
        self._last_tick = -1
        self.frames = 0
        self.status = ""
        self.messages: list[str] = []
        self.time = 0.0  #: the moment (seconds since start) the last frame shows

    def read(self) -> tuple[bool, np.ndarray | None]:
        """Waits for the next frame time, then returns the frame of that moment."""
        elapsed = self._clock() - self._start
        tick = int(elapsed * DEMO_FPS)
        if tick <= self._last_tick:
            self._sleep((self._last_tick + 1) / DEMO_FPS - elapsed)
            tick = self._last_tick + 1
        self._last_tick = tick
        self.time = tick / DEMO_FPS
        self.frames += 1
        return True, self.camera.frame_at(self.time)

    def release(self) -> None:
        pass
