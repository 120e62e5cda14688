"""Revenue recognition timing: every product class says when it is invoiced and when its revenue
is earned, and a split between two systems is a recorded decision."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.revenue import ProductClass
from ..domain.validation import ElementKind, Location
from .context import WORKSPACE_LOCATION, Context
from .model import CheckArea, Hit, Severity
from .product import product_groups
from .registry import rule


def _link(pc: ProductClass) -> str:
    return f"product-class:{pc.id}"


def _at(pc: ProductClass, *path: str | int) -> Location:
    return Location(ElementKind.PRODUCT_CLASS, (pc.id,), path)


@rule(
    "Q2C-REV-001",
    Severity.ERROR,
    CheckArea.REVENUE,
    "Products are grouped into product classes",
    "Add product classes (hardware, subscription, services...) that state each group's billing "
    "and recognition rule, so every order line has both schedules.",
)
def no_product_classes(ctx: Context) -> Iterator[Hit]:
    if not ctx.ws.product_classes and product_groups(ctx):
        yield Hit(
            "workspace",
            "products are mapped but no product class says how they are billed and recognised",
            WORKSPACE_LOCATION,
        )


@rule(
    "Q2C-REV-002",
    Severity.ERROR,
    CheckArea.REVENUE,
    "A product class has a billing rule",
    "Add the billing rule: when invoices are raised (at order, shipment, in advance...), how "
    "often, and which system issues them.",
)
def no_billing_rule(ctx: Context) -> Iterator[Hit]:
    for pc in ctx.ws.product_classes:
        if pc.billing is None:
            yield Hit(_link(pc), f"product class {pc.id} does not say when it is invoiced", _at(pc))


@rule(
    "Q2C-REV-003",
    Severity.ERROR,
    CheckArea.REVENUE,
    "A product class has a recognition rule",
    "Add the recognition rule: point in time (on which event) or ratable (spread how), and which "
    "system computes the schedule.",
)
def no_recognition_rule(ctx: Context) -> Iterator[Hit]:
    for pc in ctx.ws.product_classes:
        if pc.recognition is None:
            yield Hit(
                _link(pc), f"product class {pc.id} does not say when its revenue is earned", _at(pc)
            )


@rule(
    "Q2C-REV-004",
    Severity.ERROR,
    CheckArea.REVENUE,
    "Billing and recognition in different systems is a recorded decision",
    "Record a decision that links the product class (product-class:<id>) and says how the two "
    "systems stay consistent, and have Finance sign it off.",
)
def split_systems_without_decision(ctx: Context) -> Iterator[Hit]:
    for pc in ctx.ws.product_classes:
        if pc.split_systems and _link(pc) not in ctx.decision_links:
            assert pc.billing is not None and pc.recognition is not None
            yield Hit(
                _link(pc),
                f"billed in {pc.billing.system} but recognised in {pc.recognition.system}, and "
                "no decision covers the split",
                _at(pc, "recognition", "system"),
            )


@rule(
    "Q2C-REV-005",
    Severity.WARNING,
    CheckArea.REVENUE,
    "The system that bills and the system that recognises are decided",
    "Name the system that computes the invoices or the recognition schedule.",
)
def system_not_decided(ctx: Context) -> Iterator[Hit]:
    for pc in ctx.ws.product_classes:
        for role, found in (("billing", pc.billing), ("recognition", pc.recognition)):
            if found is not None and found.system is None:
                yield Hit(
                    _link(pc),
                    f"no system is named for the {role} of {pc.id}",
                    _at(pc, role),
                )
