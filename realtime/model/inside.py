"""Inside the network: the feature maps a model computes for one digit.

A model version made by ``train_cnn.py`` has, beside its TFLite export, the export of its
insides (``digits_vN.views.tflite``): the activations of its first two convolution blocks
and the class probabilities. ``InsideModel`` runs it on LiteRT for one digit at a time, and
only when asked (the network view is on): the reading path never touches it. A model made
before the view existed has no such file; ``InsideModel.missing`` then says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from realtime.config import DIGIT_SIZE, VIEW_BLOCKS, VIEWS_SUFFIX, views_path
from realtime.model.input import to_model_input
from realtime.model.litert import TFLiteRunner

NO_VIEWS = ("{name} has no activation outputs (it was made before the network view); "
            "python train_cnn.py --export-views adds them")


@dataclass(frozen=True, eq=False)
class Insides:
    """What the network computed for one digit: its 28x28 input, each block's feature maps
    (H, W, channels) from the first block on, and the class probabilities."""

    digit: np.ndarray
    maps: tuple[np.ndarray, ...]
    probs: np.ndarray = field(repr=False)

    def top(self, count: int = 3) -> list[tuple[int, float]]:
        """The ``count`` likeliest classes with their probabilities, likeliest first."""
        order = np.argsort(self.probs)[::-1][:count]
        return [(int(k), float(self.probs[k])) for k in order]


class InsideModel:
    """The insides export of a model file, opened on first use.

    ``missing`` is the message to show when the model has no such export ('' when it has).
    """

    def __init__(self, model_path: Path) -> None:
        self.path = views_path(Path(model_path))
        name = self.path.name.removesuffix(VIEWS_SUFFIX)
        self.missing = "" if self.path.is_file() else NO_VIEWS.format(name=name)
        self._runner = None

    def _open(self) -> TFLiteRunner:
        try:
            runner = TFLiteRunner(self.path.read_bytes())
        except ValueError as error:
            raise ValueError(f"{self.path} is not a usable views export ({error})") from None
        if len(runner.outputs) != VIEW_BLOCKS + 1:
            raise ValueError(f"{self.path} has {len(runner.outputs)} outputs, expected "
                             f"{VIEW_BLOCKS + 1}")
        return runner

    def look(self, digit: np.ndarray) -> Insides:
        """Runs one uint8 (28, 28) digit (white ink on black) through the insides export.

        Raises:
            ValueError: when the model has no insides export, or it cannot be run.
        """
        if self.missing:
            raise ValueError(self.missing)
        if digit.shape != (DIGIT_SIZE, DIGIT_SIZE) or digit.dtype != np.uint8:
            raise ValueError(f"a digit is uint8 (28, 28), got {digit.dtype} {digit.shape}")
        if self._runner is None:
            self._runner = self._open()
        outputs = [output[0] for output in self._runner.run(to_model_input(digit[None]))]
        probs = next(o for o in outputs if o.ndim == 1)
        # the maps shrink from block to block: the biggest is the first block's
        maps = sorted((o for o in outputs if o.ndim == 3), key=lambda o: -o.shape[0])
        return Insides(digit=digit, maps=tuple(maps), probs=probs)
