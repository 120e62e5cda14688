"""The mirror codec: rendering, lossless parsing, and errors placed on file and line."""

from __future__ import annotations

import pytest

from tests.factories import sample_workspace
from workbench.domain.validation import Severity
from workbench.mirror import canonical, codec, layout, parse, render


def _files() -> dict[str, bytes]:
    return render(sample_workspace())


def _errors(files: dict[str, bytes]) -> list[tuple[str, int, str]]:
    result = parse(files)
    assert result.workspace is None
    return [(i.file, i.line, i.message) for i in result.issues if i.severity is Severity.ERROR]


def test_render_then_parse_is_lossless() -> None:
    files = _files()
    result = parse(files)
    assert result.issues == []
    assert result.workspace == canonical(sample_workspace())
    assert render(result.workspace) == files


def test_the_layout_has_one_file_per_element() -> None:
    assert sorted(_files()) == [
        "decisions/0001-sap-owns-the-customer-master.md",
        "models/mappings/account-customer.yaml",
        "models/mappings/opportunity.yaml",
        "models/mappings/order-item.yaml",
        "models/mappings/order-sales-order.yaml",
        "models/master-data/workshop.yaml",
        "models/product-classes/hardware.yaml",
        "models/product-classes/subscription.yaml",
        "models/reconciliation/open-orders.yaml",
        "models/scenarios/two-plants.yaml",
        "models/stakeholders.yaml",
        "models/systems/s4hana/entities/A_BillingDocument.yaml",
        "models/systems/s4hana/entities/A_Customer.yaml",
        "models/systems/s4hana/entities/A_SalesOrder.yaml",
        "models/systems/s4hana/entities/A_SalesOrderItem.yaml",
        "models/systems/s4hana/system.yaml",
        "models/systems/salesforce/entities/Account.yaml",
        "models/systems/salesforce/entities/Opportunity.yaml",
        "models/systems/salesforce/entities/Order.yaml",
        "models/systems/salesforce/entities/OrderItem.yaml",
        "models/systems/salesforce/system.yaml",
        "models/value-maps/uom.yaml",
        "models/workspace.yaml",
    ]


def test_the_decision_is_madr_markdown() -> None:
    text = _files()["decisions/0001-sap-owns-the-customer-master.md"].decode()
    assert text.startswith("---\nstatus: proposed\ndate: 2026-03-02\ndecision-makers:\n- fiona\n")
    for heading in (
        "# SAP owns the customer master",
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Consequences",
        "## More Information",
    ):
        assert f"\n{heading}\n" in text
    assert "\nsign-offs:\n- stakeholder: fiona\n" in text
    assert "\n* No duplicate customers\n" in text


def test_one_field_change_is_a_one_line_diff() -> None:
    workspace = canonical(sample_workspace())
    before = render(workspace)
    account = workspace.systems[1].entities[0]
    assert account.name == "Account"
    fields = tuple(
        f.model_copy(update={"label": "Customer"}) if f.name == "Name" else f
        for f in account.fields
    )
    system = workspace.systems[1].model_copy(
        update={
            "entities": (
                account.model_copy(update={"fields": fields}),
                *workspace.systems[1].entities[1:],
            )
        }
    )
    after = render(workspace.model_copy(update={"systems": (workspace.systems[0], system)}))
    changed = [path for path in before if before[path] != after[path]]
    assert changed == ["models/systems/salesforce/entities/Account.yaml"]
    old, new = before[changed[0]].decode().splitlines(), after[changed[0]].decode().splitlines()
    assert len(old) == len(new)
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("  label: Account Name", "  label: Customer")
    ]


def _with(path: str, text: str) -> dict[str, bytes]:
    files = _files()
    files[path] = text.encode()
    return files


ACCOUNT = "models/systems/salesforce/entities/Account.yaml"
MAPPING = "models/mappings/account-customer.yaml"


def test_a_wrong_type_names_file_and_line() -> None:
    text = _files()[ACCOUNT].decode().replace("  length: 255\n", "  length: lots\n")
    [(file, line, message)] = _errors(_with(ACCOUNT, text))
    assert file == ACCOUNT
    assert text.splitlines()[line - 1] == "  length: lots"
    assert message.startswith("fields[1].length: lots is not a number")


def test_an_unknown_key_names_its_line() -> None:
    text = _files()[MAPPING].decode() + "colour: blue\n"
    [(file, line, message)] = _errors(_with(MAPPING, text))
    assert (file, message) == (MAPPING, "unknown key 'colour'")
    assert text.splitlines()[line - 1] == "colour: blue"


SCENARIO = "models/scenarios/two-plants.yaml"
_ORDER = "title: T\norder:\n  account: ACME\n  currency: EUR\n  date: 2026-04-01\n  lines:"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # One wrong line: that error only, not also "lines: ... at least 1 item" for the tuple
        # pydantic is left with once the line is dropped.
        (
            "\n  - id: '10'\n    product: HW-100\n    quantity: -2\n",
            [(9, "order.lines[0].quantity: give more than 0")],
        ),
        (
            "\n  - id: '10'\n    product: HW-100\n    quantity: 0\n"
            "  - id: '20'\n    product: HW-200\n    quantity: x\n",
            [
                (9, "order.lines[0].quantity: give more than 0"),
                (12, "order.lines[1].quantity: x is not a number"),
            ],
        ),
        # A list that really is empty still says so.
        (" []\n", [(6, "order.lines: give at least 1")]),
    ],
)
def test_a_wrong_item_is_reported_once_and_an_empty_list_still_is(
    lines: str, expected: list[tuple[int, str]]
) -> None:
    assert _errors(_with(SCENARIO, _ORDER + lines)) == [(SCENARIO, *e) for e in expected]


