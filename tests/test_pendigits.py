"""Reading UCI pendigits (UNIPEN text) from the documented places, and drawing its strokes."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from realtime.training.pendigits import (
    HELD_OUT_WRITERS,
    load_pendigits,
    parse_pendigits,
    uncompress_z,
)
from realtime.training.strokes import render_strokes
from tests.helpers import compress_z, shared_pendigits

SHARED_FILE = shared_pendigits()

TINY = """.INCLUDE        dene.doc

.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"
.HIERARCHY      DIGIT

.SEGMENT DIGIT    0 ? "7"
.COMMENT 7 27  12
.PEN_DOWN
 100  300
 200  300
 150  100
.PEN_UP
.DT 100

.SEGMENT DIGIT    1-2 ? "4"
.COMMENT 4  3  40
.PEN_DOWN
 10  200
  0  100
 80  100
.PEN_UP
.DT 100
.PEN_DOWN
 60  200
 60    0
.PEN_UP
.DT 100
"""


def _write(path: Path, text: str = TINY, compress: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("ascii")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def test_parses_labels_writers_and_strokes_with_y_down():
    seven, four = parse_pendigits(TINY)
    assert (seven.label, seven.writer, four.label, four.writer) == (7, 27, 4, 3)
    assert len(seven.strokes) == 1 and len(four.strokes) == 2
    # the 7's bar (tablet y 300, the top) comes first and is at y 0 once y points down
    np.testing.assert_array_equal(seven.strokes[0], [[0, 0], [100, 0], [50, 200]])
    np.testing.assert_array_equal(four.strokes[1], [[60, 0], [60, 200]])
    assert not seven.strokes[0].flags.writeable


@pytest.mark.parametrize(("content", "expected"), [
    (gzip.compress(TINY.encode())[:-30], "truncated"),
    (TINY[:TINY.rindex(".PEN_UP")].encode(), "truncated"),
    (b"x,y,label\n1,2,3\n", "not UNIPEN pendigits"),
    (gzip.compress(b"\x00\xff" * 50), "not UNIPEN pendigits"),
    (b"\x1f\x8bnot really gzip", "not a readable gzip file"),
])
def test_bad_files_give_one_line_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "bad.gz"
    path.write_bytes(content)
    with pytest.raises(ValueError) as raised:
        load_pendigits(path)
    message = str(raised.value)
    assert "\n" not in message and str(path) in message and expected in message


def test_plain_text_and_unix_compress_files_read_like_gzip(tmp_path):
    plain = _write(tmp_path / "plain.tra", compress=False)
    z_file = tmp_path / "file.tra.Z"
    z_file.write_bytes(compress_z(TINY.encode()))
    assert [d.label for d in load_pendigits(plain)] == [7, 4]
    assert [d.label for d in load_pendigits(z_file)] == [7, 4]


@pytest.mark.parametrize("options", [{}, {"clear_after": 300}, {"max_bits": 10}])
def test_uncompress_z_reverses_compress(options):
    rng = np.random.default_rng(3)
    data = (TINY * 40).encode() + rng.integers(0, 256, 20000, np.uint8).tobytes()
    packed = compress_z(data, **options)
    assert uncompress_z(packed) == data
    if shutil.which("gzip"):  # gzip -d reads .Z: the packer itself is right
        assert subprocess.run(["gzip", "-dc"], input=packed, capture_output=True,
                              check=True).stdout == data


def test_render_is_deterministic_and_the_pen_width_shows():
    four = parse_pendigits(TINY)[1]
    options = {"height": 120, "rng": None, "jitter": 0.02, "width_jitter": 0.2}
    first = render_strokes(four.strokes, pen_width=3, **options | {"rng": np.random.default_rng(5)})
    again = render_strokes(four.strokes, pen_width=3, **options | {"rng": np.random.default_rng(5)})
    other = render_strokes(four.strokes, pen_width=3, **options | {"rng": np.random.default_rng(6)})
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.dtype == np.float32 and 0 <= first.min() and first.max() <= 1
    thin = render_strokes(four.strokes, height=120, pen_width=2)
    thick = render_strokes(four.strokes, height=120, pen_width=12)
    # the ink's area grows with the pen; the ink is about ``height`` tall either way
    assert thick.sum() > 4 * thin.sum()
    for ink in (thin, thick):
        rows = np.nonzero((ink > 0.3).any(axis=1))[0]
        assert abs((rows[-1] - rows[0] + 1) - 120) <= 4


def test_render_slant_leans_right():
    one = [np.array([[0.0, 0.0], [0.0, 100.0]])]
    ink = render_strokes(one, height=100, pen_width=4, slant=0.5)
    top = np.nonzero(ink[4] > 0.5)[0].mean()
    bottom = np.nonzero(ink[-5] > 0.5)[0].mean()
    assert top > bottom + 30


@pytest.mark.skipif(not SHARED_FILE.is_file(), reason=f"no shared pendigits file at {SHARED_FILE}")
def test_the_shared_file_has_7494_digits_by_30_writers():
    digits = load_pendigits(SHARED_FILE, download=None)
    assert len(digits) == 7494
    assert {d.writer for d in digits} == set(range(1, 31))
    held_out = [d for d in digits if d.writer in HELD_OUT_WRITERS]
    assert {d.label for d in held_out} == set(range(10)) and len(held_out) > 1000
