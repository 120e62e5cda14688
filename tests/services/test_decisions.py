"""The decision-log service: what signing refuses (with nothing changed), who is recorded, edits,
and what `verify` finds in the database and the mirror files."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.domain import edits
from workbench.mirror import layout
from workbench.services import decisions
from workbench.services.decisions import DecisionError
from workbench.services.editor import Editor
from workbench.services.example import init_workspace
from workbench.services.folder import WorkspaceFolder
from workbench.services.session import Session

AT = dt.datetime(2026, 10, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    root = tmp_path / "ws"
    init_workspace(root, example=True)
    session, _ = Session.open(root)
    assert session is not None
    try:
        yield Editor(session)
    finally:
        session.close()


def _new(editor: Editor) -> int:
    decision = decisions.new_decision(
        editor,
        "SAP owns the customer master",
        today=AT.date(),
        links=("mapping:account-customer",),
        required_functions=("Finance", "IT"),
    )
    return decision.number


def _sign(editor: Editor, number: int, who: str, verdict: str = "approved", **kw: object) -> None:
    decisions.sign(editor, number, who, verdict, recorded_by="facilitator", now=AT, **kw)  # type: ignore[arg-type]


def _mirror(editor: Editor) -> dict[str, bytes]:
    return editor.session.folder.read_mirror()


@pytest.mark.parametrize(
    ("who", "extra", "message"),
    [
        ("nobody", {}, "'nobody' is not a stakeholder"),
        ("grace-adeyemi", {"function": "IT"}, "holds the Finance function, not IT"),
        ("rafael-ortiz", {}, "is neither of a required function nor one of its decision-makers"),
        ("grace-adeyemi", {"verdict": "rejected"}, "a rejection says why"),
        ("grace-adeyemi", {"verdict": "maybe"}, "'maybe' is not a valid Verdict"),
    ],
)
def test_a_refused_signoff_changes_nothing(
    editor: Editor, who: str, extra: dict[str, str], message: str
) -> None:
    number = _new(editor)
    before, files = editor.workspace, _mirror(editor)
    verdict = extra.pop("verdict", "approved")
    with pytest.raises(DecisionError, match=message):
        _sign(editor, number, who, verdict, **extra)
    assert editor.workspace is before and _mirror(editor) == files


def test_a_superseded_decision_takes_no_signoff(editor: Editor) -> None:
    number = _new(editor)
    decisions.edit_decision(editor, number, status="superseded", superseded_by=1)
    files = _mirror(editor)
    with pytest.raises(DecisionError, match="superseded by 0001: it takes no more sign-offs"):
        _sign(editor, number, "grace-adeyemi")
    assert _mirror(editor) == files


def test_a_decision_maker_of_another_function_may_sign(editor: Editor) -> None:
    number = _new(editor)
    decisions.edit_decision(editor, number, decision_makers=("rafael-ortiz",))
    _sign(editor, number, "rafael-ortiz")
    decision = editor.workspace.decision(number)
    assert decision is not None and decision.signoffs[0].function == "Sales"
    assert decision.status == "proposed"  # Finance and IT are still required


def test_signing_appends_commits_and_mirrors_at_once(editor: Editor) -> None:
    number = _new(editor)
    _sign(editor, number, "grace-adeyemi", comment="Agreed")
    _sign(editor, number, "tomasz-wojcik")
    decision = editor.workspace.decision(number)
    assert decision is not None and decision.status == "accepted"
    stored = editor.session.store.load().workspace.decision(number)
    assert stored == decision
    text = (editor.session.folder.root / decisions.decision_file(decision)).read_text()
    assert "status: accepted" in text and "comment: Agreed" in text
    assert text.count("- stakeholder:") == 2
    # A sign-off is no undo step, and the creation it builds on cannot be undone any more.
    assert editor.undo_label is None


def test_a_signoff_that_repeats_the_standing_word_is_refused(editor: Editor) -> None:
    number = _new(editor)
    _sign(editor, number, "grace-adeyemi", comment="Agreed")
    files = _mirror(editor)
    with pytest.raises(DecisionError, match=r"Grace .* has already approved decision \d{4} as it"):
        _sign(editor, number, "grace-adeyemi", comment="  Agreed ")
    assert _mirror(editor) == files
    # A new comment, the other verdict, or a change since are news: each is recorded.
    _sign(editor, number, "grace-adeyemi", comment="Agreed, with the audit trail")
    _sign(editor, number, "grace-adeyemi", "rejected", comment="On second thought, no")
    _sign(editor, number, "grace-adeyemi", comment="Agreed")
    decisions.edit_decision(editor, number, context="The customer master moves to SAP.")
    _sign(editor, number, "grace-adeyemi", comment="Agreed")
    decision = editor.workspace.decision(number)
    assert decision is not None and len(decision.signoffs) == 5


def test_accepted_cannot_be_set_by_hand(editor: Editor) -> None:
    number = _new(editor)
    with pytest.raises(DecisionError, match="awaiting: Finance, IT"):
        decisions.edit_decision(editor, number, status="accepted")


def test_the_operator_comes_from_the_environment_the_settings_or_the_os(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = WorkspaceFolder.at(tmp_path)
    monkeypatch.delenv(decisions.OPERATOR_ENV, raising=False)
    monkeypatch.setattr(decisions.getpass, "getuser", lambda: "os-user")
    assert decisions.operator(folder) == "os-user"
    folder.state_dir.mkdir()
    (folder.state_dir / decisions.SETTINGS_FILE).write_text(json.dumps({"operator": "Ann Lee"}))
    assert decisions.operator(folder) == "Ann Lee"
    monkeypatch.setenv(decisions.OPERATOR_ENV, "Workshop facilitator")
    assert decisions.operator(folder) == "Workshop facilitator"


def _signed_file(editor: Editor) -> tuple[int, Path]:
    number = _new(editor)
    _sign(editor, number, "grace-adeyemi", comment="first")
    _sign(editor, number, "tomasz-wojcik", comment="second")
    _sign(editor, number, "lucas-ferreira", comment="third")
    decision = editor.workspace.decision(number)
    assert decision is not None
    return number, editor.session.folder.root / decisions.decision_file(decision)


def _records(text: str) -> tuple[str, list[str], str]:
    head, _, rest = text.partition("sign-offs:\n")
    body, _, tail = rest.partition("---\n")
    records = ["- " + r for r in body.split("- ")[1:]]
    return head + "sign-offs:\n", records, "---\n" + tail


def test_verify_is_clean_on_an_intact_log(editor: Editor) -> None:
    before = sum(len(d.signoffs) for d in editor.workspace.decisions)
    _signed_file(editor)
    report = decisions.verify(editor.session.store.load().workspace, _mirror(editor))
    assert report.ok and report.records == before + 3


@pytest.mark.parametrize(
    ("tamper", "problem", "position"),
    [
        ("remove-first", "removed", 0),
        ("remove-last", "removed", 2),
        ("swap", "reordered", 0),
        ("alter", "altered", 1),
    ],
)
def test_verify_names_the_record_tampered_with_in_the_file(
    editor: Editor, tamper: str, problem: str, position: int
) -> None:
    number, path = _signed_file(editor)
    head, records, tail = _records(path.read_text())
    if tamper == "remove-first":
        records = records[1:]
    elif tamper == "remove-last":
        records = records[:2]
    elif tamper == "swap":
        records[0], records[1] = records[1], records[0]
    else:
        records[1] = records[1].replace("comment: second", "comment: changed")
    path.write_text(head + "".join(records) + tail)
    report = decisions.verify(editor.session.store.load().workspace, _mirror(editor))
    assert not report.ok
    first = report.findings[0]
    assert (first.number, first.position, first.problem) == (number, position, problem)
    assert first.source == path.relative_to(editor.session.folder.root).as_posix()
    assert first.line > 0
    if tamper == "alter":
        assert path.read_text().split("\n")[first.line - 1].strip() == "comment: changed"


def test_verify_finds_a_missing_file_and_works_on_the_files_alone(editor: Editor) -> None:
    number, path = _signed_file(editor)
    files = _mirror(editor)
    assert decisions.verify(None, files).ok  # no database yet: the chains are checked
    del files[path.relative_to(editor.session.folder.root).as_posix()]
    report = decisions.verify(editor.session.store.load().workspace, files)
    assert [(f.number, f.problem) for f in report.findings] == [(number, "removed")]


def test_verify_reports_stale_signoffs_without_failing(editor: Editor) -> None:
    from workbench.domain import edits

    number, _ = _signed_file(editor)
    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    report = decisions.verify(editor.session.store.load().workspace, _mirror(editor))
    # Each function's latest record of the new decision (IT's, and Finance's second: its
    # first was replaced by it), and those of the reference decisions on the customer master
    # (0001) and error routing (0007), which link the same mapping.
    ours = [line for line in report.stale if line.startswith(f"decision {number:04d} ")]
    assert report.ok and ours == [
        f"decision {number:04d} sign-off 2 (tomasz-wojcik, IT)",
        f"decision {number:04d} sign-off 3 (lucas-ferreira, Finance)",
    ]
    assert any(line.startswith("decision 0001 ") for line in report.stale)


def test_summary_is_plain_json(editor: Editor) -> None:
    number, _ = _signed_file(editor)
    ws = editor.workspace
    decision = ws.decision(number)
    assert decision is not None
    data = decisions.summary(ws, decision, full=True)
    json.dumps(data)
    assert data["functions"] == {"Finance": "approved", "IT": "approved"}
    assert data["file"].startswith(f"{layout.DECISIONS_DIR}/{number:04d}-")
    assert [s["name"] for s in data["signoffs"]] == [
        "Grace Adeyemi",
        "Tomasz Wójcik",
        "Lucas Ferreira",
    ]


def test_undo_passes_over_a_signoff_to_the_edit_before_it(editor: Editor) -> None:

    number = _new(editor)
    mapping = editor.workspace.mapping("order-sales-order")
    assert mapping is not None and mapping.notes != "retitled"
    editor.apply(
        "Note on order-sales-order",
        lambda ws: ws.model_copy(
            update={
                "mappings": [
                    m.model_copy(update={"notes": "retitled"}) if m.id == mapping.id else m
                    for m in ws.mappings
                ]
            }
        ),
    )
    _sign(editor, number, "grace-adeyemi")
    # The decision's creation cannot be undone now (its log has a record), so the sign-off
    # takes it off the history rather than leave it there to refuse every undo after.
    assert len(editor.taken_off) == 1 and editor.taken_off[0].startswith("New decision")
    assert editor.undo() == "Note on order-sales-order"
    assert editor.passed_over == ()  # the note came after the decision: nothing passed over
    after = editor.workspace.mapping("order-sales-order")
    assert after is not None and after.notes == mapping.notes
    assert editor.undo() is None
    decision = editor.workspace.decision(number)
    assert decision is not None and len(decision.signoffs) == 1
    assert editor.redo() == "Note on order-sales-order"


def test_an_edit_before_a_signed_new_decision_can_still_be_undone(editor: Editor) -> None:
    """The order a workshop takes: an edit, a new decision, its sign-offs; then undo."""
    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    number = _new(editor)
    _sign(editor, number, "grace-adeyemi")
    assert editor.undo() == "owner"
    # The decision was made after the owner edit: the undo says it passed over it.
    assert len(editor.passed_over) == 1 and editor.passed_over[0].startswith("New decision")
    assert editor.workspace.mapping("account-customer").system_of_record != "salesforce"  # type: ignore[union-attr]
    decision = editor.workspace.decision(number)
    assert decision is not None and len(decision.signoffs) == 1


def test_a_tampered_file_is_not_imported_and_nothing_changes(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root, example=True)
    session, _ = Session.open(root)
    assert session is not None
    try:
        number, path = _signed_file(Editor(session))
        held = session.store.load().workspace
    finally:
        session.close()
    tampered = path.read_text().replace("verdict: approved", "verdict: rejected", 1)
    path.write_text(tampered)
    session, report = Session.open(root)
    assert session is not None  # the database's version opens
    try:
        errors = [i for i in report.issues if i.severity == "error"]
        relative = path.relative_to(root).as_posix()
        assert errors and errors[0].file == relative and errors[0].line > 0
        assert f"decision {number:04d}" in errors[0].element and "append-only" in errors[0].message
        # On the line edited, the one `decisions verify` names too (not the record's first).
        edited = next(
            n for n, line in enumerate(tampered.splitlines(), 1) if "verdict: rejected" in line
        )
        assert errors[0].line == edited
        report = decisions.verify(held, session.folder.read_mirror())
        verified = [f for f in report.findings if f.problem == "altered"]
        assert verified and verified[0].line == edited
        assert session.workspace == held
        assert path.read_text() == tampered  # left for the user to restore (git checkout)
    finally:
        session.close()


def test_two_writers_sign_the_same_decision_on_a_shared_database(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root, example=True)
    first, _ = Session.open(root)
    second, _ = Session.open(root)
    assert first is not None and second is not None
    try:
        decisions.sign(
            Editor(first),
            5,
            "lucas-ferreira",
            "approved",
            "Again, in the workshop",
            recorded_by="a",
            now=AT,
        )
        # The second session still holds the log without that record: it takes it in and
        # appends after it.
        record = decisions.sign(
            Editor(second), 5, "martin-keller", "approved", "Seen again", recorded_by="b", now=AT
        )
        decision = second.store.load().workspace.decision(5)
        assert decision is not None
        assert [s.stakeholder for s in decision.signoffs[-2:]] == [
            "lucas-ferreira",
            "martin-keller",
        ]
        assert record.previous_hash == decision.signoffs[-2].hash
        assert decision.status == "accepted"
    finally:
        first.close()
        second.close()


def test_verify_lists_intact_records_the_database_does_not_have_yet(editor: Editor) -> None:
    number, _ = _signed_file(editor)
    ws = editor.session.store.load().workspace
    decision = ws.decision(number)
    assert decision is not None
    behind = ws.model_copy(
        update={
            "decisions": tuple(
                d.model_copy(update={"signoffs": d.signoffs[:1]}) if d.number == number else d
                for d in ws.decisions
            )
        }
    )
    report = decisions.verify(behind, _mirror(editor))
    assert report.ok, report.findings
    assert [u.split(": ")[1] for u in report.unsynced] == [
        f"decision {number:04d} sign-off 2",
        f"decision {number:04d} sign-off 3",
    ]


def test_signoffs_stay_current_through_the_store_and_the_mirror(editor: Editor) -> None:
    """A fresh clone (the mirror parsed) and the database give the same content hashes: nothing
    turns stale by being stored or written out."""
    from workbench.domain.signoffs import content_hash, signoff_states
    from workbench.mirror import codec

    number, _ = _signed_file(editor)
    from_store = editor.session.store.load().workspace
    parsed = codec.parse(_mirror(editor)).workspace
    assert parsed is not None
    for ws in (from_store, parsed):
        for decision in ws.decisions:
            assert content_hash(ws, decision) == content_hash(
                editor.workspace,
                editor.workspace.decision(decision.number),  # type: ignore[arg-type]
            )
        signed = ws.decision(number)
        assert signed is not None
        assert set(signoff_states(ws, signed).values()) == {"approved"}


def test_a_new_decision_takes_the_status_it_is_given_but_never_starts_accepted(
    editor: Editor,
) -> None:
    turned_down = decisions.new_decision(
        editor, "Let Salesforce create ERP customers", today=AT.date(), status="rejected"
    )
    assert turned_down.status == "rejected"
    assert editor.workspace.decision(turned_down.number).status == "rejected"  # type: ignore[union-attr]
    count = len(editor.workspace.decisions)
    with pytest.raises(DecisionError, match="record it proposed, then sign it off"):
        decisions.new_decision(editor, "Ship it", today=AT.date(), status="accepted")
    assert len(editor.workspace.decisions) == count


def test_an_undo_the_model_no_longer_allows_leaves_the_history(editor: Editor) -> None:
    """A signed decision links a value map made before it: undoing the map would leave a link
    to nothing, so that undo is refused, and it is taken off the history with the refusal
    (every press used to refuse again, and nothing before it could be undone)."""
    from workbench.domain.reference import ValueMap
    from workbench.services.session import InvalidEdit

    editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
    editor.apply(
        "add value map", lambda ws: edits.put_value_map(ws, ValueMap(id="zz-codes", entries=()))
    )
    number = decisions.new_decision(
        editor,
        "Use zz codes",
        today=AT.date(),
        links=("value-map:zz-codes",),
        required_functions=("Finance",),
    ).number
    _sign(editor, number, "grace-adeyemi")
    with pytest.raises(InvalidEdit, match="leaves the history"):
        editor.undo()
    assert editor.workspace.value_map("zz-codes") is not None
    assert editor.undo() == "owner"
