"""Test scenes for camera mode: a sheet of handwritten digits on a desk, as a camera sees it.

Each scene is a sheet of paper (optionally ruled) with rows of digits, alone and in
numbers, some lightly touching, written in pen-coloured ink of varying width. The
handwriting is MNIST *test* digits (writers the model never trained on). The sheet lies
on a textured desk under perspective, with uneven light and a soft shadow; each frame
adds camera blur, sensor noise and JPEG, and a hand-held drift moves the sheet from
frame to frame. Every frame comes with the true box and digit of every digit on it.

    python bench/scenes.py --out /tmp/scene --frames 30 --seed 1000   # video + truth
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

FRAME_SIZE = (1280, 720)  # width, height
SHEET_SIZE = (1100, 780)  # width, height of the sheet image
INKS = ((150, 60, 25), (170, 80, 40), (45, 40, 40), (110, 40, 30), (80, 80, 85))  # BGR pens

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Truth:
    """One digit on the sheet: its label and its box in sheet pixels."""

    label: int
    box: Box


@dataclass(frozen=True)
class Scene:
    """A rendered sheet, its digits, and what the camera and the light do to it."""

    sheet: np.ndarray  # BGR sheet image
    digits: tuple[Truth, ...]
    desk: np.ndarray  # BGR frame-sized desk
    corners: np.ndarray  # (4, 2) where the sheet's corners land in the first frame
    light: np.ndarray  # float32 frame-sized multiplier (gradient and shadow)
    seed: int


def _digit_alpha(digit: np.ndarray, height: int, rng: np.random.Generator) -> np.ndarray:
    """An MNIST digit as ink opacity at ``height`` px, with a random stroke width."""
    ys, xs = np.nonzero(digit > 30)
    crop = digit[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    width = max(2, round(crop.shape[1] * height / crop.shape[0]))
    alpha = cv2.resize(crop, (width, height), interpolation=cv2.INTER_CUBIC).astype(np.float32)
    change = rng.uniform(-0.6, 1.2) * height / 40  # thinner or thicker pen, in pixels
    size = int(round(abs(change))) * 2 + 1
    if size >= 3:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
        alpha = cv2.dilate(alpha, kernel) if change > 0 else cv2.erode(alpha, kernel)
    return np.clip(alpha / 255 * 1.4 - 0.2, 0, 1) * rng.uniform(0.75, 1.0)


def _paper(rng: np.random.Generator, ruled: bool) -> np.ndarray:
    width, height = SHEET_SIZE
    tint = np.array([rng.uniform(225, 245), rng.uniform(232, 250), rng.uniform(236, 252)])
    sheet = np.ones((height, width, 3), np.float32) * tint
    sheet += rng.normal(0, 2.0, (height, width, 1))
    if ruled:
        spacing = int(rng.integers(36, 60))
        colour = (205, 185, 165)
        for y in range(int(rng.integers(40, 90)), height - 20, spacing):
            cv2.line(sheet, (0, y), (width - 1, y), colour, 1, cv2.LINE_AA)
        cv2.line(sheet, (70, 0), (70, height - 1), (170, 170, 225), 1, cv2.LINE_AA)
    return sheet


def _write_digits(sheet: np.ndarray, rng: np.random.Generator, mnist: tuple, count: int,
                  ) -> list[Truth]:
    """Writes rows of digits (single ones and numbers) on the sheet; returns their truth."""
    x_test, y_test = mnist
    width, height = SHEET_SIZE
    truths: list[Truth] = []
    y = int(rng.integers(30, 60))
    ink = np.array(INKS[rng.integers(len(INKS))], np.float32)
    while len(truths) < count:
        row = float(np.exp(rng.uniform(np.log(20), np.log(110))))
        if rng.random() < 0.08:
            row = float(rng.uniform(150, 240))
        if y + row > height - 20:
            break
        x = int(rng.integers(90, 140))
        while len(truths) < count:
            digits_in_number = int(rng.choice([1, 1, 2, 2, 3, 4]))
            size = [int(row * rng.uniform(0.85, 1.0)) for _ in range(digits_in_number)]
            alphas = []
            for h in size:
                index = int(rng.integers(len(x_test)))
                alphas.append((_digit_alpha(x_test[index], h, rng), int(y_test[index])))
            span = sum(a.shape[1] for a, _ in alphas) + row * 0.15 * digits_in_number
            if x + span > width - 30:
                break
            for alpha, label in alphas:
                top = int(y + (row - alpha.shape[0]) * rng.uniform(0.3, 1.0))
                h, w = alpha.shape
                region = sheet[top : top + h, x : x + w]
                region[:] = region * (1 - alpha[..., None]) + ink * alpha[..., None]
                ys, xs = np.nonzero(alpha > 0.3)
                truths.append(Truth(label, (x + int(xs.min()), top + int(ys.min()),
                                            int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1)))
                x += w + int(row * rng.uniform(-0.02, 0.25))  # some digits touch
            x += int(row * rng.uniform(0.7, 1.8))
        y += int(row * rng.uniform(1.4, 2.2))
    return truths


def _desk(rng: np.random.Generator) -> np.ndarray:
    width, height = FRAME_SIZE
    base = np.array([rng.uniform(40, 110), rng.uniform(60, 120), rng.uniform(80, 150)])
    grain = cv2.resize(rng.normal(0, 1, (height // 40, width // 8)).astype(np.float32),
                       (width, height), interpolation=cv2.INTER_CUBIC)
    desk = base * (1 + 0.12 * grain[..., None]) + rng.normal(0, 3, (height, width, 1))
    return np.clip(desk, 0, 255).astype(np.uint8)


def _light(rng: np.random.Generator) -> np.ndarray:
    width, height = FRAME_SIZE
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    gx, gy = rng.uniform(-0.35, 0.35, 2)
    light = 1.0 + gx * (xs / width - 0.5) + gy * (ys / height - 0.5)
    light *= 1 - 0.25 * (((xs - width / 2) / width) ** 2 + ((ys - height / 2) / height) ** 2)
    shadow = np.zeros((height, width), np.float32)
    centre = (int(rng.uniform(0, width)), int(rng.uniform(0, height)))
    axes = (int(rng.uniform(150, 450)), int(rng.uniform(80, 250)))
    cv2.ellipse(shadow, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    shadow = cv2.GaussianBlur(shadow, (0, 0), rng.uniform(25, 60))
    light *= 1 - rng.uniform(0.25, 0.5) * shadow
    return (light * rng.uniform(0.85, 1.05)).astype(np.float32)


def make_scene(seed: int, mnist: tuple, count: int = 40) -> Scene:
    """A new scene from a seed: sheet, digits, desk, placement and light."""
    rng = np.random.default_rng(seed)
    sheet = _paper(rng, ruled=bool(rng.random() < 0.5))
    truths = _write_digits(sheet, rng, mnist, count)
    width, height = FRAME_SIZE
    scale = rng.uniform(0.8, 0.9) * height / SHEET_SIZE[1]  # the whole sheet in view
    half = np.array(SHEET_SIZE, np.float64) * scale / 2
    centre = np.array([width / 2, height / 2]) + rng.uniform(-40, 40, 2)
    angle = np.deg2rad(rng.uniform(-7, 7))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    square = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], np.float64) * half
    corners = square @ rotation.T + centre + rng.normal(0, 0.03, (4, 2)) * half
    return Scene(np.clip(sheet, 0, 255).astype(np.uint8), tuple(truths), _desk(rng),
                 corners.astype(np.float32), _light(rng), seed)


def _drifted(corners: np.ndarray, frame: int, seed: int) -> np.ndarray:
    """Where the corners are in frame ``frame``: a smooth hand-held wobble."""
    rng = np.random.default_rng([seed, 7])
    phase = rng.uniform(0, 2 * np.pi, 6)
    t = frame / 15.0
    dx = 6 * np.sin(t + phase[0]) + 3 * np.sin(2.3 * t + phase[1])
    dy = 5 * np.sin(0.8 * t + phase[2]) + 2 * np.sin(2.9 * t + phase[3])
    angle = np.deg2rad(0.6 * np.sin(0.6 * t + phase[4]))
    scale = 1 + 0.01 * np.sin(0.4 * t + phase[5])
    centre = corners.mean(axis=0)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return ((corners - centre) * scale @ rotation.T + centre + [dx, dy]).astype(np.float32)


def render_frame(scene: Scene, frame: int) -> tuple[np.ndarray, list[Truth]]:
    """Frame ``frame`` of the scene (BGR, 1280x720) and the digits' true boxes in it."""
    rng = np.random.default_rng([scene.seed, frame, 3])
    width, height = FRAME_SIZE
    sheet_corners = np.array([[0, 0], [SHEET_SIZE[0], 0], list(SHEET_SIZE), [0, SHEET_SIZE[1]]],
                             np.float32)
    homography = cv2.getPerspectiveTransform(sheet_corners, _drifted(scene.corners, frame,
                                                                     scene.seed))
    warped = cv2.warpPerspective(scene.sheet, homography, (width, height), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones(scene.sheet.shape[:2], np.uint8), homography,
                               (width, height), flags=cv2.INTER_NEAREST).astype(bool)
    image = np.where(mask[..., None], warped, scene.desk).astype(np.float32)
    image *= scene.light[..., None]
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 1.1))
    image += rng.normal(0, rng.uniform(2, 5), image.shape).astype(np.float32)
    image = np.clip(image, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 90))])
    image = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    truths = []
    for truth in scene.digits:
        x, y, w, h = truth.box
        points = np.array([[[x, y], [x + w, y], [x + w, y + h], [x, y + h]]], np.float32)
        moved = cv2.perspectiveTransform(points, homography)[0]
        bx, by, bw, bh = cv2.boundingRect(moved)
        if bx >= 0 and by >= 0 and bx + bw <= width and by + bh <= height:
            truths.append(Truth(truth.label, (int(bx), int(by), int(bw), int(bh))))
    return image, truths


