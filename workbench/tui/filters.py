"""Search and filters over the model, shared by the trees, the mapping list and the graph."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..domain.base import entity_ref, split_entity_ref
from ..domain.mappings import Mapping
from ..domain.systems import Entity
from .controller import Controller


class Show(StrEnum):
    ALL = "all"
    UNMAPPED = "unmapped"
    NO_OWNER = "no owner"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Filter:
    text: str = ""
    show: Show = Show.ALL

    @property
    def active(self) -> bool:
        return bool(self.text) or self.show is not Show.ALL

    def _matches(self, *names: str) -> bool:
        needle = self.text.casefold()
        return not needle or any(needle in name.casefold() for name in names)

    def entity_visible(self, controller: Controller, system: str, entity: Entity) -> bool:
        ref = entity_ref(system, entity.name)
        if self.show is Show.UNMAPPED and ref not in _unmapped(controller):
            return False
        if self.show is not Show.ALL and self.show is not Show.UNMAPPED:
            mappings = controller.workspace.mappings_of(ref)
            if not any(self.mapping_visible(controller, m, check_text=False) for m in mappings):
                return False
        return self._matches(entity.name, entity.label) or bool(self.matching_fields(entity))

    def matching_fields(self, entity: Entity) -> list[str]:
        if not self.text:
            return []
        return [f.name for f in entity.fields if self._matches(f.name, f.label)]

    def mapping_visible(
        self, controller: Controller, mapping: Mapping, check_text: bool = True
    ) -> bool:
        if self.show is Show.UNMAPPED:
            return False
        if self.show is Show.NO_OWNER and mapping.system_of_record is not None:
            return False
        if self.show is Show.NO_OWNER and mapping.is_no_counterpart:
            return False
        if self.show is Show.INCOMPLETE and mapping.id not in controller.incomplete_mappings:
            return False
        # Entities by name, not by their system: "sales" must not find every mapping out of
        # Salesforce (the entity trees are searched by name and label too).
        return not check_text or self._matches(
            mapping.id,
            mapping.title,
            split_entity_ref(mapping.source)[1],
            split_entity_ref(mapping.target)[1] if mapping.target else "",
        )


def _unmapped(controller: Controller) -> set[str]:
    return set(controller.unmapped_entities)
