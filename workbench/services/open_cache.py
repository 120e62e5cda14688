"""A signed copy of the workspace as the last session left it, so the next one opens at once.

Opening reads every row of the database and validates it into the domain model; on a large model
(60,000 rows) that is most of the start-up. When a session ends, the workbench writes the
workspace it holds, with the row versions the next commit needs, to ``.workbench/open-cache.bin``;
the next opening takes it instead of the rows when it is for exactly the database and revision on
disk, and reads the rows as before otherwise.

The copy is a pickle, which can run code when loaded, so it is trusted only when it proves it was
written by this user: an HMAC-SHA256 over it, with a key that only this user can read
(``~/.config/q2c-workbench/open-cache.key``, mode 0600). A copy made by someone else, edited,
cut short, or for another revision, schema, program or Python version is ignored (never an
error), and even a correctly signed one may only name the domain's own model classes, dates and
decimals.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import pickle
import secrets
import sys
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import __version__
from ..domain.workspace import Workspace
from ..perf import no_gc_pauses
from ..store.quick_read import SCHEMA_VERSION
from ..store.snapshot import RowKey, Snapshot
from .folder import WorkspaceFolder

CACHE_FILE = "open-cache.bin"
MAGIC = b"q2c-workbench open cache 1\n"
KEY_ENV = "WORKBENCH_CACHE_KEY"
"""Path of the signing key, instead of the default under the user's configuration folder."""

_DIGEST = hashlib.sha256().digest_size
_KEY_BYTES = 32
_ALLOWED_GLOBALS = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("decimal", "Decimal"),
}


def _identity(database_id: str, revision: int, database_file: Path) -> tuple[object, ...]:
    """What a copy must have been written for to be used: the database (its id and revision,
    and the file's size and time, which a copied-in database file changes), the schema, and the
    program and Python that pickled it."""
    import pydantic  # noqa: PLC0415 - already loaded with the domain

    info = database_file.stat()
    return (
        database_id,
        revision,
        info.st_size,
        info.st_mtime_ns,
        SCHEMA_VERSION,
        __version__,
        pydantic.VERSION,
        sys.version_info[:2],
    )


def key_path() -> Path:
    """Where this user's signing key is kept."""
    explicit = os.environ.get(KEY_ENV)
    if explicit:
        return Path(explicit)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "q2c-workbench" / "open-cache.key"


def _key(create: bool) -> bytes | None:
    path = key_path()
    with contextlib.suppress(OSError):
        return _trusted_key(path)
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by this user only, and never overwritten: O_EXCL.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _key(create=False)
    except OSError:
        return None
    with os.fdopen(descriptor, "wb") as out:
        out.write(secrets.token_bytes(_KEY_BYTES))
    return _key(create=False)


def _trusted_key(path: Path) -> bytes | None:
    """The key, if only this user can read it and it is whole; a key others can read signs
    nothing anyone should trust."""
    with path.open("rb") as handle:
        info = os.fstat(handle.fileno())
        owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
        if info.st_uid != owner or info.st_mode & 0o077:
            return None
        key = handle.read()
    return key if len(key) == _KEY_BYTES else None


def save(
    folder: WorkspaceFolder, database_id: str, snapshot: Snapshot, database_file: Path
) -> bool:
    """Write the copy for ``snapshot`` (atomically). False when there is no place to keep it or
    no key can be made; nothing depends on the copy, so that is not an error."""
    key = _key(create=True)
    if key is None:
        return False
    try:
        identity = _identity(database_id, snapshot.revision, database_file)
    except OSError:
        return False
    try:
        with no_gc_pauses():
            payload = pickle.dumps(
                (
                    identity,
                    snapshot.workspace,
                    snapshot.workspace_version,
                    snapshot.versions,
                ),
                protocol=pickle.HIGHEST_PROTOCOL,
            )
    except (pickle.PicklingError, RuntimeError, RecursionError):
        return False  # only a copy: the next opening reads the database instead
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    target = folder.state_dir / CACHE_FILE
    partial = target.with_suffix(".partial")
    try:
        folder.state_dir.mkdir(exist_ok=True)
        partial.write_bytes(MAGIC + signature + payload)
        partial.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return False
    return True


def load(
    folder: WorkspaceFolder, database_id: str, revision: int, *, database_file: Path
) -> Snapshot | None:
    """The copy for exactly this database and revision, or None (absent, foreign, damaged,
    stale)."""
    key = _key(create=False)
    if key is None:
        return None
    try:
        data = (folder.state_dir / CACHE_FILE).read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _DIGEST:
        return None
    signature = data[len(MAGIC) : len(MAGIC) + _DIGEST]
    payload = memoryview(data)[len(MAGIC) + _DIGEST :]
    if not hmac.compare_digest(signature, hmac.new(key, payload, hashlib.sha256).digest()):
        return None
    try:
        with no_gc_pauses():
            identity, workspace, workspace_version, versions = _DomainUnpickler(
                io.BytesIO(payload)
            ).load()
    except Exception:
        return None
    try:
        expected = _identity(database_id, revision, database_file)
        known_versions, version = _versions(versions), int(workspace_version)
    except (OSError, TypeError, ValueError):
        return None
    if identity != expected or not isinstance(workspace, Workspace):
        return None
    return Snapshot(workspace, revision, known_versions=known_versions, workspace_version=version)


def _versions(found: Any) -> dict[RowKey, tuple[int, int]]:
    if not isinstance(found, dict):
        raise TypeError("row versions are not a mapping")
    return found


class _DomainUnpickler(pickle.Unpickler):
    """Loads the domain's models and nothing else: no function, no other class."""

    def find_class(self, module_name: str, name: str) -> Any:
        if (module_name, name) in _ALLOWED_GLOBALS:
            return super().find_class(module_name, name)
        if module_name.startswith("workbench.domain."):
            found = super().find_class(module_name, name)
            if isinstance(found, type) and issubclass(found, (BaseModel, Enum)):
                return found
        raise pickle.UnpicklingError(f"{module_name}.{name} is not part of a workspace")
