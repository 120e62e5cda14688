"""Own each master deliberately: one system of record, a defined sync, never two masters."""

from __future__ import annotations

from collections.abc import Iterator

from ..domain.mappings import Mapping, SyncTrigger
from .context import Context, at_mapping, mapping_link
from .model import CheckArea, Hit, Severity
from .registry import mapping_rule, rule


@mapping_rule(
    "Q2C-OWN-001",
    Severity.ERROR,
    CheckArea.OWNERSHIP,
    "A mapping names its system of record",
    "Set the system of record (the system that owns the data; the other side follows).",
)
def no_system_of_record(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if mapping.system_of_record is None:
        kind = "master-data " if ctx.is_master(mapping) else ""
        yield Hit(
            mapping_link(mapping),
            f"{kind}mapping {mapping.source} -> {mapping.target} has no system of record",
            at_mapping(mapping, "system_of_record"),
        )


@rule(
    "Q2C-OWN-002",
    Severity.ERROR,
    CheckArea.OWNERSHIP,
    "A master-data field has one owner across all mappings",
    "Decide which system owns the field; make the other mapping read it instead of writing it "
    "(set the same owner on both field mappings, or drop one).",
)
def field_claimed_by_both(ctx: Context) -> list[Hit]:
    masters = [m for m in ctx.linked_mappings if ctx.is_master(m)]
    return ctx.across_mappings("Q2C-OWN-002", masters, lambda: list(_claims(ctx, masters)))


def _claims(ctx: Context, masters: list[Mapping]) -> Iterator[Hit]:
    owners: dict[str, tuple[str, str]] = {}
    reported: set[str] = set()
    for mapping in masters:
        for flow in ctx.flows_of(mapping):
            owner = flow.fm.owner or mapping.system_of_record
            if owner is None:
                continue
            first = owners.setdefault(flow.link, (owner, mapping.id))
            if first[0] != owner and flow.link not in reported:
                reported.add(flow.link)
                yield Hit(
                    flow.link,
                    f"{mapping.id} writes it as owned by {owner}, {first[1]} as owned by "
                    f"{first[0]}",
                    at_mapping(mapping, "field_mappings", flow.position, "target"),
                )


@rule(
    "Q2C-OWN-003",
    Severity.ERROR,
    CheckArea.OWNERSHIP,
    "Two mappings of the same entities agree on the system of record",
    "Decide which system owns the data and set the same system of record on every mapping "
    "between these entities (split ownership per field with field owners).",
)
def conflicting_systems_of_record(ctx: Context) -> Iterator[Hit]:
    first: dict[frozenset[str], Mapping] = {}
    for mapping in ctx.linked_mappings:
        assert mapping.target is not None
        if mapping.system_of_record is None:
            continue
        pair = frozenset((mapping.source, mapping.target))
        earlier = first.setdefault(pair, mapping)
        if earlier is not mapping and earlier.system_of_record != mapping.system_of_record:
            yield Hit(
                mapping_link(mapping),
                f"claims {mapping.system_of_record} as system of record, while {earlier.id} "
                f"claims {earlier.system_of_record} for the same entities",
                at_mapping(mapping, "system_of_record"),
            )


@mapping_rule(
    "Q2C-SYNC-001",
    Severity.ERROR,
    CheckArea.SYNC,
    "Master data mapped across systems has a sync direction and trigger",
    "Add the sync settings: which way the data moves and what moves it (an event or a schedule).",
)
def master_without_sync(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    if mapping.sync is None and ctx.is_master(mapping):
        yield Hit(
            mapping_link(mapping),
            f"master data {mapping.source} -> {mapping.target} has no sync direction or schedule",
            at_mapping(mapping, "cardinality"),
        )


@mapping_rule(
    "Q2C-SYNC-002",
    Severity.ERROR,
    CheckArea.SYNC,
    "A master-data sync says when it runs",
    "Write the schedule (cron or words, 'every 15 minutes') for a scheduled sync, or the event "
    "that fires an event-driven one.",
)
def master_sync_without_schedule(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    sync = mapping.sync
    if sync is None or not ctx.is_master(mapping):
        return
    if sync.trigger is SyncTrigger.SCHEDULE and not sync.schedule:
        yield Hit(
            mapping_link(mapping),
            "scheduled master-data sync with no schedule",
            at_mapping(mapping, "sync", "trigger"),
        )
    elif sync.trigger is SyncTrigger.EVENT and not sync.event:
        yield Hit(
            mapping_link(mapping),
            "event-driven master-data sync that does not name its event",
            at_mapping(mapping, "sync", "trigger"),
        )


@mapping_rule(
    "Q2C-SYNC-003",
    Severity.WARNING,
    CheckArea.SYNC,
    "Master data is not synced by hand",
    "Replace the manual trigger with an event or a schedule, or record a decision that a person "
    "keeps the two systems in step, and who.",
)
def manual_master_sync(ctx: Context, mapping: Mapping) -> Iterator[Hit]:
    sync = mapping.sync
    if sync is not None and sync.trigger is SyncTrigger.MANUAL and ctx.is_master(mapping):
        yield Hit(
            mapping_link(mapping),
            "master data kept in step by hand drifts between syncs",
            at_mapping(mapping, "sync", "trigger"),
        )
