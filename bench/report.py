"""Printing benchmark tables and judging them against their targets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured line: its value, how to show it, and an optional target it must meet."""

    name: str
    value: float
    shown: str
    target: str = ""
    passed: bool | None = None  # None: reported only, no target


def check(name: str, value: float, shown: str, target: str,
          ok: Callable[[float], bool] | None = None) -> Row:
    """A row whose target is met when ``ok(value)`` is true (no target when ok is None)."""
    return Row(name, value, shown, target, None if ok is None else bool(ok(value)))


def print_table(title: str, rows: list[Row]) -> int:
    """Prints rows as a Markdown table; returns 1 when a target was missed, else 0."""
    width = max(len(row.name) for row in rows)
    print(f"\n{title}\n")
    print(f"| {'measure':<{width}} | value | target | met |")
    print(f"|{'-' * (width + 2)}|---|---|---|")
    for row in rows:
        met = "" if row.passed is None else ("yes" if row.passed else "**NO**")
        print(f"| {row.name:<{width}} | {row.shown} | {row.target} | {met} |")
    missed = [row.name for row in rows if row.passed is False]
    if missed:
        print(f"\nMISSED: {', '.join(missed)}")
        return 1
    print("\nall targets met")
    return 0
