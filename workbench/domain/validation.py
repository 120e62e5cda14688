"""Model-level validation: referential integrity, duplicates and incompleteness.

Errors are things the store refuses to hold (a reference to nothing, two elements with one name).
Warnings mark designs that are incomplete, which is normal in the middle of a workshop; the design
checks go much further than this.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from .base import SLUG_PATTERN, entity_ref, split_entity_ref
from .decisions import Decision, DecisionStatus
from .mappings import Cardinality, Mapping
from .reference import ValueMap
from .revenue import RecognitionMethod
from .scenarios import ChangeAction, Scenario, term_backwards
from .systems import Entity, System
from .workspace import Workspace

_SLUG = re.compile(SLUG_PATTERN)

PathPart = str | int


_FAILURE_CODE = re.compile(r"^(\*|[A-Za-z0-9][A-Za-z0-9_.:-]*)$")


def is_failure_code(text: str) -> bool:
    """True for what an error rule can route: a code as the process raises it, or ``*``."""
    return bool(_FAILURE_CODE.match(text))


"""A failure code as processes raise them (``CREDIT_BLOCK``, ``E1001``), or ``*`` for any."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ElementKind(StrEnum):
    """The kinds of element that each own a place in the mirror (a file or a list in one)."""

    WORKSPACE = "workspace"
    STAKEHOLDER = "stakeholder"
    SYSTEM = "system"
    ENTITY = "entity"
    MAPPING = "mapping"
    VALUE_MAP = "value-map"
    DECISION = "decision"
    SCENARIO = "scenario"
    PRODUCT_CLASS = "product-class"
    RECONCILIATION = "reconciliation"
    CHECKS = "checks"
    MASTER_DATA = "master-data"


@dataclass(frozen=True)
class Location:
    """Where an issue sits: the element and the attribute path inside it.

    ``key`` identifies the element (``("salesforce", "Account")`` for an entity, ``("7",)`` for
    decision 7, ``("3",)`` for the fourth stakeholder); ``path`` walks into its attributes the way
    they are written (``("field_mappings", 2, "source")``).
    """

    kind: ElementKind
    key: tuple[str, ...]
    path: tuple[PathPart, ...] = ()


@dataclass(frozen=True)
class Issue:
    severity: Severity
    element: str
    """The element in words: ``mapping account-customer``, ``entity salesforce:Account``."""
    message: str
    location: Location


def _article(cardinality: Cardinality) -> str:
    """ "an N:M" (read "en to em"), "a 1:N"."""
    return "an" if cardinality.value.startswith("N") else "a"


def validate_workspace(workspace: Workspace) -> list[Issue]:
    """Every integrity error and incompleteness warning in the workspace, in model order."""
    return list(_Validator(workspace, None).run())


