"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: str | Path, write: Callable[[Path], None], *,
                 overwrite: bool = True) -> Path:
    """Writes a file through a temporary sibling, then renames it into place.

    Args:
        path: the file to create or replace.
        write: called with a temporary path (same folder and suffix); it must create that file.
        overwrite: when False, an existing ``path`` is never replaced (FileExistsError).

    Returns:
        ``path`` as a Path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}",
                                    dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # let ``write`` create it: some writers refuse an existing file
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if path exists, so nothing is ever overwritten
            tmp.unlink()
        _fsync_dir(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def atomic_write_bytes(path: str | Path, data: bytes, *, overwrite: bool = True) -> Path:
    """Writes bytes to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), overwrite=overwrite)


def atomic_write_text(path: str | Path, text: str, *, overwrite: bool = True) -> Path:
    """Writes UTF-8 text to ``path`` atomically."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"),
                        overwrite=overwrite)
