"""How model elements read on screen."""

from __future__ import annotations

from workbench.domain.base import counted


def test_counts_read_with_their_noun() -> None:
    assert [counted(n, "entity") for n in (0, 1, 2)] == ["0 entities", "1 entity", "2 entities"]
    assert counted(1, "relationship") == "1 relationship"
    assert counted(3, "field") == "3 fields"


def test_a_no_counterpart_row_too_narrow_keeps_the_name_and_says_none() -> None:
    from tests.checks.conftest import load_reference
    from workbench.domain.mappings import Cardinality
    from workbench.tui.name_cuts import NameCutter
    from workbench.tui.widgets.colors import Colors
    from workbench.tui.widgets.labels import mapping_line

    reference = load_reference()
    colors = Colors("cyan", "green", "yellow", "red", "blue", "white")
    cutter = NameCutter(e.name for s in reference.systems for e in s.entities)
    none = [m for m in reference.mappings if m.cardinality is Cardinality.NONE]
    assert len(none) > 2
    wide = [mapping_line(reference, m, False, colors, 80, cutter).plain for m in none]
    assert all("─╳ no counterpart" in line for line in wide)
    narrow = [mapping_line(reference, m, False, colors, 34, cutter).plain for m in none]
    assert all(len(line) <= 34 for line in narrow), narrow
    assert all("─╳ none" in line for line in narrow if "no counterpart" not in line)
    # The names still tell the rows apart.
    assert len(set(narrow)) == len(narrow), narrow
