"""Database and mirror in step: the three-way rule, conflicts, and edits that the mirror follows."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.factories import sample_workspace
from workbench.domain import Workspace
from workbench.mirror import render
from workbench.services.folder import WorkspaceFolder
from workbench.services.session import InvalidEdit, Session
from workbench.services.sync import Choice, mirror_status, synchronise
from workbench.store import Store

ACCOUNT = "models/systems/salesforce/entities/Account.yaml"
MAPPING = "models/mappings/account-customer.yaml"


def _write(root: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)


def _fingerprint(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    _write(root, render(sample_workspace()))
    return root


@pytest.fixture
def session(workspace_dir: Path, store_url: str) -> Session:
    opened, report = Session.open(workspace_dir, store_url)
    assert opened is not None, report
    assert report.created
    return opened


def _relabel(workspace: Workspace, label: str) -> Workspace:
    system = workspace.systems[1]
    account = system.entity("Account")
    assert account is not None
    fields = tuple(
        f.model_copy(update={"label": label}) if f.name == "Name" else f for f in account.fields
    )
    entities = tuple(
        e.model_copy(update={"fields": fields}) if e.name == "Account" else e
        for e in system.entities
    )
    return workspace.model_copy(
        update={"systems": (workspace.systems[0], system.model_copy(update={"entities": entities}))}
    )


def test_first_open_imports_the_mirror_and_changes_no_file(
    workspace_dir: Path, store_url: str
) -> None:
    before = {
        k: v for k, v in _fingerprint(workspace_dir).items() if not k.startswith(".workbench")
    }
    opened, report = Session.open(workspace_dir, store_url)
    assert opened is not None and report.created and report.exported == []
    after = {k: v for k, v in _fingerprint(workspace_dir).items() if not k.startswith(".workbench")}
    assert after == before
    opened.close()


def test_an_edit_is_committed_and_followed_by_one_mirror_line(session: Session) -> None:
    root = session.folder.root
    before = (root / ACCOUNT).read_text().splitlines()
    session.apply(_relabel(session.workspace, "Customer name"))
    after = (root / ACCOUNT).read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("  label: Account Name", "  label: Customer name")
    ]
    assert session.store.load().workspace == session.workspace
    assert mirror_status(session.folder, session.store, session.snapshot).in_step


def test_an_invalid_edit_changes_nothing(session: Session) -> None:
    root = session.folder.root
    before = _fingerprint(root)
    broken = session.workspace.model_copy(
        update={
            "mappings": tuple(
                m.model_copy(update={"target": "s4hana:Nope"})
                for m in session.workspace.mappings[:1]
            )
        }
    )
    with pytest.raises(InvalidEdit, match="s4hana:Nope is not an entity"):
        session.apply(broken)
    assert _fingerprint(root) == before
    assert session.store.load().workspace == session.workspace


def test_a_hand_edit_of_the_mirror_is_imported(session: Session) -> None:
    root = session.folder.root
    text = (root / ACCOUNT).read_text().replace("label: Account Name", "label: Edited by hand")
    (root / ACCOUNT).write_text(text)
    report = synchronise(session.folder, session.store)
    assert report.ok and report.imported == [ACCOUNT] and report.exported == []
    entity = session.store.load().workspace.entity("salesforce:Account")
    assert entity is not None and entity.field("Name").label == "Edited by hand"  # type: ignore[union-attr]


def test_a_deleted_file_deletes_the_element(session: Session) -> None:
    (session.folder.root / MAPPING).unlink()
    # The decision links to the mapping: delete that link too, or the mirror would not validate.
    decision = next((session.folder.root / "decisions").iterdir())
    decision.write_text(decision.read_text().replace("- mapping:account-customer\n", ""))
    report = synchronise(session.folder, session.store)
    assert report.ok, report.issues
    assert session.store.load().workspace.mapping("account-customer") is None


def test_changes_on_both_sides_in_different_files_merge(session: Session) -> None:
    root = session.folder.root
    session.apply(_relabel(session.workspace, "From the database"))
    text = (root / MAPPING).read_text().replace("title: Account to customer", "title: From disk")
    (root / MAPPING).write_text(text)
    report = synchronise(session.folder, session.store)
    assert report.ok and report.imported == [MAPPING]
    loaded = session.store.load().workspace
    assert loaded.mapping("account-customer").title == "From disk"  # type: ignore[union-attr]
    assert "From the database" in (root / ACCOUNT).read_text()


def _conflict(session: Session) -> Path:
    root = session.folder.root
    # The file changes on disk; then an edit in the database changes the same file. The session
    # must not overwrite the hand edit.
    text = (root / ACCOUNT).read_text().replace("label: Account Name", "label: Disk")
    (root / ACCOUNT).write_text(text)
    session.apply(_relabel(session.workspace, "Database"))
    assert session.unsynced == [ACCOUNT]
    assert "label: Disk" in (root / ACCOUNT).read_text()
    return root


def test_a_conflict_is_shown_and_nothing_is_overwritten(session: Session) -> None:
    root = _conflict(session)
    before = _fingerprint(root)
    report = synchronise(session.folder, session.store)
    assert not report.ok
    [conflict] = report.conflicts
    assert conflict.path == ACCOUNT
    assert "-  label: Database\n+  label: Disk\n" in conflict.unified_diff()
    assert _fingerprint(root) == before
    assert session.store.load().workspace == session.workspace


@pytest.mark.parametrize(
    ("choice", "expected"), [(Choice.DATABASE, "Database"), (Choice.MIRROR, "Disk")]
)
def test_the_user_chooses_a_side(session: Session, choice: Choice, expected: str) -> None:
    root = _conflict(session)
    report = synchronise(session.folder, session.store, lambda _: choice)
    assert report.ok
    assert f"label: {expected}" in (root / ACCOUNT).read_text()
    entity = session.store.load().workspace.entity("salesforce:Account")
    assert entity is not None and entity.field("Name").label == expected  # type: ignore[union-attr]
    assert mirror_status(session.folder, session.store, session.store.load()).in_step


def test_a_broken_mirror_changes_nothing(session: Session) -> None:
    root = session.folder.root
    (root / MAPPING).write_text((root / MAPPING).read_text() + "cardinality: 1:1\n")
    before = _fingerprint(root)
    database = session.store.load().workspace
    report = synchronise(session.folder, session.store)
    assert not report.ok
    [error] = report.issues
    assert (error.file, error.message) == (MAPPING, "duplicate key 'cardinality'")
    assert _fingerprint(root) == before
    assert session.store.load().workspace == database


def test_without_sync_state_differences_are_conflicts(session: Session) -> None:
    root = session.folder.root
    (root / ".workbench" / "sync-state.json").unlink()
    (root / ACCOUNT).write_text(
        (root / ACCOUNT).read_text().replace("label: Account Name", "label: X")
    )
    report = synchronise(session.folder, session.store)
    assert [c.path for c in report.conflicts] == [ACCOUNT]


def test_a_non_canonical_mirror_is_normalised_on_first_sync(tmp_path: Path, store_url: str) -> None:
    root = tmp_path / "ws"
    files = render(sample_workspace())
    files[MAPPING] = b"# written by hand\n" + files[MAPPING].replace(
        b"cardinality: 1:N", b"cardinality: '1:N'"
    )
    _write(root, files)
    store = Store.open(store_url)
    report = synchronise(WorkspaceFolder.at(root), store)
    store.close()
    assert report.ok and report.exported == [MAPPING]
    assert (root / MAPPING).read_bytes() == render(sample_workspace())[MAPPING]


def test_an_unchanged_workspace_opens_without_rendering(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_render(*_: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr("workbench.mirror.codec.render", no_render)
    report = synchronise(session.folder, session.store)
    assert report.ok and report.snapshot is not None
    assert report.snapshot.workspace == session.workspace


def test_the_quick_check_notices_a_touched_file_and_another_writer(session: Session) -> None:
    root = session.folder.root
    assert session.folder.unchanged_since_sync(session.store.database_id, session.store.revision())
    # An edit through the session keeps the quick check valid.
    session.apply(_relabel(session.workspace, "Edited"))
    assert session.folder.unchanged_since_sync(session.store.database_id, session.store.revision())
    # A file touched on disk invalidates it.
    (root / MAPPING).write_text((root / MAPPING).read_text() + "\n")
    assert not session.folder.unchanged_since_sync(
        session.store.database_id, session.store.revision()
    )
    assert synchronise(session.folder, session.store).ok
    assert session.folder.unchanged_since_sync(session.store.database_id, session.store.revision())
    # So does a commit by another writer.
    other = Store.open(session.store.url)
    other.commit(other.load(), _relabel(other.load().workspace, "Theirs"))
    other.close()
    assert not session.folder.unchanged_since_sync(
        session.store.database_id, session.store.revision()
    )


def test_a_same_size_edit_in_the_same_clock_tick_is_still_noticed(session: Session) -> None:
    """An edit writes a file and records its size and time; a hand edit to the same size
    within the same tick of the file system's clock (a few milliseconds on ext4, two seconds
    on FAT) keeps both, so the stat check alone called the mirror unchanged."""
    import os

    root = session.folder.root
    session.apply(_relabel(session.workspace, "Edited"))
    written = session.folder.synced_hashes(session.store.database_id)
    changed = next(path for path in written if (root / path).read_bytes().count(b"Edited"))
    target = root / changed
    info = target.stat()
    text = target.read_bytes()
    target.write_bytes(text.replace(b"Edited", b"Edixed"))  # same size
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the same tick
    assert target.stat().st_size == info.st_size
    assert not session.folder.unchanged_since_sync(
        session.store.database_id, session.store.revision()
    )
    report = synchronise(session.folder, session.store)
    assert report.ok and report.imported == [changed]


def test_a_hand_edit_made_while_open_is_still_noticed_after_an_edit_elsewhere(
    session: Session,
) -> None:
    root = session.folder.root
    (root / MAPPING).write_text((root / MAPPING).read_text() + "\n")  # by hand, in an editor
    session.apply(_relabel(session.workspace, "Edited"))  # the workbench edits another file
    assert not session.folder.unchanged_since_sync(
        session.store.database_id, session.store.revision()
    ), "the next opening must compare the files, or it would miss the hand edit"
    report = synchronise(session.folder, session.store)
    assert report.ok and report.imported == [MAPPING]


def test_a_decision_signed_in_the_database_and_edited_on_disk_says_how_to_keep_both() -> None:
    """Choosing a side cannot keep both a hand edit and a sign-off taken meanwhile: the file's
    version would drop the record (refused), the database's the edit. The conflict says so."""
    from tests.conftest import REPO_ROOT
    from workbench.services.sync import Conflict, conflict_advice

    path = next((REPO_ROOT / "decisions").glob("0001-*.md"))
    signed = path.read_bytes()
    last = signed.rindex(b"\n- stakeholder:")
    end = signed.index(b"\n---", last)
    edited = (signed[:last] + signed[end:]).replace(b"SAP", b"S/4HANA", 1)
    relative = f"decisions/{path.name}"
    advice = conflict_advice([Conflict(relative, signed, edited)])
    assert advice.startswith(f"{relative}: signed in the database since the file was edited")
    assert "--prefer database" in advice
    # Edited on both sides with the same log, or another kind of file: a side can be chosen.
    assert conflict_advice([Conflict(relative, signed, signed.replace(b"SAP", b"S4", 1))]) == ""
    assert conflict_advice([Conflict("models/workspace.yaml", b"a: 1\n", b"a: 2\n")]) == ""
