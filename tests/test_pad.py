"""The pad's state: strokes, undo and redo after any sequence, rendering of strokes."""

from __future__ import annotations

import numpy as np
import pytest

from realtime.reading import Reading
from realtime.ui.pad import (
    MAX_RADIUS,
    MIN_RADIUS,
    PadState,
    clear,
    pad_image,
    pen_down,
    pen_move,
    pen_up,
    redo,
    resize_brush,
    select_at,
    select_next,
    set_background,
    set_readings,
    undo,
)


def _stroke(state: PadState, *points) -> PadState:
    state = pen_down(state, points[0])
    for point in points[1:]:
        state = pen_move(state, point)
    return pen_up(state)


def _reading(box, digit=1) -> Reading:
    probs = np.zeros(10, np.float32)
    probs[digit] = 1
    return Reading(box=box, digit=digit, confidence=1.0, probs=probs)


@pytest.fixture
def pad() -> PadState:
    return PadState(size=200, radius=6)


def test_a_stroke_is_recorded_when_the_pen_lifts(pad):
    state = pen_move(pen_down(pad, (10, 10)), (50, 60))
    assert state.strokes == () and state.drawing.points == ((10, 10), (50, 60))
    state = pen_up(state)
    assert len(state.strokes) == 1 and state.drawing is None
    assert state.strokes[0].radius == 6


def test_moves_with_the_pen_up_draw_nothing(pad):
    assert pen_move(pad, (5, 5)) is pad
    assert pen_up(pad) is pad


def test_points_outside_the_pad_are_clamped(pad):
    state = _stroke(pad, (-20, 10), (500, 300))
    assert state.strokes[0].points == ((0, 10), (199, 199))


def test_undo_redo_and_clear_after_a_sequence(pad):
    one = _stroke(pad, (10, 10), (10, 80))
    two = _stroke(one, (50, 10), (90, 80))
    assert len(undo(two).strokes) == 1
    assert redo(undo(two)).strokes == two.strokes
    cleared = clear(two)
    assert cleared.strokes == ()
    assert undo(cleared).strokes == two.strokes  # a clear can be undone
    assert undo(undo(undo(cleared))).strokes == ()
    # a new action after undo drops what could be redone
    branched = _stroke(undo(two), (150, 10), (150, 90))
    assert branched.redo_stack == () and redo(branched) is branched
    assert undo(pad) is pad and redo(pad) is pad


def test_random_action_sequences_keep_undo_and_redo_exact(pad):
    rng = np.random.default_rng(0)
    state, timeline = pad, [()]  # timeline of strokes values, as a user would expect
    position = 0
    for _ in range(300):
        action = rng.choice(["stroke", "undo", "redo", "clear"])
        if action == "stroke":
            state = _stroke(state, tuple(rng.integers(0, 200, 2)), tuple(rng.integers(0, 200, 2)))
            timeline = timeline[: position + 1] + [state.strokes]
            position += 1
        elif action == "clear" and state.strokes:
            state = clear(state)
            timeline = timeline[: position + 1] + [()]
            position += 1
        elif action == "undo":
            state = undo(state)
            position = max(0, position - 1)
        elif action == "redo":
            state = redo(state)
            position = min(len(timeline) - 1, position + 1)
        assert state.strokes == timeline[position]


def test_fast_strokes_leave_no_gap_and_strokes_are_not_joined(pad):
    # two far-apart mouse positions in one stroke: every pixel between them is inked
    state = _stroke(pad, (20, 100), (180, 100))
    image = pad_image(state)
    assert (image[100, 20:181] == 255).all()
    # a second stroke elsewhere is not joined to the first
    state = _stroke(state, (100, 150), (100, 190))
    image = pad_image(state)
    assert image[125, 140] == 0 and image[170, 100] == 255


def test_brush_is_round_and_anti_aliased(pad):
    image = pad_image(_stroke(pad, (100, 100)))
    rows, cols = np.nonzero(image > 127)  # the solid part: the rim is anti-aliased
    assert np.ptp(rows) == np.ptp(cols) == pytest.approx(12, abs=1)
    assert image[100, 100] == 255 and ((image > 0) & (image < 255)).any()
    assert image[100 - 5, 100 - 5] == 0  # the corner of the bounding square is empty


def test_brush_size_changes_within_limits(pad):
    assert resize_brush(pad, 2).radius == 12
    big = pad
    for _ in range(30):
        big = resize_brush(big, 2)
    assert big.radius == MAX_RADIUS
    small = pad
    for _ in range(30):
        small = resize_brush(small, 0.5)
    assert small.radius == MIN_RADIUS


def test_background_is_shown_under_strokes_and_cleared(pad):
    background = np.zeros((200, 200), np.uint8)
    background[10:20, 10:20] = 200
    state = _stroke(set_background(pad, background), (100, 100), (120, 120))
    image = pad_image(state)
    assert image[15, 15] == 200 and image[110, 110] == 255
    assert clear(state).background is None
    with pytest.raises(ValueError):
        set_background(pad, np.zeros((10, 10), np.uint8))


def test_selection_follows_tab_and_clicks(pad):
    readings = [_reading((10, 10, 30, 60)), _reading((60, 10, 30, 60))]
    state = set_readings(pad, readings)
    assert state.selected is None
    state = select_next(state)
    assert state.selected == 0
    assert select_next(select_next(state)).selected == 0
    assert select_at(state, (70, 30)).selected == 1
    assert select_at(state, (150, 150)).selected == 0
    assert set_readings(pad, readings[:1]).selected == 0
    assert select_next(pad).selected is None
