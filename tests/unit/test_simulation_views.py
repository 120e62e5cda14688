"""The schedule's bars: one scale for every amount, and numbers before bars in a narrow pane."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from workbench.simulate.results import PeriodRow, RunResult, Schedules
from workbench.tui.widgets.simulation_views import bar, schedules


def _result(*rows: tuple[str, int, int, int, int]) -> RunResult:
    periods = tuple(
        PeriodRow(p, Decimal(b), Decimal(r), Decimal(d), Decimal(u)) for p, b, r, d, u in rows
    )
    return RunResult(
        scenario="s",
        title="t",
        documents=(),
        failures=(),
        schedules=Schedules("EUR", (), (), periods),
        trace=(),
    )


def _lines(result: RunResult, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(schedules(result))
    return console.export_text().splitlines()


YEAR_BILLED_UP_FRONT = _result(("2026-01", 18000, 1500, 16500, 0), ("2026-02", 0, 1500, 15000, 0))


def test_billed_and_recognised_bars_share_one_scale() -> None:
    lines = _lines(YEAR_BILLED_UP_FRONT, 120)
    january = next(line for line in lines if line.startswith("2026-01"))
    billed, recognised = january.split()[5:7]
    assert billed == "█" * 10  # the year's invoice fills its bar
    assert recognised == "▊"  # a twelfth of it: under a cell, not another full bar


def test_any_amount_draws_at_least_a_sliver() -> None:
    assert bar(Decimal(1), Decimal(100000), 10) == "▏"
    assert bar(Decimal(0), Decimal(100), 10) == ""


def test_a_narrow_pane_keeps_the_numbers_whole() -> None:
    for width in (46, 60, 120):
        lines = _lines(YEAR_BILLED_UP_FRONT, width)
        january = next(line for line in lines if line.startswith("2026-01"))
        assert "18000" in january and "16500" in january and "1500" in january, (width, lines)
        assert "…" not in january
    assert "█" not in "".join(_lines(YEAR_BILLED_UP_FRONT, 46)[2:])  # no room for bars there


def test_a_trace_steps_names_are_not_cut_when_there_is_room() -> None:
    from workbench.simulate.results import TraceStep
    from workbench.tui.widgets.simulation_views import step_detail

    step = TraceStep(
        2, "sales-organization", "mapping:x", "order", {"company_code_currency": "EUR"}, {}
    )
    console = Console(width=60, record=True, color_system=None)
    console.print(step_detail(step))
    assert "in  company_code_currency  EUR" in console.export_text()
