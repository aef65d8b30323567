"""The CNN: save/load round trip, TFLite export agreement, safe loading."""

from __future__ import annotations

import numpy as np
import pytest

cnn = pytest.importorskip("realtime.training.cnn")


@pytest.fixture(scope="module")
def model():
    return cnn.build_model()


def test_model_maps_digits_to_ten_probabilities(model):
    assert model.input_shape == (None, 28, 28, 1) and model.output_shape == (None, 10)
    probs = np.asarray(model(np.zeros((3, 28, 28, 1), np.float32), training=False))
    np.testing.assert_allclose(probs.sum(axis=1), 1, atol=1e-5)


def test_save_load_round_trip_and_export_agree(model, tmp_path):
    from realtime import Recognizer

    keras_path, tflite_path = tmp_path / "m.keras", tmp_path / "m.tflite"
    cnn.save_model_files(model, keras_path, tflite_path)
    x = np.random.default_rng(0).random((10, 28, 28, 1), dtype=np.float32)
    expected = np.asarray(model(x, training=False))
    loaded = cnn.load_keras_model(keras_path)
    np.testing.assert_allclose(np.asarray(loaded(x, training=False)), expected, atol=1e-6)
    digits = (x[..., 0] * 255).astype(np.uint8)
    fast = Recognizer(tflite_path).classify(digits)[1]
    slow = Recognizer(keras_path).classify(digits)[1]
    np.testing.assert_allclose(fast, slow, atol=1e-4)
    # and the export of its insides, for the network view
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras", "m.tflite",
                                                          "m.views.tflite"]


def test_a_model_of_the_wrong_shape_is_refused(tmp_path):
    import keras

    other = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(5)])
    path = tmp_path / "other.keras"
    other.save(path)
    with pytest.raises(ValueError, match="expected \\(N, 28, 28, 1\\) to \\(N, 10\\)"):
        cnn.load_keras_model(path)


def test_truncated_keras_file_is_a_value_error(model, tmp_path):
    path = tmp_path / "m.keras"
    model.save(path)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(ValueError, match="not a usable Keras model"):
        cnn.load_keras_model(path)
