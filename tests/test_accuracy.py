"""Accuracy claims about the shipped model, on real MNIST digits (never skipped in CI)."""

from __future__ import annotations

import numpy as np

from bench.drawn_digits import drawn_set
from realtime.models import current_version, read_card


def test_shipped_model_reaches_996_on_the_mnist_test_set(recognizer, mnist):
    labels = np.concatenate([recognizer.classify(mnist.x_test[i : i + 1000])[0]
                             for i in range(0, 10000, 1000)])
    accuracy = float(np.mean(labels == mnist.y_test))
    assert accuracy >= 0.996
    # the card records what was measured when the model was made
    card = read_card(current_version())
    assert abs(card["test_accuracy"] - accuracy) < 1e-4


def test_shipped_model_reads_drawn_digits(recognizer, mnist):
    # a small seeded sample of the benchmark's drawn digits (bench/accuracy.py runs 2000)
    drawn = drawn_set(100, seed=11, mnist_test=(mnist.x_test, mnist.y_test))
    correct = [[r.digit for r in recognizer.read(d.pad)] == [d.label] for d in drawn]
    assert np.mean(correct) >= 0.95
