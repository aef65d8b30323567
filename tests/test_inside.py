"""What the CNN sees: the insides export, its rendering, and the views in both windows."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from realtime.config import VIEWS_SUFFIX
from realtime.model.inside import InsideModel, Insides
from realtime.ui.camera_render import INPUT_VIEW_SIDE, render_camera
from realtime.ui.camera_ui import CameraUi, on_key
from realtime.ui.inside_render import (
    CARD_SIZE,
    grid_layout,
    input_tile,
    map_tiles,
    render_card,
    render_inside,
)
from realtime.ui.pad import PadState, set_readings
from realtime.ui.pad_render import render_pad
from realtime.ui.pad_ui import PadUi
from realtime.ui.pad_ui import on_key as pad_key
from realtime.ui.text import SURE
from tests.helpers import make_reading, written_page


def _digit(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (28, 28), dtype=np.uint8)


def _insides() -> Insides:
    rng = np.random.default_rng(1)
    probs = np.array([0.01, 0.02, 0.9, 0.04, 0.03, 0, 0, 0, 0, 0], np.float32)
    return Insides(_digit(), (rng.random((24, 24, 16), np.float32),
                              rng.random((10, 10, 32), np.float32)), probs)


def test_the_input_tile_is_the_exact_28x28_image_enlarged_with_square_pixels():
    digit = _digit()
    tile = input_tile(digit, 100)  # the largest whole factor that fits: 3
    assert tile.shape == (84, 84, 3)
    assert np.array_equal(tile[::3, ::3, 0], digit)
    for dy in range(3):
        for dx in range(3):
            assert np.array_equal(tile[dy::3, dx::3, 1], digit)
    assert input_tile(digit, 10).shape == (28, 28, 3)  # never smaller than the input


@pytest.mark.parametrize("count", [1, 2, 3, 7, 16, 32, 48, 64, 100])
@pytest.mark.parametrize("area", [(350, 60), (120, 300), (40, 40), (5, 5)])
def test_the_grid_holds_any_number_of_maps_inside_its_area(count, area):
    width, height = area
    side, cols, rows = grid_layout(count, width, height)
    assert rows == -(-count // cols) and 1 <= cols <= count

    def fits(tile: int) -> bool:
        across = max(1, min(count, (width + 2) // (tile + 2)))
        return (-(-count // across) * (tile + 2) - 2 <= height
                and across * (tile + 2) - 2 <= width)

    assert side == 1 or fits(side)
    assert not fits(side + 1)  # the largest tile that fits
    tiles = map_tiles(np.ones((6, 6, count), np.float32), width, height)
    assert tiles.shape == (height, width, 3)


def test_map_tiles_share_one_scale_so_a_stronger_map_is_brighter():
    maps = np.zeros((4, 4, 2), np.float32)
    maps[..., 0], maps[..., 1] = 2.0, 1.0
    tiles = map_tiles(maps, 200, 50)
    side = grid_layout(2, 200, 50)[0]
    first, second = tiles[0, 0, 0], tiles[0, side + 2, 0]
    assert first == 255 and 120 <= second <= 135


def test_the_network_view_draws_maps_and_messages():
    view = render_inside(_insides(), 378, 200, 1.0)
    assert view.shape == (200, 378, 3)
    blank = render_inside(None, 378, 200, 1.0)
    missing = render_inside("digits_v1 has no activation outputs", 378, 200, 1.0)
    assert not np.array_equal(view, blank) and not np.array_equal(missing, blank)
    card = render_card(_insides(), "digits_v9")
    assert card.shape == (CARD_SIZE[1], CARD_SIZE[0], 3)
    assert _insides().top(3)[0] == (2, pytest.approx(0.9))


def test_an_old_model_without_the_export_says_so(tmp_path):
    model = tmp_path / "digits_v1.tflite"
    model.write_bytes(b"")
    inside = InsideModel(model)
    assert inside.missing.startswith("digits_v1 has no activation outputs")
    with pytest.raises(ValueError, match="no activation outputs"):
        inside.look(_digit())


def test_the_shipped_model_shows_its_insides_and_they_agree_with_its_answer(recognizer):
    inside = InsideModel(recognizer.model_path)
    assert inside.missing == "" and inside.path.name.endswith(VIEWS_SUFFIX)
    page, _ = written_page(["7"], size=(160, 160), height=100)
    reading = recognizer.read(page)[0]
    seen = inside.look(reading.digit_image)
    assert [m.shape[:2] for m in seen.maps] == [(24, 24), (10, 10)]
    assert all(m.min() >= 0 for m in seen.maps)  # after ReLU
    np.testing.assert_allclose(seen.probs, reading.probs, atol=1e-5)
    assert seen.top(1)[0][0] == reading.digit == 7


@pytest.mark.slow
def test_the_export_equals_the_keras_models_layers(recognizer):
    from realtime.training.cnn import load_keras_model, views_model

    keras_model = load_keras_model(recognizer.model_path.with_suffix(".keras"))
    digits = np.stack([_digit(seed) for seed in range(3)])
    expected = views_model(keras_model)(digits[..., None].astype(np.float32) / 255,
                                        training=False)
    inside = InsideModel(recognizer.model_path)
    for k, digit in enumerate(digits):
        seen = inside.look(digit)
        for got, want in zip((*seen.maps, seen.probs), expected, strict=True):
            np.testing.assert_allclose(got, np.asarray(want)[k], atol=1e-4 * max(
                1.0, float(np.abs(want).max())))


def test_the_pad_panel_shows_the_input_and_v_swaps_the_history_for_the_view():
    reading = dataclasses.replace(make_reading((40, 40, 80, 150), 2), digit_image=_digit())
    ui = PadUi(pad=set_readings(PadState(size=420, radius=9), [reading]))
    plain = render_pad(ui, now=0)
    tile = input_tile(reading.digit_image, 86)
    panel = plain[:, 420:]
    found = [(y, x) for y in range(panel.shape[0] - tile.shape[0])
             for x in range(40) if np.array_equal(panel[y : y + 3, x : x + 3], tile[:3, :3])
             and np.array_equal(panel[y : y + tile.shape[0], x : x + tile.shape[1]], tile)]
    assert found, "the selected digit's 28x28 input is not in the panel"
    shown, effects = pad_key(ui, ord("v"), now=0)
    assert shown.show_inside and effects == []
    with_view = render_pad(dataclasses.replace(shown, inside=_insides()), now=0)
    assert not np.array_equal(with_view, plain)
    assert not pad_key(shown, ord("v"), now=0)[0].show_inside


def test_the_camera_shows_the_input_of_the_selected_digit_when_frozen_and_asked():
    reading = dataclasses.replace(make_reading((40, 60, 50, 90), 5), digit_image=_digit())
    frame = np.full((480, 640, 3), 200, np.uint8)
    ui = CameraUi(frame=frame, readings=(reading,), frozen=True, selected=0)
    ui, _ = on_key(ui, ord("i"), now=0)
    shown = render_camera(ui, now=0)
    tile = input_tile(reading.digit_image, INPUT_VIEW_SIDE)
    side = tile.shape[0]
    x, y = shown.shape[1] - side - 12, 34 + 30
    assert np.array_equal(shown[y : y + side, x : x + side], tile)
    under = shown[y + side : y + side + 70, x : x + side]  # and the scores under it
    assert np.all(under == np.array(SURE, np.uint8), axis=2).any()
    hidden = render_camera(on_key(ui, ord("i"), now=0)[0], now=0)
    assert not np.array_equal(hidden[y : y + side, x : x + side], tile)
    live, _ = on_key(CameraUi(frame=frame, readings=(reading,)), ord("i"), now=0)
    assert live.show_input and "Space" in live.message  # it says how to see it
