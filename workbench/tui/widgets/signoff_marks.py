"""How sign-off states look everywhere in the workbench: a symbol that reads without colour, a
word, and the theme's signal colour (the high-contrast theme's too)."""

from __future__ import annotations

from rich.text import Text

from ...domain.signoffs import SignOffState
from .colors import Colors

SYMBOLS = {
    SignOffState.APPROVED: "✔",
    SignOffState.REJECTED: "✘",
    SignOffState.STALE: "⚠",
    SignOffState.MISSING: "·",
}


def style_of(state: SignOffState, colors: Colors) -> str:
    return {
        SignOffState.APPROVED: f"bold {colors.good}",
        SignOffState.REJECTED: f"bold {colors.bad}",
        SignOffState.STALE: f"bold {colors.warn}",
        SignOffState.MISSING: "dim",
    }[state]


def mark(state: SignOffState, colors: Colors, *, word: bool = True, after: str = "") -> Text:
    """``✔ approved``, ``✘ rejected``, ``⚠ stale``, ``· missing`` in the state's colour;
    ``after`` (spacing) goes inside the mark, so no span of text starts with blanks."""
    label = f"{SYMBOLS[state]} {state.value}" if word else SYMBOLS[state]
    return Text(label + after, style=style_of(state, colors))


LOG_STATES = {
    "accepted": SignOffState.APPROVED,
    "rejected": SignOffState.REJECTED,
    "stale": SignOffState.STALE,
    "awaiting": SignOffState.MISSING,
    "unsigned": SignOffState.MISSING,
}


def log_mark(label: str, colors: Colors, after: str = "") -> Text:
    """The decision's log as a whole (``services.decisions.state_label``), marked alike."""
    state = LOG_STATES.get(label, SignOffState.MISSING)
    return Text(f"{SYMBOLS[state]} {label}{after}", style=style_of(state, colors))


SHORT_FUNCTION_NAMES = {"Finance": "Fin", "Operations": "Ops", "Executive": "Exec"}
"""Function names as a narrow column writes them (Sales and IT are short already)."""


def short_function(function: str) -> str:
    return SHORT_FUNCTION_NAMES.get(function, str(function))
