"""A scenario's header form and its order lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ...domain import edits
from ...domain.revenue import BillingFrequency
from ...domain.scenarios import (
    Channel,
    Order,
    OrderLine,
    Scenario,
    line_id_taken,
    lines_added_later,
    term_backwards,
)
from ..controller import Controller
from ..screens.form import Errors, FormField, FormScreen, errors_from
from .common import FieldErrors, enum_choices, merge_values, submitter


def scenario_form(controller: Controller, scenario: Scenario) -> FormScreen:
    """A scenario's title and description and its order header (the lines have their own list)."""
    fields = [
        FormField("id", "Id (its file name)", optional=False),
        FormField("title", "Title"),
        FormField("description", "What the scenario tests", "area"),
        FormField("account", "Account (as the CRM knows it)", optional=False),
        FormField("currency", "Currency (ISO code)", optional=False),
        FormField("date", "Order date (YYYY-MM-DD)", optional=False),
        FormField("legal_entity", "Legal entity"),
        FormField("bill_to", "Bill-to account (blank: the account)"),
    ]
    order = scenario.order
    values = {
        "id": scenario.id,
        "title": scenario.title,
        "description": scenario.description,
        "account": order.account,
        "currency": order.currency,
        "date": order.date.isoformat(),
        "legal_entity": order.legal_entity,
        "bill_to": order.bill_to,
    }
    header = ("account", "currency", "date", "legal_entity", "bill_to")

    def build(v: dict[str, Any]) -> Scenario:
        data = {name: "" if v[name] is None else v[name] for name in header}
        data["currency"] = str(data["currency"]).strip().upper()  # usd is USD, as typed
        new_order = Order.model_validate(merge_values(order, data))
        texts = {name: v[name] or "" for name in ("title", "description")}
        return Scenario.model_validate(
            merge_values(scenario, {**texts, "id": v["id"], "order": new_order})
        )

    save = submitter(
        controller,
        f"edit scenario {scenario.id}",
        build,
        lambda ws, new: edits.put_scenario(ws, new, scenario.id),
        [f.name for f in fields],
        shown=values,
    )

    def submit(v: dict[str, Any]) -> Errors | None:
        errors = save(v)
        if errors and "currency" in errors:  # the generic pattern message speaks of identifiers
            errors["currency"] = "three letters, the ISO 4217 code (EUR, USD)"
        return errors

    return FormScreen(f"Scenario {scenario.id}", fields, values, submit)


def order_line_form(controller: Controller, scenario: Scenario, index: int | None) -> FormScreen:
    """One line of a scenario's order: product, quantity, price, fulfilment and term."""
    line = scenario.order.lines[index] if index is not None else None
    fields = [
        FormField("id", "Line id", optional=False),
        FormField("product", "Product code (as the CRM knows it)", optional=False),
        FormField("quantity", "Quantity", optional=False),
        FormField("unit", "Unit of measure (blank: Each)"),
        FormField("price", "Unit price in the order currency (blank: 0)"),
        FormField("plant", "Plant"),
        FormField("channel", "Fulfilled by", "select", enum_choices(Channel), optional=False),
        FormField("start", "Term start (YYYY-MM-DD)"),
        FormField("end", "Term end (YYYY-MM-DD)"),
        FormField(
            "billing_frequency", "Billing frequency", "select", enum_choices(BillingFrequency)
        ),
    ]
    values: dict[str, Any] = (
        merge_values(line, {}) if line else {"id": _next_line_id(scenario), "channel": "direct"}
    )
    for name in ("quantity", "price"):
        if isinstance(values.get(name), Decimal):
            values[name] = format(values[name].normalize(), "f")

    base = controller.workspace.master_data_set(scenario.master_data)
    known = {p.code for p in base.with_overrides(scenario.overrides).products} if base else None

    names = [f.name for f in fields]

    def build(v: dict[str, Any]) -> OrderLine:
        data = merge_values(line, v)
        code = str(data.get("product") or "").strip()
        unknown = (
            f"{code} is not a product of master data {base.id}: add it there, or use one it lists"
            if base is not None and known is not None and code and code not in known
            else ""
        )
        data["unit"] = data.get("unit") or "Each"
        data["price"] = data.get("price") or 0
        data["plant"] = data.get("plant") or ""
        problems = {"product": unknown} if unknown else {}
        taken = line_id_taken(scenario, str(data.get("id") or "").strip(), index)
        if taken:
            # The edit would refuse it; said here, with whatever else is wrong.
            problems["id"] = taken
        backwards = _dates_backwards(data)
        if backwards:
            problems["end"] = backwards  # the model's refusal too, said with the rest
        try:
            made = OrderLine.model_validate(data)
        except ValidationError as exc:
            if not problems:
                raise
            # Everything wrong at once, each beside its field.
            raise FieldErrors({**errors_from(exc, names), **problems}) from None
        if problems:
            raise FieldErrors(problems)
        return made

    return FormScreen(
        f"Order line of {scenario.id}",
        fields,
        values,
        submitter(
            controller,
            f"{'edit' if line else 'add'} order line in {scenario.id}",
            build,
            lambda ws, new: edits.put_order_line(ws, scenario.id, new, index),
            names,
            shown=values,
        ),
    )


def _dates_backwards(data: dict[str, Any]) -> str:
    """The model's refusal of a term that ends before it starts, when both dates read."""
    try:
        start = dt.date.fromisoformat(str(data.get("start") or "").strip())
        end = dt.date.fromisoformat(str(data.get("end") or "").strip())
    except ValueError:
        return ""
    return term_backwards(str(data.get("id") or "").strip(), start, end)


def _next_line_id(scenario: Scenario) -> str:
    taken = {line.id for line in scenario.order.lines} | lines_added_later(scenario)
    number = len(taken) + 1
    while f"{number * 10}" in taken:
        number += 1
    return f"{number * 10}"
