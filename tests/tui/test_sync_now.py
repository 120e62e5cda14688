"""Sync now (ctrl+r): a change to the model files while the workbench is open reaches the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from tests.tui.conftest import wait_open
from tests.tui.test_workbench import _stored
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.conflicts import ConflictScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.detail import DetailPane
from workbench.tui.widgets.status_line import StatusLine

MAPPING_FILE = "models/mappings/account-customer.yaml"


async def _until(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 20) -> None:
    waited = 0.0
    while not done():
        await pilot.pause(0.05)
        waited += 0.05
        assert waited < timeout, "the sync did not finish"
    await pilot.pause()


def _retitle(root: Path, title: str) -> None:
    path = root / MAPPING_FILE
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(old, f"title: {title}"), "utf-8")


async def test_a_file_changed_on_disk_is_imported_by_ctrl_r(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        _retitle(reference, "Account to customers, as pulled from git")
        assert _stored(reference).mapping("account-customer").title != (  # type: ignore[union-attr]
            "Account to customers, as pulled from git"
        )
        await pilot.press("ctrl+r")
        await _until(
            pilot, lambda: app.controller is not None and "synced" in app.controller.sync_note
        )
        assert _stored(reference).mapping("account-customer").title == (  # type: ignore[union-attr]
            "Account to customers, as pulled from git"
        )
        assert app.controller is not None
        # The retitled mapping is what decisions 0001 and 0007 approved: the sync sends them
        # back to proposed, as an edit in the workbench would, and rewrites their files.
        assert app.controller.sync_note == "synced: 1 file(s) imported, 2 written"
        for number in (1, 7):
            assert _stored(reference).decision(number).status == "proposed"  # type: ignore[union-attr]
        status = str(screen.query_one(StatusLine).render())
        assert "synced: 1 file(s) imported" in status and "mirror in step" in status
        assert "as pulled from git" in screen.query_one(DetailPane).plain
        # The change is an element like any other: edits and undo work on it.
        await pilot.press("3")
        await pilot.pause()
        stored = _stored(reference).mapping("account-customer")
        assert stored is not None
        assert (stored.title, stored.cardinality) == (
            "Account to customers, as pulled from git",
            "N:1",
        )
        # What the sync did is old news once the model has moved on: the status line drops it.
        assert app.controller.sync_note == ""
        assert "synced:" not in str(screen.query_one(StatusLine).render())


async def test_a_conflict_is_resolved_per_file_in_a_dialog(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        # The file changes on disk, then the same mapping is edited in the workbench: the edit
        # is in the database, the file is left alone (it is not the file the edit started from).
        _retitle(reference, "Title from the file")
        await pilot.press("3")
        await pilot.pause()
        assert _stored(reference).mapping("account-customer").cardinality == "N:1"  # type: ignore[union-attr]
        assert "Title from the file" in (reference / MAPPING_FILE).read_text("utf-8")
        assert "changed on disk" in str(screen.query_one(StatusLine).render())

        # Cancelling changes nothing.
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert [c.path for c in dialog.conflicts] == [MAPPING_FILE]
        assert "+title: Title from the file" in str(dialog.query_one("#conflict-diff").render())
        await pilot.press("ctrl+s")  # no choice made yet: refused inline
        await pilot.pause()
        assert app.screen is dialog
        assert "every file" in str(dialog.query_one("#error-").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        stored = _stored(reference).mapping("account-customer")
        assert stored is not None and stored.title != "Title from the file"
        assert "Title from the file" in (reference / MAPPING_FILE).read_text("utf-8")

        # Choosing the file takes its version into the database (the edit in the app yields).
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.press("m", "ctrl+s")
        await _until(
            pilot,
            lambda: (
                isinstance(app.screen, MainScreen)
                and app.controller is not None
                and app.controller.sync_note.startswith("synced")
            ),
        )
        stored = _stored(reference).mapping("account-customer")
        assert stored is not None
        assert (stored.title, stored.cardinality) == ("Title from the file", "1:N")
        assert "mirror in step" in str(screen.query_one(StatusLine).render())


async def test_choosing_the_database_rewrites_the_file(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        _retitle(reference, "Title from the file")
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.press("d", "ctrl+s")
        await _until(
            pilot,
            lambda: (
                isinstance(app.screen, MainScreen)
                and app.controller is not None
                and app.controller.sync_note.startswith("synced")
            ),
        )
        stored = _stored(reference).mapping("account-customer")
        assert stored is not None and stored.cardinality == "N:1"
        text = (reference / MAPPING_FILE).read_text("utf-8")
        assert "Title from the file" not in text and "cardinality: N:1" in text


async def test_a_broken_file_is_not_imported_and_the_dialog_says_where(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.screens.message import MessageScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        before = _stored(reference).mapping("account-customer")
        path = reference / MAPPING_FILE
        path.write_text(path.read_text("utf-8").replace("cardinality: 1:N", "cardinality: 7:Q"))
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: isinstance(app.screen, MessageScreen))
        body = str(app.screen.query_one("#consequences").render())
        assert MAPPING_FILE in body
        assert _stored(reference).mapping("account-customer") == before
        assert app.controller is not None
        assert app.controller.sync_note == "not synced: 1 error(s) in the model files"
        # Not "mirror in step" beside it: the file on disk is not what the database holds.
        assert app.controller.mirror_label() == "1 file(s) changed on disk: sync"


async def test_no_edit_of_any_kind_runs_beside_a_sync(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.controller import SYNC_RUNNING

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_open(pilot)
        controller = app.controller
        assert controller is not None
        before = controller.workspace
        controller.begin_sync()  # what ctrl+r does before its worker starts
        signed = controller.sign(8, "grace-adeyemi", "approved", "")
        undone = controller.undo()
        assert (signed.ok, signed.message) == (False, SYNC_RUNNING)
        assert (undone.ok, undone.message) == (False, SYNC_RUNNING)
        assert controller.workspace is before
        assert _stored(reference) == before


async def test_a_file_changed_outside_shows_on_the_status_line_before_any_edit(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A hand edit (or a git pull in another terminal) showed only at the next edit in the
    workbench; the status line said "mirror in step" meanwhile. A look at the files (every few
    seconds, and when the terminal gets the focus back) says so; the workbench's own edits are
    not taken for outside changes."""
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        controller = screen.controller
        # An edit of the workbench's own writes its file: that is no news.
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert controller.look_at_disk()[1] == []
        path = reference / MAPPING_FILE
        path.write_text(path.read_text("utf-8").replace("title: ", "title: Edited by hand - ", 1))
        app.post_message(events.AppFocus())
        await _until(pilot, lambda: "changed on disk" in str(screen.query_one(StatusLine).render()))
        assert controller.session.unsynced == [MAPPING_FILE]
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: controller.session.unsynced == [])
        assert "mirror in step" in str(screen.query_one(StatusLine).render()), app.screen
        mapping = _stored(reference).mapping("account-customer")
        assert mapping is not None and mapping.title.startswith("Edited by hand - ")
