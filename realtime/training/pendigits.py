"""Pen trajectories of handwritten digits (UCI pendigits, UNIPEN text): reading and finding.

The file ``pendigits-orig.tra`` holds 7,494 digits written by 30 writers on a tablet, in
UNIPEN text: each digit is ``.SEGMENT DIGIT n ? "<label>"``, ``.COMMENT <label> <writer>
<n>``, then its strokes, each ``.PEN_DOWN``, lines of ``x y`` (y up), ``.PEN_UP``.

Lookup order: an explicit path, the ``PENDIGITS_FILE`` environment variable, the cache
file ``$KERAS_HOME/datasets/pendigits-orig.tra.gz`` (default ``~/.keras``), then a
download of the UCI file into that cache (needs internet). A file is read as gzip when it
starts with gzip's magic bytes, as unix ``compress`` (.Z, what UCI serves) when it starts
with that magic, and as plain text otherwise. Pure numpy and the standard library; the
strokes are drawn by ``realtime.training.strokes``.

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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
