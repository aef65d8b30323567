"""Camera window events: freeze, select, label, switch; and its picture."""

from __future__ import annotations

import dataclasses

import numpy as np

from realtime.reading import Reading
from realtime.ui.camera_render import UNSURE_COLOUR, confidence_colour, render_camera
from realtime.ui.camera_ui import CameraUi, on_key, on_mouse, show_frame
from realtime.ui.effects import LEFT_DOWN, Quit, SaveSample, SwitchMode
from tests.helpers import make_reading

SPACE, TAB = 32, 9


def _ui(count: int = 2) -> CameraUi:
    probs = np.full(10, 0.01, np.float32)
    probs[4] = 0.91
    readings = [Reading((100 + 60 * i, 100, 40, 60), 4, 0.91, probs) for i in range(count)]
    return show_frame(CameraUi(), np.zeros((360, 640, 3), np.uint8), readings,
                      [list(range(count))])


def test_space_freezes_and_new_frames_wait_until_it_resumes():
    frozen, _ = on_key(_ui(), SPACE, now=0)
    assert frozen.frozen
    assert show_frame(frozen, np.ones((360, 640, 3), np.uint8), [], []) is frozen
    resumed, _ = on_key(frozen, SPACE, now=0)
    assert not resumed.frozen


def test_click_or_tab_selects_and_a_digit_key_saves():
    ui, _ = on_key(_ui(), SPACE, now=0)
    ui, _ = on_mouse(ui, LEFT_DOWN, 175, 130, now=0)
    assert ui.selected == 1
    assert on_key(ui, ord("6"), now=0)[1] == [SaveSample(index=1, label=6)]
    ui, _ = on_key(ui, TAB, now=0)
    assert ui.selected == 0


def test_clicks_use_the_view_scale():
    ui, _ = on_key(_ui(), SPACE, now=0)
    ui = dataclasses.replace(ui, view_scale=0.5)
    assert on_mouse(ui, LEFT_DOWN, 87, 65, now=0)[0].selected == 1


def test_digit_keys_before_freezing_or_selecting_only_explain():
    ui, effects = on_key(_ui(), ord("3"), now=0)
    assert effects == [] and "Space" in ui.message
    frozen, _ = on_key(_ui(), SPACE, now=0)
    ui, effects = on_key(frozen, ord("3"), now=0)
    assert effects == [] and "Tab" in ui.message
    one, _ = on_key(_ui(count=1), SPACE, now=0)
    assert on_key(one, ord("3"), now=0)[1] == [SaveSample(index=0, label=3)]


def test_w_switches_and_q_quits():
    assert on_key(_ui(), ord("w"), now=0)[1] == [SwitchMode()]
    assert on_key(_ui(), ord("q"), now=0)[1] == [Quit()]


def test_colours_run_from_red_to_green():
    assert confidence_colour(0.3) == (0, 0, 255)
    assert confidence_colour(1.0) == (0, 255, 0)
    assert confidence_colour(0.75)[1] == 255


def test_picture_shows_boxes_and_changes_when_frozen_or_without_frames():
    ui = _ui()
    image = render_camera(ui, now=0)
    assert image.shape == (360, 640, 3)
    assert (image[100:160, 100] != 0).any()  # a box edge is drawn on the black frame
    frozen = render_camera(on_key(ui, SPACE, now=0)[0], now=0)
    assert not np.array_equal(frozen, image)
    empty = render_camera(CameraUi(status="camera 0 is not available"), now=0)
    assert empty.any()


def test_unsure_readings_are_drawn_orange_and_sure_ones_are_not():
    def orange_pixels(confidence: float) -> int:
        ui = show_frame(CameraUi(), np.zeros((360, 640, 3), np.uint8),
                        [make_reading((100, 100, 40, 60), 4, confidence)], [[0]])
        return int(np.all(render_camera(ui, now=0) == UNSURE_COLOUR, axis=-1).sum())
    assert orange_pixels(0.3) > 100
    assert orange_pixels(0.95) == 0
