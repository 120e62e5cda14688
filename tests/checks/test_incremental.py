"""The runner that remembers per-mapping results gives exactly what a fresh run gives, whatever
sequence of edits came before (the TUI relies on it after every edit)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.checks.conftest import load_reference
from workbench.checks import run_checks
from workbench.checks.runner import Checker
from workbench.domain import Workspace
from workbench.domain.elements import elements, patch

REFERENCE = load_reference()
MAPPINGS = [m.id for m in REFERENCE.mappings]
ENTITIES = [f"{s.name}:{e.name}" for s in REFERENCE.systems for e in s.entities]
VALUE_MAPS = [v.id for v in REFERENCE.value_maps]


def _edit(ws: Workspace, kind: str, index: int) -> Workspace:
    items: dict[tuple[str, ...], Any] = {}
    if kind == "entity":
        ref = ENTITIES[index % len(ENTITIES)]
        entity = elements(ws)[("entity", ref)]
        fields = tuple(
            f.model_copy(update={"length": 3, "required": True}) if n == 1 else f
            for n, f in enumerate(entity.fields)
        )
        items[("entity", ref)] = entity.model_copy(update={"fields": fields})
    elif kind == "value-map":
        vm = ws.value_map(VALUE_MAPS[index % len(VALUE_MAPS)])
        assert vm is not None
        items[("value-map", vm.id)] = vm.model_copy(update={"entries": vm.entries[1:]})
    else:
        mapping = ws.mapping(MAPPINGS[index % len(MAPPINGS)])
        if mapping is None:
            return ws
        change = {
            "owner": {"system_of_record": None},
            "errors": {"error_policy": mapping.error_policy[1:]},
            "rules": {"resolution": None, "split": None, "aggregation": None, "bundle": None},
            "sync": {"sync": None},
            "fields": {"field_mappings": mapping.field_mappings[1:]},
        }[kind]
        items[("mapping", mapping.id)] = mapping.model_copy(update=change)
    return patch(ws, items)


_edits = st.lists(
    st.tuples(
        st.sampled_from(["owner", "errors", "rules", "sync", "fields", "entity", "value-map"]),
        st.integers(min_value=0, max_value=500),
    ),
    min_size=1,
    max_size=4,
)


def _key(ws: Workspace) -> list[tuple[str, str, str, str | None]]:
    report = run_checks(ws)
    return [
        (f.rule, f.element, f.message, f.suppressed) for f in report.findings + report.suppressed
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_edits)
def test_remembered_results_match_a_fresh_run(edits: list[tuple[str, int]]) -> None:
    checker = Checker()
    ws = REFERENCE
    checker.run(ws)
    for kind, index in edits:
        ws = _edit(ws, kind, index)
        report = checker.run(ws)
        got = [
            (f.rule, f.element, f.message, f.suppressed)
            for f in report.findings + report.suppressed
        ]
        assert got == _key(ws)
