"""An open workspace: the one place edits go through, for the CLI, the TUI and the tests.

Each edit is validated, committed to the database in one transaction, and then the mirror files it
touched are rewritten, unless a file changed on disk meanwhile: that one is left for ``sync`` to
resolve, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.decision_edits import settle_statuses
from ..domain.signoffs import log_issues
from ..domain.validation import Issue, errors_only, validate_workspace
from ..domain.workspace import Workspace
from ..mirror import codec
from ..store import Snapshot, Store
from .folder import WorkspaceFolder, database_url, digest
from .sync import Resolver, SyncReport, synchronise


class InvalidEdit(Exception):
    """The edit would leave the model with errors; nothing was written."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(f"{i.element}: {i.message}" for i in issues))
        self.issues = issues


@dataclass
class Session:
    folder: WorkspaceFolder
    store: Store
    snapshot: Snapshot
    unsynced: list[str] = field(default_factory=list)
    """Mirror files that could not follow an edit because they changed on disk."""

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
        store = Store.open(database_url(folder, db_url))
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
        # Stale approvals take a decision's acceptance with them.
        new = settle_statuses(new, before)
        issues = validate_workspace(new)
        # Sign-off logs are append-only, for undo as much as for any other edit.
        errors = errors_only(issues) + log_issues(before, new)
        if errors:
            raise InvalidEdit(errors)
        self.snapshot = self.store.commit(self.snapshot, new)
        self._follow(codec.render_changed(before, self.snapshot.workspace))
        return issues

    def _follow(self, changes: dict[str, bytes | None]) -> None:
        """Write the mirror files an edit changed (None: remove the file), unless a file was
        edited on disk meanwhile: that one keeps its old base, so the next sync shows a conflict
        and asks instead of overwriting."""
        if not changes:
            return
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
        self.folder.record_hashes(self.store.database_id, base, revision)

    def close(self) -> None:
        self.store.close()
