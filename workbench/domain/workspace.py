"""The workspace: the whole design as one immutable value."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from .base import Label, Model, Side, Slug, Text, entity_ref, split_entity_ref
from .decisions import Decision
from .mappings import Mapping
from .masterdata import MasterData
from .reconciliation import ReconciliationMetric
from .reference import Stakeholder, ValueMap
from .revenue import ProductClass
from .scenarios import Scenario
from .suppressions import Suppression
from .systems import Entity, System

_K = TypeVar("_K")
_V = TypeVar("_V")


class Workspace(Model):
    """Everything the design holds. Edits replace parts and keep the rest shared."""

    name: Slug
    title: Label = ""
    description: Text = ""
    systems: tuple[System, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    value_maps: tuple[ValueMap, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    decisions: tuple[Decision, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    product_classes: tuple[ProductClass, ...] = ()
    reconciliation: tuple[ReconciliationMetric, ...] = ()
    """Metrics that compare CRM, integration layer and ERP."""
    rejected_suggestions: tuple[Label, ...] = ()
    """Mapping suggestions the architects turned down, as what they proposed
    (``salesforce:Account -> s4hana:A_CustomerSalesArea``), so they are not proposed again."""
    suppressions: tuple[Suppression, ...] = ()
    """Design-check rules silenced for named elements, with the reason."""
    master_data: tuple[MasterData, ...] = ()
    """Master data sets that simulated orders are resolved against."""

    @cached_property
    def index(self) -> WorkspaceIndex:
        """Lookups by name, built once per workspace value."""
        return WorkspaceIndex.build(self)

    def system(self, name: str) -> System | None:
        return self.index.systems.get(name)

    def entity(self, ref: str) -> Entity | None:
        return self.index.entities.get(ref)

    def mapping(self, mapping_id: str) -> Mapping | None:
        return self.index.mappings.get(mapping_id)

    def value_map(self, value_map_id: str) -> ValueMap | None:
        return self.index.value_maps.get(value_map_id)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return self.index.scenarios.get(scenario_id)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder | None:
        return self.index.stakeholders.get(stakeholder_id)

    def decision(self, number: int) -> Decision | None:
        return self.index.decisions.get(number)

    def product_class(self, class_id: str) -> ProductClass | None:
        return self.index.product_classes.get(class_id)

    def metric(self, metric_id: str) -> ReconciliationMetric | None:
        return self.index.metrics.get(metric_id)

    def master_data_set(self, set_id: str | None = None) -> MasterData | None:
        """The master data set called ``set_id``; without an id, the first set."""
        if set_id is None:
            return self.master_data[0] if self.master_data else None
        return self.index.master_data.get(set_id)

    def side_of(self, ref: str) -> Side | None:
        """The side of the system an entity reference points into."""
        system = self.system(split_entity_ref(ref)[0])
        return system.effective_side if system else None

    def iter_entities(self) -> Iterator[tuple[System, Entity]]:
        for system in self.systems:
            for entity in system.entities:
                yield system, entity

    def mappings_of(self, ref: str) -> tuple[Mapping, ...]:
        """Mappings whose source or target is the entity ``ref``."""
        return self.index.mappings_by_entity.get(ref, ())

    @property
    def entity_count(self) -> int:
        return sum(len(system.entities) for system in self.systems)

    @property
    def field_count(self) -> int:
        return sum(len(entity.fields) for _, entity in self.iter_entities())


@dataclass(frozen=True)
class WorkspaceIndex:
    """Dictionaries over a workspace. Where names repeat (an invalid model) the first one wins;
    validation reports the duplicate."""

    systems: dict[str, System]
    entities: dict[str, Entity]
    mappings: dict[str, Mapping]
    value_maps: dict[str, ValueMap]
    stakeholders: dict[str, Stakeholder]
    decisions: dict[int, Decision]
    scenarios: dict[str, Scenario]
    product_classes: dict[str, ProductClass]
    metrics: dict[str, ReconciliationMetric]
    master_data: dict[str, MasterData]
    mappings_by_entity: dict[str, tuple[Mapping, ...]]

    @classmethod
    def build(cls, workspace: Workspace) -> WorkspaceIndex:
        entities: dict[str, Entity] = {}
        for system in workspace.systems:
            for entity in system.entities:
                entities.setdefault(entity_ref(system.name, entity.name), entity)
        by_entity: dict[str, list[Mapping]] = {}
        for mapping in workspace.mappings:
            by_entity.setdefault(mapping.source, []).append(mapping)
            if mapping.target and mapping.target != mapping.source:
                by_entity.setdefault(mapping.target, []).append(mapping)
        return cls(
            systems=_first_by(workspace.systems, lambda s: s.name),
            entities=entities,
            mappings=_first_by(workspace.mappings, lambda m: m.id),
            value_maps=_first_by(workspace.value_maps, lambda v: v.id),
            stakeholders=_first_by(workspace.stakeholders, lambda s: s.id),
            decisions=_first_by(workspace.decisions, lambda d: d.number),
            scenarios=_first_by(workspace.scenarios, lambda s: s.id),
            product_classes=_first_by(workspace.product_classes, lambda p: p.id),
            metrics=_first_by(workspace.reconciliation, lambda r: r.id),
            master_data=_first_by(workspace.master_data, lambda d: d.id),
            mappings_by_entity={ref: tuple(found) for ref, found in by_entity.items()},
        )


def _first_by(items: tuple[_V, ...], key: Callable[[_V], _K]) -> dict[_K, _V]:
    result: dict[_K, _V] = {}
    for item in items:
        result.setdefault(key(item), item)
    return result
