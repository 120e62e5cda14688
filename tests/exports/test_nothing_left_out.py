"""What the model says about a mapping reaches every format whole: no combination of settings
drops part of it."""

from __future__ import annotations

import csv
import io

import pytest

from workbench.domain import edits
from workbench.domain.mappings import Sync, SyncDirection, SyncTrigger, describe_sync
from workbench.domain.workspace import Workspace
from workbench.exporters.design_markdown import render_markdown
from workbench.exporters.spec import build_spec, rule_rows


def _with(workspace: Workspace, mapping_id: str, **update: object) -> Workspace:
    mapping = workspace.mapping(mapping_id)
    assert mapping is not None
    return edits.put_mapping(workspace, mapping.model_copy(update=update), replacing=mapping_id)


def _section(text: str, mapping_id: str) -> str:
    start = text.index(f'<a id="mapping-{mapping_id}"></a>')
    end = text.find('<a id="mapping-', start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize("preserved", [True, False])
def test_an_amendment_rule_reads_the_same_in_the_document_and_the_workbook(
    reference: Workspace, preserved: bool
) -> None:
    mapping = next(m for m in reference.mappings if m.amendment is not None)
    assert mapping.amendment is not None
    amendment = mapping.amendment.model_copy(update={"preserve_billing_history": preserved})
    workspace = _with(reference, mapping.id, amendment=amendment)
    history = "billing history preserved" if preserved else "billing history may change"
    expected = (
        f"{amendment.strategy.value}, proration {amendment.proration.value}, "
        f"{'co-termed' if amendment.co_term else 'own term'}, {history}"
    )
    section = _section(render_markdown(workspace)["design.md"].decode(), mapping.id)
    line = next(line for line in section.splitlines() if "**Amendment:**" in line)
    assert expected in line, line
    spec = next(m for m in build_spec(workspace).mappings if m.id == mapping.id)
    rows = [row for row in rule_rows(spec) if row[1] == "amendment"]
    assert rows and rows[0][2] == expected, rows


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        (SyncTrigger.EVENT, "target-to-source, event: Plant data changed; schedule: nightly 03:00"),
        (
            SyncTrigger.SCHEDULE,
            "target-to-source, schedule: nightly 03:00; event: Plant data changed",
        ),
        (
            SyncTrigger.MANUAL,
            "target-to-source, manual: Plant data changed; schedule: nightly 03:00",
        ),
    ],
)
def test_a_sync_with_both_an_event_and_a_schedule_keeps_both(
    trigger: SyncTrigger, expected: str
) -> None:
    sync = Sync(
        direction=SyncDirection.TARGET_TO_SOURCE,
        trigger=trigger,
        event="Plant data changed",
        schedule="nightly 03:00",
    )
    assert describe_sync(sync) == expected


def test_a_sync_gives_only_what_it_has() -> None:
    assert describe_sync(Sync(trigger=SyncTrigger.EVENT, event="Quote approved")) == (
        "source-to-target, event: Quote approved"
    )
    assert describe_sync(Sync(trigger=SyncTrigger.SCHEDULE)) == "source-to-target, schedule"
    assert describe_sync(None) == ""


def test_a_mapping_the_design_still_lacks_something_for_says_so_in_the_spreadsheet(
    reference: Workspace,
) -> None:
    from workbench.exporters.spec import OVERVIEW_HEADER, overview_row
    from workbench.exporters.spec_csv import render_csv

    mapping = next(m for m in reference.mappings if m.resolution is not None)
    workspace = _with(reference, mapping.id, resolution=None, system_of_record=None)
    spec = next(m for m in build_spec(workspace).mappings if m.id == mapping.id)
    assert "no system of record" in spec.open_issues
    assert any("resolution" in issue for issue in spec.open_issues), spec.open_issues
    row = dict(zip(OVERVIEW_HEADER, overview_row(spec), strict=True))
    assert row["Open issues"] == "; ".join(spec.open_issues)
    overview = render_csv(workspace)["csv/overview.csv"].decode("utf-8-sig")
    line = next(line for line in overview.splitlines() if line.startswith(mapping.id + ","))
    assert "no system of record" in line
    # A mapping with nothing open says nothing.
    others = [m for m in build_spec(reference).mappings if m.id == mapping.id]
    assert others[0].open_issues == []


