"""Order lines to ERP items: product to material, required attributes, unit conversion, plant,
item category and bundle explosion (header plus priced components)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..domain.mappings import Mapping, PriceAllocation
from ..domain.masterdata import CrmProduct, ErpItem
from ..domain.revenue import BillingTiming, ProductClass
from ..domain.scenarios import Channel
from . import schedules as sched
from .design import Design
from .failures import FailureCode
from .items import Item
from .money import ZERO, allocate_largest_remainder, round_money

if TYPE_CHECKING:
    from .engine import Run


def build_line(
    run: Run,
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
    *,
    option_of_bundle: bool = False,
) -> list[Item]:
    """The ERP items of one CRM line. ``option_of_bundle``: an optional component added to a
    bundle on its own line (an amendment's), whose missing material is the bundle's failure."""
    product = run._products.get(code)
    if product is None:
        run.fail(
            FailureCode.PRODUCT_NOT_IN_ERP,
            run.design.product,
            f"line {line_id}",
            f"product {code} is not in the CRM catalogue of the master data",
        )
        return []
    bundle = run.design.bundle.bundle if run.design.bundle else None
    if product.bundle and bundle is not None and bundle.explode_to_lines:
        return explode(
            run, line_id, product, quantity, unit, price, plant, channel, term, origin, options
        )
    if product.bundle and bundle is not None and run.tracing:
        assert run.design.bundle is not None
        run.note(
            "bundle-as-one-line",
            f"mapping:{run.design.bundle.id}",
            f"line {line_id}",
            {"bundle": product.code, "explode_to_lines": False},
            {"items": "one, for the bundle's own material (its components are the ERP's BOM)"},
        )
    item = build_item(
        run,
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
        run.design.bundle if option_of_bundle else run.design.product,
        FailureCode.COMPONENT_NOT_IN_ERP if option_of_bundle else FailureCode.PRODUCT_NOT_IN_ERP,
    )
    for option in options:
        run.fail(
            FailureCode.ORDER_VALIDATION_FAILED,
            run.design.order_item,
            f"line {option.id}",
            f"line {option.id} is an option of {line_id}, which is not exploded as a bundle",
        )
    return [item] if item else []


def build_item(
    run: Run,
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
    missing_code: FailureCode,
    net: Decimal | None = None,
    allocation: Decimal = Decimal(1),
) -> Item | None:
    subject = f"line {item_id}"
    erp = run._items.get(product.code)
    if run.tracing:
        run.note(
            "map-product",
            f"mapping:{missing_mapping.id}" if missing_mapping else "design",
            subject,
            {"product": product.code},
            {"material": erp.material if erp else "(none)"},
        )
    if erp is None:
        run.fail(
            missing_code,
            missing_mapping,
            subject,
            f"product {product.code} has no material in the ERP item master",
        )
        return None
    check_attributes(run, subject, erp)
    converted = convert_unit(run, subject, unit, quantity, erp)
    erp_quantity, erp_unit, factor = converted
    plant_used = plant or (run.sales_org.main_plant if run.sales_org else "")
    check_plant(run, subject, erp, plant_used, plant)
    product_class = run.design.product_class(product.product_class)
    if product_class is None:
        run.fail(
            FailureCode.PRODUCT_CLASS_MISSING,
            run.design.billing_plan,
            subject,
            f"product {product.code} has no product class: nobody has said when it is "
            "invoiced or when its revenue is earned",
            blocking=False,
        )
    frequency = term.frequency
    if product_class is not None:
        frequency = sched.billing_frequency(product_class, term.frequency)
        if sched.needs_term(product_class, frequency) and term.end is None:
            run.fail(
                FailureCode.BILLING_PLAN_INVALID,
                run.design.billing_plan,
                subject,
                f"product class {product_class.id} bills or recognises over a term, but "
                "the line has no service end date",
            )
    category = item_category(run, channel, product_class)
    amount = net if net is not None else round_money(quantity * price, run.step)
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
    run.items.append(item)
    return item


def check_attributes(run: Run, subject: str, erp: ErpItem) -> None:
    missing = [
        label
        for label, value in (
            ("base unit", erp.base_unit),
            ("tax classification", erp.tax_classification),
            ("cost account", erp.cost_account),
        )
        if not value
    ]
    if run.tracing:
        run.note(
            "check-item",
            f"mapping:{run.design.product.id}" if run.design.product else "design",
            subject,
            {"material": erp.material},
            {"missing": missing or "nothing"},
        )
    if missing:
        run.fail(
            FailureCode.PRODUCT_INCOMPLETE,
            run.design.product,
            subject,
            f"material {erp.material} lacks {', '.join(missing)}",
        )


def convert_unit(
    run: Run, subject: str, unit: str, quantity: Decimal, erp: ErpItem
) -> tuple[Decimal, str, Decimal]:
    value_map = run.design.unit_map
    if value_map is None:
        return quantity, unit, Decimal(1)
    entry = value_map.translate(unit)
    target = entry.target if entry else value_map.default
    factor = entry.factor if entry and entry.factor else Decimal(1)
    if run.tracing:
        run.note(
            "convert-unit",
            f"value-map:{value_map.id}",
            subject,
            {"unit": unit, "quantity": quantity},
            {"unit": target or "(no entry)", "factor": factor, "quantity": quantity * factor},
        )
    if target is None:
        run.fail(
            FailureCode.UOM_NOT_MAPPED,
            run.design.order_item,
            subject,
            f"unit {unit} has no entry in value map {value_map.id}",
        )
        return quantity, unit, Decimal(1)
    if erp.base_unit and target != erp.base_unit and target not in erp.units:
        run.fail(
            FailureCode.UOM_NOT_MAPPED,
            run.design.order_item,
            subject,
            f"unit {unit} -> {target} is not a unit of material {erp.material} (base unit "
            f"{erp.base_unit})",
        )
    return quantity * factor, target, factor


def check_plant(run: Run, subject: str, erp: ErpItem, plant: str, own: str) -> None:
    mapping = run.design.plant
    rule = mapping.resolution if mapping else None
    if rule is None or "plant" not in rule.match_on:
        return
    if run.tracing:
        run.note(
            "check-plant",
            f"mapping:{mapping.id}" if mapping else "design",
            subject,
            {"plant": plant if own else f"{plant} (main plant of the sales organisation)"},
            {"material plants": list(erp.plants)},
        )
    if plant not in erp.plants:
        run.fail(
            FailureCode.PRODUCT_NOT_IN_PLANT,
            mapping,
            subject,
            f"material {erp.material} is not extended to plant {plant or '(none)'}",
        )


def item_category(run: Run, channel: Channel, product_class: ProductClass | None) -> str:
    """The item category from the item mapping's category value map: its key is the
    fulfilment channel, except that periodic billing in advance reads ``subscription`` and
    in arrears ``service`` (the entries the order item mapping's transform describes)."""
    value_map = run.design.category_map
    if value_map is None:
        return ""
    key = str(channel)
    billing = product_class.billing if product_class else None
    if billing is not None and billing.timing is BillingTiming.IN_ADVANCE:
        key = "subscription"
    elif billing is not None and billing.timing is BillingTiming.IN_ARREARS:
        key = "service"
    entry = value_map.translate(key) or value_map.translate(str(channel))
    return entry.target if entry else (value_map.default or "")


# -- bundles --------------------------------------------------------------------------


def explode(
    run: Run,
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
    mapping = run.design.bundle
    assert mapping is not None and mapping.bundle is not None
    rule = mapping.bundle
    definition = run._bundles.get(product.code)
    components = definition.components if definition else rule.components
    required = [c for c in components if not c.optional]
    net = round_money(quantity * price, run.step)
    subject = f"line {line_id}"
    factor = Decimal(1)
    if run.design.unit_map is not None:
        entry = run.design.unit_map.translate(unit)
        factor = entry.factor if entry and entry.factor else Decimal(1)
        if entry is None and run.design.unit_map.default is None:
            run.fail(
                FailureCode.UOM_NOT_MAPPED,
                run.design.order_item,
                subject,
                f"unit {unit} has no entry in value map {run.design.unit_map.id}",
            )
    parent_only = rule.price_allocation is PriceAllocation.PARENT_ONLY
    shares: list[Decimal]
    if rule.price_allocation is PriceAllocation.FIXED_SHARE:
        shares = [c.share or ZERO for c in required]
        if sum(shares, ZERO) != Decimal(1):
            run.fail(
                FailureCode.BUNDLE_SHARES_INVALID,
                mapping,
                subject,
                f"the shares of bundle {product.code}'s required components add up to "
                f"{sum(shares, ZERO)}, not 1",
            )
    elif rule.price_allocation is PriceAllocation.LIST_PRICE_RATIO:
        prices = [
            (run._products[c.product].list_price or ZERO) * c.quantity
            if c.product in run._products
            else ZERO
            for c in required
        ]
        whole = sum(prices, ZERO)
        shares = [p / whole if whole else ZERO for p in prices]
    else:
        shares = [ZERO for _ in required]
    amounts = (
        [ZERO for _ in required]
        if parent_only
        else allocate_largest_remainder(net, shares, run.step)
    )
    if run.tracing:
        run.note(
            "explode-bundle",
            f"mapping:{mapping.id}",
            subject,
            {
                "bundle": product.code,
                "quantity": quantity,
                "net": net,
                "components_from": (
                    f"master-data:{run.data.id}" if definition else f"mapping:{mapping.id}"
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
    header = bundle_header(
        run, line_id, product, quantity, unit, price, plant, channel, term, origin
    )
    if parent_only:
        # The header carries the whole price and is billed; the components are delivered.
        header.net, header.allocation = net, Decimal(1)
        header.product_class = run.design.product_class(product.product_class)
        if header.product_class is None:
            run.fail(
                FailureCode.PRODUCT_CLASS_MISSING,
                run.design.billing_plan,
                subject,
                f"bundle {product.code} carries its price (parent-only) but has no product "
                "class: nobody has said when it is invoiced or when its revenue is earned",
                blocking=False,
            )
        else:
            frequency = sched.billing_frequency(header.product_class, term.frequency)
            header.term = replace(term, frequency=frequency)
    run.items.append(header)
    for component, share, amount in zip(required, shares, amounts, strict=True):
        component_product = run._products.get(component.product) or CrmProduct(
            code=component.product, product_class=product.product_class
        )
        item = build_item(
            run,
            f"{line_id}/{component.product}",
            line_id,
            component_product.model_copy(
                update={"product_class": component_product.product_class or product.product_class}
            ),
            quantity * factor * component.quantity,
            "Each" if run.design.unit_map is None else _base_source_unit(run.design, "Each"),
            price,
            plant,
            channel,
            term,
            origin,
            mapping,
            FailureCode.COMPONENT_NOT_IN_ERP,
            net=amount,
            allocation=share,
        )
        if item:
            # Amendments count a component in bundles: its quantity follows the bundle's.
            item.crm_quantity = quantity
            item.factor = factor * component.quantity
            item.priced = not parent_only
            built.append(item)
    optional = {c.product for c in components if c.optional}
    for option in options:
        if option.product not in optional:
            run.fail(
                FailureCode.ORDER_VALIDATION_FAILED,
                mapping,
                f"line {option.id}",
                f"{option.product} is not an optional component of bundle {product.code}",
            )
            continue
        option_product = run._products.get(option.product)
        assert option_product is not None  # validated before the run
        item = build_item(
            run,
            option.id,
            option.id,
            option_product,
            option.quantity,
            option.unit,
            option.price,
            option.plant or plant,
            option.channel,
            run.term_of(option.start, option.end, option.shipment, option.billing_frequency),
            origin,
            mapping,
            FailureCode.COMPONENT_NOT_IN_ERP,
        )
        if item:
            built.append(item)
    return built


def bundle_header(
    run: Run,
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
    """The structure header the components hang under: not priced, not billed (unless the
    bundle's price stays on it: parent-only allocation, set by the caller)."""
    entry = run.design.category_map.translate("bundle-header") if run.design.category_map else None
    unit_entry = run.design.unit_map.translate(unit) if run.design.unit_map else None
    # Counted in the ERP unit like its components: three cases of twelve are 36 PC.
    factor = unit_entry.factor if unit_entry and unit_entry.factor else Decimal(1)
    return Item(
        line=line_id,
        crm_line=line_id,
        product=product.code,
        material=product.code,
        crm_unit=unit,
        crm_quantity=quantity,
        quantity=quantity * factor,
        unit=unit_entry.target if unit_entry else unit,
        factor=factor,
        price=price,
        net=ZERO,
        plant=plant or (run.sales_org.main_plant if run.sales_org else ""),
        channel=str(channel),
        category=entry.target if entry else "",
        product_class=None,
        term=term,
        origin=origin,
        allocation=ZERO,
        bundle_header=True,
    )


def _base_source_unit(design: Design, fallback: str) -> str:
    """The CRM unit whose factor is 1 (components are counted in it after the bundle's factor)."""
    value_map = design.unit_map
    if value_map is None:
        return fallback
    for entry in value_map.entries:
        if entry.factor == 1 or entry.factor is None:
            return entry.source
    return fallback
