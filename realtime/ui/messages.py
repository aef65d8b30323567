"""The one-line message a window shows for a few seconds, the same in every mode.

Each mode's state is a frozen dataclass with ``message``, ``message_until`` and
``message_error`` fields; these functions read and set them, so the rules (how long a
message stays, what counts as an error) are written once.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

#: How long a message stays on screen (seconds).
MESSAGE_SECONDS = 4.0

State = TypeVar("State", bound=Any)


def with_message(ui: State, text: str, now: float, *, error: bool = False) -> State:
    """Shows ``text`` for a few seconds from ``now``; ``error`` shows it as a failure."""
    return dataclasses.replace(ui, message=text, message_until=now + MESSAGE_SECONDS,
                               message_error=error)


def visible_message(ui: Any, now: float) -> str:
    """The message to show at ``now`` ('' once it has expired)."""
    return ui.message if now < ui.message_until else ""


def message_changed(old: Any, new: Any) -> bool:
    """True when a handler set a message (the same text again counts: it was renewed)."""
    return (new.message, new.message_until) != (old.message, old.message_until)