def test_the_value_maps_index_says_what_a_value_not_listed_becomes(reference: Workspace) -> None:
    from workbench.exporters.spec import OTHER_VALUES, value_map_rows, value_maps_rows
    from workbench.exporters.spec_csv import render_csv

    value_map = reference.value_maps[0]
    with_default = edits.put_value_map(
        reference, value_map.model_copy(update={"default": "ZZ"}), replacing=value_map.id
    )
    for workspace, expected in ((reference, "an error (no default)"), (with_default, "become ZZ")):
        spec = build_spec(workspace)
        row = next(r for r in value_maps_rows(spec) if r[0] == value_map.id)
        assert row[5] == expected
        last = value_map_rows(next(v for v in spec.value_maps if v.id == value_map.id))[-1]
        assert last[0] == OTHER_VALUES
        assert (last[1] == "ZZ") if workspace is with_default else ("error" in last[3])
    files = render_csv(with_default)
    index = files["csv/value-maps.csv"].decode("utf-8-sig").splitlines()
    assert index[0].startswith("Value map,Title,Source system,Target system,Entries")
    assert len(index) == len(reference.value_maps) + 1
    # A value map's own CSV is a lookup table: its entries, as many as the index counts.
    rows = list(csv.reader(io.StringIO(files[f"csv/value-maps/{value_map.id}.csv"].decode())))
    assert [row[0] for row in rows[1:]] == [e.source for e in value_map.entries]
    assert str(len(value_map.entries)) in next(r for r in index if r.startswith(value_map.id))


def test_the_document_has_every_value_map_and_a_title_of_its_own(reference: Workspace) -> None:
    text = render_markdown(reference)["design.md"].decode()
    assert text.splitlines()[0] == f"# {reference.title}"
    for value_map in reference.value_maps:
        start = text.index(f'<a id="value-map-{value_map.id}"></a>')
        section = text[start : text.find("<a id=", start + 1)]
        assert "**Values not listed:**" in section
        for entry in value_map.entries:
            assert f"`{entry.source}`" in section or entry.source in section, entry.source


@pytest.mark.parametrize(
    ("direction", "dot", "mermaid"),
    [
        (SyncDirection.SOURCE_TO_TARGET, None, "-->|"),
        (SyncDirection.TARGET_TO_SOURCE, "dir=back", "synced from the target"),
        (SyncDirection.BOTH, "dir=both", "<-->|"),
    ],
)
def test_the_diagrams_show_which_way_the_data_moves(
    reference: Workspace, direction: SyncDirection, dot: str | None, mermaid: str
) -> None:
    from workbench.exporters.diagram import build_drawing
    from workbench.exporters.diagram_dot import render_dot
    from workbench.exporters.diagram_mermaid import render_mermaid

    mapping = next(m for m in reference.mappings if m.sync is not None and m.target)
    assert mapping.sync is not None
    workspace = _with(
        reference, mapping.id, sync=mapping.sync.model_copy(update={"direction": direction})
    )
    drawing = build_drawing(workspace, [workspace.mapping(mapping.id)])  # type: ignore[list-item]
    edge_line = next(line for line in render_dot(drawing).splitlines() if " -> " in line)
    if dot is None:
        assert "dir=" not in edge_line, edge_line
    else:
        assert dot in edge_line, edge_line
    mermaid_edge = next(line for line in render_mermaid(drawing).splitlines() if "|" in line)
    assert mermaid in mermaid_edge, mermaid_edge
