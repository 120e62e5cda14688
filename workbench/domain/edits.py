"""Edits as pure functions: each takes a workspace and returns the next one.

Renames carry every reference along (mappings, relationships, field mappings, keys, decision links)
the way a refactoring tool would; deletes take dependent elements with them, and ``*_impact``
functions say beforehand what would go, so the user can confirm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .base import counted, entity_ref, slugify, split_entity_ref
from .decisions import Decision, DecisionStatus, link_mapping
from .mappings import BundleComponent, BundleRule, Cardinality, FieldMapping, KeyXref, Mapping
from .masterdata import MasterData
from .reconciliation import ReconciliationMetric
from .reference import ValueMap
from .revenue import ProductClass
from .scenarios import Amendment, Expectations, OrderLine, Scenario, line_id_taken
from .signoffs import CLOSED_STATUSES, SignOffState, next_status, signoff_states, unchanged_for
from .systems import Entity, Field, Relationship, System
from .workspace import Workspace

M = TypeVar("M")


class EditError(ValueError):
    """The edit cannot be made (a name taken, an element that does not exist). ``attribute``
    names the element's attribute the refusal is about (``id`` for an id taken), so a form
    can say it beside that field."""

    def __init__(self, message: str, attribute: str | None = None) -> None:
        super().__init__(message)
        self.attribute = attribute


def revise(model: M, **changes: Any) -> M:
    """A validated copy of a model with some attributes changed (``model_copy`` does not
    validate; this does, so a bad value fails here and not later)."""
    data = {name: getattr(model, name) for name in type(model).model_fields}  # type: ignore[attr-defined]
    data.update(changes)
    return type(model).model_validate(data)  # type: ignore[attr-defined,no-any-return]


def _replace(items: tuple[M, ...], match: Callable[[M], bool], new: M | None) -> tuple[M, ...]:
    found = False
    result: list[M] = []
    for item in items:
        if match(item):
            found = True
            if new is not None:
                result.append(new)
        else:
            result.append(item)
    if not found:
        raise EditError("the element no longer exists")
    return tuple(result)


# -- systems ------------------------------------------------------------------------------------


def put_system(ws: Workspace, system: System, replacing: str | None = None) -> Workspace:
    """Add ``system`` (``replacing=None``) or replace the system called ``replacing`` with it.
    A changed name is carried into every reference."""
    if replacing is None:
        if ws.system(system.name):
            raise EditError(f"a system called {system.name} exists already", attribute="name")
        return revise(ws, systems=(*ws.systems, system))
    old = ws.system(replacing)
    if old is None:
        raise EditError(f"system {replacing} no longer exists")
    if system.name != replacing and ws.system(system.name):
        raise EditError(f"a system called {system.name} exists already", attribute="name")
    ws = revise(ws, systems=_replace(ws.systems, lambda s: s.name == replacing, system))
    if system.name != replacing:
        ws = _rename_system_references(ws, replacing, system.name)
    return ws


def _rename_system_references(ws: Workspace, old: str, new: str) -> Workspace:
    def ref(value: str | None) -> str | None:
        if value is None:
            return None
        system, name = split_entity_ref(value)
        return entity_ref(new, name) if system == old else value

    def owner(value: str | None) -> str | None:
        return new if value == old else value

    mappings = tuple(
        revise(
            m,
            source=ref(m.source),
            target=ref(m.target),
            system_of_record=owner(m.system_of_record),
            field_mappings=tuple(
                revise(fm, owner=owner(fm.owner)) if fm.owner == old else fm
                for fm in m.field_mappings
            ),
        )
        if old
        in {split_entity_ref(m.source)[0], split_entity_ref(m.target or ":")[0], m.system_of_record}
        or any(fm.owner == old for fm in m.field_mappings)
        else m
        for m in ws.mappings
    )
    value_maps = tuple(
        revise(v, source_system=owner(v.source_system), target_system=owner(v.target_system))
        if old in (v.source_system, v.target_system)
        else v
        for v in ws.value_maps
    )
    ws = _carry(
        revise(ws, mappings=mappings, value_maps=value_maps),
        system=lambda name: new if name == old else name,
        ref=lambda value: _rename_ref_system(value, old, new),
    )
    return _relink(ws, lambda link: _rename_link_system(link, old, new))


def _rename_ref_system(ref: str, old: str, new: str) -> str:
    return f"{new}:{ref[len(old) + 1 :]}" if ref.startswith(f"{old}:") else ref


def _rename_link_system(link: str, old: str, new: str) -> str | None:
    kind, _, rest = link.partition(":")
    if kind == "system" and rest == old:
        return f"system:{new}"
    if kind in ("entity", "field") and rest.startswith(f"{old}:"):
        return f"{kind}:{new}:{rest[len(old) + 1 :]}"
    return link


def system_impact(ws: Workspace, name: str) -> list[str]:
    system = ws.system(name)
    if system is None:
        return []
    refs = {entity_ref(name, e.name) for e in system.entities}
    mappings = [m.id for m in ws.mappings if m.source in refs or (m.target in refs)]
    fields = sum(len(e.fields) for e in system.entities)
    lines = [f"{counted(len(system.entities), 'entity')} with {counted(fields, 'field')}"]
    if system.relationships:
        lines.append(counted(len(system.relationships), "relationship"))
    if mappings:
        lines.append(f"{counted(len(mappings), 'mapping')}: {', '.join(mappings)}")
        lines.extend(_flow_impact(ws, mappings))
    lines.extend(_signoff_impact(ws, lambda: delete_system(ws, name)))
    return lines


def delete_system(ws: Workspace, name: str) -> Workspace:
    system = ws.system(name)
    if system is None:
        raise EditError(f"system {name} no longer exists")
    refs = {entity_ref(name, e.name) for e in system.entities}
    gone = {m.id for m in ws.mappings if m.source in refs or m.target in refs}
    ws = revise(
        ws,
        systems=_replace(ws.systems, lambda s: s.name == name, None),
        mappings=tuple(m for m in ws.mappings if m.source not in refs and m.target not in refs),
        value_maps=tuple(
            revise(
                v,
                source_system=None if v.source_system == name else v.source_system,
                target_system=None if v.target_system == name else v.target_system,
            )
            for v in ws.value_maps
        ),
    )
    ws = _carry(
        ws,
        system=lambda value: None if value == name else value,
        ref=lambda value: None if value.startswith(f"{name}:") else value,
    )
    ws = _reflow(ws, lambda role: None if role in gone else role)
    return _relink(
        ws, lambda link: None if _link_system(link) == name or link_mapping(link) in gone else link
    )


# -- entities ------------------------------------------------------------------------------------


def put_entity(
    ws: Workspace, system_name: str, entity: Entity, replacing: str | None = None
) -> Workspace:
    """Add ``entity`` to a system, or replace the entity called ``replacing``. A changed name is
    carried into relationships, reference fields, mappings and decision links."""
    system = ws.system(system_name)
    if system is None:
        raise EditError(f"system {system_name} no longer exists")
    taken = system.entity(entity.name)
    if replacing is None:
        if taken:
            raise EditError(
                f"{system_name} has an entity called {entity.name} already", attribute="name"
            )
        return put_system(ws, revise(system, entities=(*system.entities, entity)), system_name)
    if entity.name != replacing and taken:
        raise EditError(
            f"{system_name} has an entity called {entity.name} already", attribute="name"
        )
    entities = _replace(system.entities, lambda e: e.name == replacing, entity)
    if entity.name != replacing:
        entities = tuple(
            revise(
                e,
                fields=tuple(
                    revise(f, reference_to=entity.name) if f.reference_to == replacing else f
                    for f in e.fields
                ),
            )
            if any(f.reference_to == replacing for f in e.fields)
            else e
            for e in entities
        )
        relationships = tuple(
            revise(
                r,
                parent=entity.name if r.parent == replacing else r.parent,
                child=entity.name if r.child == replacing else r.child,
            )
            if replacing in (r.parent, r.child)
            else r
            for r in system.relationships
        )
        system = revise(system, relationships=relationships)
    ws = put_system(ws, revise(system, entities=entities), system_name)
    if entity.name != replacing:
        old_ref, new_ref = entity_ref(system_name, replacing), entity_ref(system_name, entity.name)
        ws = revise(
            ws,
            mappings=tuple(
                revise(
                    m,
                    source=new_ref if m.source == old_ref else m.source,
                    target=new_ref if m.target == old_ref else m.target,
                )
                if old_ref in (m.source, m.target)
                else m
                for m in ws.mappings
            ),
        )
        ws = _carry(ws, ref=lambda value: _rename_ref_entity(value, old_ref, new_ref))
        ws = _relink(ws, lambda link: _rename_link_entity(link, old_ref, new_ref))
    return ws


def _rename_ref_entity(ref: str, old_ref: str, new_ref: str) -> str:
    if ref == old_ref:
        return new_ref
    if ref.startswith(f"{old_ref}."):
        return f"{new_ref}{ref[len(old_ref) :]}"
    return ref


def _rename_link_entity(link: str, old_ref: str, new_ref: str) -> str:
    if link == f"entity:{old_ref}":
        return f"entity:{new_ref}"
    if link.startswith(f"field:{old_ref}."):
        return f"field:{new_ref}{link[len('field:') + len(old_ref) :]}"
    return link


def entity_impact(ws: Workspace, ref: str) -> list[str]:
    system_name, name = split_entity_ref(ref)
    system = ws.system(system_name)
    entity = ws.entity(ref)
    if system is None or entity is None:
        return []
    lines = [counted(len(entity.fields), "field")] if entity.fields else []
    rels = [r.name for r in system.relationships if name in (r.parent, r.child)]
    if rels:
        lines.append(f"{counted(len(rels), 'relationship')}: {', '.join(rels)}")
    mappings = [m.id for m in ws.mappings if ref in (m.source, m.target)]
    if mappings:
        lines.append(f"{counted(len(mappings), 'mapping')}: {', '.join(mappings)}")
        lines.extend(_flow_impact(ws, mappings))
    lines.extend(_signoff_impact(ws, lambda: delete_entity(ws, ref)))
    return lines


def delete_entity(ws: Workspace, ref: str) -> Workspace:
    system_name, name = split_entity_ref(ref)
    system = ws.system(system_name)
    if system is None or system.entity(name) is None:
        raise EditError(f"entity {ref} no longer exists")
    entities = tuple(
        revise(
            e,
            fields=tuple(
                revise(f, reference_to=None) if f.reference_to == name else f for f in e.fields
            ),
        )
        if any(f.reference_to == name for f in e.fields)
        else e
        for e in system.entities
        if e.name != name
    )
    relationships = tuple(r for r in system.relationships if name not in (r.parent, r.child))
    ws = put_system(ws, revise(system, entities=entities, relationships=relationships), system_name)
    gone = {m.id for m in ws.mappings if ref in (m.source, m.target)}
    ws = revise(ws, mappings=tuple(m for m in ws.mappings if ref not in (m.source, m.target)))
    ws = _carry(
        ws, ref=lambda value: None if value == ref or value.startswith(f"{ref}.") else value
    )
    ws = _reflow(ws, lambda role: None if role in gone else role)
    return _relink(
        ws, lambda link: None if _link_entity(link) == ref or link_mapping(link) in gone else link
    )


# -- fields -------------------------------------------------------------------------------------


def put_field(ws: Workspace, ref: str, field: Field, replacing: str | None = None) -> Workspace:
    """Add ``field`` to an entity, or replace the field called ``replacing``. A changed name is
    carried into field mappings, keys, relationships and decision links."""
    system_name, entity_name = split_entity_ref(ref)
    entity = ws.entity(ref)
    if entity is None:
        raise EditError(f"entity {ref} no longer exists")
    taken = entity.field(field.name)
    if replacing is None:
        if taken:
            raise EditError(
                f"{entity_name} has a field called {field.name} already", attribute="name"
            )
        return put_entity(
            ws, system_name, revise(entity, fields=(*entity.fields, field)), entity_name
        )
    if field.name != replacing and taken:
        raise EditError(f"{entity_name} has a field called {field.name} already", attribute="name")
    fields = _replace(entity.fields, lambda f: f.name == replacing, field)
    ws = put_entity(ws, system_name, revise(entity, fields=fields), entity_name)
    if field.name == replacing:
        return ws
    old, new = replacing, field.name
    system = ws.system(system_name)
    assert system is not None
    relationships = tuple(
        revise(r, via_field=new) if r.child == entity_name and r.via_field == old else r
        for r in system.relationships
    )
    ws = put_system(ws, revise(system, relationships=relationships), system_name)
    ws = revise(ws, mappings=tuple(_rename_field_in_mapping(m, ref, old, new) for m in ws.mappings))
    ws = _carry(ws, ref=lambda value: f"{ref}.{new}" if value == f"{ref}.{old}" else value)
    return _relink(ws, lambda link: f"field:{ref}.{new}" if link == f"field:{ref}.{old}" else link)


def _rename_field_in_mapping(m: Mapping, ref: str, old: str, new: str) -> Mapping:
    as_source, as_target = m.source == ref, m.target == ref
    if not (as_source or as_target):
        return m
    return revise(
        m,
        keys=tuple(
            revise(
                k,
                source_field=new if as_source and k.source_field == old else k.source_field,
                target_field=new if as_target and k.target_field == old else k.target_field,
            )
            for k in m.keys
        ),
        field_mappings=tuple(
            revise(
                fm,
                source=new if as_source and fm.source == old else fm.source,
                target=new if as_target and fm.target == old else fm.target,
            )
            for fm in m.field_mappings
        ),
    )


def field_impact(ws: Workspace, ref: str, name: str) -> list[str]:
    entity = ws.entity(ref)
    if entity is None or entity.field(name) is None:
        return []
    lines = []
    for m in ws.mappings:
        used = [
            fm.target
            for fm in m.field_mappings
            if (m.source == ref and fm.source == name) or (m.target == ref and fm.target == name)
        ]
        keys = [
            k
            for k in m.keys
            if (m.source == ref and k.source_field == name)
            or (m.target == ref and k.target_field == name)
        ]
        if used:
            lines.append(f"field mappings in {m.id}: {', '.join(used)}")
        if keys:
            lines.append(f"a key cross-reference in {m.id}")
    lines.extend(_signoff_impact(ws, lambda: delete_field(ws, ref, name)))
    return lines


def delete_field(ws: Workspace, ref: str, name: str) -> Workspace:
    system_name, entity_name = split_entity_ref(ref)
    entity = ws.entity(ref)
    if entity is None or entity.field(name) is None:
        raise EditError(f"field {ref}.{name} no longer exists")
    ws = put_entity(
        ws,
        system_name,
        revise(entity, fields=tuple(f for f in entity.fields if f.name != name)),
        entity_name,
    )
    system = ws.system(system_name)
    assert system is not None
    ws = put_system(
        ws,
        revise(
            system,
            relationships=tuple(
                revise(r, via_field=None) if r.child == entity_name and r.via_field == name else r
                for r in system.relationships
            ),
        ),
        system_name,
    )

    def strip(m: Mapping) -> Mapping:
        as_source, as_target = m.source == ref, m.target == ref
        if not (as_source or as_target):
            return m
        return revise(
            m,
            keys=tuple(
                k
                for k in m.keys
                if not (
                    (as_source and k.source_field == name) or (as_target and k.target_field == name)
                )
            ),
            field_mappings=tuple(
                revise(fm, source=None) if as_source and fm.source == name else fm
                for fm in m.field_mappings
                if not (as_target and fm.target == name)
            ),
        )

    ws = revise(ws, mappings=tuple(strip(m) for m in ws.mappings))
    ws = _carry(ws, ref=lambda value: None if value == f"{ref}.{name}" else value)
    return _relink(ws, lambda link: None if link == f"field:{ref}.{name}" else link)


# -- relationships ------------------------------------------------------------------------------


def put_relationship(
    ws: Workspace, system_name: str, relationship: Relationship, replacing: str | None = None
) -> Workspace:
    system = ws.system(system_name)
    if system is None:
        raise EditError(f"system {system_name} no longer exists")
    taken = any(r.name == relationship.name for r in system.relationships)
    if replacing is None:
        if taken:
            raise EditError(
                f"{system_name} has a relationship called {relationship.name} already",
                attribute="name",
            )
        relationships = (*system.relationships, relationship)
    else:
        if relationship.name != replacing and taken:
            raise EditError(
                f"{system_name} has a relationship called {relationship.name} already",
                attribute="name",
            )
        relationships = _replace(system.relationships, lambda r: r.name == replacing, relationship)
    return put_system(ws, revise(system, relationships=relationships), system_name)


def relationship_impact(ws: Workspace, system_name: str, name: str) -> list[str]:
    """A relationship takes nothing with it; what signed it may still change."""
    system = ws.system(system_name)
    if system is None or all(r.name != name for r in system.relationships):
        return []
    return _signoff_impact(ws, lambda: delete_relationship(ws, system_name, name))


def delete_relationship(ws: Workspace, system_name: str, name: str) -> Workspace:
    system = ws.system(system_name)
    if system is None:
        raise EditError(f"system {system_name} no longer exists")
    relationships = _replace(system.relationships, lambda r: r.name == name, None)
    return put_system(ws, revise(system, relationships=relationships), system_name)


# -- mappings -----------------------------------------------------------------------------------


def put_mapping(ws: Workspace, mapping: Mapping, replacing: str | None = None) -> Workspace:
    taken = ws.mapping(mapping.id) is not None
    if replacing is None:
        if taken:
            raise EditError(f"a mapping called {mapping.id} exists already", attribute="id")
        return revise(ws, mappings=(*ws.mappings, mapping))
    if mapping.id != replacing and taken:
        raise EditError(f"a mapping called {mapping.id} exists already", attribute="id")
    ws = revise(ws, mappings=_replace(ws.mappings, lambda m: m.id == replacing, mapping))
    if mapping.id != replacing:
        ws = _reflow(ws, lambda role: mapping.id if role == replacing else role)
        old, new = f"mapping:{replacing}", f"mapping:{mapping.id}"
        ws = _relink(
            ws, lambda link: new + link[len(old) :] if link_mapping(link) == replacing else link
        )
    return ws


def mapping_impact(ws: Workspace, mapping_id: str) -> list[str]:
    mapping = ws.mapping(mapping_id)
    if mapping is None:
        return []
    lines = []
    if mapping.field_mappings:
        lines.append(counted(len(mapping.field_mappings), "field mapping"))
    if mapping.error_policy:
        lines.append(counted(len(mapping.error_policy), "error rule"))
    lines.extend(_flow_impact(ws, [mapping_id]))
    lines.extend(_signoff_impact(ws, lambda: delete_mapping(ws, mapping_id)))
    return lines


def delete_mapping(ws: Workspace, mapping_id: str) -> Workspace:
    ws = revise(ws, mappings=_replace(ws.mappings, lambda m: m.id == mapping_id, None))
    ws = _reflow(ws, lambda role: None if role == mapping_id else role)
    return _relink(ws, lambda link: None if link_mapping(link) == mapping_id else link)


def set_cardinality(ws: Workspace, mapping_id: str, cardinality: Cardinality) -> Workspace:
    """Change a mapping's cardinality. Choosing ``none`` keeps the target and field mappings in
    place only if it can: a no-counterpart mapping has neither, so they are dropped."""
    mapping = _mapping(ws, mapping_id)
    if cardinality is Cardinality.NONE:
        source_system = split_entity_ref(mapping.source)[0]
        owner = mapping.system_of_record if mapping.system_of_record == source_system else None
        new = revise(
            mapping,
            cardinality=cardinality,
            target=None,
            field_mappings=(),
            keys=(),
            system_of_record=owner,
        )
    else:
        if mapping.target is None:
            raise EditError(
                "choose a target entity first: a mapping without one has no counterpart"
            )
        new = revise(mapping, cardinality=cardinality)
    return put_mapping(ws, new, mapping_id)


def set_owner(ws: Workspace, mapping_id: str, system: str | None) -> Workspace:
    mapping = _mapping(ws, mapping_id)
    return put_mapping(ws, revise(mapping, system_of_record=system), mapping_id)


def new_mapping_id(ws: Workspace, source: str, target: str | None) -> str:
    """A readable, unused id such as ``contact-a-businesspartnercontact``."""
    base = slugify(
        f"{split_entity_ref(source)[1]}-{split_entity_ref(target)[1] if target else 'none'}", 70
    )
    candidate, number = base, 2
    while ws.mapping(candidate) is not None:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def put_field_mapping(
    ws: Workspace, mapping_id: str, fm: FieldMapping, replacing: str | None = None
) -> Workspace:
    mapping = _mapping(ws, mapping_id)
    taken = mapping.field_mapping(fm.target) is not None
    if replacing is None:
        if taken:
            raise EditError(f"{fm.target} is mapped already", attribute="target")
        field_mappings = (*mapping.field_mappings, fm)
    else:
        if fm.target != replacing and taken:
            raise EditError(f"{fm.target} is mapped already", attribute="target")
        field_mappings = _replace(mapping.field_mappings, lambda f: f.target == replacing, fm)
    return put_mapping(ws, revise(mapping, field_mappings=field_mappings), mapping_id)


def delete_field_mapping(ws: Workspace, mapping_id: str, target: str) -> Workspace:
    mapping = _mapping(ws, mapping_id)
    field_mappings = _replace(mapping.field_mappings, lambda f: f.target == target, None)
    return put_mapping(ws, revise(mapping, field_mappings=field_mappings), mapping_id)


def put_key(ws: Workspace, mapping_id: str, key: KeyXref, index: int | None = None) -> Workspace:
    """Add a key cross-reference to a mapping (``index`` None) or replace the one at ``index``.
    The same pair of fields twice says nothing new: refused."""
    mapping = _mapping(ws, mapping_id)
    keys = list(mapping.keys)
    pair = (key.source_field, key.target_field)
    if any((k.source_field, k.target_field) == pair for i, k in enumerate(keys) if i != index):
        raise EditError(
            f"{key.source_field} → {key.target_field} is a key already", attribute="source_field"
        )
    if index is None:
        keys.append(key)
    elif 0 <= index < len(keys):
        keys[index] = key
    else:
        raise EditError("the key cross-reference no longer exists")
    return put_mapping(ws, revise(mapping, keys=tuple(keys)), mapping_id)


def delete_key(ws: Workspace, mapping_id: str, index: int) -> Workspace:
    mapping = _mapping(ws, mapping_id)
    if not 0 <= index < len(mapping.keys):
        raise EditError("the key cross-reference no longer exists")
    keys = tuple(k for i, k in enumerate(mapping.keys) if i != index)
    return put_mapping(ws, revise(mapping, keys=keys), mapping_id)


def put_bundle_component(
    ws: Workspace, mapping_id: str, component: BundleComponent, index: int | None = None
) -> Workspace:
    """Add a component to the mapping's bundle rule (``index`` None) or replace the one at
    ``index``. A mapping without a bundle rule gets one with the defaults: listing components
    says the mapping is a bundle. A product listed twice is refused (give it a quantity)."""
    mapping = _mapping(ws, mapping_id)
    bundle = mapping.bundle or BundleRule()
    components = list(bundle.components)
    if any(c.product == component.product for i, c in enumerate(components) if i != index):
        raise EditError(
            f"{component.product} is a component already: change its quantity",
            attribute="product",
        )
    if index is None:
        components.append(component)
    elif 0 <= index < len(components):
        components[index] = component
    else:
        raise EditError("the bundle component no longer exists")
    bundle = revise(bundle, components=tuple(components))
    return put_mapping(ws, revise(mapping, bundle=bundle), mapping_id)


def delete_bundle_component(ws: Workspace, mapping_id: str, index: int) -> Workspace:
    mapping = _mapping(ws, mapping_id)
    if mapping.bundle is None or not 0 <= index < len(mapping.bundle.components):
        raise EditError("the bundle component no longer exists")
    components = tuple(c for i, c in enumerate(mapping.bundle.components) if i != index)
    bundle = revise(mapping.bundle, components=components)
    return put_mapping(ws, revise(mapping, bundle=bundle), mapping_id)


def _mapping(ws: Workspace, mapping_id: str) -> Mapping:
    mapping = ws.mapping(mapping_id)
    if mapping is None:
        raise EditError(f"mapping {mapping_id} no longer exists")
    return mapping


# -- scenarios -------------------------------------------------------------------------------------


def put_scenario(ws: Workspace, scenario: Scenario, replacing: str) -> Workspace:
    """Replace the scenario called ``replacing`` (its header, order or lines) with ``scenario``;
    a new id is carried into the decisions that link the scenario."""
    _scenario(ws, replacing)
    if scenario.id != replacing and any(s.id == scenario.id for s in ws.scenarios):
        raise EditError(f"a scenario called {scenario.id} exists already", attribute="id")
    ws = revise(ws, scenarios=_replace(ws.scenarios, lambda s: s.id == replacing, scenario))
    if scenario.id == replacing:
        return ws
    old, new = f"scenario:{replacing}", f"scenario:{scenario.id}"
    return _relink(ws, lambda link: new if link == old else link)


def put_order_line(
    ws: Workspace, scenario_id: str, line: OrderLine, index: int | None = None
) -> Workspace:
    """Add a line to the scenario's order (``index`` None) or replace the one at ``index``."""
    scenario = _scenario(ws, scenario_id)
    lines = list(scenario.order.lines)
    taken = line_id_taken(scenario, line.id, index)
    if taken:
        raise EditError(taken, attribute="id")
    if index is None:
        lines.append(line)
    elif 0 <= index < len(lines):
        lines[index] = line
    else:
        raise EditError("the order line no longer exists")
    order = revise(scenario.order, lines=tuple(lines))
    return put_scenario(ws, revise(scenario, order=order), scenario_id)


