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


CURVE_COLOURS = {"train": (200, 110, 30), "validation": (40, 40, 220)}  # BGR: blue, red


def render_curves(history: dict[str, list[float]], best_epoch: int | None = None,
                  panel: tuple[int, int] = (420, 300)) -> np.ndarray:
    """Draws loss and accuracy per epoch as a BGR image of two panels side by side.

    ``history`` is keras' ``History.history``: ``loss`` and ``accuracy`` for the training data,
    and ``val_loss``/``val_accuracy`` when there is validation data. ``best_epoch`` (1-based)
    gets a dashed mark. Raises ``ValueError`` when there is no epoch to draw.
    """
    width, height = panel
    panels = []
    for metric in ("loss", "accuracy"):
        series = {name: [float(v) for v in history.get(prefix + metric, [])]
                  for name, prefix in (("train", ""), ("validation", "val_"))}
        series = {name: values for name, values in series.items() if values}
        if not series:
            raise ValueError(f"the history has no {metric!r} values to draw")
        panels.append(_curve_panel(metric, series, best_epoch, width, height))
    return np.hstack(panels)


def _curve_panel(metric: str, series: dict[str, list[float]], best_epoch: int | None,
                 width: int, height: int) -> np.ndarray:
    """One metric's panel: axes, min/max labels, a polyline per series and a legend."""
    image = np.full((height, width, 3), 255, np.uint8)
    font, black, grey = cv2.FONT_HERSHEY_SIMPLEX, (0, 0, 0), (190, 190, 190)
    left, right, top, bottom = 66, 15, 30, 40
    epochs = max(len(values) for values in series.values())
    low = min(min(values) for values in series.values())
    high = max(max(values) for values in series.values())
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5

    def point(epoch: int, value: float) -> tuple[int, int]:
        x = left + (width - left - right) * (epoch - 1) / max(1, epochs - 1)
        y = top + (height - top - bottom) * (high - value) / (high - low)
        return round(x), round(y)

    cv2.rectangle(image, (left, top), (width - right, height - bottom), grey, 1)
    for value in (low, high):
        cv2.putText(image, f"{value:.4g}", (4, point(1, value)[1] + 4), font, 0.38, black, 1,
                    cv2.LINE_AA)
    for epoch in sorted({1, epochs}):
        x = point(epoch, low)[0]
        cv2.putText(image, str(epoch), (x - 5, height - bottom + 16), font, 0.4, black, 1,
                    cv2.LINE_AA)
    cv2.putText(image, "epoch", (width // 2 - 20, height - 8), font, 0.45, black, 1, cv2.LINE_AA)
    cv2.putText(image, metric, (left, top - 10), font, 0.55, black, 1, cv2.LINE_AA)
    if best_epoch is not None and 1 <= best_epoch <= epochs:
        x = point(best_epoch, low)[0]
        for y in range(top, height - bottom, 8):
            cv2.line(image, (x, y), (x, min(y + 4, height - bottom)), grey, 1)
    for row, (name, values) in enumerate(series.items()):
        colour = CURVE_COLOURS[name]
        points = np.array([point(i + 1, v) for i, v in enumerate(values)], np.int32)
        cv2.polylines(image, [points.reshape(-1, 1, 2)], False, colour, 2, cv2.LINE_AA)
        for x, y in points:
            cv2.circle(image, (int(x), int(y)), 2, colour, -1, cv2.LINE_AA)
        legend_x = width - right - 190 + 95 * row  # in the top margin, beside the title
        cv2.line(image, (legend_x, top - 14), (legend_x + 20, top - 14), colour, 2)
        cv2.putText(image, name, (legend_x + 24, top - 10), font, 0.4, black, 1, cv2.LINE_AA)
    return image
