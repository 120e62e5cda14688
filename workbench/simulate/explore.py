"""Exploration: generate varied orders from the master data, run them, and report each distinct
failure class once with the smallest order that shows it.

Generation is seeded (the same seed gives the same orders); shrinking is greedy: drop
amendments, changes and lines, then simplify quantities, prices and optional attributes, keeping
every step that still raises the failure class.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from ..domain.masterdata import MasterData
from ..domain.scenarios import Scenario
from ..domain.workspace import Workspace
from . import calendar as cal
from .design import Design, SimulationError
from .engine import run_scenario
from .results import Failure

FailureClass = tuple[str, str]
"""(failure code, mapping id): the same code raised through another mapping is another class."""

_CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CAD", "CHF")
_UNKNOWN_UNIT = "Box"


@dataclass(frozen=True)
class Finding:
    """One failure class, the smallest order found that raises it, and how often it came up."""

    failure_class: FailureClass
    example: Scenario
    failure: Failure
    occurrences: int
    covered: bool
    """A library scenario expects this failure code already."""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.failure_class[0],
            "mapping": self.failure_class[1],
            "occurrences": self.occurrences,
            "covered_by_library": self.covered,
            "message": self.failure.message,
            "route": self.failure.route,
            "notify": list(self.failure.notify),
            "example": self.example.model_dump(mode="json", exclude_defaults=True),
        }


@dataclass(frozen=True)
class Exploration:
    runs: int
    findings: tuple[Finding, ...]

    @property
    def uncovered(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.covered)

    def as_json(self) -> dict[str, Any]:
        return {"runs": self.runs, "findings": [f.as_json() for f in self.findings]}


def explore(
    workspace: Workspace, count: int, seed: int = 0, master_data: str | None = None
) -> Exploration:
    """Run ``count`` generated orders; findings are sorted by failure code and mapping."""
    data = workspace.master_data_set(master_data)
    if data is None:
        raise SimulationError("exploration needs a master data set in the workspace")
    generator = OrderGenerator(workspace, data, random.Random(seed))  # noqa: S311 (reproducible test orders)
    smallest: dict[FailureClass, Scenario] = {}
    counts: dict[FailureClass, int] = {}
    for number in range(count):
        scenario = generator.scenario(f"explore-{number + 1}")
        for failure_class in _classes(workspace, scenario):
            counts[failure_class] = counts.get(failure_class, 0) + 1
            known = smallest.get(failure_class)
            if known is None or size(scenario) < size(known):
                smallest[failure_class] = scenario
    expected = {code for s in workspace.scenarios for code in s.expect.failures}
    findings = []
    for failure_class in sorted(smallest):
        example = shrink(workspace, smallest[failure_class], failure_class)
        failure = next(
            f
            for f in run_scenario(workspace, example, trace=False).failures
            if f.failure_class == failure_class
        )
        findings.append(
            Finding(
                failure_class,
                example,
                failure,
                counts[failure_class],
                failure_class[0] in expected,
            )
        )
    return Exploration(count, tuple(findings))


def _classes(workspace: Workspace, scenario: Scenario) -> set[FailureClass]:
    return {f.failure_class for f in run_scenario(workspace, scenario, trace=False).failures}


def size(scenario: Scenario) -> tuple[int, int, int]:
    """What "smaller" means: fewer lines and changes first, then smaller numbers."""
    changes = sum(len(a.changes) for a in scenario.amendments)
    lines = len(scenario.order.lines)
    magnitude = sum(int(line.quantity) + len(str(line.price)) for line in scenario.order.lines)
    return (lines + changes + len(scenario.amendments), magnitude, len(scenario.model_dump_json()))


def shrink(workspace: Workspace, scenario: Scenario, failure_class: FailureClass) -> Scenario:
    """The smallest variant of ``scenario`` (by greedy steps) that still raises the class."""
    current = scenario
    improved = True
    while improved:
        improved = False
        for candidate in _smaller(current):
            if size(candidate) >= size(current):
                continue
            try:
                if failure_class in _classes(workspace, candidate):
                    current = candidate
                    improved = True
                    break
            except (SimulationError, ValueError):
                continue
    return _cleaner(workspace, current, failure_class)


def _cleaner(workspace: Workspace, scenario: Scenario, failure_class: FailureClass) -> Scenario:
    """Take away the other failures where that keeps this one: the example then shows one
    problem, not several (the company code currency, the account's own legal entity and bill-to,
    the product's own unit, no plant)."""
    data = workspace.master_data_set(scenario.master_data)
    if data is None:
        return scenario
    current = scenario
    others = len(_classes(workspace, current))
    for edit in _simplifications(data, current):
        for candidate in _valid(edit, json.loads(current.model_dump_json(exclude_defaults=True))):
            found = _classes(workspace, candidate)
            if failure_class in found and len(found) < others:
                current, others = candidate, len(found)
    return current


def _simplifications(
    data: MasterData, scenario: Scenario
) -> Iterator[Callable[[dict[str, Any]], object]]:
    order = scenario.order
    customers = [c for c in data.customers if c.account == order.account]
    for customer in customers[:2]:

        def same_customer(d: dict[str, Any], c: Any = customer) -> None:
            d["order"].update(legal_entity=c.legal_entity, bill_to=c.bill_to)

        yield same_customer
    orgs = [s for s in data.sales_organizations if s.legal_entity == order.legal_entity]
    if orgs:
        yield lambda d: d["order"].update(currency=orgs[0].currency)
    products = {p.code: p for p in data.products}
    for index, line in enumerate(order.lines):
        product = products.get(line.product)
        if product is not None and line.unit != product.unit:
            yield _set_line(index, "unit", product.unit)
        if line.plant:
            yield _set_line(index, "plant", "")


def _smaller(scenario: Scenario) -> Iterator[Scenario]:
    data = json.loads(scenario.model_dump_json(exclude_defaults=True))
    order = data["order"]
    amendments = data.get("amendments", [])
    edits: list[Callable[[dict[str, Any]], object]] = [_pop_key("amendments")]
    for index, amendment in enumerate(amendments):
        edits.append(_pop_amendment(index))
        edits.extend(_pop_change(index, position) for position in range(len(amendment["changes"])))
    edits.extend(partial(_drop_line, index=index) for index in range(len(order["lines"])))
    for index, line in enumerate(order["lines"]):
        if Decimal(line["quantity"]) != 1:
            edits.append(_set_line(index, "quantity", 1))
        if Decimal(line.get("price", 0)) not in (0, 100):
            edits.append(_set_line(index, "price", 100))
        edits.extend(
            _set_line(index, optional, None)
            for optional in ("shipment", "billing_frequency", "channel")
            if optional in line
        )
    for edit in edits:
        yield from _valid(edit, data)


def _pop_key(key: str) -> Callable[[dict[str, Any]], object]:
    return lambda d: d.pop(key, None)


def _pop_amendment(index: int) -> Callable[[dict[str, Any]], object]:
    return lambda d: d["amendments"].pop(index)


def _pop_change(index: int, position: int) -> Callable[[dict[str, Any]], object]:
    return lambda d: d["amendments"][index]["changes"].pop(position)


def _set_line(index: int, key: str, value: object) -> Callable[[dict[str, Any]], object]:
    def edit(d: dict[str, Any]) -> object:
        line = d["order"]["lines"][index]
        return line.pop(key) if value is None else line.update({key: value})

    return edit


def _drop_line(data: dict[str, Any], index: int) -> None:
    lines = data["order"]["lines"]
    if len(lines) < 2:
        raise ValueError("an order keeps one line")
    gone = lines.pop(index)["id"]
    for line in lines:
        if line.get("bundle") == gone:
            line.pop("bundle")
    for amendment in data.get("amendments", []):
        amendment["changes"] = [c for c in amendment["changes"] if c["line"] != gone]
    data["amendments"] = [a for a in data.get("amendments", []) if a["changes"]]


def _valid(change: Callable[[dict[str, Any]], Any], data: dict[str, Any]) -> Iterator[Scenario]:
    candidate = copy.deepcopy(data)
    try:
        change(candidate)
        yield Scenario.model_validate(candidate)
    except (ValueError, IndexError, KeyError):
        return


class OrderGenerator:
    """Random but plausible orders over one master data set."""

    def __init__(self, workspace: Workspace, data: MasterData, rng: random.Random) -> None:
        self.rng = rng
        self.data = data
        design = Design.of(workspace, data)
        self.units = [e.source for e in design.unit_map.entries] if design.unit_map else ["Each"]
        self.plants = sorted({p for item in data.items for p in item.plants}) or [""]
        self.entities = sorted({s.legal_entity for s in data.sales_organizations}) or [""]
        self.termed = {
            p.code
            for p in data.products
            if (pc := workspace.product_class(p.product_class or "")) is not None
            and (pc.recognition is not None and pc.recognition.method == "ratable")
        }
        self.options = {
            b.product: [c.product for c in b.components if c.optional] for b in data.bundles
        }
        self.products = [p for p in data.products if p.code not in self._component_codes()]

    def _component_codes(self) -> set[str]:
        return {c.product for b in self.data.bundles for c in b.components if c.optional}

    def scenario(self, scenario_id: str) -> Scenario:
        rng = self.rng
        account = rng.choice(self.data.accounts).id if self.data.accounts else "NONE"
        customers = [c for c in self.data.customers if c.account == account]
        chosen = rng.choice(customers) if customers and rng.random() < 0.8 else None
        legal_entity = (
            chosen.legal_entity if chosen and rng.random() < 0.85 else rng.choice(self.entities)
        )
        bill_to = chosen.bill_to if chosen and rng.random() < 0.7 else ""
        org = next(
            (s for s in self.data.sales_organizations if s.legal_entity == legal_entity), None
        )
        currency = (
            org.currency
            if org and rng.random() < 0.8
            else rng.choice([*(org.currencies if org else ()), *_CURRENCIES])
        )
        date = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))
        lines: list[dict[str, Any]] = []
        for number in range(rng.choice((1, 1, 2, 2, 3, 4, 6))):
            lines.extend(self._line(f"{(number + 1) * 10}", date))
        amendments = []
        if rng.random() < 0.3:
            amendments.append(self._amendment(lines, date))
        return Scenario.model_validate(
            {
                "id": scenario_id,
                "order": {
                    "account": account,
                    "currency": currency,
                    "date": date,
                    "legal_entity": legal_entity,
                    "bill_to": bill_to,
                    "lines": lines,
                },
                "amendments": amendments,
                "master_data": self.data.id,
            }
        )

    def _line(self, line_id: str, date: dt.date) -> list[dict[str, Any]]:
        rng = self.rng
        product = rng.choice(self.products)
        unit = product.unit if rng.random() < 0.85 else rng.choice([*self.units, _UNKNOWN_UNIT])
        line: dict[str, Any] = {
            "id": line_id,
            "product": product.code,
            "quantity": rng.choice((1, 1, 2, 3, 5, 12, 40)),
            "unit": unit,
            "price": Decimal(rng.randrange(100, 500000)) / 100,
            "plant": rng.choice(["", *self.plants]) if rng.random() < 0.9 else "",
            "channel": "partner" if rng.random() < 0.15 else "direct",
        }
        if product.code in self.termed or rng.random() < 0.05:
            start = date + dt.timedelta(days=rng.randrange(45))
            if rng.random() < 0.95:
                line["end"] = cal.add_months(start, rng.choice((12, 24, 36))) - cal.ONE_DAY
            line["start"] = start
        if rng.random() < 0.2:
            line["shipment"] = date + dt.timedelta(days=rng.randrange(60))
        found = [line]
        for option in self.options.get(product.code, ()):
            if rng.random() < 0.3:
                found.append(
                    {
                        "id": f"{line_id}-{option}"[:40],
                        "product": option,
                        "quantity": line["quantity"],
                        "price": Decimal(rng.randrange(100, 50000)) / 100,
                        "plant": line["plant"],
                        "bundle": line_id,
                    }
                )
        return found

    def _amendment(self, lines: list[dict[str, Any]], date: dt.date) -> dict[str, Any]:
        rng = self.rng
        effective = date + dt.timedelta(days=rng.randrange(30, 400))
        target = rng.choice(lines)
        action = rng.choice(
            ("add-line", "change-quantity", "change-quantity", "change-price", "change-term")
        )
        change: dict[str, Any] = {"action": action, "line": target["id"]}
        if action == "add-line":
            product = rng.choice(self.products)
            change.update(
                line="A1",
                product=product.code,
                quantity=rng.choice((1, 5, 10)),
                price=Decimal(rng.randrange(100, 200000)) / 100,
                unit=product.unit,
            )
        elif action == "change-quantity":
            change["quantity"] = max(0, int(target["quantity"]) + rng.choice((-2, -1, 1, 5)))
        elif action == "change-price":
            change["price"] = Decimal(rng.randrange(100, 500000)) / 100
        else:
            end = target.get("end") or effective
            change["end"] = cal.add_months(end, 12)
        return {"effective": effective, "changes": [change]}
