"""Keeping the selection on its element across an edit: a rename (or the undo of one) moves it to
the new name, a delete to what held the element.

An edit changes one workspace value into another; when the selected element is gone from the new
one and exactly one element of its kind appeared in the same place, that is the element renamed.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.base import entity_ref, split_entity_ref
from ..domain.systems import System
from ..domain.workspace import Workspace
from .selection import Kind, Selection


def exists(selection: Selection, ws: Workspace) -> bool:
    """Whether the element ``selection`` names is in ``ws``."""
    kind, key = selection.kind, selection.key
    if kind in (Kind.SYSTEM, Kind.RELATIONSHIPS):
        return ws.system(key) is not None
    if kind is Kind.ENTITY:
        return ws.entity(key) is not None
    if kind is Kind.FIELD:
        entity = ws.entity(selection.entity_ref or "")
        return entity is not None and entity.field(selection.field_name or "") is not None
    if kind is Kind.RELATIONSHIP:
        system_name, name = split_entity_ref(key)
        system = ws.system(system_name)
        return system is not None and any(r.name == name for r in system.relationships)
    return ws.mapping(key) is not None


def follow(selection: Selection | None, before: Workspace, after: Workspace) -> Selection | None:
    """Where ``selection`` (made in ``before``) is in ``after``: itself, its renamed self, or,
    when it was deleted, the nearest element that still holds its place (a field's entity, an
    entity's system); None when nothing is left of it."""
    if selection is None or exists(selection, after):
        return selection
    renamed = _renamed(selection, before, after)
    if renamed is not None:
        return renamed
    parent = _parent(selection)
    return follow(parent, before, after) if parent is not None else None


def _renamed(selection: Selection, before: Workspace, after: Workspace) -> Selection | None:
    kind, key = selection.kind, selection.key
    if kind in (Kind.SYSTEM, Kind.RELATIONSHIPS):
        new = _one_new(key, (s.name for s in before.systems), (s.name for s in after.systems))
        return Selection(kind, new) if new else None
    if kind is Kind.MAPPING:
        new = _one_new(key, (m.id for m in before.mappings), (m.id for m in after.mappings))
        return Selection(kind, new) if new else None
    if kind is Kind.ENTITY:
        system_name, name = split_entity_ref(key)
        moved = follow(Selection(Kind.SYSTEM, system_name), before, after)
        old_system, new_system = before.system(system_name), _system(after, moved)
        if old_system is None or new_system is None:
            return None
        new = _one_new(
            name, (e.name for e in old_system.entities), (e.name for e in new_system.entities)
        )
        if new is None and new_system.entity(name) is not None:
            new = name  # the system was renamed, the entity kept its name
        return Selection(kind, entity_ref(new_system.name, new)) if new else None
    if kind is Kind.FIELD:
        ref, name = selection.entity_ref or "", selection.field_name or ""
        moved = follow(Selection(Kind.ENTITY, ref), before, after)
        old_entity = before.entity(ref)
        new_entity = after.entity(moved.key) if moved and moved.kind is Kind.ENTITY else None
        if moved is None or old_entity is None or new_entity is None:
            return None
        new = name if new_entity.field(name) is not None else None
        new = new or _one_new(
            name, (f.name for f in old_entity.fields), (f.name for f in new_entity.fields)
        )
        return Selection(kind, f"{moved.key}.{new}") if new else None
    if kind is Kind.RELATIONSHIP:
        system_name, name = split_entity_ref(key)
        old_system = before.system(system_name)
        new_system = _system(after, follow(Selection(Kind.SYSTEM, system_name), before, after))
        if old_system is None or new_system is None:
            return None
        new = _one_new(
            name,
            (r.name for r in old_system.relationships),
            (r.name for r in new_system.relationships),
        )
        return Selection(kind, f"{new_system.name}:{new}") if new else None
    return None


def _system(ws: Workspace, selection: Selection | None) -> System | None:
    return ws.system(selection.key) if selection is not None else None


def _one_new(old: str, before: Iterable[str], after: Iterable[str]) -> str | None:
    """The one name in ``after`` that replaced ``old``, when exactly one went and one came."""
    was, now = set(before), set(after)
    gone, came = was - now, now - was
    return next(iter(came)) if gone == {old} and len(came) == 1 else None


def _parent(selection: Selection) -> Selection | None:
    if selection.kind is Kind.FIELD:
        return Selection(Kind.ENTITY, selection.entity_ref or "")
    if selection.kind in (Kind.ENTITY, Kind.RELATIONSHIP, Kind.RELATIONSHIPS):
        return Selection(Kind.SYSTEM, selection.system or "")
    return None


def appeared(before: Workspace, after: Workspace) -> Selection | None:
    """The one element an edit added (a new system, entity, field, relationship or mapping), to
    select it; None when the edit added none, or several."""
    added: list[Selection] = []
    old_systems = {s.name: s for s in before.systems}
    for system in after.systems:
        old = old_systems.get(system.name)
        if old is None:
            added.append(Selection(Kind.SYSTEM, system.name))
            continue
        old_entities = {e.name: e for e in old.entities}
        for entity in system.entities:
            ref = entity_ref(system.name, entity.name)
            was = old_entities.get(entity.name)
            if was is None:
                added.append(Selection(Kind.ENTITY, ref))
                continue
            known = {f.name for f in was.fields}
            added.extend(
                Selection(Kind.FIELD, f"{ref}.{f.name}")
                for f in entity.fields
                if f.name not in known
            )
        known_relationships = {r.name for r in old.relationships}
        added.extend(
            Selection(Kind.RELATIONSHIP, f"{system.name}:{r.name}")
            for r in system.relationships
            if r.name not in known_relationships
        )
    known_mappings = {m.id for m in before.mappings}
    added.extend(
        Selection(Kind.MAPPING, m.id) for m in after.mappings if m.id not in known_mappings
    )
    return added[0] if len(added) == 1 else None
