"""Running a TFLite flatbuffer on LiteRT: the one place that makes an interpreter.

The recognizer's backend, the look inside the network and the training's export check
all run TFLite models through ``TFLiteRunner``; none imports TensorFlow.
"""

from __future__ import annotations

import numpy as np

from realtime.quiet import captured_output


def first_line(error: Exception) -> str:
    """The first line of a library's error (LiteRT's run to many lines), or its type."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class TFLiteRunner:
    """One LiteRT interpreter of a flatbuffer, its input sized for ``batch`` items.

    Raises:
        ValueError: in one line, when LiteRT cannot load or plan the model.
    """

    def __init__(self, content: bytes, *, batch: int | None = None, threads: int = 1) -> None:
        from ai_edge_litert.interpreter import Interpreter

        try:
            with captured_output():  # LiteRT prints an INFO line when it makes its first delegate
                self._interpreter = Interpreter(model_content=content, num_threads=threads)
                self.input = self._interpreter.get_input_details()
                self.outputs = self._interpreter.get_output_details()
                if batch is not None and len(self.input) == 1:
                    shape = [batch, *self.input[0]["shape"][1:]]
                    self._interpreter.resize_tensor_input(self.input[0]["index"], shape)
                self._interpreter.allocate_tensors()
        except Exception as error:  # LiteRT raises ValueError/RuntimeError with long text
            raise ValueError(first_line(error)) from None

    def run(self, batch: np.ndarray) -> list[np.ndarray]:
        """Every output for float32 ``batch``, in the order the model lists them."""
        self._interpreter.set_tensor(self.input[0]["index"],
                                     np.ascontiguousarray(batch, np.float32))
        self._interpreter.invoke()
        return [self._interpreter.get_tensor(d["index"]) for d in self.outputs]
