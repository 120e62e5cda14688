"""Reference material shared by mappings and decisions: value maps and the people in the room."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import Field as Attr

from .base import MAX_FACTOR, Label, Model, Slug, SystemName, Text


class ValueMapEntry(Model):
    """One translation of a value from the source system's code to the target's."""

    source: str
    target: str
    factor: Decimal | None = Attr(default=None, gt=0, le=MAX_FACTOR)
    """Quantity conversion factor for units of measure (a case of 12 -> 12)."""
    note: Label = ""
    reverse: bool = False
    """Where several source values share this entry's target, the one that target translates
    back to when a value travels target to source (SAP's PC comes back as Each, not Case)."""


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

    def translate_back(self, value: str) -> ValueMapEntry | None:
        """The entry a target value translates back by: the only one with that target, or the
        one marked ``reverse`` among several; None when there is none or no way to choose."""
        candidates = [entry for entry in self.entries if entry.target == value]
        if len(candidates) == 1:
            return candidates[0]
        marked = [entry for entry in candidates if entry.reverse]
        return marked[0] if len(marked) == 1 else None

    def ambiguous_backwards(self) -> dict[str, tuple[str, ...]]:
        """Target values that several source values translate to with none of them marked to
        come back as: each with those source values, in entry order."""
        sources: dict[str, list[str]] = {}
        for entry in self.entries:
            sources.setdefault(entry.target, []).append(entry.source)
        return {
            target: tuple(found)
            for target, found in sources.items()
            if len(found) > 1 and self.translate_back(target) is None
        }


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