def delete_order_line(ws: Workspace, scenario_id: str, index: int) -> Workspace:
    scenario = _scenario(ws, scenario_id)
    lines = scenario.order.lines
    if not 0 <= index < len(lines):
        raise EditError("the order line no longer exists")
    if len(lines) == 1:
        raise EditError("an order needs at least one line: add another before deleting this one")
    order = revise(scenario.order, lines=tuple(line for i, line in enumerate(lines) if i != index))
    return put_scenario(ws, revise(scenario, order=order), scenario_id)


def put_expectations(ws: Workspace, scenario_id: str, expect: Expectations) -> Workspace:
    """Replace what the scenario expects of the design."""
    scenario = _scenario(ws, scenario_id)
    return put_scenario(ws, revise(scenario, expect=expect), scenario_id)


def put_amendment(
    ws: Workspace, scenario_id: str, amendment: Amendment, index: int | None = None
) -> Workspace:
    """Add an amendment to the scenario (``index`` None) or replace the one at ``index``;
    amendments stay in the order they take effect."""
    scenario = _scenario(ws, scenario_id)
    amendments = list(scenario.amendments)
    if index is None:
        amendments.append(amendment)
    elif 0 <= index < len(amendments):
        amendments[index] = amendment
    else:
        raise EditError("the amendment no longer exists")
    amendments.sort(key=lambda a: a.effective)  # stable: same-day amendments keep their order
    return put_scenario(ws, revise(scenario, amendments=tuple(amendments)), scenario_id)


