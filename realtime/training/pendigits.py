"""Pen trajectories of handwritten digits (UCI pendigits, UNIPEN text) and drawing them.

The file ``pendigits-orig.tra`` holds 7,494 digits written by 30 writers on a tablet, in
UNIPEN text: each digit is ``.SEGMENT DIGIT n ? "<label>"``, ``.COMMENT <label> <writer>
<n>``, then its strokes, each ``.PEN_DOWN``, lines of ``x y`` (y up), ``.PEN_UP``.

Lookup order: an explicit path, the ``PENDIGITS_FILE`` environment variable, the cache
file ``$KERAS_HOME/datasets/pendigits-orig.tra.gz`` (default ``~/.keras``), then a
download of the UCI file into that cache (needs internet). A file is read as gzip when it
starts with gzip's magic bytes, as unix ``compress`` (.Z, what UCI serves) when it starts
with that magic, and as plain text otherwise. Pure numpy, OpenCV and the standard library.

``HELD_OUT_WRITERS`` (writers 26-30) are kept out of any training: their digits are only
for testing (``bench/paper_photos.py`` draws its test pictures' handwriting from them).
Training on pendigits must use the other writers only.
"""

from __future__ import annotations

import gzip
import os
import re
import urllib.request
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from realtime.training import datafiles
from realtime.training.datafiles import keras_datasets_dir

ENV_VAR = "PENDIGITS_FILE"
CACHE_NAME = "pendigits-orig.tra.gz"
UCI_URL = ("https://archive.ics.uci.edu/ml/machine-learning-databases/pendigits/"
           "pendigits-orig.tra.Z")
DOWNLOAD_TIMEOUT_S = 60
#: Writers kept out of any training, used only for testing (test pictures use their digits).
HELD_OUT_WRITERS = frozenset(range(26, 31))

GZIP_MAGIC = b"\x1f\x8b"
COMPRESS_MAGIC = b"\x1f\x9d"
_SEGMENT = re.compile(r'^\.SEGMENT\s+DIGIT\s+\S+\s+\S+\s+"(\d)"\s*$', re.M)
_COMMENT = re.compile(r"^\.COMMENT\s+(\d)\s+(\d+)\s+\d+\s*$", re.M)

SUPERSAMPLE = 4  #: strokes are drawn this many times finer, then averaged down
SAMPLE_SPACING = 0.75  #: px between points of the smoothed pen path, in output pixels
CHUNK = 6  #: points of a path drawn at one width when the width varies along it


@dataclass(frozen=True, eq=False)
class PenDigit:
    """One written digit: its label, its writer (1-30) and its strokes.

    Each stroke is a read-only (N, 2) float64 array of (x, y) tablet units in image
    orientation (y down), shifted so the digit's top-left corner is at (0, 0).
    """

    label: int
    writer: int
    strokes: tuple[np.ndarray, ...]


# --- reading ------------------------------------------------------------------------------


def _stroke(block: str) -> np.ndarray:
    """The points of one ``.PEN_DOWN`` block (the text up to its ``.PEN_UP``)."""
    lines = [line for line in block.splitlines() if line.strip() and not line.startswith(".")]
    try:
        values = np.array(" ".join(lines).split(), np.float64)
    except ValueError:
        raise ValueError("not UNIPEN pendigits text: a stroke holds a non-number") from None
    if values.size == 0 or values.size % 2:
        raise ValueError("not UNIPEN pendigits text: a stroke is not a list of x y points")
    return values.reshape(-1, 2)


