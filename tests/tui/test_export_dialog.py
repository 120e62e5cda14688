"""The export dialog driven by keys: it writes the chosen formats where it says it did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, SelectionList, Static

from tests.tui.conftest import run_from_palette, until, wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.export import ExportScreen
from workbench.tui.screens.main import MainScreen


async def _wait_done(pilot, screen: ExportScreen) -> None:  # type: ignore[no-untyped-def]
    for _ in range(400):
        await pilot.pause(0.05)
        if not screen.running:
            return
    raise AssertionError("the export did not finish")


async def test_export_dialog_writes_the_chosen_formats(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(110, 40)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        await pilot.press("X")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        formats = screen.query_one("#export-formats", SelectionList)
        assert len(formats.selected) == 10
        formats.deselect_all()
        formats.select("json")
        formats.select("md")
        folder = screen.query_one("#export-folder", Input)
        folder.value = "out/spec"
        folder.focus()  # ctrl+e exports from the folder field too (its own is end of line)
        await pilot.pause()
        await pilot.press("ctrl+e")
        await _wait_done(pilot, screen)
        status = str(screen.query_one("#export-status", Static).render())
        target = (reference / "out/spec").resolve()
        assert f"to {target}" in status and "xdg-open" in status
        assert sorted(p.name for p in target.iterdir()) == [
            "design.md",
            "mapping-spec.json",
            "mapping-spec.schema.json",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def _export_into(pilot: Pilot[None], folder: str) -> tuple[ExportScreen, str]:
    """Open the dialog, export into ``folder`` and wait: the dialog and what it says."""
    await wait_open(pilot)
    await pilot.press("X")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-folder", Input).value = folder
    await pilot.press("ctrl+e")
    await _wait_done(pilot, screen)
    return screen, str(screen.query_one("#export-status", Static).render())


async def test_export_dialog_refuses_a_folder_outside(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(110, 40)) as pilot:
        _, status = await _export_into(pilot, "../elsewhere")
        assert "Nothing exported" in status and "outside the workspace" in status
        assert not (reference.parent / "elsewhere").exists()


async def test_a_failed_export_does_not_leave_the_bar_full(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    (reference / "handover").write_text("a file where the folder would go\n")
    app = make_app(reference)
    async with app.run_test(size=(110, 40)) as pilot:
        screen, status = await _export_into(pilot, "handover/inner")
        assert "Nothing exported" in status
        assert screen.query_one("#export-progress", ProgressBar).progress == 0


async def test_palette_opens_the_export_dialog(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_open(pilot)
        await run_from_palette(pilot, "export")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen))


async def test_at_80x24_the_dialog_scrolls_to_what_has_the_focus(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from textual.widgets import Button

    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_open(pilot)
        await pilot.press("X")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        dialog = screen.query_one("#dialog")
        assert dialog.max_scroll_y > 0  # taller than the terminal allows
        run = screen.query_one("#export-run", Button)
        assert not dialog.region.contains_region(run.region) or run.region.height == 0
        await pilot.press("tab", "tab")  # from the formats, past the folder, to the button
        await pilot.pause()
        assert app.focused is run
        assert dialog.scroll_y > 0
        assert dialog.region.contains_region(run.region) and run.region.height > 0


async def test_export_goes_where_the_folder_typed_just_before_ctrl_e_says(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Keys arrive together from a fast typist or a paste: ctrl+e (a priority binding, handled
    as it arrives) used to read the folder before the field had taken the keys typed before it,
    and wrote to the folder it held before."""
    from textual import events

    app = make_app(reference)
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_open(pilot)
        await pilot.press("X")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        formats = screen.query_one("#export-formats", SelectionList)
        formats.deselect_all()
        formats.select("md")
        folder = screen.query_one("#export-folder", Input)
        folder.value = ""
        folder.focus()
        await pilot.pause()
        for key in "typed":  # all queued at once, then ctrl+e behind them
            app.post_message(events.Key(key, key))
        app.post_message(events.Key("ctrl+e", None))
        await pilot.pause()
        await _wait_done(pilot, screen)
        assert folder.value == "typed"
        assert (reference / "typed" / "design.md").is_file()
