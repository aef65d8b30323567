"""realtime digits: read handwritten digits live with a CNN trained on MNIST."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from realtime.model.recognizer import Recognizer
from realtime.reading import Reading
from realtime.vision.normalize import normalize_digit

try:
    __version__ = version("realtime-digits")
except PackageNotFoundError:
    __version__ = "development"

__all__ = ["Reading", "Recognizer", "normalize_digit", "__version__"]
