"""Following digits from frame to frame, so that their labels do not flicker.

Each digit read in a frame is matched to the track whose last box overlaps it most
(IoU); a track's class probabilities are an exponential moving average of its
readings, so one noisy frame cannot flip its label. A steady track missed in a frame
or two is still shown, moved by the average motion of the tracks that were matched.

When the sheet jumps between two frames by about a digit's width (a hand moving the
paper, frames dropped by a slow reader), a digit overlaps its neighbour's track more
than its own, and the smoothing would blend the two. So when most readings overlap no
track of their own digit, the jump is measured (``view_shift``: the move most readings
and tracks of the same digit agree on) and the tracks are matched where they have
moved to.
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
#: The view is looked for elsewhere when fewer than this share of a frame's readings
#: overlap a track of their own digit ...
MATCHED_SHARE = 0.5
#: ... up to this many times the median digit height away; readings and tracks agree on
#: a move within this share of that height.
MAX_SHIFT = 3.0
SHIFT_TOLERANCE = 0.25


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


def view_shift(readings: list[Reading], tracks: tuple[Track, ...]) -> tuple[float, float]:
    """How far the view moved since the tracks were seen: the offset from a track to a
    reading of the same digit that the most such pairs share (within ``SHIFT_TOLERANCE``
    of a digit's height, up to ``MAX_SHIFT`` heights away); (0, 0) when none."""
    new = np.array([r.box for r in readings], np.float64)
    old = np.array([t.reading.box for t in tracks], np.float64)
    height = float(np.median(new[:, 3]))
    centres = new[:, :2] + new[:, 2:] / 2
    before = old[:, :2] + old[:, 2:] / 2
    offsets = centres[:, None, :] - before[None, :, :]  # (readings, tracks, 2)
    same = (np.array([r.digit for r in readings])[:, None]
            == np.array([t.reading.digit for t in tracks])[None, :])
    near = same & (np.hypot(offsets[..., 0], offsets[..., 1]) <= MAX_SHIFT * height)
    candidates = offsets[near]
    if not len(candidates):
        return 0.0, 0.0
    apart = np.abs(candidates[:, None, :] - candidates[None, :, :]).max(axis=2)
    support = (apart <= SHIFT_TOLERANCE * height).sum(axis=1)
    best = candidates[support == support.max()]
    dx, dy = best[np.argmin(np.hypot(best[:, 0], best[:, 1]))]
    return float(dx), float(dy)


def _matches(readings: list[Reading], tracks: tuple[Track, ...],
             shift: tuple[float, float]) -> dict[int, int]:
    """Reading index -> track index, best overlaps first, the tracks' boxes moved by
    ``shift``."""
    boxes = np.array([t.reading.box for t in tracks], np.float64)
    boxes[:, :2] += shift
    overlaps = iou_matrix(np.array([r.box for r in readings], np.float64), boxes)
    rows, cols = np.nonzero(overlaps >= MIN_IOU)
    matched: dict[int, int] = {}
    used = set()
    for k in np.argsort(-overlaps[rows, cols], kind="stable"):
        i, j = int(rows[k]), int(cols[k])
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def _own_digit(matched: dict[int, int], readings: list[Reading],
               tracks: tuple[Track, ...]) -> int:
    """How many readings were matched to a track of their own digit."""
    return sum(readings[i].digit == tracks[j].reading.digit for i, j in matched.items())


def update(tracker: Tracker, readings: list[Reading]) -> tuple[Tracker, list[Reading]]:
    """Matches this frame's readings to the tracks; returns the new tracker and what to
    show: this frame's readings, smoothed, in the order given, then steady tracks that
    were missed in this frame."""
    matched: dict[int, int] = {}
    if readings and tracker.tracks:
        matched = _matches(readings, tracker.tracks, (0.0, 0.0))
        own = _own_digit(matched, readings, tracker.tracks)
        if own < MATCHED_SHARE * len(readings):
            shift = view_shift(readings, tracker.tracks)
            if shift != (0.0, 0.0):
                moved = _matches(readings, tracker.tracks, shift)
                if _own_digit(moved, readings, tracker.tracks) > own:
                    matched = moved
    used = set(matched.values())
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
