"""The lists of a mapping's parts (field mappings, error rules, key cross-references, bundle
components), each row edited in a form.

The rows are read from the current workspace every time, so an edit or an undo shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual.screen import Screen

from ...domain import edits
from ...domain.mappings import Mapping
from ...domain.workspace import Workspace
from .. import forms
from ..controller import Controller
from .rows import RowsScreen, undo_and_redo

Apply = Callable[[str, Callable[[Workspace], Workspace]], bool]
"""Commit an edit under a label (for undo); True when it was saved."""
Push = Callable[[Screen[bool], Callable[[bool | None], None]], None]
"""Open a form and call back when it closes."""


def _current(controller: Controller, mapping_id: str) -> Mapping:
    return _current_in(controller.workspace, mapping_id)


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


FormFor = Callable[[int | None], Screen[bool]]
"""The form of row ``index`` of a list, or of a new row (None)."""


def _parts_screen(
    title: str,
    columns: list[str],
    rows: Callable[[], list[tuple[str, ...]]],
    form_for: FormFor,
    delete: Callable[[int], None],
    push: Push,
    refresh: Callable[[], None],
    controller: Controller,
    details: Callable[[int], list[tuple[str, str]]] | None = None,
) -> RowsScreen:
    """A list of a mapping's parts: its rows read again after every form, and the main screen
    redrawn with them. ``ctrl+z`` and ``ctrl+y`` work here as on the main screen (a delete's
    question says so)."""
    screen: RowsScreen

    def reload(saved: bool | None = None) -> None:
        screen.reload()
        if saved:  # a cancelled form changed nothing
            refresh()

    screen = RowsScreen(
        title,
        columns,
        rows,
        lambda: push(form_for(None), reload),
        lambda index: push(form_for(index), reload),
        delete,
        undo_and_redo(controller, lambda: screen, refresh),
        details,
    )
    return screen


def keys_screen(
    controller: Controller, mapping: Mapping, apply: Apply, push: Push, refresh: Callable[[], None]
) -> RowsScreen:
    mapping_id = mapping.id

    def rows() -> list[tuple[str, ...]]:
        return [
            (k.source_field, k.target_field, k.description)
            for k in _current(controller, mapping_id).keys
        ]

    def delete(index: int) -> None:
        key = _current(controller, mapping_id).keys[index]
        apply(
            f"delete key {key.source_field} → {key.target_field} of {mapping_id}",
            lambda w: edits.delete_key(w, mapping_id, index),
        )

    return _parts_screen(
        f"Key cross-references: {mapping.source} → {mapping.target}",
        [f"field of {mapping.source}", f"field of {mapping.target}", "description"],
        rows,
        lambda index: forms.key_form(controller, _current(controller, mapping_id), index),
        delete,
        push,
        refresh,
        controller,
    )


def bundle_components_screen(
    controller: Controller, mapping: Mapping, apply: Apply, push: Push, refresh: Callable[[], None]
) -> RowsScreen:
    mapping_id = mapping.id

    def rows() -> list[tuple[str, ...]]:
        bundle = _current(controller, mapping_id).bundle
        return [
            (c.product, _number(c.quantity), _number(c.share), "yes" if c.optional else "")
            for c in (bundle.components if bundle else ())
        ]

    def delete(index: int) -> None:
        bundle = _current(controller, mapping_id).bundle
        product = bundle.components[index].product if bundle else "?"
        apply(
            f"delete bundle component {product} of {mapping_id}",
            lambda w: edits.delete_bundle_component(w, mapping_id, index),
        )

    return _parts_screen(
        f"Bundle components: {mapping.id}",
        ["product", "quantity", "price share", "optional"],
        rows,
        lambda index: forms.bundle_component_form(
            controller, _current(controller, mapping_id), index
        ),
        delete,
        push,
        refresh,
        controller,
    )


def field_mappings_screen(
    controller: Controller, mapping: Mapping, apply: Apply, push: Push, refresh: Callable[[], None]
) -> RowsScreen:
    mapping_id = mapping.id

    def rows() -> list[tuple[str, ...]]:
        return [
            (
                fm.target + (" *" if fm.required else ""),
                fm.source or "",
                fm.transform or (fm.default or ""),
                fm.value_map or "",
                fm.owner or "",
            )
            for fm in _current(controller, mapping_id).field_mappings
        ]

    def delete(index: int) -> None:
        target = _current(controller, mapping_id).field_mappings[index].target
        apply(
            f"delete field mapping {target}",
            lambda w: edits.delete_field_mapping(w, mapping_id, target),
        )

    def form_for(index: int | None) -> Screen[bool]:
        current = _current(controller, mapping_id)
        chosen = current.field_mappings[index] if index is not None else None
        return forms.field_mapping_form(controller, current, chosen)

    def details(index: int) -> list[tuple[str, str]]:
        fm = _current(controller, mapping_id).field_mappings[index]
        return [
            ("target", fm.target),
            ("source", fm.source or ""),
            ("transform", fm.transform or ""),
            ("default", "" if fm.default is None else str(fm.default)),
            ("value map", fm.value_map or ""),
            ("required", "yes" if fm.required else ""),
            ("owner", fm.owner or ""),
            ("notes", fm.notes or ""),
        ]

    return _parts_screen(
        f"Field mappings: {mapping.source} → {mapping.target}",
        ["target", "← source", "transform / default", "value map", "owner"],
        rows,
        form_for,
        delete,
        push,
        refresh,
        controller,
        details,
    )


def error_policy_screen(
    controller: Controller, mapping: Mapping, apply: Apply, push: Push, refresh: Callable[[], None]
) -> RowsScreen:
    mapping_id = mapping.id

    def rows() -> list[tuple[str, ...]]:
        return [
            (r.failure, r.route, ", ".join(r.notify), r.resolution, r.correction)
            for r in _current(controller, mapping_id).error_policy
        ]

    def delete(index: int) -> None:
        def change(w: Workspace) -> Workspace:
            current = _current_in(w, mapping_id)
            policy = tuple(r for i, r in enumerate(current.error_policy) if i != index)
            return edits.put_mapping(w, edits.revise(current, error_policy=policy), mapping_id)

        apply(f"delete error rule of {mapping_id}", change)

    def details(index: int) -> list[tuple[str, str]]:
        rule = _current(controller, mapping_id).error_policy[index]
        return [
            ("failure", rule.failure),
            ("what fails", rule.description),
            ("route", rule.route),
            ("notify", ", ".join(rule.notify)),
            ("resolution", rule.resolution),
            ("correction back", rule.correction),
        ]

    return _parts_screen(
        f"Error policy: {mapping_id}",
        ["failure", "route", "notify", "resolution", "correction back"],
        rows,
        lambda index: forms.error_rule_form(controller, _current(controller, mapping_id), index),
        delete,
        push,
        refresh,
        controller,
        details,
    )


def _current_in(ws: Workspace, mapping_id: str) -> Mapping:
    found = ws.mapping(mapping_id)
    if found is None:  # an edit's change runs on the workspace as it is by then
        raise edits.EditError(f"mapping {mapping_id} no longer exists")
    return found
