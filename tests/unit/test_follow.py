"""The selection follows its element across an edit: renames, undone renames, deletes."""

from __future__ import annotations

from tests.factories import sample_workspace
from workbench.domain import edits
from workbench.domain.workspace import Workspace
from workbench.tui.follow import exists, follow
from workbench.tui.selection import Kind, Selection


def _renamed_entity(ws: Workspace, ref: str, new: str) -> Workspace:
    entity = ws.entity(ref)
    assert entity is not None
    system = ref.partition(":")[0]
    return edits.put_entity(
        ws, system, entity.model_copy(update={"name": new}), replacing=entity.name
    )


def test_an_unchanged_selection_stays() -> None:
    ws = sample_workspace()
    selection = Selection(Kind.ENTITY, "salesforce:Account")
    assert exists(selection, ws) and follow(selection, ws, ws) == selection


def test_a_renamed_entity_and_its_fields_are_followed_and_back_on_undo() -> None:
    before = sample_workspace()
    after = _renamed_entity(before, "salesforce:Account", "Customer__c")
    entity = Selection(Kind.ENTITY, "salesforce:Account")
    assert follow(entity, before, after) == Selection(Kind.ENTITY, "salesforce:Customer__c")
    field = Selection(Kind.FIELD, "salesforce:Account.Name")
    assert follow(field, before, after) == Selection(Kind.FIELD, "salesforce:Customer__c.Name")
    # The undo is the same edit the other way.
    back = Selection(Kind.ENTITY, "salesforce:Customer__c")
    assert follow(back, after, before) == entity


def test_a_renamed_field_is_followed() -> None:
    before = sample_workspace()
    entity = before.entity("salesforce:Account")
    assert entity is not None and entity.field("Name") is not None
    field = entity.field("Name")
    assert field is not None
    after = edits.put_field(
        before, "salesforce:Account", field.model_copy(update={"name": "Title"}), "Name"
    )
    selected = Selection(Kind.FIELD, "salesforce:Account.Name")
    assert follow(selected, before, after) == Selection(Kind.FIELD, "salesforce:Account.Title")


def test_a_deleted_field_leaves_its_entity_selected() -> None:
    before = sample_workspace()
    after = edits.delete_field(before, "salesforce:Account", "Name")
    selected = Selection(Kind.FIELD, "salesforce:Account.Name")
    assert follow(selected, before, after) == Selection(Kind.ENTITY, "salesforce:Account")


def test_a_deleted_mapping_leaves_nothing_selected() -> None:
    before = sample_workspace()
    mapping = before.mappings[0]
    after = edits.delete_mapping(before, mapping.id)
    assert follow(Selection(Kind.MAPPING, mapping.id), before, after) is None


def test_two_renames_at_once_are_not_guessed() -> None:
    before = sample_workspace()
    after = _renamed_entity(
        _renamed_entity(before, "salesforce:Account", "A2"), "salesforce:Opportunity", "O2"
    )
    # Two went and two came: no way to tell which is which; the system holds the place.
    assert follow(Selection(Kind.ENTITY, "salesforce:Account"), before, after) == Selection(
        Kind.SYSTEM, "salesforce"
    )


def test_the_one_element_an_edit_added_is_found() -> None:
    from workbench.domain import Entity, Field, Relationship
    from workbench.tui.follow import appeared

    ws = sample_workspace()
    with_entity = edits.put_entity(ws, "salesforce", Entity(name="Invoice_Header"), None)
    assert appeared(ws, with_entity) == Selection(Kind.ENTITY, "salesforce:Invoice_Header")
    with_field = edits.put_field(ws, "salesforce:Account", Field(name="Rating__c"), None)
    assert appeared(ws, with_field) == Selection(Kind.FIELD, "salesforce:Account.Rating__c")
    relationship = Relationship(name="Account_Cases", parent="Account", child="Order")
    with_rel = edits.put_relationship(ws, "salesforce", relationship, None)
    assert appeared(ws, with_rel) == Selection(Kind.RELATIONSHIP, "salesforce:Account_Cases")
    assert appeared(ws, ws) is None  # nothing added
    both = edits.put_field(with_entity, "salesforce:Account", Field(name="Rating__c"), None)
    assert appeared(ws, both) is None  # two things added: nothing to choose
