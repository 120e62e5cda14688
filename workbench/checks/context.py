"""What every rule needs to know about the workspace, worked out once per run, and what the
per-mapping rules found, kept between runs for mappings an edit did not touch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from ..domain.base import Side, split_entity_ref
from ..domain.decisions import DecisionStatus
from ..domain.mappings import Cardinality, Mapping
from ..domain.systems import Entity, EntityKind, Relationship
from ..domain.validation import ElementKind, Location
from ..domain.workspace import Workspace
from .flows import Flow, mapping_flows

if TYPE_CHECKING:
    from .model import Finding


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
T = TypeVar("T")


@dataclass
class MemoEntry:
    """What the per-mapping rules found for one mapping, valid while ``deps`` are the same
    objects (frozen values: an edit replaces what it changes and shares the rest)."""

    deps: tuple[object, ...]
    flows: list[Flow] | None = None
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    """By rule id."""
    selections: dict[tuple[str, ...], list[Finding]] = field(default_factory=dict)
    """All findings of a selection of rules (the catalogue, usually), ready to extend a report."""


@dataclass
class Memo:
    entries: dict[str, MemoEntry] = field(default_factory=dict)
    """By mapping id."""
    across: dict[str, tuple[tuple[MemoEntry, ...], list[object]]] = field(default_factory=dict)
    """Results of rules over all mappings, by rule id, with the entries they were made from."""

    def prune(self, keep: set[str]) -> None:
        for mapping_id in [k for k in self.entries if k not in keep]:
            del self.entries[mapping_id]


@dataclass
class Context:
    """The workspace plus the lookups rules share. Rules read it and never change it."""

    ws: Workspace
    known_rules: frozenset[str] = frozenset()
    """Ids in the catalogue (for the configuration checks)."""
    memo: Memo = field(default_factory=Memo)
    rules_run: frozenset[str] = frozenset()
    """Ids of the rules this run selected (set before the rules over findings run)."""
    _sides: dict[str, Side | None] = field(default_factory=dict)
    _checked: dict[str, MemoEntry] = field(default_factory=dict)
    """Memo entries already validated in this run."""
    _relationships: dict[str, tuple[Relationship, ...]] = field(default_factory=dict)

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

    def relationships(self, ref: str) -> tuple[Relationship, ...]:
        """The relationships of the system ``ref`` (an entity reference) belongs to."""
        name = split_entity_ref(ref)[0]
        found = self._relationships.get(name)
        if found is None:
            system = self.ws.system(name)
            found = self._relationships[name] = system.relationships if system else ()
        return found

    @cached_property
    def linked_mappings(self) -> list[Mapping]:
        """Mappings with a target (everything but no-counterpart), in model order."""
        none = Cardinality.NONE
        return [m for m in self.ws.mappings if m.cardinality is not none and m.target]

    def is_master(self, mapping: Mapping) -> bool:
        """Master data on either end of the mapping."""
        return any(
            (entity := self.entity(ref)) is not None and entity.kind is EntityKind.MASTER
            for ref in (mapping.source, mapping.target)
        )

    def entry(self, mapping: Mapping) -> MemoEntry:
        """The memo entry of ``mapping``, fresh if anything it depends on changed."""
        assert mapping.target is not None
        checked = self._checked.get(mapping.id)
        if checked is not None and checked.deps[0] is mapping:
            return checked
        deps: tuple[object, ...] = (
            mapping,
            self.entity(mapping.source),
            self.entity(mapping.target),
            self.relationships(mapping.source),
            self.relationships(mapping.target),
            self.side(mapping.source),
            self.side(mapping.target),
            *(self.ws.value_map(fm.value_map) for fm in mapping.field_mappings if fm.value_map),
        )
        found = self.memo.entries.get(mapping.id)
        if (
            found is None
            or len(found.deps) != len(deps)
            or any(a is not b for a, b in zip(found.deps, deps, strict=True))
        ):
            found = self.memo.entries[mapping.id] = MemoEntry(deps)
        self._checked[mapping.id] = found
        return found

    def flows_of(self, mapping: Mapping) -> list[Flow]:
        entry = self.entry(mapping)
        if entry.flows is None:
            source, target = self.entity(mapping.source), self.entity(mapping.target)
            entry.flows = (
                list(mapping_flows(mapping, source, target))
                if source is not None and target is not None
                else []
            )
        return entry.flows

    def across_mappings(
        self, rule_id: str, mappings: list[Mapping], compute: Callable[[], list[T]]
    ) -> list[T]:
        """``compute()`` for a rule whose result depends only on ``mappings`` and what their
        memo entries cover; kept until one of those mappings or their inputs changes."""
        key = tuple(self.entry(m) for m in mappings)
        found = self.memo.across.get(rule_id)
        if (
            found is not None
            and len(found[0]) == len(key)
            and all(a is b for a, b in zip(found[0], key, strict=True))
        ):
            return found[1]  # type: ignore[return-value]
        result = compute()
        self.memo.across[rule_id] = (key, list(result))
        return result

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
