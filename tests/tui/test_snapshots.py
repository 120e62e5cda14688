"""What the workbench looks like, at fixed terminal sizes, on the reference workspace.

Regenerate on purpose with `pytest tests/tui/test_snapshots.py --snapshot-update`, then open the
SVGs under tests/tui/__snapshots__/ and look at them before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import steady, wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.graph import GraphScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.selection import Kind, Selection


@pytest.fixture
def stable_reference(tmp_path: Path) -> Path:
    """The reference workspace at a fixed path, so the screens show the same text every run."""
    from workbench.services.example import init_workspace

    root = tmp_path / "q2c"
    init_workspace(root, example=True)
    return root


def _run(*keys: str, select: Selection | None = None) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        if select is not None:
            screen.reveal(select)
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if isinstance(pilot.app.screen, GraphScreen):
            for _ in range(60):
                if pilot.app.screen.drawing is not None:
                    break
                await pilot.pause(0.05)
        await steady(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_main_screen(snap_compare, stable_reference: Path, make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=size,
        run_before=_run(select=Selection(Kind.ENTITY, "salesforce:Account")),
    )


def test_mapping_detail(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=(120, 40),
        run_before=_run(select=Selection(Kind.MAPPING, "account-customer")),
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_graph_view(snap_compare, stable_reference: Path, make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=size,
        run_before=_run("g", select=Selection(Kind.ENTITY, "salesforce:Order")),
    )


def test_graph_focus_mode(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=(120, 36),
        run_before=_run("g", "f", select=Selection(Kind.ENTITY, "salesforce:Order")),
    )


def test_mapping_form(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=(100, 36),
        run_before=_run("e", select=Selection(Kind.MAPPING, "account-customer")),
    )


def test_field_form_with_an_inline_error(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    keys = ("e", "ctrl+k", "B", "a", "d", "space", "n", "a", "m", "e", "ctrl+s")
    assert snap_compare(
        app,
        terminal_size=(100, 36),
        run_before=_run(*keys, select=Selection(Kind.FIELD, "salesforce:Account.Name")),
    )


def test_text_editor_with_an_error(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    """A mapping's file as YAML, highlighted, with the line the parser refused named."""
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=(100, 36),
        run_before=_run("y", "x", "ctrl+s", select=Selection(Kind.MAPPING, "account-customer")),
    )


def test_text_editor_with_an_error_at_80_by_24(
    snap_compare, stable_reference: Path, make_app
) -> None:  # type: ignore[no-untyped-def]
    """On the smallest terminal the text keeps most of the dialog and the refusal shows."""
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=_run("y", "x", "ctrl+s", select=Selection(Kind.MAPPING, "account-customer")),
    )


def test_help(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(app, terminal_size=(100, 40), run_before=_run("question_mark"))


def test_command_palette(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    keys = ("ctrl+p", "c", "a", "r", "d", "i")
    assert snap_compare(
        app,
        terminal_size=(100, 30),
        run_before=_run(*keys, select=Selection(Kind.MAPPING, "account-customer")),
    )


def test_presenter_mode_high_contrast(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app,
        terminal_size=(120, 36),
        run_before=_run("p", "ctrl+t", select=Selection(Kind.MAPPING, "order-sales-order")),
    )


def test_search_unmapped(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(
        app, terminal_size=(100, 30), run_before=_run("slash", "tab", "enter", "down", "enter")
    )


def test_the_readme_pictures_are_the_current_snapshots() -> None:
    """docs/images holds copies of snapshots for the README; they must not drift."""
    snapshots = Path(__file__).parent / "__snapshots__" / "test_snapshots"
    images = Path(__file__).resolve().parents[2] / "docs" / "images"
    for image, snapshot in (
        ("main-screen.svg", "test_main_screen[size1].svg"),
        ("graph-focus.svg", "test_graph_focus_mode.svg"),
        ("mapping-detail.svg", "test_mapping_detail.svg"),
    ):
        assert (images / image).read_bytes() == (snapshots / snapshot).read_bytes(), (
            f"copy {snapshot} to docs/images/{image}"
        )


def test_export_dialog(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(app, terminal_size=(100, 36), run_before=_run("X"))


def test_sync_conflict_dialog(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    """A file changed on disk and the same mapping edited in the workbench: ctrl+r asks."""
    from workbench.tui.screens.conflicts import ConflictScreen

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        screen.reveal(Selection(Kind.MAPPING, "account-customer"))
        await pilot.pause()
        path = stable_reference / "models" / "mappings" / "account-customer.yaml"
        text = path.read_text("utf-8")
        path.write_text(text.replace("when_none: hold", "when_none: create"), "utf-8")
        await pilot.press("3")
        # The edit's toast (it names the decisions it unsettled) goes before the dialog opens:
        # the screen under a dialog is not drawn again, so a toast leaving later stays in it.
        await pilot.pause()
        pilot.app.clear_notifications()
        for _ in range(100):
            if not screen.query("Toast"):
                break
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.press("ctrl+r")
        for _ in range(200):
            if isinstance(pilot.app.screen, ConflictScreen):
                break
            await pilot.pause(0.05)
        # The checks of the edit and the store may still be at work: let them finish and the
        # status line take their result, or a busy machine shoots it half laid out.
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        pilot.app.clear_notifications()  # the toast of the edit: it times out anyway
        for _ in range(100):  # and wait until it is gone (from the screen under the dialog)
            if not any(screen.query("Toast") for screen in pilot.app.screen_stack):
                break
            await pilot.pause(0.05)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await steady(pilot)

    assert snap_compare(make_app(stable_reference), terminal_size=(100, 32), run_before=run_before)
