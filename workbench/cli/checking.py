"""``workbench check``: the design checks, as text, JSON or SARIF."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from .root import (
    EXIT_MODEL_ERRORS,
    EXIT_OK,
    emit,
    fail,
    format_option,
    main,
    workspace_argument,
)


@main.command()
@workspace_argument
@format_option("text", "json", "sarif", help="Output format (--list-rules: text or json).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--rule",
    "rule_ids",
    metavar="ID",
    multiple=True,
    help="Run only this rule (repeatable).",
)
@click.option("--list-rules", is_flag=True, help="Print the rule catalogue and exit.")
def check(
    workspace: Path,
    output_format: str,
    output: Path | None,
    rule_ids: tuple[str, ...],
    list_rules: bool,
) -> None:
    """Run the design checks on the model files of WORKSPACE. Exit 1 when any error is found."""
    from ..checks import UnknownRule, rules
    from ..checks import output as report
    from ..services.checks import MirrorDoesNotParse, check_files
    from ..services.folder import FolderError, WorkspaceFolder

    if list_rules:
        if output_format == "sarif":
            fail("--list-rules prints text or json")
        catalogue = rules().values()
        text = report.rules_to_json(catalogue) if output_format == "json" else None
        emit(text or report.rules_to_text(catalogue), output)
        return
    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        run = check_files(folder.read_mirror(), rule_ids or None)
    except (FolderError, UnknownRule) as exc:
        fail(str(exc))
    except MirrorDoesNotParse as exc:
        for issue in exc.issues:
            click.echo(str(issue), err=True)
        fail(str(exc))
    if output_format == "json":
        text = report.to_json(run.placed, run.suppressed)
    elif output_format == "sarif":
        selected = [rules()[rule_id] for rule_id in run.report.rules_run]
        text = report.to_sarif(run.placed, run.suppressed, selected, __version__)
    else:
        style = click.style if output is None and sys.stdout.isatty() else None
        text = report.to_text(run.placed, run.suppressed, style or report.plain_style)
    emit(text, output)
    sys.exit(EXIT_MODEL_ERRORS if run.has_errors else EXIT_OK)
