"""Headless camera mode: read every frame of a source and print one JSON line per frame.

    {"frame": i, "readings": [{"box": [x, y, w, h], "digit": d, "confidence": c}, ...]}

Boxes are in the source's pixels. Messages (a skipped frame, a camera that is gone, the
end of the source) go to stderr, so stdout stays one JSON object per line.
"""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

from realtime.frame_reader import frame_problem, read_frame
from realtime.interpret import MAX_WIDTH_OVER_HEIGHT, MIN_CONFIDENCE
from realtime.recognizer import Reading, Recognizer
from realtime.sources import Source
from realtime.track import Tracker, update

#: A live camera that gives no frame is asked again after this many seconds.
IDLE_SECONDS = 0.05


def reading_json(reading: Reading) -> dict:
    """One reading as the headless output writes it."""
    return {"box": [int(v) for v in reading.box], "digit": reading.digit,
            "confidence": round(reading.confidence, 4)}


def reported(readings: list[Reading], min_confidence: float) -> list[Reading]:
    """The readings worth printing: confident ones that look like digits."""
    return [r for r in readings
            if r.confidence >= min_confidence and r.box[2] <= MAX_WIDTH_OVER_HEIGHT * r.box[3]]


def run_headless(source: Source, recognizer: Recognizer, *, out: TextIO = sys.stdout,
                 err: TextIO = sys.stderr, min_confidence: float = MIN_CONFIDENCE,
                 max_frames: int | None = None) -> int:
    """Reads the source to its end (a camera: until interrupted); returns the exit status."""
    tracker, index, size, status = Tracker(), 0, None, ""
    try:
        while max_frames is None or index < max_frames:
            ok, frame = source.read()
            if source.status and source.status != status:
                print(f"realtime: {source.status}", file=err, flush=True)
            status = source.status
            if not ok:
                if not source.live:
                    break
                time.sleep(IDLE_SECONDS)
                continue
            problem = frame_problem(frame)
            readings: list[Reading] = []
            if problem:
                print(f"realtime: frame {index}: {problem}", file=err, flush=True)
            else:
                if frame.shape != size:
                    if size is not None:
                        print(f"realtime: frame {index}: size changed to "
                              f"{frame.shape[1]}x{frame.shape[0]}", file=err, flush=True)
                    tracker, size = Tracker(), frame.shape
                tracker, readings = update(tracker, read_frame(frame, recognizer).readings)
            line = {"frame": index,
                    "readings": [reading_json(r) for r in reported(readings, min_confidence)]}
            out.write(json.dumps(line) + "\n")
            out.flush()
            index += 1
    except BrokenPipeError:  # the reader went away (e.g. piped into head): stop quietly
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        source.release()
    return 0