def delete_amendment(ws: Workspace, scenario_id: str, index: int) -> Workspace:
    scenario = _scenario(ws, scenario_id)
    if not 0 <= index < len(scenario.amendments):
        raise EditError("the amendment no longer exists")
    kept = tuple(a for i, a in enumerate(scenario.amendments) if i != index)
    return put_scenario(ws, revise(scenario, amendments=kept), scenario_id)


def copy_scenario(ws: Workspace, scenario_id: str) -> tuple[Workspace, str]:
    """A copy of the scenario under the first free id ``<id>-copy``, ``<id>-copy-2``…: the
    quickest way to a new edge case is the one it varies. Returns the copy's id too."""
    original = _scenario(ws, scenario_id)
    taken = {s.id for s in ws.scenarios}

    def named(suffix: str) -> str:  # within the 80 characters of an id
        return f"{scenario_id[: 80 - len(suffix)].rstrip('-')}{suffix}"

    new_id, number = named("-copy"), 1
    while new_id in taken:
        number += 1
        new_id = named(f"-copy-{number}")
    title = f"Copy of {original.title}" if original.title else ""
    copy = revise(original, id=new_id, title=title)
    return revise(ws, scenarios=(*ws.scenarios, copy)), new_id


def scenario_impact(ws: Workspace, scenario_id: str) -> list[str]:
    """What goes with a scenario besides itself: the decisions' links to it."""
    return _signoff_impact(ws, lambda: delete_scenario(ws, scenario_id))


