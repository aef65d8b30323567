"""Constants shared by the app, the recognizer and training, each named once."""

from __future__ import annotations

from pathlib import Path

#: Side of the square image the CNN reads (MNIST's format).
DIGIT_SIZE = 28
#: MNIST scales a digit so that its longer side is this many pixels ...
DIGIT_BOX = 20
#: ... and moves its centre of mass to this point (row, col) of the 28x28 field.
DIGIT_CENTRE = (14.0, 14.0)
NUM_CLASSES = 10

#: Project root (the folder holding ``realtime/``, ``models/`` and ``samples/``).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
SAMPLES_DIR = PROJECT_ROOT / "samples"
#: Text file in ``models/`` naming the current model version (e.g. ``digits_v1``).
CURRENT_POINTER = "current"
KERAS_SUFFIX = ".keras"
TFLITE_SUFFIX = ".tflite"
CARD_SUFFIX = ".json"
#: Beside each card: the confusion matrix on MNIST test and the loss/accuracy per epoch.
CONFUSION_SUFFIX = ".confusion.png"
CURVES_SUFFIX = ".curves.png"

#: Largest image ``read`` accepts (pixels); bigger ones are refused, not resized silently.
MAX_IMAGE_PIXELS = 40_000_000
#: Smallest side ``read`` accepts.
MIN_IMAGE_SIDE = 8
#: An image whose ink and background differ by less than this (0-255) holds no ink.
MIN_CONTRAST = 40
#: The largest batch the fast backend runs at once; bigger batches are split.
MAX_BATCH = 64
