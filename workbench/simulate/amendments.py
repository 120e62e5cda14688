"""Amendments: original + amendment, as the amendment rule says.

Co-termed additions, increases and decreases are prorated over what remains of the term;
issued billing lines are never altered (differences are charged or credited on the effective
date); ratable revenue is re-spread from the effective date; the ERP receives change documents
(or, with other strategies, new or cancelled orders). An amendment with a blocking failure is
held and leaves the order as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.mappings import AmendmentRule, AmendmentStrategy, Mapping, Proration
from ..domain.revenue import ProductClass, RecognitionMethod
from ..domain.scenarios import Amendment, AmendmentChange, ChangeAction, Channel
from . import calendar as cal
from . import lines
from . import schedules as sched
from .failures import FailureCode
from .items import Item, element_of, group_keys
from .money import ZERO, round_together, split_by_weights
from .results import BillingLine, Document

if TYPE_CHECKING:
    from .engine import Run


def amend(run: Run, number: int, amendment: Amendment) -> None:
    """Apply one amendment; when it fails with a blocking failure the amendment is held and
    the order stays as it was (its documents and schedules are not touched)."""
    if run.held:
        if run.tracing:
            run.note(
                "amendment",
                "design",
                f"amendment {number}",
                {"effective": amendment.effective},
                {"applied": "no: the order is held"},
            )
        return
    saved = snapshot(run)
    run.phase = f"amendment {number}"
    apply_amendment(run, number, amendment)
    run.phase = "order"
    if run.held:
        restore(run, saved)
        if run.tracing:
            run.note(
                "hold",
                "design",
                f"amendment {number}",
                {
                    "failures": [
                        f.code
                        for f in run.failures
                        if f.origin == f"amendment {number}" and f.blocking
                    ]
                },
                {"sent": "nothing: the amendment is held; the order stays as it was"},
            )


def snapshot(run: Run) -> tuple[list[Item], int, dict[str, str]]:
    """What an amendment may change (the proofs it fails are kept, not rolled back)."""
    items = [
        replace(item, billing=list(item.billing), recognition=list(item.recognition))
        for item in run.items
    ]
    return items, len(run.documents), dict(run.orders)


def restore(run: Run, saved: tuple[list[Item], int, dict[str, str]]) -> None:
    items, documents, orders = saved
    run.items = items
    del run.documents[documents:]
    run.orders = orders
    run.held = False
    run.changed = []


def apply_amendment(run: Run, number: int, amendment: Amendment) -> None:
    origin = f"amendment {number}"
    effective = amendment.effective
    rule = run.design.amendment_rule
    mapping = run.design.amendment or run.design.amendment_item
    issued_before = issued_lines(run, effective)
    if rule is None:
        rule = AmendmentRule(
            strategy=AmendmentStrategy.NEW_ORDER,
            proration=Proration.NONE,
            co_term=False,
            preserve_billing_history=False,
        )
        if run.tracing:
            run.note(
                "amendment-rule",
                "design",
                origin,
                {"effective": effective},
                {"rule": "none declared: the amendment travels as a new order"},
            )
    contract_end = max((i.term.end for i in run.items if i.term.end), default=None)
    # The contract is its termed items: a one-off line starts on the order date, which would
    # move the anniversaries co-termed additions bill on.
    contract_start = min((i.term.start for i in run.items if i.term.end), default=run.order.date)
    touched: dict[str, list[str]] = defaultdict(list)
    new_items: list[Item] = []
    for change in amendment.changes:
        subject = f"{origin}, line {change.line}"
        if change.action is ChangeAction.ADD_LINE:
            new_items.extend(
                add_line(
                    run, change, effective, origin, rule, contract_start, contract_end, touched
                )
            )
            continue
        targets = [i for i in run.items if i.crm_line == change.line]
        if not targets:
            run.fail(
                FailureCode.AMENDMENT_TARGET_NOT_FOUND,
                mapping,
                subject,
                f"line {change.line} is not on an ERP order",
            )
            continue
        # A bundle's components share one line: each change is valued exactly, then rounded
        # together, so the components' charges add up to the line's (removing a kit credits
        # what it was billed, to the cent).
        worth = dict(
            zip(
                (id(item) for item in targets),
                round_together(
                    [exact_change(item, change, effective, rule) for item in targets], run.step
                ),
                strict=True,
            )
        )
        for item in targets:
            change_item(
                run, item, change, effective, origin, rule, touched, subject, worth[id(item)]
            )
    emit_amendment_documents(run, number, origin, rule, mapping, touched, new_items)
    run.changed = []
    check_history(run, origin, issued_before, effective, mapping)


def add_line(
    run: Run,
    change: AmendmentChange,
    effective: dt.date,
    origin: str,
    rule: AmendmentRule,
    contract_start: dt.date,
    contract_end: dt.date | None,
    touched: dict[str, list[str]],
) -> list[Item]:
    if change.bundle is not None:
        option = _as_option_of_bundle(run, change, origin)
        if option is None:
            return []
        change = option
    product = run._products.get(change.product)
    product_class = run.design.product_class(product.product_class) if product else None
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
    term = run.term_of(start, end, None, change.billing_frequency, default_start=effective)
    if rule.co_term and contract_end is not None:
        term = replace(term, anchor=contract_start)
    before = len(run.items)
    lines.build_line(
        run,
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
        option_of_bundle=change.bundle is not None,
    )
    ratio = Decimal(1)
    co_termed = rule.co_term and contract_end is not None
    if (
        co_termed
        and contract_end is not None
        and end is not None
        and product_class is not None
        and sched.needs_term(product_class, term.frequency)
    ):
        ratio = proration_ratio(rule.proration, start, end, contract_start, contract_end)
    added = run.items[before:]
    for item, group in zip(added, group_keys(added, group_by(run)), strict=True):
        item.order_key = run.order_keys(group)
    # Rounded together, so a prorated bundle's components add up to the prorated bundle.
    prorated = round_together([item.net * ratio for item in added], run.step)
    for item, net in zip(added, prorated, strict=True):  # the components and a bundle's header
        full = item.net
        item.net = net or ZERO
        if co_termed:
            assert contract_end is not None
            # The price is quoted for the contract's term, of which the line runs the rest.
            item.pricing_term = (contract_start, contract_end)
        touched[item.order_key].append(f"add {item.line}")
        if run.tracing:
            run.note(
                "prorate",
                element_of(run.design.amendment or run.design.amendment_item),
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
        run.schedule(item)
    return added


def _as_option_of_bundle(run: Run, change: AmendmentChange, origin: str) -> AmendmentChange | None:
    """An option added to a bundle on the contract: it must be one of the bundle's optional
    components, and it ships with the bundle (its plant and channel, unless it names its own).
    None when it cannot be added (the failure is raised)."""
    subject = f"{origin}, line {change.line}"
    header = next(
        (i for i in run.items if i.bundle_header and i.line == change.bundle and i.crm_quantity),
        None,
    )
    whole = next((i for i in run.items if i.line == change.bundle and i.crm_quantity), None)
    if header is None and whole is not None:
        # Kept whole (not exploded), as the original order says of an option of it.
        run.fail(
            FailureCode.ORDER_VALIDATION_FAILED,
            run.design.order_item,
            subject,
            f"line {change.line} is an option of {change.bundle}, which is not exploded as a "
            "bundle",
        )
        return None
    if header is None:
        run.fail(
            FailureCode.AMENDMENT_TARGET_NOT_FOUND,
            run.design.amendment or run.design.amendment_item,
            subject,
            f"line {change.bundle} is not a bundle on an ERP order, so {change.product} cannot "
            "be added to it",
        )
        return None
    mapping = run.design.bundle
    definition = run._bundles.get(header.product)
    components = (
        definition.components
        if definition
        else (mapping.bundle.components if mapping and mapping.bundle else ())
    )
    if change.product not in {c.product for c in components if c.optional}:
        run.fail(
            FailureCode.ORDER_VALIDATION_FAILED,
            mapping,
            subject,
            f"{change.product} is not an optional component of bundle {header.product}",
        )
        return None
    return change.model_copy(
        update={
            "plant": change.plant or header.plant,
            "channel": change.channel or Channel(header.channel),
        }
    )


def group_by(run: Run) -> tuple[str, ...]:
    mapping = run.design.order
    return mapping.split.group_by if mapping and mapping.split else ()


def _is_termed(item: Item) -> bool:
    """True when the item's schedules run over a service term a change is prorated on."""
    product_class = item.product_class
    return (
        product_class is not None
        and item.term.end is not None
        and sched.needs_term(product_class, item.term.frequency)
    )


