"""The CameraPipeline every mode uses: frames read, tracked when they are a sequence,
independent when they are separate pictures; a fake model stands in for the CNN."""

from __future__ import annotations

import io
import json

import numpy as np

from realtime.camera.headless import run_headless
from realtime.camera.pipeline import CameraPipeline
from realtime.camera.source import pull
from realtime.vision.interpret import group_numbers
from realtime.vision.rows import reading_order
from tests.helpers import FakeModel, ListSource
from tests.helpers import page_frame as _page


def _blank(like: np.ndarray) -> np.ndarray:
    return np.full_like(like, 230)


def test_a_sequence_is_tracked_and_briefly_missed_digits_are_held():
    page, truth = _page()
    model = FakeModel(4)
    pipeline = CameraPipeline(model)
    for _ in range(3):
        result = pipeline.read(page)
        assert len(result.readings) == len(truth) and "track" in result.timings
    held = pipeline.read(_blank(page))  # a frame where the digits were missed
    assert len(held.readings) == len(truth)
    # the tracker averages each digit over frames: no second look at unsure digits
    assert set(model.looks) == {False}


def test_independent_pictures_carry_nothing_into_the_next():
    page, truth = _page()
    model = FakeModel(4)
    pipeline = CameraPipeline(model, tracked=False)
    for _ in range(3):
        assert len(pipeline.read(page).readings) == len(truth)
    result = pipeline.read(_blank(page))
    assert result.readings == [] and "track" not in result.timings
    assert set(model.looks) == {True}  # read as --image reads them, second look and all


def test_readings_come_in_reading_order_with_their_numbers_grouped_once():
    page, truth = _page()
    for tracked, frames in ((True, (page,) * 3 + (_blank(page),)), (False, (page,))):
        pipeline = CameraPipeline(FakeModel(4), tracked=tracked)
        for frame in frames:  # a tracked stream's last frame shows only held tracks
            result = pipeline.read(frame)
            boxes = [r.box for r in result.readings]
            assert len(boxes) == len(truth)
            assert reading_order(boxes) == list(range(len(boxes)))
            assert result.numbers == group_numbers(result.readings) == [[0], [1], [2, 3]]


def test_a_bad_frame_reads_nothing_and_says_why():
    pipeline = CameraPipeline(FakeModel(4))
    for bad in (None, np.zeros((4, 4), np.uint8), np.zeros((50, 50), np.float64)):
        result = pipeline.read(bad)
        assert result.readings == [] and result.problem


def test_a_new_frame_size_starts_tracking_afresh():
    page, truth = _page()
    pipeline = CameraPipeline(FakeModel(4))
    for _ in range(3):
        pipeline.read(page)
    smaller = np.ascontiguousarray(page[:, : page.shape[1] - 8])
    result = pipeline.read(smaller)
    assert result.size_changed
    assert pipeline.read(_blank(smaller)).readings == []  # nothing held from before


def test_another_model_reads_from_the_next_frame_on():
    page, _ = _page()
    first, second = FakeModel(4), FakeModel(7)
    pipeline = CameraPipeline(first)
    assert {r.digit for r in pipeline.read(page).readings} == {4}
    pipeline.use(second)
    assert {r.digit for r in pipeline.read(page).readings} == {7} and second.seen


def test_pull_reports_notes_status_changes_and_the_end():
    page, _ = _page()
    source = ListSource([page])
    source.messages.append("skipped a.png: not a picture")
    first = pull(source, "")
    assert first.frame is not None and first.notes == ("skipped a.png: not a picture",)
    assert first.status is None and not first.ended and source.messages == []
    last = pull(source, "")
    assert last.frame is None and last.ended and last.status == "ended"


def test_headless_reads_independent_pictures_each_on_its_own():
    page, truth = _page()
    out = io.StringIO()
    source = ListSource([page, page, _blank(page)], independent=True)
    assert run_headless(source, FakeModel(4), out=out, err=io.StringIO()) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [len(line["readings"]) for line in lines] == [len(truth), len(truth), 0]
