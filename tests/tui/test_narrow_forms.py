"""Forms on an 80x24 terminal: a label stands above its input, and the field the focus moves to
is shown with its whole row (label, input, hint, message), not the input alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widget import Widget

from tests.tui.conftest import edit_mapping, wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.main import MainScreen


async def test_every_field_tabbed_to_shows_its_whole_row_at_80x24(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        form = await edit_mapping(pilot, screen, "account-customer")
        view = form.query_one("#form-fields")
        rows = list(form.query(".form-row").results(Widget))
        label, entry = rows[0].children[0], rows[0].children[1]
        assert label.region.bottom <= entry.region.y  # above, not beside
        seen = 0
        for _ in range(len(form.fields)):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            row = next((r for r in rows if focused in r.walk_children()), None)
            if row is None or row.outer_size.height > view.content_region.height:
                continue
            await pilot.pause()
            shown = view.content_region
            assert shown.y <= row.region.y and row.region.bottom <= shown.bottom, row
            seen += 1
        assert seen > 5