def exact_change(
    item: Item, change: AmendmentChange, effective: dt.date, rule: AmendmentRule
) -> Decimal | None:
    """What ``change`` charges (or credits, below zero) on ``item``, not yet rounded; None when
    nothing is charged (an unpriced bundle header, a term change on a line without a term).

    The price is quoted per CRM unit for the pricing term (the contract's, for a co-termed
    addition; else the item's own), so a change is valued at the current price over what is left
    of that term. (The item's net would not do: after a prorated change it is no longer quantity
    times price.)"""
    if item.bundle_header and item.product_class is None:
        return None
    termed = _is_termed(item)
    start, end = item.term.start, item.term.end
    from_day = max(effective, start)
    pricing_start, pricing_end = item.pricing_term or (start, end or start)

    def prorated() -> Decimal:
        if not termed or not end:
            return Decimal(1)
        return proration_ratio(rule.proration, from_day, end, pricing_start, pricing_end)

    if change.action in (ChangeAction.CHANGE_QUANTITY, ChangeAction.REMOVE_LINE):
        quantity = ZERO if change.action is ChangeAction.REMOVE_LINE else (change.quantity or ZERO)
        return (quantity - item.crm_quantity) * item.price * item.allocation * prorated()
    if change.action is ChangeAction.CHANGE_PRICE:
        new_price = change.price if change.price is not None else item.price
        return (new_price - item.price) * item.crm_quantity * item.allocation * prorated()
    new_end = change.end or end
    if not termed or end is None or new_end is None:
        return None
    # The added (or removed) days at the line's current price for its pricing term.
    low, high = (end, new_end) if new_end > end else (new_end, end)
    ratio = proration_ratio(
        rule.proration if rule.proration is not Proration.NONE else Proration.DAILY,
        low + cal.ONE_DAY,
        high,
        pricing_start,
        pricing_end,
    )
    sign = Decimal(1) if new_end > end else Decimal(-1)
    return sign * item.crm_quantity * item.price * item.allocation * ratio


