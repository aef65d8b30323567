"""End to end, as a user would: the real pad window under Xvfb, driven with xdotool."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from bench.drawn_digits import draw_number
from bench.xwindow import AppWindow
from realtime.config import PROJECT_ROOT
from tests.helpers import HASH_STROKES, PAD, drag_and_read, draw_and_read, read_after

pytestmark = pytest.mark.gui



@pytest.fixture
def app(screen, tmp_path):
    window = AppWindow(screen, ["--samples", str(tmp_path / "samples"),
                                "--save-dir", str(tmp_path / "drawings")])
    yield window
    window.close()


def test_draw_accept_and_label_a_number(app, tmp_path):
    draw_and_read(app, 4, 0)
    assert draw_and_read(app, 2, 1)[0] == "42"
    # Enter appends the reading to the history file
    app.key("Return")
    app.wait_event("accept")
    [line] = (tmp_path / "samples" / "history.jsonl").read_text().splitlines()
    record = json.loads(line)
    assert record["text"] == "42" and [d["digit"] for d in record["digits"]] == [4, 2]
    # a digit key with two digits on the pad asks for Tab first; Tab Tab selects the 2
    app.key("7")
    assert "Tab" in app.wait_event("message")["text"]
    app.key("Tab", "Tab", "7")
    saved = app.wait_event("sample")
    assert saved["label"] == 7
    digit = cv2.imread(saved["image"], cv2.IMREAD_GRAYSCALE)
    assert digit.shape == (28, 28) and digit.max() == 255
    manifest = (tmp_path / "samples" / "manifest.jsonl").read_text().splitlines()
    entry = json.loads(manifest[-1])
    assert entry["label"] == 7 and entry["predicted"] == 2 and entry["source"] == "pad"
    assert (tmp_path / "samples" / entry["raw"]).exists()


def test_undo_redo_and_clear_change_what_is_read(app):
    draw_and_read(app, 1, 0)
    text, strokes = draw_and_read(app, 7, 1)
    assert text == "17"
    for _ in range(strokes - 1):
        read_after(app, "z")
    assert read_after(app, "z") == "1"
    for _ in range(strokes - 1):
        read_after(app, "y")
    assert read_after(app, "y") == "17"
    assert read_after(app, "c") == ""
    assert read_after(app, "z") == "17"  # a clear can be undone


def test_save_and_open_a_drawing(app, tmp_path):
    assert draw_and_read(app, 3, 1)[0] == "3"
    app.key("s")
    saved = app.wait_event("message", lambda e: e["text"].startswith("Saved drawing"))
    path = saved["text"].removeprefix("Saved drawing ").strip()
    assert cv2.imread(path, cv2.IMREAD_GRAYSCALE).shape == (PAD, PAD)
    assert read_after(app, "c") == ""
    app.key("o")
    app.type(path)
    app.drain()
    app.key("Return")
    assert app.wait_event("read")["text"] == "3"


def test_unwritable_samples_and_a_missing_file_keep_the_app_running(screen, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the samples folder should be")
    history = tmp_path / "history.jsonl"
    history.write_text('{"time": "2026-11-22T10:00:00", "text": "5"}\nthis line is corrupt\n')
    window = AppWindow(screen, ["--samples", str(blocked), "--history", str(history)])
    try:
        assert "skipped 1 unreadable line" in window.wait_event("message")["text"]
        assert draw_and_read(window, 5, 1)[0] == "5"
        window.key("5")
        assert "not writable" in window.wait_event("message")["text"]
        window.key("o")
        window.type(str(tmp_path / "missing.png"))
        window.key("Return")
        assert "not found" in window.wait_event("message")["text"]
        window.key("Return")  # the history file is still appended to, its old lines kept
        window.wait_event("accept")
        assert window.process.poll() is None
    finally:
        assert window.close() == 0
    lines = history.read_text().splitlines()
    assert lines[:2] == ['{"time": "2026-11-22T10:00:00", "text": "5"}', "this line is corrupt"]
    assert json.loads(lines[2])["text"] == "5"
    assert blocked.read_text() == "a file where the samples folder should be"


def test_load_of_a_missing_or_broken_file_says_so_and_keeps_running(screen, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG but not really")
    for path, reason in ((tmp_path / "nope.png", "not found"), (broken, "cannot decode")):
        window = AppWindow(screen, ["--load", str(path), "--samples", str(tmp_path)])
        try:
            assert reason in window.wait_event("message")["text"]
            assert draw_and_read(window, 1, 1)[0] == "1"  # the pad still works
        finally:
            assert window.close() == 0
        assert any(line.startswith("realtime: cannot open:") and reason in line
                   for line in window.stderr_lines)


def test_load_opens_an_image_on_the_pad(screen, tmp_path):
    pad, _ = draw_number([5, 8], np.random.default_rng(3))
    photo = tmp_path / "scan.jpg"
    cv2.imwrite(str(photo), 255 - pad)  # dark ink on white, as a scan
    window = AppWindow(screen, ["--load", str(photo), "--samples", str(tmp_path)])
    try:
        assert window.wait_event("read")["text"] == "58"
    finally:
        window.close()


def test_a_mark_that_is_not_a_digit_shows_as_unsure(app, tmp_path):
    # a hash sign in the first column, four strokes, then a 3 beside it
    app.drain()
    left, top, size = 30, 90, 200
    for (x0, y0), (x1, y1) in HASH_STROKES:
        shown = drag_and_read(app, [(left + size * (x0 + (x1 - x0) * t),
                                     top + size * (y0 + (y1 - y0) * t))
                                    for t in np.linspace(0, 1, 12)])
    assert shown["text"] == "?" and shown["unsure"] == [True]
    text, _ = draw_and_read(app, 3, 2)
    assert text.replace(" ", "") == "?3"
    app.key("Return")
    app.wait_event("accept")
    record = json.loads((tmp_path / "samples" / "history.jsonl").read_text().splitlines()[-1])
    assert [d["unsure"] for d in record["digits"]] == [True, False]
    assert [d["digit"] for d in record["digits"]][1] == 3


def test_the_network_view_toggles_and_s_saves_it_beside_the_drawing(app, tmp_path):
    assert draw_and_read(app, 4, 1)[0] == "4"
    app.key("s")  # the view is off: the drawing alone
    plain = app.wait_event("drawing")
    assert "view" not in plain
    app.key("v", "s")
    assert app.wait_event("inside")["maps"] == [[24, 24, 16], [10, 10, 32]]
    saved = app.wait_event("drawing")
    view = cv2.imread(saved["view"])
    assert view.shape == (720, 1280, 3)
    assert saved["view"] == saved["image"].removesuffix(".png") + ".view.png"
    # drawing while the view is on reads as fast as ever and keeps the view current
    assert read_after(app, "c") == ""
    assert draw_and_read(app, 7, 1)[0] == "7"
    app.key("s")
    again = app.wait_event("drawing")
    assert not np.array_equal(cv2.imread(again["view"]), view)  # a 7 now, not the 4
    app.key("v", "s")
    assert "view" not in app.wait_event("drawing")


def test_an_old_model_keeps_working_and_its_view_says_it_has_no_activations(screen, tmp_path):
    window = AppWindow(screen, ["--model", str(PROJECT_ROOT / "models" / "digits_v3.tflite"),
                                "--samples", str(tmp_path / "samples"),
                                "--save-dir", str(tmp_path / "drawings")])
    try:
        assert draw_and_read(window, 4, 1)[0] == "4"
        window.key("v", "s")
        said = window.wait_event("inside")["message"]
        assert said.startswith("digits_v3 has no activation outputs") and "--export-views" in said
        assert "view" not in window.wait_event("drawing")  # nothing to save but the drawing
    finally:
        assert window.close() == 0
