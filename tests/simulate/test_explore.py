"""Exploration finds failure classes on a weakened design and shrinks them."""

from __future__ import annotations

from workbench.domain.edits import revise
from workbench.domain.workspace import Workspace
from workbench.simulate.explore import explore, size


def _without_case_unit(ws: Workspace) -> Workspace:
    """The uom value map loses its Case entry: quoting in cases can no longer reach SAP."""
    uom = ws.value_map("uom")
    assert uom is not None
    weakened = revise(uom, entries=tuple(e for e in uom.entries if e.source != "Case"))
    return revise(ws, value_maps=tuple(weakened if v.id == "uom" else v for v in ws.value_maps))


def test_a_weakened_design_shows_a_new_failure_class_shrunk_to_one_line(
    reference: Workspace,
) -> None:
    baseline = {f.failure_class for f in explore(reference, 400, seed=3).findings}
    weakened = _without_case_unit(reference)
    exploration = explore(weakened, 400, seed=3)
    found = {f.failure_class: f for f in exploration.findings}
    uom = found[("UOM_NOT_MAPPED", "order-item-sales-order-item")]
    assert (
        "Case" in uom.failure.message
        or ("UOM_NOT_MAPPED", "order-item-sales-order-item") in baseline
    )
    example = uom.example
    assert len(example.order.lines) == 1 and not example.amendments
    assert example.order.lines[0].quantity == 1
    assert uom.occurrences >= 1 and not uom.covered


def test_shrinking_keeps_the_class_and_never_grows(reference: Workspace) -> None:
    exploration = explore(reference, 300, seed=11)
    assert exploration.findings
    for finding in exploration.findings:
        assert len(finding.example.order.lines) <= 2
        assert size(finding.example)[0] <= 3


def test_exploration_is_reproducible(reference: Workspace) -> None:
    first = explore(reference, 200, seed=5).as_json()
    assert first == explore(reference, 200, seed=5).as_json()
    assert first != explore(reference, 200, seed=6).as_json()
