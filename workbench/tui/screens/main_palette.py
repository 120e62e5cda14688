"""The main screen's part of the command palette: every action, and those for the selection."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from ..selection import Kind
from .main_bindings import CARDINALITY_KEYS

if TYPE_CHECKING:
    from .main import MainScreen


def commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """Commands for the palette: every action, and those for what is selected."""
    yield from _general_commands(screen)
    yield from selection_commands(screen)


def _general_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    yield SystemCommand("Search", "Search names on both sides", screen.action_search)
    yield SystemCommand("Graph view", "Show the two-sided graph", screen.action_graph)
    yield SystemCommand(
        "New system", "Add a system (e.g. a billing system)", screen.action_new_system
    )
    yield SystemCommand(
        "New mapping", "Pick a source entity, then its counterpart", screen.new_mapping
    )
    yield SystemCommand(
        "New value map",
        "A code translation table (units of measure, countries, payment terms)",
        screen.action_new_value_map,
    )
    for value_map in screen.controller.workspace.value_maps:
        yield SystemCommand(
            f"Edit value map {value_map.id}",
            value_map.title or "Code translations",
            partial(screen.edit_value_map, value_map.id),
        )
    yield from _text_commands(screen)
    yield SystemCommand(
        "Sync now",
        "Bring the database and the model files into step (after a git pull); press ctrl+r",
        screen.action_sync_now,
    )
    yield SystemCommand(
        "Presenter mode",
        "Toggle more space and less detail for projectors",
        screen.action_presenter,
    )
    if screen.controller.editor.undo_label:
        yield SystemCommand(
            f"Undo: {screen.controller.editor.undo_label}", "Undo the last edit", screen.action_undo
        )
    if screen.controller.editor.redo_label:
        yield SystemCommand(
            f"Redo: {screen.controller.editor.redo_label}",
            "Redo the last undone edit",
            screen.action_redo,
        )


def selection_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """The commands for what is selected, in the order they are wanted: the palette lists them
    first when nothing is typed yet."""
    sel = screen.selection
    if sel is None:
        return
    yield SystemCommand(f"Edit {sel.describe()}", "Open the form", screen.action_edit)
    yield SystemCommand(
        f"Edit {sel.describe()} as YAML",
        "The element's file as text, checked on save; press y",
        screen.action_edit_text,
    )
    yield SystemCommand(
        f"Delete {sel.describe()}", "Asks first and says what goes with it", screen.action_delete
    )
    if sel.system:
        yield SystemCommand(
            f"New entity in {sel.system}",
            "An object or entity set of the system, with its fields to follow",
            lambda s=sel.system: screen.new_entity_in(s),
        )
        yield SystemCommand(
            f"New relationship in {sel.system}",
            "A parent/child link inside the system",
            screen.action_new_relationship,
        )
    if sel.entity_ref:
        yield SystemCommand(
            f"New field in {sel.entity_ref}",
            "A field of the entity (on an entity or a field: press n)",
            lambda r=sel.entity_ref: screen.new_field_in(r),
        )
        yield SystemCommand(
            f"Map {sel.entity_ref} to…",
            "Create a mapping to an entity on the other side",
            screen.action_map,
        )
        if not screen.controller.workspace.mappings_of(sel.entity_ref):
            yield SystemCommand(
                f"No counterpart: {sel.entity_ref}",
                "Record that it has none on the other side, and why (press 0)",
                lambda r=sel.entity_ref: screen.ask_no_counterpart(r),
            )
    mapping = None
    if sel.kind is Kind.MAPPING:
        mapping = screen.controller.workspace.mapping(sel.key)
    elif sel.entity_ref and len(screen.controller.workspace.mappings_of(sel.entity_ref)) == 1:
        mapping = screen.controller.workspace.mappings_of(sel.entity_ref)[0]
    if mapping is not None:
        for key, value in CARDINALITY_KEYS.items():
            yield SystemCommand(
                f"Cardinality {value}: {mapping.id}",
                f"Press {key}",
                lambda v=value: screen.action_cardinality(v),
            )
        for system in screen.systems_of(mapping):
            side = system.effective_side.value
            yield SystemCommand(
                f"System of record {system.name} ({side.upper()} side): {mapping.id}",
                "Press < or >",
                lambda n=system.name, m=mapping: screen.set_owner(m, n),
            )
        yield SystemCommand(
            f"Field mappings of {mapping.id}", "Press f", screen.action_field_mappings
        )
        yield SystemCommand(f"Error policy of {mapping.id}", "Press E", screen.action_error_policy)
        if not mapping.is_no_counterpart:
            yield SystemCommand(
                f"Key cross-references of {mapping.id}",
                "The field on each side that identifies the same record",
                screen.action_keys,
            )
            yield SystemCommand(
                f"Bundle components of {mapping.id}",
                "Products, quantities and price shares of a bundle defined here",
                screen.action_bundle_components,
            )


def _text_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """The elements without a form of their own, edited as the YAML of their files."""
    ws = screen.controller.workspace
    yield SystemCommand(
        "Edit stakeholders as YAML",
        "The decision-makers: id, name, function, title, e-mail",
        partial(screen.edit_text, ("stakeholders",)),
    )
    for product_class in ws.product_classes:
        yield SystemCommand(
            f"Edit product class {product_class.id} as YAML",
            product_class.title or "How the class is billed and its revenue recognised",
            partial(screen.edit_text, ("product-class", product_class.id)),
        )
    for metric in ws.reconciliation:
        yield SystemCommand(
            f"Edit reconciliation metric {metric.id} as YAML",
            metric.title or "A figure both systems must agree on",
            partial(screen.edit_text, ("reconciliation", metric.id)),
        )
    for data_set in ws.master_data:
        yield SystemCommand(
            f"Edit master data set {data_set.id} as YAML",
            data_set.title or "The records simulated orders are resolved against",
            partial(screen.edit_text, ("master-data", data_set.id)),
        )
    from ...services.element_text import NEW_AS_TEXT

    for kind, name in NEW_AS_TEXT.items():
        yield SystemCommand(
            f"New {name} (YAML)",
            "Asks for its id, then opens its text (a copy of the first one to change)",
            partial(screen.new_as_text, kind),
        )
