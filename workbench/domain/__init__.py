"""The pure domain core: the design as immutable pydantic values and pure functions over them.

Nothing here reads files, talks to a database or draws on a screen.
"""

from .base import Side, entity_ref, slugify, split_entity_ref
from .decisions import Decision, DecisionStatus, SignOff, Verdict
from .mappings import (
    AggregationRule,
    AmendmentRule,
    Area,
    BundleComponent,
    BundleRule,
    Cardinality,
    ErrorRule,
    FieldMapping,
    KeyXref,
    Mapping,
    MappingStatus,
    ResolutionRule,
    SplitRule,
    Sync,
    SyncDirection,
    SyncTrigger,
)
from .reference import Function, Stakeholder, ValueMap, ValueMapEntry
from .scenarios import Amendment, AmendmentChange, Expectations, Order, OrderLine, Scenario
from .systems import (
    Entity,
    EntityKind,
    Field,
    FieldType,
    Relationship,
    RelationshipCardinality,
    RelationshipKind,
    System,
    SystemRole,
)
from .validation import Issue, Location, Severity, validate_workspace
from .workspace import Workspace

__all__ = [
    "AggregationRule",
    "Amendment",
    "AmendmentChange",
    "AmendmentRule",
    "Area",
    "BundleComponent",
    "BundleRule",
    "Cardinality",
    "Decision",
    "DecisionStatus",
    "Entity",
    "EntityKind",
    "ErrorRule",
    "Expectations",
    "Field",
    "FieldMapping",
    "FieldType",
    "Function",
    "Issue",
    "KeyXref",
    "Location",
    "Mapping",
    "MappingStatus",
    "Order",
    "OrderLine",
    "Relationship",
    "RelationshipCardinality",
    "RelationshipKind",
    "ResolutionRule",
    "Scenario",
    "Severity",
    "Side",
    "SignOff",
    "SplitRule",
    "Stakeholder",
    "Sync",
    "SyncDirection",
    "SyncTrigger",
    "System",
    "SystemRole",
    "ValueMap",
    "ValueMapEntry",
    "Verdict",
    "Workspace",
    "entity_ref",
    "slugify",
    "split_entity_ref",
    "validate_workspace",
]
