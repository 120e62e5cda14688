"""Rejected suggestions are part of the model: stored in the database (schema version 2, with a
migration from version 1), mirrored in models/workspace.yaml, and conflict-checked like the
workspace header."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.factories import downgrade_to_version_1, sample_workspace
from workbench.domain.edits import revise
from workbench.mirror import canonical, parse, render
from workbench.store import Store

REJECTED = ("salesforce:Account -> s4hana:A_CustomerSalesArea", "salesforce:X.A -> s4hana:Y.B")


def test_rejections_round_trip_through_the_store(store_url: str) -> None:
    store = Store.open(store_url)
    try:
        first = store.commit(None, canonical(sample_workspace()))
        changed = revise(first.workspace, rejected_suggestions=REJECTED)
        store.commit(first, changed)
        assert store.load().workspace.rejected_suggestions == REJECTED
    finally:
        store.close()


def test_rejections_round_trip_through_the_mirror() -> None:
    ws = revise(canonical(sample_workspace()), rejected_suggestions=REJECTED)
    files = render(ws)
    assert "rejected_suggestions:" in files["models/workspace.yaml"].decode()
    assert parse(files).workspace == ws


def test_a_version_1_database_is_migrated(store_url: str) -> None:
    store = Store.open(store_url)
    store.commit(None, canonical(sample_workspace()))
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:  # put the database back to schema version 1
        downgrade_to_version_1(conn)
    engine.dispose()
    migrated = Store.open(store_url)
    try:
        snapshot = migrated.load()
        assert snapshot.workspace.rejected_suggestions == ()
        migrated.commit(snapshot, revise(snapshot.workspace, rejected_suggestions=REJECTED[:1]))
        assert migrated.load().workspace.rejected_suggestions == REJECTED[:1]
        with migrated.connection() as conn:
            version = conn.execute(
                text("select value from wb_meta where key = 'schema_version'")
            ).scalar()
        assert version == "2"
    finally:
        migrated.close()


def test_a_header_change_after_other_commits_is_no_conflict(store_url: str) -> None:
    """The header's row version moves only when the header changes, so a session that committed
    other edits can still change the header (reject a suggestion) afterwards."""
    store = Store.open(store_url)
    try:
        snapshot = store.commit(None, canonical(sample_workspace()))
        mapping = snapshot.workspace.mappings[0]
        edited = revise(
            snapshot.workspace,
            mappings=(revise(mapping, notes="changed"), *snapshot.workspace.mappings[1:]),
        )
        snapshot = store.commit(snapshot, edited)
        snapshot = store.commit(snapshot, revise(edited, rejected_suggestions=REJECTED))
        snapshot = store.commit(snapshot, revise(snapshot.workspace, title="Renamed"))
        assert store.load().workspace.title == "Renamed"
        assert store.load().workspace.rejected_suggestions == REJECTED
    finally:
        store.close()
