"""The workspace as a map of top-level elements, and patching it element by element.

An element is what one mirror file holds: the workspace header, the stakeholder list, a system
(without its entities), an entity, a mapping, a value map, a decision, a scenario, a product
class, a reconciliation metric, the check suppressions. Undo uses the map to put back exactly
what one edit changed, leaving other people's edits alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from .base import entity_ref, split_entity_ref
from .systems import System
from .workspace import Workspace

ElementKey = tuple[str, ...]
_Item = TypeVar("_Item")

HEADER: ElementKey = ("workspace",)
STAKEHOLDERS: ElementKey = ("stakeholders",)
CHECKS: ElementKey = ("checks",)


_ELEMENTS_CACHE: dict[int, tuple[Workspace, Mapping[ElementKey, Any]]] = {}
_ELEMENTS_LOCK = threading.Lock()


def elements(ws: Workspace) -> Mapping[ElementKey, Any]:
    """Every element by key (read-only). Systems appear without their entities (those are
    elements of their own); the header is ``(name, title, description, rejected_suggestions)``.

    Kept for the last few workspaces: an edit compares the version before with the one after,
    and the version before was the one after of the previous edit."""
    cached = _ELEMENTS_CACHE.get(id(ws))
    if cached is not None and cached[0] is ws:
        return cached[1]
    found = MappingProxyType(_elements(ws))
    with _ELEMENTS_LOCK:  # workers render and export while the screen edits
        if len(_ELEMENTS_CACHE) >= 4:
            _ELEMENTS_CACHE.pop(next(iter(_ELEMENTS_CACHE)), None)
        _ELEMENTS_CACHE[id(ws)] = (ws, found)
    return found


def _elements(ws: Workspace) -> dict[ElementKey, Any]:
    found: dict[ElementKey, Any] = {
        HEADER: (ws.name, ws.title, ws.description, ws.rejected_suggestions),
        STAKEHOLDERS: ws.stakeholders,
        CHECKS: ws.suppressions,
    }
    for system in ws.systems:
        found[("system", system.name)] = _bare(system)
        for entity in system.entities:
            found[("entity", entity_ref(system.name, entity.name))] = entity
    for mapping in ws.mappings:
        found[("mapping", mapping.id)] = mapping
    for value_map in ws.value_maps:
        found[("value-map", value_map.id)] = value_map
    for decision in ws.decisions:
        found[("decision", str(decision.number))] = decision
    for scenario in ws.scenarios:
        found[("scenario", scenario.id)] = scenario
    for product_class in ws.product_classes:
        found[("product-class", product_class.id)] = product_class
    for metric in ws.reconciliation:
        found[("reconciliation", metric.id)] = metric
    for data_set in ws.master_data:
        found[("master-data", data_set.id)] = data_set
    return found


_BARE_CACHE: dict[int, tuple[System, System]] = {}


def _bare(system: System) -> System:
    """The system without entities; cached per system object so repeated maps stay cheap."""
    cached = _BARE_CACHE.get(id(system))
    if cached is not None and cached[0] is system:
        return cached[1]
    bare = system.model_copy(update={"entities": ()})
    if len(_BARE_CACHE) > 256:
        _BARE_CACHE.clear()
    _BARE_CACHE[id(system)] = (system, bare)
    return bare


def changed_keys(before: Workspace, after: Workspace) -> set[ElementKey]:
    """Keys of the elements that differ between two workspaces (added, removed or changed)."""
    a, b = elements(before), elements(after)
    return {
        key
        for key in a.keys() | b.keys()
        if a.get(key) is not b.get(key) and a.get(key) != b.get(key)
    }


def patch(
    ws: Workspace, changes: dict[ElementKey, Any], order: Workspace | None = None
) -> Workspace:
    """``ws`` with the given elements replaced (None removes one). Collections keep their order;
    new elements are appended, or, with ``order`` (the workspace an undo goes back to), the
    collections the changes touch take the order they have there: an import that added and
    reordered entities is undone to the tree as it was."""
    data: dict[str, Any] = {name: getattr(ws, name) for name in Workspace.model_fields}
    header = changes.get(HEADER)
    if header is not None:
        data["name"], data["title"], data["description"], data["rejected_suggestions"] = header
    if STAKEHOLDERS in changes:
        data["stakeholders"] = changes[STAKEHOLDERS] or ()
    if CHECKS in changes:
        data["suppressions"] = changes[CHECKS] or ()
    systems = {s.name: s for s in ws.systems}
    names = [s.name for s in ws.systems]
    for key, value in changes.items():
        if key[0] == "system":
            name = key[1]
            if value is None:
                systems.pop(name, None)
            else:
                existing = systems[name].entities if name in systems else ()
                systems[name] = value.model_copy(update={"entities": existing})
                if name not in names:
                    names.append(name)
    for key, value in changes.items():
        if key[0] == "entity":
            system_name, entity_name = split_entity_ref(key[1])
            system = systems.get(system_name)
            if system is None:
                continue
            kept = [e for e in system.entities if e.name != entity_name]
            if value is not None:
                current = [e.name for e in system.entities]
                position = current.index(entity_name) if entity_name in current else len(kept)
                kept.insert(position, value)
            systems[system_name] = system.model_copy(update={"entities": tuple(kept)})
    if order is not None:
        rank = {s.name: i for i, s in enumerate(order.systems)}
        names.sort(key=lambda name: rank.get(name, len(rank)))
        touched = {split_entity_ref(key[1])[0] for key in changes if key[0] == "entity"}
        for name in touched & systems.keys():
            goal = order.system(name)
            if goal is not None:
                rank = {e.name: i for i, e in enumerate(goal.entities)}
                entities = _in_order(systems[name].entities, rank, lambda e: e.name)
                systems[name] = systems[name].model_copy(update={"entities": entities})
    data["systems"] = tuple(systems[name] for name in names if name in systems)
    for kind, attribute, key_of in (
        ("mapping", "mappings", lambda m: m.id),
        ("value-map", "value_maps", lambda v: v.id),
        ("decision", "decisions", lambda d: str(d.number)),
        ("scenario", "scenarios", lambda s: s.id),
        ("product-class", "product_classes", lambda p: p.id),
        ("reconciliation", "reconciliation", lambda r: r.id),
        ("master-data", "master_data", lambda d: d.id),
    ):
        updates = {key[1]: value for key, value in changes.items() if key[0] == kind}
        if not updates:
            continue
        items = []
        for item in data[attribute]:
            item_key = key_of(item)
            if item_key in updates:
                replacement = updates.pop(item_key)
                if replacement is not None:
                    items.append(replacement)
            else:
                items.append(item)
        items.extend(value for value in updates.values() if value is not None)
        if order is not None:
            rank = {key_of(item): i for i, item in enumerate(getattr(order, attribute))}
            items = list(_in_order(items, rank, key_of))
        data[attribute] = tuple(items)
    return Workspace.model_validate(data)


def _in_order(
    items: Iterable[_Item], rank: Mapping[str, int], key_of: Callable[[_Item], str]
) -> tuple[_Item, ...]:
    """``items`` in the order ``rank`` gives their keys; those it does not know keep their
    place after them (a stable sort)."""
    return tuple(sorted(items, key=lambda item: rank.get(key_of(item), len(rank))))
