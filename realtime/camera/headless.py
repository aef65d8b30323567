"""Headless camera mode: read every frame of a source and print one JSON line per frame.

    {"frame": i, "readings": [{"box": [x, y, w, h], "digit": d, "confidence": c,
                               "unsure": false}, ...]}

Boxes are in the source's pixels. Every mark read is printed; ``"unsure": true`` marks
one that is not surely a digit (shown as "?" in the windows). A picture of a folder (or
a single picture) is read on its own, as ``--image`` reads it, and its line names its
file (``"file": ...``). Messages (a skipped file or frame, a camera that is gone, the end
of the source) go to stderr, so stdout stays one JSON object per line. A live camera that
gives no frame for ``camera_timeout`` seconds (missing, busy or unplugged) ends the run
with a one-line error and exit code 2.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import TextIO

from realtime.camera.pipeline import CameraPipeline
from realtime.camera.source import Source, pull
from realtime.reading import MIN_CONFIDENCE, reading_json
from realtime.vision.images import Ink
from realtime.vision.reader import Classifier

#: A camera that is not there is asked again after this many seconds.
IDLE_SECONDS = 0.05
#: Seconds without a frame from a live camera before ``--headless`` gives up.
CAMERA_TIMEOUT = 10.0


def run_headless(source: Source, recognizer: Classifier, *, out: TextIO | None = None,
                 err: TextIO | None = None, min_confidence: float = MIN_CONFIDENCE,
                 max_frames: int | None = None, ink: Ink = "auto",
                 camera_timeout: float = CAMERA_TIMEOUT,
                 clock: Callable[[], float] = time.monotonic) -> int:
    """Reads the source to its end (a camera: until interrupted, or until it gives no frame
    for ``camera_timeout`` seconds: exit status 2); returns the exit status. Lines go to
    ``out`` and messages to ``err`` (default: stdout and stderr as they are when called)."""
    out, err = out or sys.stdout, err or sys.stderr
    pipeline = CameraPipeline(recognizer, ink=ink, tracked=not source.independent,
                              min_confidence=min_confidence)
    index, status, last_frame_at = 0, "", clock()
    try:
        while max_frames is None or index < max_frames:
            pulled = pull(source, status)
            for note in pulled.notes:  # a file skipped: one line each
                print(f"realtime: {note}", file=err, flush=True)
            if pulled.status is not None:
                status = pulled.status
                if status:
                    print(f"realtime: {status}", file=err, flush=True)
            frame = pulled.frame
            if frame is None:
                if pulled.ended:
                    break
                if clock() - last_frame_at > camera_timeout:
                    print(f"realtime: error: no frame from {source.name} for "
                          f"{camera_timeout:g} s (is it plugged in, and free?)", file=err,
                          flush=True)
                    return 2
                if source.status:  # not there: wait before asking again
                    time.sleep(IDLE_SECONDS)
                continue
            last_frame_at = clock()
            result = pipeline.read(frame)
            if result.problem:
                print(f"realtime: frame {index}: frame not read: {result.problem}", file=err,
                      flush=True)
            if result.size_changed:
                print(f"realtime: frame {index}: size changed to "
                      f"{frame.shape[1]}x{frame.shape[0]}", file=err, flush=True)
            line = {"frame": index, **({"file": source.file} if source.file else {}),
                    "readings": [reading_json(r) for r in result.readings]}
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
