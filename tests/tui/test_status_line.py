"""The status line keeps what changes during a workshop when the terminal is narrow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text

from tests.tui.conftest import wait_open
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.status_line import StatusLine, fitted


def _parts() -> list[tuple[str, Text]]:
    names = ("name", "database", "mirror", "sync note", "size", "incomplete", "checks")
    return [(name, Text(f"[{name}]")) for name in names]


def test_everything_is_shown_when_it_fits() -> None:
    parts = _parts()
    width = sum(text.cell_len for _, text in parts)
    assert fitted(parts, width).plain == "".join(text.plain for _, text in parts)


def test_the_database_goes_first_then_the_size_then_the_sync_note() -> None:
    parts = _parts()
    full = sum(text.cell_len for _, text in parts)
    assert fitted(parts, full - 1).plain == ("[name][mirror][sync note][size][incomplete][checks]")
    assert fitted(parts, full - len("[database]") - 1).plain == (
        "[name][mirror][sync note][incomplete][checks]"
    )
    assert fitted(parts, 39).plain == "[name][mirror][incomplete][checks]"


def test_what_still_does_not_fit_is_cut_at_the_end() -> None:
    line = fitted(_parts(), 10)
    assert line.plain.startswith("[name][mirror]")
    assert "[database]" not in line.plain and "[size]" not in line.plain


async def test_at_80_columns_the_counts_stay_on_the_line(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_open(pilot)
        status = screen.query_one(StatusLine)
        await pilot.pause()
        shown = status.render_line(0).text
        assert "mirror in step" in shown
        assert "0 incomplete" in shown
        assert "workbench.db" not in shown  # the database made room


def test_then_short_forms_then_the_workspace_name_give_way() -> None:
    parts = [
        ("name", Text(" a-workspace-with-a-very-long-name ")),
        ("mirror", Text(" 2 file(s) changed on disk: sync ")),
        ("incomplete", Text(" 0 incomplete ")),
        ("stale", Text(" ⚠ 3 stale sign-off(s): D ")),
    ]
    shorter = {"mirror": Text(" 2 on disk: sync "), "stale": Text(" ⚠ 3 stale: D ")}
    line = fitted(parts, 80, shorter).plain
    assert line == (
        " a-workspace-with-a-very-long-name  2 on disk: sync  0 incomplete  ⚠ 3 stale: D "
    )
    line = fitted(parts, 60, shorter).plain
    assert line.startswith(" a-works") and "…" in line
    assert line.endswith(" 2 on disk: sync  0 incomplete  ⚠ 3 stale: D ")
    assert len(line) <= 60


def test_the_stale_badge_shortens_before_the_size_goes() -> None:
    """At 120 columns with stale sign-offs the line dropped the entity and mapping counts while
    the long badge stayed; the mirror's words (which key to press) stay longer than the size."""
    parts = [
        ("name", Text("[name]")),
        ("database", Text("[database]")),
        ("mirror", Text("[mirror in step]")),
        ("size", Text("[size]")),
        ("stale", Text("[3 decisions with stale sign-offs]")),
    ]
    shorter = {"mirror": Text("[ok]"), "stale": Text("[3 stale]")}
    full = sum(text.cell_len for _, text in parts)
    line = fitted(parts, full - len("[database]") - 1, shorter).plain
    assert line == "[name][mirror in step][size][3 stale]", line
    line = fitted(parts, len("[name][mirror in step][3 stale]"), shorter).plain
    assert line == "[name][mirror in step][3 stale]", line
    line = fitted(parts, len("[name][ok][3 stale]"), shorter).plain
    assert line == "[name][ok][3 stale]", line
