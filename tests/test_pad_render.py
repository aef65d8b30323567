"""The pad window's picture: boxes coloured by confidence, the panel, help and prompt."""

from __future__ import annotations

import dataclasses

import numpy as np

from realtime.ui.messages import with_message
from realtime.ui.pad import PadState, set_readings
from realtime.ui.pad_render import render_pad
from realtime.ui.pad_ui import PadUi
from realtime.ui.text import SELECTED, SURE, UNSURE
from tests.helpers import make_reading


def _ui(confidences, size=280) -> PadUi:
    readings = []
    for i, confidence in enumerate(confidences):
        readings.append(make_reading((20 + 90 * i, 60, 60, 120), 2, confidence))
    return PadUi(pad=set_readings(PadState(size=size, radius=9), readings))


def _has(frame: np.ndarray, colour) -> bool:
    return bool((frame == np.array(colour, np.uint8)).all(axis=2).any())


def test_frame_has_the_pad_and_a_panel_and_scales_with_the_pad():
    small, big = render_pad(_ui([]), now=0), render_pad(_ui([], size=560), now=0)
    assert small.shape == (280, 280 + 252, 3) and small.dtype == np.uint8
    assert big.shape == (560, 560 + 504, 3)


def test_confident_digits_are_green_and_unsure_ones_orange():
    assert _has(render_pad(_ui([0.99]), now=0)[:, :280], SURE)
    assert not _has(render_pad(_ui([0.99]), now=0)[:, :280], UNSURE)
    assert _has(render_pad(_ui([0.3]), now=0)[:, :280], UNSURE)


def test_the_selected_digit_is_outlined_and_its_bars_drawn():
    ui = _ui([0.99, 0.98])
    assert not _has(render_pad(ui, now=0), SELECTED)
    selected = dataclasses.replace(ui, pad=dataclasses.replace(ui.pad, selected=1))
    frame = render_pad(selected, now=0)
    assert _has(frame[:, :280], SELECTED) and _has(frame[:, 280:], SURE)


def test_help_prompt_and_message_change_the_picture():
    base = render_pad(_ui([0.99]), now=0)
    for ui in (dataclasses.replace(_ui([0.99]), show_help=True),
               dataclasses.replace(_ui([0.99]), prompt="/tmp/a.png"),
               with_message(_ui([0.99]), "Saved " + "x" * 200, now=0)):
        assert not np.array_equal(render_pad(ui, now=0), base)
