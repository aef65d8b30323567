"""Tracking digits across frames: smoothed labels that do not flicker."""

from __future__ import annotations

import numpy as np

from realtime.boxes import iou, iou_matrix
from realtime.camera.track import MAX_MISSES, Tracker, update, view_shift
from realtime.reading import Reading
from tests.helpers import make_reading


def _reading(box, digit, confidence=0.9) -> Reading:
    return make_reading(box, digit, confidence)


def test_one_noisy_frame_does_not_flip_a_label():
    tracker = Tracker()
    shown = []
    for k in range(6):
        digit = 7 if k == 3 else 1  # frame 3 misreads the 1 as a 7, a little less surely
        tracker, out = update(tracker, [_reading((100 + k, 50, 20, 40), digit,
                                                 0.7 if k == 3 else 0.95)])
        shown.append(out[0].digit)
    assert shown == [1, 1, 1, 1, 1, 1]
    assert len(tracker.tracks) == 1 and tracker.tracks[0].hits == 6


def test_a_digit_that_really_changes_follows_within_a_few_frames():
    tracker = Tracker()
    for _ in range(3):
        tracker, _ = update(tracker, [_reading((10, 10, 20, 40), 3)])
    labels = []
    for _ in range(3):
        tracker, out = update(tracker, [_reading((10, 10, 20, 40), 8)])
        labels.append(out[0].digit)
    assert labels[-1] == 8


def test_separate_digits_get_separate_tracks_and_stale_ones_are_dropped():
    tracker, out = update(Tracker(), [_reading((0, 0, 20, 40), 1), _reading((50, 0, 20, 40), 2)])
    assert [r.digit for r in out] == [1, 2] and len(tracker.tracks) == 2
    for _ in range(MAX_MISSES + 1):
        tracker, out = update(tracker, [_reading((0, 0, 20, 40), 1)])
    assert len(tracker.tracks) == 1 and out[0].digit == 1
    assert len({t.id for t in tracker.tracks}) == 1


def test_a_steady_digit_missed_in_one_frame_is_still_shown_where_it_moved():
    tracker = Tracker()
    for k in range(4):  # two digits drift right by 3 px per frame
        tracker, out = update(tracker, [_reading((100 + 3 * k, 50, 20, 40), 4),
                                        _reading((200 + 3 * k, 50, 20, 40), 5)])
    tracker, out = update(tracker, [_reading((112, 50, 20, 40), 4)])  # the 5 is missed
    assert [(r.digit, r.box) for r in out] == [(4, (112, 50, 20, 40)), (5, (212, 50, 20, 40))]
    for _ in range(MAX_MISSES):
        tracker, out = update(tracker, [_reading((112, 50, 20, 40), 4)])
    assert [r.digit for r in out] == [4]  # missed too long: gone


def test_a_digit_seen_once_is_not_held():
    tracker, _ = update(Tracker(), [_reading((0, 0, 20, 40), 1)])
    tracker, out = update(tracker, [])
    assert out == []


def test_a_track_whose_reading_wavers_becomes_unsure():
    tracker, _ = update(Tracker(), [_reading((10, 10, 30, 50), 3, 0.95)])
    _, shown = update(tracker, [_reading((11, 10, 30, 50), 5, 0.95)])
    assert shown[0].confidence < 0.6 and shown[0].unsure  # half 3, half 5: not sure
    lenient = Tracker(min_confidence=0.4)
    tracker, _ = update(lenient, [_reading((10, 10, 30, 50), 3, 0.95)])
    _, shown = update(tracker, [_reading((11, 10, 30, 50), 5, 0.95)])
    assert not shown[0].unsure


def test_iou_matrix_agrees_with_iou_of_each_pair():
    a = [(0, 0, 10, 10), (5, 5, 10, 10), (40, 40, 5, 5)]
    b = [(0, 0, 10, 10), (8, 0, 10, 20)]
    matrix = iou_matrix(np.array(a, np.float64), np.array(b, np.float64))
    assert matrix.shape == (3, 2)
    assert np.allclose(matrix, [[iou(x, y) for y in b] for x in a])


def _row(digits: str, x0: int, confidence: float = 0.95) -> list[Reading]:
    """A row of digits 30x40 px, 45 px apart, the first at ``x0``."""
    return [_reading((x0 + 45 * k, 50, 30, 40), int(d), confidence)
            for k, d in enumerate(digits)]


def test_a_sheet_jerked_by_a_digit_width_keeps_each_digit_its_own_reading():
    # moved 40 px, each digit overlaps its right neighbour's track more than its own: the
    # smoothing blended the two (unsure or the neighbour's digit), and the digits' own
    # tracks were held at the old place beside them
    tracker = Tracker()
    for _ in range(3):
        tracker, _ = update(tracker, _row("1234", 100))
    assert view_shift(_row("1234", 140), tracker.tracks) == (40.0, 0.0)
    tracker, out = update(tracker, _row("1234", 140))
    assert [(r.digit, r.unsure, r.box[0]) for r in out] == [
        (1, False, 140), (2, False, 185), (3, False, 230), (4, False, 275)]
    assert all(track.hits == 4 for track in tracker.tracks)


def test_no_shift_is_found_between_different_digits():
    tracker, _ = update(Tracker(), _row("1234", 100))
    assert view_shift(_row("5678", 140), tracker.tracks) == (0.0, 0.0)
