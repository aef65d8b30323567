"""A video's light and page kept while the view holds still, made anew when it moves."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.camera.pipeline import CameraPipeline
from realtime.vision.light import small_copy
from realtime.vision.paper_config import DEFAULT_PAPER
from realtime.vision.paper_maps import MAX_AGE, holds_still, maps_for
from realtime.vision.picture import prepare_picture
from realtime.vision.reader import read_picture
from tests.helpers import FakeModel, page_frame


def _small(frame: np.ndarray) -> np.ndarray:
    return small_copy(prepare_picture(frame).gray, DEFAULT_PAPER)


def _noisy(frame: np.ndarray, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 3, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def _moved(frame: np.ndarray, dx: int) -> np.ndarray:
    """The view with the sheet and desk moved ``dx`` px right (the desk's edge repeated)."""
    turn = np.float32([[1, 0, dx], [0, 1, 0]])
    return cv2.warpAffine(frame, turn, frame.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)


def test_a_still_view_keeps_its_maps_for_a_few_frames_then_makes_them_again():
    frame, _ = page_frame()
    gray = prepare_picture(frame).gray
    maps, ages = None, []
    for seed in range(2 * (MAX_AGE + 1)):
        maps = maps_for(small_copy(_noisy(gray, seed), DEFAULT_PAPER), gray.shape,
                        DEFAULT_PAPER, maps)
        ages.append(maps.age)
    assert ages == list(range(MAX_AGE + 1)) * 2


def test_sensor_noise_is_a_still_view_and_a_moved_sheet_is_not():
    frame, _ = page_frame()
    assert holds_still(_small(_noisy(frame, 1)), _small(_noisy(frame, 2)))
    assert not holds_still(_small(frame), _small(_moved(frame, 8)))
    assert not holds_still(_small(frame), _small(frame)[:-4])  # another size of frame


def test_a_small_note_slid_across_a_still_desk_moves_the_view():
    desk = np.full((180, 320), 80, np.uint8)
    before, after = desk.copy(), desk.copy()
    before[40:55, 40:60] = 230  # a note 20x15 px of the small copy ...
    after[40:55, 200:220] = 230  # ... slid across: little change on average
    assert cv2.mean(cv2.absdiff(before, after))[0] < 2
    assert not holds_still(before, after)


def test_a_sheet_moved_between_frames_is_read_where_it_is_now():
    frame, boxes = page_frame(ruled=False, shadow=False)
    moved = _moved(frame, 150)  # the last digit goes over where the desk was
    pipeline = CameraPipeline(FakeModel(4))
    for seed in range(MAX_AGE):  # the maps are young enough to be kept
        pipeline.read(_noisy(frame, seed))
    found = {reading.box for reading in pipeline.read(moved).readings}
    direct = read_picture(moved, FakeModel(4), second_look=False).readings
    assert len(direct) == len(boxes)
    assert {reading.box for reading in direct} <= found