def test_a_missing_required_key_is_reported() -> None:
    text = _files()[MAPPING].decode().replace("cardinality: 1:N\n", "")
    assert _errors(_with(MAPPING, text)) == [(MAPPING, 1, "missing required key 'cardinality'")]


def test_a_dangling_reference_names_file_and_line() -> None:
    text = _files()[MAPPING].decode().replace("target: s4hana:A_Customer", "target: s4hana:A_Kunde")
    [(file, line, message)] = _errors(_with(MAPPING, text))
    assert file == MAPPING and text.splitlines()[line - 1] == "target: s4hana:A_Kunde"
    assert message == "target s4hana:A_Kunde is not an entity in the model"


def test_a_field_mapping_to_a_missing_field_names_its_line() -> None:
    text = _files()[MAPPING].decode().replace("- target: CustomerName", "- target: CustomerNam")
    [(file, line, message)] = _errors(_with(MAPPING, text))
    assert file == MAPPING
    assert text.splitlines()[line - 1] == "- target: CustomerNam"
    assert "CustomerNam is not a field of s4hana:A_Customer" in message


def test_the_name_comes_from_the_file_name() -> None:
    text = "name: Other\n" + _files()[ACCOUNT].decode()
    [(_, line, message)] = _errors(_with(ACCOUNT, text))
    assert line == 1 and "comes from the file name" in message


def test_files_outside_the_layout_are_errors_but_other_files_are_ignored() -> None:
    files = _files()
    files["models/mappings/Bad Name.yaml"] = b"source: salesforce:Account\n"
    files["models/README.md"] = b"# notes\n"
    files["models/systems/salesforce/entities/.gitkeep"] = b""
    assert _errors(files) == [
        (
            "models/mappings/Bad Name.yaml",
            0,
            "this file is not part of the model layout (see docs/file-formats.md); "
            "move or rename it",
        )
    ]


def test_entity_files_need_their_system_file() -> None:
    files = _files()
    del files["models/systems/s4hana/system.yaml"]
    errors = _errors(files)
    assert errors == [
        (
            "models/systems/s4hana/system.yaml",
            0,
            "entity files exist but models/systems/s4hana/system.yaml does not",
        )
    ]


def test_entities_inside_system_yaml_are_refused() -> None:
    path = "models/systems/s4hana/system.yaml"
    text = _files()[path].decode() + "entities: []\n"
    [(_, _, message)] = _errors(_with(path, text))
    assert "entities belong in their own files" in message


def test_the_workspace_file_is_required_and_versioned() -> None:
    files = _files()
    del files[layout.WORKSPACE_FILE]
    assert _errors(files)[0][2].startswith("missing")
    files = _with(layout.WORKSPACE_FILE, "format: 99\nname: x\n")
    assert _errors(files) == [
        (layout.WORKSPACE_FILE, 1, "format 99 is not supported by this release (it reads format 1)")
    ]


def test_a_broken_decision_front_matter_names_its_line() -> None:
    path = "decisions/0001-sap-owns-the-customer-master.md"
    text = _files()[path].decode().replace("status: proposed", "status: maybe")
    [(file, line, message)] = _errors(_with(path, text))
    assert file == path and text.splitlines()[line - 1] == "status: maybe"
    assert message.startswith("status: maybe is not one of 'proposed'")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("no front matter\n", "starts with '---'"),
        ("---\nstatus: proposed\n", "not closed"),
        ("---\n- a list\n---\n# T\n", "mapping of keys"),
        ("---\ndate: 2026-01-01\n---\nsome text\n", "title"),
        ("---\ndate: 2026-01-01\n---\n# T\nstray text\n", "section heading"),
        ("---\ndate: [unclosed\n---\n# T\n", ""),
    ],
)
def test_malformed_decision_files_are_refused(text: str, fragment: str) -> None:
    path = "decisions/0002-broken.md"
    [(file, line, message)] = _errors(_with(path, text))
    assert file == path and line >= 1 and fragment in message


def test_decision_numbers_come_from_the_file_name_and_must_be_unique() -> None:
    files = _files()
    files["decisions/0001-another-title.md"] = files[
        "decisions/0001-sap-owns-the-customer-master.md"
    ]
    errors = _errors(files)
    assert {message for _, _, message in errors} == {"the decision number is used more than once"}


def test_warnings_do_not_block_a_parse() -> None:
    text = _files()[MAPPING].decode()
    start = text.index("resolution:")
    end = text.index("keys:")
    result = parse(_with(MAPPING, text[:start] + text[end:]))
    assert result.workspace is not None
    [warning] = result.issues
    assert warning.severity is Severity.WARNING and warning.file == MAPPING


def test_issue_strings_read_like_compiler_messages() -> None:
    issue = codec.MirrorIssue(Severity.ERROR, "mapping x", "broken", "models/mappings/x.yaml", 3)
    assert str(issue) == "models/mappings/x.yaml:3: error: mapping x: broken"
