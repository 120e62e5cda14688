"""The store on SQLite and on PostgreSQL: round trips, row-level writes, conflicts, migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.factories import downgrade_to_version_1, sample_workspace
from workbench.domain import Entity, Field, Workspace
from workbench.mirror import canonical
from workbench.store import ConflictError, Store, StoreError, migrations, sqlite_url
from workbench.store.tables import SCHEMA_VERSION, FieldRow, table_of


def _edit_field(
    workspace: Workspace, system: str, entity: str, field: str, **changes: object
) -> Workspace:
    def edit_entity(e: Entity) -> Entity:
        if e.name != entity:
            return e
        fields = tuple(f.model_copy(update=changes) if f.name == field else f for f in e.fields)
        return e.model_copy(update={"fields": fields})

    systems = tuple(
        s.model_copy(update={"entities": tuple(edit_entity(e) for e in s.entities)})
        if s.name == system
        else s
        for s in workspace.systems
    )
    return workspace.model_copy(update={"systems": systems})


def test_empty_store_holds_no_workspace(store: Store) -> None:
    assert store.is_empty()
    with pytest.raises(StoreError, match="holds no workspace"):
        store.load()


def test_commit_and_load_round_trip(store: Store) -> None:
    workspace = canonical(sample_workspace())
    store.commit(None, workspace)
    loaded = store.load()
    assert loaded.workspace == workspace
    assert loaded.revision == 1


def test_a_one_field_edit_updates_exactly_one_row(store: Store) -> None:
    snapshot = store.commit(None, canonical(sample_workspace()))
    fields = table_of(FieldRow)
    with store.connection() as conn:
        before = {
            row.pk: row.row_version
            for row in conn.execute(select(fields.c.pk, fields.c.row_version))
        }
    edited = _edit_field(snapshot.workspace, "salesforce", "Account", "Name", label="Customer name")
    after_commit = store.commit(snapshot, edited)
    with store.connection() as conn:
        after = {
            row.pk: row.row_version
            for row in conn.execute(select(fields.c.pk, fields.c.row_version))
        }
    changed = [pk for pk in before if after[pk] != before[pk]]
    assert len(changed) == 1
    assert store.load().workspace == edited
    assert after_commit.revision == 2


def test_a_second_writer_on_the_same_field_gets_a_conflict(store: Store) -> None:
    base = store.commit(None, canonical(sample_workspace()))
    first = _edit_field(base.workspace, "salesforce", "Account", "Name", label="First")
    second = _edit_field(base.workspace, "salesforce", "Account", "Name", label="Second")
    store.commit(base, first)
    with pytest.raises(ConflictError, match="field salesforce/Account/Name"):
        store.commit(base, second)
    assert store.load().workspace == first


def test_writers_on_different_elements_both_land(store: Store) -> None:
    base = store.commit(None, canonical(sample_workspace()))
    one = _edit_field(base.workspace, "salesforce", "Account", "Name", label="One")
    two = _edit_field(base.workspace, "s4hana", "A_Customer", "CustomerName", label="Two")
    store.commit(base, one)
    merged = store.commit(base, two)
    # The second commit saw someone else's revision and reloaded: it holds both edits.
    account = merged.workspace.entity("salesforce:Account")
    customer = merged.workspace.entity("s4hana:A_Customer")
    assert account is not None and customer is not None
    assert account.field("Name").label == "One"  # type: ignore[union-attr]
    assert customer.field("CustomerName").label == "Two"  # type: ignore[union-attr]


def test_deleting_an_element_someone_else_changed_is_a_conflict(store: Store) -> None:
    base = store.commit(None, canonical(sample_workspace()))
    changed = _edit_field(base.workspace, "salesforce", "Account", "Name", label="Changed")
    store.commit(base, changed)
    systems = tuple(
        s.model_copy(update={"entities": tuple(e for e in s.entities if e.name != "Opportunity")})
        for s in base.workspace.systems
    )
    # Removing the no-counterpart mapping too keeps the model valid.
    without = base.workspace.model_copy(
        update={
            "systems": systems,
            "mappings": tuple(m for m in base.workspace.mappings if m.id != "opportunity"),
        }
    )
    # Deleting an untouched entity works even from the old snapshot...
    store.commit(base, without)
    # ...but deleting the changed field from the old snapshot does not.
    fresh = store.load()
    stale_delete = _drop_field(base.workspace, "Account", "Name")
    with pytest.raises(ConflictError):
        store.commit(base, stale_delete)
    assert store.load().workspace == fresh.workspace


def _drop_field(workspace: Workspace, entity: str, field: str) -> Workspace:
    systems = []
    for s in workspace.systems:
        entities = tuple(
            e.model_copy(update={"fields": tuple(f for f in e.fields if f.name != field)})
            if e.name == entity
            else e
            for e in s.entities
        )
        systems.append(s.model_copy(update={"entities": entities}))
    return workspace.model_copy(update={"systems": tuple(systems)})


def test_two_writers_creating_the_same_element_conflict(store: Store) -> None:
    base = store.commit(None, canonical(sample_workspace()))
    added = _add_field(base.workspace, Field(name="Rating", type="picklist"))
    store.commit(base, added)
    with pytest.raises(ConflictError):
        store.commit(base, _add_field(base.workspace, Field(name="Rating", type="string")))


def _add_field(workspace: Workspace, field: Field) -> Workspace:
    systems = []
    for s in workspace.systems:
        entities = tuple(
            e.model_copy(update={"fields": (*e.fields, field)}) if e.name == "Account" else e
            for e in s.entities
        )
        systems.append(s.model_copy(update={"entities": entities}))
    return workspace.model_copy(update={"systems": tuple(systems)})


def test_a_failed_commit_writes_nothing(store: Store) -> None:
    base = store.commit(None, canonical(sample_workspace()))
    store.commit(base, _edit_field(base.workspace, "salesforce", "Account", "Name", label="X"))
    # This commit changes two rows; the second one conflicts, so the first must roll back too.
    edited = _edit_field(base.workspace, "s4hana", "A_Customer", "CustomerName", label="Y")
    edited = _edit_field(edited, "salesforce", "Account", "Name", label="Z")
    before = store.load().workspace
    with pytest.raises(ConflictError):
        store.commit(base, edited)
    assert store.load().workspace == before


def test_the_schema_version_is_recorded(store: Store) -> None:
    with store.connection() as conn:
        value = conn.execute(
            text("select value from wb_meta where key = 'schema_version'")
        ).scalar()
    assert value == str(SCHEMA_VERSION)


def test_reopening_keeps_the_database_identity(store_url: str) -> None:
    first = Store.open(store_url)
    identity = first.database_id
    first.close()
    second = Store.open(store_url)
    assert second.database_id == identity and identity
    second.close()


def test_a_newer_schema_is_refused(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(
            text(f"update wb_meta set value = '{SCHEMA_VERSION + 1}' where key = 'schema_version'")
        )
    engine.dispose()
    with pytest.raises(StoreError, match="newer release"):
        Store.open(store_url)


def test_an_older_schema_is_migrated(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this release is one schema version ahead and ships a step that adds a column."""
    opened = Store.open(store_url)
    opened.commit(None, canonical(sample_workspace()))
    opened.close()

    calls: list[int] = []

    def step(conn: object) -> None:
        calls.append(1)
        conn.execute(text("ALTER TABLE wb_mapping ADD COLUMN priority INTEGER"))  # type: ignore[attr-defined]

    monkeypatch.setattr(migrations, "STEPS", {SCHEMA_VERSION: step})
    monkeypatch.setattr("workbench.store.store.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    migrated = Store.open(store_url)
    with migrated.connection() as conn:
        version = conn.execute(
            text("select value from wb_meta where key = 'schema_version'")
        ).scalar()
        columns = conn.execute(text("select priority from wb_mapping")).all()
    assert calls == [1] and version == str(SCHEMA_VERSION + 1) and len(columns) == 4
    assert migrated.load().workspace == canonical(sample_workspace())
    migrated.close()


def test_a_missing_migration_step_is_reported(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(store_url).close()
    monkeypatch.setattr(migrations, "STEPS", {})
    monkeypatch.setattr("workbench.store.store.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="no migration from schema version"):
        Store.open(store_url)


def test_a_database_with_other_tables_is_not_a_workbench_database(store_url: str) -> None:
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("create table invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(StoreError, match="not a workbench database"):
        Store.open(store_url)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "workbench.db"
    junk.write_bytes(b"this is not SQLite at all\n" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(sqlite_url(junk))
    assert junk.read_bytes() == b"this is not SQLite at all\n" * 100


def test_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_a_malformed_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        Store.open("no such thing://")


def test_replace_writes_only_the_difference(store: Store) -> None:
    store.commit(None, canonical(sample_workspace()))
    fields = table_of(FieldRow)
    with store.connection() as conn:
        count = conn.execute(select(func.count()).select_from(fields)).scalar()
    store.replace(canonical(sample_workspace()))
    with store.connection() as conn:
        versions = set(conn.execute(select(fields.c.row_version)))
        again = conn.execute(select(func.count()).select_from(fields)).scalar()
    assert versions == {(1,)} and again == count


def test_a_version_1_database_is_migrated_to_the_current_schema(store_url: str) -> None:
    """A database written by a version 1 release: its rows survive and every element of the
    current model can be stored."""
    current = canonical(sample_workspace())
    legacy = current.model_copy(
        update={
            "product_classes": (),
            "reconciliation": (),
            "suppressions": (),
            "master_data": (),
            "rejected_suggestions": (),
            "scenarios": tuple(
                s.model_copy(update={"master_data": None, "overrides": None})
                for s in current.scenarios
            ),
        }
    )
    opened = Store.open(store_url)
    opened.commit(None, legacy)
    opened.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        downgrade_to_version_1(conn)
    engine.dispose()
    migrated = Store.open(store_url)
    snapshot = migrated.load()
    assert snapshot.workspace == legacy
    migrated.commit(snapshot, canonical(sample_workspace()))
    assert migrated.load().workspace == canonical(sample_workspace())
    with migrated.connection() as conn:
        version = conn.execute(
            text("select value from wb_meta where key = 'schema_version'")
        ).scalar()
    assert version == str(SCHEMA_VERSION)
    migrated.close()


def test_a_version_1_database_gains_the_decision_columns(store_url: str) -> None:
    """A database written before decisions kept other tools' keys and sections opens, migrates
    and then holds them."""
    from workbench.domain.decisions import FrontMatterEntry

    opened = Store.open(store_url)
    opened.commit(None, canonical(sample_workspace()))
    opened.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        downgrade_to_version_1(conn)
    engine.dispose()

    migrated = Store.open(store_url)
    try:
        snapshot = migrated.load()
        assert snapshot.workspace.decisions == canonical(sample_workspace()).decisions
        decision = snapshot.workspace.decisions[0].model_copy(
            update={
                "date": None,
                "extra_sections": "## Confirmation\n\nChecked by the reconciliation report.",
                "extra_front_matter": (FrontMatterEntry(key="jira", value=["Q2C-1", 2]),),
            }
        )
        changed = snapshot.workspace.model_copy(update={"decisions": (decision,)})
        assert migrated.commit(snapshot, changed).workspace.decisions[0] == decision
        assert migrated.load().workspace.decisions[0] == decision  # undated round-trips too
    finally:
        migrated.close()


def _commit_while_reading(reader: Store, writer: Store) -> tuple[int, bool]:
    """Another writer deletes a mapping while ``reader`` is half-way through its tables (when it
    reaches the mappings); returns the revision the read reports and whether it holds that
    mapping. The writer runs in a thread: a read that holds a lock keeps it waiting."""
    import threading

    from sqlalchemy import event

    from workbench.domain import edits

    done: list[threading.Thread] = []

    def delete_mapping() -> None:
        snapshot = writer.load()
        writer.commit(snapshot, edits.delete_mapping(snapshot.workspace, "order-item"))

    def between(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM wb_mapping" in statement and not done:
            thread = threading.Thread(target=delete_mapping)
            done.append(thread)
            thread.start()
            thread.join(timeout=1)  # PostgreSQL: committed by now; SQLite: waiting for the read

    event.listen(reader.engine, "before_cursor_execute", between)
    try:
        snapshot = reader.load()
    finally:
        event.remove(reader.engine, "before_cursor_execute", between)
    assert done, "the read never reached the mappings"
    done[0].join(timeout=30)
    assert not done[0].is_alive()
    return snapshot.revision, snapshot.workspace.mapping("order-item") is not None


def test_a_read_sees_one_revision_while_another_writer_commits(store_url: str) -> None:
    """The workspace is read table by table; a commit landing between two tables gave the
    revision before it with the rows after it (a mapping that revision holds, missing)."""
    writer = Store.open(store_url)
    writer.commit(None, sample_workspace())
    reader = Store.open(store_url)
    try:
        revision, holds_it = _commit_while_reading(reader, writer)
        assert (revision, holds_it) == (1, True)
        assert reader.revision() == 2
        assert reader.load().workspace.mapping("order-item") is None
    finally:
        reader.close()
        writer.close()


def test_a_sqlite_url_naming_no_folder_is_refused_not_made(tmp_path: Path) -> None:
    """A slip in --db or $WORKBENCH_DB made its folders and a new, empty database there."""
    missing = tmp_path / "no" / "such" / "folder" / "x.db"
    with pytest.raises(StoreError, match=r"the folder .* does not exist"):
        Store.open(f"sqlite:///{missing}")
    assert not (tmp_path / "no").exists()
    made = Store.open(f"sqlite:///{missing}", make_folder=True)  # the workspace's own database
    made.close()
    assert missing.is_file()
