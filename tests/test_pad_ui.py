"""Mouse and key handling of the pad window, driven with synthetic events."""

from __future__ import annotations

import numpy as np

from realtime.reading import Reading
from realtime.ui.effects import (
    LEFT_DOUBLE,
    LEFT_DOWN,
    LEFT_UP,
    MOUSE_MOVE,
    RIGHT_DOWN,
    AcceptReading,
    OpenImage,
    Quit,
    Reread,
    SaveDrawing,
    SaveSample,
)
from realtime.ui.messages import visible_message, with_message
from realtime.ui.pad import PadState, set_readings
from realtime.ui.pad_ui import PadUi, on_key, on_mouse

TAB, ENTER, ESC, BACKSPACE = 9, 13, 27, 8


def _ui(readings: int = 0) -> PadUi:
    pad = PadState(size=200, radius=6)
    probs = np.full(10, 0.1, np.float32)
    boxes = [(10 + 60 * i, 20, 40, 80) for i in range(readings)]
    pad = set_readings(pad, [Reading(b, 3, 0.1, probs) for b in boxes])
    return PadUi(pad=pad)


def _drag(ui: PadUi, *points) -> tuple[PadUi, list]:
    ui, _ = on_mouse(ui, LEFT_DOWN, *points[0])
    for point in points[1:-1]:
        ui, _ = on_mouse(ui, MOUSE_MOVE, *point)
    return on_mouse(ui, LEFT_UP, *points[-1])


def test_a_drag_draws_a_stroke_and_asks_for_a_reading_at_pen_up():
    ui, effects = _drag(_ui(), (10, 10), (20, 30), (40, 60))
    assert effects == [Reread()]
    assert ui.pad.strokes[0].points == ((10, 10), (20, 30), (40, 60))


def test_moves_without_the_button_and_clicks_on_the_panel_do_nothing():
    ui = _ui()
    assert on_mouse(ui, MOUSE_MOVE, 50, 50) == (ui, [])
    assert on_mouse(ui, LEFT_DOWN, 350, 50) == (ui, [])


def test_right_click_selects_a_box():
    ui, effects = on_mouse(_ui(2), RIGHT_DOWN, 80, 50)
    assert ui.pad.selected == 1 and effects == []


def test_digit_key_saves_the_only_digit():
    ui, effects = on_key(_ui(1), ord("7"), now=0)
    assert effects == [SaveSample(index=0, label=7)]


def test_digit_key_with_several_digits_asks_for_tab_first():
    ui, effects = on_key(_ui(3), ord("7"), now=0)
    assert effects == [] and "Tab" in visible_message(ui, 0.1)
    ui, _ = on_key(ui, TAB, now=0)
    ui, _ = on_key(ui, TAB, now=0)
    assert on_key(ui, ord("5"), now=0)[1] == [SaveSample(index=1, label=5)]


def test_digit_key_and_enter_on_an_empty_pad_only_explain():
    for key in (ord("4"), ENTER):
        ui, effects = on_key(_ui(), key, now=0)
        assert effects == [] and visible_message(ui, 0)


def test_enter_accepts_and_s_saves_and_q_quits():
    assert on_key(_ui(1), ENTER, now=0)[1] == [AcceptReading()]
    drawn, _ = _drag(_ui(), (10, 10), (40, 60))
    assert on_key(drawn, ord("s"), now=0)[1] == [SaveDrawing()]
    assert on_key(_ui(), ord("q"), now=0)[1] == [Quit()]
    assert on_key(_ui(), ESC, now=0)[1] == [Quit()]


def test_edits_reread_only_when_they_change_the_pad():
    assert on_key(_ui(), ord("z"), now=0)[1] == []
    assert on_key(_ui(), ord("c"), now=0)[1] == []
    ui, _ = _drag(_ui(), (10, 10), (60, 60))
    ui, effects = on_key(ui, ord("z"), now=0)
    assert effects == [Reread()] and ui.pad.strokes == ()
    ui, effects = on_key(ui, ord("y"), now=0)
    assert effects == [Reread()] and len(ui.pad.strokes) == 1
    ui, effects = on_key(ui, ord("c"), now=0)
    assert effects == [Reread()] and ui.pad.strokes == ()


def test_brush_keys_and_help_toggle():
    ui = _ui()
    assert on_key(ui, ord("]"), now=0)[0].pad.radius > ui.pad.radius
    assert on_key(ui, ord("["), now=0)[0].pad.radius < ui.pad.radius
    shown = on_key(ui, ord("h"), now=0)[0]
    assert shown.show_help and not on_key(shown, ord("h"), now=0)[0].show_help


def test_open_prompt_collects_a_path_until_enter():
    ui, _ = on_key(_ui(), ord("o"), now=0)
    assert ui.prompt == ""
    for char in "a.pngx":
        ui, _ = on_key(ui, ord(char), now=0)
    ui, _ = on_key(ui, BACKSPACE, now=0)
    ui, _ = on_key(ui, ord("q"), now=0)  # typed into the path, does not quit
    ui, effects = on_key(ui, ENTER, now=0)
    assert effects == [OpenImage("a.pngq")] and ui.prompt is None
    ui, _ = on_key(_ui(), ord("o"), now=0)
    ui, effects = on_key(ui, ESC, now=0)
    assert ui.prompt is None and effects == []


def test_messages_expire():
    ui = with_message(_ui(), "hello", now=10)
    assert visible_message(ui, 11) == "hello" and visible_message(ui, 20) == ""
    assert on_key(ui, -1, now=0) == (ui, [])


def test_a_double_click_starts_a_stroke_too():
    # a quick press where the pen was just lifted reaches us as a double-click
    ui, _ = _drag(_ui(), (10, 10), (40, 40))
    ui, _ = on_mouse(ui, LEFT_DOUBLE, 40, 40)
    ui, _ = on_mouse(ui, MOUSE_MOVE, 80, 40)
    ui, effects = on_mouse(ui, LEFT_UP, 90, 40)
    assert effects == [Reread()] and len(ui.pad.strokes) == 2


def test_a_lost_release_ends_the_stroke_at_the_next_move_or_press():
    ui, _ = on_mouse(_ui(), LEFT_DOWN, 10, 10)
    ui, _ = on_mouse(ui, MOUSE_MOVE, 30, 30)
    # the release never came: a move with the button up ends the stroke
    ui, effects = on_mouse(ui, MOUSE_MOVE, 40, 40, flags=0)
    assert effects == [Reread()] and len(ui.pad.strokes) == 1 and ui.pad.drawing is None
    # ...and so does a new press, which starts the next stroke
    ui, _ = on_mouse(ui, LEFT_DOWN, 60, 60)
    ui, _ = on_mouse(ui, MOUSE_MOVE, 70, 90)
    ui, effects = on_mouse(ui, LEFT_DOWN, 100, 100)
    assert effects == [Reread()] and len(ui.pad.strokes) == 2
    assert ui.pad.drawing.points == ((100, 100),)


def test_s_on_an_empty_pad_saves_nothing_and_says_so_as_an_error():
    ui, effects = on_key(_ui(), ord("s"), now=0)
    assert effects == [] and "Nothing to save" in ui.message and ui.message_error
