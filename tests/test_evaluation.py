"""Confusion matrix, per-class report and its picture."""

from __future__ import annotations

import numpy as np
import pytest

from realtime.training.evaluation import (
    CURVE_COLOURS,
    class_report,
    confusion_matrix,
    render_confusion,
    render_curves,
)


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


def _has_colour(image: np.ndarray, colour: tuple[int, int, int]) -> bool:
    return bool(np.all(image == np.array(colour, np.uint8), axis=2).any())


def test_curves_draw_a_loss_and_an_accuracy_panel_with_both_series():
    history = {"loss": [1.0, 0.5, 0.3], "accuracy": [0.7, 0.9, 0.95],
               "val_loss": [0.8, 0.4, 0.35], "val_accuracy": [0.8, 0.92, 0.94]}
    image = render_curves(history, best_epoch=2, panel=(400, 300))
    assert image.shape == (300, 800, 3) and image.dtype == np.uint8
    loss_panel, accuracy_panel = image[:, :400], image[:, 400:]
    for panel in (loss_panel, accuracy_panel):
        assert _has_colour(panel, CURVE_COLOURS["train"])
        assert _has_colour(panel, CURVE_COLOURS["validation"])


def test_curves_follow_the_values():
    rising = render_curves({"loss": [1.0, 0.0], "accuracy": [0.0, 1.0]}, panel=(300, 200))
    accuracy = rising[:, 300:]
    train = np.all(accuracy == np.array(CURVE_COLOURS["train"], np.uint8), axis=2)
    train[:30] = False  # the legend sits in the top margin, above the plot
    ys, xs = np.nonzero(train)
    # the accuracy line goes up from left to right: high rows (small y) are on the right
    assert np.corrcoef(xs, ys)[0, 1] < -0.9


def test_curves_without_validation_or_with_one_epoch_still_draw():
    image = render_curves({"loss": [0.5], "accuracy": [0.9]})
    assert _has_colour(image, CURVE_COLOURS["train"])
    assert not _has_colour(image, CURVE_COLOURS["validation"])


def test_curves_need_values():
    with pytest.raises(ValueError, match="accuracy"):
        render_curves({"loss": [0.5]})
