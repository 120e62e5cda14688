"""OData ``$metadata``: SAP's OData v2 EDMX (with ``sap:`` annotations) and OData v4 CSDL.

Entities are named after their entity set (``A_SalesOrder``), which is what integrations call and
what architects say; the entity type (``A_SalesOrderType``) is used when a type has no set, or
more than one.

SAP declares each child's navigation back to its header as a 1:1 association although the header
holds a 1:* collection of the same children; the collection says the truth, so the pair is
recorded once, as 1:N from the header. A child whose key contains its parent's whole key (item
keyed by order and item number) lives and dies with the parent: a composition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from ..domain.systems import (
    Entity,
    Field,
    FieldType,
    Relationship,
    RelationshipCardinality,
    RelationshipKind,
)
from .model import Catalogue, Collector, ImportFailure
from .safexml import attr, child, children, local, parse_xml

EDM_TYPES: dict[str, FieldType] = {
    "Edm.String": FieldType.STRING,
    "Edm.Boolean": FieldType.BOOLEAN,
    "Edm.Byte": FieldType.INTEGER,
    "Edm.SByte": FieldType.INTEGER,
    "Edm.Int16": FieldType.INTEGER,
    "Edm.Int32": FieldType.INTEGER,
    "Edm.Int64": FieldType.INTEGER,
    "Edm.Decimal": FieldType.DECIMAL,
    "Edm.Double": FieldType.DECIMAL,
    "Edm.Single": FieldType.DECIMAL,
    "Edm.Date": FieldType.DATE,
    "Edm.DateTime": FieldType.DATETIME,
    "Edm.DateTimeOffset": FieldType.DATETIME,
    "Edm.Time": FieldType.TIME,
    "Edm.TimeOfDay": FieldType.TIME,
    "Edm.Duration": FieldType.OTHER,
    "Edm.Guid": FieldType.GUID,
    "Edm.Binary": FieldType.BINARY,
    "Edm.Stream": FieldType.BINARY,
}

_LABEL_TERMS = ("Common.Label", "com.sap.vocabularies.Common.v1.Label")
_DESCRIPTION_TERMS = (
    "Core.Description",
    "Org.OData.Core.V1.Description",
    "Common.QuickInfo",
    "com.sap.vocabularies.Common.v1.QuickInfo",
)

NOT_IN_ODATA = ("picklist", "external_id", "reference_to")
"""Field attributes OData metadata has no place for: value lists live in separate services,
and navigation properties, not fields, point at other entities."""


@dataclass(frozen=True)
class _Nav:
    """A navigation property, resolved to the entity types at both ends."""

    name: str
    source: str
    target: str
    source_many: bool
    target_many: bool
    contained: bool = False
    via: tuple[tuple[str, str], ...] = ()
    """Referential constraint pairs (dependent property, principal property)."""


def parse_edmx(source: str, data: bytes) -> Catalogue:
    root = parse_xml(source, data)
    if local(root.tag) != "Edmx":
        raise ImportFailure(source, f"expected an edmx:Edmx document, found <{local(root.tag)}>")
    services = child(root, "DataServices")
    if services is None:
        raise ImportFailure(source, "no edmx:DataServices element: not a $metadata document")
    schemas = children(services, "Schema")
    if not schemas:
        raise ImportFailure(source, "no Schema element in edmx:DataServices")
    version = root.get("Version", "")
    collect = Collector(source)
    return _Reader(collect, schemas, v4=version.startswith("4")).read(
        f"SAP OData v{'4' if version.startswith('4') else '2'}"
    )


class _Reader:
    def __init__(self, collect: Collector, schemas: list[Element], *, v4: bool) -> None:
        self.collect = collect
        self.v4 = v4
        self.types: dict[str, Element] = {}
        self.associations: dict[str, Element] = {}
        self.sets: dict[str, list[str]] = {}
        self.annotations: dict[str, dict[str, str]] = {}
        self.canonical: dict[int, str] = {}
        """Namespace-qualified name of each entity type element."""
        self.aliases = {
            schema.get("Alias", ""): schema.get("Namespace", "")
            for schema in schemas
            if schema.get("Alias")
        }
        for schema in schemas:
            namespace = schema.get("Namespace", "")
            alias = schema.get("Alias", "")
            for element in schema:
                kind, name = local(element.tag), element.get("Name", "")
                if kind == "EntityType":
                    self.canonical[id(element)] = f"{namespace}.{name}"
                    for prefix in {namespace, alias} - {""}:
                        self.types[f"{prefix}.{name}"] = element
                    self.types.setdefault(name, element)
                elif kind == "Association":
                    for prefix in {namespace, alias} - {""}:
                        self.associations[f"{prefix}.{name}"] = element
                elif kind == "EntityContainer":
                    for entity_set in children(element, "EntitySet"):
                        type_name = entity_set.get("EntityType", "")
                        self.sets.setdefault(type_name, []).append(entity_set.get("Name", ""))
                elif kind == "Annotations":
                    self._external_annotations(element)
        # Sets may name their type by namespace or by alias, in any schema.
        self.sets_by_type: dict[int, list[str]] = {}
        for type_name, names in self.sets.items():
            found = self.types.get(type_name)
            if found is not None:
                self.sets_by_type.setdefault(id(found), []).extend(names)

    def _external_annotations(self, element: Element) -> None:
        # v4 keeps labels in <Annotations Target="ns.Type/Property"> blocks.
        target = element.get("Target", "")
        prefix, dot, rest = target.partition(".")
        if dot and prefix in self.aliases:
            target = f"{self.aliases[prefix]}.{rest}"
        found = self.annotations.setdefault(target, {})
        for annotation in children(element, "Annotation"):
            term = annotation.get("Term", "")
            value = annotation.get("String")
            if value is not None:
                found[term] = value

    # -- names ------------------------------------------------------------------------------

    def entity_name(self, qualified: str) -> str:
        element = self.types.get(qualified)
        sets = self.sets_by_type.get(id(element), []) if element is not None else []
        if len(sets) == 1:
            return sets[0]
        return qualified.rsplit(".", 1)[-1]

    # -- reading ----------------------------------------------------------------------------

    def read(self, vendor: str) -> Catalogue:
        entities: list[Entity] = []
        keys: dict[str, tuple[str, ...]] = {}
        fields: dict[str, set[str]] = {}
        navs: list[_Nav] = []
        seen: set[int] = set()
        for element in self.types.values():
            if id(element) in seen:
                continue
            seen.add(id(element))
            qualified = self.canonical[id(element)]
            name = self.entity_name(qualified)
            if element.get("Abstract") == "true":
                self.collect.problem(
                    name, "an abstract type: left out, its properties are in the types derived"
                )
                continue
            entity = self._entity(qualified, name, element)
            if entity is None:
                continue
            entities.append(entity)
            keys[name] = tuple(f.name for f in entity.fields if f.key)
            fields[name] = {f.name for f in entity.fields}
            navs.extend(self._navs(qualified, name, element))
        unique_names = {e.name for e in entities}
        if len(unique_names) != len(entities):
            self.collect.problem("entities", "two entity types share a name; the first is kept")
            entities = list({e.name: e for e in reversed(entities)}.values())[::-1]
        return self.collect.catalogue(
            entities, self._relationships(navs, keys, fields), vendor, NOT_IN_ODATA
        )

    def _label(self, target: str, element: Element) -> str:
        label = attr(element, "label")
        if label:
            return label
        for annotation in children(element, "Annotation"):
            if annotation.get("Term") in _LABEL_TERMS and annotation.get("String"):
                return annotation.get("String", "")
        external = self.annotations.get(target, {})
        return next((external[t] for t in _LABEL_TERMS if t in external), "")

    def _description(self, target: str, element: Element) -> str:
        documentation = child(element, "Documentation")
        if documentation is not None:
            parts = [(c.text or "").strip() for c in documentation]
            text = "\n\n".join(p for p in parts if p)
            if text:
                return text
        quick = attr(element, "quickinfo")
        if quick:
            return quick
        for annotation in children(element, "Annotation"):
            if annotation.get("Term") in _DESCRIPTION_TERMS and annotation.get("String"):
                return annotation.get("String", "")
        external = self.annotations.get(target, {})
        return next((external[t] for t in _DESCRIPTION_TERMS if t in external), "")

    def _lineage(self, name: str, element: Element) -> list[tuple[str, Element]]:
        """The type and the types it derives from (``BaseType``), the most basic first, each
        with its qualified name. A base that is not in the metadata, or a loop, ends the line
        and is reported."""
        line = [(self.canonical[id(element)], element)]
        seen = {id(element)}
        base_name = element.get("BaseType", "")
        while base_name:
            base = self.types.get(base_name)
            if base is None:
                self.collect.problem(
                    name,
                    f"derives from {base_name}, which is not in the metadata; its "
                    "properties are left out",
                )
                break
            if id(base) in seen:
                self.collect.problem(name, f"derives from itself through {base_name}")
                break
            seen.add(id(base))
            line.append((self.canonical[id(base)], base))
            base_name = base.get("BaseType", "")
        return line[::-1]

    def _entity(self, qualified: str, name: str, element: Element) -> Entity | None:
        # Derived types inherit the key and the properties of their bases (OData: a key is
        # declared once, on the most basic type that has one), so they come first.
        lineage = self._lineage(name, element)
        key_names: set[str] = set()
        for _, declared in lineage:
            key_element = child(declared, "Key")
            if key_element is not None and not key_names:
                key_names = {ref.get("Name", "") for ref in children(key_element, "PropertyRef")}
        # A property declared again below its base is reported by the collector, which keeps
        # the first: the base's.
        fields = [
            built
            for owner, declared in lineage
            for prop in children(declared, "Property")
            if (built := self._field(owner, name, prop, key_names)) is not None
        ]
        missing = key_names - {f.name for f in fields}
        if missing:
            self.collect.problem(name, f"key {', '.join(sorted(missing))} is not a property")
        label = self._label(qualified, element)
        description = self._description(qualified, element)
        return self.collect.entity(name, label, description, fields)

    def _field(
        self, qualified: str, entity: str, prop: Element, key_names: set[str]
    ) -> Field | None:
        name = prop.get("Name", "")
        native = prop.get("Type", "")
        element = f"{entity}.{name}"
        field_type = EDM_TYPES.get(native)
        if field_type is None:
            if native.startswith("Collection("):
                self.collect.problem(element, f"a collection ({native}) is not a field; left out")
                return None
            field_type = FieldType.OTHER
            self.collect.problem(element, f"type {native} (a complex type?) imported as other")
        if native == "Edm.DateTime" and attr(prop, "display-format") == "Date":
            field_type = FieldType.DATE
        data: dict[str, Any] = {
            "name": name,
            "label": self._label(f"{qualified}/{name}", prop),
            "type": field_type,
            "native_type": native,
            "length": self._number(element, prop, "MaxLength"),
            "required": prop.get("Nullable", "true") == "false" or name in key_names,
            "key": name in key_names,
            "description": self._description(f"{qualified}/{name}", prop),
        }
        if field_type is FieldType.DECIMAL:
            data["precision"] = self._number(element, prop, "Precision")
            data["scale"] = self._number(element, prop, "Scale")
        return self.collect.field(entity, data)

    def _number(self, element: str, prop: Element, name: str) -> int | None:
        raw = prop.get(name)
        if raw is None or raw in ("max", "variable", "floating"):
            return None
        try:
            value = int(raw)
        except ValueError:
            self.collect.problem(element, f"{name}={raw!r} is not a whole number; ignored")
            return None
        return value if value >= 0 else None

    # -- navigation -------------------------------------------------------------------------

    def _navs(self, qualified: str, name: str, element: Element) -> Iterable[_Nav]:
        for nav in children(element, "NavigationProperty"):
            nav_name = nav.get("Name", "")
            found = self._nav_v4(name, nav) if self.v4 else self._nav_v2(qualified, name, nav)
            if found is None:
                self.collect.problem(
                    f"{name}.{nav_name}", "navigation target not found in the metadata; left out"
                )
                continue
            yield found

    def _nav_v2(self, qualified: str, name: str, nav: Element) -> _Nav | None:
        association = self.associations.get(nav.get("Relationship", ""))
        if association is None:
            return None
        ends = {end.get("Role", ""): end for end in children(association, "End")}
        from_end, to_end = ends.get(nav.get("FromRole", "")), ends.get(nav.get("ToRole", ""))
        if from_end is None or to_end is None:
            return None
        target_type = to_end.get("Type", "")
        if target_type not in self.types:
            return None
        via: list[tuple[str, str]] = []
        constraint = child(association, "ReferentialConstraint")
        if constraint is not None:
            principal, dependent = child(constraint, "Principal"), child(constraint, "Dependent")
            if principal is not None and dependent is not None:
                p_refs = [r.get("Name", "") for r in children(principal, "PropertyRef")]
                d_refs = [r.get("Name", "") for r in children(dependent, "PropertyRef")]
                via = list(zip(d_refs, p_refs, strict=False))
        return _Nav(
            name=nav.get("Name", ""),
            source=name,
            target=self.entity_name(target_type),
            source_many=from_end.get("Multiplicity") == "*",
            target_many=to_end.get("Multiplicity") == "*",
            via=tuple(via),
        )

    def _nav_v4(self, name: str, nav: Element) -> _Nav | None:
        declared = nav.get("Type", "")
        many = declared.startswith("Collection(")
        target_type = declared.removeprefix("Collection(").removesuffix(")")
        if target_type not in self.types:
            return None
        via = tuple(
            (c.get("Property", ""), c.get("ReferencedProperty", ""))
            for c in children(nav, "ReferentialConstraint")
        )
        return _Nav(
            name=nav.get("Name", ""),
            source=name,
            target=self.entity_name(target_type),
            # A single-valued navigation whose source holds the foreign key is many-to-one.
            source_many=not many and bool(via),
            target_many=many,
            contained=nav.get("ContainsTarget") == "true",
            via=via,
        )

    def _relationships(
        self, navs: list[_Nav], keys: dict[str, tuple[str, ...]], fields: dict[str, set[str]]
    ) -> list[Relationship]:
        collections = {(n.source, n.target) for n in navs if n.target_many and not n.source_many}
        found: dict[tuple[str, str], Relationship] = {}
        for nav in navs:
            if nav.source_many and nav.target_many:
                self.collect.problem(
                    f"{nav.source}.{nav.name}",
                    f"many-to-many with {nav.target}; a relationship is parent/child, left out",
                )
                continue
            if nav.target_many:
                parent, child_name, cardinality = nav.source, nav.target, "1:N"
            elif nav.source_many:
                parent, child_name, cardinality = nav.target, nav.source, "1:N"
            elif (nav.target, nav.source) in collections:
                continue  # the child's way back to a header that holds the true 1:N
            elif _is_child_key(keys.get(nav.source, ()), keys.get(nav.target, ())):
                # Declared 1:1, but a key that extends the parent's admits many children.
                parent, child_name, cardinality = nav.target, nav.source, "1:N"
            else:
                parent, child_name, cardinality = nav.source, nav.target, "1:1"
            pair = (parent, child_name)
            if (child_name, parent) in found and cardinality == "1:1":
                continue  # a 1:1 declared from both ends: once is enough
            if pair in found and (found[pair].cardinality == "1:N" or cardinality == "1:1"):
                continue
            parent_key, child_key = keys.get(parent, ()), keys.get(child_name, ())
            composition = nav.contained or (
                parent != child_name and _is_child_key(child_key, parent_key)
            )
            rel = self.collect.relationship(
                {
                    "name": f"{parent}_{nav.name}"
                    if parent == nav.source
                    else f"{parent}_{child_name}",
                    "parent": parent,
                    "child": child_name,
                    "cardinality": RelationshipCardinality(cardinality),
                    "kind": RelationshipKind.COMPOSITION
                    if composition
                    else RelationshipKind.LOOKUP,
                    "via_field": _via_field(
                        nav, parent_key, child_key, fields.get(child_name, set())
                    ),
                    "description": f"Navigation {nav.source}.{nav.name}",
                }
            )
            if rel is not None:
                found[pair] = rel
        return list(found.values())


def _is_child_key(child_key: tuple[str, ...], parent_key: tuple[str, ...]) -> bool:
    """True when the child's key holds the parent's whole key and more (order item: order and
    item number)."""
    return bool(parent_key) and set(parent_key) < set(child_key)


def _via_field(
    nav: _Nav, parent_key: tuple[str, ...], child_key: tuple[str, ...], child_fields: set[str]
) -> str | None:
    """The child's field holding the parent's key: from a referential constraint when there is
    one (its dependent side is always the child), else the parent's single key field when the
    child's key repeats it."""
    if nav.via:
        dependent = [d for d, _ in nav.via]
        return dependent[0] if len(dependent) == 1 and dependent[0] in child_fields else None
    if len(parent_key) == 1 and parent_key[0] in child_key:
        return parent_key[0]
    return None
