"""The stream of training batches keras learns from: shuffled, augmented, soft targets."""

from __future__ import annotations

import numpy as np

from realtime.config import NUM_CLASSES
from realtime.model.input import INPUT_SHAPE, to_model_input
from realtime.training.augment import AugmentConfig, augment_batch
from realtime.training.writers import soft_targets


def make_dataset(x: np.ndarray, y: np.ndarray, batch_size: int, seed: int,
                 config: AugmentConfig | None):
    """An endless tf.data stream of shuffled, augmented batches; one epoch is len(x) // batch.

    Targets are soft (``soft_targets``): one-hot for a digit, even for a non-digit mark.

    Augmentation runs in a ``numpy_function`` on tf.data's threads, so it overlaps with the
    training step (keras' PyDataset path was three times slower here). Each batch's random
    changes are seeded by (seed, global step), so a run is reproducible.
    """
    import tensorflow as tf

    targets = soft_targets(y)

    def batch_arrays(rows: np.ndarray, step: np.int64) -> tuple[np.ndarray, np.ndarray]:
        digits = x[rows]
        if config is not None:
            digits = augment_batch(digits, np.random.default_rng([seed, int(step)]), config)
        return to_model_input(digits), targets[rows]

    def load(step: tf.Tensor, rows: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        images, targets = tf.numpy_function(batch_arrays, [rows, step],
                                            [tf.float32, tf.float32])
        images.set_shape([batch_size, *INPUT_SHAPE])
        targets.set_shape([batch_size, NUM_CLASSES])
        return images, targets

    rows = tf.data.Dataset.range(len(x)).shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    batches = rows.repeat().batch(batch_size, drop_remainder=True).enumerate()
    return batches.map(load, num_parallel_calls=1).prefetch(8)
