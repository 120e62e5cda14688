"""Model first: every entity on both sides is mapped or deliberately has no counterpart."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.base import entity_ref
from ..domain.systems import EntityKind
from .context import Context, at_entity, entity_link
from .model import CheckArea, Hit, Severity
from .registry import rule


@rule(
    "Q2C-MODEL-001",
    Severity.ERROR,
    CheckArea.COVERAGE,
    "Every master-data and transaction entity is mapped or marked as having no counterpart",
    "Map the entity to its counterpart on the other side, or record a no-counterpart mapping "
    "(cardinality 'none') with the reason it stays on its own side.",
)
def unmapped_entity(ctx: Context) -> Iterator[Hit]:
    return _unmapped(ctx, reference=False)


@rule(
    "Q2C-MODEL-002",
    Severity.WARNING,
    CheckArea.COVERAGE,
    "Reference data is mapped or marked as having no counterpart",
    "Map the codes (usually through a value map on the fields that use them) or record a "
    "no-counterpart mapping saying where the configuration is kept.",
)
def unmapped_reference_data(ctx: Context) -> Iterator[Hit]:
    return _unmapped(ctx, reference=True)


def _unmapped(ctx: Context, reference: bool) -> Iterator[Hit]:
    by_entity = ctx.ws.index.mappings_by_entity
    for system, entity in ctx.ws.iter_entities():
        ref = entity_ref(system.name, entity.name)
        if (entity.kind is EntityKind.REFERENCE) is reference and ref not in by_entity:
            yield Hit(
                entity_link(ref),
                f"{ref} ({entity.kind}) has no mapping and no no-counterpart decision",
                at_entity(ref),
            )
