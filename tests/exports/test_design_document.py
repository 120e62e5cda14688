"""The design document says what stands and what does not next to the element it concerns."""

from __future__ import annotations

from markdown_it import MarkdownIt

from workbench.domain.signoffs import SignOffState, signoff_states
from workbench.domain.workspace import Workspace
from workbench.exporters.design_markdown import render_markdown
from workbench.exporters.escape import markdown as escape_markdown
from workbench.exporters.extras import DocumentExtras


def _states(workspace: Workspace, **override: dict[str, SignOffState]) -> DocumentExtras:
    states = {
        d.number: {f.value: s for f, s in signoff_states(workspace, d).items()}
        for d in workspace.decisions
    }
    for number, functions in override.items():
        states[int(number.removeprefix("d"))] = functions
    return DocumentExtras(signoff_states=states)


def _mapping_section(text: str, mapping_id: str) -> str:
    start = text.index(f'<a id="mapping-{mapping_id}"></a>')
    end = text.find('<a id="mapping-', start + 1)
    return text[start : end if end != -1 else len(text)]


def test_a_stale_decision_says_so_beside_the_mapping_it_governs(reference: Workspace) -> None:
    stale = {"Sales": SignOffState.STALE, "Finance": SignOffState.APPROVED}
    extras = _states(reference, d3=stale)
    text = render_markdown(reference, extras)["design.md"].decode()
    governed = [
        m.id for m in reference.mappings if "mapping:" + m.id in reference.decisions[2].links
    ]
    assert governed
    section = _mapping_section(text, governed[0])
    line = next(line for line in section.splitlines() if "**Decisions:**" in line)
    assert "0003" in line and "*1 stale*" in line, line
    assert "approved" not in line  # only what does not stand is counted

    clean = render_markdown(reference, _states(reference, d3={"Sales": SignOffState.APPROVED}))
    line = next(
        line
        for line in _mapping_section(clean["design.md"].decode(), governed[0]).splitlines()
        if "**Decisions:**" in line
    )
    assert "stale" not in line and "missing" not in line, line


def test_a_decision_linked_to_a_rule_is_listed_with_its_mapping(reference: Workspace) -> None:
    decision = reference.decisions[3]
    assert "mapping:bundle-package-explosion" in decision.links
    links = [
        "mapping:bundle-package-explosion/bundle" if link.endswith("explosion") else link
        for link in decision.links
    ]
    changed = reference.model_copy(
        update={
            "decisions": [
                d.model_copy(update={"links": links}) if d.number == decision.number else d
                for d in reference.decisions
            ]
        }
    )
    text = render_markdown(changed)["design.md"].decode()
    line = next(
        line
        for line in _mapping_section(text, "bundle-package-explosion").splitlines()
        if "**Decisions:**" in line
    )
    assert f"{decision.number:04d}" in line and "(bundle rule)" in line, line


def test_every_table_row_has_as_many_cells_as_its_header(reference: Workspace) -> None:
    text = render_markdown(reference)["design.md"].decode()
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    header_cells = row_cells = 0
    for token in tokens:
        if token.type == "thead_open":
            header_cells, row_cells = 0, -1
        elif token.type == "th_open":
            header_cells += 1
        elif token.type == "tr_open":
            row_cells = 0
        elif token.type == "td_open":
            row_cells += 1
        elif token.type == "tr_close" and row_cells > 0:
            assert row_cells == header_cells
    # markdown-it pads or drops cells, so count the raw pipes too
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if len(lines) >= 2 and set(lines[1]) <= set("|-: "):
            width = lines[0].count(" | ")
            for line in lines[2:]:
                assert line.replace("\\|", "").count(" | ") == width, (lines[0], line)


def test_consequences_are_a_list_of_their_own(reference: Workspace) -> None:
    text = render_markdown(reference)["design.md"].decode()
    with_consequences = [d for d in reference.decisions if d.consequences]
    assert with_consequences
    assert text.count("\n\n**Consequences**\n\n- ") == len(with_consequences)
    tokens = MarkdownIt("commonmark").parse(text)
    lists = sum(1 for t in tokens if t.type == "bullet_list_open" and t.level == 0)
    assert lists >= 2 * len(with_consequences)


