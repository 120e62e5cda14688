"""What `workbench decisions` refuses before anything is written, and what it says when the
workspace cannot be opened: the log is append-only, so a slip at the prompt is permanent."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.cli_runner import run_cli


@pytest.fixture
def reference(reference: Path) -> Path:
    """The reference workspace, synced once (its database made from the files)."""
    code, output = run_cli("sync", str(reference))
    assert code == 0, output
    return reference


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".workbench" not in p.parts
    }


def test_approve_and_reject_together_are_refused(reference: Path) -> None:
    before = _files(reference)
    code, output = run_cli(
        "decisions", "sign", "4", "rafael-ortiz", str(reference), "--reject", "--approve"
    )
    assert code == 2
    assert "say --approve or --reject, not both" in output
    assert _files(reference) == before


def _conflict(root: Path) -> None:
    """The mapping account-customer changed in the database (behind the mirror's back) and,
    differently, in its file."""
    from workbench.services.folder import WorkspaceFolder, database_url
    from workbench.store import Store

    store = Store.open(database_url(WorkspaceFolder.at(root)))
    try:
        snapshot = store.load()
        ws = snapshot.workspace
        changed = ws.model_copy(
            update={
                "mappings": tuple(
                    m.model_copy(update={"notes": "changed in the database"})
                    if m.id == "account-customer"
                    else m
                    for m in ws.mappings
                )
            }
        )
        store.commit(snapshot, changed)
    finally:
        store.close()
    path = root / "models" / "mappings" / "account-customer.yaml"
    path.write_text(path.read_text().replace("title:", "title: Edited by hand -", 1))


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["sign", "4", "rafael-ortiz"]])
def test_a_conflict_is_shown_instead_of_see_above(reference: Path, command: list[str]) -> None:
    """The commands said "see above" with nothing above, and exited 2."""
    _conflict(reference)
    before = _files(reference)
    extra = ["--approve"] if command[0] == "sign" else []
    code, output = run_cli("decisions", *command, str(reference), *extra)
    assert code == 1, output
    assert "changed both in the database and on disk" in output
    assert "models/mappings/account-customer.yaml" in output
    assert "see above" not in output
    assert _files(reference) == before


def test_new_and_sign_refuse_while_a_mirror_file_has_errors(reference: Path) -> None:
    """A decision file that does not parse still holds its number: a new decision took it."""
    broken = reference / "decisions" / "0009-drafted-by-hand.md"
    broken.write_text("---\nstatus: [proposed\n---\n# Drafted by hand\n")
    before = _files(reference)
    code, output = run_cli("decisions", "new", "Mine", str(reference))
    assert code == 1, output
    assert "the mirror has errors" in output and "0009-drafted-by-hand.md" in output
    code, output = run_cli("decisions", "sign", "4", "rafael-ortiz", str(reference), "--approve")
    assert code == 1, output
    assert _files(reference) == before


def test_a_new_decision_takes_a_number_past_the_files_on_disk(reference: Path) -> None:
    from workbench.services import decisions
    from workbench.services.editor import Editor
    from workbench.services.session import Session

    session, _ = Session.open(reference)
    assert session is not None
    try:
        # A file the database does not hold (its import is pending): its number is taken.
        (reference / "decisions" / "0012-pending.md").write_text("not yet imported\n")
        made = decisions.new_decision(
            Editor(session),
            "Größe der Aufträge",
            links=("mapping:account-customer", "mapping:account-customer"),
            required_functions=("Sales", "Sales"),
        )
    finally:
        session.close()
    assert made.number == 13
    assert made.links == ("mapping:account-customer",)
    assert made.required_functions == ("Sales",)
    assert (reference / "decisions" / "0013-grosse-der-auftrage.md").is_file()


def test_summary_works_before_the_workspace(reference: Path) -> None:
    code, output = run_cli("--summary", str(reference))
    assert code == 0, output
    assert "mappings" in output


def test_show_prints_the_decisions_text(reference: Path) -> None:
    code, output = run_cli("decisions", "show", "3", str(reference))
    assert code == 0, output
    assert "  Context:\n" in output and "  Outcome:\n    Chosen option:" in output
    assert "  decision-makers: " in output


def test_a_removed_signed_decision_file_is_named_by_its_real_name(reference: Path) -> None:
    (file,) = (reference / "decisions").glob("0003-*.md")
    file.unlink()
    code, output = run_cli("sync", str(reference))
    assert code == 1, output
    assert f"decisions/{file.name}" in output and "(the file was removed)" in output
    assert "decisions/0003-.md" not in output


def test_verify_lists_only_stale_sign_offs_that_are_a_functions_latest(reference: Path) -> None:
    """The reference's decisions were approved again after changes: the replaced approvals
    were listed as stale although every decision is intact and accepted."""
    code, output = run_cli("decisions", "verify", str(reference))
    assert code == 0, output
    assert "stale" not in output, output


def test_list_starts_every_title_in_one_column(reference: Path) -> None:
    """A decision five functions sign pushed its title right of the others'."""
    functions = ("Sales", "Finance", "IT", "Operations", "Executive")
    required = [part for function in functions for part in ("--require", function)]
    code, output = run_cli("decisions", "new", "Five functions sign", str(reference), *required)
    assert code == 0, output
    code, output = run_cli("decisions", "list", str(reference))
    assert code == 0, output
    titles = {"0001": "SAP S/4HANA owns", "0003": "Split orders", "0009": "Five functions sign"}
    columns = {
        line[:4]: line.index(titles[line[:4]]) for line in output.splitlines() if line[:4] in titles
    }
    assert len(columns) == 3 and len(set(columns.values())) == 1, output


def _refuse_writes_under(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Files under ``folder`` cannot be written (an immutable file, a read-only share)."""
    import workbench.services.folder as folder_module

    real = folder_module.write_atomic

    def refusing(path: Path, data: bytes) -> None:
        if folder in path.parents:
            raise PermissionError(1, "Operation not permitted", str(path))
        real(path, data)

    monkeypatch.setattr(folder_module, "write_atomic", refusing)


def test_a_sign_off_whose_file_cannot_be_written_says_so(
    reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record is in the database (the system of record), but its file is not: `sign` said
    it succeeded, and the next sync ended in a traceback."""
    assert run_cli("sync", str(reference))[0] == 0
    _refuse_writes_under(monkeypatch, reference / "decisions")
    code, output = run_cli(
        "decisions", "sign", "4", "sofia-lindqvist", str(reference), "--approve", "-m", "Ops ok"
    )
    assert code == 1, output
    assert "Decision 0004: sofia-lindqvist (Operations) approved" in output
    assert "warning: the model files could not be written (Operation not permitted)" in output
    code, output = run_cli("sync", str(reference))
    assert code == 2, output
    assert "Traceback" not in output
    (line,) = [line for line in output.splitlines() if line.startswith("workbench:")]
    assert "decisions/0004-" in line and line.endswith("Operation not permitted"), line
    monkeypatch.undo()
    code, output = run_cli("sync", str(reference))
    assert code == 0, output
    (file,) = (reference / "decisions").glob("0004-*.md")
    assert "Ops ok" in file.read_text()


def test_a_command_that_syncs_first_says_which_decisions_moved(reference: Path) -> None:
    """A hand edit imported on the way into `decisions list` sent three decisions back to
    proposed without a word; `sync` would have said so."""
    assert run_cli("sync", str(reference))[0] == 0
    path = reference / "models" / "mappings" / "order-sales-order.yaml"
    text = path.read_text()
    start = text.index("title: ")
    path.write_text(text[:start] + "title: Hand edited title" + text[text.index("\n", start) :])
    code, output = run_cli("decisions", "list", str(reference))
    assert code == 0, output
    assert "workbench: synced first: imported 1 changed model file(s)" in output
    assert "workbench: synced first: decision 0003 is proposed now" in output


@pytest.mark.parametrize("synced", [True, False], ids=["with a database", "files only"])
def test_validate_refuses_a_sign_off_edited_by_hand(reference: Path, synced: bool) -> None:
    """`sync` refuses a mirror whose sign-off record was edited; `validate` (what CI runs)
    passed it, with or without a database."""
    if synced:
        assert run_cli("sync", str(reference))[0] == 0
    (file,) = (reference / "decisions").glob("0001-*.md")
    text = file.read_text()
    assert "agreed in the kickoff." in text
    file.write_text(text.replace("agreed in the kickoff.", "agreed in the kickoff!"))
    code, output = run_cli("validate", str(reference))
    assert code == 1, output
    line = next(line for line in output.splitlines() if "decision 0001 sign-off 1" in line)
    assert line.lstrip().startswith(f"decisions/{file.name}:"), line
    if synced:
        assert run_cli("sync", str(reference))[0] == 1  # and sync refuses it, as validate said


def test_a_decision_maker_is_taken_by_name_and_nobody_is_refused(reference: Path) -> None:
    """`--decision-maker "Grace Adeyemi"` was written as typed: no stakeholder has that id, so
    nobody could sign for her; "Nobody Here" was accepted the same way."""
    code, output = run_cli(
        "decisions", "new", "By name", str(reference), "--decision-maker", "grace adeyemi"
    )
    assert code == 0, output
    code, output = run_cli("decisions", "show", "9", str(reference), "--format", "json")
    assert code == 0, output
    import json

    assert json.loads(output[output.index("{") :])["decision_makers"] == ["grace-adeyemi"]
    code, output = run_cli(
        "decisions", "new", "Nobody", str(reference), "--decision-maker", "Nobody Here"
    )
    assert code == 1 and "Nobody Here: not a stakeholder" in output, output
    assert not list((reference / "decisions").glob("0010-*"))
