"""Actions of priority bindings that read what was typed.

A priority binding is handled by the app as its key arrives, while the keys typed just before
it may still wait in the focused field's queue: ``/tmp/out`` then ctrl+e at once exported to
the folder the field held before. Such an action runs once the focused widget has handled them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def after_pending_keys(screen: Screen[Any], action: Callable[[], object]) -> None:
    """Run ``action`` after the keys already sent to the focused widget (at once without one)."""
    focused = screen.focused
    if focused is None:
        action()
    else:
        focused.call_later(action)