def delete_scenario(ws: Workspace, scenario_id: str) -> Workspace:
    """Remove a scenario and the decisions' links to it."""
    _scenario(ws, scenario_id)
    ws = revise(ws, scenarios=tuple(s for s in ws.scenarios if s.id != scenario_id))
    return _relink(ws, lambda link: None if link == f"scenario:{scenario_id}" else link)


def _scenario(ws: Workspace, scenario_id: str) -> Scenario:
    found = ws.scenario(scenario_id)
    if found is None:
        raise EditError(f"scenario {scenario_id} no longer exists")
    return found


# -- value maps ------------------------------------------------------------------------------------


def put_value_map(ws: Workspace, value_map: ValueMap, replacing: str | None = None) -> Workspace:
    """Add a value map, or replace the one called ``replacing``; a new id is carried into the
    field mappings and decision links that use the old one."""
    taken = ws.value_map(value_map.id) is not None
    if replacing is None:
        if taken:
            raise EditError(f"a value map called {value_map.id} exists already", attribute="id")
        return revise(ws, value_maps=(*ws.value_maps, value_map))
    if value_map.id != replacing and taken:
        raise EditError(f"a value map called {value_map.id} exists already", attribute="id")
    ws = revise(ws, value_maps=_replace(ws.value_maps, lambda v: v.id == replacing, value_map))
    if value_map.id == replacing:
        return ws
    mappings = tuple(
        revise(
            m,
            field_mappings=tuple(
                revise(fm, value_map=value_map.id) if fm.value_map == replacing else fm
                for fm in m.field_mappings
            ),
        )
        if any(fm.value_map == replacing for fm in m.field_mappings)
        else m
        for m in ws.mappings
    )
    ws = revise(ws, mappings=mappings)
    return _relink(
        ws, lambda link: f"value-map:{value_map.id}" if link == f"value-map:{replacing}" else link
    )


