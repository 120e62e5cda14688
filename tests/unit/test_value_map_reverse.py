"""Reading a value map backwards: which source value a target value comes back as."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import sample_workspace
from workbench.domain.reference import ValueMap, ValueMapEntry
from workbench.domain.validation import validate_workspace
from workbench.tui.forms.value_maps import format_entries, parse_entries


def _map(*entries: tuple[str, str, bool]) -> ValueMap:
    return ValueMap(
        id="uom",
        entries=tuple(
            ValueMapEntry(source=source, target=target, reverse=reverse)
            for source, target, reverse in entries
        ),
    )


def test_a_target_shared_by_several_sources_needs_a_mark_to_come_back() -> None:
    unmarked = _map(("Each", "PC", False), ("Case", "PC", False), ("Hour", "H", False))
    assert unmarked.translate_back("PC") is None
    assert unmarked.ambiguous_backwards() == {"PC": ("Each", "Case")}
    only = unmarked.translate_back("H")
    assert only is not None and only.source == "Hour"
    assert unmarked.translate_back("KG") is None  # no entry: nothing to come back as

    marked = _map(("Each", "PC", False), ("Case", "PC", True))
    back = marked.translate_back("PC")
    assert back is not None and back.source == "Case"
    assert marked.ambiguous_backwards() == {}


@given(
    st.lists(
        st.tuples(st.sampled_from("ABCDE"), st.sampled_from("xyz"), st.booleans()),
        max_size=8,
        unique_by=lambda entry: entry[0],
    )
)
def test_every_target_comes_back_one_way_or_is_named_ambiguous(
    entries: list[tuple[str, str, bool]],
) -> None:
    value_map = _map(*entries)
    ambiguous = value_map.ambiguous_backwards()
    for target in {target for _, target, _ in entries}:
        back = value_map.translate_back(target)
        sharing = [source for source, t, _ in entries if t == target]
        if back is None:
            assert ambiguous[target] == tuple(sharing)
            assert len(sharing) > 1
        else:
            assert target not in ambiguous
            assert back.target == target and back.source in sharing
            assert len(sharing) == 1 or back.reverse


def test_two_entries_marked_to_come_back_for_one_target_are_an_error() -> None:
    ws = sample_workspace()
    doubled = _map(("Each", "PC", True), ("Case", "PC", True))
    broken = ws.model_copy(update={"value_maps": (doubled,)})
    messages = [issue.message for issue in validate_workspace(broken)]
    assert "'PC' translates back to 'Each' already: mark one entry of 'PC' to come back as" in (
        messages
    )
    marked_once = ws.model_copy(
        update={"value_maps": (_map(("Each", "PC", True), ("Case", "PC", False)),)}
    )
    assert not any("translates back" in issue.message for issue in validate_workspace(marked_once))


def test_the_form_writes_the_mark_as_a_two_way_arrow_and_reads_it_back() -> None:
    value_map = ValueMap(
        id="uom",
        entries=(
            ValueMapEntry(source="Each", target="PC", note="piece", reverse=True),
            ValueMapEntry(source="Case", target="PC", factor=12),
        ),
    )
    text = format_entries(value_map)
    assert text.splitlines() == ["Each <=> PC |  | piece", "Case => PC | 12"]
    parsed = [ValueMapEntry.model_validate(entry) for entry in parse_entries(text)]
    assert parsed == list(value_map.entries)
    assert parse_entries("Each<=>PC")[0] == {"source": "Each", "target": "PC", "reverse": True}
