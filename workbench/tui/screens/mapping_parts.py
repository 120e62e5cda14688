"""The lists of a mapping's key cross-references and bundle components, each row edited in a form.

Built the way the main screen builds its field-mapping list: the rows are read from the current
workspace every time, so an edit, an undo or a sync shows at once.
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
from .rows import RowsScreen

Apply = Callable[[str, Callable[[Workspace], Workspace]], bool]
"""Commit an edit under a label (for undo); True when it was saved."""
Push = Callable[[Screen[bool], Callable[[bool | None], None]], None]
"""Open a form and call back when it closes."""


def _current(controller: Controller, mapping_id: str) -> Mapping:
    found = controller.workspace.mapping(mapping_id)
    if found is None:  # deleted by an undo or a sync while the list was open
        raise edits.EditError(f"mapping {mapping_id} no longer exists")
    return found


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def keys_screen(
    controller: Controller, mapping: Mapping, apply: Apply, push: Push, refresh: Callable[[], None]
) -> RowsScreen:
    mapping_id = mapping.id

    def rows() -> list[tuple[str, ...]]:
        return [
            (k.source_field, k.target_field, k.description)
            for k in _current(controller, mapping_id).keys
        ]

    screen: RowsScreen

    def reload(saved: bool | None = None) -> None:
        screen.reload()
        refresh()

    def delete(index: int) -> None:
        key = _current(controller, mapping_id).keys[index]
        apply(
            f"delete key {key.source_field} → {key.target_field} of {mapping_id}",
            lambda w: edits.delete_key(w, mapping_id, index),
        )

    screen = RowsScreen(
        f"Key cross-references: {mapping.source} → {mapping.target}",
        [f"field of {mapping.source}", f"field of {mapping.target}", "description"],
        rows,
        lambda: push(forms.key_form(controller, _current(controller, mapping_id), None), reload),
        lambda i: push(forms.key_form(controller, _current(controller, mapping_id), i), reload),
        delete,
    )
    return screen


def bundle_components_screen(
    controller: Controller, mapping: Mapping, apply: Apply, push: Push, refresh: Callable[[], None]
) -> RowsScreen:
    mapping_id = mapping.id

    def rows() -> list[tuple[str, ...]]:
        bundle = _current(controller, mapping_id).bundle
        return [
            (c.product, _number(c.quantity), _number(c.share), "optional" if c.optional else "")
            for c in (bundle.components if bundle else ())
        ]

    screen: RowsScreen

    def reload(saved: bool | None = None) -> None:
        screen.reload()
        refresh()

    def delete(index: int) -> None:
        bundle = _current(controller, mapping_id).bundle
        product = bundle.components[index].product if bundle else "?"
        apply(
            f"delete bundle component {product} of {mapping_id}",
            lambda w: edits.delete_bundle_component(w, mapping_id, index),
        )

    def form(index: int | None) -> None:
        push(
            forms.bundle_component_form(controller, _current(controller, mapping_id), index), reload
        )

    screen = RowsScreen(
        f"Bundle components: {mapping.id}",
        ["product", "quantity", "price share", ""],
        rows,
        lambda: form(None),
        form,
        delete,
    )
    return screen
