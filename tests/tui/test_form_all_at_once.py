"""A form shows every problem at one save: the model's refusals of the fields that read, beside
those that do not read at all (a save per problem wears a workshop out)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.services.session import Session
from workbench.tui.controller import Controller
from workbench.tui.forms.systems import field_form

ENTITY = "s4hana:A_SalesOrder"


@pytest.fixture
def controller(reference: Path) -> Iterator[Controller]:
    session, _ = Session.open(reference)
    assert session is not None
    try:
        yield Controller(session)
    finally:
        session.close()


def _two_fields(controller: Controller) -> tuple[str, str]:
    entity = controller.workspace.entity(ENTITY)
    assert entity is not None and len(entity.fields) >= 2
    return entity.fields[0].name, entity.fields[1].name


def _values(controller: Controller, name: str) -> dict[str, object]:
    entity = controller.workspace.entity(ENTITY)
    assert entity is not None
    field = next(f for f in entity.fields if f.name == name)
    return dict(field_form(controller, ENTITY, field).values)


def test_a_taken_name_shows_beside_a_length_that_does_not_read(controller: Controller) -> None:
    first, second = _two_fields(controller)
    entity = controller.workspace.entity(ENTITY)
    assert entity is not None
    form = field_form(controller, ENTITY, next(f for f in entity.fields if f.name == second))
    before = controller.workspace
    errors = form.submit({**_values(controller, second), "name": first, "length": "ten"})
    assert errors is not None
    assert "length" in errors
    assert errors.get("name") == f"A_SalesOrder has a field called {first} already"
    assert controller.workspace is before  # nothing written, nothing tried for real


def test_only_the_refusals_of_fields_that_read_are_added(controller: Controller) -> None:
    """The length is put back as shown for the trial; what the trial says of the length
    itself is not added (the user's own value is what is wrong there)."""
    _, second = _two_fields(controller)
    entity = controller.workspace.entity(ENTITY)
    assert entity is not None
    form = field_form(controller, ENTITY, next(f for f in entity.fields if f.name == second))
    errors = form.submit({**_values(controller, second), "length": "ten"})
    assert errors is not None and set(errors) == {"length"}
