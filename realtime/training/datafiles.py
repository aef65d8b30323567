"""Finding a data file (MNIST, pendigits) the same way for each: an explicit path, an
environment variable, keras' cache folder, then a download."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def keras_datasets_dir() -> Path:
    """Keras' data-set cache folder (``$KERAS_HOME/datasets``, default ``~/.keras``)."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"


def candidate_paths(explicit: str | os.PathLike | None, explicit_source: str, env_var: str,
                    cache: Path, cache_source: str) -> list[tuple[str, Path]]:
    """The (source, path) pairs to try, in order, before any download: an explicit path
    alone when given, else the environment variable's path (when set) and the cache."""
    if explicit is not None:
        return [(explicit_source, Path(explicit))]
    candidates = []
    if os.environ.get(env_var):
        candidates.append((env_var, Path(os.environ[env_var])))
    candidates.append((cache_source, cache))
    return candidates


def find_file(what: str, candidates: list[tuple[str, Path]],
              download: Callable[[], Path] | None,
              download_failed: Callable[[str], str]) -> Path:
    """The first candidate that is a file, else what ``download`` (when given) returns.

    Raises:
        ValueError: one line naming every path tried (and why the download failed, as
            ``download_failed`` words it), when none holds the file.
    """
    tried = []
    for source, path in candidates:
        if path.is_file():
            return path
        tried.append(f"{path} ({source}: missing)")
    if download is not None:
        try:
            return download()
        except Exception as error:  # no internet, a changed server: say so in one line
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            tried.append(download_failed(f"{type(error).__name__} {reason}").strip())
    raise ValueError(f"{what} not found; tried " + "; ".join(tried))
