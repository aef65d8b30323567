"""Finding MNIST in the documented order, and refusing malformed files clearly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from realtime.training.mnist import ENV_VAR, find_mnist, keras_cache_path, load_mnist_file


def _tiny_mnist(path: Path, marker: int = 0) -> Path:
    images = np.full((4, 28, 28), marker, np.uint8)
    labels = np.array([0, 1, 2, 3], np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x_train=images, y_train=labels, x_test=images[:2], y_test=labels[:2])
    return path


@pytest.fixture
def places(tmp_path, monkeypatch):
    """An empty keras home and no MNIST_NPZ: each test fills in the places it needs."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path


def _no_download():
    raise AssertionError("must not download when a file was found")


def test_explicit_path_comes_first(places, monkeypatch):
    explicit = _tiny_mnist(places / "explicit.npz")
    monkeypatch.setenv(ENV_VAR, str(_tiny_mnist(places / "env.npz")))
    _tiny_mnist(keras_cache_path())
    assert find_mnist(explicit, download=_no_download) == explicit


def test_environment_variable_comes_before_the_keras_cache(places, monkeypatch):
    env = _tiny_mnist(places / "env.npz")
    monkeypatch.setenv(ENV_VAR, str(env))
    _tiny_mnist(keras_cache_path())
    assert find_mnist(download=_no_download) == env


def test_keras_cache_comes_before_the_download(places):
    cache = _tiny_mnist(keras_cache_path())
    assert cache == places / "keras" / "datasets" / "mnist.npz"
    assert find_mnist(download=_no_download) == cache


def test_download_is_the_last_resort(places, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(places / "missing.npz"))
    downloaded = _tiny_mnist(places / "downloaded.npz")
    assert find_mnist(download=lambda: downloaded) == downloaded


def test_nothing_found_names_every_path_tried(places, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(places / "missing.npz"))

    def offline():
        raise OSError("no internet")

    with pytest.raises(ValueError) as raised:
        find_mnist(download=offline)
    message = str(raised.value)
    assert "\n" not in message
    assert str(places / "missing.npz") in message
    assert str(keras_cache_path()) in message
    assert "keras download (failed: OSError no internet)" in message


def test_explicit_path_that_is_missing_is_not_replaced_by_another(places, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(_tiny_mnist(places / "env.npz")))
    with pytest.raises(ValueError, match="--data: missing"):
        find_mnist(places / "typo.npz", download=_no_download)


def test_loads_the_four_arrays(places):
    data = load_mnist_file(_tiny_mnist(places / "m.npz", marker=7))
    assert data.x_train.shape == (4, 28, 28) and data.x_train[0, 0, 0] == 7
    assert data.y_test.tolist() == [0, 1]


@pytest.mark.parametrize("content", [b"", b"not a zip file at all", b"PK\x03\x04truncated"])
def test_malformed_file_is_a_one_line_error(places, content):
    path = places / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="not a readable npz") as raised:
        load_mnist_file(path)
    assert "\n" not in str(raised.value)


def test_npz_without_mnist_arrays_is_refused(places):
    path = places / "other.npz"
    np.savez(path, a=np.zeros(3))
    with pytest.raises(ValueError, match="lacks x_train"):
        load_mnist_file(path)


def test_wrong_image_shape_is_refused(places):
    path = places / "wrong.npz"
    np.savez(path, x_train=np.zeros((2, 32, 32), np.uint8), y_train=np.zeros(2, np.uint8),
             x_test=np.zeros((1, 28, 28), np.uint8), y_test=np.zeros(1, np.uint8))
    with pytest.raises(ValueError, match="x_train"):
        load_mnist_file(path)
