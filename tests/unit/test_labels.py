"""How model elements read on screen."""

from __future__ import annotations

from workbench.tui.widgets.labels import counted


def test_counts_read_with_their_noun() -> None:
    assert [counted(n, "entity") for n in (0, 1, 2)] == ["0 entities", "1 entity", "2 entities"]
    assert counted(1, "relationship") == "1 relationship"
    assert counted(3, "field") == "3 fields"
