"""What the import and suggestions screens look like, at fixed sizes. Regenerate on purpose with
`--snapshot-update`, then look at the SVGs under tests/tui/__snapshots__/ before committing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import REPO_ROOT
from tests.tui.conftest import steady, wait_open
from workbench.cli import main
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.importing import ImportScreen
from workbench.tui.screens.suggestions import SuggestionsScreen

FIXTURES = REPO_ROOT / "tests" / "fixtures"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of metadata files as the working directory, so the screen shows short paths."""
    folder = tmp_path / "metadata"
    shutil.copytree(FIXTURES / "describe", folder / "salesforce")
    (folder / "sap").mkdir()
    shutil.copy(FIXTURES / "edmx" / "orders-v4.xml", folder / "sap" / "orders-v4.xml")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def two_sides(tmp_path: Path, files: Path) -> Path:
    root = tmp_path / "q2c"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    for kind, path, system in (
        ("salesforce", "salesforce", "salesforce"),
        ("edmx", "sap", "s4hana"),
    ):
        result = runner.invoke(main, ["import", kind, path, "-w", str(root), "--system", system])
        assert result.exit_code == 0, result.output
    return root


def _import_preview(paths: str, system: str) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_open(pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-paths", Input).value = paths
        screen.query_one("#import-system", Input).value = system
        await pilot.pause()
        await pilot.press("ctrl+o")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.plan is not None:
                break
        await steady(pilot)

    return run_before


def test_import_preview(snap_compare, files: Path, tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "q2c"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    app: WorkbenchApp = make_app(root)
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=_import_preview("salesforce", "salesforce")
    )


async def _suggestions(pilot: Pilot[None]) -> None:
    await wait_open(pilot)
    await pilot.press("M")
    screen = pilot.app.screen
    assert isinstance(screen, SuggestionsScreen)
    for _ in range(200):
        await pilot.pause(0.05)
        if screen.items:
            break
    await pilot.press("down")
    await steady(pilot)


def test_suggestions(snap_compare, two_sides: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(two_sides)
    assert snap_compare(app, terminal_size=(110, 30), run_before=_suggestions)
