"""Detection of digits on paper in camera frames, on synthetic pages built here."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from bench.drawn_digits import place, template_paths
from realtime.detect import DetectConfig, find_digits, flatten_light, paper_brightness
from realtime.frame_reader import best_option, read_frame

WIDTH, HEIGHT = 640, 360


def _page(digits=("4", "7", "19"), ruled=True, shadow=True, seed=0, step=52,
          ) -> tuple[np.ndarray, list]:
    """A page on a textured desk, lit from one side, with a soft shadow; returns the frame
    and the boxes of the digits written on it (a number's digits are one box each)."""
    rng = np.random.default_rng(seed)
    frame = np.full((HEIGHT, WIDTH), 70, np.float32)
    frame += cv2.resize(rng.normal(0, 12, (HEIGHT // 20, WIDTH // 4)).astype(np.float32),
                        (WIDTH, HEIGHT))  # desk grain
    page = np.zeros((HEIGHT, WIDTH), np.uint8)
    cv2.fillConvexPoly(page, np.array([[90, 30], [560, 45], [550, 335], [80, 320]]), 1)
    frame[page > 0] = 232
    if ruled:
        for y in range(60, 330, 28):
            cv2.line(frame, (85, y), (555, y + 4), 190, 1, cv2.LINE_AA)
    boxes, x = [], 130
    for text in digits:
        for char in text:
            layer = np.zeros((HEIGHT, WIDTH), np.uint8)
            strokes = place(template_paths(int(char), rng), 56, 3, rng, WIDTH, (x, 150, 40, 60))
            for stroke in strokes:
                cv2.polylines(layer, [np.round(stroke).astype(np.int32)], False, 255, 4,
                              cv2.LINE_AA)
            boxes.append(cv2.boundingRect(layer))
            frame[layer > 0] = frame[layer > 0] * (1 - layer[layer > 0] / 255) + 45 * (
                layer[layer > 0] / 255)
            x += step
        x += 60
    light = np.linspace(0.7, 1.1, WIDTH, dtype=np.float32)[None, :].repeat(HEIGHT, 0)
    if shadow:
        mask = np.zeros((HEIGHT, WIDTH), np.float32)
        cv2.ellipse(mask, (330, 180), (120, 90), 0, 0, 360, 1.0, -1)
        light *= 1 - 0.45 * cv2.GaussianBlur(mask, (0, 0), 25)
    frame = np.clip(frame * light + rng.normal(0, 3, frame.shape), 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), boxes


def _iou(a, b) -> float:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    return ix * iy / (a[2] * a[3] + b[2] * b[3] - ix * iy)


def test_light_is_flattened_shadow_and_gradient_cancel_out():
    frame, _ = _page(digits=(), ruled=False)
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    ink = flatten_light(gray, paper_brightness(gray, DetectConfig()))
    page = ink[60:300, 120:520]
    assert np.percentile(page, 99) < 25  # lit, dim and shadowed paper all read as no ink


def test_every_digit_is_found_in_light_and_in_shadow_and_nothing_else():
    frame, truth = _page()
    candidates = find_digits(frame)
    assert len(candidates) == len(truth) == 4  # 4, 7, 1 and 9, which do not touch
    for box in truth:
        assert any(_iou(box, c.box) > 0.25 for c in candidates)
    for c in candidates:  # nothing on the desk, the page edge or the ruled lines
        assert any(_iou(c.box, box) > 0.25 for box in truth), c.box


def test_ruled_lines_page_edge_and_desk_alone_give_nothing():
    frame, _ = _page(digits=())
    assert find_digits(frame) == []


@pytest.mark.parametrize("kind", ["black", "white", "noise", "grey"])
def test_frames_without_writing_give_nothing(kind):
    rng = np.random.default_rng(1)
    frame = {"black": np.zeros((HEIGHT, WIDTH, 3), np.uint8),
             "white": np.full((HEIGHT, WIDTH, 3), 255, np.uint8),
             "noise": rng.integers(0, 256, (HEIGHT, WIDTH, 3), np.uint8),
             "grey": np.full((HEIGHT, WIDTH, 3), 128, np.uint8)}[kind]
    assert find_digits(frame) == []


def test_touching_digits_offer_a_cut_reading():
    frame, truth = _page(digits=("00",), ruled=False, shadow=False, step=34)
    assert truth[0][0] + truth[0][2] > truth[1][0]  # the zeros overlap: one blob of ink
    candidates = find_digits(frame)
    assert len(candidates) == 1
    cuts = [option for option in candidates[0].options if len(option) == 2]
    assert cuts and all(_iou(a.box, b) > 0.5 for a, b in zip(cuts[0], truth, strict=True))


def test_a_blob_is_read_the_way_whose_least_sure_digit_is_surest():
    whole, cut = np.array([0.9]), np.array([0.99, 0.95])
    assert best_option([whole, cut]) == 1
    assert best_option([np.array([0.97]), np.array([0.99, 0.6])]) == 0
    assert best_option([np.array([0.8]), np.array([0.8, 0.8])]) == 0  # a tie keeps it whole


def test_touching_digits_are_read_as_two(recognizer):
    frame, truth = _page(digits=("47",), ruled=False, shadow=False, step=30)
    assert len(find_digits(frame)) == 1  # one blob of ink
    readings = read_frame(frame, recognizer).readings
    assert [r.digit for r in readings] == [4, 7]
    assert all(_iou(r.box, b) > 0.5 for r, b in zip(readings, truth, strict=True))
