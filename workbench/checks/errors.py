"""Design for errors: every mapping says where a failure goes, who hears, how it is fixed and
how the fix flows back to the source."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.mappings import ErrorRule, Mapping
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import rule


@rule(
    "Q2C-ERR-001",
    Severity.ERROR,
    CheckArea.ERRORS,
    "A mapping has an error policy",
    "Add at least one error rule ('*' for any failure) with the route, the roles notified, the "
    "resolution and how the correction flows back.",
)
def no_error_policy(ctx: Context) -> Iterator[Hit]:
    for mapping in ctx.linked_mappings:
        if not mapping.error_policy:
            yield Hit(
                mapping_link(mapping),
                "no error policy: a failed record has nowhere to go and nobody is told",
                at_mapping(mapping, "error_policy"),
            )


def _missing(
    ctx: Context, attribute: str, words: str
) -> Iterator[tuple[Mapping, int, ErrorRule, str]]:
    for mapping in ctx.linked_mappings:
        for position, error_rule in enumerate(mapping.error_policy):
            if not getattr(error_rule, attribute):
                yield mapping, position, error_rule, f"error rule {error_rule.failure} {words}"


def _hits(ctx: Context, attribute: str, words: str) -> Iterator[Hit]:
    for mapping, position, _, message in _missing(ctx, attribute, words):
        yield Hit(
            mapping_link(mapping),
            message,
            at_mapping(mapping, "error_policy", position, "failure"),
        )


@rule(
    "Q2C-ERR-002",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule names its route",
    "Set the route: the queue, error table or ticket type the failed record goes to.",
)
def error_rule_without_route(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, "route", "has no route")


@rule(
    "Q2C-ERR-003",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule names who is notified",
    "List the roles or functions told about the failure (Order management, Finance).",
)
def error_rule_without_notify(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, "notify", "notifies nobody")


@rule(
    "Q2C-ERR-004",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule says how the failure is resolved",
    "Write the resolution: who fixes what, in which system.",
)
def error_rule_without_resolution(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, "resolution", "does not say how it is resolved")


@rule(
    "Q2C-ERR-005",
    Severity.ERROR,
    CheckArea.ERRORS,
    "An error rule says how the correction flows back",
    "Write how the fix reaches the source system, so the CRM shows the truth (a retry with the "
    "same keys, a status written back).",
)
def error_rule_without_correction(ctx: Context) -> Iterator[Hit]:
    return _hits(ctx, "correction", "does not say how the correction flows back")


@rule(
    "Q2C-ERR-006",
    Severity.WARNING,
    CheckArea.ERRORS,
    "An error policy has a catch-all rule",
    "Add an error rule with failure '*' so failures nobody foresaw still reach a queue.",
)
def no_catch_all(ctx: Context) -> Iterator[Hit]:
    for mapping in ctx.linked_mappings:
        if mapping.error_policy and all(r.failure != "*" for r in mapping.error_policy):
            yield Hit(
                mapping_link(mapping),
                "only named failures are handled; anything else has no route",
                at_mapping(mapping, "error_policy"),
            )
