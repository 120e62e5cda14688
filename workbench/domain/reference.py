"""Reference material shared by mappings and decisions: value maps and the people in the room."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field as Attr

from .base import Label, Model, Slug, SystemName, Text


class ValueMapEntry(Model):
    """One translation of a value from the source system's code to the target's."""

    source: str
    target: str
    factor: Decimal | None = Attr(default=None, gt=0)
    """Quantity conversion factor for units of measure (a case of 12 -> 12)."""
    note: Label = ""


class ValueMap(Model):
    """A code translation table: units of measure, countries, payment terms, tax codes."""

    id: Slug
    title: Label = ""
    description: Text = ""
    source_system: SystemName | None = None
    target_system: SystemName | None = None
    entries: tuple[ValueMapEntry, ...] = ()
    default: str | None = None
    """Target value for a source value that has no entry; empty means such a value is an error."""

    def translate(self, value: str) -> ValueMapEntry | None:
        for entry in self.entries:
            if entry.source == value:
                return entry
        return None


class Function(StrEnum):
    """The business functions whose agreement a quote-to-cash design needs."""

    SALES = "Sales"
    IT = "IT"
    FINANCE = "Finance"
    OPERATIONS = "Operations"
    LEGAL = "Legal"
    PRODUCT = "Product"
    EXECUTIVE = "Executive"
    OTHER = "Other"


class Stakeholder(Model):
    """A person who takes part in the design or signs decisions off."""

    id: Slug
    name: Label
    function: Function
    title: Label = ""
    email: Label = ""