# -- product classes and reconciliation metrics ---------------------------------------------------


def put_product_class(
    ws: Workspace, product_class: ProductClass, replacing: str | None = None
) -> Workspace:
    """Add a product class, or replace the one called ``replacing`` (a new id is carried into
    the master data's products and decision links)."""
    ws = _put_by_id(
        ws, "product_classes", "product-class", "product class", product_class, replacing
    )
    if replacing is not None and product_class.id != replacing:
        ws = _reclass(ws, replacing, product_class.id)
    return ws


def delete_product_class(ws: Workspace, class_id: str) -> Workspace:
    ws = revise(ws, product_classes=_replace(ws.product_classes, lambda p: p.id == class_id, None))
    ws = _reclass(ws, class_id, None)
    return _relink(ws, lambda link: None if link == f"product-class:{class_id}" else link)


def put_metric(
    ws: Workspace, metric: ReconciliationMetric, replacing: str | None = None
) -> Workspace:
    """Add a reconciliation metric, or replace the one called ``replacing``."""
    return _put_by_id(
        ws, "reconciliation", "reconciliation", "reconciliation metric", metric, replacing
    )


def _put_by_id(
    ws: Workspace, attribute: str, link_kind: str, noun: str, item: Any, replacing: str | None
) -> Workspace:
    """Add ``item`` to the id-keyed collection ``attribute``, or replace the element with the id
    ``replacing``; a changed id is carried into decision links (``link_kind:id``)."""
    items: tuple[Any, ...] = getattr(ws, attribute)
    taken = any(existing.id == item.id for existing in items)
    if replacing is None:
        if taken:
            raise EditError(f"a {noun} called {item.id} exists already", attribute="id")
        return revise(ws, **{attribute: (*items, item)})
    if item.id != replacing and taken:
        raise EditError(f"a {noun} called {item.id} exists already", attribute="id")
    ws = revise(ws, **{attribute: _replace(items, lambda e: e.id == replacing, item)})
    old, new = f"{link_kind}:{replacing}", f"{link_kind}:{item.id}"
    return _relink(ws, lambda link: new if link == old else link)


