"""The rule registry: rule modules register their checks with the ``rule`` decorator.

Adding a rule is one decorated function in an area module; adding an area is one module listed in
``catalogue.RULE_MODULES``. Ids are checked for shape and uniqueness when a module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..domain.suppressions import RULE_ID_PATTERN
from .model import Check, CheckArea, Rule, Severity

_REGISTERED: dict[str, Rule] = {}
_ID = re.compile(RULE_ID_PATTERN)


def rule(
    rule_id: str, severity: Severity, area: CheckArea, title: str, hint: str
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of rule ``rule_id``."""
    if not _ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} does not match {RULE_ID_PATTERN}")

    def register(check: Check) -> Check:
        existing = _REGISTERED.get(rule_id)
        if existing is not None and existing.check.__qualname__ != check.__qualname__:
            raise ValueError(f"rule id {rule_id} is registered twice")
        _REGISTERED[rule_id] = Rule(rule_id, severity, area, title, hint, check)
        return check

    return register


def registered() -> dict[str, Rule]:
    return dict(_REGISTERED)
