"""Design for errors: every mapping says where a failure goes, who hears, how it is fixed and
how the fix flows back to the source."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.mappings import Mapping
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import mapping_rule


@mapping_rule(
    "Q2C-ERR-001",
    Severity.ERROR,
    CheckArea.ERRORS,
    "A mapping has an error policy",
    "Add at least one error rule ('*' for any failure) with the route, the roles notified, the "
    "resolution and how the correction flows back.",
)
def no_error_policy(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if not mapping.error_policy:
        yield Hit(
            mapping_link(mapping),
            "no error policy: a failed record has nowhere to go and nobody is told",
            at_mapping(mapping, "error_policy"),
        )


def _missing(mapping: Mapping, attribute: str, words: str) -> Iterator[Hit]:
    for position, error_rule in enumerate(mapping.error_policy):
        if not getattr(error_rule, attribute):
            yield Hit(
                mapping_link(mapping),
                f"error rule {error_rule.failure} {words}",
                at_mapping(mapping, "error_policy", position, "failure"),
            )


@mapping_rule(
    "Q2C-ERR-002",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule names its route",
    "Set the route: the queue, error table or ticket type the failed record goes to.",
)
def error_rule_without_route(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    return _missing(mapping, "route", "has no route")


@mapping_rule(
    "Q2C-ERR-003",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule names who is notified",
    "List the roles or functions told about the failure (Order management, Finance).",
)
def error_rule_without_notify(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    return _missing(mapping, "notify", "notifies nobody")


@mapping_rule(
    "Q2C-ERR-004",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule says how the failure is resolved",
    "Write the resolution: who fixes what, in which system.",
)
def error_rule_without_resolution(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    return _missing(mapping, "resolution", "does not say how it is resolved")


@mapping_rule(
    "Q2C-ERR-005",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule says how the correction flows back",
    "Write how the fix reaches the source system, so the CRM shows the truth (a retry with the "
    "same keys, a status written back).",
)
def error_rule_without_correction(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    return _missing(mapping, "correction", "does not say how the correction flows back")


@mapping_rule(
    "Q2C-ERR-006",
    Severity.WARNING,
    CheckArea.ERRORS,
    "An error policy has a catch-all rule",
    "Add an error rule with failure '*' so failures nobody foresaw still reach a queue.",
)
def no_catch_all(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if mapping.error_policy and all(r.failure != "*" for r in mapping.error_policy):
        yield Hit(
            mapping_link(mapping),
            "only named failures are handled; anything else has no route",
            at_mapping(mapping, "error_policy"),
        )
