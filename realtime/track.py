"""Following digits from frame to frame, so that their labels do not flicker.

Each digit read in a frame is matched to the track whose last box overlaps it most
(IoU); a track's class probabilities are an exponential moving average of its
readings, so one noisy frame cannot flip its label.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from realtime.recognizer import Reading
from realtime.segment import Box

MIN_IOU = 0.3  #: a reading continues a track when their boxes overlap this much
SMOOTHING = 0.5  #: weight of the newest reading in a track's probabilities
MAX_MISSES = 2  #: a track unseen for more frames than this is dropped


@dataclass(frozen=True)
class Track:
    """One digit followed across frames."""

    id: int
    reading: Reading  #: its latest reading, with the smoothed probabilities
    hits: int = 1
    misses: int = 0


@dataclass(frozen=True)
class Tracker:
    """All live tracks; ``update`` returns a new Tracker."""

    tracks: tuple[Track, ...] = ()
    next_id: int = 0
    smoothing: float = field(default=SMOOTHING)


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _smoothed(reading: Reading, previous: Reading, weight: float) -> Reading:
    probs = (weight * reading.probs + (1 - weight) * previous.probs).astype(np.float32)
    digit = int(np.argmax(probs))
    return dataclasses.replace(reading, digit=digit, confidence=float(probs[digit]), probs=probs)


def update(tracker: Tracker, readings: list[Reading]) -> tuple[Tracker, list[Reading]]:
    """Matches this frame's readings to the tracks; returns the new tracker and the
    smoothed readings of this frame, in the order given."""
    pairs = sorted(((iou(r.box, t.reading.box), i, j) for i, r in enumerate(readings)
                    for j, t in enumerate(tracker.tracks)), reverse=True)
    matched: dict[int, int] = {}
    used = set()
    for overlap, i, j in pairs:
        if overlap < MIN_IOU:
            break
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    next_id = tracker.next_id
    tracks, out = [], []
    for i, reading in enumerate(readings):
        if i in matched:
            old = tracker.tracks[matched[i]]
            smooth = _smoothed(reading, old.reading, tracker.smoothing)
            tracks.append(Track(old.id, smooth, old.hits + 1, 0))
        else:
            smooth = reading
            tracks.append(Track(next_id, reading))
            next_id += 1
        out.append(smooth)
    for j, track in enumerate(tracker.tracks):
        if j not in used and track.misses < MAX_MISSES:
            tracks.append(dataclasses.replace(track, misses=track.misses + 1))
    return Tracker(tuple(tracks), next_id, tracker.smoothing), out
