"""Simulation throughput on the reference design.

- orders: ten-line orders (hardware, bundles, units in cases, subscriptions and services across
  two plants and both channels) run with the trace off, on one core;
- explore: ``--explore N`` generation, runs and shrinking;
- trace: one scenario with its full trace, as the TUI asks for it.

Usage: python -m benchmarks.bench_simulate [--orders 5000] [--explore 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from decimal import Decimal
from pathlib import Path

from workbench.domain.scenarios import Scenario
from workbench.domain.workspace import Workspace
from workbench.services.simulation import load_workspace
from workbench.simulate import run
from workbench.simulate.engine import run_scenario
from workbench.simulate.explore import explore

REPO_ROOT = Path(__file__).resolve().parents[1]

_LINES = (
    ("CTRL-X100", "Each", "2400", "1710", "direct", None),
    ("CTRL-X100", "Each", "2400", "1720", "direct", None),
    ("SENSOR-T20", "Case", "480", "1710", "direct", None),
    ("EDGE-KIT-STD", "Each", "4999.99", "1710", "direct", None),
    ("CTRL-X100", "Each", "2350", "1710", "partner", None),
    ("IOT-CLOUD-PRO", "Each", "1080", "", "direct", 36),
    ("IOT-ANALYTICS", "Each", "360", "", "direct", 36),
    ("SVC-INSTALL", "Hour", "150", "", "direct", 2),
    ("SW-STUDIO", "Each", "990", "", "direct", None),
    ("SENSOR-T20", "Each", "45", "1710", "direct", None),
)


def ten_line_order(number: int) -> Scenario:
    lines = []
    for index, (product, unit, price, plant, channel, months) in enumerate(_LINES):
        line: dict[str, object] = {
            "id": str((index + 1) * 10),
            "product": product,
            "quantity": 1 + (number + index) % 7,
            "unit": unit,
            "price": Decimal(price),
            "plant": plant,
            "channel": channel,
        }
        if months:
            line["start"] = "2026-01-01"
            line["end"] = {36: "2028-12-31", 2: "2026-02-28"}[months]
        lines.append(line)
    return Scenario.model_validate(
        {
            "id": f"bench-{number}",
            "order": {
                "account": "ACME",
                "currency": "USD",
                "date": "2026-01-01",
                "legal_entity": "Helix Industrial Inc.",
                "bill_to": "Acme Manufacturing, Detroit",
                "lines": lines,
            },
        }
    )


def orders_per_second(workspace: Workspace, count: int) -> float:
    scenarios = [ten_line_order(n) for n in range(count)]
    started = time.process_time()  # CPU time of this process: one core, whatever else runs
    for scenario in scenarios:
        result = run_scenario(workspace, scenario, trace=False)
    elapsed = time.process_time() - started
    assert not result.failures, result.failures  # the benchmark order is clean
    return count / elapsed


def explore_seconds(workspace: Workspace, count: int) -> float:
    started = time.process_time()
    explore(workspace, count, seed=1)
    return time.process_time() - started


def trace_milliseconds(workspace: Workspace) -> float:
    scenario = workspace.index.scenarios["16-multi-line-price-and-term"]
    started = time.process_time()
    run(workspace, scenario, trace=True)
    return (time.process_time() - started) * 1000


async def _tui_milliseconds(scenario_id: str, repeat: int) -> list[float]:
    """Enter on a scenario to the first frame painted after its trace, documents, schedules and
    failures are in the widgets (the run itself happens in the screen's worker thread)."""
    import asyncio
    import tempfile

    from workbench.services.example import init_workspace
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.screens.simulation import SimulationScreen

    samples: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "q2c"
        init_workspace(root, example=True)
        app = WorkbenchApp(root)
        frames: list[float] = []
        shown: list[float] = []
        original_display = app._display
        original_show = SimulationScreen.show

        def display(screen, renderable):  # type: ignore[no-untyped-def]
            frames.append(time.perf_counter())
            return original_display(screen, renderable)

        def show(self, result):  # type: ignore[no-untyped-def]
            original_show(self, result)
            shown.append(time.perf_counter())

        SimulationScreen.show = show  # type: ignore[method-assign]
        async with app.run_test(size=(140, 40)) as pilot:
            while not isinstance(app.screen, MainScreen):
                await pilot.pause(0.05)
            await pilot.pause(0.5)
            screen = SimulationScreen(app.screen.controller, None)
            await app.push_screen(screen)
            await pilot.pause(0.3)
            app._display = display  # type: ignore[method-assign]
            ids = [
                s.id for s in sorted(app.screen.controller.workspace.scenarios, key=lambda s: s.id)
            ]
            for _ in range(repeat):
                frames.clear()
                shown.clear()
                screen.query_one("#sim-scenarios").highlighted = ids.index(scenario_id)
                start = time.perf_counter()
                screen.action_run()
                for _ in range(1000):
                    if shown and any(f >= shown[0] for f in frames):
                        break
                    await asyncio.sleep(0.002)
                painted = [f for f in frames if shown and f >= shown[0]]
                if painted:
                    samples.append((painted[0] - start) * 1000)
                await asyncio.sleep(0.05)
        SimulationScreen.show = original_show  # type: ignore[method-assign]
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--explore", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tui", type=int, default=10, help="TUI samples (0: skip)")
    args = parser.parse_args()
    workspace = load_workspace(REPO_ROOT)
    rates = [orders_per_second(workspace, args.orders) for _ in range(args.repeat)]
    explores = [explore_seconds(workspace, args.explore) for _ in range(args.repeat)]
    traces = [trace_milliseconds(workspace) for _ in range(args.repeat)]
    import asyncio

    tui = (
        asyncio.run(_tui_milliseconds("16-multi-line-price-and-term", args.tui)) if args.tui else []
    )
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()} {platform.python_implementation()} "
                f"{platform.python_version()}",
                "ten_line_orders_per_second_median": round(statistics.median(rates)),
                "explore": args.explore,
                "explore_seconds_median": round(statistics.median(explores), 2),
                "run_with_trace_ms_median": round(statistics.median(traces), 2),
                "tui_enter_to_painted_ms_median": round(statistics.median(tui), 1) if tui else None,
                "tui_enter_to_painted_ms_max": round(max(tui), 1) if tui else None,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
