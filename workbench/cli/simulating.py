"""``workbench simulate``: edge-case orders through the design."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .root import (
    EXIT_MODEL_ERRORS,
    EXIT_OK,
    fail,
    format_option,
    main,
    workspace_argument,
)


@main.command()
@workspace_argument
@click.option(
    "--scenario",
    "scenario_ids",
    metavar="ID",
    multiple=True,
    help="Run this scenario (repeatable). Default: all scenarios.",
)
@click.option("--all", "run_all", is_flag=True, help="Run every scenario (the default).")
@click.option(
    "--explore",
    "explore_count",
    metavar="N",
    type=click.IntRange(min=0),
    default=0,
    help="Also generate N orders from the master data and report each failure class once, "
    "with the smallest order that shows it.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --explore.")
@format_option("text", "json", "junit")
@click.option(
    "--trace/--no-trace",
    default=None,
    help="Include the step-by-step trace (default: in json, not in text or junit).",
)
@click.option(
    "--output",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
def simulate(
    workspace: Path,
    scenario_ids: tuple[str, ...],
    run_all: bool,
    explore_count: int,
    seed: int,
    output_format: str,
    trace: bool | None,
    output: Path | None,
) -> None:
    """Run the edge-case scenarios of WORKSPACE through its design and check their expectations.

    Exit 0 when every expectation holds (and exploration found nothing new), 1 when one does
    not, 2 when the simulation could not run.
    """
    from ..services.simulation import load_workspace
    from ..services.simulation import simulate as run_simulation
    from ..simulate import SimulationError, render

    if run_all and scenario_ids:
        fail("give either --scenario or --all, not both")
    with_trace = trace if trace is not None else output_format == "json"
    try:
        model = load_workspace(workspace)
        chosen: tuple[str, ...] | None = scenario_ids or None
        if explore_count and not scenario_ids and not run_all:
            chosen = ()  # exploring alone: no library run unless asked for
        report = run_simulation(model, chosen, explore_count, seed, trace=with_trace)
    except SimulationError as exc:
        fail(str(exc))
    if output_format == "json":
        text = render.as_json(report.results, report.exploration)
    elif output_format == "junit":
        text = render.as_junit(report.results, report.exploration)
    else:
        text = render.as_text(report.results, report.exploration, trace=with_trace)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
    sys.exit(EXIT_OK if report.passed else EXIT_MODEL_ERRORS)
