"""The lines of a scenario's order, each edited in a form.

Built like the mapping parts lists: the rows are read from the current workspace every time, so an
edit, an undo or a sync shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ...domain import edits
from ...domain.scenarios import Scenario
from .. import forms
from ..controller import Controller
from .mapping_parts import Apply, Push
from .rows import RowsScreen, undo_and_redo


def _current(controller: Controller, scenario_id: str) -> Scenario:
    found = controller.workspace.scenario(scenario_id)
    if found is None:  # deleted by an undo or a sync while the list was open
        raise edits.EditError(f"scenario {scenario_id} no longer exists")
    return found


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def order_lines_screen(
    controller: Controller,
    scenario: Scenario,
    apply: Apply,
    push: Push,
    refresh: Callable[[], None],
) -> RowsScreen:
    scenario_id = scenario.id

    def rows() -> list[tuple[str, ...]]:
        return [
            (
                line.id,
                line.product,
                f"{_number(line.quantity)} {line.unit}",
                _number(line.price),
                line.plant,
                line.channel.value,
                f"{line.start or ''}–{line.end or ''}" if line.start or line.end else "",
                line.billing_frequency.value if line.billing_frequency else "",
            )
            for line in _current(controller, scenario_id).order.lines
        ]

    screen: RowsScreen

    def reload(saved: bool | None = None) -> None:
        screen.reload()
        refresh()

    def delete(index: int) -> None:
        line = _current(controller, scenario_id).order.lines[index]
        apply(
            f"delete order line {line.id} of {scenario_id}",
            lambda w: edits.delete_order_line(w, scenario_id, index),
        )

    def form(index: int | None) -> None:
        push(forms.order_line_form(controller, _current(controller, scenario_id), index), reload)

    screen = RowsScreen(
        f"Order lines: {scenario_id} ({scenario.order.currency})",
        ["line", "product", "quantity", "price", "plant", "channel", "term", "billing"],
        rows,
        lambda: form(None),
        form,
        delete,
        undo_and_redo(controller, lambda: screen, refresh),
    )
    return screen


def amendments_screen(
    controller: Controller,
    scenario: Scenario,
    apply: Apply,
    push: Push,
    refresh: Callable[[], None],
) -> RowsScreen:
    """The scenario's mid-term amendments, in the order they take effect."""
    from ..scenario_forms import amendment_form, format_changes

    scenario_id = scenario.id

    def rows() -> list[tuple[str, ...]]:
        return [
            (
                amendment.effective.isoformat(),
                amendment.description.splitlines()[0] if amendment.description else "",
                # As the form writes them: what each change sets (quantity=6), not only its line.
                "; ".join(format_changes(amendment.changes).splitlines()),
            )
            for amendment in _current(controller, scenario_id).amendments
        ]

    screen: RowsScreen

    def reload(saved: bool | None = None) -> None:
        screen.reload()
        refresh()

    def delete(index: int) -> None:
        amendment = _current(controller, scenario_id).amendments[index]
        apply(
            f"delete the amendment of {amendment.effective} from {scenario_id}",
            lambda w: edits.delete_amendment(w, scenario_id, index),
        )

    def form(index: int | None) -> None:
        push(amendment_form(controller, _current(controller, scenario_id), index), reload)

    screen = RowsScreen(
        f"Amendments: {scenario_id}",
        ["effective", "what", "changes"],
        rows,
        lambda: form(None),
        form,
        delete,
        undo_and_redo(controller, lambda: screen, refresh),
    )
    return screen
