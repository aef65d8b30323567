"""The Recognizer: batched classify, read of whole images, bad models and bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bench.drawn_digits import draw_number
from realtime import Reading, Recognizer
from realtime.config import PROJECT_ROOT
from tests.helpers import boxes_close


class CountingBackend:
    """Wraps a backend and records the size of every batch it is asked for."""

    def __init__(self, inner) -> None:
        self.inner, self.batches = inner, []

    def predict(self, batch):
        self.batches.append(len(batch))
        return self.inner.predict(batch)


def test_classify_returns_labels_and_probabilities(recognizer, mnist):
    labels, probs = recognizer.classify(mnist.x_test[:64])
    assert labels.shape == (64,) and probs.shape == (64, 10)
    assert probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1, atol=1e-4)
    np.testing.assert_array_equal(labels, probs.argmax(axis=1))
    assert np.mean(labels == mnist.y_test[:64]) > 0.95


@pytest.mark.parametrize("count", [0, 1, 3, 17, 64, 65, 130])
def test_any_batch_size_gives_the_same_answers_as_one_at_a_time(recognizer, mnist, count):
    digits = mnist.x_test[:count]
    labels, probs = recognizer.classify(digits)
    assert labels.shape == (count,) and probs.shape == (count, 10)
    for i in range(0, count, 29):
        np.testing.assert_allclose(probs[i], recognizer.classify(digits[i : i + 1])[1][0],
                                   atol=1e-5)


@pytest.mark.parametrize(
    ("digits", "message"),
    [(np.zeros((2, 28, 28), np.float32), "uint8"),
     (np.zeros((28, 28), np.uint8), r"\(N, 28, 28\)"),
     (np.zeros((2, 32, 32), np.uint8), r"\(N, 28, 28\)"),
     (np.zeros((2, 28, 28, 1), np.uint8), r"\(N, 28, 28\)"),
     ([[0]], "numpy")],
    ids=["float", "single-2d", "32x32", "channel-axis", "list"],
)
def test_classify_refuses_wrong_batches(recognizer, digits, message):
    with pytest.raises(ValueError, match=message):
        recognizer.classify(digits)


def test_read_finds_a_number_in_reading_order_with_one_batched_call(recognizer):
    pad, boxes = draw_number([4, 2, 7, 1, 9], np.random.default_rng(5))
    counting = CountingBackend(recognizer._backend)
    rec = Recognizer(backend=counting)
    readings = rec.read(pad, ink="light")
    assert [r.digit for r in readings] == [4, 2, 7, 1, 9]
    assert boxes_close([r.box for r in readings], boxes)
    assert counting.batches == [5]
    for r in readings:
        assert isinstance(r, Reading) and r.probs.shape == (10,)
        assert r.confidence == pytest.approx(float(r.probs[r.digit]))


def test_read_handles_dark_ink_on_paper_and_colour(recognizer):
    pad, _ = draw_number([3, 8], np.random.default_rng(1))
    paper = np.dstack([255 - pad] * 3)
    assert [r.digit for r in recognizer.read(paper, ink="auto")] == [3, 8]
    assert [r.digit for r in recognizer.read(paper, ink="dark")] == [3, 8]


def test_read_orders_two_lines_top_to_bottom(recognizer):
    rng = np.random.default_rng(2)
    top, _ = draw_number([5, 6], rng)
    bottom, _ = draw_number([0, 3], rng)
    page = np.vstack([top, bottom])
    assert [r.digit for r in recognizer.read(page)] == [5, 6, 0, 3]


@pytest.mark.parametrize("fill", [0, 255, 128])
def test_read_of_an_empty_image_is_empty(recognizer, fill):
    assert recognizer.read(np.full((280, 280), fill, np.uint8)) == []


@pytest.mark.parametrize(
    "image",
    [np.zeros((0, 0), np.uint8), np.zeros((1, 1), np.uint8), np.zeros((50, 50), np.float32),
     np.zeros((50, 50), np.int64), np.zeros((10000, 10000), np.uint8)],
    ids=["empty", "1x1", "float", "int64", "10000x10000"],
)
def test_read_refuses_bad_images(recognizer, image):
    with pytest.raises(ValueError):
        recognizer.read(image)


def test_read_accepts_bgra(recognizer):
    pad, _ = draw_number([7], np.random.default_rng(0))
    bgra = np.dstack([pad, pad, pad, np.full_like(pad, 255)])
    assert [r.digit for r in recognizer.read(bgra)] == [7]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("missing.tflite", None, "not found"),
     ("empty.tflite", b"", "not a usable TFLite"),
     ("text.tflite", b"hello, I am not a model" * 10, "not a usable TFLite"),
     ("model.onnx", b"x", "must end in"),
     ("broken.keras", b"PK\x03\x04 not really a zip", "not a usable Keras model")],
)
def test_bad_model_files_are_value_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as raised:
        Recognizer(path)
    assert "\n" not in str(raised.value)


def test_truncated_model_is_a_value_error(tmp_path):
    shipped = Recognizer().model_path
    truncated = tmp_path / "truncated.tflite"
    truncated.write_bytes(shipped.read_bytes()[: shipped.stat().st_size // 2])
    with pytest.raises(ValueError, match="truncated.tflite"):
        Recognizer(truncated)


def test_importing_and_constructing_does_not_import_tensorflow():
    code = ("import sys, realtime; r = realtime.Recognizer(); "
            "print(r.model_path.suffix, 'tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == [".tflite", "False", "False"]


def test_models_dir_may_be_a_string(tmp_path):
    from realtime import Recognizer
    from realtime.config import MODELS_DIR

    recognizer = Recognizer(models_dir=str(MODELS_DIR))  # not only a Path
    assert recognizer.model_path.parent == MODELS_DIR
    with pytest.raises(ValueError, match="no current model"):
        Recognizer(models_dir=str(tmp_path))
