"""Helpers shared by tests (tests never import each other)."""

from __future__ import annotations

from pathlib import Path


def compress_z(data: bytes, max_bits: int = 16, clear_after: int | None = None) -> bytes:
    """Unix ``compress`` (.Z, block mode) of ``data``: to test the reader with.

    ``clear_after``: send a CLEAR code after that many codes (as ``compress`` does when
    its table is full and compression drops). Codes are packed least significant bit
    first; when the code width grows or after a CLEAR, the current group of eight codes is
    padded to its full size, as ``compress`` does.
    """
    clear = 256
    codes: list[int] = []
    table = {bytes([i]): i for i in range(256)}
    word, since_clear = b"", 0
    for value in data:
        grown = word + bytes([value])
        if grown in table:
            word = grown
            continue
        codes.append(table[word])
        since_clear += 1
        if len(table) + 1 < 1 << max_bits:
            table[grown] = len(table) + 1  # code 256 is CLEAR
        word = bytes([value])
        if clear_after and since_clear >= clear_after:
            codes.append(clear)
            table = {bytes([i]): i for i in range(256)}
            since_clear = 0
    if word:
        codes.append(table[word])
    out, bits, group_start, accumulator, filled = bytearray(), 9, 0, 0, 0
    entries, first = 257, True  # the reader's table size, and whether it awaits a literal

    def pad(group_bytes: int) -> None:
        nonlocal accumulator, filled
        if filled:
            out.extend(accumulator.to_bytes((filled + 7) // 8, "little"))
            accumulator = filled = 0
        out.extend(bytes((group_bytes - (len(out) - group_start) % group_bytes) % group_bytes))

    for code in codes:
        if entries > (1 << bits) - 1 and bits < max_bits:
            pad(bits)
            group_start, bits = len(out), bits + 1
        accumulator |= code << filled
        filled += bits
        if code == clear:
            pad(bits)
            group_start, bits, entries, first = len(out), 9, 257, True
            continue
        if not first and entries < 1 << max_bits:
            entries += 1
        first = False
        while filled >= 8:
            out.append(accumulator & 0xFF)
            accumulator >>= 8
            filled -= 8
    if filled:
        out.append(accumulator & 0xFF)
    return bytes([0x1F, 0x9D, 0x80 | max_bits]) + bytes(out)


def shared_pendigits() -> Path:
    """The pendigits file in ``shared/`` beside the checkout (it may be missing)."""
    return (Path(__file__).resolve().parents[2]
            / "shared" / "data" / "pendigits" / "pendigits-orig.tra.gz")
