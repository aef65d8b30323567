"""Finding the data files, MNIST and pendigits, in the documented order: an explicit
path, the environment variable, keras' cache, then a download. Both are found the same
way (``realtime.training.datafiles``), so each test runs over both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from realtime.training import mnist, pendigits


@dataclass(frozen=True)
class DataFile:
    """One data file's lookup: its finder and loader, variable, cache and wording."""

    find: Callable[..., Path]
    load: Callable[..., object]
    env_var: str
    cache: Callable[[], Path]
    cache_name: str
    explicit_source: str  #: how an explicit path is named in the error
    download_failed: str  #: how a failed download is named in the error


DATA_FILES = {
    "mnist": DataFile(mnist.find_mnist, mnist.load_mnist, mnist.ENV_VAR,
                      mnist.keras_cache_path, "mnist.npz", "--data",
                      "keras download (failed: OSError no internet)"),
    "pendigits": DataFile(pendigits.find_pendigits, pendigits.load_pendigits,
                          pendigits.ENV_VAR, pendigits.cache_path, "pendigits-orig.tra.gz",
                          "explicit path", "download failed: OSError no internet"),
}


@pytest.fixture(params=sorted(DATA_FILES))
def data(request) -> DataFile:
    return DATA_FILES[request.param]


@pytest.fixture
def places(tmp_path, monkeypatch):
    """An empty home, no KERAS_HOME, and neither data file's variable set."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    for data_file in DATA_FILES.values():
        monkeypatch.delenv(data_file.env_var, raising=False)
    return tmp_path


def _file(path: Path) -> Path:
    """A file at ``path`` (the lookup only asks whether it is there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"data")
    return path


def _no_download():
    raise AssertionError("must not download when a file was found")


def _offline():
    raise OSError("no internet")


def test_explicit_path_comes_first(data, places, monkeypatch):
    explicit = _file(places / "explicit")
    monkeypatch.setenv(data.env_var, str(_file(places / "env")))
    _file(data.cache())
    assert data.find(explicit, download=_no_download) == explicit


def test_environment_variable_comes_before_the_cache(data, places, monkeypatch):
    env = _file(places / "env")
    monkeypatch.setenv(data.env_var, str(env))
    _file(data.cache())
    assert data.find(download=_no_download) == env


@pytest.mark.parametrize("keras_home", [None, "keras"])
def test_the_cache_in_keras_datasets_folder_comes_before_the_download(data, places,
                                                                      monkeypatch, keras_home):
    if keras_home is None:
        folder = places / "home" / ".keras" / "datasets"
    else:
        monkeypatch.setenv("KERAS_HOME", str(places / keras_home))
        folder = places / keras_home / "datasets"
    cache = _file(data.cache())
    assert cache == folder / data.cache_name
    assert data.find(download=_no_download) == cache


@pytest.mark.parametrize("env_set", [False, True])
def test_download_is_the_last_resort(data, places, monkeypatch, env_set):
    if env_set:
        monkeypatch.setenv(data.env_var, str(places / "missing"))
    downloaded = _file(places / "downloaded")
    assert data.find(download=lambda: downloaded) == downloaded


def test_nothing_found_names_every_path_tried(data, places, monkeypatch):
    monkeypatch.setenv(data.env_var, str(places / "missing"))
    with pytest.raises(ValueError) as raised:
        data.load(download=_offline)
    message = str(raised.value)
    assert "\n" not in message
    assert str(places / "missing") in message and str(data.cache()) in message
    assert data.download_failed in message


def test_explicit_path_that_is_missing_is_not_replaced_by_another(data, places, monkeypatch):
    monkeypatch.setenv(data.env_var, str(_file(places / "env")))
    with pytest.raises(ValueError, match=f"{data.explicit_source}: missing"):
        data.load(places / "typo", download=_no_download)
