"""The simulator: one scenario through the design, step by step.

Order of the steps (each one recorded in the trace with the element that decided it):
customer resolution -> sales organisation and currency -> per line: product to ERP item,
required attributes, bundle explosion, unit conversion, plant -> split into ERP orders ->
order identification -> billing and recognition schedules -> amendments (change documents,
prorated charges and credits, re-spread recognition) -> proofs (no duplicate order or customer,
issued billing lines untouched).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..domain.mappings import (
    AmendmentRule,
    AmendmentStrategy,
    ManyMatches,
    Mapping,
    NoMatch,
    PriceAllocation,
    Proration,
)
from ..domain.masterdata import CrmProduct, ErpCustomer, ErpItem, MasterData, SalesOrganization
from ..domain.revenue import BillingFrequency, ProductClass, RecognitionMethod
from ..domain.scenarios import Amendment, AmendmentChange, ChangeAction, Channel, Scenario
from ..domain.workspace import Workspace
from . import calendar as cal
from . import schedules as sched
from .design import Design, SimulationError, error_rule
from .money import ZERO, allocate_largest_remainder, quantum, round_money, split_by_weights
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

ORDER_DOCUMENT = "A_SalesOrder"
CUSTOMER_DOCUMENT = "A_Customer"


@dataclass(slots=True)
class Item:
    """An ERP order item as the run builds it, with its schedules so far."""

    line: str
    crm_line: str
    product: str
    material: str
    crm_unit: str
    crm_quantity: Decimal
    quantity: Decimal
    unit: str
    factor: Decimal
    price: Decimal
    """CRM unit price: per unit for one-off products, per unit and term for term products."""
    net: Decimal
    plant: str
    channel: str
    category: str
    product_class: ProductClass | None
    term: sched.Term
    origin: str = "order"
    allocation: Decimal = Decimal(1)
    """Share of the CRM line price this item carries (bundle components)."""
    priced: bool = True
    order_key: str = ""
    pricing_term: tuple[dt.date, dt.date] | None = None
    """The term the price is quoted for, when it is not the item's own (co-termed additions)."""
    billing: list[BillingLine] = field(default_factory=list)
    recognition: list[tuple[str, Decimal, str]] = field(default_factory=list)

    def attribute(self, name: str) -> str:
        if name == "product_class":
            return self.product_class.id if self.product_class else ""
        value = getattr(self, name, None)
        return "" if value is None else str(value)


def run_scenario(workspace: Workspace, scenario: Scenario, trace: bool = True) -> RunResult:
    """Run ``scenario`` through ``workspace``; pure and deterministic."""
    base = workspace.master_data_set(scenario.master_data)
    if base is None:
        raise SimulationError(
            f"scenario {scenario.id}: master data set "
            f"{scenario.master_data or '(first)'} does not exist"
        )
    data = base.with_overrides(scenario.overrides)
    return _Run(Design.of(workspace, data), scenario, trace).run()


