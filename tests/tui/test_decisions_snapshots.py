"""What the decision log looks like: the log with every sign-off state, the sign-off dialog and
the matrix, at fixed sizes, on the reference workspace with a few sign-offs recorded at fixed
times. Regenerate on purpose (`--snapshot-update`) and look at the pictures before committing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import steady, wait_open
from workbench.domain import edits
from workbench.services import decisions
from workbench.services.editor import Editor
from workbench.services.example import init_workspace
from workbench.services.session import Session
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.decisions import DecisionsScreen

AT = dt.datetime(2026, 10, 7, 9, 30, tzinfo=dt.UTC)


def signed_reference(root: Path) -> Path:
    """The reference workspace with sign-offs in every state: 0009 approved by Finance and IT,
    then made stale by a change of owner (with the reference's own approvals of 0001 and 0007,
    which link the same mapping); 0005 approved again; then 0001 approved by Finance and
    rejected by Sales."""
    init_workspace(root, example=True)
    session, _ = Session.open(root)
    assert session is not None
    editor = Editor(session)
    try:
        decisions.new_decision(
            editor,
            "SAP S/4HANA is the customer master; the CRM requests new customers",
            today=AT.date(),
            links=("mapping:account-customer",),
            required_functions=("Finance", "IT"),
            decision_makers=("grace-adeyemi", "tomasz-wojcik"),
            outcome="SAP owns customer data; Salesforce raises customer requests.",
        )

        def sign(number: int, who: str, verdict: str, comment: str, minutes: int) -> None:
            decisions.sign(
                editor,
                number,
                who,
                verdict,
                comment,
                recorded_by="facilitator",
                now=AT + dt.timedelta(minutes=minutes),
            )

        sign(9, "grace-adeyemi", "approved", "Agreed in the kickoff", 1)
        sign(9, "tomasz-wojcik", "approved", "", 2)
        editor.apply("owner", lambda ws: edits.set_owner(ws, "account-customer", "salesforce"))
        sign(5, "lucas-ferreira", "approved", "", 3)
        sign(5, "martin-keller", "approved", "Billing plans fit SD", 4)
        sign(1, "grace-adeyemi", "approved", "", 5)
        sign(1, "rafael-ortiz", "rejected", "One working day is too slow for new customers", 6)
    finally:
        session.close()
    return root


@pytest.fixture
def signed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_OPERATOR", "facilitator")
    return signed_reference(tmp_path / "q2c")


def _run(*keys: str, number: int | None = None) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_open(pilot)
        await pilot.press("D")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DecisionsScreen)
        if number is not None:
            rows = [d.number for d in screen.shown_decisions()]
            screen.query_one("#decision-table").move_cursor(row=rows.index(number), animate=False)
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await steady(pilot)

    return run_before


def test_decision_log(snap_compare, signed: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(signed)
    assert snap_compare(app, terminal_size=(120, 36), run_before=_run(number=1))


def test_signoff_dialog(snap_compare, signed: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(signed)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_run("s", number=9))


def test_signoff_matrix(snap_compare, signed: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(signed)
    assert snap_compare(app, terminal_size=(120, 30), run_before=_run("m"))


def test_signoff_matrix_high_contrast(snap_compare, signed: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(signed)
    assert snap_compare(app, terminal_size=(120, 30), run_before=_run("ctrl+t", "m"))


def test_the_user_guide_pictures_are_the_current_snapshots() -> None:
    """docs/images holds copies of two snapshots for the user guide; they must not drift."""
    snapshots = Path(__file__).parent / "__snapshots__" / "test_decisions_snapshots"
    images = Path(__file__).resolve().parents[2] / "docs" / "images"
    for image, snapshot in (
        ("decision-log.svg", "test_decision_log.svg"),
        ("signoff-matrix.svg", "test_signoff_matrix.svg"),
    ):
        assert (images / image).read_bytes() == (snapshots / snapshot).read_bytes(), (
            f"copy {snapshot} to docs/images/{image}"
        )
