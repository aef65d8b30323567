"""One key table per mode: it drives the keys, the help overlay and the README."""

from __future__ import annotations

import numpy as np
import pytest

from realtime.ui.bindings import Binding, dispatch, help_lines
from realtime.ui.camera_ui import CAMERA_BINDINGS, CameraUi
from realtime.ui.effects import Quit, ReloadModel, SwitchMode
from realtime.ui.pad import PadState, set_readings
from realtime.ui.pad_ui import PAD_BINDINGS, PadUi
from realtime.ui.pad_ui import on_key as pad_key
from tests.helpers import make_reading

TABLES = {"pad": PAD_BINDINGS, "camera": CAMERA_BINDINGS}


def _pad() -> PadUi:
    return PadUi(pad=set_readings(PadState(size=200, radius=6), [make_reading((10, 10, 40, 60))]))


def _camera() -> CameraUi:
    return CameraUi(frame=np.zeros((60, 80, 3), np.uint8),
                    readings=(make_reading((10, 10, 20, 30)),))


@pytest.mark.parametrize("name", TABLES)
def test_no_key_is_bound_twice_and_every_key_has_an_action_and_a_help_line(name):
    table = TABLES[name]
    codes = [code for binding in table for code in binding.keys]
    assert len(codes) == len(set(codes))
    for binding in table:
        assert binding.label and binding.help
        assert (binding.action is None) == (binding.keys == ())  # only the mouse row has none


@pytest.mark.parametrize("name", TABLES)
def test_the_help_lists_the_table_in_order(name):
    table = TABLES[name]
    assert help_lines(table) == tuple((b.label, b.help) for b in table)
    assert {"h", "q  Esc", "w", "r", "0-9", "Tab"} <= {label for label, _ in help_lines(table)}


@pytest.mark.parametrize(("name", "ui"), [("pad", _pad()), ("camera", _camera())])
def test_shared_keys_do_the_same_in_both_modes(name, ui):
    table = TABLES[name]
    assert dispatch(table, ui, ord("h"), 0)[0].show_help
    assert dispatch(table, ui, ord("q"), 0)[1] == [Quit()]
    assert dispatch(table, ui, 27, 0)[1] == [Quit()]
    assert dispatch(table, ui, ord("w"), 0)[1] == [SwitchMode()]
    assert dispatch(table, ui, ord("r"), 0)[1] == [ReloadModel()]
    assert dispatch(table, ui, ord("#"), 0) == (ui, [])  # unbound: nothing changes


def test_each_pad_key_runs_its_own_rows_action():
    ui = _pad()
    for binding in PAD_BINDINGS:
        for code in binding.keys:
            assert pad_key(ui, code, 0) == binding.action(ui, code, 0), binding.label


def test_dispatch_uses_the_first_row_holding_the_key():
    rows = (Binding((1,), "a", "first", lambda ui, key, now: ("first", [])),
            Binding((2,), "b", "second", lambda ui, key, now: ("second", [])))
    assert dispatch(rows, None, 2, 0) == ("second", [])
