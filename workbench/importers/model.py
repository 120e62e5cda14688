"""What every importer returns: the entities and relationships it read, and what it could not
represent.

Parsers never raise on a single odd field: they skip it and say why (a ``Problem``), so one exotic
attribute does not cost the architect the other 400 fields. Input that cannot be read at all (not
XML, an XML attack, JSON of the wrong shape) raises ``ImportFailure`` naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..domain.base import IDENTIFIER_PATTERN
from ..domain.error_words import error_message
from ..domain.systems import Entity, EntityKind, Field, Relationship

MAX_INPUT_BYTES = 32 * 1024 * 1024
"""Largest file an importer reads. Real metadata is a few MB at most; anything bigger is refused
before parsing so a stray dump cannot tie up the workbench."""

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)


class ImportFailure(Exception):
    """The input cannot be imported at all; nothing was written."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


@dataclass(frozen=True)
class Problem:
    """Something in the input the model cannot represent; it was left out."""

    source: str
    """The file it came from."""
    element: str
    """What was left out (``SBQQ__Quote__c.Bad Name``, ``relationship to_Item``)."""
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.element}: {self.message}"


@dataclass(frozen=True)
class Catalogue:
    """The metadata of one system as read from its files."""

    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    problems: tuple[Problem, ...] = ()
    sources: tuple[str, ...] = ()
    """The files that were read."""
    vendor: str = ""
    not_carried: frozenset[str] = frozenset()
    """Field attributes the format has no place for (OData metadata names no picklist values,
    no external id, no reference target): a field read from it says nothing about them, so a
    re-import keeps what the model holds (``plan._merge_field``)."""
    not_carried_by_entity: Mapping[str, frozenset[str]] = field(default_factory=dict, hash=False)
    """For a catalogue merged from several files: ``not_carried`` of the file each entity came
    from (two CSV inventories may have different columns)."""

    def not_carried_for(self, entity: str) -> frozenset[str]:
        return self.not_carried_by_entity.get(entity, self.not_carried)

    @property
    def field_count(self) -> int:
        return sum(len(entity.fields) for entity in self.entities)


def is_identifier(name: str) -> bool:
    return bool(_IDENTIFIER.match(name))


def check_size(source: str, data: bytes) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise ImportFailure(
            source,
            f"{len(data) / 1_048_576:.0f} MB is more than the {MAX_INPUT_BYTES // 1_048_576} MB "
            "an importer reads; is this really a metadata file?",
        )


@dataclass
class Collector:
    """Gathers problems while a parser runs, and builds domain values without raising."""

    source: str
    problems: list[Problem] = field(default_factory=list)

    def problem(self, element: str, message: str) -> None:
        self.problems.append(Problem(self.source, element, message))

    def name_ok(self, element: str, name: str) -> bool:
        if is_identifier(name):
            return True
        self.problem(
            element,
            f"{name!r} is not a valid API name (letters, digits and _, starting with a letter "
            "or _, at most 128 characters); left out",
        )
        return False

    def field(self, entity: str, data: dict[str, Any]) -> Field | None:
        """A validated field, or None (with a problem) when the data does not fit the model."""
        name = str(data.get("name", ""))
        element = f"{entity}.{name}"
        if not self.name_ok(element, name):
            return None
        reference = data.get("reference_to")
        if reference is not None and not is_identifier(str(reference)):
            self.problem(element, f"refers to {reference!r}, which is not a valid API name")
            data = {**data, "reference_to": None}
        try:
            return Field.model_validate(data)
        except ValidationError as exc:
            self.problem(element, _first_error(exc))
            return None

    def entity(
        self,
        name: str,
        label: str,
        description: str,
        fields: Iterable[Field],
        kind: EntityKind | None = None,
    ) -> Entity | None:
        if not self.name_ok(name, name):
            return None
        unique: dict[str, Field] = {}
        for item in fields:
            if item.name in unique:
                self.problem(f"{name}.{item.name}", "defined more than once; the first is kept")
                continue
            unique[item.name] = item
        try:
            return Entity(
                name=name,
                label=label,
                description=description,
                kind=kind or guess_kind(name),
                fields=tuple(unique.values()),
            )
        except ValidationError as exc:
            self.problem(name, _first_error(exc))
            return None

    def relationship(self, data: dict[str, Any]) -> Relationship | None:
        name = str(data.get("name", ""))
        element = f"relationship {name}"
        if not self.name_ok(element, name):
            return None
        try:
            return Relationship.model_validate(data)
        except ValidationError as exc:
            self.problem(element, _first_error(exc))
            return None

    def catalogue(
        self,
        entities: Iterable[Entity],
        relationships: Iterable[Relationship],
        vendor: str,
        not_carried: Iterable[str] = (),
    ) -> Catalogue:
        return Catalogue(
            tuple(entities),
            tuple(relationships),
            tuple(self.problems),
            (self.source,),
            vendor,
            frozenset(not_carried),
        )


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error_message(error)}" if where else error_message(error)


_MASTER_WORDS = (
    "account",
    "contact",
    "product",
    "pricebook",
    "businesspartner",
    "customer",
    "supplier",
    "material",
    "plant",
    "user",
)
_REFERENCE_WORDS = ("text", "currency", "country", "unit", "type", "code", "region", "language")


def guess_kind(name: str) -> EntityKind:
    """A first guess at master, transaction or reference data from the API name; the architect
    corrects it, and a re-import keeps the correction."""
    folded = name.casefold().removeprefix("a_").removesuffix("__c").replace("_", "")
    folded = folded.removeprefix("sbqq")
    if folded.endswith(_REFERENCE_WORDS) and not folded.endswith("contact"):
        return EntityKind.REFERENCE
    if folded.startswith(_MASTER_WORDS) or folded.endswith(_MASTER_WORDS):
        return EntityKind.MASTER
    return EntityKind.TRANSACTION


def merge(catalogues: Iterable[Catalogue]) -> Catalogue:
    """One catalogue from several files of the same system (three EDMX services, a folder of
    objects). An entity defined twice keeps its first definition; a differing second one is
    reported."""
    entities: dict[str, Entity] = {}
    relationships: dict[str, Relationship] = {}
    problems: list[Problem] = []
    sources: list[str] = []
    vendor = ""
    by_entity: dict[str, frozenset[str]] = {}
    for catalogue in catalogues:
        problems.extend(catalogue.problems)
        sources.extend(catalogue.sources)
        vendor = vendor or catalogue.vendor
        source = catalogue.sources[0] if catalogue.sources else "input"
        for entity in catalogue.entities:
            known = entities.get(entity.name)
            if known is None:
                entities[entity.name] = entity
                by_entity[entity.name] = catalogue.not_carried_for(entity.name)
            elif known != entity:
                problems.append(
                    Problem(source, entity.name, "defined differently in an earlier file; kept")
                )
        for rel in catalogue.relationships:
            seen = relationships.get(rel.name)
            if seen is None:
                relationships[rel.name] = rel
            elif seen.model_copy(update={"description": rel.description}) == rel:
                # The same lookup seen from both ends; keep whichever says more.
                if not seen.description:
                    relationships[rel.name] = rel
            elif seen != rel:
                problems.append(
                    Problem(source, f"relationship {rel.name}", "declared twice; the first kept")
                )
    return Catalogue(
        tuple(entities.values()),
        tuple(relationships.values()),
        tuple(problems),
        tuple(sources),
        vendor,
        frozenset(),
        by_entity,
    )