def change_item(
    run: Run,
    item: Item,
    change: AmendmentChange,
    effective: dt.date,
    origin: str,
    rule: AmendmentRule,
    touched: dict[str, list[str]],
    subject: str,
    worth: Decimal | None,
) -> None:
    """Apply ``change`` to ``item``, charging ``worth`` (``exact_change``, rounded)."""
    if item.bundle_header and item.product_class is None:
        follow_unpriced_header(item, change)
        if item not in run.changed:
            run.changed.append(item)
        return
    product_class = item.product_class
    term = item.term
    start, end = term.start, term.end
    termed = _is_termed(item)
    from_day = max(effective, start)
    old_end = end
    new_end = end
    delta = worth or ZERO
    pricing_start, pricing_end = item.pricing_term or (start, end or start)
    if change.action in (ChangeAction.CHANGE_QUANTITY, ChangeAction.REMOVE_LINE):
        quantity = ZERO if change.action is ChangeAction.REMOVE_LINE else (change.quantity or ZERO)
        item.crm_quantity = quantity
        item.quantity = quantity * item.factor
        described = f"quantity {quantity}"
    elif change.action is ChangeAction.CHANGE_PRICE:
        new_price = change.price if change.price is not None else item.price
        item.price = new_price
        described = f"price {new_price}"
    else:  # change-term
        new_end = change.end or end
        if worth is None or end is None or new_end is None:
            run.fail(
                FailureCode.AMENDMENT_CONFLICT,
                run.design.amendment,
                subject,
                f"line {item.line} has no service term to change",
            )
            return
        # The price stays quoted for the term it was: a later change is valued over that one.
        item.pricing_term = (pricing_start, pricing_end)
        item.term = replace(term, end=new_end)
        described = f"end {new_end}"
    touched[item.order_key].append(f"{change.action} {item.line}: {described}")
    if run.tracing:
        run.note(
            "amend-line",
            element_of(run.design.amendment_item or run.design.amendment),
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
    bill_delta(
        run,
        item,
        delta,
        billed_from,
        max(old_end or new_end, new_end) if new_end else None,
        effective,
        origin,
        rule,
        termed,
    )
    if item not in run.changed:
        run.changed.append(item)
    recognise_delta(
        run, item, product_class, new_total, delta, effective, old_end, new_end, origin, termed
    )
    item.net = new_total


def follow_unpriced_header(item: Item, change: AmendmentChange) -> None:
    """A bundle header carries no price of its own: it follows the change (its quantity, its
    term) so the change order shows the structure as amended, and nothing is charged."""
    if change.action in (ChangeAction.CHANGE_QUANTITY, ChangeAction.REMOVE_LINE):
        quantity = ZERO if change.action is ChangeAction.REMOVE_LINE else (change.quantity or ZERO)
        item.crm_quantity = quantity
        item.quantity = quantity * item.factor
    elif change.action is ChangeAction.CHANGE_PRICE and change.price is not None:
        item.price = change.price
    elif change.action is ChangeAction.CHANGE_TERM and change.end is not None:
        item.term = replace(item.term, end=change.end)


def bill_delta(
    run: Run,
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
            share = split_by_weights(delta, weights, run.step)
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
        item.product_class,
        term,
        delta,
        segment,
        run.step,
        issued_on=effective,
        by_days=rule.proration is Proration.DAILY,
    )
    if not termed:
        # A one-off change is invoiced when the line's own invoice is (a quantity added before
        # the shipment is invoiced at the shipment), or on its date when that is past.
        date = sched.one_off_date(item.product_class, item.term, effective)
        charges = [sched.Charge(date, delta, date, date)]
    item.billing.extend(
        BillingLine(
            item.line, c.date, c.amount, c.period_start, c.period_end, origin, item.order_key
        )
        for c in charges
    )


def recognise_delta(
    run: Run,
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
            # Earned with the line's own revenue (on the shipment, the acceptance) when that is
            # still to come, else on the change's date.
            earned = sched.earned_on(product_class, item.term, effective)
            item.recognition.append((cal.month_key(earned), delta, origin))
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
        run.step,
    )
    pivot = cal.month_key(effective)
    item.recognition = [entry for entry in item.recognition if entry[0] < pivot]
    item.recognition.extend((period, amount, origin) for period, amount in fresh)
    if run.tracing:
        run.note(
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
    run: Run,
    number: int,
    origin: str,
    rule: AmendmentRule,
    mapping: Mapping | None,
    touched: dict[str, list[str]],
    new_items: list[Item],
) -> None:
    order_mapping = run.design.order
    document_type = run.design.order_document
    element = f"mapping:{mapping.id}" if mapping else "design"
    if rule.strategy is AmendmentStrategy.CHANGE_ORDER:
        for key in sorted(touched):
            if key not in run.orders:
                run.fail(
                    FailureCode.AMENDMENT_TARGET_NOT_FOUND,
                    mapping,
                    f"{origin}, ERP order {key}",
                    f"no ERP order {key} exists to change; change orders never create one",
                )
                continue
            run.documents.append(
                Document(
                    f"change:{document_type}",
                    f"{key}#{number}",
                    {
                        "order": key,
                        "changes": "; ".join(touched[key]),
                        "strategy": str(rule.strategy),
                    },
                    tuple(
                        run.document_item(i)
                        for i in (*new_items, *run.changed)
                        if i.order_key == key
                    ),
                    origin=origin,
                )
            )
            if run.tracing:
                run.note(
                    "change-order",
                    element,
                    f"ERP order {key}",
                    {"changes": touched[key]},
                    {"document": f"change:{document_type}"},
                )
        return
    if rule.strategy is AmendmentStrategy.CANCEL_AND_REPLACE:
        for key in sorted(run.orders):
            run.documents.append(
                Document(
                    f"cancel:{document_type}", f"{key}#{number}", {"order": key}, origin=origin
                )
            )
        run.history_preserved = run.history_preserved and not any(i.billing for i in run.items)
        # Every order was cancelled, so every group that still has items is sent again, the
        # ones the amendment did not touch included.
        cancelled, run.orders = run.orders, {}
        for key in cancelled:
            if any(i.order_key == key for i in run.items):
                touched.setdefault(key, ["resent unchanged"])
    for key in sorted(touched):
        if key in run.orders and rule.strategy is AmendmentStrategy.NEW_ORDER:
            run.duplicates.append(f"order {key}")
            run.fail(
                FailureCode.DUPLICATE_GUARD,
                order_mapping,
                f"{origin}, ERP order {key}",
                f"the amendment is sent as a new order while ERP order {key} exists: two "
                "orders now carry the same contract lines",
            )
        run.orders[key] = origin
        run.documents.append(
            Document(
                document_type,
                f"{key}#{number}",
                {
                    "order": key,
                    "changes": "; ".join(touched[key]),
                    "strategy": str(rule.strategy),
                },
                tuple(run.document_item(i) for i in run.items if i.order_key == key),
                origin=origin,
            )
        )
        if run.tracing:
            run.note(
                "new-order",
                element,
                f"ERP order {key}",
                {"changes": touched[key]},
                {"document": document_type},
            )


def issued_lines(run: Run, effective: dt.date) -> list[BillingLine]:
    return [b for item in run.items for b in item.billing if b.date < effective]


def check_history(
    run: Run,
    origin: str,
    issued_before: list[BillingLine],
    effective: dt.date,
    mapping: Mapping | None,
) -> None:
    after = set(issued_lines(run, effective))
    altered = [b for b in issued_before if b not in after]
    if run.tracing:
        run.note(
            "prove-billing-history",
            f"mapping:{mapping.id}" if mapping else "design",
            origin,
            {"issued_lines": len(issued_before)},
            {"altered": len(altered)},
        )
    if altered:
        run.history_preserved = False
        run.fail(
            FailureCode.BILLING_HISTORY_LOCKED,
            mapping,
            origin,
            f"the amendment would change {len(altered)} issued billing line(s) "
            f"({', '.join(sorted({f'{b.line}@{b.date}' for b in altered}))}); issued "
            "invoices can only be credited or charged, never altered",
        )


def proration_ratio(
    proration: Proration,
    start: dt.date,
    end: dt.date | None,
    term_start: dt.date,
    term_end: dt.date | None,
) -> Decimal:
    """The part of the full term that ``start..end`` covers."""
    if proration is Proration.NONE or end is None or term_end is None:
        return Decimal(1)
    if end < start:
        return Decimal(0)  # a change after the term has ended covers none of it
    if proration is Proration.MONTHLY:
        return Decimal(_started_months(start, end, term_start)) / Decimal(
            max(_started_months(term_start, term_end, term_start), 1)
        )
    total = cal.days(term_start, term_end)
    return Decimal(cal.days(start, end)) / Decimal(total) if total else Decimal(1)


def _started_months(start: dt.date, end: dt.date, anchor: dt.date) -> int:
    """The months of the term, counted from its own first day (the 15th to the 14th), that
    ``start..end`` touches: a month once started counts in full. Calendar months would count a
    year from the 15th as thirteen."""
    return sum(
        1 for low, high in cal.periods(anchor, max(end, anchor), 1) if low <= end and high >= start
    )
