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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--explore", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workspace = load_workspace(REPO_ROOT)
    rates = [orders_per_second(workspace, args.orders) for _ in range(args.repeat)]
    explores = [explore_seconds(workspace, args.explore) for _ in range(args.repeat)]
    traces = [trace_milliseconds(workspace) for _ in range(args.repeat)]
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()} {platform.python_implementation()} "
                f"{platform.python_version()}",
                "ten_line_orders_per_second_median": round(statistics.median(rates)),
                "explore": args.explore,
                "explore_seconds_median": round(statistics.median(explores), 2),
                "run_with_trace_ms_median": round(statistics.median(traces), 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
