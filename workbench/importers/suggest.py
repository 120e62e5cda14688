"""Mapping suggestions: once both sides are in the model, propose which CRM entity corresponds to
which ERP entity, and for an entity mapping which field feeds which, each with a confidence and
the reasons. Pure: accepting a suggestion is an ordinary edit.

Signals, strongest first: the known Salesforce <-> SAP equivalences; similar names and labels
(after dropping vendor decoration such as ``SBQQ__``, ``__c``, ``A_`` and ``Type``, and with common
synonyms); compatible types and lengths; key fields on both sides. A suggestion's id is a hash of
what it proposes, so it is the same on every run and a rejection can be remembered.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from ..domain.base import Side, entity_ref, split_entity_ref
from ..domain.edits import EditError, new_mapping_id, put_field_mapping, put_mapping
from ..domain.mappings import Area, Cardinality, FieldMapping, Mapping, MappingStatus
from ..domain.systems import Entity, EntityKind, Field, FieldType
from ..domain.workspace import Workspace
from .equivalences import KNOWN_ENTITIES, KNOWN_FIELDS, KnownEntity

ENTITY_THRESHOLD = 0.5
FIELD_THRESHOLD = 0.6


class SuggestionKind(StrEnum):
    ENTITY = "entity"
    FIELD = "field"


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    source: str
    """CRM-side entity reference."""
    target: str
    """ERP-side entity reference."""
    confidence: float
    reasons: tuple[str, ...]
    source_field: str | None = None
    target_field: str | None = None
    mapping_id: str | None = None
    """For field suggestions: the entity mapping the field mapping goes into."""
    area: Area | None = None
    cardinality: Cardinality = Cardinality.ONE_TO_ONE

    @property
    def key(self) -> str:
        """What the suggestion proposes, readably; stored when it is rejected."""
        if self.kind is SuggestionKind.ENTITY:
            return f"{self.source} -> {self.target}"
        return f"{self.source}.{self.source_field} -> {self.target}.{self.target_field}"

    @property
    def id(self) -> str:
        digest = hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:8]
        return f"{'e' if self.kind is SuggestionKind.ENTITY else 'f'}-{digest}"

    def describe(self) -> str:
        return self.key


# -- names ----------------------------------------------------------------------------------

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SYNONYMS = {
    "qty": "quantity",
    "amt": "amount",
    "no": "number",
    "num": "number",
    "nr": "number",
    "desc": "description",
    "descr": "description",
    "cust": "customer",
    "prod": "product",
    "material": "product",
    "matl": "product",
    "curr": "currency",
    "iso": "currency",
    "sls": "sales",
    "ord": "order",
    "itm": "item",
    "line": "item",
    "lines": "item",
    "items": "item",
    "org": "organization",
    "organisation": "organization",
    "addr": "address",
    "dt": "date",
    "uom": "unit",
    "bp": "partner",
    "businesspartner": "partner",
    "txt": "text",
    "pct": "percent",
    "id": "id",
    "name1": "name",
}
_NOISE = {"a", "the", "of", "sbqq", "blng", "c", "type", "to"}


def tokens(name: str) -> tuple[str, ...]:
    """The words of an API name or label, without vendor decoration, lower case, synonyms
    folded (``SBQQ__QuoteLine__c`` -> quote, item; ``A_SalesOrderItemType`` -> sales, order,
    item)."""
    cleaned = re.sub(r"^[A-Za-z0-9]+__(?=[A-Za-z])", "", name)  # managed-package namespace
    cleaned = re.sub(r"__(c|r|mdt|e)$", "", cleaned)
    cleaned = re.sub(r"^A_", "", cleaned)
    cleaned = re.sub(r"Type$", "", cleaned)
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", cleaned):
        for word in _CAMEL.findall(part):
            folded = word.lower()
            folded = _SYNONYMS.get(folded, folded)
            if folded not in _NOISE:
                words.append(folded)
    return tuple(words)


def similarity(a: tuple[str, ...], b: tuple[str, ...], floor: float = 0.0) -> float:
    """Word overlap (Dice) blended with character similarity of the joined words. Below
    ``floor`` the exact value does not matter, and the costly character comparison is skipped
    when it cannot lift the score that far."""
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    dice = 2 * len(set_a & set_b) / (len(set_a) + len(set_b))
    if dice >= 1.0 or 0.6 * dice + 0.4 < floor:
        return dice
    chars = SequenceMatcher(None, "".join(a), "".join(b)).ratio()
    return max(dice, 0.6 * dice + 0.4 * chars)


def _best(pairs: Iterable[tuple[tuple[str, ...], tuple[str, ...]]], floor: float) -> float:
    best = 0.0
    for a, b in pairs:
        best = max(best, similarity(a, b, max(floor, best)))
    return best


# -- types ----------------------------------------------------------------------------------

_TYPE_GROUPS = {
    FieldType.STRING: "text",
    FieldType.TEXT: "text",
    FieldType.PICKLIST: "text",
    FieldType.MULTIPICKLIST: "text",
    FieldType.ID: "key",
    FieldType.REFERENCE: "key",
    FieldType.GUID: "key",
    FieldType.INTEGER: "number",
    FieldType.DECIMAL: "number",
    FieldType.DATE: "date",
    FieldType.DATETIME: "date",
    FieldType.TIME: "time",
    FieldType.BOOLEAN: "boolean",
    FieldType.BINARY: "binary",
    FieldType.OTHER: "other",
}


def type_fit(source: Field, target: Field) -> tuple[float, str]:
    """How well a source field's values fit the target field: 1 same kind, lower for a
    conversion, 0 for values that cannot fit; and why."""
    a, b = _TYPE_GROUPS[source.type], _TYPE_GROUPS[target.type]
    if "other" in (a, b):
        return 0.5, "a type without a neutral equivalent"
    if (
        source.type in (FieldType.PICKLIST, FieldType.MULTIPICKLIST)
        and target.type is FieldType.STRING
        and target.length is not None
        and target.length <= 10
    ):
        return 0.85, f"picklist to a {target.length}-character code: needs a value map"
    if a == b or {a, b} == {"key", "text"}:
        if (
            source.length
            and target.length
            and source.length > target.length
            and a != "key"
            and b != "key"
        ):
            return 0.75, f"length {source.length} > {target.length}: values may be cut"
        return 1.0, f"compatible types ({source.type}, {target.type})"
    if {a, b} == {"number", "text"}:
        return 0.6, f"{source.type} to {target.type} needs a conversion"
    if {a, b} == {"date", "text"}:
        return 0.4, f"{source.type} to {target.type} needs a format"
    return 0.0, ""


# -- suggesting -----------------------------------------------------------------------------


def suggest(
    ws: Workspace,
    rejected: Iterable[str] = (),
    *,
    fields: bool = True,
) -> list[Suggestion]:
    """Every open suggestion for ``ws``: entity mappings between its CRM and ERP sides not yet
    mapped, and field mappings for its entity mappings; rejected keys are left out. Sorted by
    confidence, then by what they propose."""
    rejected_keys = set(rejected) | set(ws_rejections(ws))
    found = [s for s in entity_suggestions(ws) if s.key not in rejected_keys]
    if fields:
        # Several mappings may join the same two entities (an order split by plant): a target
        # field mapped in any of them is mapped, and a proposal is made once, for the first.
        mapped: set[tuple[str, str | None, str | None]] = {
            (m.source, m.target, fm.target) for m in ws.mappings for fm in m.field_mappings
        }
        seen = set(rejected_keys)
        for mapping in ws.mappings:
            for item in field_suggestions(ws, mapping):
                if item.key in seen or (item.source, item.target, item.target_field) in mapped:
                    continue
                seen.add(item.key)
                found.append(item)
    return sorted(found, key=lambda s: (-s.confidence, s.kind != SuggestionKind.ENTITY, s.key))


def ws_rejections(ws: Workspace) -> tuple[str, ...]:
    return ws.rejected_suggestions


def _sides(ws: Workspace) -> tuple[list[tuple[str, Entity]], list[tuple[str, Entity]]]:
    crm: list[tuple[str, Entity]] = []
    erp: list[tuple[str, Entity]] = []
    for system in ws.systems:
        side = crm if system.effective_side is Side.CRM else erp
        side.extend((entity_ref(system.name, e.name), e) for e in system.entities)
    return crm, erp


def entity_suggestions(ws: Workspace) -> list[Suggestion]:
    crm, erp = _sides(ws)
    if not crm or not erp:
        return []
    mapped = {(m.source, m.target) for m in ws.mappings if m.target}
    mapped |= {(t, s) for s, t in mapped}
    alone = {m.source for m in ws.mappings if m.is_no_counterpart}
    known: dict[tuple[str, str], KnownEntity] = {(k.crm, k.erp): k for k in KNOWN_ENTITIES}
    erp_words = [(ref, entity, tokens(entity.name), tokens(entity.label)) for ref, entity in erp]
    found: list[Suggestion] = []
    for source, entity in crm:
        if source in alone:
            continue
        name_words, label_words = tokens(entity.name), tokens(entity.label)
        for target, other, other_name, other_label in erp_words:
            if (source, target) in mapped:
                continue
            match = known.get((entity.name, other.name))
            reasons: list[str] = []
            area = None
            cardinality = Cardinality.ONE_TO_ONE
            if match is not None:
                confidence = match.confidence
                reasons.append(f"known equivalence: {match.reason}")
                area, cardinality = match.area, match.cardinality
            else:
                score = _best(
                    (
                        (name_words, other_name),
                        (label_words, other_label),
                        (name_words, other_label),
                        (label_words, other_name),
                    ),
                    0.7,
                )
                if score < 0.7:
                    continue
                confidence = round(0.25 + 0.45 * score, 2)
                reasons.append(f"similar names ({entity.name}, {other.name}: {score:.0%})")
                if entity.kind == other.kind:
                    reasons.append(f"both {entity.kind} data")
                    confidence += 0.05
            overlap = _field_overlap(entity, other)
            if overlap:
                reasons.append(overlap[1])
                confidence += overlap[0]
            confidence = round(min(confidence, 0.99), 2)
            if confidence < ENTITY_THRESHOLD:
                continue
            found.append(
                Suggestion(
                    SuggestionKind.ENTITY,
                    source,
                    target,
                    confidence,
                    tuple(reasons),
                    area=area or _area_of(entity, other),
                    cardinality=cardinality,
                )
            )
    return found


def _field_overlap(source: Entity, target: Entity) -> tuple[float, str] | None:
    """A small boost when many fields correspond and both have keys."""
    if not source.fields or not target.fields:
        return None
    pairs = _field_pairs(source, target, None)
    share = len(pairs) / min(len(source.fields), len(target.fields))
    has_keys = any(f.key for f in source.fields) and any(f.key for f in target.fields)
    if share < 0.1:
        return None
    boost = min(0.1, share * 0.2) + (0.02 if has_keys else 0.0)
    return boost, f"{len(pairs)} fields correspond" + (", keys on both sides" if has_keys else "")


_AREA_WORDS = {
    "partner": Area.CUSTOMER,
    "customer": Area.CUSTOMER,
    "account": Area.CUSTOMER,
    "contact": Area.CUSTOMER,
    "product": Area.PRODUCT,
    "price": Area.PRICING,
    "pricebook": Area.PRICING,
    "quote": Area.QUOTE,
    "quotation": Area.QUOTE,
    "order": Area.ORDER,
    "contract": Area.CONTRACT,
    "subscription": Area.CONTRACT,
    "invoice": Area.BILLING,
    "billing": Area.BILLING,
}


def _area_of(source: Entity, target: Entity) -> Area | None:
    for word in (*tokens(target.name), *tokens(source.name)):
        if word in _AREA_WORDS:
            return _AREA_WORDS[word]
    if EntityKind.REFERENCE in (source.kind, target.kind):
        return Area.REFERENCE
    return None


def field_suggestions(ws: Workspace, mapping: Mapping) -> list[Suggestion]:
    """Field mappings for an entity mapping: each unmapped target field gets its best source
    field, each source field is proposed once."""
    if mapping.target is None or mapping.is_no_counterpart:
        return []
    source, target = ws.entity(mapping.source), ws.entity(mapping.target)
    if source is None or target is None:
        return []
    return [
        Suggestion(
            SuggestionKind.FIELD,
            mapping.source,
            mapping.target,
            confidence,
            reasons,
            source_field=source_field,
            target_field=target_field,
            mapping_id=mapping.id,
        )
        for source_field, target_field, confidence, reasons in _field_pairs(source, target, mapping)
    ]


def _field_pairs(
    source: Entity, target: Entity, mapping: Mapping | None
) -> list[tuple[str, str, float, tuple[str, ...]]]:
    mapped_targets = {fm.target for fm in mapping.field_mappings} if mapping else set()
    used_sources = {fm.source for fm in mapping.field_mappings if fm.source} if mapping else set()
    known = dict(KNOWN_FIELDS.get((source.name, target.name), ()))
    known_by_target: dict[str, str] = {}
    for crm_field, erp_field in KNOWN_FIELDS.get((source.name, target.name), ()):
        known_by_target.setdefault(erp_field, crm_field)
    candidates: list[tuple[float, str, str, tuple[str, ...]]] = []
    source_words = [(f, tokens(f.name), tokens(f.label)) for f in source.fields]
    for other in target.fields:
        if other.name in mapped_targets:
            continue
        other_name, other_label = tokens(other.name), tokens(other.label)
        for item, name_words, label_words in source_words:
            if item.name in used_sources:
                continue
            fit, fit_reason = type_fit(item, other)
            if fit == 0.0:
                continue
            if known.get(item.name) == other.name or known_by_target.get(other.name) == item.name:
                known_reasons = ("known equivalence for these entities", fit_reason)
                confidence = round(0.9 * (0.8 + 0.2 * fit), 2)
                candidates.append((confidence, item.name, other.name, known_reasons))
                continue
            if other.key:
                # The target's own key is the ERP's to assign, or a key cross-reference.
                continue
            score = _best(
                (
                    (name_words, other_name),
                    (label_words, other_label),
                    (name_words, other_label),
                    (label_words, other_name),
                ),
                0.75,
            )
            if score < 0.75:
                continue
            confidence = round(score * (0.6 + 0.4 * fit), 2)
            if confidence < FIELD_THRESHOLD:
                continue
            similar = (f"similar names or labels ({score:.0%})", fit_reason)
            candidates.append((confidence, item.name, other.name, similar))
    candidates.sort(key=lambda c: (-c[0], c[2], c[1]))
    chosen: list[tuple[str, str, float, tuple[str, ...]]] = []
    sources_taken: set[str] = set()
    targets_taken: set[str] = set()
    for confidence, source_name, target_name, why in candidates:
        if source_name in sources_taken or target_name in targets_taken:
            continue
        sources_taken.add(source_name)
        targets_taken.add(target_name)
        chosen.append((source_name, target_name, confidence, tuple(r for r in why if r)))
    return chosen


# -- accepting ------------------------------------------------------------------------------


def accept(ws: Workspace, suggestion: Suggestion) -> Workspace:
    """``ws`` with the suggestion made real: a new draft mapping (status proposed), or a field
    mapping in its entity mapping."""
    if suggestion.kind is SuggestionKind.ENTITY:
        source, target = ws.entity(suggestion.source), ws.entity(suggestion.target)
        title = (
            f"{(source.label if source else '') or split_entity_ref(suggestion.source)[1]} to "
            f"{(target.label if target else '') or split_entity_ref(suggestion.target)[1]}"
        )
        mapping = Mapping(
            id=new_mapping_id(ws, suggestion.source, suggestion.target),
            title=title,
            area=suggestion.area,
            source=suggestion.source,
            target=suggestion.target,
            cardinality=suggestion.cardinality,
            status=MappingStatus.PROPOSED,
            notes=f"Suggested ({suggestion.confidence:.0%}): {'; '.join(suggestion.reasons)}.",
        )
        return put_mapping(ws, mapping)
    if suggestion.mapping_id is None or suggestion.target_field is None:
        raise EditError(f"suggestion {suggestion.key}: names no mapping and target field")
    return put_field_mapping(
        ws,
        suggestion.mapping_id,
        FieldMapping(
            target=suggestion.target_field,
            source=suggestion.source_field,
            notes=f"Suggested ({suggestion.confidence:.0%}): {'; '.join(suggestion.reasons)}.",
        ),
    )
