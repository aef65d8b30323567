"""Keeping C++ libraries' log lines out of the program's output."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator

#: Set before TensorFlow is imported: no start-up chatter, and TensorFlow's own kernels
#: rather than oneDNN's, which on CPUs that have them announce themselves on stderr
#: (past the log level) and reorder the arithmetic, so results differ slightly.
TENSORFLOW_ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}


def quiet_tensorflow() -> None:
    """Sets ``TENSORFLOW_ENVIRONMENT`` (where not set already) before TensorFlow loads."""
    for name, value in TENSORFLOW_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


@contextlib.contextmanager
def captured_output() -> Iterator[None]:
    """Sends what C++ and Python print to stdout/stderr to a temporary file meanwhile.

    TensorFlow's converter and LiteRT log from C++ straight to the process's file
    descriptors (the converter dozens of lines per export, LiteRT an INFO line for its CPU
    delegate). What they print is replayed on stderr only when the block fails.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield
        except BaseException:
            sys.stdout.flush()
            os.dup2(saved[1], 2)
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
