"""Revalidating successive versions gives exactly what validating each from scratch gives.

The revalidator reuses the issues of systems and mappings that an edit left as they were; these
tests drive it through random sequences of edits, valid and broken, on the reference workspace
and compare every step with ``validate_workspace``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO_ROOT
from workbench.domain import Cardinality, edits
from workbench.domain.base import entity_ref
from workbench.domain.edits import EditError, revise
from workbench.domain.mappings import Mapping
from workbench.domain.systems import System
from workbench.domain.validation import Issue, Revalidator, _Validator, validate_workspace
from workbench.domain.workspace import Workspace
from workbench.services.simulation import load_workspace

Edit = Callable[[Workspace], Workspace]


@cache
def _reference() -> Workspace:
    return load_workspace(REPO_ROOT)


def _nth(items: tuple[object, ...], index: int) -> int:
    return index % len(items)


def _set_cardinality(index: int, card: Cardinality) -> Edit:
    def edit(ws: Workspace) -> Workspace:
        mapping = ws.mappings[_nth(ws.mappings, index)]
        return edits.set_cardinality(ws, mapping.id, card)

    return edit


def _retarget(index: int) -> Edit:
    """Point a mapping at an entity that is not there (an error) or back at a real one."""

    def edit(ws: Workspace) -> Workspace:
        position = _nth(ws.mappings, index)
        mapping = ws.mappings[position]
        target = "sap:Nowhere" if mapping.target != "sap:Nowhere" else ws.mappings[0].target
        changed = mapping.model_copy(update={"target": target})
        return revise(ws, mappings=(*ws.mappings[:position], changed, *ws.mappings[position + 1 :]))

    return edit


def _drop_entity(index: int) -> Edit:
    """Remove an entity without cascading: mappings and references now point at nothing."""

    def edit(ws: Workspace) -> Workspace:
        position = _nth(ws.systems, index)
        system = ws.systems[position]
        if not system.entities:
            return ws
        kept = system.entities[1:]
        changed = system.model_copy(update={"entities": kept})
        return revise(ws, systems=(*ws.systems[:position], changed, *ws.systems[position + 1 :]))

    return edit


def _drop_field(index: int) -> Edit:
    """Remove an entity's first field without cascading (keys and field mappings break)."""

    def edit(ws: Workspace) -> Workspace:
        mapping = ws.mappings[_nth(ws.mappings, index)]
        system_name, entity_name = mapping.source.split(":", 1)
        system = ws.system(system_name)
        entity = ws.entity(mapping.source)
        if system is None or entity is None or not entity.fields:
            return ws
        fields = entity.fields[1:]
        return edits.put_entity(
            ws, system_name, entity.model_copy(update={"fields": fields}), entity_name
        )

    return edit


def _duplicate_mapping(index: int) -> Edit:
    def edit(ws: Workspace) -> Workspace:
        mapping = ws.mappings[_nth(ws.mappings, index)]
        return revise(ws, mappings=(*ws.mappings, mapping))

    return edit


def _drop_value_maps(ws: Workspace) -> Workspace:
    return revise(ws, value_maps=ws.value_maps[1:])


def _delete_entity(index: int) -> Edit:
    """The workbench's own delete, which takes the mappings with it."""

    def edit(ws: Workspace) -> Workspace:
        system = ws.systems[_nth(ws.systems, index)]
        if not system.entities:
            return ws
        return edits.delete_entity(ws, entity_ref(system.name, system.entities[-1].name))

    return edit


indexes = st.integers(min_value=0, max_value=200)
edit_steps = st.one_of(
    st.builds(_set_cardinality, indexes, st.sampled_from(list(Cardinality))),
    st.builds(_retarget, indexes),
    st.builds(_drop_entity, indexes),
    st.builds(_drop_field, indexes),
    st.builds(_duplicate_mapping, indexes),
    st.just(_drop_value_maps),
    st.builds(_delete_entity, indexes),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(edit_steps, min_size=1, max_size=8), undo=st.booleans())
def test_revalidating_each_version_equals_validating_it_afresh(
    steps: list[Edit], undo: bool
) -> None:
    revalidate = Revalidator()
    versions = [_reference()]
    assert revalidate(versions[0]) == validate_workspace(versions[0])
    for step in steps:
        try:
            after = step(versions[-1])
        except EditError:
            continue
        versions.append(after)
        assert revalidate(after) == validate_workspace(after)
    if undo:  # undo goes back to versions whose objects the memo has since let go
        for version in reversed(versions):
            assert revalidate(version) == validate_workspace(version)


def test_only_what_an_edit_changed_is_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loaded (and so validated, once per process) before the counting starts: when this test
    # is the first in its process to ask for it, that validation was counted too.
    ws = _reference()
    checked: list[str] = []
    real_system, real_mapping = _Validator._system, _Validator._mapping

    def system(self: _Validator, system: System) -> Iterator[Issue]:
        checked.append(f"system {system.name}")
        return real_system(self, system)

    def mapping(self: _Validator, mapping: Mapping, label: str) -> Iterator[Issue]:
        checked.append(f"mapping {mapping.id}")
        return real_mapping(self, mapping, label)

    monkeypatch.setattr(_Validator, "_system", system)
    monkeypatch.setattr(_Validator, "_mapping", mapping)
    revalidate = Revalidator()
    revalidate(ws)
    assert len(checked) == len(ws.systems) + len(ws.mappings)

    checked.clear()
    first = ws.mappings[0]
    changed = edits.set_cardinality(ws, first.id, Cardinality.MANY_TO_MANY)
    issues = revalidate(changed)
    assert checked == [f"mapping {first.id}"]
    assert issues == validate_workspace(changed)

    checked.clear()
    revalidate(changed)
    assert checked == [], "the same version again: everything reused"

    # An entity's edit checks its system again and the mappings of that entity, nothing else.
    source = changed.entity(first.source)
    assert source is not None
    system_name = first.source.split(":", 1)[0]
    edited = edits.put_entity(
        changed, system_name, source.model_copy(update={"label": "Relabelled"}), source.name
    )
    checked.clear()
    issues = revalidate(edited)
    rechecked = set(checked)
    assert issues == validate_workspace(edited)
    touching = {f"mapping {m.id}" for m in edited.mappings if first.source in (m.source, m.target)}
    assert rechecked == {f"system {system_name}"} | touching