def delete_metric(ws: Workspace, metric_id: str) -> Workspace:
    ws = revise(ws, reconciliation=_replace(ws.reconciliation, lambda r: r.id == metric_id, None))
    return _relink(ws, lambda link: None if link == f"reconciliation:{metric_id}" else link)


def _keep(value: str) -> str | None:
    return value


def _carry(
    ws: Workspace,
    system: Callable[[str], str | None] = _keep,
    ref: Callable[[str], str | None] = _keep,
) -> Workspace:
    """Apply a system rename or removal (``system``) and an entity or field reference rewrite
    (``ref``, on ``system:Entity`` and ``system:Entity.Field``; None clears it) to product
    classes, reconciliation metrics and rejected mapping suggestions (a rejection of something
    removed goes with it). Untouched elements stay the same objects."""

    def rule(value: Any) -> Any:
        if value is None or value.system is None:
            return value
        name = system(value.system)
        return value if name == value.system else revise(value, system=name)

    def product_class(pc: ProductClass) -> ProductClass:
        billing, recognition = rule(pc.billing), rule(pc.recognition)
        if billing is pc.billing and recognition is pc.recognition:
            return pc
        return revise(pc, billing=billing, recognition=recognition)

    def optional(value: str | None) -> str | None:
        return None if value is None else ref(value)

    def metric(m: ReconciliationMetric) -> ReconciliationMetric:
        measures = tuple(
            x if optional(x.entity) == x.entity else revise(x, entity=optional(x.entity))
            for x in m.measures
        )
        keys = tuple(
            k
            if (optional(k.crm), optional(k.erp)) == (k.crm, k.erp)
            else revise(k, crm=optional(k.crm), erp=optional(k.erp))
            for k in m.join_keys
        )
        if measures == m.measures and keys == m.join_keys:
            return m
        return revise(m, measures=measures, join_keys=keys)

    def rejection(key: str) -> str | None:
        # ``salesforce:Account -> s4hana:A_Customer``, or the same with ``.Field`` on each end.
        source, arrow, target = key.partition(" -> ")
        if not arrow:
            return key
        ends = ref(source), ref(target)
        return None if None in ends else f"{ends[0]} -> {ends[1]}"

    classes = tuple(product_class(pc) for pc in ws.product_classes)
    metrics = tuple(metric(m) for m in ws.reconciliation)
    rejected = tuple(
        dict.fromkeys(k for k in map(rejection, ws.rejected_suggestions) if k is not None)
    )
    if (
        all(a is b for a, b in zip(classes, ws.product_classes, strict=True))
        and all(a is b for a, b in zip(metrics, ws.reconciliation, strict=True))
        and rejected == ws.rejected_suggestions
    ):
        return ws
    return revise(
        ws, product_classes=classes, reconciliation=metrics, rejected_suggestions=rejected
    )


