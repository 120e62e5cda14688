"""Master data for simulation: the CRM and ERP records that simulated orders are resolved against.

A master data set is what both systems would hold on the day an order arrives: CRM accounts and
products, ERP customers, items and sales organisations, and the CPQ bundle definitions. It also
names the mappings an order passes through (``flow``), so the simulator follows the design rather
than guessing which mapping plays which part. Scenarios use a set as it is or override records.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from pydantic import Field as Attr

from .base import MAX_PRICE, Label, Model, Slug, Text
from .mappings import BundleComponent

_T = TypeVar("_T")


class CrmAccount(Model):
    """An account as the CRM holds it."""

    id: Label
    """Account number or name the orders use."""
    name: Label = ""


class CrmProduct(Model):
    """A product in the CPQ catalogue."""

    code: Label
    """Product code (``ProductCode``); the ERP material number when one exists."""
    name: Label = ""
    product_class: Slug | None = None
    """Product class deciding billing and recognition (``subscription``, ``hardware``)."""
    bundle: bool = False
    """A CPQ bundle: sold as one line, fulfilled as its components."""
    unit: Label = "Each"
    """Default selling unit."""
    list_price: Decimal | None = Attr(default=None, ge=0, le=MAX_PRICE)
    """List price per unit (bundles allocated by list-price ratio use it)."""


class ErpCustomer(Model):
    """One ERP customer record (a customer extended to a sales area) linked to a CRM account."""

    id: Label
    """ERP customer number."""
    account: Label
    """The CRM account this customer belongs to."""
    name: Label = ""
    legal_entity: Label = ""
    """Our selling legal entity whose sales area the customer is extended to."""
    sales_organization: Label = ""
    bill_to: Label = ""
    """The bill-to party or address the customer invoices to."""
    order_block: bool = False
    """Orders for the customer are blocked in the sales area."""
    credit_block: bool = False
    """Credit management blocks new orders (the ERP accepts and holds them)."""


class ErpItem(Model):
    """A material in the ERP item master, with what an order line needs from it."""

    material: Label
    description: Label = ""
    base_unit: Label = ""
    units: tuple[Label, ...] = ()
    """Alternative units of measure the material can be ordered in."""
    tax_classification: Label = ""
    cost_account: Label = ""
    """Valuation class (which decides the cost of goods sold account)."""
    plants: tuple[Label, ...] = ()


class SalesOrganization(Model):
    """A selling unit of one of our legal entities and the company code that books for it."""

    id: Label
    """Sales organisation number (``1010``)."""
    legal_entity: Label
    company_code: Label = ""
    currency: Label = Attr(pattern=r"^[A-Z]{3}$")
    """The company code currency."""
    currencies: tuple[Label, ...] = ()
    """Further document currencies released for the sales organisation."""
    main_plant: Label = ""
    """Plant that lines without a plant of their own (services, subscriptions) are booked on."""


class BundleDefinition(Model):
    """The components of a CPQ bundle (its product options)."""

    product: Label
    components: tuple[BundleComponent, ...] = Attr(min_length=1)


class Flow(Model):
    """The mappings an order passes through, by the part they play."""

    customer: Slug | None = None
    """Account to ERP customer (its resolution rule picks the customer)."""
    order: Slug | None = None
    """Order to ERP order(s) (its split rule groups lines)."""
    order_item: Slug | None = None
    product: Slug | None = None
    """Product to ERP item (required attributes)."""
    plant: Slug | None = None
    bundle: Slug | None = None
    billing_plan: Slug | None = None
    amendment: Slug | None = None
    """Amendment order to the existing ERP order (strategy, proration, co-terming)."""
    amendment_item: Slug | None = None

    def roles(self) -> dict[str, str]:
        """Declared roles and their mapping ids."""
        return {name: value for name, value in self.model_dump().items() if value}


class MasterDataOverrides(Model):
    """A scenario's changes to its master data set: records that replace those with the same key
    (or are added), and keys of records to leave out."""

    accounts: tuple[CrmAccount, ...] = ()
    products: tuple[CrmProduct, ...] = ()
    customers: tuple[ErpCustomer, ...] = ()
    items: tuple[ErpItem, ...] = ()
    sales_organizations: tuple[SalesOrganization, ...] = ()
    bundles: tuple[BundleDefinition, ...] = ()
    remove_products: tuple[Label, ...] = ()
    remove_items: tuple[Label, ...] = ()
    remove_customers: tuple[Label, ...] = ()


class MasterData(Model):
    """A named set of master data for simulation."""

    id: Slug
    title: Label = ""
    description: Text = ""
    flow: Flow = Flow.model_construct()
    accounts: tuple[CrmAccount, ...] = ()
    products: tuple[CrmProduct, ...] = ()
    customers: tuple[ErpCustomer, ...] = ()
    """ERP customers, each linked to its CRM account."""
    items: tuple[ErpItem, ...] = ()
    """The ERP item master."""
    sales_organizations: tuple[SalesOrganization, ...] = ()
    bundles: tuple[BundleDefinition, ...] = ()

    def with_overrides(self, overrides: MasterDataOverrides | None) -> MasterData:
        """The set as a scenario sees it: overriding records replace those with the same key."""
        if overrides is None:
            return self
        return self.model_copy(
            update={
                "accounts": _merge(self.accounts, overrides.accounts, lambda a: a.id),
                "products": _merge(
                    self.products, overrides.products, lambda p: p.code, overrides.remove_products
                ),
                "customers": _merge(
                    self.customers, overrides.customers, lambda c: c.id, overrides.remove_customers
                ),
                "items": _merge(
                    self.items, overrides.items, lambda i: i.material, overrides.remove_items
                ),
                "sales_organizations": _merge(
                    self.sales_organizations, overrides.sales_organizations, lambda s: s.id
                ),
                "bundles": _merge(self.bundles, overrides.bundles, lambda b: b.product),
            }
        )


def _merge(
    base: tuple[_T, ...],
    extra: tuple[_T, ...],
    key: Callable[[_T], str],
    remove: tuple[str, ...] = (),
) -> tuple[_T, ...]:
    if not extra and not remove:
        return base
    replacing = {key(item): item for item in extra}
    gone = set(remove)
    merged = [replacing.pop(key(item), item) for item in base if key(item) not in gone]
    merged.extend(item for item in extra if key(item) in replacing)
    return tuple(merged)