def test_paragraphs_of_a_decision_outcome_survive(reference: Workspace) -> None:
    from workbench.exporters.design_html import render_html

    first = reference.decisions[0]
    outcome = "Customers are created in SAP.\n\n- Salesforce requests them\n- SAP confirms"
    changed = reference.model_copy(
        update={
            "decisions": [
                d.model_copy(update={"outcome": outcome}) if d is first else d
                for d in reference.decisions
            ]
        }
    )
    text = render_markdown(changed)["design.md"].decode()
    assert (
        "**Outcome**\n\nCustomers are created in SAP.\n\n\\- Salesforce requests them\\\n" in text
    )
    rendered = MarkdownIt("commonmark").render(text)
    assert (
        "<p>Customers are created in SAP.</p>\n<p>- Salesforce requests them<br />\n- SAP confirms</p>"
        in rendered
    )
    html = render_html(changed)["design.html"].decode()
    assert "<p>Customers are created in SAP.</p>\n<p>- Salesforce requests them<br>- SAP" in html


def test_a_decision_carries_its_whole_record(reference: Workspace) -> None:
    """Context, drivers, options, outcome, consequences, more information and the sections this
    tool has no attribute for, in the record's order, and who was consulted and informed,
    stakeholders by name."""
    first = reference.decisions[0]
    person = reference.stakeholders[0]
    changed = reference.model_copy(
        update={
            "decisions": [
                d.model_copy(
                    update={
                        "context": "Why it matters.",
                        "drivers": ("Driver one",),
                        "options": ("Option A", "Option B"),
                        "outcome": "Option A.",
                        "consequences": ("Good, because A",),
                        "more_information": "See the workshop notes.",
                        "extra_sections": "## Confirmation\n\nThe cut-over test proves it.\n\n"
                        "## Pros and Cons of the Options\n\n### Option A\n\n* Good, because fast",
                        "consulted": (person.id, "Outside Expert"),
                        "informed": ("Order desk",),
                    }
                )
                if d is first
                else d
                for d in reference.decisions
            ]
        }
    )
    text = render_markdown(changed)["design.md"].decode()
    section = text[text.index(f"### {first.number:04d} ") :]
    section = section[: section.index("*Sign-offs*") if first.signoffs else section.index("\n### ")]
    assert f"- **Consulted:** {person.name}, Outside Expert\n" in section
    assert "- **Informed:** Order desk\n" in section
    order = [
        "**Context and problem**\n\nWhy it matters.",
        "**Decision drivers**\n\n- Driver one",
        "**Considered options**\n\n- Option A\n- Option B",
        "**Outcome**\n\nOption A.",
        "**Consequences**\n\n- Good, because A",
        "**More information**\n\nSee the workshop notes.",
        "**Confirmation**\n\nThe cut-over test proves it.",
        "**Pros and Cons of the Options**\n\n**Option A**\n\n\\* Good, because fast",
    ]
    places = [section.index(part) for part in order]
    assert places == sorted(places)


def test_a_mapping_without_counterpart_names_its_owner(reference: Workspace) -> None:
    erp_only = next(
        m for m in reference.mappings if m.is_no_counterpart and m.system_of_record == "s4hana"
    )
    text = render_markdown(reference)["design.md"].decode()
    row = next(line for line in text.splitlines() if line.startswith(f"| `{erp_only.id}` |"))
    assert "SAP S/4HANA" in row and "n/a" not in row, row


