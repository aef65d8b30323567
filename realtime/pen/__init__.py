"""Pen strokes written by this project: digit templates (the demo sheet, benchmarks) and
marks that are not digits (training the model to be unsure)."""
