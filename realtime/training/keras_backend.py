"""Running a ``.keras`` model file as a backend (``model.backends.load_backend`` opens
it for a model that has no TFLite export): the one run-time path that needs TensorFlow."""

from __future__ import annotations

from pathlib import Path

import numpy as np


class KerasBackend:
    """Runs a ``.keras`` model through a compiled tf.function (imports TensorFlow)."""

    def __init__(self, path: str | Path) -> None:
        from realtime.quiet import quiet_tensorflow

        quiet_tensorflow()  # before TensorFlow loads: no chatter on the app's stderr
        import tensorflow as tf

        from realtime.training.cnn import load_keras_model

        self.model = load_keras_model(path)
        self._call = tf.function(lambda x: self.model(x, training=False), reduce_retracing=True)

    def predict(self, batch: np.ndarray) -> np.ndarray:
        """Returns (N, 10) float32 probabilities for float32 (N, 28, 28, 1) images."""
        return np.asarray(self._call(np.ascontiguousarray(batch, np.float32)), np.float32)
