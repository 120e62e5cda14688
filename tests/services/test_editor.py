"""Undo and redo: exact, persistent, and careful with other people's edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import sample_workspace
from workbench.domain import Cardinality, edits
from workbench.mirror import render
from workbench.services.editor import Editor
from workbench.services.session import Session
from workbench.store import ConflictError


@pytest.fixture
def editor(tmp_path: Path, store_url: str) -> Editor:
    root = tmp_path / "ws"
    for path, data in render(sample_workspace()).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    session, report = Session.open(root, store_url)
    assert session is not None, report
    return Editor(session)


MAPPING = "models/mappings/account-customer.yaml"


def test_undo_and_redo_restore_database_and_mirror(editor: Editor) -> None:
    root = editor.session.folder.root
    original_file = (root / MAPPING).read_bytes()
    original = editor.workspace
    editor.apply(
        "1:1", lambda ws: edits.set_cardinality(ws, "account-customer", Cardinality.ONE_TO_ONE)
    )
    assert b"cardinality: '1:1'" in (root / MAPPING).read_bytes()
    assert editor.undo_label == "1:1"
    assert editor.undo() == "1:1"
    assert editor.workspace == original
    assert editor.session.store.load().workspace == original
    assert (root / MAPPING).read_bytes() == original_file
    assert editor.redo() == "1:1"
    assert (
        editor.session.store.load().workspace.mapping("account-customer").cardinality
        is Cardinality.ONE_TO_ONE
    )  # type: ignore[union-attr]
    assert editor.redo() is None


def test_fifty_steps_undo_all_the_way(editor: Editor) -> None:
    original = editor.workspace
    for number in range(55):
        editor.apply(
            f"title {number}",
            lambda ws, n=number: edits.put_mapping(
                ws, edits.revise(ws.mapping("account-customer"), title=f"T{n}"), "account-customer"
            ),
        )  # type: ignore[misc]
    for _ in range(55):
        assert editor.undo() is not None
    assert editor.undo() is None
    assert editor.workspace == original


def test_a_new_edit_clears_redo(editor: Editor) -> None:
    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    editor.undo()
    editor.apply(
        "status",
        lambda ws: edits.put_mapping(
            ws, edits.revise(ws.mapping("account-customer"), status="proposed"), "account-customer"
        ),
    )  # type: ignore[arg-type]
    assert editor.redo_label is None


def _another_writer_retitles(editor: Editor, mapping_id: str) -> Session:
    """A second session on the same database commits a new title for ``mapping_id``."""
    other, _ = Session.open(editor.session.folder.root, editor.session.store.url)
    assert other is not None
    mapping = other.workspace.mapping(mapping_id)
    assert mapping is not None
    other.apply(
        edits.put_mapping(other.workspace, edits.revise(mapping, title="Theirs"), mapping_id)
    )
    return other


def test_undo_leaves_other_elements_alone(editor: Editor) -> None:
    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    # Another writer (a second session on the same database) changes a different mapping.
    other = _another_writer_retitles(editor, "order-item")
    editor.session.snapshot = editor.session.store.load()
    editor.undo()
    loaded = editor.session.store.load().workspace
    assert loaded.mapping("account-customer").system_of_record == "s4hana"  # type: ignore[union-attr]
    assert loaded.mapping("order-item").title == "Theirs"  # type: ignore[union-attr]
    other.close()


def test_undo_refuses_to_overwrite_someone_elses_change(editor: Editor) -> None:
    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    other, _ = Session.open(editor.session.folder.root, editor.session.store.url)
    assert other is not None
    other.apply(
        edits.put_mapping(
            other.workspace,
            edits.revise(other.workspace.mapping("account-customer"), title="Theirs"),
            "account-customer",
        )
    )  # type: ignore[arg-type]
    editor.session.snapshot = editor.session.store.load()
    with pytest.raises(ConflictError, match=r"changed since 'owner'.*leaves the history"):
        editor.undo()
    assert editor.session.store.load().workspace.mapping("account-customer").title == "Theirs"  # type: ignore[union-attr]
    # It cannot be undone later either: the next undo goes on with the edit before it.
    assert editor.undo() is None
    other.close()


def test_a_rename_undoes_to_the_old_file(editor: Editor) -> None:
    root = editor.session.folder.root
    account = editor.workspace.entity("salesforce:Account")
    editor.apply(
        "rename",
        lambda ws: edits.put_entity(
            ws, "salesforce", edits.revise(account, name="Customer__c"), "Account"
        ),
    )
    assert (root / "models/systems/salesforce/entities/Customer__c.yaml").exists()
    assert not (root / "models/systems/salesforce/entities/Account.yaml").exists()
    editor.undo()
    assert (root / "models/systems/salesforce/entities/Account.yaml").exists()
    assert not (root / "models/systems/salesforce/entities/Customer__c.yaml").exists()
    assert render(editor.workspace) == render(sample_workspace())


def test_undoing_an_edit_that_reordered_a_systems_entities_puts_the_order_back(
    editor: Editor,
) -> None:
    """An import adds entities and lists the system's entities in its files' order; undoing it
    used to leave the tree in the import's order (entity order is no element of its own)."""
    from workbench.domain import Entity

    system = editor.workspace.system("s4hana")
    assert system is not None and len(system.entities) >= 2
    before = [e.name for e in system.entities]

    def imported(ws):  # type: ignore[no-untyped-def]
        current = ws.system("s4hana")
        entities = (Entity(name="A_New"), *reversed(current.entities))
        changed = entities[1].model_copy(update={"label": "Changed by the import"})
        entities = (entities[0], changed, *entities[2:])
        return edits.put_system(ws, current.model_copy(update={"entities": entities}), "s4hana")

    editor.apply("import", imported)
    assert editor.workspace.system("s4hana").entities[0].name == "A_New"  # type: ignore[union-attr]
    editor.undo()
    assert [e.name for e in editor.workspace.system("s4hana").entities] == before  # type: ignore[union-attr]
    stored = editor.session.store.load().workspace.system("s4hana")
    assert stored is not None and [e.name for e in stored.entities] == before


