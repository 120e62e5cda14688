"""An open workspace: the one place edits go through, for the CLI, the TUI and the tests.

Each edit is validated, committed to the database in one transaction, and then the mirror files it
touched are rewritten, unless a file changed on disk meanwhile: that one is left for ``sync`` to
resolve, never overwritten.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.decision_edits import settle_statuses
from ..domain.signoffs import log_issues
from ..domain.validation import Issue, Revalidator, errors_only
from ..domain.workspace import Workspace
from ..store import Snapshot
from ..store.quick_read import quick_load, read_header
from . import open_cache
from .folder import WorkspaceFolder, database_url, digest, open_database
from .sync import Resolver, SyncReport, synchronise

if TYPE_CHECKING:
    from ..store import Store


class InvalidEdit(Exception):
    """The edit would leave the model with errors; nothing was written."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(f"{i.element}: {i.message}" for i in issues))
        self.issues = issues


@dataclass
class Session:
    folder: WorkspaceFolder
    _store: Store | None
    """None until first needed when the session was opened by the fast reader."""
    snapshot: Snapshot
    unsynced: list[str] = field(default_factory=list)
    """Mirror files that could not follow an edit because they changed on disk."""
    url: str = ""
    """The database URL (known before the store is opened)."""
    written: tuple[Workspace, Workspace] | None = field(default=None, repr=False, compare=False)
    """The last commit's workspace before and as this session wrote it (``apply``)."""
    mirror_failure: str = ""
    """Why the last edit's mirror files could not be written (the edit itself is committed)."""
    _opening: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _cache_current: bool = field(default=False, repr=False, compare=False)
    """The open cache already holds this snapshot (it was opened from it, nothing committed)."""
    _validated: tuple[Workspace, list[Issue]] | None = field(
        default=None, repr=False, compare=False
    )
    """The issues of the workspace the last edit committed, for screens that show them."""
    _revalidate: Revalidator = field(default_factory=Revalidator, repr=False, compare=False)
    """Validates each version checking again only what the edit changed."""

    def __post_init__(self) -> None:
        if self._store is not None and not self.url:
            self.url = self._store.url

    @property
    def store(self) -> Store:
        """The database, opened on first use (a worker may open it ahead, see ``open_store``)."""
        with self._opening:
            if self._store is None:
                from ..store import Store  # noqa: PLC0415 - SQLAlchemy after the first screen

                self._store = Store.open(self.url, create=False)
            return self._store

    def open_store(self) -> None:
        """Open the database now (from a worker), so the first edit does not wait for it."""
        _ = self.store

    @classmethod
    def open_quick(cls, root: str | Path, db_url: str | None = None) -> Session | None:
        """Open the workspace without importing the store, when that is safe: its own SQLite
        file, unchanged since the last sync on both sides (the check ``synchronise`` makes
        first). Returns None otherwise; then ``open`` does the full work."""
        folder = WorkspaceFolder.at(root)
        folder.require_workspace()
        url = database_url(folder, db_url)
        path = _sqlite_file(url)
        if path is None:
            return None
        header = read_header(path)
        if header is None or not folder.unchanged_since_sync(*header):
            return None
        cached = open_cache.load(folder, *header, database_file=path)
        if cached is not None:
            return cls(folder, None, cached, url=url, _cache_current=True)
        found = quick_load(path)
        if found is None or (found.database_id, found.revision) != header:
            return None
        snapshot = Snapshot(
            found.workspace,
            found.revision,
            workspace_version=found.workspace_version,
            versions_from=found.versions,
        )
        return cls(folder, None, snapshot, url=url)

    @classmethod
    def open(
        cls,
        root: str | Path,
        db_url: str | None = None,
        resolve: Resolver | None = None,
    ) -> tuple[Session | None, SyncReport]:
        """Open the workspace at ``root`` and bring database and mirror into step first.

        Returns no session when there is nothing to open (conflicts left unresolved, or a mirror
        with errors and an empty database). A mirror with errors beside a database that holds the
        workspace opens the database's version; ``report.issues`` says what is wrong on disk.
        """

        folder = WorkspaceFolder.at(root)
        folder.require_workspace()
        store = open_database(folder, db_url)
        try:
            report = synchronise(folder, store, resolve)
        except BaseException:
            store.close()
            raise
        if report.snapshot is None or report.conflicts:
            store.close()
            return None, report
        return cls(folder, store, report.snapshot), report

    @property
    def workspace(self) -> Workspace:
        return self.snapshot.workspace

    def apply(self, new: Workspace) -> list[Issue]:
        """Commit ``new`` as the workspace's next state; returns the warnings it still carries.

        Raises InvalidEdit (nothing written) when it has errors, ConflictError when someone else
        changed the same elements.
        """
        before = self.snapshot.workspace
        new, issues, errors = self._checked(new)
        if errors:
            raise InvalidEdit(errors)
        from ..mirror import codec  # noqa: PLC0415 - YAML is not needed to open

        self.snapshot = self.store.commit(self.snapshot, new)
        # What this edit wrote, apart from another writer's commits the store read back with
        # it (``snapshot`` holds both when someone committed in between).
        self.written = (before, new)
        self._cache_current = False
        self._validated = (new, issues)
        self._follow(codec.render_changed(before, self.snapshot.workspace))
        return issues

    def refusals(self, new: Workspace) -> list[Issue]:
        """The errors committing ``new`` would be refused with (none: it would commit); nothing
        is written. A form asks, to show every problem at one save."""
        return self._checked(new)[2]

    def _checked(self, new: Workspace) -> tuple[Workspace, list[Issue], list[Issue]]:
        """``new`` as it would be committed over this session's workspace, its issues, and the
        errors among them that refuse it."""
        before = self.snapshot.workspace
        # Stale approvals take a decision's acceptance with them.
        new = settle_statuses(new, before)
        issues = self._revalidate(new)
        # Sign-off logs are append-only, for undo as much as for any other edit.
        return new, issues, errors_only(issues) + log_issues(before, new)

    def validate(self, workspace: Workspace) -> list[Issue]:
        """The validation issues of ``workspace`` (a version of this session's workspace): the
        last edit's when it committed this very version, else worked out again for only what
        changed since the last validation."""
        found = self._validated
        if found is not None and found[0] is workspace:
            return found[1]
        return self._revalidate(workspace)

    def _follow(self, changes: dict[str, bytes | None]) -> None:
        """Write the mirror files an edit changed (None: remove the file), unless a file was
        edited on disk meanwhile: that one keeps its old base, so the next sync shows a conflict
        and asks instead of overwriting.

        The edit is committed by now, and the database is the system of record: a folder that
        cannot be written (disk full, a read-only share) leaves the files for the next sync
        and says why (``mirror_failure``), rather than fail an edit that is saved."""
        self.mirror_failure = ""
        if not changes:
            return
        try:
            self._write_followed(changes)
        except OSError as exc:
            self.unsynced = sorted({*self.unsynced, *changes})
            self.mirror_failure = (
                f"the model files could not be written ({exc.strerror or exc}); the edit is "
                "saved in the database, and the next sync writes them"
            )

    def _write_followed(self, changes: dict[str, bytes | None]) -> None:
        base = self.folder.synced_hashes(self.store.database_id)
        writes: dict[str, bytes] = {}
        on_disk: dict[str, bytes] = {}
        for path, content in changes.items():
            target = self.folder.root / path
            data = target.read_bytes() if target.is_file() else None
            if digest(data) not in (base.get(path), digest(content)):
                self.unsynced = sorted({*self.unsynced, path})
                continue
            if data is not None:
                on_disk[path] = data
            if content is None:
                base.pop(path, None)
            else:
                writes[path] = content
                base[path] = digest(content) or ""
        self.folder.write_mirror(writes, on_disk)
        # With a file left for sync, the mirror is not in step: no revision, so the next open
        # compares everything.
        revision = None if self.unsynced else self.snapshot.revision
        self.folder.record_hashes(self.store.database_id, base, revision, touched=changes)

    def changed_on_disk(self) -> list[str]:
        """The mirror files changed outside the workbench since the last sync or edit (a hand
        edit, a ``git pull``); reads the files whose size or time moved. Writes nothing."""
        return self.folder.changed_on_disk(self.store.database_id)

    def sync(self, resolve: Resolver | None = None) -> SyncReport:
        """Bring database and mirror into step again while the workspace is open: picks up a
        ``git pull`` or a hand edit of the files, and another writer's commits to a shared
        database. Conflicts are left as they are unless ``resolve`` chooses a side per file
        (see ``synchronise``); the session then holds whatever the database holds."""
        report = synchronise(self.folder, self.store, resolve)
        if report.snapshot is not None:
            self.snapshot = report.snapshot
            self._cache_current = False
        if report.conflicts:
            self.unsynced = sorted({*self.unsynced, *(c.path for c in report.conflicts)})
        elif report.ok:
            self.unsynced = []
        else:  # files with errors: changed on disk and not imported, so not in step
            broken = {issue.file for issue in report.issues if issue.severity == "error"}
            self.unsynced = sorted({*self.unsynced, *(path for path in broken if path)})
        return report

    def close(self, *, keep_open_cache: bool = False) -> None:
        """Close the database. ``keep_open_cache`` (the terminal workbench) also leaves a signed
        copy of the workspace for the next opening, when the database is the workspace's own
        SQLite file and still at the revision this session holds (see ``open_cache``)."""
        with self._opening:
            if self._store is not None:
                self._store.close()
        if not keep_open_cache or self._cache_current or self.unsynced:
            return
        path = _sqlite_file(self.url)
        header = read_header(path) if path is not None else None
        if path is None or header is None or header[1] != self.snapshot.revision:
            return  # another writer moved on: the next opening reads the rows
        self._cache_current = open_cache.save(self.folder, header[0], self.snapshot, path)


def _sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (the fast paths read it with the standard library)."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    return Path(url.removeprefix("sqlite:///"))
