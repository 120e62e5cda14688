"""Check suppressions are part of the model: mirror file, JSON Schema, store, migration, edits."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.factories import downgrade_to_version_1, sample_workspace
from workbench.domain import Workspace, validate_workspace
from workbench.domain.elements import changed_keys, elements, patch
from workbench.domain.suppressions import Suppression
from workbench.mirror import canonical, codec, yamlio
from workbench.mirror.schema import render_schemas
from workbench.services.checks import suppress, unsuppress
from workbench.store import Store

ITEMS = (
    Suppression(
        element="mapping:order-sales-order",
        rules=("Q2C-ERR-006", "Q2C-FIELD-005"),
        reason="Named failures only: SAP returns nothing else for this interface.\n\nAgreed in "
        "the second workshop.",
    ),
    Suppression(
        element="workspace", rules=("Q2C-RECON-001",), reason="Reconciled in the BI layer."
    ),
)


def _with(ws: Workspace, items: tuple[Suppression, ...] = ITEMS) -> Workspace:
    return Workspace.model_validate({**dict(ws), "suppressions": items})


def _sample() -> Workspace:
    ws = sample_workspace()
    mapping = ws.mappings[0].id
    items = (ITEMS[0].model_copy(update={"element": f"mapping:{mapping}"}), ITEMS[1])
    return _with(ws, items)


def test_the_mirror_round_trip_is_lossless() -> None:
    ws = _sample()
    files = codec.render(ws)
    assert "models/checks.yaml" in files
    parsed = codec.parse(files)
    assert parsed.issues == [] and parsed.workspace == canonical(ws)
    assert codec.render(parsed.workspace) == files


def test_no_suppressions_no_file() -> None:
    assert "models/checks.yaml" not in codec.render(sample_workspace())


def test_the_file_validates_against_its_schema() -> None:
    schema = json.loads(render_schemas()["checks.schema.json"])
    document = yamlio.load(codec.render(_sample())["models/checks.yaml"].decode())
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"suppressions": [{"element": "workspace", "rules": ["X"]}]}, schema)


def test_a_bad_entry_is_reported_at_its_line() -> None:
    files = dict(codec.render(_sample()))
    files["models/checks.yaml"] = (
        b"suppressions:\n- element: workspace\n  rules:\n  - Q2C-RECON-001\n  reason: ''\n"
    )
    result = codec.parse(files)
    assert result.workspace is None
    assert [(i.file, i.line) for i in result.errors] == [("models/checks.yaml", 5)]
    assert "reason" in result.errors[0].message


def test_unknown_keys_are_refused() -> None:
    files = dict(codec.render(_sample()))
    files["models/checks.yaml"] = b"suppressions: []\nseverity: {}\n"
    result = codec.parse(files)
    assert [(i.line, i.message) for i in result.errors] == [(2, "unknown key 'severity'")]


def test_two_entries_for_one_element_are_an_error() -> None:
    twice = (ITEMS[1], ITEMS[1].model_copy(update={"rules": ("Q2C-RECON-002",)}))
    errors = [
        i for i in validate_workspace(_with(sample_workspace(), twice)) if i.severity == "error"
    ]
    assert [e.location.path for e in errors] == [
        ("suppressions", 0, "element"),
        ("suppressions", 1, "element"),
    ]


def test_an_element_that_does_not_exist_is_a_warning() -> None:
    gone = (ITEMS[0].model_copy(update={"element": "mapping:gone"}),)
    issues = validate_workspace(_with(sample_workspace(), gone))
    assert [(i.severity, i.message) for i in issues if "suppression" in i.element] == [
        ("warning", "mapping:gone points at nothing in the model")
    ]


def test_the_model_refuses_malformed_entries() -> None:
    with pytest.raises(ValidationError):
        Suppression(element="mapping:x", rules=(), reason="r")
    with pytest.raises(ValidationError):
        Suppression(element="mapping:x", rules=("Q2C-A-1",), reason="r")
    with pytest.raises(ValidationError):
        Suppression(element="nothing", rules=("Q2C-ERR-001",), reason="r")
    with pytest.raises(ValidationError):
        Suppression(element="mapping:x", rules=("Q2C-ERR-001", "Q2C-ERR-001"), reason="r")


def test_undo_sees_the_suppressions_as_one_element() -> None:
    before = sample_workspace()
    after = _with(before)
    assert changed_keys(before, after) == {("checks",)}
    assert patch(before, {("checks",): elements(after)[("checks",)]}) == after


def test_suppress_and_unsuppress() -> None:
    ws = suppress(sample_workspace(), "Q2C-ERR-006", "workspace", "first")
    ws = suppress(ws, "Q2C-RECON-001", "workspace", "second")
    assert ws.suppressions == (
        Suppression(element="workspace", rules=("Q2C-ERR-006", "Q2C-RECON-001"), reason="second"),
    )
    ws = unsuppress(ws, "Q2C-ERR-006", "workspace")
    assert ws.suppressions[0].rules == ("Q2C-RECON-001",)
    assert unsuppress(ws, "Q2C-RECON-001", "workspace").suppressions == ()


def test_the_store_round_trip(store: Store) -> None:
    ws = canonical(_sample())
    store.commit(None, ws)
    assert store.load().workspace == ws
    fewer = _with(ws, ITEMS[1:])
    snapshot = store.load()
    store.commit(snapshot, fewer)
    assert store.load().workspace == fewer


def test_a_version_1_database_can_hold_suppressions_after_migrating(store_url: str) -> None:
    opened = Store.open(store_url)
    with opened.connection() as conn:
        downgrade_to_version_1(conn)
        conn.commit()
    opened.close()
    migrated = Store.open(store_url)
    migrated.commit(None, canonical(_sample()))
    assert migrated.load().workspace == canonical(_sample())
    migrated.close()


_rule_ids = st.from_regex(r"\AQ2C-[A-Z]{2,8}-[0-9]{3}\Z")
_reasons = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() != "")


@given(
    st.lists(
        st.tuples(st.lists(_rule_ids, min_size=1, max_size=3, unique=True), _reasons), max_size=4
    )
)
def test_any_suppressions_survive_the_mirror(entries: list[tuple[list[str], str]]) -> None:
    items = tuple(
        Suppression(element=f"reconciliation:m{n}", rules=tuple(ids), reason=reason)
        for n, (ids, reason) in enumerate(entries)
    )
    ws = _with(sample_workspace(), items)
    parsed = codec.parse(codec.render(ws))
    assert parsed.workspace is not None
    assert parsed.workspace.suppressions == ws.suppressions


def test_renaming_an_entity_carries_its_suppression_and_deleting_it_drops_it() -> None:
    from workbench.domain import edits

    ws = sample_workspace()
    system, entity = ws.systems[0], ws.systems[0].entities[0]
    ref = f"{system.name}:{entity.name}"
    ws = suppress(ws, "Q2C-MODEL-001", f"entity:{ref}", "kept on its own side")
    renamed = edits.put_entity(
        ws, system.name, entity.model_copy(update={"name": "Renamed"}), entity.name
    )
    assert [s.element for s in renamed.suppressions] == [f"entity:{system.name}:Renamed"]
    gone = edits.delete_entity(renamed, f"{system.name}:Renamed")
    assert gone.suppressions == ()
