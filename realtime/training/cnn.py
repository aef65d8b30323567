"""The CNN: its definition, loading a ``.keras`` file safely, and the TFLite export.

This module imports TensorFlow and Keras; only training, fine-tuning and the Keras
fallback backend import it, never the app's fast path.
"""

from __future__ import annotations

from pathlib import Path

from realtime.quiet import quiet_tensorflow

quiet_tensorflow()

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

from realtime.atomic import atomic_write, atomic_write_bytes  # noqa: E402
from realtime.config import NUM_CLASSES, VIEW_BLOCKS, views_path  # noqa: E402
from realtime.model.input import INPUT_SHAPE  # noqa: E402
from realtime.model.litert import TFLiteRunner  # noqa: E402
from realtime.quiet import captured_output  # noqa: E402

#: Largest difference allowed between the Keras model and its TFLite export.
EXPORT_TOLERANCE = 1e-4


def _conv_block(x: keras.KerasTensor, filters: int, kernel: int) -> keras.KerasTensor:
    x = layers.Conv2D(filters, kernel, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def build_model(filters: tuple[int, int, int] = (16, 32, 48), dense: int = 128,
                dropout: float = 0.4) -> keras.Model:
    """Builds the digit CNN: three conv blocks with batch norm, two max-pools, a dense head.

    28 -> conv5 -> 24 -> pool -> 12 -> conv3 -> 10 -> conv3 -> 8 -> pool -> 4x4xC -> dense
    -> dropout -> softmax(10). With the defaults: about 119k parameters and 1.68M
    multiply-adds per digit (16,32,32 take 82k and 1.35M, 32,64,64 190k and 4.8M), cheap
    enough for the 40-odd digits of a camera frame in a few milliseconds on two cores.
    """
    inputs = keras.Input(INPUT_SHAPE, name="digit")
    x = _conv_block(inputs, filters[0], 5)
    x = layers.MaxPooling2D()(x)
    x = _conv_block(x, filters[1], 3)
    x = _conv_block(x, filters[2], 3)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(dense, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name="digits_cnn")


def check_model(model: keras.Model, source: str) -> keras.Model:
    """Raises ValueError unless the model maps (N, 28, 28, 1) to (N, 10)."""
    shapes = tuple(model.input_shape[1:]), tuple(model.output_shape[1:])
    if shapes != (INPUT_SHAPE, (NUM_CLASSES,)):
        raise ValueError(f"{source} maps {model.input_shape} to {model.output_shape}, "
                         "expected (N, 28, 28, 1) to (N, 10)")
    return model


def load_keras_model(path: str | Path) -> keras.Model:
    """Loads a ``.keras`` digit model, turning any failure into a one-line ValueError."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"model file not found: {path}")
    try:
        model = keras.models.load_model(path, compile=False)
    except Exception as error:  # keras raises many kinds for a damaged zip or config
        reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        raise ValueError(f"{path} is not a usable Keras model ({type(error).__name__}: "
                         f"{reason})") from None
    return check_model(model, str(path))


def to_tflite(model: keras.Model) -> bytes:
    """Converts a Keras model to a float32 TFLite flatbuffer and checks it agrees.

    Raises:
        RuntimeError: when the export's outputs differ from the model's.
    """
    with captured_output():
        flatbuffer = tf.lite.TFLiteConverter.from_keras_model(model).convert()
    probe = np.random.default_rng(0).random((4, *INPUT_SHAPE), dtype=np.float32)
    exported = _run_tflite(flatbuffer, probe)[0]
    expected = np.asarray(model(probe, training=False))
    gap = float(np.abs(exported - expected).max())
    if gap > EXPORT_TOLERANCE:
        raise RuntimeError(f"TFLite export differs from the Keras model by {gap:.2g}")
    return flatbuffer


def views_model(model: keras.Model, blocks: int = VIEW_BLOCKS) -> keras.Model:
    """The model with its insides as outputs: the activations (after ReLU) of the first
    ``blocks`` convolution blocks, then the class probabilities."""
    maps, seen_conv = [], False
    for layer in model.layers:
        if isinstance(layer, layers.Conv2D):
            seen_conv = True
        elif isinstance(layer, layers.ReLU) and seen_conv:
            maps.append(layer.output)
            seen_conv = False
    if len(maps) < blocks:
        raise ValueError(f"the model has {len(maps)} convolution blocks, not {blocks}")
    return keras.Model(model.input, [*maps[:blocks], model.output], name="digits_views")


def _run_tflite(flatbuffer: bytes, probe: np.ndarray) -> list[np.ndarray]:
    """Runs a TFLite model on LiteRT, as the app does; its outputs in the order listed."""
    return TFLiteRunner(flatbuffer, batch=len(probe)).run(probe)


def to_views_tflite(model: keras.Model) -> bytes:
    """Exports ``views_model(model)`` as a float32 TFLite flatbuffer and checks that each
    output equals the Keras layer's within ``EXPORT_TOLERANCE`` (the app tells the
    outputs apart by their shapes: the maps shrink from block to block).

    Raises:
        RuntimeError: when an output differs from the model's layer.
    """
    views = views_model(model)
    with captured_output():
        flatbuffer = tf.lite.TFLiteConverter.from_keras_model(views).convert()
    probe = np.random.default_rng(1).random((2, *INPUT_SHAPE), dtype=np.float32)
    exported = sorted(_run_tflite(flatbuffer, probe), key=lambda a: (-a.ndim, -a.size))
    for got, expected in zip(exported, views(probe, training=False), strict=True):
        expected = np.asarray(expected)
        gap = float(np.abs(got - expected).max()) if got.shape == expected.shape else np.inf
        if gap > EXPORT_TOLERANCE * max(1.0, float(np.abs(expected).max())):
            raise RuntimeError(f"TFLite views export differs from the Keras model's layer of "
                               f"shape {expected.shape} by {gap:.2g}")
    return flatbuffer


def save_model_files(model: keras.Model, keras_path: Path, tflite_path: Path) -> None:
    """Writes the native ``.keras`` file, the TFLite export and the export of its insides
    (``.views.tflite``, for the app's look inside the network), each atomically."""
    flatbuffer = to_tflite(model)
    views = to_views_tflite(model)
    atomic_write(keras_path, lambda tmp: model.save(tmp))
    atomic_write_bytes(tflite_path, flatbuffer)
    atomic_write_bytes(views_path(tflite_path), views)
