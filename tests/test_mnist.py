"""Loading MNIST, and refusing malformed files clearly (finding it: test_datafiles.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realtime.training.mnist import load_mnist_file


def _tiny_mnist(path: Path, marker: int = 0) -> Path:
    images = np.full((4, 28, 28), marker, np.uint8)
    labels = np.array([0, 1, 2, 3], np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x_train=images, y_train=labels, x_test=images[:2], y_test=labels[:2])
    return path


def test_loads_the_four_arrays(tmp_path):
    data = load_mnist_file(_tiny_mnist(tmp_path / "m.npz", marker=7))
    assert data.x_train.shape == (4, 28, 28) and data.x_train[0, 0, 0] == 7
    assert data.y_test.tolist() == [0, 1]


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04truncated"])
def test_malformed_file_is_a_one_line_error(tmp_path, content):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="not a readable npz") as raised:
        load_mnist_file(path)
    assert "\n" not in str(raised.value)


def test_npz_without_mnist_arrays_is_refused(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, a=np.zeros(3))
    with pytest.raises(ValueError, match="lacks x_train"):
        load_mnist_file(path)


def test_wrong_image_shape_is_refused(tmp_path):
    path = tmp_path / "wrong.npz"
    np.savez(path, x_train=np.zeros((2, 32, 32), np.uint8), y_train=np.zeros(2, np.uint8),
             x_test=np.zeros((1, 28, 28), np.uint8), y_test=np.zeros(1, np.uint8))
    with pytest.raises(ValueError, match="x_train"):
        load_mnist_file(path)
