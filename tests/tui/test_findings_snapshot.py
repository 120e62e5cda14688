"""The findings panel on the reference workspace at a fixed size (look at the SVG after
`--snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import steady, wait_open
from workbench.tui.app import WorkbenchApp


@pytest.fixture
def stable_reference(tmp_path: Path) -> Path:
    from workbench.services.example import init_workspace

    root = tmp_path / "q2c"
    init_workspace(root, example=True)
    return root


async def _open_findings(pilot: Pilot[None]) -> None:
    await wait_open(pilot)
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("down", "down")
    await steady(pilot)


def test_findings_screen(snap_compare, stable_reference: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app: WorkbenchApp = make_app(stable_reference)
    assert snap_compare(app, terminal_size=(120, 36), run_before=_open_findings)


def test_the_user_guide_picture_is_the_current_snapshot() -> None:
    """docs/images/findings.svg is a copy of the snapshot above; it must not drift."""
    here = Path(__file__).parent
    snapshot = here / "__snapshots__" / "test_findings_snapshot" / "test_findings_screen.svg"
    image = here.parents[1] / "docs" / "images" / "findings.svg"
    assert image.read_bytes() == snapshot.read_bytes(), f"copy {snapshot.name} to {image}"