class _Run:
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
        self.changed: list[Item] = []
        self.phase = "order"
        """What is being applied: the order, or ``amendment N``."""
        """Items changed by the amendment being applied (for its change documents)."""
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
        code: str,
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
        lines = {line.id: line for line in self.order.lines}
        options: dict[str, list[Any]] = defaultdict(list)
        for line in self.order.lines:
            if line.bundle is not None and line.bundle in lines:
                options[line.bundle].append(line)
        for line in self.order.lines:
            if line.bundle is not None and line.bundle in lines:
                continue  # built with its bundle
            self.build_line(
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
            self.amend(number, amendment)
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
                self.duplicates.append(f"customer for account {account}")
                self.fail(
                    "CUSTOMER_DUPLICATED",
                    mapping,
                    "order",
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
                    "CUSTOMER_BLOCKED",
                    mapping,
                    "order",
                    f"customer {self.customer.id} has an order block",
                )
            return
        if not remaining:
            if rule.when_none is NoMatch.CREATE:
                self.create_customer(mapping, "when_none: create")
                return
            held = "held" if rule.when_none is NoMatch.HOLD else "rejected"
            self.fail(
                "CUSTOMER_NOT_FOUND",
                mapping,
                "order",
                f"no ERP customer of account {account} matches "
                f"{_matched(self.order, rule.match_on)}; the order is {held} "
                f"(when_none: {rule.when_none})",
            )
            return
        outcome = "held" if rule.when_many is ManyMatches.HOLD else "rejected"
        self.fail(
            "CUSTOMER_AMBIGUOUS",
            mapping,
            "order",
            f"{len(remaining)} ERP customers of account {account} match "
            f"{_matched(self.order, rule.match_on)} ({', '.join(c.id for c in remaining)}); the "
            f"order is {outcome} and no customer is created",
        )

    def create_customer(self, mapping: Mapping | None, why: str) -> None:
        self.customer_created = True
        target = (
            mapping.target.partition(":")[2] if mapping and mapping.target else CUSTOMER_DOCUMENT
        )
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
                "ORDER_VALIDATION_FAILED",
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
                "CURRENCY_NOT_ALLOWED",
                self.design.order,
                "order",
                f"{currency} is neither the company code currency {org.currency} of sales "
                f"organisation {org.id} nor released for it",
            )

    # -- lines ----------------------------------------------------------------------------

    def build_line(
        self,
        line_id: str,
        code: str,
        quantity: Decimal,
        unit: str,
        price: Decimal,
        plant: str,
        channel: Channel,
        term: sched.Term,
        origin: str,
        options: list[Any],
    ) -> list[Item]:
        product = self._products.get(code)
        if product is None:
            self.fail(
                "PRODUCT_NOT_IN_ERP",
                self.design.product,
                f"line {line_id}",
                f"product {code} is not in the CRM catalogue of the master data",
            )
            return []
        bundle = self.design.bundle.bundle if self.design.bundle else None
        if product.bundle and bundle is not None:
            return self.explode(
                line_id, product, quantity, unit, price, plant, channel, term, origin, options
            )
        item = self.build_item(
            line_id,
            line_id,
            product,
            quantity,
            unit,
            price,
            plant,
            channel,
            term,
            origin,
            self.design.product,
            "PRODUCT_NOT_IN_ERP",
        )
        for option in options:
            self.fail(
                "ORDER_VALIDATION_FAILED",
                self.design.order_item,
                f"line {option.id}",
                f"line {option.id} is an option of {line_id}, which is not exploded as a bundle",
            )
        return [item] if item else []

    def build_item(
        self,
        item_id: str,
        crm_line: str,
        product: CrmProduct,
        quantity: Decimal,
        unit: str,
        price: Decimal,
        plant: str,
        channel: Channel,
        term: sched.Term,
        origin: str,
        missing_mapping: Mapping | None,
        missing_code: str,
        net: Decimal | None = None,
        allocation: Decimal = Decimal(1),
    ) -> Item | None:
        subject = f"line {item_id}"
        erp = self._items.get(product.code)
        if self.tracing:
            self.note(
                "map-product",
                f"mapping:{missing_mapping.id}" if missing_mapping else "design",
                subject,
                {"product": product.code},
                {"material": erp.material if erp else "(none)"},
            )
        if erp is None:
            self.fail(
                missing_code,
                missing_mapping,
                subject,
                f"product {product.code} has no material in the ERP item master",
            )
            return None
        self.check_attributes(subject, erp)
        converted = self.convert_unit(subject, unit, quantity, erp)
        erp_quantity, erp_unit, factor = converted
        plant_used = plant or (self.sales_org.main_plant if self.sales_org else "")
        self.check_plant(subject, erp, plant_used, plant)
        product_class = self.design.product_class(product.product_class)
        if product_class is None:
            self.fail(
                "PRODUCT_CLASS_MISSING",
                self.design.billing_plan,
                subject,
                f"product {product.code} has no product class: nobody has said when it is "
                "invoiced or when its revenue is earned",
                blocking=False,
            )
        frequency = term.frequency
        if product_class is not None:
            frequency = sched.billing_frequency(product_class, term.frequency)
            if sched.needs_term(product_class, frequency) and term.end is None:
                self.fail(
                    "BILLING_PLAN_INVALID",
                    self.design.billing_plan,
                    subject,
                    f"product class {product_class.id} bills or recognises over a term, but "
                    "the line has no service end date",
                )
        category = self.category(channel, product_class)
        amount = net if net is not None else round_money(quantity * price, self.step)
        item = Item(
            line=item_id,
            crm_line=crm_line,
            product=product.code,
            material=erp.material,
            crm_unit=unit,
            crm_quantity=quantity,
            quantity=erp_quantity,
            unit=erp_unit,
            factor=factor,
            price=price,
            net=amount,
            plant=plant_used,
            channel=str(channel),
            category=category,
            product_class=product_class,
            term=replace(term, frequency=frequency),
            origin=origin,
            allocation=allocation,
        )
        self.items.append(item)
        return item

    def check_attributes(self, subject: str, erp: ErpItem) -> None:
        missing = [
            label
            for label, value in (
                ("base unit", erp.base_unit),
                ("tax classification", erp.tax_classification),
                ("cost account", erp.cost_account),
            )
            if not value
        ]
        if self.tracing:
            self.note(
                "check-item",
                f"mapping:{self.design.product.id}" if self.design.product else "design",
                subject,
                {"material": erp.material},
                {"missing": missing or "nothing"},
            )
        if missing:
            self.fail(
                "PRODUCT_INCOMPLETE",
                self.design.product,
                subject,
                f"material {erp.material} lacks {', '.join(missing)}",
            )

    def convert_unit(
        self, subject: str, unit: str, quantity: Decimal, erp: ErpItem
    ) -> tuple[Decimal, str, Decimal]:
        value_map = self.design.unit_map
        if value_map is None:
            return quantity, unit, Decimal(1)
        entry = value_map.translate(unit)
        target = entry.target if entry else value_map.default
        factor = entry.factor if entry and entry.factor else Decimal(1)
        if self.tracing:
            self.note(
                "convert-unit",
                f"value-map:{value_map.id}",
                subject,
                {"unit": unit, "quantity": quantity},
                {"unit": target or "(no entry)", "factor": factor, "quantity": quantity * factor},
            )
        if target is None:
            self.fail(
                "UOM_NOT_MAPPED",
                self.design.order_item,
                subject,
                f"unit {unit} has no entry in value map {value_map.id}",
            )
            return quantity, unit, Decimal(1)
        if erp.base_unit and target != erp.base_unit and target not in erp.units:
            self.fail(
                "UOM_NOT_MAPPED",
                self.design.order_item,
                subject,
                f"unit {unit} -> {target} is not a unit of material {erp.material} (base unit "
                f"{erp.base_unit})",
            )
        return quantity * factor, target, factor

    def check_plant(self, subject: str, erp: ErpItem, plant: str, own: str) -> None:
        mapping = self.design.plant
        rule = mapping.resolution if mapping else None
        if rule is None or "plant" not in rule.match_on:
            return
        if self.tracing:
            self.note(
                "check-plant",
                f"mapping:{mapping.id}" if mapping else "design",
                subject,
                {"plant": plant if own else f"{plant} (main plant of the sales organisation)"},
                {"material plants": list(erp.plants)},
            )
        if plant not in erp.plants:
            self.fail(
                "PRODUCT_NOT_IN_PLANT",
                mapping,
                subject,
                f"material {erp.material} is not extended to plant {plant or '(none)'}",
            )

    def category(self, channel: Channel, product_class: ProductClass | None) -> str:
        value_map = self.design.category_map
        if value_map is None:
            return ""
        key = str(channel)
        if product_class is not None and sched.is_periodic(product_class):
            key = "subscription"
            recognition = product_class.recognition
            if (
                recognition
                and recognition.method is RecognitionMethod.RATABLE
                and (
                    product_class.billing
                    and product_class.billing.frequency is BillingFrequency.MONTHLY
                )
            ):
                key = "service"
        entry = value_map.translate(key) or value_map.translate(str(channel))
        return entry.target if entry else (value_map.default or "")

    # -- bundles --------------------------------------------------------------------------

    def explode(
        self,
        line_id: str,
        product: CrmProduct,
        quantity: Decimal,
        unit: str,
        price: Decimal,
        plant: str,
        channel: Channel,
        term: sched.Term,
        origin: str,
        options: list[Any],
    ) -> list[Item]:
        mapping = self.design.bundle
        assert mapping is not None and mapping.bundle is not None
        rule = mapping.bundle
        definition = self._bundles.get(product.code)
        components = definition.components if definition else rule.components
        required = [c for c in components if not c.optional]
        net = round_money(quantity * price, self.step)
        subject = f"line {line_id}"
        factor = Decimal(1)
        if self.design.unit_map is not None:
            entry = self.design.unit_map.translate(unit)
            factor = entry.factor if entry and entry.factor else Decimal(1)
        shares: list[Decimal]
        if rule.price_allocation is PriceAllocation.FIXED_SHARE:
            shares = [c.share or ZERO for c in required]
            if sum(shares, ZERO) != Decimal(1):
                self.fail(
                    "BUNDLE_SHARES_INVALID",
                    mapping,
                    subject,
                    f"the shares of bundle {product.code}'s required components add up to "
                    f"{sum(shares, ZERO)}, not 1",
                )
        elif rule.price_allocation is PriceAllocation.LIST_PRICE_RATIO:
            prices = [
                (self._products[c.product].list_price or ZERO) * c.quantity
                if c.product in self._products
                else ZERO
                for c in required
            ]
            whole = sum(prices, ZERO)
            shares = [p / whole if whole else ZERO for p in prices]
        else:
            shares = [ZERO for _ in required]
        amounts = (
            allocate_largest_remainder(net, shares, self.step)
            if rule.price_allocation is not PriceAllocation.PARENT_ONLY
            else [ZERO for _ in required]
        )
        if self.tracing:
            self.note(
                "explode-bundle",
                f"mapping:{mapping.id}",
                subject,
                {
                    "bundle": product.code,
                    "quantity": quantity,
                    "net": net,
                    "components_from": (
                        f"master-data:{self.data.id}" if definition else f"mapping:{mapping.id}"
                    ),
                    "price_allocation": str(rule.price_allocation),
                },
                {
                    "components": [
                        {
                            "product": c.product,
                            "quantity": quantity * factor * c.quantity,
                            "share": share,
                            "net": amount,
                        }
                        for c, share, amount in zip(required, shares, amounts, strict=True)
                    ]
                },
            )
        built: list[Item] = []
        self.items.append(
            self.bundle_header(
                line_id, product, quantity, unit, price, plant, channel, term, origin
            )
        )
        for component, share, amount in zip(required, shares, amounts, strict=True):
            component_product = self._products.get(component.product) or CrmProduct(
                code=component.product, product_class=product.product_class
            )
            item = self.build_item(
                f"{line_id}/{component.product}",
                line_id,
                component_product.model_copy(
                    update={
                        "product_class": component_product.product_class or product.product_class
                    }
                ),
                quantity * factor * component.quantity,
                "Each" if self.design.unit_map is None else _base_source_unit(self.design, "Each"),
                price,
                plant,
                channel,
                term,
                origin,
                mapping,
                "COMPONENT_NOT_IN_ERP",
                net=amount,
                allocation=share,
            )
            if item:
                # Amendments count a component in bundles: its quantity follows the bundle's.
                item.crm_quantity = quantity
                item.factor = factor * component.quantity
                built.append(item)
        optional = {c.product for c in components if c.optional}
        for option in options:
            if option.product not in optional:
                self.fail(
                    "ORDER_VALIDATION_FAILED",
                    mapping,
                    f"line {option.id}",
                    f"{option.product} is not an optional component of bundle {product.code}",
                )
                continue
            option_product = self._products.get(option.product)
            assert option_product is not None  # validated before the run
            item = self.build_item(
                option.id,
                option.id,
                option_product,
                option.quantity,
                option.unit,
                option.price,
                option.plant or plant,
                option.channel,
                self.term_of(option.start, option.end, option.shipment, option.billing_frequency),
                origin,
                mapping,
                "COMPONENT_NOT_IN_ERP",
            )
            if item:
                built.append(item)
        return built

    def bundle_header(
        self,
        line_id: str,
        product: CrmProduct,
        quantity: Decimal,
        unit: str,
        price: Decimal,
        plant: str,
        channel: Channel,
        term: sched.Term,
        origin: str,
    ) -> Item:
        """The structure header the components hang under: not priced, not billed."""
        entry = (
            self.design.category_map.translate("bundle-header")
            if self.design.category_map
            else None
        )
        unit_entry = self.design.unit_map.translate(unit) if self.design.unit_map else None
        return Item(
            line=line_id,
            crm_line=f"{line_id} (header)",
            product=product.code,
            material=product.code,
            crm_unit=unit,
            crm_quantity=quantity,
            quantity=quantity,
            unit=unit_entry.target if unit_entry else unit,
            factor=Decimal(1),
            price=price,
            net=ZERO,
            plant=plant or (self.sales_org.main_plant if self.sales_org else ""),
            channel=str(channel),
            category=entry.target if entry else "",
            product_class=None,
            term=term,
            origin=origin,
            priced=False,
        )

    # -- split and order identification --------------------------------------------------

    def split(self, items: list[Item]) -> dict[tuple[str, ...], list[Item]]:
        mapping = self.design.order
        rule = mapping.split if mapping else None
        group_by = rule.group_by if rule else ()
        groups: dict[tuple[str, ...], list[Item]] = {}
        for item in items:
            groups.setdefault(tuple(item.attribute(name) for name in group_by), []).append(item)
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
            order_key = (
                "-".join((self.scenario.id, *(_short(v) for v in key))) if key else self.scenario.id
            )
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
                values = sorted({item.attribute(attribute) for item in found})
                if len(values) > 1:
                    self.fail(
                        "SPLIT_KEY_MIXED",
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
        document_type = (
            mapping.target.partition(":")[2] if mapping and mapping.target else ORDER_DOCUMENT
        )
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
                "CREDIT_BLOCK",
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
        if product_class is None or self.held:
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
        return Schedules(self.order.currency, tuple(billing), recognition, tuple(rows))

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
            kind = "invoice" if amount > ZERO else "credit-memo"
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

    def amend(self, number: int, amendment: Amendment) -> None:
        """Apply one amendment; when it fails with a blocking failure the amendment is held and
        the order stays as it was (its documents and schedules are not touched)."""
        if self.held:
            if self.tracing:
                self.note(
                    "amendment",
                    "design",
                    f"amendment {number}",
                    {"effective": amendment.effective},
                    {"applied": "no: the order is held"},
                )
            return
        saved = self.snapshot()
        self.phase = f"amendment {number}"
        self.apply_amendment(number, amendment)
        self.phase = "order"
        if self.held:
            self.restore(saved)
            if self.tracing:
                self.note(
                    "hold",
                    "design",
                    f"amendment {number}",
                    {
                        "failures": [
                            f.code
                            for f in self.failures
                            if f.origin == f"amendment {number}" and f.blocking
                        ]
                    },
                    {"sent": "nothing: the amendment is held; the order stays as it was"},
                )

    def snapshot(self) -> tuple[list[Item], int, dict[str, str]]:
        """What an amendment may change (the proofs it fails are kept, not rolled back)."""
        items = [
            replace(item, billing=list(item.billing), recognition=list(item.recognition))
            for item in self.items
        ]
        return items, len(self.documents), dict(self.orders)

    def restore(self, saved: tuple[list[Item], int, dict[str, str]]) -> None:
        items, documents, orders = saved
        self.items = items
        del self.documents[documents:]
        self.orders = orders
        self.held = False
        self.changed = []

    def apply_amendment(self, number: int, amendment: Amendment) -> None:
        origin = f"amendment {number}"
        effective = amendment.effective
        rule = self.design.amendment_rule
        mapping = self.design.amendment or self.design.amendment_item
        issued_before = self.issued_lines(effective)
        if rule is None:
            rule = AmendmentRule(
                strategy=AmendmentStrategy.NEW_ORDER,
                proration=Proration.NONE,
                co_term=False,
                preserve_billing_history=False,
            )
            if self.tracing:
                self.note(
                    "amendment-rule",
                    "design",
                    origin,
                    {"effective": effective},
                    {"rule": "none declared: the amendment travels as a new order"},
                )
        contract_end = max((i.term.end for i in self.items if i.term.end), default=None)
        contract_start = min((i.term.start for i in self.items), default=self.order.date)
        touched: dict[str, list[str]] = defaultdict(list)
        new_items: list[Item] = []
        for change in amendment.changes:
            subject = f"{origin}, line {change.line}"
            if change.action is ChangeAction.ADD_LINE:
                new_items.extend(
                    self.add_line(
                        change, effective, origin, rule, contract_start, contract_end, touched
                    )
                )
                continue
            targets = [i for i in self.items if i.crm_line == change.line]
            if not targets:
                self.fail(
                    "AMENDMENT_TARGET_NOT_FOUND",
                    mapping,
                    subject,
                    f"line {change.line} is not on an ERP order",
                )
                continue
            for item in targets:
                self.change_item(item, change, effective, origin, rule, touched, subject)
        self.emit_amendment_documents(number, origin, rule, mapping, touched, new_items)
        self.changed = []
        self.check_history(origin, issued_before, effective, mapping)

    def add_line(
        self,
        change: AmendmentChange,
        effective: dt.date,
        origin: str,
        rule: AmendmentRule,
        contract_start: dt.date,
        contract_end: dt.date | None,
        touched: dict[str, list[str]],
    ) -> list[Item]:
        product = self._products.get(change.product)
        product_class = self.design.product_class(product.product_class) if product else None
        start = change.start or effective
        end = change.end
        if (
            rule.co_term
            and contract_end is not None
            and (
                product_class is None
                or sched.needs_term(
                    product_class,
                    change.billing_frequency
                    or (product_class.billing.frequency if product_class.billing else None),
                )
            )
        ):
            end = contract_end
        quantity = change.quantity or ZERO
        price = change.price or ZERO
        term = self.term_of(start, end, None, change.billing_frequency, default_start=effective)
        if rule.co_term and contract_end is not None:
            term = replace(term, anchor=contract_start)
        before = len(self.items)
        built = self.build_line(
            change.line,
            change.product,
            quantity,
            change.unit or (product.unit if product else "Each"),
            price,
            change.plant,
            change.channel or Channel.DIRECT,
            term,
            origin,
            [],
        )
        ratio = Decimal(1)
        if (
            contract_end is not None
            and end is not None
            and product_class is not None
            and sched.needs_term(product_class, term.frequency)
        ):
            ratio = _proration(rule.proration, start, end, contract_start, contract_end)
        for item in built:
            full = item.net
            item.net = round_money(full * ratio, self.step)
            if contract_end is not None:
                item.pricing_term = (contract_start, contract_end)
            group = tuple(item.attribute(name) for name in self._group_by())
            item.order_key = (
                "-".join((self.scenario.id, *(_short(v) for v in group)))
                if group
                else self.scenario.id
            )
            touched[item.order_key].append(f"add {item.line}")
            if self.tracing:
                self.note(
                    "prorate",
                    _element(self.design.amendment or self.design.amendment_item),
                    f"{origin}, line {item.line}",
                    {
                        "full_term_net": full,
                        "term": [start, end],
                        "contract": [contract_start, contract_end],
                        "proration": str(rule.proration),
                        "co_term": rule.co_term,
                    },
                    {"ratio": round(ratio, 6), "net": item.net},
                )
            self.schedule(item)
        return self.items[before:]

    def _group_by(self) -> tuple[str, ...]:
        mapping = self.design.order
        return mapping.split.group_by if mapping and mapping.split else ()

    def change_item(
        self,
        item: Item,
        change: AmendmentChange,
        effective: dt.date,
        origin: str,
        rule: AmendmentRule,
        touched: dict[str, list[str]],
        subject: str,
    ) -> None:
        product_class = item.product_class
        term = item.term
        start, end = term.start, term.end
        termed = (
            product_class is not None
            and end is not None
            and sched.needs_term(product_class, term.frequency)
        )
        from_day = max(effective, start)
        old_end = end
        new_end = end
        delta = ZERO
        unit_value = item.net / item.crm_quantity if item.crm_quantity else ZERO
        """The item's value per CRM unit over its full term (bundle shares included)."""
        if change.action in (ChangeAction.CHANGE_QUANTITY, ChangeAction.REMOVE_LINE):
            quantity = (
                ZERO if change.action is ChangeAction.REMOVE_LINE else (change.quantity or ZERO)
            )
            difference = quantity - item.crm_quantity
            ratio = (
                _proration(rule.proration, from_day, end, start, end)
                if termed and end
                else Decimal(1)
            )
            delta = round_money(difference * unit_value * ratio, self.step)
            item.crm_quantity = quantity
            item.quantity = quantity * item.factor
            described = f"quantity {quantity}"
        elif change.action is ChangeAction.CHANGE_PRICE:
            new_price = change.price if change.price is not None else item.price
            ratio = (
                _proration(rule.proration, from_day, end, start, end)
                if termed and end
                else Decimal(1)
            )
            delta = round_money(
                (new_price - item.price) * item.crm_quantity * item.allocation * ratio, self.step
            )
            item.price = new_price
            described = f"price {new_price}"
        else:  # change-term
            new_end = change.end or end
            if not termed or end is None or new_end is None:
                self.fail(
                    "AMENDMENT_CONFLICT",
                    self.design.amendment,
                    subject,
                    f"line {item.line} has no service term to change",
                )
                return
            # The added (or removed) days at the line's current price for its pricing term.
            low, high = (end, new_end) if new_end > end else (new_end, end)
            pricing_start, pricing_end = item.pricing_term or (start, end)
            ratio = _proration(
                rule.proration if rule.proration is not Proration.NONE else Proration.DAILY,
                low + cal.ONE_DAY,
                high,
                pricing_start,
                pricing_end,
            )
            sign = Decimal(1) if new_end > end else Decimal(-1)
            delta = round_money(
                sign * item.crm_quantity * item.price * item.allocation * ratio, self.step
            )
            item.term = replace(term, end=new_end)
            described = f"end {new_end}"
        touched[item.order_key].append(f"{change.action} {item.line}: {described}")
        if self.tracing:
            self.note(
                "amend-line",
                _element(self.design.amendment_item or self.design.amendment),
                subject,
                {
                    "action": str(change.action),
                    "effective": effective,
                    "net_before": item.net,
                    "proration": str(rule.proration),
                },
                {
                    "delta": delta,
                    "net_after": item.net + delta,
                    "kind": "charge" if delta > 0 else "credit" if delta < 0 else "none",
                },
            )
        if product_class is None:
            item.net += delta
            return
        new_total = item.net + delta
        billed_from = from_day
        if change.action is ChangeAction.CHANGE_TERM and old_end is not None and new_end:
            # An extension is charged for the added months only (a shortening credits them).
            billed_from = min(old_end, new_end) + cal.ONE_DAY
        self.bill_delta(
            item,
            delta,
            billed_from,
            max(old_end or new_end, new_end) if new_end else None,
            effective,
            origin,
            rule,
            termed,
        )
        if item not in self.changed:
            self.changed.append(item)
        self.recognise_delta(
            item, product_class, new_total, delta, effective, old_end, new_end, origin, termed
        )
        item.net = new_total

    def bill_delta(
        self,
        item: Item,
        delta: Decimal,
        from_day: dt.date,
        end: dt.date | None,
        effective: dt.date,
        origin: str,
        rule: AmendmentRule,
        termed: bool,
    ) -> None:
        if delta == ZERO or item.product_class is None:
            return
        if not rule.preserve_billing_history and termed and end is not None:
            # Recalculating the whole plan rewrites invoices that were issued already.
            issued = [b for b in item.billing if b.date < effective]
            if issued:
                weights = [Decimal(cal.days(b.period_start, b.period_end)) for b in issued]
                share = split_by_weights(delta, weights, self.step)
                rewritten = {id(b): b for b in issued}
                item.billing = [
                    BillingLine(
                        b.line,
                        b.date,
                        b.amount + share[issued.index(b)],
                        b.period_start,
                        b.period_end,
                        b.origin,
                        b.order_key,
                    )
                    if id(b) in rewritten
                    else b
                    for b in item.billing
                ]
                return
        segment = (from_day, end) if termed and end is not None else None
        term = replace(item.term, end=end or item.term.end)
        charges = sched.billing_charges(
            item.product_class, term, delta, segment, self.step, issued_on=effective
        )
        if not termed:
            charges = [sched.Charge(effective, delta, effective, effective)]
        item.billing.extend(
            BillingLine(
                item.line, c.date, c.amount, c.period_start, c.period_end, origin, item.order_key
            )
            for c in charges
        )

    def recognise_delta(
        self,
        item: Item,
        product_class: ProductClass,
        new_total: Decimal,
        delta: Decimal,
        effective: dt.date,
        old_end: dt.date | None,
        new_end: dt.date | None,
        origin: str,
        termed: bool,
    ) -> None:
        recognition = product_class.recognition
        ratable = recognition is not None and recognition.method is RecognitionMethod.RATABLE
        if not ratable or not termed or old_end is None or new_end is None:
            if delta:
                item.recognition.append((cal.month_key(effective), delta, origin))
            return
        current: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for period, amount, _ in item.recognition:
            current[period] += amount
        kept, fresh = sched.respread(
            product_class,
            sorted(current.items()),
            effective,
            item.term.start,
            old_end,
            new_total,
            new_end,
            self.step,
        )
        pivot = cal.month_key(effective)
        item.recognition = [entry for entry in item.recognition if entry[0] < pivot]
        item.recognition.extend((period, amount, origin) for period, amount in fresh)
        if self.tracing:
            self.note(
                "respread-recognition",
                f"product-class:{product_class.id}",
                f"{origin}, line {item.line}",
                {
                    "effective": effective,
                    "recognised_before": sum((v for _, v in kept), ZERO),
                    "new_total": new_total,
                },
                {"periods": len(fresh), "from": pivot, "to": cal.month_key(new_end)},
            )

    def emit_amendment_documents(
        self,
        number: int,
        origin: str,
        rule: AmendmentRule,
        mapping: Mapping | None,
        touched: dict[str, list[str]],
        new_items: list[Item],
    ) -> None:
        order_mapping = self.design.order
        document_type = (
            order_mapping.target.partition(":")[2]
            if order_mapping and order_mapping.target
            else ORDER_DOCUMENT
        )
        element = f"mapping:{mapping.id}" if mapping else "design"
        if rule.strategy is AmendmentStrategy.CHANGE_ORDER:
            for key in sorted(touched):
                if key not in self.orders:
                    self.fail(
                        "AMENDMENT_TARGET_NOT_FOUND",
                        mapping,
                        f"{origin}, ERP order {key}",
                        f"no ERP order {key} exists to change; change orders never create one",
                    )
                    continue
                self.documents.append(
                    Document(
                        f"change:{document_type}",
                        f"{key}#{number}",
                        {
                            "order": key,
                            "changes": "; ".join(touched[key]),
                            "strategy": str(rule.strategy),
                        },
                        tuple(
                            self.document_item(i)
                            for i in (*new_items, *self.changed)
                            if i.order_key == key
                        ),
                        origin=origin,
                    )
                )
                if self.tracing:
                    self.note(
                        "change-order",
                        element,
                        f"ERP order {key}",
                        {"changes": touched[key]},
                        {"document": f"change:{document_type}"},
                    )
            return
        if rule.strategy is AmendmentStrategy.CANCEL_AND_REPLACE:
            for key in sorted(self.orders):
                self.documents.append(
                    Document(
                        f"cancel:{document_type}", f"{key}#{number}", {"order": key}, origin=origin
                    )
                )
            self.history_preserved = self.history_preserved and not any(
                i.billing for i in self.items
            )
        for key in sorted(touched):
            if key in self.orders and rule.strategy is AmendmentStrategy.NEW_ORDER:
                self.duplicates.append(f"order {key}")
                self.fail(
                    "DUPLICATE_GUARD",
                    order_mapping,
                    f"{origin}, ERP order {key}",
                    f"the amendment is sent as a new order while ERP order {key} exists: two "
                    "orders now carry the same contract lines",
                )
            self.orders[key] = origin
            self.documents.append(
                Document(
                    document_type,
                    f"{key}#{number}",
                    {
                        "order": key,
                        "changes": "; ".join(touched[key]),
                        "strategy": str(rule.strategy),
                    },
                    tuple(self.document_item(i) for i in self.items if i.order_key == key),
                    origin=origin,
                )
            )
            if self.tracing:
                self.note(
                    "new-order",
                    element,
                    f"ERP order {key}",
                    {"changes": touched[key]},
                    {"document": document_type},
                )

    def issued_lines(self, effective: dt.date) -> list[BillingLine]:
        return [b for item in self.items for b in item.billing if b.date < effective]

    def check_history(
        self,
        origin: str,
        issued_before: list[BillingLine],
        effective: dt.date,
        mapping: Mapping | None,
    ) -> None:
        after = set(self.issued_lines(effective))
        altered = [b for b in issued_before if b not in after]
        if self.tracing:
            self.note(
                "prove-billing-history",
                f"mapping:{mapping.id}" if mapping else "design",
                origin,
                {"issued_lines": len(issued_before)},
                {"altered": len(altered)},
            )
        if altered:
            self.history_preserved = False
            self.fail(
                "BILLING_HISTORY_LOCKED",
                mapping,
                origin,
                f"the amendment would change {len(altered)} issued billing line(s) "
                f"({', '.join(sorted({f'{b.line}@{b.date}' for b in altered}))}); issued "
                "invoices can only be credited or charged, never altered",
            )

    def prove(self) -> None:
        if self.tracing:
            self.note(
                "prove-no-duplicates",
                "design",
                "order",
                {"orders": sorted(self.orders), "customer_created": self.customer_created},
                {"duplicates": list(self.duplicates) or "none"},
            )


def _element(mapping: Mapping | None) -> str:
    return f"mapping:{mapping.id}" if mapping else "design"


def _proration(
    proration: Proration,
    start: dt.date,
    end: dt.date | None,
    term_start: dt.date,
    term_end: dt.date | None,
) -> Decimal:
    """The part of the full term that ``start..end`` covers."""
    if proration is Proration.NONE or end is None or term_end is None:
        return Decimal(1)
    if proration is Proration.MONTHLY:
        return Decimal(_months(start, end)) / Decimal(max(_months(term_start, term_end), 1))
    total = cal.days(term_start, term_end)
    return Decimal(cal.days(start, end)) / Decimal(total) if total else Decimal(1)


def _months(start: dt.date, end: dt.date) -> int:
    """Started months from ``start`` to ``end``."""
    return len(cal.months_in(start, end)) if end >= start else -len(cal.months_in(end, start))


def _matched(order: Any, attributes: tuple[str, ...]) -> str:
    parts = [f"{name} {getattr(order, name, '') or '(empty)'}" for name in attributes]
    return ", ".join(parts) or "(nothing to match on)"


def _short(value: str) -> str:
    return {"direct": "D", "partner": "P"}.get(value, value)


def _base_source_unit(design: Design, fallback: str) -> str:
    """The CRM unit whose factor is 1 (components are counted in it after the bundle's factor)."""
    value_map = design.unit_map
    if value_map is None:
        return fallback
    for entry in value_map.entries:
        if entry.factor == 1 or entry.factor is None:
            return entry.source
    return fallback