def write_video(scene: Scene, frames: int, path: Path, fps: float = 15.0) -> list[list[Truth]]:
    """Writes the scene as a video file (MJPG) and returns the truth of every frame."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, FRAME_SIZE)
    if not writer.isOpened():
        raise OSError(f"cannot write video {path}")
    truths = []
    try:
        for index in range(frames):
            image, truth = render_frame(scene, index)
            writer.write(image)
            truths.append(truth)
    finally:
        writer.release()
    return truths


def truth_json(truths: list[list[Truth]]) -> str:
    """Per-frame truth as JSON lines like the app's headless output."""
    return "".join(json.dumps({"frame": i, "digits": [{"box": list(t.box), "digit": t.label}
                                                      for t in frame]}) + "\n"
                   for i, frame in enumerate(truths))


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from realtime.training.mnist import load_mnist

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for video and truth")
    parser.add_argument("--frames", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--digits", type=int, default=40)
    parser.add_argument("--data", type=str, default=None)
    args = parser.parse_args(argv)
    mnist = load_mnist(args.data)
    scene = make_scene(args.seed, (mnist.x_test, mnist.y_test), args.digits)
    args.out.mkdir(parents=True, exist_ok=True)
    truths = write_video(scene, args.frames, args.out / "scene.avi")
    (args.out / "truth.jsonl").write_text(truth_json(truths))
    cv2.imwrite(str(args.out / "frame0.jpg"), render_frame(scene, 0)[0])
    print(f"wrote {args.out}/scene.avi ({args.frames} frames, {len(scene.digits)} digits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
