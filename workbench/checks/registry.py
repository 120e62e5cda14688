"""The rule registry: rule modules register their checks with the ``rule`` decorator.

Adding a rule is one decorated function in an area module; adding an area is one module listed in
``catalogue.RULE_MODULES``. Ids are checked for shape and uniqueness when a module is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..domain.suppressions import RULE_ID_PATTERN
from .model import AfterCheck, Check, CheckArea, MappingCheck, Rule, Severity

_REGISTERED: dict[str, Rule] = {}
_ID = re.compile(RULE_ID_PATTERN)


def rule(
    rule_id: str, severity: Severity, area: CheckArea, title: str, hint: str
) -> Callable[[Check], Check]:
    """Register the decorated function ``check(ctx)`` as the check of rule ``rule_id``."""

    def register(check: Check) -> Check:
        _add(Rule(rule_id, severity, area, title, hint, check=check))
        return check

    return register


def mapping_rule(
    rule_id: str, severity: Severity, area: CheckArea, title: str, hint: str
) -> Callable[[MappingCheck], MappingCheck]:
    """Register ``check(ctx, mapping)``, run once per mapping that has a target."""

    def register(check: MappingCheck) -> MappingCheck:
        _add(Rule(rule_id, severity, area, title, hint, mapping_check=check))
        return check

    return register


def after_rule(
    rule_id: str, severity: Severity, area: CheckArea, title: str, hint: str
) -> Callable[[AfterCheck], AfterCheck]:
    """Register ``check(ctx, findings)``, run after every other rule on all their findings."""

    def register(check: AfterCheck) -> AfterCheck:
        _add(Rule(rule_id, severity, area, title, hint, after_check=check))
        return check

    return register


def _add(new: Rule) -> None:
    if not _ID.match(new.id):
        raise ValueError(f"rule id {new.id!r} does not match {RULE_ID_PATTERN}")
    existing = _REGISTERED.get(new.id)
    if existing is not None and existing.function_name != new.function_name:
        raise ValueError(f"rule id {new.id} is registered twice")
    _REGISTERED[new.id] = new


def registered() -> dict[str, Rule]:
    return dict(_REGISTERED)
