"""Following digits from frame to frame, so that their labels do not flicker.

Each digit read in a frame is matched to the track whose last box overlaps it most
(IoU); a track's class probabilities are an exponential moving average of its
readings, so one noisy frame cannot flip its label. A steady track missed in a frame
or two is still shown, moved by the average motion of the tracks that were matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from realtime.boxes import iou_matrix
from realtime.reading import MIN_CONFIDENCE, Reading, looks_unsure

MIN_IOU = 0.3  #: a reading continues a track when their boxes overlap this much
SMOOTHING = 0.5  #: weight of the newest reading in a track's probabilities
MAX_MISSES = 2  #: a track unseen for more frames than this is dropped
#: A track seen in at least this many frames is still shown while briefly missed (a
#: digit does not vanish because one frame was blurred), moved with the others.
HOLD_AFTER_HITS = 3


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
    min_confidence: float = MIN_CONFIDENCE  #: a smoothed reading below this is unsure


def _smoothed(readings: list[Reading], previous: list[Reading], weight: float,
              min_confidence: float) -> list[Reading]:
    """Each reading with its probabilities blended with its track's, and its digit,
    confidence and ``unsure`` following them (array operations for the whole frame)."""
    if not readings:
        return []
    new = np.stack([r.probs for r in readings])
    old = np.stack([r.probs for r in previous])
    probs = (weight * new + (1 - weight) * old).astype(np.float32)
    digits = probs.argmax(axis=1)
    confidences = probs[np.arange(len(probs)), digits].tolist()
    return [Reading(r.box, digit, confidence, p, r.digit_image,
                    looks_unsure(r.box, confidence, min_confidence))
            for r, digit, confidence, p in zip(readings, digits.tolist(), confidences, probs,
                                               strict=True)]


def _moved(reading: Reading, dx: float, dy: float) -> Reading:
    x, y, w, h = reading.box
    return replace(reading, box=(round(x + dx), round(y + dy), w, h))


def update(tracker: Tracker, readings: list[Reading]) -> tuple[Tracker, list[Reading]]:
    """Matches this frame's readings to the tracks; returns the new tracker and what to
    show: this frame's readings, smoothed, in the order given, then steady tracks that
    were missed in this frame."""
    matched: dict[int, int] = {}
    used = set()
    if readings and tracker.tracks:
        overlaps = iou_matrix(np.array([r.box for r in readings], np.float64),
                              np.array([t.reading.box for t in tracker.tracks], np.float64))
        rows, cols = np.nonzero(overlaps >= MIN_IOU)
        for k in np.argsort(-overlaps[rows, cols], kind="stable"):  # best overlaps first
            i, j = int(rows[k]), int(cols[k])
            if i not in matched and j not in used:
                matched[i] = j
                used.add(j)
    smoothed = dict(zip(matched, _smoothed([readings[i] for i in matched],
                                           [tracker.tracks[j].reading for j in matched.values()],
                                           tracker.smoothing, tracker.min_confidence),
                        strict=True))
    next_id = tracker.next_id
    tracks, out = [], []
    for i, reading in enumerate(readings):
        if i in matched:
            old = tracker.tracks[matched[i]]
            smooth = smoothed[i]
            tracks.append(Track(old.id, smooth, old.hits + 1, 0))
        else:
            smooth = reading
            tracks.append(Track(next_id, reading))
            next_id += 1
        out.append(smooth)
    shifts = [np.subtract(readings[i].box[:2], tracker.tracks[j].reading.box[:2])
              for i, j in matched.items()]
    dx, dy = np.mean(shifts, axis=0) if shifts else (0.0, 0.0)
    for j, track in enumerate(tracker.tracks):
        if j not in used and track.misses < MAX_MISSES:
            held = Track(track.id, _moved(track.reading, dx, dy), track.hits, track.misses + 1)
            tracks.append(held)
            if track.hits >= HOLD_AFTER_HITS:
                out.append(held.reading)
    return Tracker(tuple(tracks), next_id, tracker.smoothing, tracker.min_confidence), out