class Revalidator:
    """Validates the successive versions of one workspace, checking again only what changed.

    An edit builds the next workspace from the previous one and keeps, by reference, every
    system and mapping it did not touch. A system's own issues (its entities, fields and
    relationships) depend on nothing else, and a mapping's on itself, its two entities and the
    value maps its field mappings name; when those are the very objects of the last run, their
    issues are reused (an edit copies the lists that hold them, not the elements). The
    result is always equal to ``validate_workspace``'s. On a 2,000-entity model this turns a
    cardinality edit's validation from checking 63,000 rows into checking one mapping.

    Safe to share between threads (one validation at a time).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._systems: dict[int, tuple[System, list[Issue]]] = {}
        self._mappings: dict[int, tuple[tuple[object, ...], list[Issue]]] = {}
        self._next_systems: dict[int, tuple[System, list[Issue]]] = {}
        self._next_mappings: dict[int, tuple[tuple[object, ...], list[Issue]]] = {}

    def __call__(self, workspace: Workspace) -> list[Issue]:
        with self._lock:
            self._next_systems, self._next_mappings = {}, {}
            issues = list(_Validator(workspace, self).run())
            # Keep only what this version holds: the memo never outgrows one workspace.
            self._systems, self._mappings = self._next_systems, self._next_mappings
            return issues

    def system(self, system: System, check: Callable[[], Iterator[Issue]]) -> list[Issue]:
        found = self._systems.get(id(system))
        issues = found[1] if found is not None and found[0] is system else list(check())
        self._next_systems[id(system)] = (system, issues)
        return issues

    def mapping(
        self, inputs: tuple[object, ...], check: Callable[[], Iterator[Issue]]
    ) -> list[Issue]:
        key = id(inputs[0])
        found = self._mappings.get(key)
        same = (
            found is not None
            and len(found[0]) == len(inputs)
            and all(a is b for a, b in zip(found[0], inputs, strict=True))
        )
        issues = found[1] if found is not None and same else list(check())
        self._next_mappings[key] = (inputs, issues)
        return issues


def errors_only(issues: Iterable[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.severity is Severity.ERROR]


def _duplicates(names: Iterable[object]) -> set[object]:
    return {name for name, count in Counter(names).items() if count > 1}


class _Validator:
    def __init__(self, workspace: Workspace, memo: Revalidator | None) -> None:
        self.ws = workspace
        self.memo = memo

    def run(self) -> Iterator[Issue]:
        yield from self._systems()
        yield from self._mappings()
        yield from self._value_maps()
        yield from self._stakeholders()
        yield from self._decisions()
        yield from self._scenarios()
        yield from self._product_classes()
        yield from self._metrics()
        yield from self._suppressions()
        yield from self._master_data()

    # -- systems, entities, relationships ---------------------------------------------------

    def _systems(self) -> Iterator[Issue]:
        repeated = _duplicates(system.name for system in self.ws.systems)
        for system in self.ws.systems:
            loc = Location(ElementKind.SYSTEM, (system.name,))
            if system.name in repeated:
                yield _error(f"system {system.name}", "the system name is used more than once", loc)
            if self.memo is None:
                yield from self._system(system)
            else:
                yield from self.memo.system(system, partial(self._system, system))

    def _system(self, system: System) -> Iterator[Issue]:
        yield from self._entities(system)
        yield from self._relationships(system)

    def _entities(self, system: System) -> Iterator[Issue]:
        folded = Counter(entity.name.casefold() for entity in system.entities)
        exact = _duplicates(entity.name for entity in system.entities)
        for entity in system.entities:
            label = f"entity {entity_ref(system.name, entity.name)}"
            loc = Location(ElementKind.ENTITY, (system.name, entity.name))
            if entity.name in exact:
                yield _error(label, f"{system.name} has more than one entity of this name", loc)
            elif folded[entity.name.casefold()] > 1:
                yield _error(
                    label,
                    "another entity's name differs only in letter case; their files would clash "
                    "on case-insensitive file systems",
                    loc,
                )
            yield from self._fields(system, entity, label, loc)

    def _fields(self, system: System, entity: Entity, label: str, loc: Location) -> Iterator[Issue]:
        repeated = _duplicates(field.name for field in entity.fields)
        reported: set[str] = set()
        for position, field in enumerate(entity.fields):
            where = Location(loc.kind, loc.key, ("fields", position))
            if field.name in repeated and field.name not in reported:
                reported.add(field.name)
                yield _error(label, f"field {field.name} is defined more than once", where)
            if field.reference_to and system.entity(field.reference_to) is None:
                yield _warning(
                    label,
                    f"field {field.name} refers to {field.reference_to}, which is not in "
                    f"system {system.name} (yet)",
                    Location(loc.kind, loc.key, ("fields", position, "reference_to")),
                )

    def _relationships(self, system: System) -> Iterator[Issue]:
        repeated = _duplicates(rel.name for rel in system.relationships)
        entities = {entity.name: entity for entity in system.entities}
        for position, rel in enumerate(system.relationships):
            label = f"relationship {system.name}:{rel.name}"

            def at(*path: str | int, _p: int = position) -> Location:
                return Location(ElementKind.SYSTEM, (system.name,), ("relationships", _p, *path))

            if rel.name in repeated:
                yield _error(label, "the relationship name is used more than once", at("name"))
            for role in ("parent", "child"):
                name = getattr(rel, role)
                if name not in entities:
                    yield _error(
                        label, f"{role} {name} is not an entity of {system.name}", at(role)
                    )
            child = entities.get(rel.child)
            if rel.via_field and child is not None and child.field(rel.via_field) is None:
                yield _error(
                    label,
                    f"{rel.via_field}, the field on the child holding the parent's key, is not a "
                    f"field of {rel.child}",
                    at("via_field"),
                )

    # -- mappings ---------------------------------------------------------------------------

    def _mappings(self) -> Iterator[Issue]:
        repeated = _duplicates(mapping.id for mapping in self.ws.mappings)
        for mapping in self.ws.mappings:
            loc = Location(ElementKind.MAPPING, (mapping.id,))
            label = f"mapping {mapping.id}"
            if mapping.id in repeated:
                yield _error(label, "the mapping id is used more than once", loc)
            if self.memo is None:
                yield from self._mapping(mapping, label)
                continue
            inputs = (
                mapping,
                self.ws.entity(mapping.source),
                self.ws.entity(mapping.target) if mapping.target else None,
                *(self.ws.value_map(fm.value_map) for fm in mapping.field_mappings if fm.value_map),
            )
            yield from self.memo.mapping(inputs, partial(self._mapping, mapping, label))

    def _mapping(self, mapping: Mapping, label: str) -> Iterator[Issue]:
        def at(*path: str | int) -> Location:
            return Location(ElementKind.MAPPING, (mapping.id,), path)

        source = self.ws.entity(mapping.source)
        if source is None:
            yield _error(
                label, f"source {mapping.source} is not an entity in the model", at("source")
            )
        target = self.ws.entity(mapping.target) if mapping.target else None
        if mapping.is_no_counterpart:
            if mapping.target:
                yield _error(
                    label, "a no-counterpart mapping cannot name a target entity", at("target")
                )
            if not mapping.reason:
                yield _warning(label, "incomplete: say why there is no counterpart", at("reason"))
            if mapping.field_mappings:
                yield _error(
                    label, "a no-counterpart mapping cannot map fields", at("field_mappings")
                )
        elif not mapping.target:
            yield _error(
                label,
                f"cardinality {mapping.cardinality} needs a target entity (or use 'none' with a "
                "reason)",
                at("target"),
            )
        elif target is None:
            yield _error(
                label, f"target {mapping.target} is not an entity in the model", at("target")
            )
        elif split_entity_ref(mapping.target)[0] == split_entity_ref(mapping.source)[0]:
            yield _error(
                label,
                "source and target are in the same system; use a relationship instead",
                at("target"),
            )

        systems = {split_entity_ref(mapping.source)[0]}
        if mapping.target:
            systems.add(split_entity_ref(mapping.target)[0])
        if mapping.system_of_record and mapping.system_of_record not in systems:
            yield _error(
                label,
                f"system of record {mapping.system_of_record} is neither the source's nor the "
                "target's system",
                at("system_of_record"),
            )
        if (
            mapping.cardinality in (Cardinality.ONE_TO_MANY, Cardinality.MANY_TO_MANY)
            and mapping.resolution is None
        ):
            yield _warning(
                label,
                f"incomplete: {_article(mapping.cardinality)} {mapping.cardinality} mapping needs "
                "a resolution rule that says "
                "which target record a transaction lands on",
                at("resolution"),
            )

        for position, xref in enumerate(mapping.keys):
            if source is not None and source.field(xref.source_field) is None:
                yield _error(
                    label,
                    f"key source_field {xref.source_field} is not a field of {mapping.source}",
                    at("keys", position, "source_field"),
                )
            if target is not None and target.field(xref.target_field) is None:
                yield _error(
                    label,
                    f"key target_field {xref.target_field} is not a field of {mapping.target}",
                    at("keys", position, "target_field"),
                )

        # A failure is routed by the first rule with its code: a second one is never used. (A
        # warning: an error would hold up every edit of a workspace that has one.)
        handled = _duplicates(rule.failure for rule in mapping.error_policy)
        seen_failures: set[str] = set()
        for position, rule in enumerate(mapping.error_policy):
            if rule.failure in handled and rule.failure in seen_failures:
                yield _warning(
                    label,
                    f"failure {rule.failure} has more than one error rule: only the first "
                    "routes it",
                    at("error_policy", position, "failure"),
                )
            seen_failures.add(rule.failure)
            if not is_failure_code(rule.failure):
                yield _warning(
                    label,
                    f"failure {rule.failure!r} is not a code: use letters, digits and _ "
                    "(CREDIT_BLOCK), or * for any failure",
                    at("error_policy", position, "failure"),
                )

        repeated = _duplicates(fm.target for fm in mapping.field_mappings)
        for position, fm in enumerate(mapping.field_mappings):
            where = f"{label}, field mapping to {fm.target}"
            if fm.target in repeated:
                yield _error(
                    where,
                    f"target field {fm.target} is mapped more than once",
                    at("field_mappings", position, "target"),
                )
            if target is not None and target.field(fm.target) is None:
                yield _error(
                    where,
                    f"target field {fm.target} is not a field of {mapping.target}",
                    at("field_mappings", position, "target"),
                )
            if fm.source and source is not None and source.field(fm.source) is None:
                yield _error(
                    where,
                    f"source field {fm.source} is not a field of {mapping.source}",
                    at("field_mappings", position, "source"),
                )
            if fm.value_map and self.ws.value_map(fm.value_map) is None:
                yield _error(
                    where,
                    f"value map {fm.value_map} does not exist",
                    at("field_mappings", position, "value_map"),
                )
            if fm.owner and fm.owner not in systems:
                yield _error(
                    where,
                    f"owner {fm.owner} is neither the source's nor the target's system",
                    at("field_mappings", position, "owner"),
                )
            if not (fm.source or fm.transform or fm.default is not None or fm.notes):
                # A row an implementer cannot build from: nothing says what fills the field.
                yield _warning(
                    where,
                    "nothing fills the field: give a source field, a transform or a default "
                    "(or a note saying the target system fills it)",
                    at("field_mappings", position, "source"),
                )

    # -- value maps, stakeholders -----------------------------------------------------------

    def _value_maps(self) -> Iterator[Issue]:
        repeated = _duplicates(vm.id for vm in self.ws.value_maps)
        for vm in self.ws.value_maps:
            yield from self._value_map(vm, vm.id in repeated)

    def _value_map(self, vm: ValueMap, repeated: bool) -> Iterator[Issue]:
        label = f"value map {vm.id}"

        def at(*path: str | int) -> Location:
            return Location(ElementKind.VALUE_MAP, (vm.id,), path)

        if repeated:
            yield _error(label, "the value map id is used more than once", at())
        for role in ("source_system", "target_system"):
            name = getattr(vm, role)
            if name and self.ws.system(name) is None:
                yield _error(label, f"{role} {name} is not a system in the model", at(role))
        seen: set[str] = set()
        for position, entry in enumerate(vm.entries):
            if entry.source in seen:
                yield _error(
                    label,
                    f"source value {entry.source!r} is translated more than once",
                    at("entries", position, "source"),
                )
            seen.add(entry.source)
        marked: dict[str, str] = {}
        for position, entry in enumerate(vm.entries):
            if not entry.reverse:
                continue
            if entry.target in marked:
                yield _error(
                    label,
                    f"{entry.target!r} translates back to {marked[entry.target]!r} already: "
                    f"mark one entry of {entry.target!r} to come back as",
                    at("entries", position, "reverse"),
                )
            marked.setdefault(entry.target, entry.source)

    def _stakeholders(self) -> Iterator[Issue]:
        repeated = _duplicates(person.id for person in self.ws.stakeholders)
        for position, person in enumerate(self.ws.stakeholders):
            if person.id in repeated:
                yield _error(
                    f"stakeholder {person.id}",
                    "the stakeholder id is used more than once",
                    Location(ElementKind.STAKEHOLDER, (str(position),), ("id",)),
                )

    # -- decisions --------------------------------------------------------------------------

    def _decisions(self) -> Iterator[Issue]:
        repeated = _duplicates(decision.number for decision in self.ws.decisions)
        for decision in self.ws.decisions:
            yield from self._decision(decision, decision.number in repeated)

    def _decision(self, decision: Decision, repeated: bool) -> Iterator[Issue]:
        label = f"decision {decision.number:04d}"

        def at(*path: str | int) -> Location:
            return Location(ElementKind.DECISION, (str(decision.number),), path)

        if repeated:
            yield _error(label, "the decision number is used more than once", at())
        for position, person in enumerate(decision.decision_makers):
            if self.ws.stakeholder(person) is not None:
                continue
            if _SLUG.match(person):
                yield _error(
                    label,
                    f"decision-maker {person} is not a stakeholder",
                    at("decision_makers", position),
                )
            else:
                # A name, as plain MADR files have them: kept, but such a person cannot sign.
                yield _warning(
                    label,
                    f"decision-maker {person!r} is not a stakeholder id: add them to the "
                    "stakeholders to let them sign off",
                    at("decision_makers", position),
                )
        for position, link in enumerate(decision.links):
            if not self._link_resolves(link):
                yield _error(
                    label, f"link {link} points at nothing in the model", at("links", position)
                )
        if decision.superseded_by is not None:
            if decision.superseded_by == decision.number:
                yield _error(label, "a decision cannot supersede itself", at("superseded_by"))
            elif self.ws.decision(decision.superseded_by) is None:
                yield _error(
                    label,
                    f"superseded_by {decision.superseded_by} is not a decision",
                    at("superseded_by"),
                )
            elif self._supersedes_itself(decision):
                yield _error(
                    label,
                    f"superseded by {decision.superseded_by:04d}, which is superseded in turn "
                    f"back to {decision.number:04d}: one of them must stand",
                    at("superseded_by"),
                )
            if decision.status is not DecisionStatus.SUPERSEDED:
                yield _warning(
                    label,
                    f"superseded by {decision.superseded_by:04d} but {decision.status}: set it "
                    "superseded, or clear superseded_by",
                    at("status"),
                )
        elif decision.status is DecisionStatus.SUPERSEDED:
            yield _warning(
                label, "incomplete: say which decision supersedes this one", at("superseded_by")
            )
        for position, signoff in enumerate(decision.signoffs):
            if self.ws.stakeholder(signoff.stakeholder) is None:
                yield _error(
                    label,
                    f"sign-off by {signoff.stakeholder}, who is not a stakeholder",
                    at("signoffs", position, "stakeholder"),
                )

    def _supersedes_itself(self, decision: Decision) -> bool:
        """Following superseded_by from ``decision`` comes back to it."""
        seen = {decision.number}
        current = decision.superseded_by
        while current is not None:
            if current in seen:
                return current == decision.number
            seen.add(current)
            following = self.ws.decision(current)
            current = following.superseded_by if following is not None else None
        return False

    def _link_resolves(self, link: str) -> bool:
        return link_resolves(self.ws, link)

    # -- scenarios --------------------------------------------------------------------------

    def _scenarios(self) -> Iterator[Issue]:
        repeated = _duplicates(scenario.id for scenario in self.ws.scenarios)
        for scenario in self.ws.scenarios:
            yield from self._scenario(scenario, scenario.id in repeated)

    def _scenario(self, scenario: Scenario, repeated: bool) -> Iterator[Issue]:
        label = f"scenario {scenario.id}"

        def at(*path: str | int) -> Location:
            return Location(ElementKind.SCENARIO, (scenario.id,), path)

        if repeated:
            yield _error(label, "the scenario id is used more than once", at())
        order = scenario.order
        line_ids = _duplicates(line.id for line in order.lines)
        for position, line in enumerate(order.lines):
            if line.id in line_ids:
                yield _error(
                    label,
                    f"line id {line.id} is used more than once",
                    at("order", "lines", position),
                )
            backwards = term_backwards(line.id, line.start, line.end)
            if backwards:
                yield _error(label, backwards, at("order", "lines", position, "end"))
        yield from self._scenario_references(scenario, label, at)
        known = {line.id for line in order.lines}
        previous = order.date
        for number, amendment in enumerate(scenario.amendments):
            if amendment.effective < previous:
                yield _error(
                    label,
                    f"amendment {number + 1} takes effect on {amendment.effective}, before "
                    f"{'the order' if number == 0 else 'the amendment before it'} ({previous})",
                    at("amendments", number, "effective"),
                )
            previous = max(previous, amendment.effective)
            for position, change in enumerate(amendment.changes):
                where = at("amendments", number, "changes", position, "line")
                line_start = next(
                    (line.start for line in order.lines if line.id == change.line), None
                )
                begins = change.start or line_start
                if change.end and begins and change.end < begins:
                    yield _error(
                        label,
                        f"amendment {number + 1}, line {change.line}: the term ends "
                        f"({change.end}) before it starts ({begins})",
                        at("amendments", number, "changes", position, "end"),
                    )
                if change.action is ChangeAction.ADD_LINE:
                    if change.line in known:
                        yield _error(label, f"add-line reuses line id {change.line}", where)
                    if not change.product or change.quantity is None:
                        yield _error(label, "add-line needs a product and a quantity", where)
                    known.add(change.line)
                elif change.line not in known:
                    yield _error(
                        label,
                        f"{change.action} names line {change.line}, which does not exist",
                        where,
                    )

    def _scenario_references(
        self, scenario: Scenario, label: str, at: Callable[..., Location]
    ) -> Iterator[Issue]:
        """Accounts, products and bundle lines a scenario names must exist in its master data."""
        if not self.ws.master_data and scenario.master_data is None and scenario.overrides is None:
            return  # nothing to resolve against; the simulator reports that when asked to run
        base = self.ws.master_data_set(scenario.master_data)
        if base is None:
            yield _error(
                label,
                f"master data set {scenario.master_data or '(first)'} does not exist",
                at("master_data"),
            )
            return
        data = base.with_overrides(scenario.overrides)
        accounts = {account.id for account in data.accounts}
        products = {product.code: product for product in data.products}
        if scenario.order.account not in accounts:
            yield _error(
                label,
                f"account {scenario.order.account} is not an account of master data {data.id}",
                at("order", "account"),
            )
        lines = {line.id: line for line in scenario.order.lines}
        for position, line in enumerate(scenario.order.lines):
            where = ("order", "lines", position)
            yield from self._line_product(
                label, data.id, products, line.id, line.product, at(*where, "product")
            )
            if line.bundle is not None:
                parent = lines.get(line.bundle)
                parent_product = products.get(parent.product) if parent else None
                if parent is None or parent_product is None or not parent_product.bundle:
                    yield _error(
                        label,
                        f"line {line.id} belongs to bundle line {line.bundle}, which is not a "
                        "bundle line of the order",
                        at(*where, "bundle"),
                    )
        for number, amendment in enumerate(scenario.amendments):
            for position, change in enumerate(amendment.changes):
                if change.action is ChangeAction.ADD_LINE and change.product:
                    yield from self._line_product(
                        label,
                        data.id,
                        products,
                        change.line,
                        change.product,
                        at("amendments", number, "changes", position, "product"),
                    )

    @staticmethod
    def _line_product(
        label: str, data_id: str, products: dict[str, Any], line: str, code: str, where: Location
    ) -> Iterator[Issue]:
        if code not in products:
            yield _error(
                label,
                f"line {line}: product {code} is not a product of master data {data_id}",
                where,
            )

    # -- master data ------------------------------------------------------------------------

    def _master_data(self) -> Iterator[Issue]:
        repeated = _duplicates(data.id for data in self.ws.master_data)
        for data in self.ws.master_data:
            label = f"master data {data.id}"

            def at(*path: str | int, _id: str = data.id) -> Location:
                return Location(ElementKind.MASTER_DATA, (_id,), path)

            if data.id in repeated:
                yield _error(label, "the master data id is used more than once", at())
            for collection, key in (
                ("accounts", "id"),
                ("products", "code"),
                ("customers", "id"),
                ("items", "material"),
                ("sales_organizations", "id"),
                ("bundles", "product"),
            ):
                records = getattr(data, collection)
                twice = _duplicates(getattr(record, key) for record in records)
                for position, record in enumerate(records):
                    if getattr(record, key) in twice:
                        yield _error(
                            label,
                            f"{collection}: {getattr(record, key)} appears more than once",
                            at(collection, position),
                        )
            for role, mapping_id in data.flow.roles().items():
                if self.ws.mapping(mapping_id) is None:
                    yield _warning(
                        label,
                        f"flow {role}: mapping {mapping_id} is not a mapping in the model; "
                        "simulations skip that step",
                        at("flow", role),
                    )
            accounts = {account.id for account in data.accounts}
            for position, customer in enumerate(data.customers):
                if customer.account not in accounts:
                    yield _error(
                        label,
                        f"customer {customer.id} belongs to account {customer.account}, which is "
                        "not an account of the set",
                        at("customers", position, "account"),
                    )
            products = {product.code: product for product in data.products}
            for position, product in enumerate(data.products):
                if product.product_class and self.ws.product_class(product.product_class) is None:
                    yield _error(
                        label,
                        f"product {product.code}: product class {product.product_class} does not "
                        "exist",
                        at("products", position, "product_class"),
                    )
            for position, bundle in enumerate(data.bundles):
                parent = products.get(bundle.product)
                if parent is None or not parent.bundle:
                    yield _error(
                        label,
                        f"bundle {bundle.product} is not a bundle product of the set",
                        at("bundles", position, "product"),
                    )
                for index, component in enumerate(bundle.components):
                    if component.product not in products:
                        yield _error(
                            label,
                            f"bundle {bundle.product}: component {component.product} is not a "
                            "product of the set",
                            at("bundles", position, "components", index, "product"),
                        )

    # -- product classes and reconciliation -------------------------------------------------

    def _product_classes(self) -> Iterator[Issue]:
        repeated = _duplicates(pc.id for pc in self.ws.product_classes)
        for pc in self.ws.product_classes:
            label = f"product class {pc.id}"

            def at(*path: str | int, _id: str = pc.id) -> Location:
                return Location(ElementKind.PRODUCT_CLASS, (_id,), path)

            if pc.id in repeated:
                yield _error(label, "the product class id is used more than once", at())
            for role, rule in (("billing", pc.billing), ("recognition", pc.recognition)):
                if rule is not None and rule.system and self.ws.system(rule.system) is None:
                    yield _error(
                        label,
                        f"{role} system {rule.system} is not a system in the model",
                        at(role, "system"),
                    )
            recognition = pc.recognition
            if (
                recognition is not None
                and recognition.method is RecognitionMethod.POINT_IN_TIME
                and recognition.event is None
            ):
                yield _warning(
                    label,
                    "incomplete: point-in-time recognition needs the event that earns the revenue",
                    at("recognition", "event"),
                )

    def _metrics(self) -> Iterator[Issue]:
        repeated = _duplicates(metric.id for metric in self.ws.reconciliation)
        for metric in self.ws.reconciliation:
            label = f"reconciliation metric {metric.id}"

            def at(*path: str | int, _id: str = metric.id) -> Location:
                return Location(ElementKind.RECONCILIATION, (_id,), path)

            if metric.id in repeated:
                yield _error(label, "the metric id is used more than once", at())
            for position, measure in enumerate(metric.measures):
                if measure.entity and self.ws.entity(measure.entity) is None:
                    yield _error(
                        label,
                        f"measure entity {measure.entity} is not an entity in the model",
                        at("measures", position, "entity"),
                    )
            for position, key in enumerate(metric.join_keys):
                for role in ("crm", "erp"):
                    ref = getattr(key, role)
                    if ref and not self._field_exists(ref):
                        yield _error(
                            label,
                            f"join key {role} field {ref} is not a field in the model",
                            at("join_keys", position, role),
                        )

    # -- check suppressions -----------------------------------------------------------------

    def _suppressions(self) -> Iterator[Issue]:
        repeated = _duplicates(item.element for item in self.ws.suppressions)
        for position, item in enumerate(self.ws.suppressions):
            label = f"check suppression for {item.element}"

            def at(*path: str | int, _p: int = position) -> Location:
                return Location(ElementKind.CHECKS, (), ("suppressions", _p, *path))

            if item.element in repeated:
                yield _error(
                    label,
                    "the element has more than one suppression entry; list all its rules in one",
                    at("element"),
                )
            if item.element != "workspace" and not self._link_resolves(item.element):
                yield _warning(
                    label, f"{item.element} points at nothing in the model", at("element")
                )

    def _field_exists(self, ref: str) -> bool:
        entity_part, _, field_name = ref.partition(".")
        entity = self.ws.entity(entity_part)
        return entity is not None and entity.field(field_name) is not None


def _error(element: str, message: str, location: Location) -> Issue:
    return Issue(Severity.ERROR, element, message, location)


def _warning(element: str, message: str, location: Location) -> Issue:
    return Issue(Severity.WARNING, element, message, location)


def link_resolves(ws: Workspace, link: str) -> bool:
    """Whether a decision link names an element the workspace holds."""
    kind, _, rest = link.partition(":")
    if kind == "system":
        return ws.system(rest) is not None
    if kind == "entity":
        return ws.entity(rest) is not None
    if kind == "field":
        ref, _, field_name = rest.partition(".")
        entity = ws.entity(ref)
        return entity is not None and entity.field(field_name) is not None
    if kind == "mapping":
        return ws.mapping(rest.partition("/")[0]) is not None
    if kind == "value-map":
        return ws.value_map(rest) is not None
    if kind == "scenario":
        return rest in ws.index.scenarios
    if kind == "product-class":
        return ws.product_class(rest) is not None
    if kind == "reconciliation":
        return ws.metric(rest) is not None
    if kind == "master-data":
        return ws.master_data_set(rest) is not None
    return False
