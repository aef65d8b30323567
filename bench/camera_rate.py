"""A live camera at its own rate: frames shown per second and lag, with a simulated camera.

Usage:
    python bench/camera_rate.py [--seconds 5] [--fps 30] [--rounds 2]

The simulated camera delivers a frame of the demo sheet (1280x720, 21 digits) every 1/fps
seconds and, like a V4L2 driver, queues up to four frames nobody has taken yet. Each
frame is read by the app's camera pipeline and overlaid, as in the window. Two ways of
taking frames are compared, interleaved in one process:

* ``threaded``: the app's ``CameraSource``, which grabs on its own thread and gives the
  newest frame;
* ``direct``: calling ``capture.read()`` in the reading loop (what the app did before).

Each runs with the normal reading and with a reader slowed to 1.5 frames (``slow``: a big
page, a loaded machine). Lag is the time from the camera taking a frame to its readings
being ready. Targets (threaded): with the normal reading (less than a frame), frames
shown per second >= 95% of the camera's rate and a lag p90 <= 2 frames; in both cases the
lag does not grow (last second's median <= first second's + 1 frame). Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gauge import load_gauge  # noqa: E402
from bench.report import Row, check, print_table  # noqa: E402
from realtime import Recognizer  # noqa: E402
from realtime.camera.demo import DemoCamera  # noqa: E402
from realtime.camera.pipeline import CameraPipeline  # noqa: E402
from realtime.camera.sources import CameraSource  # noqa: E402
from realtime.model.versions import current_version  # noqa: E402
from realtime.ui.camera_render import draw_overlay  # noqa: E402
from realtime.vision.images import configure_opencv  # noqa: E402

DRIVER_BUFFERS = 4
SLOW_FACTOR = 1.5  #: the slow reader takes this many frame periods
SHOWN_SHARE_TARGET = 0.95
LAG_P90_FRAMES = 2.0
LAG_GROWTH_FRAMES = 1.0


class SimulatedCamera:
    """A capture that gives a new frame every ``1/fps`` s and queues up to
    ``DRIVER_BUFFERS`` untaken ones (the oldest is given first, as a driver does).
    ``exposed_at(frame)`` is when a frame it gave was exposed."""

    def __init__(self, frames: list[np.ndarray], fps: float) -> None:
        self._frames, self._period = frames, 1.0 / fps
        self._start = time.perf_counter()
        self._next = 0  # number of the next frame to hand out
        self._lock = threading.Lock()
        self._exposed: dict[int, float] = {}
        self.released = False

    def isOpened(self) -> bool:  # noqa: N802 (OpenCV's name)
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        with self._lock:
            now = time.perf_counter() - self._start
            newest = int(now / self._period)  # frames exposed so far: 0..newest
            number = max(self._next, newest - DRIVER_BUFFERS + 1)  # older ones overwritten
            self._next = number + 1
        wait = number * self._period - (time.perf_counter() - self._start)
        if wait > 0:
            time.sleep(wait)
        frame = self._frames[number % len(self._frames)].copy()
        with self._lock:
            self._exposed[id(frame)] = self._start + number * self._period
        return True, frame

    def exposed_at(self, frame: np.ndarray) -> float:
        """When ``frame`` was exposed; forgets it and every frame exposed before it."""
        with self._lock:
            moment = self._exposed[id(frame)]
            self._exposed = {k: t for k, t in self._exposed.items() if t > moment}
        return moment

    def release(self) -> None:
        self.released = True


@dataclass(frozen=True)
class RunResult:
    """One run: frames shown per second, lag per frame (s) with the time it was shown."""

    shown_fps: float
    lags: np.ndarray
    shown_at: np.ndarray
    read_ms: float


def run(mode: str, camera: SimulatedCamera, recognizer: Recognizer, seconds: float,
        extra: float) -> RunResult:
    """Reads frames for ``seconds`` the ``mode`` way, the reader taking ``extra`` s more."""
    pipeline = CameraPipeline(recognizer)
    source = CameraSource(0, lambda index: camera) if mode == "threaded" else None
    lags, shown_at, read_ms = [], [], []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        ok, frame = source.read() if source else camera.read()
        if not ok:
            continue
        began = time.perf_counter()
        result = pipeline.read(frame)
        canvas = frame.copy()
        draw_overlay(canvas, result.readings, result.numbers, None, 1.0)
        if extra:
            time.sleep(extra)
        now = time.perf_counter()
        read_ms.append((now - began) * 1000)
        lags.append(now - camera.exposed_at(frame))
        shown_at.append(now - start)
    if source:
        source.release()
    return RunResult(len(lags) / seconds, np.array(lags), np.array(shown_at),
                     float(np.median(read_ms)))


def growth(result: RunResult) -> float:
    """Median lag in the last second minus the first second's (s)."""
    first = result.lags[result.shown_at < 1.0]
    last = result.lags[result.shown_at > result.shown_at[-1] - 1.0]
    return float(np.median(last) - np.median(first))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per run")
    parser.add_argument("--fps", type=float, default=30.0, help="the camera's frame rate")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds")
    args = parser.parse_args(argv)
    configure_opencv()  # as the app does
    recognizer = Recognizer()
    demo = DemoCamera()
    frames = [demo.frame_at(i / args.fps) for i in range(int(args.fps))]
    period = 1.0 / args.fps

    results: dict[tuple[str, str], list[RunResult]] = {}
    for _ in range(args.rounds):
        for case, extra in (("normal", 0.0), ("slow", None)):
            if extra is None:  # slow: the reader takes SLOW_FACTOR frames in all
                normal = results[("threaded", "normal")][-1].read_ms / 1000
                extra = max(0.0, SLOW_FACTOR * period - normal)
            for mode in ("threaded", "direct"):
                result = run(mode, SimulatedCamera(frames, args.fps), recognizer,
                             args.seconds, extra)
                results.setdefault((mode, case), []).append(result)

    rows: list[Row] = [load_gauge(ROOT / "models" / f"{current_version()}.keras")]
    for (mode, case), runs in results.items():
        fps = float(np.median([r.shown_fps for r in runs]))
        lags = np.concatenate([r.lags for r in runs]) * 1000
        p50, p90 = float(np.median(lags)), float(np.percentile(lags, 90))
        grown = max(growth(r) for r in runs) * 1000
        read = float(np.median([r.read_ms for r in runs]))
        judged = mode == "threaded"
        label = f"{mode}, {case} reader ({read:.0f} ms a frame)"
        share = fps / args.fps
        rows.append(check(f"{label}: frames shown per second", share,
                          f"{fps:.1f} of {args.fps:g}",
                          f">= {SHOWN_SHARE_TARGET:.0%}" if judged and case == "normal" else "",
                          (lambda v: v >= SHOWN_SHARE_TARGET)
                          if judged and case == "normal" else None))
        rows.append(check(f"{label}: lag median (p90)", p90, f"{p50:.0f} ms ({p90:.0f})",
                          f"p90 <= {LAG_P90_FRAMES * period * 1000:.0f} ms"
                          if judged and case == "normal" else "",
                          (lambda v: v <= LAG_P90_FRAMES * period * 1000)
                          if judged and case == "normal" else None))
        rows.append(check(f"{label}: lag growth, first to last second", grown,
                          f"{grown:+.0f} ms",
                          f"<= {LAG_GROWTH_FRAMES * period * 1000:.0f} ms" if judged else "",
                          (lambda v: v <= LAG_GROWTH_FRAMES * period * 1000)
                          if judged else None))
    return print_table(f"A simulated {args.fps:g} fps camera, 1280x720, read by "
                       f"{current_version()} ({args.rounds} interleaved rounds of "
                       f"{args.seconds:g} s)", rows)


if __name__ == "__main__":
    sys.exit(main())
