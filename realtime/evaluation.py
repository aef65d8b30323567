"""Scoring a classifier: accuracy, per-class precision and recall, a confusion-matrix image."""

from __future__ import annotations

import cv2
import numpy as np

from realtime.config import NUM_CLASSES


def confusion_matrix(truth: np.ndarray, predicted: np.ndarray,
                     classes: int = NUM_CLASSES) -> np.ndarray:
    """Returns the (classes, classes) count matrix: row = true class, column = predicted."""
    truth, predicted = np.asarray(truth, np.int64), np.asarray(predicted, np.int64)
    if truth.shape != predicted.shape:
        raise ValueError(f"{truth.shape} labels against {predicted.shape} predictions")
    return np.bincount(truth * classes + predicted, minlength=classes * classes).reshape(
        classes, classes)


def class_report(matrix: np.ndarray) -> str:
    """Formats per-class precision, recall, F1 and support, with totals, as a text table."""
    correct = np.diag(matrix).astype(np.float64)
    support, predicted = matrix.sum(axis=1), matrix.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, correct / predicted, 0.0)
        recall = np.where(support > 0, correct / support, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    lines = [f"{'class':>5} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for k in range(len(matrix)):
        lines.append(f"{k:>5} {precision[k]:>9.4f} {recall[k]:>7.4f} {f1[k]:>7.4f} "
                     f"{support[k]:>8d}")
    accuracy = correct.sum() / max(1, matrix.sum())
    lines.append(f"{'all':>5} {'':>9} {'':>7} {'':>7} {matrix.sum():>8d}   accuracy {accuracy:.4%}")
    return "\n".join(lines)


def render_confusion(matrix: np.ndarray, cell: int = 48) -> np.ndarray:
    """Draws the confusion matrix as a BGR image: counts in cells, shaded by row share."""
    classes = len(matrix)
    margin = cell
    size = margin + classes * cell
    image = np.full((size + margin // 2, size, 3), 255, np.uint8)
    shares = matrix / np.maximum(1, matrix.sum(axis=1, keepdims=True))
    font = cv2.FONT_HERSHEY_SIMPLEX
    for k in range(classes):
        centre = margin + k * cell + cell // 2
        for position in ((margin // 3, centre + 6), (centre - 6, margin // 2 + 6)):
            cv2.putText(image, str(k), position, font, 0.6, (0, 0, 0), 1, cv2.LINE_AA)
    for row in range(classes):
        for col in range(classes):
            x, y = margin + col * cell, margin + row * cell
            shade = int(255 * (1 - min(1.0, shares[row, col] * (1 if row == col else 20))))
            colour = (255, shade, shade) if row == col else (shade, shade, 255)
            cv2.rectangle(image, (x, y), (x + cell - 1, y + cell - 1), colour, -1)
            cv2.rectangle(image, (x, y), (x + cell - 1, y + cell - 1), (200, 200, 200), 1)
            text = str(int(matrix[row, col]))
            width = cv2.getTextSize(text, font, 0.4, 1)[0][0]
            ink = (255, 255, 255) if shade < 128 else (0, 0, 0)
            cv2.putText(image, text, (x + (cell - width) // 2, y + cell // 2 + 5), font, 0.4,
                        ink, 1, cv2.LINE_AA)
    cv2.putText(image, "rows: true digit, columns: predicted", (margin // 3, size + margin // 3),
                font, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
    return image
