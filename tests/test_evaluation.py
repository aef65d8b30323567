"""Confusion matrix, per-class report and its picture."""

from __future__ import annotations

import numpy as np
import pytest

from realtime.evaluation import class_report, confusion_matrix, render_confusion


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    truth = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 2, 0])
    matrix = confusion_matrix(truth, predicted, classes=3)
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])


def test_report_gives_precision_recall_and_accuracy():
    matrix = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    lines = class_report(matrix).splitlines()
    assert lines[1].split()[:3] == ["0", "0.5000", "0.5000"]  # precision 1/2, recall 1/2
    assert lines[2].split()[:3] == ["1", "0.5000", "1.0000"]
    assert "accuracy 66.6667%" in lines[-1]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        confusion_matrix(np.zeros(3), np.zeros(4))


def test_confusion_image_is_drawn():
    image = render_confusion(np.eye(10, dtype=int) * 5)
    assert image.ndim == 3 and image.shape[2] == 3 and image.std() > 0
