"""Exploration finds failure classes on a weakened design and shrinks them."""

from __future__ import annotations

from workbench.domain.edits import revise
from workbench.domain.workspace import Workspace
from workbench.simulate.explore import explore, size


def _without_split_rule(ws: Workspace) -> Workspace:
    """The order mapping loses its split rule: lines of any plant and channel share one order."""
    mapping = ws.mapping("order-sales-order")
    assert mapping is not None
    weakened = revise(mapping, split=None)
    return revise(ws, mappings=tuple(weakened if m.id == mapping.id else m for m in ws.mappings))


def test_a_weakened_design_shows_a_new_failure_class_shrunk_to_two_lines(
    reference: Workspace,
) -> None:
    baseline = {f.failure_class for f in explore(reference, 400, seed=3).findings}
    new_class = ("SPLIT_KEY_MIXED", "order-sales-order")
    assert new_class not in baseline
    exploration = explore(_without_split_rule(reference), 400, seed=3)
    found = {f.failure_class: f for f in exploration.findings}
    finding = found[new_class]
    assert finding.occurrences >= 1 and not finding.covered
    example = finding.example
    # The smallest order that mixes two plants or channels: two lines, nothing else.
    assert len(example.order.lines) == 2 and not example.amendments
    assert all(line.quantity == 1 for line in example.order.lines)
    assert finding.failure.route  # routed by the order mapping's error policy ('*')


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
