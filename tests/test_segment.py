"""Finding digits in clean pictures (a pad): merging parts, dropping specks, reading order."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.vision.detect import find_digits
from realtime.vision.picture import prepare_picture
from realtime.vision.rows import reading_order
from realtime.vision.segment import group_parts


def _pad(*rects: tuple[int, int, int, int], shape=(200, 400)) -> np.ndarray:
    """A pad with a mark in each box: a 0-like ring of 8 px strokes, or a solid bar where
    the box is thinner than that (a 1, a 5's top bar)."""
    image = np.zeros(shape, np.uint8)
    for x, y, w, h in rects:
        image[y : y + h, x : x + w] = 255
        if w > 24 and h > 24:
            image[y + 8 : y + h - 8, x + 8 : x + w - 8] = 0
    return image


def segment_digits(pad: np.ndarray) -> list:
    """The digits found on a pad (light ink on black), each read whole, in reading order."""
    candidates = find_digits(prepare_picture(pad, ink="light"))
    segments = [candidate.options[0][0] for candidate in candidates]
    return [segments[i] for i in reading_order([s.box for s in segments])]


def test_blank_image_has_no_digits():
    assert segment_digits(np.zeros((100, 100), np.uint8)) == []
    assert segment_digits(np.full((100, 100), 30, np.uint8)) == []


def test_side_by_side_digits_are_separate_and_ordered_left_to_right():
    image = _pad((200, 50, 15, 90), (40, 55, 50, 85), (300, 45, 60, 95))
    segments = segment_digits(image)
    assert [s.box[0] for s in segments] == [40, 200, 300]


def test_detached_top_of_a_five_is_merged_with_its_body():
    # the top bar floats 6 px above the body, as when a 5 is drawn in two strokes
    image = _pad((60, 40, 50, 8), (60, 54, 55, 70))
    segments = segment_digits(image)
    assert len(segments) == 1
    assert segments[0].box == (60, 40, 55, 84)


def test_short_flat_specks_above_a_big_digit_are_not_its_top_bar():
    # a close-up of a marker 4 on a note: grains of the wooden desk along the picture's
    # top edge are flat, but far narrower than a 5's bar; merged, they stretched the 4's
    # box over the whole picture and it was dropped
    body, specks = (63, 47, 108, 159), [(113, 8, 14, 2), (157, 7, 15, 2), (63, 10, 5, 1)]
    assert sorted(map(sorted, group_parts([body, *specks]))) == [[0], [1], [2], [3]]
    # a bar a quarter as wide as the body or more is a 5's top, as before
    assert group_parts([body, (90, 8, 30, 4)]) == [[0, 1]]


def test_each_segment_holds_only_its_own_ink():
    # a tall 1 next to a wide digit whose box would overlap it if boxes were cut naively
    image = _pad((50, 50, 80, 80), (135, 40, 10, 100))
    segments = segment_digits(image)
    assert len(segments) == 2
    first = segments[0]
    assert first.box == (50, 50, 80, 80)
    inside = first.ink[3:-3, 3:-3]  # the crop keeps a 3 px margin around the box
    assert inside.shape == (80, 80) and inside[:, :8].min() == 255
    assert not first.ink[:, -3:].any()  # the 1 beside it, 5 px away, is left out


def test_a_frame_around_a_clean_picture_does_not_join_its_digits():
    # a flatbed scan of white paper is a clean, two-level picture; the scanner's dark
    # edges along two sides are one L-shaped mark spanning it, which swallowed every digit
    image = _pad((200, 50, 15, 90), (40, 55, 50, 85), (300, 45, 60, 95))
    image[:, :8] = 255
    image[-8:, :] = 255
    assert [s.box for s in segment_digits(image)] == [
        (40, 55, 50, 85), (200, 50, 15, 90), (300, 45, 60, 95)]


def test_specks_and_small_marks_are_dropped():
    image = _pad((100, 50, 40, 100), (20, 20, 2, 2), (300, 150, 6, 5))
    segments = segment_digits(image)
    assert [s.box for s in segments] == [(100, 50, 40, 100)]


def test_two_lines_read_top_to_bottom_then_left_to_right():
    boxes = [(200, 150, 40, 60), (20, 20, 40, 60), (100, 160, 40, 60), (120, 25, 40, 60)]
    assert reading_order(boxes) == [1, 3, 2, 0]


def test_stacked_digits_on_two_lines_are_not_merged():
    boxes = [(20, 10, 40, 60), (25, 95, 40, 60)]
    assert sorted(map(sorted, group_parts(boxes))) == [[0], [1]]


def test_a_small_digit_close_above_a_big_one_stays_apart():
    # camera pages: a row of small digits just above a big digit, 8 px and 16 px away
    assert sorted(map(sorted, group_parts([(784, 219, 21, 23), (755, 250, 114, 125)]))) == [
        [0], [1]]
    assert sorted(map(sorted, group_parts([(291, 251, 43, 25), (309, 292, 36, 115)]))) == [
        [0], [1]]


def test_strokes_that_share_rows_make_one_digit():
    # a 4 drawn in two strokes: the down stroke reaches a little below the open part
    assert group_parts([(10, 10, 30, 40), (30, 5, 8, 60)]) == [[0, 1]]


def test_a_stroke_standing_on_the_rest_of_its_digit_is_not_a_row_mate():
    # the slanted first stroke of a 4, drawn with a gap before the cross bar and stem: as
    # tall as the rest and level with it, but over its columns, not beside them
    assert sorted(map(sorted, group_parts([(86, 89, 62, 133), (84, 141, 101, 136)]))) == [[0, 1]]
    # the same two marks side by side are two digits of a row
    assert sorted(map(sorted, group_parts([(86, 89, 62, 133), (160, 141, 101, 136)]))) == [
        [0], [1]]


def test_an_overhanging_bar_joins_its_digit_only_in_a_clean_picture():
    # a 5's top drawn on its own far to the right, as a mouse user in a paint program
    # draws it: the bar shares a fifth of its columns with the body
    body, bar = (117, 43, 124, 156), (221, 15, 104, 21)
    assert group_parts([body, bar], overhang=True) == [[0, 1]]
    # in a photo the bits of a faint ruled line above a row of digits look the same
    assert sorted(map(sorted, group_parts([body, bar]))) == [[0], [1]]
    # a flat mark level with the body's rows is no bar over or under it
    assert sorted(map(sorted, group_parts([body, (221, 100, 104, 21)], overhang=True))) == [
        [0], [1]]


def test_a_short_stroke_overlapping_a_digits_side_joins_it_in_a_clean_picture():
    # the first stroke of a 4 drawn with a gap: it shares a third of its own columns
    piece, rest = (258, 54, 11, 68), (265, 58, 69, 112)
    assert sorted(map(sorted, group_parts([rest, piece], overhang=True))) == [[0, 1]]
    assert sorted(map(sorted, group_parts([rest, piece]))) == [[0], [1]]
    # a 1 as tall as the digit beside it stands in the row: a digit of its own
    assert sorted(map(sorted, group_parts([rest, (258, 58, 11, 112)], overhang=True))) == [
        [0], [1]]


def test_a_long_thin_bar_over_a_digit_is_its_bar_but_an_underline_is_not():
    # a 7 drawn in a paint program, its hair-thin bar 95 px long apart from the stem: a
    # line that long used to be dropped as a ruled line, and the 7 was read as a 1
    canvas = np.full((300, 400), 255, np.uint8)
    cv2.line(canvas, (239, 26), (333, 26), 0, 2)
    cv2.line(canvas, (330, 34), (226, 208), 0, 2)
    boxes = [s.box for s in segment_digits(255 - canvas)]
    assert len(boxes) == 1 and boxes[0][1] <= 26 and boxes[0][1] + boxes[0][3] >= 208
    # a line under a whole number is wider than any one digit: it joins none of them
    canvas = np.full((300, 400), 255, np.uint8)
    for left in (40, 140, 240):
        cv2.rectangle(canvas, (left, 60), (left + 60, 180), 0, 6)
    cv2.line(canvas, (30, 200), (310, 200), 0, 3)
    assert [s.box[3] for s in segment_digits(255 - canvas)] == [127, 127, 127]


def test_pieces_of_a_slanted_digit_that_meet_corner_to_corner_make_one_digit():
    # close-ups: the two loops of a leaning 8 (the lower one left of the upper) and a 4
    # whose down stroke broke and leans out below the rest; their columns overlap too
    # little for a stack and they are not level like two digits of a row
    assert group_parts([(24, 69, 42, 43), (50, 4, 90, 65)]) == [[0, 1]]
    assert sorted(map(sorted, group_parts([(233, 101, 35, 116), (82, 9, 159, 124)],
                                          overhang=True))) == [[0, 1]]
    # digits of a number written close: a small 2 level with the top of a tall 7 beside
    # it (real photos, paper_dev), and two digits of a row that nearly touch
    assert sorted(map(sorted, group_parts([(98, 898, 33, 52), (129, 889, 34, 88)]))) == [
        [0], [1]]
    assert sorted(map(sorted, group_parts([(10, 10, 40, 60), (48, 25, 40, 60)]))) == [[0], [1]]
    # a digit of the next row, diagonally below: the gap between the rows keeps it apart
    assert sorted(map(sorted, group_parts([(10, 10, 40, 60), (45, 85, 40, 60)]))) == [[0], [1]]
