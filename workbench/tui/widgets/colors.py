"""Theme colours for Rich text (tree labels, list lines, the graph), read from the active theme so
that every theme, the high-contrast one included, applies to them too."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App


@dataclass(frozen=True)
class Colors:
    accent: str
    good: str
    warn: str
    bad: str
    owner: str
    text: str

    @classmethod
    def of(cls, app: App[object]) -> Colors:
        """The colours of the app's current theme (worked out once per theme)."""
        cached = _CACHE.get(app.theme)
        if cached is None:
            cached = _CACHE[app.theme] = cls._read(app)
        return cached

    @classmethod
    def _read(cls, app: App[object]) -> Colors:
        v = app.get_css_variables()

        def pick(*names: str) -> str:
            for name in names:
                value = v.get(name, "")
                if value.startswith("#"):
                    return value
            return "default"

        return cls(
            accent=pick("accent-lighten-1", "accent"),
            good=pick("success-lighten-1", "success"),
            warn=pick("warning-lighten-1", "warning"),
            bad=pick("error-lighten-1", "error"),
            owner=pick("primary-lighten-2", "primary-lighten-1", "primary"),
            text=pick("foreground"),
        )


_CACHE: dict[str, Colors] = {}

PLAIN = Colors(
    accent="default", good="default", warn="default", bad="default", owner="default", text="default"
)
