"""Key bindings: one table per mode says which keys do what.

The table drives the mode's key handling (``dispatch``), the help overlay
(``help_lines``) and the README's key tables (checked by ``tests/test_docs.py``), so a
new key is one new row. A row without keys documents the mouse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from realtime.ui import keys
from realtime.ui.effects import Quit, ReloadModel, SwitchMode

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


def emit(effect: object) -> Action:
    """An action that only hands ``effect`` to the shell."""
    return lambda ui, key, now: (ui, [effect])


def toggle(field: str) -> Action:
    """An action that turns a boolean field of the state on or off."""
    return lambda ui, key, now: (dataclasses.replace(ui, **{field: not getattr(ui, field)}), [])


def shared_rows(other_mode: str) -> tuple[Binding, ...]:
    """The rows both modes end their tables with: switching to ``other_mode``, reloading
    the model, the help, quitting."""
    return (
        Binding(chars("w"), "w", f"switch to {other_mode} (and back)", emit(SwitchMode())),
        Binding(chars("r"), "r", "reload the model (a new one is also picked up by itself)",
                emit(ReloadModel())),
        Binding(chars("h"), "h", "show / hide this help", toggle("show_help")),
        Binding(keys.QUIT, "q  Esc", "quit", emit(Quit())),
    )
