"""Constants shared by the app, the recognizer and training, each named once."""

from __future__ import annotations

import os
from pathlib import Path

#: Side of the square image the CNN reads (MNIST's format).
DIGIT_SIZE = 28
#: MNIST scales a digit so that its longer side is this many pixels ...
DIGIT_BOX = 20
#: ... and moves its centre of mass to this point (row, col) of the 28x28 field.
DIGIT_CENTRE = (14.0, 14.0)
NUM_CLASSES = 10

PACKAGE_DIR = Path(__file__).resolve().parent
#: Project root: the checkout holding ``realtime/``, ``models/``, ``samples/`` and
#: ``train_cnn.py`` (for an installed package, the folder it is installed in).
PROJECT_ROOT = PACKAGE_DIR.parent
#: True when running from the repository (``python -m realtime`` there, or ``pip install -e``).
IN_CHECKOUT = (PROJECT_ROOT / "train_cnn.py").is_file() and (PROJECT_ROOT / "models").is_dir()
#: The shipped model versions: ``models/`` at the repository's top level; an installed
#: package carries a copy of its ``.tflite`` files and cards as ``realtime/model_files/``.
MODELS_DIR = PROJECT_ROOT / "models" if IN_CHECKOUT else PACKAGE_DIR / "model_files"
#: This variable names the folder for corrections, history and drawings.
HOME_VARIABLE = "REALTIME_DIGITS_HOME"


def data_home() -> Path:
    """Where the user's corrections (``samples/``), history and drawings (``drawings/``) are
    kept: ``$REALTIME_DIGITS_HOME``; else the checkout; else, for an installed tool,
    ``$XDG_DATA_HOME/realtime-digits`` (``~/.local/share/realtime-digits``)."""
    if os.environ.get(HOME_VARIABLE):
        return Path(os.environ[HOME_VARIABLE]).expanduser()
    if IN_CHECKOUT:
        return PROJECT_ROOT
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "realtime-digits"


SAMPLES_DIR = data_home() / "samples"
DRAWINGS_DIR = data_home() / "drawings"
#: The accepted readings, a JSON-lines file in the samples folder.
HISTORY_FILE = "history.jsonl"
#: Text file in ``models/`` naming the current model version (e.g. ``digits_v1``).
CURRENT_POINTER = "current"
KERAS_SUFFIX = ".keras"
TFLITE_SUFFIX = ".tflite"
CARD_SUFFIX = ".json"
#: Beside each card: the confusion matrix on MNIST test and the loss/accuracy per epoch.
CONFUSION_SUFFIX = ".confusion.png"
CURVES_SUFFIX = ".curves.png"
#: Beside each TFLite export: the export of its insides (the first ``VIEW_BLOCKS``
#: convolution blocks' feature maps and the probabilities), for the network view.
VIEWS_SUFFIX = ".views.tflite"
VIEW_BLOCKS = 2


def views_path(model_path: Path) -> Path:
    """The insides export of a model file: ``digits_v6.tflite`` -> ``digits_v6.views.tflite``."""
    return model_path.with_name(model_path.name.split(".")[0] + VIEWS_SUFFIX)

#: Largest image ``read`` accepts (pixels); bigger ones are refused, not resized silently.
MAX_IMAGE_PIXELS = 40_000_000
#: Smallest side ``read`` accepts.
MIN_IMAGE_SIDE = 8
#: An image whose ink and background differ by less than this (0-255) holds no ink.
MIN_CONTRAST = 40
#: The largest batch the fast backend runs at once; bigger batches are split.
MAX_BATCH = 64
