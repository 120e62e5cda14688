"""What is selected: one model element, named the way the domain names it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..domain.base import split_entity_ref


class Kind(StrEnum):
    SYSTEM = "system"
    ENTITY = "entity"
    FIELD = "field"
    RELATIONSHIP = "relationship"
    RELATIONSHIPS = "relationships"
    """The group of a system's relationships in its tree (the key is the system's name)."""
    MAPPING = "mapping"


@dataclass(frozen=True)
class Selection:
    kind: Kind
    key: str
    """``salesforce`` (system), ``salesforce:Account`` (entity), ``salesforce:Account.Name``
    (field), ``salesforce:Order_Account`` (relationship), ``account-customer`` (mapping)."""

    @property
    def entity_ref(self) -> str | None:
        if self.kind is Kind.ENTITY:
            return self.key
        if self.kind is Kind.FIELD:
            return self.key.partition(".")[0]
        return None

    @property
    def system(self) -> str | None:
        if self.kind in (Kind.SYSTEM, Kind.RELATIONSHIPS):
            return self.key
        if self.kind in (Kind.ENTITY, Kind.FIELD, Kind.RELATIONSHIP):
            return split_entity_ref(self.key)[0]
        return None

    @property
    def field_name(self) -> str | None:
        return self.key.partition(".")[2] if self.kind is Kind.FIELD else None

    @property
    def element_key(self) -> tuple[str, ...]:
        """The element whose mirror file holds the selection (``domain.elements``' key): a
        field is in its entity's file, a relationship in its system's."""
        if self.kind is Kind.MAPPING:
            return ("mapping", self.key)
        if self.kind in (Kind.ENTITY, Kind.FIELD):
            return ("entity", self.entity_ref or "")
        return ("system", self.system or "")

    def describe(self) -> str:
        return f"{self.kind} {self.key}"
