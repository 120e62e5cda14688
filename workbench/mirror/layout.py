"""Where each element lives in the mirror. One place for every path convention."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.base import IDENTIFIER_PATTERN, SLUG_PATTERN, SYSTEM_NAME_PATTERN, slugify
from ..domain.validation import ElementKind

MODELS_DIR = "models"
DECISIONS_DIR = "decisions"
WORKSPACE_FILE = f"{MODELS_DIR}/workspace.yaml"
STAKEHOLDERS_FILE = f"{MODELS_DIR}/stakeholders.yaml"
CHECKS_FILE = f"{MODELS_DIR}/checks.yaml"


def system_file(system: str) -> str:
    return f"{MODELS_DIR}/systems/{system}/system.yaml"


def entity_file(system: str, entity: str) -> str:
    return f"{MODELS_DIR}/systems/{system}/entities/{entity}.yaml"


def mapping_file(mapping_id: str) -> str:
    return f"{MODELS_DIR}/mappings/{mapping_id}.yaml"


def value_map_file(value_map_id: str) -> str:
    return f"{MODELS_DIR}/value-maps/{value_map_id}.yaml"


def scenario_file(scenario_id: str) -> str:
    return f"{MODELS_DIR}/scenarios/{scenario_id}.yaml"


def product_class_file(class_id: str) -> str:
    return f"{MODELS_DIR}/product-classes/{class_id}.yaml"


def metric_file(metric_id: str) -> str:
    return f"{MODELS_DIR}/reconciliation/{metric_id}.yaml"


def master_data_file(set_id: str) -> str:
    return f"{MODELS_DIR}/master-data/{set_id}.yaml"


def decision_file(number: int, title: str) -> str:
    return f"{DECISIONS_DIR}/{number:04d}-{slugify(title)}.md"


@dataclass(frozen=True)
class Place:
    """What a mirror path holds: the kind of element and its key parts taken from the path."""

    kind: ElementKind
    key: tuple[str, ...]


_SYSTEM = SYSTEM_NAME_PATTERN.strip("^$")
_IDENT = IDENTIFIER_PATTERN.strip("^$")
_SLUG = SLUG_PATTERN.strip("^$")
_PATTERNS: list[tuple[re.Pattern[str], ElementKind]] = [
    (re.compile(rf"^{MODELS_DIR}/workspace\.yaml$"), ElementKind.WORKSPACE),
    (re.compile(rf"^{MODELS_DIR}/stakeholders\.yaml$"), ElementKind.STAKEHOLDER),
    (re.compile(rf"^{MODELS_DIR}/checks\.yaml$"), ElementKind.CHECKS),
    (re.compile(rf"^{MODELS_DIR}/systems/({_SYSTEM})/system\.yaml$"), ElementKind.SYSTEM),
    (
        re.compile(rf"^{MODELS_DIR}/systems/({_SYSTEM})/entities/({_IDENT})\.yaml$"),
        ElementKind.ENTITY,
    ),
    (re.compile(rf"^{MODELS_DIR}/mappings/({_SLUG})\.yaml$"), ElementKind.MAPPING),
    (re.compile(rf"^{MODELS_DIR}/value-maps/({_SLUG})\.yaml$"), ElementKind.VALUE_MAP),
    (re.compile(rf"^{MODELS_DIR}/scenarios/({_SLUG})\.yaml$"), ElementKind.SCENARIO),
    (
        re.compile(rf"^{MODELS_DIR}/product-classes/({_SLUG})\.yaml$"),
        ElementKind.PRODUCT_CLASS,
    ),
    (re.compile(rf"^{MODELS_DIR}/reconciliation/({_SLUG})\.yaml$"), ElementKind.RECONCILIATION),
    (re.compile(rf"^{MODELS_DIR}/master-data/({_SLUG})\.yaml$"), ElementKind.MASTER_DATA),
    (re.compile(rf"^{DECISIONS_DIR}/(\d{{4}})-[a-z0-9-]*\.md$"), ElementKind.DECISION),
]


def classify(path: str) -> Place | None:
    """The element a mirror path holds, or None when the path is not part of the layout."""
    for pattern, kind in _PATTERNS:
        match = pattern.match(path)
        if match:
            key = match.groups()
            if kind is ElementKind.DECISION:
                key = (str(int(key[0])),)
            return Place(kind, tuple(key))
    return None


def is_mirror_candidate(path: str) -> bool:
    """Files the mirror owns or must complain about: YAML under models/, Markdown decisions.
    Anything else there (a README, .gitkeep) is left alone."""
    if path.startswith(f"{MODELS_DIR}/"):
        return path.endswith((".yaml", ".yml"))
    if path.startswith(f"{DECISIONS_DIR}/"):
        return bool(re.match(rf"^{DECISIONS_DIR}/\d{{4}}-", path)) and path.endswith(".md")
    return False
