"""The app's configuration: one frozen value, built once by the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from realtime.vision.images import Ink


@dataclass(frozen=True)
class AppConfig:
    """Everything ``python -m realtime`` was asked to do; ``cli.parse_args`` builds it and
    gives each field its default and its meaning (``--help``)."""

    image: Path | None
    json: bool
    load: Path | None
    source: str | None
    size: tuple[int, int] | None
    headless: bool
    camera_timeout: float
    min_confidence: float
    ink: Ink
    model: Path | None
    models_dir: Path
    pad_size: int
    brush: float
    samples: Path
    history: Path
    save_dir: Path
    print_events: bool
