"""The system of record: the workspace database, reached through SQLAlchemy.

SQLite (a file in the workspace, the default) and PostgreSQL (a shared team database) both work.
Every commit is one transaction; every row carries a version, so a writer working from an old read
gets a ConflictError instead of silently overwriting someone else's change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlmodel import SQLModel

from ..domain.workspace import Workspace
from ..perf import no_gc_pauses
from . import migrations
from .errors import ConflictError, StoreError
from .rows import (
    PARENT,
    SPECS,
    Op,
    RowChange,
    Rows,
    assemble,
    diff,
)
from .snapshot import RowKey, Snapshot
from .tables import META, SCHEMA_VERSION, TABLE_PREFIX, WORKSPACE, table_of

__all__ = ["RowKey", "Snapshot", "Store", "describe_url", "normalise_url", "sqlite_url"]


def normalise_url(url: str) -> str:
    """Accept the URLs people type: plain ``postgresql://`` means the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def describe_url(url: str) -> str:
    """The URL without its password, for messages and the status line."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """One workspace database."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.database_id = ""

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, create: bool = True, make_folder: bool = False) -> Store:
        """Open (and with ``create``, initialise) the database at ``url``; migrate it if older.
        A SQLite file's folder is made only with ``make_folder`` (the workspace's own database):
        a URL someone typed with a slip names no folder that exists, and is refused.

        Raises StoreError when the database is unreachable, belongs to something else, or was
        written by a newer release.
        """
        url = normalise_url(url)
        shown = describe_url(url)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"{url!r} is not a database URL: {exc}") from None
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            if not create and not path.exists():
                raise StoreError(f"no workspace database at {path}")
            if path.exists() and path.is_dir():
                raise StoreError(f"{path} is a folder, not a database file")
            if make_folder:
                path.parent.mkdir(parents=True, exist_ok=True)
            elif not path.parent.is_dir():
                raise StoreError(
                    f"cannot create database {path}: the folder {path.parent} does not exist"
                )
        try:
            engine = create_engine(url, pool_pre_ping=parsed.get_backend_name() != "sqlite")
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database {shown}: {exc}") from None
        if parsed.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, url)
        try:
            store._prepare(create)
        except StoreError:
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"cannot open database {shown}: {reason}") from None
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {shown}: {exc}") from None
        return store

    def _prepare(self, create: bool) -> None:
        shown = describe_url(self.url)
        with self.engine.begin() as conn:
            tables = set(inspect(conn).get_table_names())
            if META.name not in tables:
                if tables:
                    raise StoreError(
                        f"{shown} is not a workbench database (it holds other tables: "
                        f"{', '.join(sorted(tables)[:5])}); point --db at an empty database"
                    )
                if not create:
                    raise StoreError(f"{shown} is empty: it holds no workspace")
                SQLModel.metadata.create_all(conn, tables=_workbench_tables())
                self.database_id = uuid.uuid4().hex
                conn.execute(
                    insert(META),
                    [
                        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                        {"key": "database_id", "value": self.database_id},
                    ],
                )
                return
            meta = {str(k): str(v) for k, v in conn.execute(select(META.c.key, META.c.value))}
            try:
                found = int(meta.get("schema_version", ""))
            except ValueError:
                raise StoreError(
                    f"{shown} is not a workbench database (no schema version)"
                ) from None
            if found > SCHEMA_VERSION:
                raise StoreError(
                    f"{shown} was written by a newer release (schema {found}; this release "
                    f"understands up to {SCHEMA_VERSION}); upgrade the workbench"
                )
            if found < SCHEMA_VERSION:
                try:
                    migrations.upgrade(conn, found, SCHEMA_VERSION)
                except LookupError as exc:
                    raise StoreError(f"{shown}: {exc}") from None
                conn.execute(
                    update(META)
                    .where(META.c.key == "schema_version")
                    .values(value=str(SCHEMA_VERSION))
                )
            self.database_id = meta.get("database_id", "")

    def close(self) -> None:
        self.engine.dispose()

    # -- reading ----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """True until a workspace has been written."""
        with self.engine.connect() as conn:
            return conn.execute(select(WORKSPACE.c.pk)).first() is None

    def revision(self) -> int:
        with self.engine.connect() as conn:
            value = conn.execute(select(WORKSPACE.c.revision)).scalar()
        return int(value or 0)

    @contextmanager
    def _consistent_read(self) -> Iterator[Connection]:
        """A connection whose reads all see one committed state of the database. The workspace
        is read table by table: without this a commit landing between two of them (another
        writer's) would give rows of one revision and their children of the next.

        SQLite's driver opens a transaction only before a write, so the read begins one (its
        shared lock holds writers off until the read is done); PostgreSQL's default gives each
        statement its own snapshot, so the read asks for one snapshot for all of them."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")
                yield conn
            else:
                yield conn.execution_options(isolation_level="REPEATABLE READ")

    def load(self) -> Snapshot:
        """Read the whole workspace. Raises StoreError when the database holds none."""
        with self._consistent_read() as conn, no_gc_pauses():
            head = conn.execute(select(WORKSPACE)).mappings().first()
            if head is None:
                raise StoreError(f"{describe_url(self.url)} holds no workspace yet")
            rows: Rows = {}
            for spec in SPECS:
                table = table_of(spec.table)
                columns = [table.c[name] for name in spec.read_columns]
                rows[spec.name] = list(conn.execute(select(*columns).order_by(table.c.pk)).all())
        header = {
            "name": head["name"],
            "title": head["title"],
            "description": head["description"],
            "rejected_suggestions": tuple(head["rejected_suggestions"] or ()),
        }
        try:
            with no_gc_pauses():
                workspace = assemble(header, rows)
        except ValueError as exc:
            raise StoreError(
                f"{describe_url(self.url)} holds data this release cannot read: {exc}"
            ) from None
        return Snapshot(workspace, int(head["revision"]), None, int(head["row_version"]), rows=rows)

    # -- writing ----------------------------------------------------------------------------

    def commit(self, base: Snapshot | None, new: Workspace) -> Snapshot:
        """Write the difference between ``base`` (None: the database is empty) and ``new`` in one
        transaction. Raises ConflictError when a touched row changed since ``base`` was read;
        then nothing is written."""
        changes = diff(base.workspace if base else None, new)
        versions = dict(base.versions) if base else {}
        try:
            with self.engine.begin() as conn:
                revision = self._write_header(conn, base, new)
                for change in changes:
                    if change.op is Op.DELETE:
                        self._delete(conn, change, versions)
                for change in changes:
                    if change.op is Op.UPDATE:
                        self._update(conn, change, versions)
                self._insert_all(conn, [c for c in changes if c.op is Op.INSERT], versions)
        except IntegrityError as exc:
            raise ConflictError("an element", f"could not be saved ({exc.orig})") from None
        except DBAPIError as exc:
            raise StoreError(f"the database refused the change: {exc.orig}") from None
        if base is not None and revision != base.revision + 1:
            # Someone else committed in between (to other rows): read their work too.
            return self.load()
        if base is None:
            header_version = 1
        else:
            # The header row's version moves only when the header itself changed.
            header_version = base.workspace_version + (
                1 if _header(new) != _header(base.workspace) else 0
            )
        return Snapshot(new, revision, versions, header_version)

    def _write_header(self, conn: Connection, base: Snapshot | None, new: Workspace) -> int:
        values: dict[str, Any] = {
            "name": new.name,
            "title": new.title,
            "description": new.description,
            "rejected_suggestions": list(new.rejected_suggestions) or None,
        }
        if base is None:
            if conn.execute(select(WORKSPACE.c.pk)).first() is not None:
                raise ConflictError("the workspace", "was created by someone else meanwhile")
            conn.execute(insert(WORKSPACE).values(pk=1, revision=1, row_version=1, **values))
            return 1
        header_changed = values != {
            "name": base.workspace.name,
            "title": base.workspace.title,
            "description": base.workspace.description,
            "rejected_suggestions": list(base.workspace.rejected_suggestions) or None,
        }
        statement = update(WORKSPACE).where(WORKSPACE.c.pk == 1)
        if header_changed:
            statement = statement.where(WORKSPACE.c.row_version == base.workspace_version).values(
                row_version=WORKSPACE.c.row_version + 1, **values
            )
        result = conn.execute(statement.values(revision=WORKSPACE.c.revision + 1))
        if result.rowcount != 1:
            raise ConflictError("the workspace title or description", "was changed by someone else")
        return int(conn.execute(select(WORKSPACE.c.revision)).scalar_one())

    @staticmethod
    def _expected(change: RowChange, versions: dict[RowKey, tuple[int, int]]) -> tuple[int, int]:
        found = versions.get((change.spec.name, change.key))
        if found is None:
            raise ConflictError(_describe(change), "is not in the version that was read")
        return found

    def _delete(
        self, conn: Connection, change: RowChange, versions: dict[RowKey, tuple[int, int]]
    ) -> None:
        pk, version = self._expected(change, versions)
        table = table_of(change.spec.table)
        result = conn.execute(delete(table).where(table.c.pk == pk, table.c.row_version == version))
        if result.rowcount != 1:
            raise ConflictError(_describe(change), "was changed or removed by someone else")
        del versions[(change.spec.name, change.key)]

    def _update(
        self, conn: Connection, change: RowChange, versions: dict[RowKey, tuple[int, int]]
    ) -> None:
        pk, version = self._expected(change, versions)
        table = table_of(change.spec.table)
        result = conn.execute(
            update(table)
            .where(table.c.pk == pk, table.c.row_version == version)
            .values(**change.values, row_version=version + 1)
        )
        if result.rowcount != 1:
            raise ConflictError(_describe(change), "was changed or removed by someone else")
        versions[(change.spec.name, change.key)] = (pk, version + 1)

    def _insert_all(
        self, conn: Connection, inserts: list[RowChange], versions: dict[RowKey, tuple[int, int]]
    ) -> None:
        """Insert table by table, parents first, each table in one round trip."""
        for spec in SPECS:
            batch = [change for change in inserts if change.spec is spec]
            if not batch:
                continue
            parent = PARENT.get(spec.name)
            rows = []
            for change in batch:
                values = {**change.values, "row_version": 1}
                if parent is not None:
                    assert spec.parent_fk is not None
                    values[spec.parent_fk] = versions[(parent.name, change.parent_key)][0]
                rows.append(values)
            table = table_of(spec.table)
            statement = insert(table).returning(table.c.pk, sort_by_parameter_order=True)
            keys = conn.execute(statement, rows).scalars().all()
            for change, pk in zip(batch, keys, strict=True):
                versions[(spec.name, change.key)] = (int(pk), 1)

    # -- whole-workspace operations ---------------------------------------------------------

    def replace(self, workspace: Workspace) -> Snapshot:
        """Make the database hold exactly ``workspace`` (used when importing the mirror)."""
        if self.is_empty():
            return self.commit(None, workspace)
        return self.commit(self.load(), workspace)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn


def _workbench_tables() -> list[Any]:
    return [t for name, t in SQLModel.metadata.tables.items() if name.startswith(TABLE_PREFIX)]


def _describe(change: RowChange) -> str:
    kind = change.spec.name.removeprefix(TABLE_PREFIX).replace("_", " ")
    return f"{kind} {'/'.join(change.key)}"


def _header(ws: Workspace) -> tuple[object, ...]:
    return (ws.name, ws.title, ws.description, ws.rejected_suggestions)
