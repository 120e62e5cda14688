"""An element as the text of its mirror file: the same bytes as the mirror, read back by the same
parser, with errors by line; putting it back changes that element and nothing else."""

from __future__ import annotations

import pytest

from tests.factories import sample_workspace
from workbench.domain import Cardinality
from workbench.domain.edits import EditError
from workbench.domain.elements import changed_keys
from workbench.mirror import render
from workbench.services.element_text import TextError, parse_text, text_of, with_element


def test_the_text_is_the_mirror_file() -> None:
    ws = sample_workspace()
    mapping = ws.mappings[0]
    found = text_of(ws, ("mapping", mapping.id))
    assert found is not None
    assert found.text.encode() == render(ws)[found.path]
    assert parse_text(found.path, found.text) == (("mapping", mapping.id), mapping)


def test_entities_and_bare_systems_have_their_files_too() -> None:
    ws = sample_workspace()
    system = ws.systems[0]
    entity = system.entities[0]
    entity_text = text_of(ws, ("entity", f"{system.name}:{entity.name}"))
    system_text = text_of(ws, ("system", system.name))
    assert entity_text is not None and system_text is not None
    assert parse_text(entity_text.path, entity_text.text)[1] == entity
    assert "entities" not in system_text.text
    key, bare = parse_text(system_text.path, system_text.text)
    assert key == ("system", system.name) and bare.entities == ()
    # Putting a bare system back keeps its entities.
    assert with_element(ws, key, bare) == ws


def test_an_edited_text_changes_that_element_only() -> None:
    ws = sample_workspace()
    mapping = next(m for m in ws.mappings if m.cardinality is Cardinality.ONE_TO_MANY)
    found = text_of(ws, ("mapping", mapping.id))
    assert found is not None
    key, value = parse_text(found.path, found.text.replace("cardinality: 1:N", "cardinality: N:M"))
    after = with_element(ws, key, value)
    assert after.mapping(mapping.id).cardinality is Cardinality.MANY_TO_MANY  # type: ignore[union-attr]
    assert changed_keys(ws, after) == {("mapping", mapping.id)}


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (lambda t: t + "cardinality: [\n", None, ""),  # YAML that does not parse
        (lambda t: t.replace("cardinality: 1:N", "cardinality: 7:7"), "cardinality", "cardinality"),
        (lambda t: "id: renamed\n" + t, "id", "the id comes from the file name"),
        (lambda t: t + "colour: blue\n", "colour", "colour"),
    ],
)
def test_a_text_with_errors_is_refused_with_the_line(change, line, message) -> None:  # type: ignore[no-untyped-def]
    ws = sample_workspace()
    mapping = next(m for m in ws.mappings if m.cardinality is Cardinality.ONE_TO_MANY)
    found = text_of(ws, ("mapping", mapping.id))
    assert found is not None
    text = change(found.text)
    with pytest.raises(TextError) as caught:
        parse_text(found.path, text)
    issue = caught.value.issues[0]
    assert issue.file == found.path and issue.line > 0
    if line is not None:
        assert text.splitlines()[issue.line - 1].startswith(line)
    assert message in issue.message


def test_a_system_file_cannot_take_entities() -> None:
    ws = sample_workspace()
    system = ws.systems[0]
    found = text_of(ws, ("system", system.name))
    assert found is not None
    with pytest.raises(TextError, match="entities belong in their own files"):
        parse_text(found.path, found.text + "entities: []\n")


def test_only_elements_with_a_yaml_file_of_their_own() -> None:
    ws = sample_workspace()
    assert text_of(ws, ("workspace",)) is None
    assert text_of(ws, ("decision", str(ws.decisions[0].number))) is None
    assert text_of(ws, ("mapping", "no-such-mapping")) is None
    with pytest.raises(TextError, match="not a file that can be edited as text"):
        parse_text("models/workspace.yaml", "name: x\n")


def test_an_element_deleted_meanwhile_is_not_brought_back() -> None:
    ws = sample_workspace()
    mapping = ws.mappings[0]
    with pytest.raises(EditError, match="no longer in the model"):
        with_element(ws, ("mapping", "gone-meanwhile"), mapping)


def test_the_stakeholders_are_one_text_and_a_broken_entry_names_its_line() -> None:
    ws = sample_workspace()
    found = text_of(ws, ("stakeholders",))
    assert found is not None and found.path == "models/stakeholders.yaml"
    key, people = parse_text(found.path, found.text)
    assert key == ("stakeholders",) and people == ws.stakeholders
    added = found.text + "- id: new-person\n  name: New Person\n  function: Finance\n"
    after = with_element(ws, *parse_text(found.path, added))
    assert [p.id for p in after.stakeholders][-1] == "new-person"
    broken = found.text + "- id: no-name\n  colour: blue\n"
    with pytest.raises(TextError) as caught:
        parse_text(found.path, broken)
    lines = broken.splitlines()
    assert any(lines[i.line - 1].strip().startswith("colour") for i in caught.value.issues)


def test_a_workspace_without_stakeholders_starts_from_an_empty_text() -> None:
    from workbench.domain.edits import revise

    ws = revise(sample_workspace(), stakeholders=(), decisions=())
    found = text_of(ws, ("stakeholders",))
    assert found is not None and found.text == ""
    key, people = parse_text(found.path, "- id: ann\n  name: Ann Lee\n  function: IT\n")
    assert with_element(ws, key, people).stakeholders[0].name == "Ann Lee"


def test_a_new_element_starts_from_a_copy_of_the_first_of_its_kind() -> None:
    from workbench.services.element_text import text_for_new

    ws = sample_workspace()
    first = ws.product_classes[0]
    found = text_for_new(ws, "product-class", "usage-based")
    assert found.path == "models/product-classes/usage-based.yaml"
    key, value = parse_text(found.path, found.text)
    assert key == ("product-class", "usage-based")
    assert value == first.model_copy(update={"id": "usage-based"})
    after = with_element(ws, key, value, new=True)
    assert [p.id for p in after.product_classes][-1] == "usage-based"
    with pytest.raises(EditError, match="exists already"):
        with_element(after, key, value, new=True)


def test_a_new_element_without_an_example_starts_blank_and_the_id_must_name_a_file() -> None:
    from workbench.domain.edits import revise
    from workbench.services.element_text import text_for_new

    ws = revise(sample_workspace(), reconciliation=())
    found = text_for_new(ws, "reconciliation", "open-items")
    assert parse_text(found.path, found.text)[1].kind == "other"
    for bad in ("Open Items", "../escape", "-dash", ""):
        with pytest.raises(EditError, match="cannot be an id"):
            text_for_new(ws, "reconciliation", bad)
    with pytest.raises(EditError, match="exists already"):
        text_for_new(sample_workspace(), "product-class", sample_workspace().product_classes[0].id)
    with pytest.raises(EditError, match="not added as text"):
        text_for_new(ws, "mapping", "new-one")
