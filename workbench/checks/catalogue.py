"""The rule catalogue: every rule module, imported once, in report order.

To add an area, write a module whose functions carry the ``registry.rule`` decorator and list it
here.
"""

from __future__ import annotations

import importlib

from .model import Rule
from .registry import registered

RULE_MODULES = (
    "coverage",
    "cardinality",
    "ownership",
    "errors",
    "product",
    "revenue",
    "amendments",
    "reconciliation",
    "fields",
    "governance",
    "scenarios",
    "configuration",
)

_CACHE: dict[str, Rule] = {}


def rules() -> dict[str, Rule]:
    """Every rule by id, sorted by id."""
    if not _CACHE:
        for name in RULE_MODULES:
            importlib.import_module(f"{__package__}.{name}")
        _CACHE.update(sorted(registered().items()))
    return dict(_CACHE)
