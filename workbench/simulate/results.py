"""What a simulation run produces: trace, documents, schedules, failures and expectation results.

Plain frozen dataclasses (not pydantic): the engine creates many of them per order and a run must
stay cheap. ``as_json`` gives the deterministic JSON shape the CLI and the exports share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

JsonValue = Any


def plain(value: Any) -> JsonValue:
    """A JSON-ready copy: Decimals as strings (exact), dates as ISO strings."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of the run: which rule or mapping applied, to what, with what result."""

    number: int
    step: str
    """What the engine did (``resolve-customer``, ``explode-bundle``, ``split``)."""
    element: str
    """The model element that decided it (``mapping:account-customer``, ``value-map:uom``)."""
    subject: str
    """What it was applied to (``order``, ``line 2``, ``amendment 1``)."""
    input: dict[str, Any]
    output: dict[str, Any]

    def as_json(self) -> JsonValue:
        return plain(
            {
                "number": self.number,
                "step": self.step,
                "element": self.element,
                "subject": self.subject,
                "input": self.input,
                "output": self.output,
            }
        )


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure the design raises, with what its error policy says happens next."""

    code: str
    mapping: str
    """The mapping whose rule or error policy applies (empty: none declared)."""
    subject: str
    message: str
    route: str = ""
    notify: tuple[str, ...] = ()
    resolution: str = ""
    correction: str = ""
    policy: str = ""
    """The error rule that routed it: the code itself, ``*``, or empty when nothing routes it."""
    blocking: bool = True
    """The order (or the amendment) is held until the failure is resolved."""
    origin: str = "order"
    """``order``, or ``amendment N`` for a failure of that amendment."""

    @property
    def failure_class(self) -> tuple[str, str]:
        return (self.code, self.mapping)

    def as_json(self) -> JsonValue:
        return {
            "code": self.code,
            "mapping": self.mapping,
            "subject": self.subject,
            "message": self.message,
            "route": self.route,
            "notify": list(self.notify),
            "resolution": self.resolution,
            "correction": self.correction,
            "policy": self.policy,
            "blocking": self.blocking,
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class DocumentItem:
    line: str
    """The CRM line (``2``, ``2/EDGE-GW-200`` for a bundle component)."""
    material: str
    quantity: Decimal
    unit: str
    net: Decimal
    plant: str
    channel: str
    category: str = ""

    def as_json(self) -> JsonValue:
        return plain(
            {
                "line": self.line,
                "material": self.material,
                "quantity": self.quantity,
                "unit": self.unit,
                "net": self.net,
                "plant": self.plant,
                "channel": self.channel,
                "category": self.category,
            }
        )


@dataclass(frozen=True, slots=True)
class Document:
    """A document the ERP would receive or produce (order, change, invoice, credit memo)."""

    type: str
    key: str
    """Its identifying key (the idempotency key of an order, the date and order of an invoice)."""
    attributes: dict[str, str]
    items: tuple[DocumentItem, ...] = ()
    amount: Decimal | None = None
    origin: str = "order"
    """``order`` or ``amendment N``."""

    def as_json(self) -> JsonValue:
        return plain(
            {
                "type": self.type,
                "key": self.key,
                "attributes": self.attributes,
                "items": [item.as_json() for item in self.items],
                "amount": self.amount,
                "origin": self.origin,
            }
        )


@dataclass(frozen=True, slots=True)
class BillingLine:
    line: str
    date: dt.date
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    origin: str = "order"
    order_key: str = ""

    def as_json(self) -> JsonValue:
        return plain(
            {
                "line": self.line,
                "date": self.date,
                "amount": self.amount,
                "period": [self.period_start, self.period_end],
                "origin": self.origin,
            }
        )


@dataclass(frozen=True, slots=True)
class RecognitionLine:
    line: str
    period: str
    """Fiscal period (``2026-07``)."""
    amount: Decimal
    origin: str = "order"

    def as_json(self) -> JsonValue:
        return plain(
            {"line": self.line, "period": self.period, "amount": self.amount, "origin": self.origin}
        )


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """Billing against recognition in one period, with the running timing difference."""

    period: str
    billed: Decimal
    recognised: Decimal
    deferred: Decimal
    """Billed but not yet earned (deferred revenue), cumulative at period end."""
    unbilled: Decimal
    """Earned but not yet billed (contract asset), cumulative at period end."""

    def as_json(self) -> JsonValue:
        return plain(
            {
                "period": self.period,
                "billed": self.billed,
                "recognised": self.recognised,
                "deferred": self.deferred,
                "unbilled": self.unbilled,
            }
        )


@dataclass(frozen=True, slots=True)
class Schedules:
    currency: str
    billing: tuple[BillingLine, ...]
    recognition: tuple[RecognitionLine, ...]
    periods: tuple[PeriodRow, ...]
    blocked: str = ""
    """Why nothing of the billing plan is invoiced yet (``credit block``): the ERP took the
    order but blocks its billing until someone releases it. Empty when nothing blocks it."""

    @property
    def billed_total(self) -> Decimal:
        """What the billing plan bills (once released, for a blocked order)."""
        return sum((line.amount for line in self.billing), Decimal(0))

    @property
    def summary(self) -> str:
        """Billed and recognised in one line; for a blocked order, that nothing is billed while
        the block lasts (the totals are the plan's, not invoices)."""
        totals = f"billed {self.billed_total} {self.currency}, recognised {self.recognised_total}"
        if not self.blocked:
            return totals
        return f"nothing billed while the {self.blocked} lasts; once released: {totals}"

    @property
    def recognised_total(self) -> Decimal:
        return sum((line.amount for line in self.recognition), Decimal(0))

    def as_json(self) -> JsonValue:
        return {
            "currency": self.currency,
            **({"blocked": self.blocked} if self.blocked else {}),
            "billed": plain(self.billed_total),
            "recognised": plain(self.recognised_total),
            "billing": [line.as_json() for line in self.billing],
            "recognition": [line.as_json() for line in self.recognition],
            "periods": [row.as_json() for row in self.periods],
        }


@dataclass(frozen=True, slots=True)
class ExpectationResult:
    check: str
    expected: str
    actual: str
    passed: bool

    def as_json(self) -> JsonValue:
        return {
            "check": self.check,
            "expected": self.expected,
            "actual": self.actual,
            "passed": self.passed,
        }


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one scenario run produced."""

    scenario: str
    title: str
    documents: tuple[Document, ...]
    failures: tuple[Failure, ...]
    schedules: Schedules
    trace: tuple[TraceStep, ...]
    expectations: tuple[ExpectationResult, ...] = ()
    issued_lines_preserved: bool = True
    duplicates: tuple[str, ...] = field(default=())
    """Duplicate ERP orders or customers the run would create (proofs that failed)."""

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.expectations)

    @property
    def mappings_used(self) -> tuple[str, ...]:
        """The ids of the mappings the run's trace went through, in the order first used."""
        parts = (step.element.partition(":") for step in self.trace)
        return tuple(dict.fromkeys(name for kind, _, name in parts if kind == "mapping"))

    def as_json(self) -> JsonValue:
        return {
            "id": self.scenario,
            "title": self.title,
            "passed": self.passed,
            "documents": [document.as_json() for document in self.documents],
            "failures": [failure.as_json() for failure in self.failures],
            "schedules": self.schedules.as_json(),
            "expectations": [result.as_json() for result in self.expectations],
            "trace": [step.as_json() for step in self.trace],
        }