def test_the_json_spec_carries_sync_and_fields_as_data(reference: Workspace) -> None:
    import json

    from workbench.exporters.spec_json import render_json

    data = json.loads(render_json(reference)["mapping-spec.json"])
    by_id = {m["id"]: m for m in data["mappings"]}
    mapping = reference.mapping("order-sales-order")
    assert mapping is not None and mapping.sync is not None
    assert by_id["order-sales-order"]["sync_detail"] == {
        "direction": mapping.sync.direction.value,
        "trigger": mapping.sync.trigger.value,
        "event": mapping.sync.event,
        "schedule": mapping.sync.schedule,
    }
    curated = [
        (m, fm)
        for m in data["mappings"]
        for fm in m["field_mappings"]
        if fm["target"]["detail"] and fm["target"]["detail"]["picklist"]
    ]
    assert curated, "some target field has picklist values"
    m, fm = curated[0]
    entity = reference.entity(f"{m['target']['system']}:{m['target']['entity']}")
    assert entity is not None
    field = entity.field(fm["target"]["field"])
    assert field is not None and fm["target"]["detail"]["picklist"] == list(field.picklist)


def test_headings_never_skip_a_level(reference: Workspace) -> None:
    from workbench.exporters.design import build_document
    from workbench.exporters.document import Heading

    level = 1
    for block in build_document(reference).blocks:
        if isinstance(block, Heading):
            assert block.level <= level + 1, f"{block.text!r} is h{block.level} after h{level}"
            level = block.level


def test_a_decision_spanning_areas_is_written_out_once_there(reference: Workspace) -> None:
    from workbench.exporters.design_html import render_html

    html = render_html(reference)["design.html"].decode()
    for decision in reference.decisions:
        if decision.outcome:
            start = (
                decision.outcome.split("\n")[0][:60].replace("'", "&#39;").replace('"', "&quot;")
            )
            # At most once in the area sections, and once in the decision log.
            assert html.count(start) <= 2, decision.number


def test_the_inventory_lists_each_systems_relationships(reference: Workspace) -> None:
    text = render_markdown(reference)["design.md"].decode()
    inventory = text[text.index("## Entity inventory") : text.index("## Cross-system map")]
    for system in reference.systems:
        if not system.relationships:
            continue
        caption = f"*Relationships within {escape_markdown(system.display_name)}*"
        assert caption in inventory, caption
        table = inventory[inventory.index(caption) :].split("\n\n")[1]
        rows = table.splitlines()[2:]
        assert len(rows) == len(system.relationships)
    order_items = "| `Order` | `OrderItem` | 1:N | composition | `OrderId` |"
    assert order_items in inventory


def test_a_rejection_that_went_stale_is_still_counted_as_a_rejection(
    reference: Workspace,
) -> None:
    from workbench.domain.decisions import Verdict

    decision = next(
        d for d in reference.decisions if any(s.verdict is Verdict.REJECTED for s in d.signoffs)
    )
    rejecting = next(s.function.value for s in decision.signoffs if s.verdict is Verdict.REJECTED)
    states = {f.value: s for f, s in signoff_states(reference, decision).items()}
    # The decision's text changed since: every sign-off on it is stale.
    stale = dict.fromkeys(states, SignOffState.STALE)
    text = render_markdown(reference, _states(reference, **{f"d{decision.number}": stale}))[
        "design.md"
    ].decode()
    row = next(
        line
        for line in text.splitlines()
        if line.startswith(f"| {decision.number:04d} ") and "stale" in line
    )
    assert "*1 rejected (stale)*" in row, (rejecting, row)
    assert f"*{len(stale) - 1} stale*" in row, row


def test_the_markdown_contents_link_what_the_html_navigation_links(reference: Workspace) -> None:
    import re

    from workbench.exporters.design_html import render_html

    markdown = render_markdown(reference)["design.md"].decode()
    contents = markdown.partition("## Contents\n\n")[2].partition("\n\n")[0]
    linked = re.findall(r"\]\(#([a-z0-9-]+)\)", contents)
    html = render_html(reference)["design.html"].decode()
    navigation = html.partition("<nav")[2].partition("</nav>")[0]
    assert linked and linked == re.findall(r'href="#([a-z0-9-]+)"', navigation)