# -- decision links ------------------------------------------------------------------------------


def _link_system(link: str) -> str | None:
    kind, _, rest = link.partition(":")
    if kind == "system":
        return rest
    if kind in ("entity", "field"):
        return rest.partition(":")[0]
    return None


def _link_entity(link: str) -> str | None:
    kind, _, rest = link.partition(":")
    if kind == "entity":
        return rest
    if kind == "field":
        return rest.partition(".")[0]
    return None


def _signoff_impact(before: Workspace, edit: Callable[[], Workspace]) -> list[str]:
    """What an edit does to the decision log, worked out from the workspace before and after
    it: the decisions that lose links, the sign-offs that go stale because what they approved
    changes (a link gone, or a linked element changed on the way), and the accepted decisions
    that go back to proposed. Deciding from the outcome keeps the dialog true to the edit; a
    workspace without decisions does not make the edit at all (a delete on a large model takes
    a third of a second)."""
    if not before.decisions:
        return []
    after = edit()
    relinked: list[Decision] = []
    stale: list[Decision] = []
    demoted: list[Decision] = []
    for decision in before.decisions:
        now = after.decision(decision.number)
        if now is None or unchanged_for(before, after, decision):
            continue
        if now.links != decision.links:
            relinked.append(decision)
        if not decision.signoffs or decision.status in CLOSED_STATUSES - {DecisionStatus.REJECTED}:
            continue  # a deprecated or superseded decision's sign-offs no longer count
        was, states = signoff_states(before, decision), signoff_states(after, now)
        if any(
            state is SignOffState.STALE and was.get(function) is not SignOffState.STALE
            for function, state in states.items()
        ):
            stale.append(decision)
        if decision.status is DecisionStatus.ACCEPTED and (
            next_status(after, now) is DecisionStatus.PROPOSED
        ):
            demoted.append(decision)
    lines = []
    if relinked:
        lines.append(f"links from {counted(len(relinked), 'decision')}: {_numbered(relinked)}")
    if stale:
        many = len(stale) > 1
        if stale == relinked:  # "links from 2 decisions: 0003, 0007; their sign-offs go stale"
            said = f"{'their' if many else 'its'} sign-offs go stale"
        else:
            said = f"the sign-offs of {_decisions(stale)} go stale"
        if demoted == stale:
            said += f" and {'they are' if many else 'it is'} proposed again"
        elif demoted:
            said += (
                f" and {_numbered(demoted)} {'is' if len(demoted) == 1 else 'are'} proposed again"
            )
        if stale == relinked:
            lines[-1] += f"; {said}"
        else:
            lines.append(said)
    return lines


