"""Accuracy claims about the shipped model, on real MNIST digits, other writers' digits and
marks that are not digits (never skipped in CI). bench/accuracy.py holds the targets on
larger sets; these seeded samples must still clear a bar a weaker model would not."""

from __future__ import annotations

import numpy as np

from bench.accuracy import read_outcome, refused
from bench.drawn_digits import drawn_set
from bench.nondigit_marks import mark_set
from bench.other_writers import written_set
from realtime.model.versions import current_version, read_card
from realtime.reading import MIN_CONFIDENCE


def test_shipped_model_reads_the_mnist_test_set(recognizer, mnist):
    labels = np.concatenate([recognizer.classify(mnist.x_test[i : i + 1000])[0]
                             for i in range(0, 10000, 1000)])
    accuracy = float(np.mean(labels == mnist.y_test))
    # the target is 99.6% (bench/accuracy.py holds it): digits_v7 alone reads 99.49%, and
    # 99.60% with the second look at the digits it is unsure of
    assert accuracy >= 0.996
    # the card records what was measured, as read and by the model alone
    card = read_card(current_version())
    assert abs(card["test_accuracy"] - accuracy) < 1e-4
    one_look = np.concatenate([recognizer.classify(mnist.x_test[i : i + 1000],
                                                   second_look=False)[0]
                               for i in range(0, 10000, 1000)])
    assert abs(card["test_accuracy_one_look"] - float(np.mean(one_look == mnist.y_test))) < 1e-4


def test_shipped_model_reads_drawn_digits(recognizer, mnist):
    # a small seeded sample of the benchmark's drawn digits (bench/accuracy.py runs 2000)
    drawn = drawn_set(100, seed=11, mnist_test=(mnist.x_test, mnist.y_test))
    correct = [[r.digit for r in recognizer.read(d.pad)] == [d.label] for d in drawn]
    assert np.mean(correct) >= 0.95


def test_shipped_model_is_seldom_unsure_of_mnist_digits(recognizer, mnist):
    probs = recognizer.classify(mnist.x_test[:3000])[1]
    assert np.mean(probs.max(axis=1) < MIN_CONFIDENCE) <= 0.01


def test_writers_it_never_trained_on_are_read_on_the_pad(recognizer, pen_digits):
    # held-out pendigits writers 26-30 and the stroke templates (digits_v3, trained on
    # MNIST alone, read 94% of those writers)
    written = written_set("pad", pen_digits, 200, seed=21)
    right = [read_outcome(recognizer, w.image, w.label) == "right" for w in written]
    assert np.mean(right) >= 0.96


def test_marks_that_are_not_digits_come_out_unsure(recognizer):
    # letters, shapes, scribbles, half-erased letters (digits_v3 was unsure of 16%)
    marks = mark_set(100, seed=21)
    refusals = [refused(recognizer.read(m.pad, ink="light")) for m in marks]
    assert np.mean(refusals) >= 0.85
