"""Numbers from readings, and digits the model is unsure of."""

from __future__ import annotations

from realtime.reading import looks_unsure
from realtime.vision.interpret import group_numbers, number_texts, numbers_in_rows
from realtime.vision.rows import rows_in_order
from tests.helpers import make_reading

_reading = make_reading


def test_side_by_side_digits_make_one_number_and_a_wide_gap_starts_another():
    readings = [_reading((10, 10, 30, 50), 4), _reading((50, 12, 30, 50), 2),
                _reading((200, 10, 30, 50), 7)]
    assert group_numbers(readings) == [[0, 1], [2]]
    assert number_texts(readings) == ["42", "7"]


def test_lines_are_separate_numbers_top_to_bottom():
    readings = [_reading((10, 100, 30, 50), 5), _reading((10, 10, 30, 50), 1),
                _reading((45, 10, 30, 50), 2)]
    assert number_texts(readings) == ["12", "5"]


def test_low_confidence_and_flat_marks_are_unsure():
    assert not looks_unsure((0, 0, 20, 40), 0.95)
    assert looks_unsure((0, 0, 20, 40), 0.4)
    assert looks_unsure((0, 0, 100, 10), 0.99)
    assert not looks_unsure((0, 0, 20, 40), 0.4, min_confidence=0.3)
    readings = [_reading((0, 0, 20, 40), 3), _reading((25, 0, 20, 40), 8, confidence=0.3)]
    assert number_texts(readings) == ["3?"]
    assert number_texts([]) == []


def test_numbers_from_rows_grouped_once_match_grouping_from_scratch():
    boxes = [(200, 100, 30, 50), (10, 10, 30, 50), (10, 100, 30, 50), (45, 12, 30, 50),
             (300, 14, 30, 50), (45, 102, 30, 50)]  # two rows, found out of order
    readings = [_reading(box, i) for i, box in enumerate(boxes)]
    order, rows = rows_in_order(boxes)
    ordered = [readings[i] for i in order]
    assert order == [1, 3, 4, 2, 5, 0]
    assert rows == [[0, 1, 2], [3, 4, 5]]
    assert numbers_in_rows(ordered, rows) == group_numbers(ordered) == [[0, 1], [2], [3, 4], [5]]
    assert number_texts(ordered, numbers_in_rows(ordered, rows)) == ["13", "4", "25", "0"]
