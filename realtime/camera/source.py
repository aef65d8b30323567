"""What every frame source is (``Source``), and pulling one frame out of it.

A source paces itself: ``interval`` says how many seconds apart its frames are shown (0
for a live source, whose ``read`` gives the newest frame or waits for it), so the window
needs no table of rates per kind of source. ``independent`` says whether its frames are
separate pictures (a folder: each read on its own) or one scene over time (a camera, a
video: tracked).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Source(Protocol):
    """A camera, a video, image files or the demo, as the pipeline's shells use them."""

    name: str
    kind: str  #: "camera", "video", "images" or "demo", for messages
    live: bool  #: a failed read is not the end: the source retries or waits
    independent: bool  #: frames are separate pictures, never tracked across
    interval: float  #: seconds between frames as shown; 0: as fast as they come
    status: str  #: what the source says now ("" when all is well)
    messages: list[str]  #: one-line notes (a file skipped) for the caller to show and clear
    frames: int
    file: str | None  #: the file the last frame came from (images), else None

    def read(self) -> tuple[bool, np.ndarray | None]: ...

    def release(self) -> None: ...


@dataclass(frozen=True)
class Pulled:
    """One read of a source: the frame (None when none came), the notes the source left,
    its status if that changed (else None), and whether the source has ended."""

    frame: np.ndarray | None
    notes: tuple[str, ...] = ()
    status: str | None = None
    ended: bool = False


def pull(source: Source, last_status: str) -> Pulled:
    """Reads one frame and collects what the source said while reading it."""
    ok, frame = source.read()
    notes = tuple(source.messages)
    source.messages.clear()
    status = source.status if source.status != last_status else None
    if not ok or frame is None:
        return Pulled(None, notes, status, ended=not source.live)
    return Pulled(frame, notes, status)
