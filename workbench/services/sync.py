"""Keeping the database (the system of record) and the mirror (its text for git) in step.

A three-way comparison per file, against the hashes recorded at the last sync:

* unchanged on disk, different in the database -> the database changed: write the file;
* unchanged in the database, different on disk  -> the mirror changed (git pull, hand edit): import;
* changed on both sides                          -> a conflict: show both, let the user choose.

Changes to different files merge. Nothing is overwritten silently, and a mirror that does not parse
or validate changes nothing at all.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import TYPE_CHECKING

from ..domain.decision_edits import settle_statuses
from ..domain.decisions import DecisionStatus
from ..domain.signoffs import log_issues
from ..domain.validation import ElementKind, Issue
from ..domain.workspace import Workspace
from ..mirror import layout
from .folder import WorkspaceFolder, digest

if TYPE_CHECKING:
    from ..mirror.codec import MirrorIssue, ParseResult
    from ..store import Snapshot, Store


class Choice(StrEnum):
    DATABASE = "database"
    MIRROR = "mirror"
    ABORT = "abort"


@dataclass(frozen=True)
class Conflict:
    path: str
    database: bytes | None
    mirror: bytes | None

    @property
    def signed_in_database(self) -> bool:
        """A decision file whose database version holds sign-offs the file does not: the
        mirror's version would drop them, which a sync refuses (the log is append-only)."""
        if not self.path.startswith(f"{layout.DECISIONS_DIR}/") or self.database is None:
            return False
        return _signoff_count(self.database) > _signoff_count(self.mirror)

    def unified_diff(self) -> str:
        def lines(data: bytes | None) -> list[str]:
            return [] if data is None else data.decode("utf-8", "replace").splitlines(keepends=True)

        text = "".join(
            difflib.unified_diff(
                lines(self.database),
                lines(self.mirror),
                fromfile=f"database: {self.path}",
                tofile=f"mirror:   {self.path}",
            )
        )
        return text if text.endswith("\n") or not text else text + "\n"


Resolver = Callable[[Conflict], Choice]


@dataclass
class SyncReport:
    imported: list[str] = field(default_factory=list)
    """Mirror files whose content went into the database."""
    exported: list[str] = field(default_factory=list)
    """Mirror files written from the database (including normalised formatting)."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Unresolved conflicts (nothing was written)."""
    issues: list[MirrorIssue] = field(default_factory=list)
    snapshot: Snapshot | None = None
    created: bool = False
    """The database was empty and has been filled from the mirror."""
    settled: list[str] = field(default_factory=list)
    """Decisions whose status the imported files changed, in words: an accepted one whose
    approvals the changes made stale is proposed again (its file is rewritten so)."""

    @property
    def ok(self) -> bool:
        return not self.conflicts and not any(i.severity == "error" for i in self.issues)


def synchronise(
    folder: WorkspaceFolder, store: Store, resolve: Resolver | None = None, *, dry_run: bool = False
) -> SyncReport:
    """Bring database and mirror into step; see the module docstring for the rules. A dry run
    reads, compares and validates as a sync does and reports what it would import (and whether
    the files would be refused) without writing anything."""
    from ..mirror import codec  # noqa: PLC0415 - YAML only when files are compared

    report = SyncReport()
    empty = store.is_empty()
    if not empty and folder.unchanged_since_sync(store.database_id, store.revision()):
        report.snapshot = store.load()
        return report

    disk = folder.read_mirror()
    if empty:
        parsed = _append_only(codec.parse(disk), None, disk)
        report.issues = parsed.issues
        if parsed.workspace is None:
            return report
        workspace = _settled(parsed.workspace, None, report)
        if dry_run:
            report.imported = sorted(disk)
            return report
        report.snapshot = store.commit(None, workspace)
        report.created = True
        report.imported = sorted(disk)
        _publish(folder, store, report, codec.render(workspace), disk)
        return report

    snapshot = store.load()
    rendered = codec.render(snapshot.workspace)
    base = folder.synced_hashes(store.database_id)
    merged: dict[str, bytes] = {}
    from_mirror: list[str] = []
    conflicts: list[Conflict] = []
    for path in sorted(set(disk) | set(rendered)):
        on_disk, in_db = disk.get(path), rendered.get(path)
        side = changed_side(on_disk, in_db, base.get(path))
        if side is Side.BOTH:
            conflicts.append(Conflict(path, in_db, on_disk))
            continue
        if side is Side.MIRROR:
            from_mirror.append(path)
        chosen = on_disk if side in (Side.NEITHER, Side.MIRROR) else in_db
        if chosen is not None:
            merged[path] = chosen

    for conflict in conflicts:
        choice = resolve(conflict) if resolve else Choice.ABORT
        if choice is Choice.ABORT:
            report.conflicts = conflicts
            report.snapshot = snapshot
            return report
        chosen = conflict.database if choice is Choice.DATABASE else conflict.mirror
        if choice is Choice.MIRROR:
            from_mirror.append(conflict.path)
        if chosen is not None:
            merged[conflict.path] = chosen

    if from_mirror:
        parsed = _append_only(codec.parse(merged), snapshot.workspace, merged)
        report.issues = parsed.issues
        if parsed.workspace is None:
            report.snapshot = snapshot
            return report
        workspace = _settled(parsed.workspace, snapshot.workspace, report)
        if dry_run:
            report.imported = sorted(from_mirror)
            report.snapshot = snapshot
            return report
        if workspace != snapshot.workspace:
            snapshot = store.commit(snapshot, workspace)
        report.imported = sorted(from_mirror)
        final = codec.render(snapshot.workspace)
    else:
        final = rendered
    report.snapshot = snapshot
    if not dry_run:
        _publish(folder, store, report, final, disk)
    return report


