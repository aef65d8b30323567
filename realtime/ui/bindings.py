"""Key bindings: one table per mode says which keys do what.

The table drives the mode's key handling (``dispatch``), the help overlay
(``help_lines``) and the README's key tables (checked by ``tests/test_docs.py``), so a
new key is one new row. A row without keys documents the mouse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: ``action(state, key, now) -> (new state, effects)``.
Action = Callable[[Any, int, float], tuple[Any, list]]


@dataclass(frozen=True)
class Binding:
    """Keys, how the help names them, what they do in words, and the action."""

    keys: tuple[int, ...]
    label: str
    help: str
    action: Action | None = None  # None: a help line only (the mouse)


def dispatch(bindings: Sequence[Binding], ui: Any, key: int, now: float) -> tuple[Any, list]:
    """Runs the action bound to ``key``; an unbound key changes nothing."""
    for binding in bindings:
        if key in binding.keys and binding.action is not None:
            return binding.action(ui, key, now)
    return ui, []


def help_lines(bindings: Sequence[Binding]) -> tuple[tuple[str, str], ...]:
    """(keys, what they do) for every row, in the table's order."""
    return tuple((b.label, b.help) for b in bindings)


def chars(text: str) -> tuple[int, ...]:
    """The key codes of the characters in ``text``."""
    return tuple(ord(c) for c in text)
