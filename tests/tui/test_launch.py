"""Starting the workbench the way the command does: collection paused for the start and resumed
with the first screen, and the start-up probe's marks in order."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.tui import launch


@pytest.fixture(autouse=True)
def _collection_stays_on() -> Iterator[None]:
    os.environ.pop("WORKBENCH_DB", None)
    yield
    gc.enable()  # whatever a failing test left, the next one starts as usual


def test_the_probe_starts_the_workbench_and_resumes_collection(reference: Path) -> None:
    marks = launch.time_startup(reference)
    assert marks.imported <= marks.opened <= marks.ready
    assert gc.isenabled()


def test_the_command_prints_the_marks(reference: Path) -> None:
    result = CliRunner().invoke(main, ["open", str(reference), "--time-startup"])
    assert result.exit_code == 0, result.output
    marks = dict(line.split() for line in result.output.splitlines())
    assert list(marks) == ["imported", "opened", "ready"]
    assert float(marks["imported"]) <= float(marks["opened"]) <= float(marks["ready"])
    assert gc.isenabled()


def test_a_folder_that_is_no_workspace_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(launch.NotAWorkspace, match="is not a workspace"):
        launch.run(tmp_path)
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["open", str(tmp_path), "--time-startup"])
    assert result.exit_code == 2
    assert "is not a workspace" in result.output


def test_the_probe_says_so_when_the_workspace_cannot_be_opened(reference: Path) -> None:
    # An unreachable database: the opening worker fails. Headless, no one would close the
    # dialog, so the probe quits and reports instead of waiting.
    with pytest.raises(RuntimeError, match="could not be opened"):
        launch.time_startup(reference, "postgresql://nobody@127.0.0.1:1/nothing")
    assert gc.isenabled()


def test_collection_resumes_when_the_app_quits_before_its_first_screen(
    reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.tui.app import WorkbenchApp

    monkeypatch.setattr(WorkbenchApp, "on_mount", lambda self: self.exit())
    launch.run(reference)
    assert gc.isenabled()


async def test_the_spinner_shows_only_for_an_opening_that_takes_a_while(
    reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow opening (a first sync, a large model) shows the spinner until the screen is there;
    a quick one is done before the spinner's timer, which then never draws it (drawing it first
    cost every start a frame)."""
    import time

    from workbench.services.session import Session
    from workbench.tui.app import create_app
    from workbench.tui.screens.main import MainScreen

    from .conftest import until

    quick = Session.open_quick

    def slow(*args: object, **kwargs: object) -> Session | None:
        time.sleep(0.8)
        return quick(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Session, "open_quick", slow)
    app = create_app(reference)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: bool(app.query("#opening")))
        assert not isinstance(app.screen, MainScreen)
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause(0.4)  # past the timer: opened, it stays away
        assert not app.screen_stack[0].query("#opening")
        assert not app.screen.query("#opening")
