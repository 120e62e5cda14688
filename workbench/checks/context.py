"""What every rule needs to know about the workspace, worked out once per run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..domain.base import Side, split_entity_ref
from ..domain.decisions import DecisionStatus
from ..domain.mappings import Mapping, SyncDirection
from ..domain.systems import Entity, EntityKind
from ..domain.validation import ElementKind, Location
from ..domain.workspace import Workspace


def mapping_link(mapping: Mapping) -> str:
    return f"mapping:{mapping.id}"


def entity_link(ref: str) -> str:
    return f"entity:{ref}"


def field_link(ref: str, field_name: str) -> str:
    return f"field:{ref}.{field_name}"


def at_mapping(mapping: Mapping, *path: str | int) -> Location:
    return Location(ElementKind.MAPPING, (mapping.id,), path)


def at_entity(ref: str, *path: str | int) -> Location:
    return Location(ElementKind.ENTITY, split_entity_ref(ref), path)


WORKSPACE_LOCATION = Location(ElementKind.WORKSPACE, ())


@dataclass
class Context:
    """The workspace plus the lookups rules share. Built per run; rules never change it."""

    ws: Workspace
    known_rules: frozenset[str] = frozenset()
    """Ids in the catalogue (for the configuration checks)."""
    _sides: dict[str, Side | None] = field(default_factory=dict)

    def side(self, ref: str | None) -> Side | None:
        if ref is None:
            return None
        system = split_entity_ref(ref)[0]
        if system not in self._sides:
            found = self.ws.system(system)
            self._sides[system] = found.effective_side if found else None
        return self._sides[system]

    def entity(self, ref: str | None) -> Entity | None:
        return self.ws.entity(ref) if ref else None

    @cached_property
    def linked_mappings(self) -> list[Mapping]:
        """Mappings with a target (everything but no-counterpart), in model order."""
        return [m for m in self.ws.mappings if not m.is_no_counterpart and m.target]

    def is_master(self, mapping: Mapping) -> bool:
        """Master data on either end of the mapping."""
        return any(
            (entity := self.entity(ref)) is not None and entity.kind is EntityKind.MASTER
            for ref in (mapping.source, mapping.target)
        )

    def flows(self, mapping: Mapping) -> Iterator[tuple[bool, str, str]]:
        """The directions data moves in: ``(forward, from_ref, to_ref)``; forward means source to
        target. No sync settings yet means the mapping's own direction."""
        assert mapping.target is not None
        direction = mapping.sync.direction if mapping.sync else SyncDirection.SOURCE_TO_TARGET
        if direction in (SyncDirection.SOURCE_TO_TARGET, SyncDirection.BOTH):
            yield True, mapping.source, mapping.target
        if direction in (SyncDirection.TARGET_TO_SOURCE, SyncDirection.BOTH):
            yield False, mapping.target, mapping.source

    @cached_property
    def decision_links(self) -> set[str]:
        """Every element some decision that still stands links to."""
        standing = (DecisionStatus.PROPOSED, DecisionStatus.ACCEPTED)
        return {
            link
            for decision in self.ws.decisions
            if decision.status in standing
            for link in decision.links
        }
