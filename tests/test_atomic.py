"""Atomic writes never leave a half-written file or a temporary behind."""

from __future__ import annotations

import pytest

from realtime.atomic import atomic_write, atomic_write_bytes, atomic_write_text


def test_writes_and_replaces(tmp_path):
    path = tmp_path / "sub" / "file.txt"
    atomic_write_text(path, "one")
    atomic_write_text(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in path.parent.iterdir()] == ["file.txt"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "model.bin"
    atomic_write_bytes(path, b"good")

    def half_write(tmp):
        tmp.write_bytes(b"ha")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, half_write)
    assert path.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["model.bin"]


def test_no_overwrite_mode_never_replaces(tmp_path):
    path = tmp_path / "sample.png"
    atomic_write_bytes(path, b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        atomic_write_bytes(path, b"second", overwrite=False)
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["sample.png"]


def test_temporary_keeps_the_suffix_writers_rely_on(tmp_path):
    seen = []
    atomic_write(tmp_path / "m.keras", lambda tmp: (seen.append(tmp.suffix), tmp.write_bytes(b"")))
    assert seen == [".keras"]