def _digit(chunk: str, label: int) -> PenDigit:
    comment = _COMMENT.search(chunk)
    if comment is None or int(comment.group(1)) != label:
        raise ValueError(f"not UNIPEN pendigits text: digit {label!r} has no matching .COMMENT")
    pieces = chunk.split(".PEN_DOWN")[1:]
    if not pieces:
        raise ValueError("not UNIPEN pendigits text: a digit has no strokes")
    strokes = []
    for piece in pieces:
        if ".PEN_UP" not in piece:
            raise ValueError("truncated: a stroke has no .PEN_UP")
        strokes.append(_stroke(piece.split(".PEN_UP")[0]))
    low = np.vstack(strokes).min(axis=0)
    flipped = []
    for points in strokes:
        # y up on the tablet: flip it, and shift the top-left corner to the origin
        image = np.column_stack([points[:, 0] - low[0], -points[:, 1]])
        flipped.append(image)
    top = min(float(s[:, 1].min()) for s in flipped)
    for points in flipped:
        points[:, 1] -= top
        points.flags.writeable = False
    return PenDigit(label=label, writer=int(comment.group(2)), strokes=tuple(flipped))


def parse_pendigits(text: str) -> list[PenDigit]:
    """Parses UNIPEN pendigits text into digits, in file order.

    Raises:
        ValueError: one line, saying the text is truncated or not UNIPEN pendigits.
    """
    starts = list(_SEGMENT.finditer(text))
    if not starts:
        raise ValueError("not UNIPEN pendigits text: no .SEGMENT DIGIT entries")
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return [_digit(text[m.end():end], int(m.group(1))) for m, end in zip(starts, ends,
                                                                         strict=True)]