def test_a_factor_reads_the_same_in_the_document_and_the_spec(reference: Workspace) -> None:
    """A factor written 12.50 read 12.50 in the document and 12.5 in the JSON spec."""
    import json
    from decimal import Decimal

    from workbench.exporters.spec_json import render_json

    uom = reference.value_map("uom")
    assert uom is not None
    entries = tuple(
        e.model_copy(update={"factor": Decimal("12.50")}) if e.source == "Case" else e
        for e in uom.entries
    )
    changed = reference.model_copy(
        update={
            "value_maps": tuple(
                v.model_copy(update={"entries": entries}) if v.id == "uom" else v
                for v in reference.value_maps
            )
        }
    )
    text = render_markdown(changed)["design.md"].decode()
    assert "| `Case` | `PC` | 12.5 |" in text
    assert "12.50" not in text
    spec = json.loads(render_json(changed)["mapping-spec.json"])
    [case] = [
        e
        for v in spec["value_maps"]
        if v["id"] == "uom"
        for e in v["entries"]
        if e["source"] == "Case"
    ]
    assert case["factor"] == "12.5"


def test_each_signoff_record_says_whether_it_still_holds(reference: Workspace) -> None:
    """Decision 0001 was signed twice by each function: the first round on content that changed
    since. Those records are stale in the document, as `decisions show` marks them, though the
    functions' latest approvals stand."""
    from workbench.domain.signoffs import signoff_statuses
    from workbench.services.design_extras import gather_extras

    decision = reference.decision(1)
    assert decision is not None
    held = [status.current for status in signoff_statuses(reference, decision)]
    assert False in held and held[-1], held
    text = render_markdown(reference, gather_extras(reference))["design.md"].decode()
    start = text.index('<a id="decision-1"></a>')
    section = text[start : text.index('<a id="decision-2"></a>')]
    rows = [line for line in section.splitlines() if line.startswith("| ") and " UTC |" in line]
    assert len(rows) == len(held), rows
    for row, current in zip(rows, held, strict=True):
        state = row.split("|")[5].strip()
        assert state == ("*approved*" if current else "*stale*"), row


def test_the_spec_names_the_decisions_that_govern_each_mapping(reference: Workspace) -> None:
    """An implementer reads from the spec alone whether the rules they build were signed off:
    the governing decisions with their state, and the gaps among the open issues."""
    from workbench.domain.edits import put_mapping
    from workbench.domain.mappings import SyncTrigger
    from workbench.exporters.spec import build_spec

    spec = {m.id: m for m in build_spec(reference).mappings}
    contested = spec["amendment-order-change"]
    assert [(d.number, d.status, d.stands) for d in contested.decisions] == [(6, "proposed", False)]
    assert contested.decisions[0].approvals["Finance"] == "rejected"
    assert "decision 0006 is proposed: rejected by Finance; missing IT, Operations" in (
        contested.open_issues
    )
    settled = spec["account-customer"]
    assert [(d.number, d.stands) for d in settled.decisions] == [(1, True), (7, True)]
    assert not any(issue.startswith("decision") for issue in settled.open_issues)

    mapping = reference.mapping("order-item-billing-plan")
    assert mapping is not None and mapping.sync is not None
    changed = mapping.model_copy(
        update={"sync": mapping.sync.model_copy(update={"trigger": SyncTrigger.MANUAL})}
    )
    edited = put_mapping(reference, changed, replacing=changed.id)
    (billing,) = (m for m in build_spec(edited).mappings if m.id == changed.id)
    assert billing.decisions[0].number == 5 and not billing.decisions[0].stands
    assert any(i.startswith("decision 0005 is accepted: stale: ") for i in billing.open_issues)


def test_the_document_lists_what_the_spec_lists_as_open(reference: Workspace) -> None:
    """A mapping without a system of record: the spec's open issues said so, the document's
    "Open" line did not."""
    from workbench.domain.edits import put_mapping

    mapping = reference.mapping("product-plant")
    assert mapping is not None
    unowned = mapping.model_copy(update={"system_of_record": None})
    edited = put_mapping(reference, unowned, replacing=unowned.id)
    section = _mapping_section(render_markdown(edited)["design.md"].decode(), "product-plant")
    line = next(line for line in section.splitlines() if "**Open:**" in line)
    assert "no system of record" in line, line
