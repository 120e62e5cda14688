"""Field values in motion: for each field mapping, the direction(s) its value travels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..domain.base import split_entity_ref
from ..domain.mappings import FieldMapping, Mapping, SyncDirection
from ..domain.systems import Entity, Field


@dataclass(frozen=True)
class Flow:
    """One field mapping in one direction: the value leaves ``origin`` and lands in ``dest``."""

    mapping: Mapping
    position: int
    fm: FieldMapping
    origin: Field
    dest: Field
    dest_ref: str
    forward: bool
    """True when the value moves from the mapping's source to its target."""
    link: str
    """The destination field as an element link (``field:s4hana:A_Product.BaseUnit``)."""

    @property
    def words(self) -> str:
        return f"{self.mapping.id}: {self.origin.name} -> {self.dest.name}"


def directions(mapping: Mapping) -> list[bool]:
    """The ways data moves (True: source to target). No sync settings: source to target."""
    direction = mapping.sync.direction if mapping.sync else SyncDirection.SOURCE_TO_TARGET
    ways = []
    if direction in (SyncDirection.SOURCE_TO_TARGET, SyncDirection.BOTH):
        ways.append(True)
    if direction in (SyncDirection.TARGET_TO_SOURCE, SyncDirection.BOTH):
        ways.append(False)
    return ways


def mapping_flows(mapping: Mapping, source: Entity, target: Entity) -> Iterator[Flow]:
    """Every field mapping with a source field, in each direction its value moves. A field with
    an owner moves from the owner's side only; otherwise it follows the mapping's sync. Keys are
    never written on the way back (they are what the record is found by)."""
    assert mapping.target is not None
    source_system = split_entity_ref(mapping.source)[0]
    ways_of_mapping = directions(mapping)
    source_fields = {f.name: f for f in source.fields}
    target_fields = {f.name: f for f in target.fields}
    for position, fm in enumerate(mapping.field_mappings):
        if fm.source is None:
            continue
        a, b = source_fields.get(fm.source), target_fields.get(fm.target)
        if a is None or b is None:
            continue
        ways = ways_of_mapping if fm.owner is None else [fm.owner == source_system]
        for forward in ways:
            origin, dest = (a, b) if forward else (b, a)
            if not forward and dest.key:
                continue
            dest_ref = mapping.target if forward else mapping.source
            link = f"field:{dest_ref}.{dest.name}"
            yield Flow(mapping, position, fm, origin, dest, dest_ref, forward, link)