def uncompress_z(data: bytes) -> bytes:
    """Decompresses unix ``compress`` (.Z) data: LZW, 9 to 16-bit codes, block mode.

    Codes are packed least significant bit first in groups of eight; when the code width
    grows, or after a CLEAR code, the rest of the current group is skipped (as
    ``compress`` writes it).
    """
    if data[:2] != COMPRESS_MAGIC or len(data) < 3:
        raise ValueError("not compress (.Z) data")
    max_bits, block_mode = data[2] & 0x1F, bool(data[2] & 0x80)
    if not 9 <= max_bits <= 16:
        raise ValueError(f"compress (.Z) data with unsupported {max_bits}-bit codes")
    body, limit = data[3:], 1 << max_bits
    total_bits = len(body) * 8
    literals = [bytes([i]) for i in range(256)] + ([b""] if block_mode else [])
    table, previous, out = list(literals), b"", []
    bits, start, pos = 9, 0, 0  # code width, bit where its group run starts, bit position
    while True:
        if len(table) > (1 << bits) - 1 and bits < max_bits:
            group = bits * 8
            pos = start + -(-(pos - start) // group) * group
            start, bits = pos, bits + 1
        if pos + bits > total_bits:
            break
        byte = pos >> 3
        code = (int.from_bytes(body[byte:byte + 3], "little") >> (pos & 7)) & ((1 << bits) - 1)
        pos += bits
        if block_mode and code == 256:
            group = bits * 8
            pos = start + -(-(pos - start) // group) * group
            start, bits, table, previous = pos, 9, list(literals), b""
            continue
        if code < len(table):
            entry = table[code]
        elif code == len(table) and previous:
            entry = previous + previous[:1]
        else:
            raise ValueError("corrupt compress (.Z) data: a code beyond the table")
        if previous and len(table) < limit:
            table.append(previous + entry[:1])
        out.append(entry)
        previous = entry
    return b"".join(out)


def _decoded(data: bytes) -> str:
    """The text of a file's bytes: gzip, compress (.Z) or plain."""
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except EOFError:
            raise ValueError("truncated: the gzip stream ends early") from None
        except (gzip.BadGzipFile, zlib.error, OSError) as error:
            raise ValueError(f"not a readable gzip file ({error})") from None
    elif data[:2] == COMPRESS_MAGIC:
        data = uncompress_z(data)
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError("not UNIPEN pendigits text: not ASCII") from None


def read_pendigits_file(path: str | os.PathLike) -> list[PenDigit]:
    """Reads and parses one pendigits file (gzip, .Z or plain text).

    Raises:
        ValueError: one line naming the file: unreadable, truncated or not UNIPEN pendigits.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        return parse_pendigits(_decoded(data))
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


# --- finding ------------------------------------------------------------------------------


def cache_path() -> Path:
    """Where the cached copy lives (or a download goes)."""
    return keras_datasets_dir() / CACHE_NAME


def download_pendigits() -> Path:
    """Downloads the UCI file (unix compress), checks it and caches it as gzip."""
    from realtime.atomic import atomic_write_bytes

    with urllib.request.urlopen(UCI_URL, timeout=DOWNLOAD_TIMEOUT_S) as response:  # noqa: S310
        data = response.read()
    text = _decoded(data)
    parse_pendigits(text)  # refuse to cache anything that does not parse
    return atomic_write_bytes(cache_path(), gzip.compress(text.encode("ascii")))


def candidate_paths(path: str | os.PathLike | None = None) -> list[tuple[str, Path]]:
    """The (source, path) pairs to try, in order, before any download."""
    return datafiles.candidate_paths(path, "explicit path", ENV_VAR, cache_path(), "cache")


def find_pendigits(path: str | os.PathLike | None = None,
                   download: Callable[[], Path] | None = download_pendigits) -> Path:
    """The path of the pendigits file, trying each place in order (see the module doc).

    Raises:
        ValueError: one line naming every path tried, when none holds the file.
    """
    return datafiles.find_file("pendigits", candidate_paths(path),
                               download if path is None else None,
                               lambda why: f"{UCI_URL} (download failed: {why})")


def load_pendigits(path: str | os.PathLike | None = None, *,
                   download: Callable[[], Path] | None = download_pendigits,
                   ) -> list[PenDigit]:
    """Finds (see ``find_pendigits``) and reads the pendigits file."""
    return read_pendigits_file(find_pendigits(path, download))


# --- drawing ------------------------------------------------------------------------------


def _catmull_rom(points: np.ndarray, spacing: float) -> np.ndarray:
    """A smooth curve through the points, sampled about every ``spacing`` units."""
    keep = np.ones(len(points), bool)
    keep[1:] = np.any(np.diff(points, axis=0) != 0, axis=1)
    points = points[keep]
    if len(points) < 2:
        return points
    padded = np.vstack([2 * points[0] - points[1], points, 2 * points[-1] - points[-2]])
    lengths = np.linalg.norm(np.diff(points, axis=0), axis=1)
    counts = np.maximum(1, np.ceil(lengths / spacing)).astype(int)
    index = np.repeat(np.arange(len(counts)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    t = ((np.arange(counts.sum()) - starts) / np.repeat(counts, counts))[:, None]
    p0, p1, p2, p3 = (padded[index + k] for k in range(4))
    curve = 0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                   + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3)
    return np.vstack([curve, points[-1:]])


def _smooth_noise(positions: np.ndarray, rng: np.random.Generator, scale: float,
                  ) -> np.ndarray:
    """A smooth random function of ``positions`` (N, 2), about -1..1, varying over ``scale``."""
    freq = rng.uniform(0.5, 1.5, (3, 2)) * rng.choice([-1, 1], (3, 2)) * 2 * np.pi / scale
    phase = rng.uniform(0, 2 * np.pi, 3)
    waves = np.sin(positions @ freq.T + phase)
    return waves.mean(axis=1) * np.sqrt(2)


def render_strokes(strokes: Sequence[np.ndarray], *, height: float, pen_width: float,
                   slant: float = 0.0, rng: np.random.Generator | None = None,
                   jitter: float = 0.0, width_jitter: float = 0.0, margin: int = 2,
                   ) -> np.ndarray:
    """Draws pen strokes with a round pen: float32 ink opacity 0..1, anti-aliased.

    Args:
        strokes: (N, 2) arrays of (x, y) points, y down, in any unit; the pen follows a
            smooth (Catmull-Rom) curve through them.
        height: the height of the ink, pen included, in output pixels (about: the
            smooth curve may pass a little outside the points).
        pen_width: the pen's diameter in output pixels.
        slant: horizontal shear, tan of the slant angle (positive leans right).
        rng: randomness for ``jitter`` and ``width_jitter``; None draws as with seed 0.
        jitter: hand wobble, a smooth displacement of up to this share of ``height``.
        width_jitter: the pen's width varies smoothly along the strokes by up to this share.
        margin: blank pixels around the ink on every side.

    Returns:
        The ink image, ``margin`` px around the ink; the same inputs give the same image.
    """
    if height <= 0 or pen_width <= 0:
        raise ValueError(f"height and pen_width must be positive, not {height}, {pen_width}")
    strokes = [np.asarray(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if not strokes:
        raise ValueError("no strokes to draw")
    rng = rng if rng is not None else np.random.default_rng(0)
    points = np.vstack(strokes)
    middle = (points[:, 1].min() + points[:, 1].max()) / 2
    sheared = [np.column_stack([s[:, 0] + slant * (middle - s[:, 1]), s[:, 1]]) for s in strokes]
    points = np.vstack(sheared)
    low, span = points.min(axis=0), np.ptp(points, axis=0)
    scale = max(height - pen_width, 0.5) / max(span[1], 0.25 * span[0], 1e-9)
    paths = [(s - low) * scale for s in sheared]
    if jitter > 0:
        paths = [p + jitter * height * np.column_stack(
            [_smooth_noise(p, rng, height), _smooth_noise(p, rng, height)]) for p in paths]
    curves = [_catmull_rom(p, SAMPLE_SPACING) for p in paths]
    low = np.vstack(curves).min(axis=0)
    offset = margin + pen_width / 2 - low
    extent = np.vstack(curves).max(axis=0) + offset + pen_width / 2 + margin
    size = np.ceil(extent).astype(int)
    canvas = np.zeros((size[1] * SUPERSAMPLE, size[0] * SUPERSAMPLE), np.uint8)
    width_noise = np.random.default_rng(rng.integers(1 << 31))
    for curve in curves:
        _draw_curve(canvas, (curve + offset) * SUPERSAMPLE, pen_width * SUPERSAMPLE,
                    width_jitter, width_noise, height * SUPERSAMPLE)
    ink = cv2.resize(canvas, (size[0], size[1]), interpolation=cv2.INTER_AREA)
    return ink.astype(np.float32) / 255


def _draw_curve(canvas: np.ndarray, curve: np.ndarray, width: float, width_jitter: float,
                rng: np.random.Generator, height: float) -> None:
    """Draws one smooth pen path (in canvas pixels) with a round pen of about ``width``."""
    shift = 4  # fractional bits of the coordinates
    fixed = np.round(curve * (1 << shift)).astype(np.int32)
    if width_jitter <= 0:
        thickness = max(1, round(width))
        cv2.polylines(canvas, [fixed.reshape(-1, 1, 2)], False, 255, thickness, cv2.LINE_AA,
                      shift)
        for end in (fixed[0], fixed[-1]):  # round pen tips
            cv2.circle(canvas, (int(end[0]), int(end[1])), max(1, round(width / 2)) << shift,
                       255, -1, cv2.LINE_AA, shift)
        return
    widths = width * (1 + width_jitter * _smooth_noise(curve, rng, 0.3 * height))
    starts = range(0, max(1, len(fixed) - 1), CHUNK)  # a few points share a width
    chunk_widths = np.add.reduceat(widths, list(starts)) / np.diff([*starts, len(widths)])
    for start, chunk_width in zip(starts, chunk_widths, strict=True):
        piece = fixed[start:start + CHUNK + 1]
        thickness = max(1, round(float(chunk_width)))
        cv2.polylines(canvas, [piece.reshape(-1, 1, 2)], False, 255, thickness, cv2.LINE_AA,
                      shift)
        for end in (piece[0], piece[-1]):
            cv2.circle(canvas, (int(end[0]), int(end[1])), max(1, thickness // 2) << shift, 255,
                       -1, cv2.LINE_AA, shift)
