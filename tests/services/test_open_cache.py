"""The signed copy a session leaves for the next opening: used only when it is this user's, intact
and for exactly the database on disk; edits made after opening from it commit as usual."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from workbench.domain import Cardinality, edits
from workbench.services import open_cache
from workbench.services.example import init_workspace
from workbench.services.folder import WorkspaceFolder
from workbench.services.session import Session
from workbench.store import Store
from workbench.store.quick_read import read_header


def _synced(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root, example=True)
    session, report = Session.open(root)
    assert session is not None and report.ok
    session.close()
    return root


def _cache(root: Path) -> Path:
    return root / ".workbench" / open_cache.CACHE_FILE


def _left_behind(root: Path) -> Session:
    """Open (from the rows), look something up, and close as the terminal workbench does."""
    session = Session.open_quick(root)
    assert session is not None and not session._cache_current
    assert session.workspace.entity("salesforce:Account") is not None  # builds the index
    session.close(keep_open_cache=True)
    assert _cache(root).is_file()
    return session


def _opened_from_cache(root: Path) -> bool:
    session = Session.open_quick(root)
    assert session is not None
    try:
        return session._cache_current
    finally:
        session.close()


def test_the_next_opening_takes_the_copy_and_it_equals_the_database(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    first = _left_behind(root)
    again = Session.open_quick(root)
    assert again is not None and again._cache_current
    try:
        assert again.workspace == first.workspace
        assert again.snapshot.revision == first.snapshot.revision
        store = Store.open(again.url)
        try:
            loaded = store.load()
            assert again.workspace == loaded.workspace
            assert again.snapshot.versions == loaded.versions
        finally:
            store.close()
    finally:
        again.close()
    key_mode = open_cache.key_path().stat().st_mode & 0o777
    assert key_mode == 0o600


def test_an_edit_after_opening_from_the_copy_commits_and_renews_it(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    _left_behind(root)
    session = Session.open_quick(root)
    assert session is not None and session._cache_current
    session.apply(edits.set_cardinality(session.workspace, "account-customer", Cardinality.NONE))
    assert not session._cache_current
    session.close(keep_open_cache=True)
    reopened = Session.open_quick(root)
    assert reopened is not None and reopened._cache_current
    try:
        mapping = reopened.workspace.mapping("account-customer")
        assert mapping is not None and mapping.cardinality is Cardinality.NONE
        # And the rows say the same: the copy is never the only record.
        full, _ = Session.open(root)
        assert full is not None
        try:
            assert full.workspace == reopened.workspace
        finally:
            full.close()
    finally:
        reopened.close()


def test_a_database_changed_by_another_writer_is_read_again(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    _left_behind(root)
    other, _ = Session.open(root)
    assert other is not None
    other.apply(edits.set_cardinality(other.workspace, "account-customer", Cardinality.NONE))
    other.close()
    session = Session.open_quick(root)
    assert session is not None and not session._cache_current
    try:
        mapping = session.workspace.mapping("account-customer")
        assert mapping is not None and mapping.cardinality is Cardinality.NONE
    finally:
        session.close()


def test_a_database_file_copied_in_is_read_again(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    _left_behind(root)
    database = WorkspaceFolder.at(root).default_database
    stat = database.stat()
    os.utime(database, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not _opened_from_cache(root)


def test_a_key_others_can_read_signs_nothing(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    _left_behind(root)
    assert _opened_from_cache(root)
    open_cache.key_path().chmod(0o640)
    try:
        assert not _opened_from_cache(root)
    finally:
        open_cache.key_path().chmod(0o600)


@pytest.mark.parametrize("damage", ["flip a byte", "cut short", "another user's key"])
def test_a_copy_that_does_not_prove_itself_is_ignored(tmp_path: Path, damage: str) -> None:
    root = _synced(tmp_path)
    _left_behind(root)
    data = bytearray(_cache(root).read_bytes())
    if damage == "flip a byte":
        data[-10] ^= 0xFF
        _cache(root).write_bytes(bytes(data))
    elif damage == "cut short":
        _cache(root).write_bytes(bytes(data[: len(data) // 2]))
    else:
        open_cache.key_path().write_bytes(b"k" * 32)
    session = Session.open_quick(root)
    assert session is not None and not session._cache_current
    session.close()


def test_even_a_signed_copy_cannot_name_anything_but_domain_models(tmp_path: Path) -> None:
    """Defence in depth: a correctly signed pickle that calls a function is refused."""
    root = _synced(tmp_path)
    folder = WorkspaceFolder.at(root)
    header = read_header(folder.default_database)
    assert header is not None

    class Boom:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, ("echo should-not-run > " + str(tmp_path / "ran"),))

    import hashlib
    import hmac

    assert open_cache.save(folder, header[0], _left_behind(root).snapshot, folder.default_database)
    key = open_cache.key_path().read_bytes()
    payload = pickle.dumps(Boom())
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    _cache(root).write_bytes(open_cache.MAGIC + signature + payload)
    assert not _opened_from_cache(root)
    assert not (tmp_path / "ran").exists()


def test_no_copy_without_a_place_for_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _synced(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv(open_cache.KEY_ENV, str(blocker / "key"))
    session = Session.open_quick(root)
    assert session is not None
    session.close(keep_open_cache=True)  # nothing to keep it with: no copy, no error
    assert not _cache(root).exists()
