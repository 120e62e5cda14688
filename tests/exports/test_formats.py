"""Every format read back by a real client: openpyxl, a CommonMark parser, Graphviz, jsonschema,
headless Chromium; the hostile fixture proves the escaping in each."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from markdown_it import MarkdownIt

from tests.conftest import REPO_ROOT
from tests.exports.conftest import require_program
from tests.exports.hostile import FORMULA, HOSTILE_STRINGS, SCRIPT, hostile_workspace
from tests.factories import sample_workspace
from workbench.domain.signoffs import SignOffState
from workbench.domain.workspace import Workspace
from workbench.exporters import spec_json
from workbench.exporters.design import build_document
from workbench.exporters.design_markdown import render_markdown
from workbench.exporters.diagram import Problem, build_drawing
from workbench.exporters.diagram_dot import render_dot
from workbench.exporters.diagram_mermaid import render_mermaid
from workbench.exporters.document import Heading
from workbench.exporters.extras import DocumentExtras, FindingRow, ScenarioRow
from workbench.exporters.spec_csv import render_csv
from workbench.exporters.spec_xlsx import render_xlsx
from workbench.services.exporting import render_files
from workbench.services.graphviz import render_with_dot


def _xlsx(workspace: Workspace) -> openpyxl.Workbook:
    data = render_xlsx(workspace)["mapping-spec.xlsx"]
    return openpyxl.load_workbook(io.BytesIO(data))


# -- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_reference_workbook(reference: Workspace) -> None:
    book = _xlsx(reference)
    fixed = [
        "Overview",
        "Systems",
        "Relationships",
        "Rules",
        "Keys",
        "Error handling",
        "Value maps",
    ]
    assert book.sheetnames[: len(fixed)] == fixed
    assert len(book.sheetnames) == len(fixed) + len(reference.mappings) + len(reference.value_maps)
    overview = book["Overview"]
    header = [c.value for c in overview[1]]
    assert header[:3] == ["Mapping", "Title", "Area"] and "Cardinality" in header
    assert overview.freeze_panes == "A2"
    assert overview.auto_filter.ref == f"A1:O{len(reference.mappings) + 1}"
    assert header[-1] == "Open issues"
    rows = {row[0]: row for row in overview.iter_rows(min_row=2, values_only=True)}
    known = rows["account-customer"]
    assert known[3:9] == ("salesforce", "Account", "s4hana", "A_Customer", "1:N", "s4hana")
    fields = header.index("Field mappings")
    assert isinstance(known[fields], int | float) and known[fields] > 0  # a number, not text
    assert known[header.index("Rules")] == "resolution"

    # Every rule in words, and the reasons and notes, have a sheet of their own.
    rules = {(row[0], row[1]): row for row in book["Rules"].iter_rows(min_row=2, values_only=True)}
    bundle = rules[("bundle-package-explosion", "bundle")]
    assert "one ERP line per component; price allocation fixed-share" in bundle[2]
    assert "2 x EDGE-PSU-650, share 0.3" in bundle[2]
    resolution = rules[("account-customer", "resolution")]
    assert resolution[2].startswith("match on ")
    no_counterpart = next(m for m in reference.mappings if m.reason)
    assert rules[(no_counterpart.id, "no counterpart")][3] == no_counterpart.reason
    keys = list(book["Keys"].iter_rows(min_row=2, values_only=True))
    order = next(m for m in reference.mappings if m.id == "order-sales-order")
    assert [(k[1], k[2], k[3]) for k in keys if k[0] == order.id] == [
        (k.source_field, k.target_field, k.description or None) for k in order.keys
    ]
    # Every relationship within a system, by system then name.
    relationships = list(book["Relationships"].iter_rows(min_row=2, values_only=True))
    expected = sorted(
        (s.name, r.name, r.parent, r.child, r.cardinality.value, r.kind.value)
        for s in reference.systems
        for r in s.relationships
    )
    assert expected and sorted(row[:6] for row in relationships) == expected
    order_items = next(row for row in relationships if row[2:4] == ("Order", "OrderItem"))
    assert order_items[5] == "composition" and order_items[6] == "OrderId"
    uom = next(v for v in reference.value_maps if v.id == "uom")
    vm = book["vm uom"]
    assert vm["A1"].value == f"uom: {uom.title}"
    facts = {vm.cell(r, c).value: vm.cell(r, c + 1).value for r in (2, 3) for c in (1, 3)}
    assert facts["Description"] == uom.description
    entries = list(vm.iter_rows(min_row=6, values_only=True))
    assert [c.value for c in vm[5]][:2] == ["Source value", "Target value"]
    assert len(entries) == len(uom.entries) + 1  # and what a value not listed becomes
    if uom.default is not None:
        assert entries[-1][:2] == ("(any other)", uom.default)
    else:
        assert facts["Values not listed"] == "an error (no default)"
        assert entries[-1][0] == "(any other)" and "error" in entries[-1][3]
    factors = [row[2] for row in entries if row[2]]
    assert factors and all(isinstance(f, int | float) for f in factors)
    # The value maps' index: one row each, linked to its sheet, with the mappings using it.
    index = {row[0]: row for row in book["Value maps"].iter_rows(min_row=2, values_only=True)}
    assert set(index) == {v.id for v in reference.value_maps}
    users = sorted(
        {m.id for m in reference.mappings for fm in m.field_mappings if fm.value_map == "uom"}
    )
    assert users and index["uom"][6] == ", ".join(users)
    assert index["uom"][4] == len(uom.entries)
    assert book["Value maps"]["A2"].hyperlink is not None
    assert overview["A2"].hyperlink is not None  # the mapping id links to its sheet

    # A key's description is beside it in the facts: a composite key is not plain equality.
    order_sheet = book["order-sales-order"]
    keys_cell = next(
        order_sheet.cell(r, c + 1).value
        for r in (2, 3)
        for c in (1, 3, 5, 7)
        if order_sheet.cell(r, c).value == "Keys"
    )
    described = next(k for k in order.keys if k.description)
    assert f"{described.source_field} = {described.target_field} ({described.description})" in (
        keys_cell
    )

    sheet = book["account-customer"]
    assert sheet.freeze_panes == "A6"
    assert [c.value for c in sheet[5]][:4] == [
        "Source field",
        "Source type",
        "Target field",
        "Target type",
    ]
    first = [c.value for c in sheet[6]]
    assert first[0] == "ERP_Business_Partner__c" and first[2] == "Customer"
    assert first[7] == "yes" and first[8] == "s4hana"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A5:J")
    assert sheet.column_dimensions["A"].width > 8
    assert "vm uom" in book.sheetnames
    assert book.properties.created is not None and book.properties.created.year == 2000


def test_xlsx_is_byte_identical_and_well_formed(reference: Workspace) -> None:
    first = render_xlsx(reference)["mapping-spec.xlsx"]
    assert first == render_xlsx(reference)["mapping-spec.xlsx"]
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_xlsx_says_where_text_too_long_for_a_cell_was_cut(reference: Workspace) -> None:
    # A cell holds 32,767 characters; a longer note must not lose its end without a word.
    mapping = next(m for m in reference.mappings if m.field_mappings)
    note = "Pasted requirement. " * 2000 + "THE LAST SENTENCE"
    first = mapping.field_mappings[0].model_copy(update={"notes": note})
    changed = mapping.model_copy(update={"field_mappings": (first, *mapping.field_mappings[1:])})
    ws = reference.model_copy(
        update={"mappings": tuple(changed if m.id == mapping.id else m for m in reference.mappings)}
    )
    book = _xlsx(ws)
    cells = [
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str) and value.startswith("Pasted requirement.")
    ]
    assert len(cells) == 1
    assert len(cells[0]) == 32_767
    assert cells[0].endswith("the full text is in the CSV and JSON spec]")
    assert "THE LAST SENTENCE" in b"".join(render_csv(ws).values()).decode()


def test_xlsx_opens_in_libreoffice_calc(reference: Workspace, tmp_path: Path) -> None:
    """A real spreadsheet program reads every sheet: LibreOffice Calc, headless, converts each
    one to CSV (a workbook it had to repair or could not read would not convert)."""
    soffice = require_program("soffice", "libreoffice-calc-nogui")
    book = tmp_path / "mapping-spec.xlsx"
    book.write_bytes(render_xlsx(reference)["mapping-spec.xlsx"])
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            every_sheet,
            "--outdir",
            str(tmp_path / "csv"),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sheets = sorted((tmp_path / "csv").glob("*.csv"))
    assert len(sheets) == len(_xlsx(reference).sheetnames)
    overview = (tmp_path / "csv" / "mapping-spec-Overview.csv").read_text("utf-8")
    assert "account-customer,Account to SAP customers" in overview
    assert ",Account,s4hana,A_Customer,1:N,s4hana," in overview


def test_xlsx_neutralises_formulas() -> None:
    book = _xlsx(hostile_workspace())
    sheet = book["evil-mapping"]
    values = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
    for text in (FORMULA, "@SUM(A1:A9)", "-2+3"):
        cell = values[text]
        assert cell.data_type == "s", text  # stored as a string, never a formula
        assert cell.quotePrefix, text  # and marked as typed-in text
    assert SCRIPT in values  # text stays the user's text
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


# -- CSV ---------------------------------------------------------------------------------------------


def test_csv_overview_and_mapping_files(reference: Workspace) -> None:
    files = render_csv(reference)
    overview = list(csv.reader(io.StringIO(files["csv/overview.csv"].decode("utf-8-sig"))))
    assert overview[0][0] == "Mapping" and len(overview) == len(reference.mappings) + 1
    rows = list(
        csv.reader(io.StringIO(files["csv/mappings/account-customer.csv"].decode("utf-8-sig")))
    )
    assert rows[0][0] == "Source field" and rows[1][0] == "ERP_Business_Partner__c"
    assert "csv/value-maps/uom.csv" in files

    def table(name: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(files[f"csv/{name}.csv"].decode("utf-8-sig"))))

    by_side = sorted(reference.systems, key=lambda s: (s.effective_side.value, s.name))
    assert [row[0] for row in table("systems")[1:]] == [s.name for s in by_side]
    rules = table("rules")
    assert rules[0] == ["Mapping", "Rule", "What it says", "Description"]
    assert ["bundle-package-explosion", "bundle"] in [row[:2] for row in rules]
    policies = sum(len(m.error_policy) for m in reference.mappings)
    assert len(table("error-handling")) == policies + 1
    assert len(table("keys")) == sum(len(m.keys) for m in reference.mappings) + 1


def test_csv_neutralises_formulas() -> None:
    files = render_csv(hostile_workspace())
    text = files["csv/mappings/evil-mapping.csv"].decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + FORMULA in cells and "'@SUM(A1:A9)" in cells and "'-2+3" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    value_map = files["csv/value-maps/evil-values.csv"].decode("utf-8-sig")
    assert "'+1" in value_map and "'" + FORMULA.replace('"', '""') in value_map


# -- JSON and YAML -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "workspace", [sample_workspace(), hostile_workspace()], ids=["sample", "hostile"]
)
def test_json_follows_its_schema(workspace: Workspace) -> None:
    from workbench.mirror import yamlio

    schema = spec_json.spec_schema()
    data = json.loads(spec_json.render_json(workspace)[spec_json.JSON_FILE])
    jsonschema.validate(data, schema)
    as_yaml = yamlio.load(spec_json.render_yaml(workspace)[spec_json.YAML_FILE].decode())
    assert as_yaml == data
    evil = {m["id"]: m for m in data["mappings"]}.get("evil-mapping")
    if evil:
        assert evil["title"] == SCRIPT and evil["field_mappings"][0]["transform"] == FORMULA


def test_published_schema_is_current() -> None:
    shipped = REPO_ROOT / "docs/schema/exports" / spec_json.SCHEMA_FILE
    assert shipped.read_bytes() == spec_json.render_schema(), (
        "run `python -m workbench.exporters.spec_json docs/schema/exports`"
    )


# -- Markdown ----------------------------------------------------------------------------------------

SECTIONS = (
    "Scope and systems",
    "Entity inventory",
    "Cross-system map",
    "Customer-master strategy",
    "Product-master strategy",
    "Order split and fulfilment",
    "Bundles",
    "Billing and recognition timing",
    "Amendment flow",
    "Error handling matrix",
    "Reconciliation report specification",
    "Decision log",
    "Open findings",
    "Scenario results",
)


def _markdown_tokens(text: str) -> list[object]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def _headings(tokens: list[object]) -> list[str]:
    found = []
    for index, token in enumerate(tokens):
        if getattr(token, "type", "") == "heading_open" and getattr(token, "tag", "") == "h2":
            found.append(getattr(tokens[index + 1], "content", ""))
    return found


def test_markdown_parses_with_sections_tables_and_diagrams(reference: Workspace) -> None:
    text = render_markdown(reference)["design.md"].decode()
    tokens = _markdown_tokens(text)
    headings = [h.replace("\\", "") for h in _headings(tokens)]
    for section in SECTIONS:
        assert section in headings
    tables = [t for t in tokens if getattr(t, "type", "") == "table_open"]
    assert len(tables) > 10
    fences = [t for t in tokens if getattr(t, "type", "") == "fence"]
    assert fences and all(getattr(f, "info", "") == "mermaid" for f in fences)
    assert getattr(fences[0], "content", "").startswith("flowchart LR")
    assert "(`mapping-spec.xlsx`, `mapping-spec.json`)" in text  # pieces keep their spaces
    # the table of contents links resolve to explicit anchors
    for anchor in re.findall(r"\]\(#([a-z0-9-]+)\)", text):
        assert f'<a id="{anchor}"></a>' in text


def test_markdown_escapes_hostile_text() -> None:
    text = render_markdown(hostile_workspace())["design.md"].decode()
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="http://x">' not in html  # the fake link stays text
    # every table row keeps its column count: pipes in user text do not split cells
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        columns = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert row.count("<td") == columns, row
    assert "|pipe|" in html  # and the pipes are still there, as text


# -- Diagrams ----------------------------------------------------------------------------------------


def test_dot_parses_and_colours_problems() -> None:
    dot = require_program("dot", "graphviz")
    workspace = hostile_workspace()
    drawing = build_drawing(workspace)
    problems = {n.ref: n.problems for c in drawing.clusters for n in c.nodes}
    assert Problem.UNMAPPED in problems["s4hana:A_BillingDocument"]
    assert problems["salesforce:Opportunity"] == ()  # deliberately no counterpart
    edges = {e.mapping: e.problems for e in drawing.edges}
    assert edges["evil-mapping"] == (Problem.NO_OWNER, Problem.INCOMPLETE)
    assert edges["order-item"] == (Problem.NO_OWNER,)
    source = render_dot(drawing, workspace.title)
    assert "#C62828" in source and "#E65100" in source and "style=dashed" in source
    done = subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    svg = done.stdout.decode()
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "HYPERLINK" in svg


def test_the_dot_key_lists_what_the_drawing_uses_and_nothing_else() -> None:
    """The key listed "no owner" and "incomplete rules" on a drawing with neither, and had no
    entry for the dashed grey box of an entity decided to have no counterpart."""
    from workbench.domain import edits

    workspace = hostile_workspace()
    source = render_dot(build_drawing(workspace), workspace.title)
    key = source[source.index("cluster_legend") :]
    assert "unmapped entity" in key and "no counterpart (decided)" in key
    assert "no owner" in key and "incomplete rules" in key
    # The same model with every mapping owned and complete: those two leave the key.
    owned = workspace
    for mapping in workspace.mappings:
        owned = edits.put_mapping(
            owned, mapping.model_copy(update={"system_of_record": "salesforce"}), mapping.id
        )
    drawing = build_drawing(owned)
    assert all(Problem.NO_OWNER not in edge.problems for edge in drawing.edges)
    key = render_dot(drawing, owned.title).partition("cluster_legend")[2]
    assert "no owner" not in key
    assert ("incomplete rules" in key) == any(
        Problem.INCOMPLETE in edge.problems for edge in drawing.edges
    )


def test_dot_missing_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.services.graphviz.dot_program", lambda: None)
    rendered = render_with_dot("digraph {}", "svg")
    assert rendered.data is None and "graphviz" in rendered.problem
    files, messages = render_files(sample_workspace(), ("svg", "png", "html"))
    assert "diagrams/workspace.dot" in files and "diagrams/workspace.svg" not in files
    assert len(messages) == 1 and "apt-get install graphviz" in messages[0]
    assert b"Diagram not drawn" in files["design.html"]


def test_mermaid_escapes_labels() -> None:
    text = render_mermaid(build_drawing(hostile_workspace()))
    assert text.startswith("flowchart LR\n")
    assert "<script>" not in text and '"quote"' not in text
    assert "#60;script#62;" in text


# -- the document's content and extension points ----------------------------------------------------


def test_document_says_not_run_without_extras(reference: Workspace) -> None:
    text = render_markdown(reference)["design.md"].decode()
    assert text.count("*not run*") >= 3  # schedules, findings, scenarios


def test_document_renders_extras() -> None:
    workspace = sample_workspace()
    number = workspace.decisions[0].number
    extras = DocumentExtras(
        findings=(
            FindingRow(
                "unmapped-entity", "warning", "entity:s4hana:A_BillingDocument", "no mapping"
            ),
        ),
        scenario_results=(ScenarioRow(workspace.scenarios[0].id, "fail", detail="split wrong"),),
        signoff_states={number: {"Finance": SignOffState.STALE, "Sales": SignOffState.MISSING}},
        signoff_current={number: (False,) * len(workspace.decisions[0].signoffs)},
    )
    text = render_markdown(workspace, extras)["design.md"].decode()
    assert "unmapped\\-entity" in text or "unmapped-entity" in text
    assert "split wrong" in text and "*fail*" in text
    assert "*stale*" in text and "*missing*" in text
    document = build_document(workspace, extras)
    assert any(isinstance(b, Heading) and b.text == "Open findings" for b in document.blocks)


# -- HTML in a real browser --------------------------------------------------------------------------


def _chromium(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    program = require_program("chromium", "chromium")
    return subprocess.run(
        [
            program,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _html_files(workspace: Workspace) -> bytes:
    files, _ = render_files(workspace, ("html",))
    return files["design.html"]


def test_html_loads_in_chromium_with_headings_and_diagrams(
    tmp_path: Path, reference: Workspace
) -> None:
    require_program("dot", "graphviz")
    page = tmp_path / "design.html"
    page.write_bytes(_html_files(reference))
    done = _chromium(tmp_path, page, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    for section in SECTIONS:
        assert f">{section}</h2>" in dom, section
    assert dom.count("<svg") >= 2 and 'class="node"' in dom
    assert 'nav class="toc"' in dom
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    assert "<script" not in page.read_text()


def test_html_escapes_hostile_text_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "design.html"
    page.write_bytes(_html_files(hostile_workspace()))
    text = page.read_text()
    assert "<script" not in text
    done = _chromium(tmp_path, page, "--dump-dom")
    assert done.returncode == 0
    assert "<script" not in done.stdout  # nothing became an element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in done.stdout
    assert not [line for line in done.stderr.splitlines() if "Uncaught" in line]


def test_every_format_carries_hostile_text_safely() -> None:
    files, _ = render_files(hostile_workspace())
    for path, data in files.items():
        if path.endswith((".xlsx", ".png")):
            continue
        text = data.decode("utf-8-sig")
        if path.endswith((".html", ".svg", ".md")):
            assert "<script>" not in text, path
        if path.endswith(".csv"):
            assert not re.search(r'(^|,)"?[=+\-@]', text, re.M), path
    assert all(s for s in HOSTILE_STRINGS)


def test_timing_difference_of_product_classes(reference: Workspace) -> None:
    from workbench.domain import BillingRule, ProductClass, RecognitionRule
    from workbench.exporters.design import timing_gap

    gaps = {pc.id: timing_gap(pc) for pc in reference.product_classes}
    assert gaps["hardware"] == "billed before earned: deferred revenue until shipment"
    assert gaps["perpetual-software"] == "same event: no timing difference"
    assert gaps["professional-services"].startswith("earned before billed")
    late = ProductClass(
        id="late",
        billing=BillingRule(timing="at-acceptance"),
        recognition=RecognitionRule(method="point-in-time", event="shipment"),
    )
    assert timing_gap(late) == "earned before billed: unbilled revenue until acceptance"
    assert timing_gap(ProductClass(id="open")) == "not decided"


def test_html_never_scrolls_sideways_at_a_laptop_width(
    tmp_path: Path, reference: Workspace
) -> None:
    """Wide tables scroll in their own box; the page itself fits 1280 pixels."""
    require_program("dot", "graphviz")
    (tmp_path / "design.html").write_bytes(_html_files(reference))
    probe = tmp_path / "probe.html"
    probe.write_text(
        '<!doctype html><body style="margin:0"><iframe id="d" src="design.html" '
        'style="width:1280px;height:900px;border:0" '
        'onload="var e=this.contentDocument.documentElement;'
        "document.title='widths '+e.scrollWidth+' '+e.clientWidth\"></iframe>",
        "utf-8",
    )
    done = _chromium(
        tmp_path,
        probe,
        "--allow-file-access-from-files",
        "--window-size=1400,1000",
        "--virtual-time-budget=5000",
        "--dump-dom",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r"<title>widths (\d+) (\d+)</title>", done.stdout)
    assert found, done.stdout[:500]
    scroll_width, client_width = int(found.group(1)), int(found.group(2))
    assert 1200 < client_width <= 1280  # less the vertical scroll bar
    assert scroll_width <= client_width, f"the page is {scroll_width} px wide at 1280"


def test_only_numbers_a_spreadsheet_holds_exactly_are_written_as_numbers() -> None:
    from workbench.exporters.spec_xlsx import _is_number

    assert _is_number("12") and _is_number("0.001")
    assert not _is_number("1E+400")  # would be infinity
    assert not _is_number("0.1234567890123456789")  # more digits than a double keeps
    assert not _is_number("kg")


def test_html_holds_every_id_once_though_each_diagram_numbers_its_nodes(
    reference: Workspace,
) -> None:
    """Graphviz names every drawing's parts node1, edge1…: inlined as they are, six diagrams
    put 45 ids on the page several times (invalid HTML; a link to one goes to the first)."""
    import re
    from collections import Counter

    require_program("dot", "graphviz")
    page = _html_files(reference).decode()
    ids = Counter(re.findall(r'\bid="([^"]*)"', page))
    assert page.count("<svg") >= 2
    assert [name for name, count in ids.items() if count > 1] == []
    referred = set(re.findall(r'(?:url\(#|href="#)([^")]*)', page))
    assert referred <= set(ids), sorted(referred - set(ids))[:5]


def test_the_schema_refuses_a_document_of_another_format_or_version() -> None:
    schema = spec_json.spec_schema()
    data = json.loads(spec_json.render_json(sample_workspace())[spec_json.JSON_FILE])
    jsonschema.validate(data, schema)
    for broken in (
        {k: v for k, v in data.items() if k != "format"},
        {**data, "version": 99},
        {**data, "format": "something-else"},
        {
            **data,
            "mappings": [{k: v for k, v in data["mappings"][0].items() if k != "open_issues"}],
        },
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
