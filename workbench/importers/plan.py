"""A (re-)import as a diff: what the files add, change and remove in one system, and the workspace
that results. Pure: the service decides whether to write it.

What the source does not know is kept: an entity's kind, and labels and descriptions the source
leaves empty. What the model still uses is never dropped silently: an entity or field that
disappeared from the source but is used by a mapping (as its source or target, a field mapping or
a key) or linked from a decision stays, and the diff flags it for the architect to resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.base import entity_ref
from ..domain.edits import revise
from ..domain.systems import (
    Entity,
    Field,
    FieldType,
    Relationship,
    RelationshipKind,
    System,
    SystemRole,
)
from ..domain.workspace import Workspace
from .model import Catalogue, Problem

_MISSING_PARENT = re.compile(r"^parent (\S+) is not an entity of ")
_FIELD_ATTRIBUTES = tuple(name for name in Field.model_fields if name != "name")
_RELATIONSHIP_ATTRIBUTES = tuple(name for name in Relationship.model_fields if name != "name")


_ENTITIES = ("entity", "entities")
_FIELDS = ("field", "fields")
_RELATIONSHIPS = ("relationship", "relationships")


@dataclass(frozen=True)
class Change:
    """One element and what changed in it (``length 10 -> 12``)."""

    element: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kept:
    """An element the source no longer has, kept because the model uses it."""

    element: str
    used_by: tuple[str, ...]


@dataclass(frozen=True)
class ImportDiff:
    system: str
    created_system: bool = False
    added_entities: tuple[str, ...] = ()
    changed_entities: tuple[Change, ...] = ()
    removed_entities: tuple[str, ...] = ()
    added_fields: tuple[str, ...] = ()
    """``Entity.Field``"""
    changed_fields: tuple[Change, ...] = ()
    removed_fields: tuple[str, ...] = ()
    kept: tuple[Kept, ...] = ()
    added_relationships: tuple[str, ...] = ()
    changed_relationships: tuple[Change, ...] = ()
    removed_relationships: tuple[str, ...] = ()
    skipped_relationships: tuple[Change, ...] = ()
    """Relationships the files declare towards entities the system does not have."""
    problems: tuple[Problem, ...] = ()
    entity_count: int = 0
    field_count: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(
            self.created_system
            or self.added_entities
            or self.changed_entities
            or self.removed_entities
            or self.added_fields
            or self.changed_fields
            or self.removed_fields
            or self.added_relationships
            or self.changed_relationships
            or self.removed_relationships
        )

    def summary(self) -> str:
        if not self.has_changes:
            return "no changes"
        parts = [
            f"{len(items)} {(one if len(items) == 1 else many)} {what}"
            for items, (one, many), what in (
                (self.added_entities, _ENTITIES, "added"),
                (self.changed_entities, _ENTITIES, "changed"),
                (self.removed_entities, _ENTITIES, "removed"),
                (self.added_fields, _FIELDS, "added"),
                (self.changed_fields, _FIELDS, "changed"),
                (self.removed_fields, _FIELDS, "removed"),
                (self.added_relationships, _RELATIONSHIPS, "added"),
                (self.changed_relationships, _RELATIONSHIPS, "changed"),
                (self.removed_relationships, _RELATIONSHIPS, "removed"),
            )
            if items
        ]
        created = f"new system {self.system}; " if self.created_system else ""
        return created + (", ".join(parts) or "system details changed")

    def lines(self, limit: int | None = None) -> list[str]:
        """The diff as text lines, what needs a look first: ``!`` kept or flagged, ``-``
        removed, ``~`` changed, ``+`` added. ``limit`` caps each section (the rest is counted)."""
        out: list[str] = []

        def section(marker: str, items: Iterable[str]) -> None:
            listed = list(items)
            shown = listed if limit is None else listed[:limit]
            out.extend(f"  {marker} {item}" for item in shown)
            if len(listed) > len(shown):
                out.append(f"    ... and {len(listed) - len(shown)} more")

        def changes(items: Iterable[Change]) -> list[str]:
            return [f"{c.element}: {'; '.join(c.details)}" for c in items]

        # What needs a decision first (kept though gone, not imported, removed), then what
        # changes, then what is only added: a large import lists a hundred fields added, and a
        # removal below them went unread.
        section(
            "! kept",
            (
                f"{k.element}: gone from the source but used by {', '.join(k.used_by)}"
                for k in self.kept
            ),
        )
        section("! not imported", (f"{p.element}: {p.message} ({p.source})" for p in self.problems))
        section("- entity", self.removed_entities)
        section("- field", self.removed_fields)
        section("- relationship", self.removed_relationships)
        section("~ entity", changes(self.changed_entities))
        section("~ field", changes(self.changed_fields))
        section("~ relationship", changes(self.changed_relationships))
        section("+ entity", self.added_entities)
        section("+ field", self.added_fields)
        section("+ relationship", self.added_relationships)
        # Relationships to entities not imported (yet) last: expected on a first import.
        section("! skipped", self._skipped_groups())
        return out

    def _skipped_groups(self) -> list[str]:
        """Skipped relationships in a few lines: a CPQ object's lookups to twenty objects that
        are not imported read as one line naming them."""
        missing: dict[str, int] = {}
        other: list[str] = []
        for change in self.skipped_relationships:
            reason = "; ".join(change.details)
            found = _MISSING_PARENT.match(reason)
            if found:
                missing[found.group(1)] = missing.get(found.group(1), 0) + 1
            else:
                other.append(f"relationship {change.element}: {reason}")
        lines = []
        if missing:
            named = ", ".join(
                f"{name} ({count})" if count > 1 else name for name, count in missing.items()
            )
            lines.append(
                f"{sum(missing.values())} relationships to entities not in {self.system} (yet): "
                f"{named}; importing those adds them"
            )
        return [*lines, *other]

    def as_dict(self) -> dict[str, Any]:
        def changes(items: Iterable[Change]) -> list[dict[str, Any]]:
            return [{"element": c.element, "changes": list(c.details)} for c in items]

        return {
            "system": self.system,
            "created_system": self.created_system,
            "has_changes": self.has_changes,
            "summary": self.summary(),
            "entities": self.entity_count,
            "fields": self.field_count,
            "added_entities": list(self.added_entities),
            "changed_entities": changes(self.changed_entities),
            "removed_entities": list(self.removed_entities),
            "added_fields": list(self.added_fields),
            "changed_fields": changes(self.changed_fields),
            "removed_fields": list(self.removed_fields),
            "kept": [{"element": k.element, "used_by": list(k.used_by)} for k in self.kept],
            "added_relationships": list(self.added_relationships),
            "changed_relationships": changes(self.changed_relationships),
            "removed_relationships": list(self.removed_relationships),
            "skipped_relationships": changes(self.skipped_relationships),
            "problems": [
                {"source": p.source, "element": p.element, "message": p.message}
                for p in self.problems
            ],
        }


@dataclass(frozen=True)
class ImportPlan:
    before: Workspace
    after: Workspace
    diff: ImportDiff


@dataclass
class _Builder:
    ws: Workspace
    system: str
    held: dict[tuple[str, str], str] = field(default_factory=dict)
    """(child, via_field) of the relationships the import leaves in place, by name."""
    catalogue: Catalogue | None = None
    """What is imported (``Catalogue.not_carried_for``: what its fields say nothing about)."""
    diff: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, key: str, item: Any) -> None:
        self.diff.setdefault(key, []).append(item)

    def listed(self, key: str) -> tuple[Any, ...]:
        return tuple(self.diff.get(key, ()))


def plan_import(
    ws: Workspace,
    system_name: str,
    catalogue: Catalogue,
    *,
    role: SystemRole | None = None,
    keep_missing: bool = False,
) -> ImportPlan:
    """The workspace after importing ``catalogue`` into system ``system_name`` (created when
    missing, with ``role`` or one guessed from the vendor), and the diff against ``ws``.

    ``keep_missing`` keeps the entities the files do not mention (importing one more service
    into a system); otherwise the files are the whole system and the rest is removed, unless
    something uses it.
    """
    existing = ws.system(system_name)
    build = _Builder(ws, system_name, catalogue=catalogue)
    if existing is None:
        system = System(
            name=system_name,
            role=role or _guess_role(catalogue.vendor),
            vendor=catalogue.vendor.split(" OData")[0],
        )
    else:
        system = existing
    imported_names = {entity.name for entity in catalogue.entities}
    redeclared = {rel.name for rel in catalogue.relationships}
    build.held = {
        (rel.child, rel.via_field): rel.name
        for rel in system.relationships
        if rel.via_field
        and rel.name not in redeclared
        and (keep_missing or rel.parent not in imported_names or rel.child not in imported_names)
    }
    entities: list[Entity] = []
    for entity in catalogue.entities:
        entities.append(_merge_entity(build, system.entity(entity.name), entity))
    for old in system.entities:
        if old.name in imported_names:
            continue
        if keep_missing:
            entities.append(old)
            continue
        uses = _entity_uses(ws, entity_ref(system_name, old.name))
        if uses:
            build.add("kept", Kept(old.name, uses))
            entities.append(old)
        else:
            build.add("removed_entities", old.name)
    relationships = _relationships(build, system, catalogue, entities, keep_missing)
    new_system = revise(system, entities=tuple(entities), relationships=tuple(relationships))
    if existing is None:
        after = revise(ws, systems=(*ws.systems, new_system))
    elif new_system == existing:
        after = ws
    else:
        after = revise(
            ws, systems=tuple(new_system if s.name == system_name else s for s in ws.systems)
        )
    diff = ImportDiff(
        system=system_name,
        created_system=existing is None,
        added_entities=build.listed("added_entities"),
        changed_entities=build.listed("changed_entities"),
        removed_entities=build.listed("removed_entities"),
        added_fields=build.listed("added_fields"),
        changed_fields=build.listed("changed_fields"),
        removed_fields=build.listed("removed_fields"),
        kept=build.listed("kept"),
        added_relationships=build.listed("added_relationships"),
        changed_relationships=build.listed("changed_relationships"),
        removed_relationships=build.listed("removed_relationships"),
        skipped_relationships=build.listed("skipped_relationships"),
        problems=catalogue.problems,
        entity_count=len(catalogue.entities),
        field_count=catalogue.field_count,
    )
    return ImportPlan(ws, after, diff)


def _guess_role(vendor: str) -> SystemRole:
    if vendor.startswith("Salesforce"):
        return SystemRole.CRM
    if vendor.startswith("SAP"):
        return SystemRole.ERP
    return SystemRole.OTHER


def _merge_entity(build: _Builder, old: Entity | None, new: Entity) -> Entity:
    if old is None:
        build.add("added_entities", new.name)
        return new
    fields: list[Field] = []
    for imported in new.fields:
        previous = old.field(imported.name)
        if previous is None:
            build.add("added_fields", f"{new.name}.{imported.name}")
            fields.append(imported)
            continue
        not_carried = build.catalogue.not_carried_for(new.name) if build.catalogue else frozenset()
        merged = _merge_field(previous, imported, not_carried)
        if merged != previous:
            details = _differences(previous, merged, _FIELD_ATTRIBUTES)
            build.add("changed_fields", Change(f"{new.name}.{imported.name}", details))
            fields.append(merged)
        else:
            fields.append(previous)  # shared, so the store sees no change
    names = {f.name for f in new.fields}
    ref = entity_ref(build.system, old.name)
    for gone in old.fields:
        if gone.name in names:
            continue
        uses = _field_uses(build.ws, ref, gone.name)
        held = build.held.get((old.name, gone.name))
        if held:
            uses += (f"relationship {held}",)
        if uses:
            build.add("kept", Kept(f"{old.name}.{gone.name}", uses))
            fields.append(gone)
        else:
            build.add("removed_fields", f"{old.name}.{gone.name}")
    label = new.label or old.label
    description = new.description or old.description
    entity_details = tuple(
        f"{name} changed" if name == "description" else f"label {old.label!r} -> {label!r}"
        for name, value in (("label", label), ("description", description))
        if getattr(old, name) != value
    )
    if entity_details:
        build.add("changed_entities", Change(old.name, entity_details))
    merged_entity = Entity(
        name=old.name, label=label, kind=old.kind, description=description, fields=tuple(fields)
    )
    return old if merged_entity == old else merged_entity


_CARRIED_BY_TYPE = {
    "picklist": (FieldType.PICKLIST, FieldType.MULTIPICKLIST),
    "reference_to": (FieldType.REFERENCE,),
}


def _merge_field(previous: Field, imported: Field, not_carried: frozenset[str]) -> Field:
    """``imported`` with what its source does not say taken from ``previous``: a label or a
    description the source leaves empty, and the attributes its format has no place for
    (``Catalogue.not_carried``). A field curated as a picklist or a reference keeps that type
    while the source only says "string"."""
    update: dict[str, Any] = {}
    for name in ("label", "description"):
        if not getattr(imported, name) and getattr(previous, name):
            update[name] = getattr(previous, name)
    for name in sorted(not_carried & {"picklist", "external_id", "reference_to"}):
        if getattr(previous, name) and not getattr(imported, name):
            update[name] = getattr(previous, name)
            if (
                previous.type in _CARRIED_BY_TYPE.get(name, ())
                and imported.type is FieldType.STRING
            ):
                update["type"] = previous.type
    return imported.model_copy(update=update) if update else imported


def _differences(old: Any, new: Any, attributes: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for name in attributes:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name in ("description", "picklist"):
            found.append(f"{name} changed")
        else:
            found.append(f"{name} {_show(before)} -> {_show(after)}")
    return tuple(found)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    return str(value)


def _relationships(
    build: _Builder,
    system: System,
    catalogue: Catalogue,
    entities: list[Entity],
    keep_missing: bool,
) -> list[Relationship]:
    by_name = {e.name: e for e in entities}
    imported_entities = {e.name for e in catalogue.entities}

    def valid(rel: Relationship) -> str:
        for role in ("parent", "child"):
            if getattr(rel, role) not in by_name:
                return f"{role} {getattr(rel, role)} is not an entity of {system.name}"
        if rel.via_field and by_name[rel.child].field(rel.via_field) is None:
            return f"via_field {rel.via_field} is not a field of {rel.child}"
        return ""

    old = {rel.name: rel for rel in system.relationships}
    # The same link under another name (the model's own, given in a workshop, against the
    # source's generated one): matched by what it links, and kept under the model's name, or
    # every re-import would add it a second time.
    by_shape = {_shape(rel): rel for rel in system.relationships if rel.via_field}
    named_in_source = {rel.name for rel in catalogue.relationships}
    result: list[Relationship] = []
    taken: set[str] = set()
    for found in catalogue.relationships:
        reason = valid(found)
        if reason:
            build.add("skipped_relationships", Change(found.name, (reason,)))
            continue
        rel, previous = found, old.get(found.name)
        if previous is None and found.via_field:
            same = by_shape.get(_shape(found))
            if same is not None and same.name not in named_in_source and same.name not in taken:
                # The model's name and words: they were given to it; the source only
                # generates them.
                update = {"name": same.name, "description": same.description or found.description}
                rel, previous = found.model_copy(update=update), same
        merged = rel
        if previous is not None and not rel.description and previous.description:
            merged = rel.model_copy(update={"description": previous.description})
        if previous is None:
            build.add("added_relationships", rel.name)
        elif previous != merged:
            build.add(
                "changed_relationships",
                Change(rel.name, _differences(previous, merged, _RELATIONSHIP_ATTRIBUTES)),
            )
        else:
            merged = previous
        result.append(merged)
        taken.add(rel.name)
    for rel in system.relationships:
        if rel.name in taken:
            continue
        outside = rel.parent not in imported_entities or rel.child not in imported_entities
        if (keep_missing or outside or _follows_reference(rel, by_name)) and not valid(rel):
            result.append(rel)
            taken.add(rel.name)
        else:
            build.add("removed_relationships", rel.name)
    result.extend(_pending_references(build, entities, taken, result, imported_entities))
    return result


def _shape(rel: Relationship) -> tuple[str, str, str | None]:
    return (rel.parent, rel.child, rel.via_field)


def _follows_reference(rel: Relationship, by_name: dict[str, Entity]) -> bool:
    """True for a relationship that a reference field of the child still declares."""
    child = by_name.get(rel.child)
    held = child.field(rel.via_field) if child is not None and rel.via_field else None
    return held is not None and held.reference_to == rel.parent


def _pending_references(
    build: _Builder,
    entities: list[Entity],
    taken: set[str],
    result: list[Relationship],
    imported: set[str],
) -> list[Relationship]:
    """Lookups whose parent arrived later: a quote's lookup to Account, imported before
    Account was, becomes a relationship once Account is in the system. Only where this import
    brings the child or the parent: the lookups of entities it does not touch are the model's
    business, not the import's."""
    names = {e.name for e in entities}
    linked = {(rel.child, rel.via_field) for rel in result}
    found: list[Relationship] = []
    for entity in entities:
        for item in entity.fields:
            target = item.reference_to
            if target is None or target not in names or (entity.name, item.name) in linked:
                continue
            if entity.name not in imported and target not in imported:
                continue
            name = f"{entity.name}_{item.name}"
            if name in taken or len(name) > 128:
                continue
            composition = item.native_type == "MasterDetail"
            rel = Relationship(
                name=name,
                parent=target,
                child=entity.name,
                kind=RelationshipKind.COMPOSITION if composition else RelationshipKind.LOOKUP,
                via_field=item.name,
            )
            build.add("added_relationships", name)
            taken.add(name)
            found.append(rel)
    return found


def _entity_uses(ws: Workspace, ref: str) -> tuple[str, ...]:
    uses = [f"mapping {m.id}" for m in ws.mappings_of(ref)]
    for decision in ws.decisions:
        for link in decision.links:
            if link == f"entity:{ref}" or link.startswith(f"field:{ref}."):
                uses.append(f"decision {decision.number:04d}")
                break
    return tuple(dict.fromkeys(uses))


def _field_uses(ws: Workspace, ref: str, name: str) -> tuple[str, ...]:
    uses: list[str] = []
    for mapping in ws.mappings_of(ref):
        as_source, as_target = mapping.source == ref, mapping.target == ref
        for fm in mapping.field_mappings:
            if (as_target and fm.target == name) or (as_source and fm.source == name):
                uses.append(f"mapping {mapping.id} (field mapping to {fm.target})")
        for key in mapping.keys:
            if (as_source and key.source_field == name) or (as_target and key.target_field == name):
                uses.append(f"mapping {mapping.id} (key)")
    link = f"field:{ref}.{name}"
    uses.extend(f"decision {d.number:04d}" for d in ws.decisions if link in d.links)
    return tuple(dict.fromkeys(uses))
