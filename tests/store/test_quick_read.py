"""The standard-library reader used to open fast reads exactly what the store reads."""

from __future__ import annotations

from pathlib import Path

from tests.factories import sample_workspace
from workbench.domain import edits
from workbench.mirror import codec
from workbench.services.folder import WorkspaceFolder
from workbench.store import Store, quick_read, sqlite_url
from workbench.store.rows import SPECS
from workbench.store.tables import SCHEMA_VERSION

REPO_ROOT = Path(__file__).resolve().parents[2]


def _same(path: Path) -> None:
    store = Store.open(sqlite_url(path))
    try:
        full = store.load()
        expected_versions = dict(full.versions)
        database_id = store.database_id
    finally:
        store.close()
    quick = quick_read.quick_load(path)
    assert quick is not None
    assert quick.workspace == full.workspace
    assert quick.revision == full.revision
    assert quick.workspace_version == full.workspace_version
    assert quick.versions() == expected_versions
    assert quick.database_id == database_id
    assert quick_read.read_header(path) == (database_id, full.revision)


def test_the_reference_workspace_reads_the_same(tmp_path: Path) -> None:
    parsed = codec.parse(WorkspaceFolder.at(REPO_ROOT).read_mirror())
    assert parsed.workspace is not None
    path = tmp_path / "reference.db"
    store = Store.open(sqlite_url(path))
    store.commit(None, parsed.workspace)
    store.close()
    _same(path)


def test_a_workspace_after_edits_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "sample.db"
    store = Store.open(sqlite_url(path))
    snapshot = store.commit(None, sample_workspace())
    ws = edits.delete_mapping(snapshot.workspace, "account-customer")
    snapshot = store.commit(snapshot, ws)
    account = ws.entity("salesforce:Account")
    assert account is not None
    snapshot = store.commit(
        snapshot,
        edits.put_entity(ws, "salesforce", edits.revise(account, label="Customer"), "Account"),
    )
    store.close()
    _same(path)


def test_it_declines_what_it_does_not_know(tmp_path: Path) -> None:
    assert quick_read.quick_load(tmp_path / "missing.db") is None
    empty = tmp_path / "empty.db"
    Store.open(sqlite_url(empty)).close()
    assert quick_read.quick_load(empty) is None  # no workspace written yet
    path = tmp_path / "extra.db"
    store = Store.open(sqlite_url(path))
    store.commit(None, sample_workspace())
    with store.connection() as conn:
        conn.exec_driver_sql("CREATE TABLE wb_something_new (pk INTEGER PRIMARY KEY)")
        conn.commit()
    store.close()
    assert quick_read.quick_load(path) is None
    (tmp_path / "not-a-database.db").write_text("hello")
    assert quick_read.quick_load(tmp_path / "not-a-database.db") is None


def test_it_knows_the_tables_and_the_schema_version_of_the_store() -> None:
    assert [t.name for t in quick_read.TABLES] == [spec.name for spec in SPECS]
    for table, spec in zip(quick_read.TABLES, SPECS, strict=True):
        assert (table.key, table.parent_fk, table.positional) == (
            spec.key_column,
            spec.parent_fk,
            spec.positional,
        )
    assert quick_read.SCHEMA_VERSION == SCHEMA_VERSION