def test_undoing_a_deleted_system_puts_it_back_in_its_place(editor: Editor) -> None:
    before = [s.name for s in editor.workspace.systems]
    first = before[0]
    editor.apply("delete", lambda ws: edits.delete_system(ws, first))
    editor.undo()
    assert [s.name for s in editor.workspace.systems] == before


def test_an_edit_over_another_writers_commit_undoes_only_itself(editor: Editor) -> None:
    """Someone commits while this session has not read it; this session's next edit reads
    their work back with its own commit. Undoing that edit put their change back too: the
    step held every element that differed, theirs included."""
    other = _another_writer_retitles(editor, "order-item")
    # No reload: this session still holds the workspace from before their commit.
    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    assert editor.workspace.mapping("order-item").title == "Theirs"  # type: ignore[union-attr]
    assert editor.undo() == "owner"
    loaded = editor.session.store.load().workspace
    assert loaded.mapping("account-customer").system_of_record == "s4hana"  # type: ignore[union-attr]
    assert loaded.mapping("order-item").title == "Theirs"  # type: ignore[union-attr]
    other.close()


def test_a_folder_that_cannot_be_written_keeps_the_edit_and_says_so(
    editor: Editor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database has committed when the mirror follows: a full disk there escaped as an
    OSError, which took the workbench down with the edit saved but off the undo history."""
    import errno

    from workbench.services.folder import WorkspaceFolder
    from workbench.services.sync import synchronise

    root = editor.session.folder.root
    before = (root / MAPPING).read_bytes()

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(WorkspaceFolder, "write_mirror", full)
        editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    assert "could not be written (No space left on device)" in editor.session.mirror_failure
    assert MAPPING in editor.session.unsynced
    assert editor.undo_label == "owner"
    stored = editor.session.store.load().workspace.mapping("account-customer")
    assert stored is not None and stored.system_of_record == "salesforce"
    assert (root / MAPPING).read_bytes() == before  # the file could not follow
    # The next sync writes what the database holds.
    report = synchronise(editor.session.folder, editor.session.store)
    assert not report.conflicts
    assert b"system_of_record: salesforce" in (root / MAPPING).read_bytes()