def _numbered(decisions: Iterable[Decision]) -> str:
    return ", ".join(f"{d.number:04d}" for d in decisions)


def _decisions(decisions: list[Decision]) -> str:
    """``decision 0001``, ``decisions 0001, 0007``."""
    return f"{'decision' if len(decisions) == 1 else 'decisions'} {_numbered(decisions)}"


def _flow_impact(ws: Workspace, mapping_ids: Iterable[str]) -> list[str]:
    """The master data sets whose simulation flow names a mapping that goes: the scenarios run
    on them lose that step."""
    going = set(mapping_ids)
    lines = []
    for data in ws.master_data:
        roles = [
            f"{role.replace('_', ' ')} ({mapping_id})"  # order (order-sales-order)
            for role, mapping_id in data.flow
            if mapping_id is not None and mapping_id in going
        ]
        if roles:
            steps = "step" if len(roles) == 1 else "steps"
            lines.append(f"the {', '.join(roles)} {steps} of the simulation flow of {data.id}")
    return lines


def _reclass(ws: Workspace, old: str, new: str | None) -> Workspace:
    """Carry a product class rename or removal into the products of the master data sets."""

    def update(data: MasterData) -> MasterData:
        if not any(p.product_class == old for p in data.products):
            return data
        products = tuple(
            revise(p, product_class=new) if p.product_class == old else p for p in data.products
        )
        return revise(data, products=products)

    return _each_master_data(ws, update)


def _reflow(ws: Workspace, change: Callable[[str], str | None]) -> Workspace:
    """Apply a mapping rename or removal to the flow of every master data set."""

    def update(data: MasterData) -> MasterData:
        roles = data.flow.model_dump()
        changed = {role: change(value) for role, value in roles.items() if value}
        if all(changed[role] == roles[role] for role in changed):
            return data
        return revise(data, flow=revise(data.flow, **changed))

    return _each_master_data(ws, update)


def _each_master_data(ws: Workspace, update: Callable[[MasterData], MasterData]) -> Workspace:
    """``ws`` with ``update`` applied to every master data set; the same workspace when no set
    changed (``update`` returns an unchanged set as the same object)."""
    sets = tuple(update(data) for data in ws.master_data)
    if all(a is b for a, b in zip(sets, ws.master_data, strict=True)):
        return ws
    return revise(ws, master_data=sets)


def _relink(ws: Workspace, change: Callable[[str], str | None]) -> Workspace:
    """Apply ``change`` to every decision link and check suppression (None removes it)."""

    def update(decision: Decision) -> Decision:
        links = []
        for link in decision.links:
            new = change(link)
            if new is not None and new not in links:
                links.append(new)
        return decision if tuple(links) == decision.links else revise(decision, links=tuple(links))

    decisions = tuple(update(d) for d in ws.decisions)
    suppressions = []
    for item in ws.suppressions:
        element = item.element if item.element == "workspace" else change(item.element)
        if element is not None:
            suppressions.append(item if element == item.element else revise(item, element=element))
    if (
        all(a is b for a, b in zip(decisions, ws.decisions, strict=True))
        and len(suppressions) == len(ws.suppressions)
        and all(a is b for a, b in zip(suppressions, ws.suppressions, strict=True))
    ):
        return ws
    return revise(ws, decisions=decisions, suppressions=tuple(suppressions))
