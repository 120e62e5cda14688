"""A workspace on disk: its mirror files, its local state and its default database."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..mirror import layout
from .atomic import write_atomic

if TYPE_CHECKING:
    from ..store import Store

STATE_DIR = ".workbench"
DATABASE_FILE = "workbench.db"
SYNC_STATE_FILE = "sync-state.json"


class FolderError(Exception):
    """The folder cannot be used as a workspace (missing, unreadable, not a workspace)."""


DB_ENV = "WORKBENCH_DB"


def database_url(folder: WorkspaceFolder, explicit: str | None = None) -> str:
    """``--db`` if given, else ``$WORKBENCH_DB``, else the SQLite file inside the workspace."""
    return explicit or os.environ.get(DB_ENV) or folder.default_url


def owns_database(folder: WorkspaceFolder, url: str) -> bool:
    """The database at ``url`` is the workspace's own file, whose folder opening may make."""
    return url == folder.default_url


def open_database(folder: WorkspaceFolder, explicit: str | None = None) -> Store:
    """Open (creating it when new) the database ``database_url`` names for the workspace; its
    own file's folder is made, a URL's is not (see ``Store.open``)."""
    from ..store import Store  # noqa: PLC0415 - SQLAlchemy only when a database is opened

    url = database_url(folder, explicit)
    return Store.open(url, make_folder=owns_database(folder, url))


_RACY_WINDOW_NS = 2_000_000_000
"""How close before a sync record a file's modification time makes its stat untrustworthy: the
coarsest clock a mirror may sit on (FAT and some network shares count in 2 seconds)."""


def digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class WorkspaceFolder:
    root: Path
    _parsed: dict[str, tuple[tuple[int, int, int], dict[str, Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """The sync state as last read or written, with the file's time, size and inode then: an
    edit reads it twice and writes it once, and on a large model it is half a megabyte."""

    @classmethod
    def at(cls, path: str | Path) -> WorkspaceFolder:
        root = Path(path).expanduser().resolve()
        if not root.is_dir():
            raise FolderError(f"{root} is not a folder")
        return cls(root)

    @property
    def is_workspace(self) -> bool:
        return (self.root / layout.WORKSPACE_FILE).is_file()

    def require_workspace(self) -> None:
        if not self.is_workspace:
            raise FolderError(
                f"{self.root} is not a workspace (no {layout.WORKSPACE_FILE}); create one with "
                f"'workbench init {self.root}'"
            )

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def default_database(self) -> Path:
        return self.state_dir / DATABASE_FILE

    @property
    def default_url(self) -> str:
        """The URL of the workspace's own database (a SQLite file in its state folder)."""
        return f"sqlite:///{self.default_database}"

    # -- mirror files -----------------------------------------------------------------------

    def read_mirror(self) -> dict[str, bytes]:
        """Every mirror file (YAML under models/, numbered Markdown under decisions/)."""
        files: dict[str, bytes] = {}
        for top in (layout.MODELS_DIR, layout.DECISIONS_DIR):
            base = self.root / top
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                relative = path.relative_to(self.root).as_posix()
                if path.is_file() and layout.is_mirror_candidate(relative):
                    try:
                        files[relative] = path.read_bytes()
                    except OSError as exc:
                        raise FolderError(f"{relative}: cannot be read ({exc.strerror})") from None
        return files

    def write_mirror(self, files: Mapping[str, bytes], current: Mapping[str, bytes]) -> list[str]:
        """Make the mirror hold ``files``: write what differs from ``current`` (each file
        atomically, so a reader never sees half of one) and remove mirror files that are gone.
        Returns the paths touched."""
        touched: list[str] = []
        for path, data in files.items():
            if current.get(path) != data:
                write_atomic(self.root / path, data)
                touched.append(path)
        for path in current:
            if path not in files and layout.classify(path) is not None:
                target = self.root / path
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                self._prune_empty(target.parent)
                touched.append(path)
        return sorted(touched)

    def _prune_empty(self, folder: Path) -> None:
        stops = {self.root / layout.MODELS_DIR, self.root / layout.DECISIONS_DIR, self.root}
        while folder not in stops and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    # -- sync state -------------------------------------------------------------------------

    def _state_path(self) -> Path:
        return self.state_dir / SYNC_STATE_FILE

    def _state(self) -> dict[str, Any]:
        """The sync state, to read or to change and write (the per-database entries are
        shared with the cache, so callers replace entries instead of changing them)."""
        path = self._state_path()
        try:
            stamp = _stamp(path)
            cached = self._parsed.get("state")
            if cached is None or cached[0] != stamp:
                state = json.loads(path.read_text("utf-8"))
                if not isinstance(state, dict) or not isinstance(state.get("databases"), dict):
                    raise ValueError("not a sync state")
                cached = self._parsed["state"] = (stamp, state)
        except (OSError, ValueError):
            return {"format": 1, "databases": {}}
        return {**cached[1], "databases": dict(cached[1]["databases"])}

    def _entry(self, database_id: str) -> dict[str, Any]:
        entry = self._state()["databases"].get(database_id)
        return entry if isinstance(entry, dict) else {}

    def synced_hashes(self, database_id: str) -> dict[str, str]:
        """Hashes of the mirror files as of the last sync with this database ({} if never)."""
        files = self._entry(database_id).get("files")
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}

    def unchanged_since_sync(self, database_id: str, revision: int) -> bool:
        """True when neither side can have changed since the last sync: the database is at the
        revision recorded then, and every mirror file has the size and modification time it had
        (the check git's index makes). Saves rendering a large model on every open."""
        entry = self._entry(database_id)
        stats = entry.get("stats")
        if entry.get("revision") != revision or not isinstance(stats, dict):
            return False
        current = self.mirror_stats()
        if current != {k: tuple(v) for k, v in stats.items()}:
            return False
        # A file written shortly before the record was made could have been edited again in
        # the same tick of the file system's clock, to the same size: its stat would match.
        # Such a file is compared by content ("racily clean", as git's index calls it).
        try:
            recorded_at = self._state_path().stat().st_mtime_ns
        except OSError:
            return False
        hashes = self.synced_hashes(database_id)
        for path, (_size, modified) in current.items():
            if modified >= recorded_at - _RACY_WINDOW_NS:
                try:
                    data = (self.root / path).read_bytes()
                except OSError:
                    return False
                if digest(data) != hashes.get(path):
                    return False
        return True

    def changed_on_disk(self, database_id: str) -> list[str]:
        """The mirror files that differ from what the last sync or edit left there: edited,
        added or removed by hand, or by a ``git pull``. Files whose size and time match the
        record are taken as unchanged (as ``unchanged_since_sync`` does), the others compared by
        content, so a file only touched is not news. Reads only."""
        hashes = self.synced_hashes(database_id)
        recorded = self._entry(database_id).get("stats")
        stats: dict[str, tuple[int, int]] = {}
        if isinstance(recorded, dict):
            with contextlib.suppress(TypeError, ValueError, IndexError):
                stats = {str(k): (int(v[0]), int(v[1])) for k, v in recorded.items()}
        current = self.mirror_stats()
        changed = sorted(path for path in hashes if path not in current)
        for path, stat in current.items():
            if stats.get(path) == stat and path in hashes:
                continue
            try:
                data = (self.root / path).read_bytes()
            except OSError:
                continue  # gone between the listing and the read: the next look says so
            if digest(data) != hashes.get(path):
                changed.append(path)
        return sorted(changed)

    def _stats_after(
        self, previous: object, touched: Iterable[str] | None
    ) -> dict[str, tuple[int, int]] | None:
        if touched is None:
            return self.mirror_stats()
        if not isinstance(previous, dict) or "revision" not in previous:
            return None  # no in-step record to carry forward: the next opening compares all
        recorded = previous.get("stats")
        if not isinstance(recorded, dict):
            return None
        try:
            stats = {str(k): (int(v[0]), int(v[1])) for k, v in recorded.items()}
        except (TypeError, ValueError, IndexError, KeyError):
            return None  # a damaged record: measure nothing, compare all next time
        for path in touched:
            try:
                info = (self.root / path).stat()
            except FileNotFoundError:
                stats.pop(path, None)
            else:
                stats[path] = (info.st_size, info.st_mtime_ns)
        return stats

    def mirror_stats(self) -> dict[str, tuple[int, int]]:
        """Size and modification time of every mirror file."""
        found: dict[str, tuple[int, int]] = {}
        root = str(self.root)
        for top in (layout.MODELS_DIR, layout.DECISIONS_DIR):
            # os.scandir with plain strings: the entries carry their type, and the stat call is
            # all that touches the disk (Path objects per file cost more than the stat itself).
            pending = [top]
            while pending:
                relative_folder = pending.pop()
                try:
                    entries = list(os.scandir(f"{root}/{relative_folder}"))
                except (FileNotFoundError, NotADirectoryError):
                    continue
                for entry in entries:
                    relative = f"{relative_folder}/{entry.name}"
                    if entry.is_dir():
                        pending.append(relative)
                    elif layout.is_mirror_candidate(relative):
                        info = entry.stat()
                        found[relative] = (info.st_size, info.st_mtime_ns)
        return found

    def record_sync(
        self, database_id: str, files: Mapping[str, bytes], revision: int | None = None
    ) -> None:
        """Remember ``files`` as the state both sides agreed on."""
        self.record_hashes(
            database_id, {path: digest(data) or "" for path, data in files.items()}, revision
        )

    def record_hashes(
        self,
        database_id: str,
        hashes: Mapping[str, str],
        revision: int | None = None,
        *,
        touched: Iterable[str] | None = None,
    ) -> None:
        """Remember the agreed hashes; with the database ``revision`` they were agreed at, also
        the files' sizes and times, for ``unchanged_since_sync``.

        ``touched`` names the only files the caller wrote or removed since the last record (an
        edit): the other files keep the sizes and times recorded then, so a file edited by hand
        meanwhile still differs from its record and the next opening compares it. Without
        ``touched`` (a sync, which has just compared every file) all files are measured."""
        state = self._state()
        entry: dict[str, Any] = {"files": dict(sorted(hashes.items()))}
        if revision is not None:
            stats = self._stats_after(state["databases"].get(database_id), touched)
            if stats is not None:
                entry["revision"] = revision
                entry["stats"] = {k: list(v) for k, v in sorted(stats.items())}
        state["databases"][database_id] = entry
        self.state_dir.mkdir(parents=True, exist_ok=True)
        ignore = self.state_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# local database and sync state: never committed\n*\n", "utf-8")
        # Not indented: json's C encoder only runs without indent, a third of the time on a
        # large model's state, which every edit rewrites.
        write_atomic(self._state_path(), (json.dumps(state, sort_keys=True) + "\n").encode())
        self._parsed["state"] = (_stamp(self._state_path()), state)


def _stamp(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size, info.st_ino
