"""The learning loop end to end: corrections saved in the pad window, a fine-tune, and the
running app reading that handwriting better without a restart."""

from __future__ import annotations

import datetime
import subprocess
import sys

import numpy as np
import pytest

from bench.drawn_digits import PAD_SIZE, STYLE_RADIUS, styled_digit
from bench.xwindow import AppWindow
from realtime import normalize_digit
from realtime.config import PROJECT_ROOT
from realtime.model.versions import current_version
from realtime.samples import save_sample
from tests.helpers import drag_and_read

pytestmark = pytest.mark.gui
PAD = 420
SCALE = PAD / PAD_SIZE


def draw(window: AppWindow, digit) -> dict:
    """Clears the pad (when it has ink), draws one digit stroke by stroke, and returns the
    reading of the finished digit."""
    window.drain()
    window.key("c")
    try:
        window.wait_event("read", lambda e: e["text"] == "", timeout=1)
    except TimeoutError:
        pass  # the pad was already empty
    return [drag_and_read(window, stroke * SCALE) for stroke in digit.strokes][-1]


def test_corrections_from_the_pad_teach_the_running_app(screen, models, tmp_path, mnist):
    samples = tmp_path / "samples"
    window = AppWindow(screen, ["--models-dir", str(models), "--samples", str(samples),
                                "--brush", str(STYLE_RADIUS * SCALE)])
    try:
        rng = np.random.default_rng(11)
        # the user corrects ten digits of their own style through the window
        for label in range(10):
            draw(window, styled_digit(label, rng))
            window.key(str(label))
            assert window.wait_event("sample")["label"] == label
        # ...and more, saved the same way by the store, to have enough to learn from
        for k in range(40):
            digit = styled_digit(k % 10, rng)
            save_sample(samples, digit.label, normalize_digit(digit.pad, ink="light"), digit.pad,
                        now=datetime.datetime(2026, 1, 1) + datetime.timedelta(seconds=k),
                        details={"source": "test"})
        fresh = [styled_digit(k, np.random.default_rng(99)) for k in range(10)]
        before = [draw(window, d)["digits"] == [d.label] for d in fresh]
        base = current_version(models)
        result = subprocess.run([sys.executable, "train_cnn.py", "--finetune", "--samples",
                                 str(samples), "--models-dir", str(models), "--checkpoint-dir",
                                 str(tmp_path / "ck"), "--finetune-epochs", "3"],
                                cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-2000:]
        new = current_version(models)
        assert new != base
        assert window.wait_event("model", timeout=10)["name"] == new  # no restart needed
        after = [draw(window, d)["digits"] == [d.label] for d in fresh]
        assert sum(after) >= 8 and sum(after) > sum(before), (before, after)
    finally:
        assert window.close() == 0
