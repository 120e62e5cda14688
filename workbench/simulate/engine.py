"""The simulator: one scenario through the design, step by step.

Order of the steps (each one recorded in the trace with the element that decided it):
customer resolution -> sales organisation and currency -> per line: product to ERP item,
required attributes, bundle explosion, unit conversion, plant -> split into ERP orders ->
order identification -> billing and recognition schedules -> amendments (change documents,
prorated charges and credits, re-spread recognition) -> proofs (no duplicate order or customer,
issued billing lines untouched).

This module holds the run's shared state and the order-level steps; the line steps are in
``lines``, the amendment steps in ``amendments``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from decimal import Decimal
from typing import Any

from ..domain.mappings import ManyMatches, Mapping, NoMatch
from ..domain.masterdata import ErpCustomer, MasterData, SalesOrganization
from ..domain.revenue import BillingFrequency
from ..domain.scenarios import Scenario
from ..domain.workspace import Workspace
from . import amendments, lines
from . import calendar as cal
from . import schedules as sched
from .design import CREDIT_MEMO, INVOICE, Design, SimulationError, error_rule
from .failures import FailureCode
from .items import Item, OrderKeys, group_keys
from .money import ZERO, quantum
from .results import (
    BillingLine,
    Document,
    DocumentItem,
    Failure,
    PeriodRow,
    RecognitionLine,
    RunResult,
    Schedules,
    TraceStep,
)


def design_of(workspace: Workspace, scenario: Scenario) -> Design:
    """The design ``scenario`` runs through: the workspace's mappings, read with the scenario's
    master data set and overrides."""
    base = workspace.master_data_set(scenario.master_data)
    if base is None:
        raise SimulationError(
            f"scenario {scenario.id}: master data set "
            f"{scenario.master_data or '(first)'} does not exist"
        )
    return Design.of(workspace, base.with_overrides(scenario.overrides))


def run_scenario(workspace: Workspace, scenario: Scenario, trace: bool = True) -> RunResult:
    """Run ``scenario`` through ``workspace``; pure and deterministic."""
    design = design_of(workspace, scenario)
    try:
        return Run(design, scenario, trace).run()
    except decimal.InvalidOperation:
        # The model bounds prices, quantities and factors so this cannot happen; should an
        # amount still outgrow decimal arithmetic, the run says so instead of failing with it.
        raise SimulationError(
            f"scenario {scenario.id}: an amount is too large to compute (check the prices, "
            "quantities and unit factors)"
        ) from None


class Run:
    """One scenario being run: the state the steps share (the amendment steps live in
    ``amendments``)."""

    def __init__(self, design: Design, scenario: Scenario, tracing: bool) -> None:
        self.design = design
        self.data: MasterData = design.data
        self.scenario = scenario
        self.order = scenario.order
        self.tracing = tracing
        self.trace: list[TraceStep] = []
        self.failures: list[Failure] = []
        self.documents: list[Document] = []
        self.items: list[Item] = []
        self.step = quantum(self.order.currency)
        self.customer: ErpCustomer | None = None
        self.customer_created = False
        self.sales_org: SalesOrganization | None = None
        self.held = False
        self.credit_blocked = False
        self.orders: dict[str, str] = {}
        """Active ERP orders by key -> origin."""
        self.duplicates: list[str] = []
        self.order_keys = OrderKeys(self.scenario.id)
        self.changed: list[Item] = []
        """Items changed by the amendment being applied (for its change documents)."""
        self.phase = "order"
        """What is being applied: the order, or ``amendment N``."""
        self.history_preserved = True
        self._products = {p.code: p for p in self.data.products}
        self._items = {i.material: i for i in self.data.items}
        self._bundles = {b.product: b for b in self.data.bundles}

    # -- bookkeeping ----------------------------------------------------------------------

    def note(
        self,
        step: str,
        element: str,
        subject: str,
        inputs: dict[str, Any],
        output: dict[str, Any],
    ) -> None:
        self.trace.append(TraceStep(len(self.trace) + 1, step, element, subject, inputs, output))

    def fail(
        self,
        code: FailureCode,
        mapping: Mapping | None,
        subject: str,
        message: str,
        blocking: bool = True,
    ) -> None:
        rule = error_rule(mapping, code)
        failure = Failure(
            code=code,
            mapping=mapping.id if mapping else "",
            subject=subject,
            message=message,
            route=rule.route if rule else "",
            notify=rule.notify if rule else (),
            resolution=rule.resolution if rule else "",
            correction=rule.correction if rule else "",
            policy=rule.failure if rule else "",
            blocking=blocking,
            origin=self.phase,
        )
        self.failures.append(failure)
        if blocking:
            self.held = True
        if self.tracing:
            self.note(
                "failure",
                f"mapping:{failure.mapping}" if failure.mapping else "design",
                subject,
                {"code": code},
                {
                    "message": message,
                    "route": failure.route or "(no error policy routes it)",
                    "notify": list(failure.notify),
                },
            )

    # -- the run --------------------------------------------------------------------------

    def run(self) -> RunResult:
        self.resolve_customer()
        self.resolve_sales_organization()
        self.check_currency()
        by_id = {line.id: line for line in self.order.lines}
        options: dict[str, list[Any]] = defaultdict(list)
        for line in self.order.lines:
            if line.bundle is not None and line.bundle in by_id:
                options[line.bundle].append(line)
        for line in self.order.lines:
            if line.bundle is not None and line.bundle in by_id:
                continue  # built with its bundle
            lines.build_line(
                self,
                line.id,
                line.product,
                line.quantity,
                line.unit,
                line.price,
                line.plant,
                line.channel,
                self.term_of(line.start, line.end, line.shipment, line.billing_frequency),
                "order",
                options.get(line.id, []),
            )
        groups = self.split(self.items)
        self.identify_orders(groups)
        self.emit_orders(groups, "order")
        for item in self.items:
            self.schedule(item)
        for number, amendment in enumerate(self.scenario.amendments, start=1):
            amendments.amend(self, number, amendment)
        self.prove()
        self.emit_billing_documents()
        return RunResult(
            scenario=self.scenario.id,
            title=self.scenario.title,
            documents=tuple(self.documents),
            failures=tuple(self.failures),
            schedules=self.schedules(),
            trace=tuple(self.trace),
            issued_lines_preserved=self.history_preserved,
            duplicates=tuple(self.duplicates),
        )

    def term_of(
        self,
        start: dt.date | None,
        end: dt.date | None,
        shipment: dt.date | None,
        frequency: BillingFrequency | None,
        default_start: dt.date | None = None,
    ) -> sched.Term:
        begin = start or default_start or self.order.date
        return sched.Term(
            order_date=default_start or self.order.date,
            start=begin,
            end=end,
            shipment=shipment or default_start or self.order.date,
            frequency=frequency,
        )

    # -- customer -------------------------------------------------------------------------

    def customer_duplicated(
        self, mapping: Mapping | None, message: str, blocking: bool = True
    ) -> None:
        """The run created a customer beside the account's others: a duplicate for the proof."""
        self.duplicates.append(f"customer for account {self.order.account}")
        self.fail(FailureCode.CUSTOMER_DUPLICATED, mapping, "order", message, blocking=blocking)

    def resolve_customer(self) -> None:
        mapping = self.design.customer
        account = self.order.account
        candidates = [c for c in self.data.customers if c.account == account]
        rule = mapping.resolution if mapping else None
        element = f"mapping:{mapping.id}" if mapping else "design"
        if rule is None:
            # Without a resolution rule the integration creates a customer per order.
            self.create_customer(mapping, "no resolution rule")
            if candidates:
                self.customer_duplicated(
                    mapping,
                    f"no resolution rule picks among the {len(candidates)} ERP customer(s) of "
                    f"account {account}: a new customer is created for the order",
                )
            return
        remaining = candidates
        narrowed: dict[str, str] = {}
        for attribute in rule.match_on:
            wanted = getattr(self.order, attribute, None)
            if not wanted:
                narrowed[attribute] = "(the order gives no value)"
                continue
            remaining = [c for c in remaining if getattr(c, attribute, None) == wanted]
            narrowed[attribute] = f"{wanted}: {len(remaining)} left"
        if self.tracing:
            self.note(
                "resolve-customer",
                element,
                "order",
                {
                    "account": account,
                    "candidates": [c.id for c in candidates],
                    "match_on": list(rule.match_on),
                },
                {"narrowed": narrowed, "matches": [c.id for c in remaining]},
            )
        if len(remaining) == 1:
            self.customer = remaining[0]
            if self.customer.order_block:
                self.fail(
                    FailureCode.CUSTOMER_BLOCKED,
                    mapping,
                    "order",
                    f"customer {self.customer.id} has an order block",
                )
            return
        if not remaining:
            if rule.when_none is NoMatch.CREATE:
                self.create_customer(mapping, "when_none: create")
                if candidates:
                    # The design asks for it, and it may be right (a new legal entity), but the
                    # account now has one more ERP customer: the proof says so, not blocking.
                    self.customer_duplicated(
                        mapping,
                        f"none of the {len(candidates)} ERP customer(s) of account {account} "
                        f"matches {_matched(self.order, rule.match_on)}: a new customer is "
                        "created beside them (when_none: create)",
                        blocking=False,
                    )
                return
            held = "held" if rule.when_none is NoMatch.HOLD else "rejected"
            self.fail(
                FailureCode.CUSTOMER_NOT_FOUND,
                mapping,
                "order",
                f"no ERP customer of account {account} matches "
                f"{_matched(self.order, rule.match_on)}; the order is {held} "
                f"(when_none: {rule.when_none})",
            )
            return
        outcome = "held" if rule.when_many is ManyMatches.HOLD else "rejected"
        self.fail(
            FailureCode.CUSTOMER_AMBIGUOUS,
            mapping,
            "order",
            f"{len(remaining)} ERP customers of account {account} match "
            f"{_matched(self.order, rule.match_on)} ({', '.join(c.id for c in remaining)}); the "
            f"order is {outcome} and no customer is created",
        )

    def create_customer(self, mapping: Mapping | None, why: str) -> None:
        self.customer_created = True
        target = self.design.customer_document
        key = f"NEW-{self.order.account}"
        self.customer = ErpCustomer(
            id=key,
            account=self.order.account,
            legal_entity=self.order.legal_entity,
            bill_to=self.order.bill_to,
        )
        self.documents.append(Document(target, key, {"account": self.order.account, "reason": why}))
        if self.tracing:
            self.note(
                "create-customer",
                f"mapping:{mapping.id}" if mapping else "design",
                "order",
                {"account": self.order.account},
                {"customer": key, "reason": why},
            )

    # -- sales organisation and currency --------------------------------------------------

    def resolve_sales_organization(self) -> None:
        legal_entity = self.order.legal_entity or (
            self.customer.legal_entity if self.customer else ""
        )
        found = next(
            (s for s in self.data.sales_organizations if s.legal_entity == legal_entity), None
        )
        if found is None and self.customer is not None and self.customer.sales_organization:
            found = next(
                (
                    s
                    for s in self.data.sales_organizations
                    if s.id == self.customer.sales_organization
                ),
                None,
            )
        self.sales_org = found
        if self.tracing:
            self.note(
                "sales-organization",
                f"master-data:{self.data.id}",
                "order",
                {"legal_entity": legal_entity},
                {
                    "sales_organization": found.id if found else "",
                    "company_code": found.company_code if found else "",
                    "company_code_currency": found.currency if found else "",
                },
            )
        if found is None:
            self.fail(
                FailureCode.ORDER_VALIDATION_FAILED,
                self.design.order,
                "order",
                f"no sales organisation sells for legal entity {legal_entity or '(none)'}",
            )

    def check_currency(self) -> None:
        org = self.sales_org
        if org is None:
            return
        currency = self.order.currency
        if currency == org.currency:
            verdict = "company code currency"
        elif currency in org.currencies:
            verdict = (
                f"document currency {currency}; the ERP translates to {org.currency} at pricing "
                "and billing date"
            )
        else:
            verdict = "not released"
        if self.tracing:
            self.note(
                "check-currency",
                f"mapping:{self.design.order.id}" if self.design.order else "design",
                "order",
                {
                    "currency": currency,
                    "company_code_currency": org.currency,
                    "released": list(org.currencies),
                },
                {"result": verdict},
            )
        if verdict == "not released":
            self.fail(
                FailureCode.CURRENCY_NOT_ALLOWED,
                self.design.order,
                "order",
                f"{currency} is neither the company code currency {org.currency} of sales "
                f"organisation {org.id} nor released for it",
            )

    # -- split and order identification --------------------------------------------------

    def split(self, items: list[Item]) -> dict[tuple[str, ...], list[Item]]:
        mapping = self.design.order
        rule = mapping.split if mapping else None
        group_by = rule.group_by if rule else ()
        groups: dict[tuple[str, ...], list[Item]] = {}
        for item, key in zip(items, group_keys(items, group_by), strict=True):
            groups.setdefault(key, []).append(item)
        if self.tracing:
            self.note(
                "split",
                f"mapping:{mapping.id}" if mapping else "design",
                "order",
                {
                    "group_by": list(group_by) or "(no split rule: one ERP order)",
                    "items": len(items),
                },
                {
                    "orders": [
                        {
                            "group": dict(zip(group_by, key, strict=True)),
                            "items": [i.line for i in found],
                        }
                        for key, found in groups.items()
                    ]
                },
            )
        for key, found in groups.items():
            order_key = self.order_keys(key)
            for item in found:
                item.order_key = order_key
        return groups

    def identify_orders(self, groups: dict[tuple[str, ...], list[Item]]) -> None:
        """The order mapping's resolution rule must find each ERP order again on a resend: the
        values it matches on have to be the same for every item of the order."""
        mapping = self.design.order
        rule = mapping.resolution if mapping else None
        if rule is None:
            return
        for found in groups.values():
            for attribute in rule.match_on:
                # A bundle header carries its components' order, not their class or material.
                values = sorted(
                    {item.attribute(attribute) for item in found if not item.bundle_header}
                )
                if len(values) > 1:
                    self.fail(
                        FailureCode.SPLIT_KEY_MIXED,
                        mapping,
                        f"ERP order {found[0].order_key}",
                        f"the order holds items with {attribute} {' and '.join(values)}, but "
                        f"the resolution rule identifies an ERP order by one {attribute}; a "
                        "resend cannot find it and would create another",
                        blocking=False,
                    )

    def emit_orders(self, groups: dict[tuple[str, ...], list[Item]], origin: str) -> None:
        if self.held:
            if self.tracing:
                self.note(
                    "hold",
                    "design",
                    "order",
                    {"failures": [f.code for f in self.failures if f.blocking]},
                    {"sent": "nothing: the order is held until the failures are resolved"},
                )
            return
        mapping = self.design.order
        document_type = self.design.order_document
        for found in groups.values():
            key = found[0].order_key
            if key in self.orders:
                self.duplicates.append(f"order {key}")
            self.orders[key] = origin
            status = "created"
            if self.customer is not None and self.customer.credit_block:
                status = "credit-blocked"
            self.documents.append(
                Document(
                    document_type,
                    key,
                    self.order_attributes(found, status),
                    tuple(self.document_item(item) for item in found),
                    sum((item.net for item in found), ZERO),
                    origin,
                )
            )
            if self.tracing:
                self.note(
                    "create-order",
                    f"mapping:{mapping.id}" if mapping else "design",
                    f"ERP order {key}",
                    {"items": [item.line for item in found]},
                    {"status": status, "net": sum((item.net for item in found), ZERO)},
                )
        if self.customer is not None and self.customer.credit_block and not self.credit_blocked:
            self.credit_blocked = True
            self.fail(
                FailureCode.CREDIT_BLOCK,
                mapping,
                "order",
                f"customer {self.customer.id} is credit-blocked: the ERP accepts the order and "
                "blocks it for delivery and billing",
                blocking=False,
            )

    def order_attributes(self, found: list[Item], status: str) -> dict[str, str]:
        return {
            "customer": self.customer.id if self.customer else "",
            "sales_organization": self.sales_org.id if self.sales_org else "",
            "currency": self.order.currency,
            "company_code_currency": self.sales_org.currency if self.sales_org else "",
            "plant": found[0].plant,
            "channel": found[0].channel,
            "status": status,
        }

    @staticmethod
    def document_item(item: Item) -> DocumentItem:
        return DocumentItem(
            item.line,
            item.material,
            item.quantity,
            item.unit,
            item.net,
            item.plant,
            item.channel,
            item.category,
        )

    # -- schedules ------------------------------------------------------------------------

    def schedule(self, item: Item) -> None:
        product_class = item.product_class
        if product_class is None or self.held or not item.priced:
            return
        charges = sched.billing_charges(product_class, item.term, item.net, None, self.step)
        item.billing.extend(
            BillingLine(
                item.line,
                c.date,
                c.amount,
                c.period_start,
                c.period_end,
                item.origin,
                item.order_key,
            )
            for c in charges
        )
        item.recognition.extend(
            (period, amount, item.origin)
            for period, amount in sched.recognition_amounts(
                product_class, item.term, item.net, self.step
            )
        )
        if self.tracing:
            billing, recognition = product_class.billing, product_class.recognition
            self.note(
                "schedule",
                f"product-class:{product_class.id}",
                f"line {item.line}",
                {
                    "net": item.net,
                    "billing": f"{billing.timing} {item.term.frequency or ''}".strip()
                    if billing
                    else "(none)",
                    "recognition": (
                        f"{recognition.method} {recognition.event or recognition.basis or ''}"
                        if recognition
                        else "(none)"
                    ),
                    "term": [item.term.start, item.term.end],
                },
                {"invoices": len(charges), "periods": len(item.recognition)},
            )

    def schedules(self) -> Schedules:
        billing = sorted(
            (line for item in self.items for line in item.billing),
            key=lambda b: (b.date, b.line, b.origin),
        )
        entries = sorted(
            (period, item.line, origin, amount)
            for item in self.items
            for period, amount, origin in item.recognition
            if amount
        )
        recognition = tuple(
            RecognitionLine(line, period, amount, origin)
            for period, line, origin, amount in entries
        )
        # Amounts are rounded already; a zero with the currency's exponent keeps sums printable
        # as money (0.00) without rounding every period again.
        zero = ZERO.quantize(self.step)
        billed: dict[str, Decimal] = defaultdict(lambda: zero)
        earned: dict[str, Decimal] = defaultdict(lambda: zero)
        for b in billing:
            billed[cal.month_key(b.date)] += b.amount
        for period, _, _, amount in entries:
            earned[period] += amount
        rows = []
        cumulative = zero
        for period in sorted(billed.keys() | earned.keys()):
            cumulative += billed[period] - earned[period]
            rows.append(
                PeriodRow(
                    period,
                    billed[period],
                    earned[period],
                    cumulative if cumulative > 0 else zero,
                    -cumulative if cumulative < 0 else zero,
                )
            )
        # Billing of a credit-blocked order waits for its release: the plan is shown as the
        # plan, and says it is blocked, rather than read as invoices (none is raised).
        blocked = "credit block" if self.credit_blocked else ""
        return Schedules(self.order.currency, tuple(billing), recognition, tuple(rows), blocked)

    def emit_billing_documents(self) -> None:
        """Invoices and credit memos: billing lines of one ERP order on one date are one
        document. Held or credit-blocked orders are not billed."""
        if self.held or self.credit_blocked:
            return
        totals: dict[tuple[dt.date, str], Decimal] = defaultdict(lambda: ZERO)
        origins: dict[tuple[dt.date, str], set[str]] = defaultdict(set)
        for item in self.items:
            for line in item.billing:
                totals[(line.date, line.order_key)] += line.amount
                origins[(line.date, line.order_key)].add(line.origin)
        for (date, order_key), amount in sorted(totals.items()):
            if amount == ZERO:
                continue
            kind = INVOICE if amount > ZERO else CREDIT_MEMO
            origin = ", ".join(sorted(origins[(date, order_key)]))
            self.documents.append(
                Document(
                    kind,
                    f"{order_key}@{date.isoformat()}",
                    {"order": order_key, "date": date.isoformat(), "currency": self.order.currency},
                    amount=amount,
                    origin=origin,
                )
            )

    # -- amendments -----------------------------------------------------------------------

    def prove(self) -> None:
        if self.tracing:
            self.note(
                "prove-no-duplicates",
                "design",
                "order",
                {"orders": sorted(self.orders), "customer_created": self.customer_created},
                {"duplicates": list(self.duplicates) or "none"},
            )


def _matched(order: Any, attributes: tuple[str, ...]) -> str:
    parts = [f"{name} {getattr(order, name, '') or '(empty)'}" for name in attributes]
    return ", ".join(parts) or "(nothing to match on)"
