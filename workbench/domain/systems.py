"""Systems, their entities and fields, and the relationships inside one system."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property

from pydantic import Field as Attr

from .base import Identifier, Label, Model, Side, SystemName, Text


class SystemRole(StrEnum):
    """What a system does in the quote-to-cash chain."""

    CRM = "crm"
    CPQ = "cpq"
    ERP = "erp"
    BILLING = "billing"
    OTHER = "other"


_DEFAULT_SIDE = {
    SystemRole.CRM: Side.CRM,
    SystemRole.CPQ: Side.CRM,
    SystemRole.ERP: Side.ERP,
    SystemRole.BILLING: Side.ERP,
    SystemRole.OTHER: Side.ERP,
}


class EntityKind(StrEnum):
    """Master data lives long and is shared; transactions are created per deal; reference data is
    configuration (codes, units, company codes)."""

    MASTER = "master"
    TRANSACTION = "transaction"
    REFERENCE = "reference"


class FieldType(StrEnum):
    """A vendor-neutral field type; the vendor's own type name is kept in ``native_type``."""

    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    PICKLIST = "picklist"
    MULTIPICKLIST = "multipicklist"
    REFERENCE = "reference"
    ID = "id"
    GUID = "guid"
    BINARY = "binary"
    OTHER = "other"


class Field(Model):
    """One attribute of an entity."""

    name: Identifier
    """API name, exactly as the system spells it (``BillingCountry``, ``SalesOrganization``)."""
    label: Label = ""
    """Human label shown in the system's UI."""
    type: FieldType = FieldType.STRING
    native_type: str = ""
    """The vendor's type name (``Picklist``, ``Edm.String``) when it says more than ``type``."""
    length: int | None = Attr(default=None, ge=0)
    """Maximum length of strings."""
    precision: int | None = Attr(default=None, ge=0)
    """Total digits of decimals."""
    scale: int | None = Attr(default=None, ge=0)
    """Digits after the decimal point."""
    required: bool = False
    key: bool = False
    """Part of the entity's primary key."""
    external_id: bool = False
    """Holds the other system's key (a cross-reference usable for upserts)."""
    picklist: tuple[str, ...] = ()
    """Allowed values of a picklist or code field."""
    reference_to: Identifier | None = None
    """For reference fields: the entity (in the same system) the value points at."""
    description: Text = ""


class Entity(Model):
    """An object of one system: a Salesforce sObject, an SAP OData entity type."""

    name: Identifier
    """API name (``Account``, ``SBQQ__Quote__c``, ``A_SalesOrder``)."""
    label: Label = ""
    kind: EntityKind = EntityKind.TRANSACTION
    description: Text = ""
    fields: tuple[Field, ...] = ()

    @cached_property
    def fields_by_name(self) -> dict[str, Field]:
        """The fields by name, built once per entity value (the first of a repeated name)."""
        found: dict[str, Field] = {}
        for candidate in self.fields:
            found.setdefault(candidate.name, candidate)
        return found

    def field(self, name: str) -> Field | None:
        """The field called ``name``, if the entity has one."""
        return self.fields_by_name.get(name)


class RelationshipCardinality(StrEnum):
    """How many children one parent has."""

    ONE_TO_ONE = "1:1"
    ONE_TO_MANY = "1:N"


class RelationshipKind(StrEnum):
    """A lookup can dangle or be cleared; a composition means the child lives and dies with the
    parent (Salesforce master-detail, SAP header/item)."""

    LOOKUP = "lookup"
    COMPOSITION = "composition"


class Relationship(Model):
    """A parent/child link between two entities of the same system."""

    name: Identifier
    parent: Identifier
    child: Identifier
    cardinality: RelationshipCardinality = RelationshipCardinality.ONE_TO_MANY
    kind: RelationshipKind = RelationshipKind.LOOKUP
    via_field: Identifier | None = None
    """The field on the child that holds the parent's key."""
    description: Text = ""


class System(Model):
    """An application taking part in the quote-to-cash flow."""

    name: SystemName
    """Short id used in references (``salesforce``, ``s4hana``)."""
    label: Label = ""
    role: SystemRole
    side: Side | None = None
    """Which side of the design the system sits on; by default derived from the role."""
    vendor: Label = ""
    version: Label = ""
    description: Text = ""
    relationships: tuple[Relationship, ...] = ()
    entities: tuple[Entity, ...] = ()

    @property
    def effective_side(self) -> Side:
        """The side the system is drawn on."""
        return self.side or _DEFAULT_SIDE[self.role]

    @property
    def display_name(self) -> str:
        """The label if there is one, otherwise the id."""
        return self.label or self.name

    def entity(self, name: str) -> Entity | None:
        """The entity called ``name``, if the system has one."""
        for candidate in self.entities:
            if candidate.name == name:
                return candidate
        return None