def _settled(workspace: Workspace, held: Workspace | None, report: SyncReport) -> Workspace:
    """``workspace`` with each decision at the status its sign-offs call for, as an edit in
    the workbench leaves it (files changed by hand get no exemption); ``report`` says which."""
    settled = settle_statuses(workspace, held)
    if settled is not workspace:
        for decision in settled.decisions:
            was = workspace.decision(decision.number)
            if was is not None and was.status is not decision.status:
                if decision.status is not DecisionStatus.PROPOSED:
                    why = "every required approval is current"
                elif held is not None and _was_accepted(held, decision.number):
                    why = "its approvals no longer all stand"
                else:  # `accepted` written by hand: only the sign-offs accept a decision
                    why = "accepted is the sign-offs' doing, and not every required one stands"
                report.settled.append(
                    f"decision {decision.number:04d} is {decision.status} now: {why}"
                )
    return settled


def _was_accepted(held: Workspace, number: int) -> bool:
    decision = held.decision(number)
    return decision is not None and decision.status is DecisionStatus.ACCEPTED


def _append_only(
    parsed: ParseResult, held: Workspace | None, files: dict[str, bytes]
) -> ParseResult:
    """A mirror may add sign-offs, never alter, remove or reorder the ones held: such a mirror
    is not imported (the errors name the file and line)."""
    if parsed.workspace is None:
        return parsed
    from ..mirror import codec  # noqa: PLC0415 - see synchronise

    problems = [_placed(i, files, held) for i in log_issues(held, parsed.workspace)]
    if not problems:
        return parsed
    return codec.ParseResult(None, [*parsed.issues, *problems])


def _placed(issue: Issue, files: dict[str, bytes], held: Workspace | None) -> MirrorIssue:
    """``issue`` in the file that holds it; a decision whose file was removed is named by the
    file the database last wrote for it."""
    from ..mirror.codec import place_issue  # noqa: PLC0415 - see synchronise

    placed = place_issue(issue, files)
    decision = (
        held.decision(int(issue.location.key[0]))
        if held is not None and issue.location.kind is ElementKind.DECISION
        else None
    )
    if decision is None or placed.file in files:
        return placed
    return dataclasses.replace(
        placed,
        file=layout.decision_file(decision.number, decision.title),
        message=f"{placed.message} (the file was removed)",
    )


def _publish(
    folder: WorkspaceFolder,
    store: Store,
    report: SyncReport,
    files: dict[str, bytes],
    disk: dict[str, bytes],
) -> None:
    report.exported = folder.write_mirror(files, disk)
    revision = report.snapshot.revision if report.snapshot is not None else None
    folder.record_sync(store.database_id, files, revision)


@dataclass(frozen=True)
class MirrorStatus:
    """How database and mirror relate, without changing either."""

    database_changed: list[str]
    mirror_changed: list[str]
    conflicts: list[str]

    @property
    def in_step(self) -> bool:
        return not (self.database_changed or self.mirror_changed or self.conflicts)

    def describe(self) -> str:
        if self.in_step:
            return "in step"
        parts = []
        if self.database_changed:
            parts.append(f"{len(self.database_changed)} file(s) to write from the database")
        if self.mirror_changed:
            parts.append(f"{len(self.mirror_changed)} changed file(s) to import")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s)")
        return ", ".join(parts)


def mirror_status(folder: WorkspaceFolder, store: Store, snapshot: Snapshot) -> MirrorStatus:
    from ..mirror import codec  # noqa: PLC0415 - see synchronise

    disk = folder.read_mirror()
    rendered = codec.render(snapshot.workspace)
    base = folder.synced_hashes(store.database_id)
    found: dict[Side, list[str]] = {side: [] for side in Side}
    for path in sorted(set(disk) | set(rendered)):
        found[changed_side(disk.get(path), rendered.get(path), base.get(path))].append(path)
    return MirrorStatus(found[Side.DATABASE], found[Side.MIRROR], found[Side.BOTH])


class Side(Enum):
    """Which side of a mirror file changed since the last sync."""

    NEITHER = "neither"
    DATABASE = "database"
    MIRROR = "mirror"
    BOTH = "both"


def changed_side(on_disk: bytes | None, in_db: bytes | None, base: str | None) -> Side:
    """The three-way rule every sync and status applies to one file (None: it does not exist
    there): the side that differs from the hash both agreed on at the last sync changed; when
    both differ from it, and from each other, the file is a conflict."""
    if on_disk == in_db:
        return Side.NEITHER
    if digest(on_disk) == base:
        return Side.DATABASE
    if digest(in_db) == base:
        return Side.MIRROR
    return Side.BOTH


def _signoff_count(data: bytes | None) -> int:
    """The records of a decision file's sign-off log; 0 for a file that does not read."""
    from ..mirror import madr, yamlio  # noqa: PLC0415 - see synchronise

    if data is None:
        return 0
    try:
        front, _, _ = madr.split(data.decode("utf-8"))
    except (UnicodeDecodeError, madr.MadrError, yamlio.YamlError):
        return 0
    signoffs = front.get("signoffs") if isinstance(front, dict) else None
    return len(signoffs) if isinstance(signoffs, list) else 0


def conflict_advice(conflicts: list[Conflict]) -> str:
    """What to do about conflicts a choice of side cannot settle, in words ("" when none): a
    decision signed in the database and edited in its file keeps its sign-offs only as the
    database's version, and the hand edit is made again on top of it."""
    signed = [c.path for c in conflicts if c.signed_in_database]
    if not signed:
        return ""
    return (
        f"{', '.join(signed)}: signed in the database since the file was edited. The file's "
        "version would drop those sign-offs and is refused; keep both by taking the database's "
        "(--prefer database) and making the edit again in the file."
    )
