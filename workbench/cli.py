"""The ``workbench`` command.

Exit codes: 0 success; 1 the model has errors (or a sync left conflicts); 2 the command could not
run (bad arguments, unreadable files, an unusable database).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__

EXIT_OK = 0
EXIT_MODEL_ERRORS = 1
EXIT_CANNOT_RUN = 2


class _WorkbenchGroup(click.Group):
    """``workbench [WORKSPACE]`` opens a workspace; any other first word is a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        index = 0
        while index < len(args) and args[index].startswith("-"):
            if args[index] in ("--help", "--version"):
                return super().parse_args(ctx, args)
            # skip the value of --db (given as a separate word)
            index += 2 if args[index] == "--db" else 1
        if index >= len(args) or args[index] not in self.commands:
            args = [*args[:index], "open", *args[index:]]
        return super().parse_args(ctx, args)


def _is_interactive() -> bool:
    """True when a person can answer a question (both ends are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _fail(message: str, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    click.echo(f"workbench: {message}", err=True)
    sys.exit(code)


@click.group(cls=_WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="workbench")
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    envvar="WORKBENCH_DB",
    help="Database URL (any SQLAlchemy URL, e.g. postgresql://host/db). Default: the SQLite file "
    ".workbench/workbench.db inside the workspace. Also read from $WORKBENCH_DB.",
)
@click.pass_context
def main(ctx: click.Context, db_url: str | None) -> None:
    """The Q2C mapping-design workbench: design how an approved CRM quote becomes ERP orders,
    invoices and recognised revenue.

    Run `workbench [WORKSPACE]` to open a workspace (default: the current folder).
    """
    ctx.obj = {"db_url": db_url}


_workspace_argument = click.argument(
    "workspace", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
"""The optional WORKSPACE argument shared by the commands (default: the current folder)."""


@main.command("open")
@_workspace_argument
@click.option(
    "--summary",
    is_flag=True,
    help="Print a summary instead of starting the terminal workbench (as off a terminal).",
)
@click.option(
    "--prefer",
    type=click.Choice(["database", "mirror"]),
    help="Resolve sync conflicts found on opening in favour of one side.",
)
@click.pass_context
def open_command(ctx: click.Context, workspace: Path, summary: bool, prefer: str | None) -> None:
    """Open WORKSPACE in the terminal workbench (after bringing database and mirror into step)."""
    from .services.folder import FolderError, WorkspaceFolder

    if not summary and _is_interactive():
        try:
            WorkspaceFolder.at(workspace).require_workspace()
        except FolderError as exc:
            _fail(str(exc))
        from .services.sync import Choice
        from .tui.app import create_app

        create_app(workspace, ctx.obj["db_url"], Choice(prefer) if prefer else None).run()
        return
    from .services.session import Session
    from .services.sync import Choice
    from .store import StoreError

    try:
        resolve = (lambda _c: Choice(prefer)) if prefer else None
        session, report = Session.open(workspace, ctx.obj["db_url"], resolve)
    except (FolderError, StoreError) as exc:
        _fail(str(exc))
    _print_sync(report)
    if session is None:
        sys.exit(EXIT_MODEL_ERRORS)
    try:
        _print_summary(_summary(session.workspace), [])
    finally:
        session.close()
    if not report.ok:
        sys.exit(EXIT_MODEL_ERRORS)


@main.command()
@click.argument("directory", type=click.Path(file_okay=True, path_type=Path))
@click.option("--example", is_flag=True, help="Start from the reference workspace.")
@click.option("--name", help="Workspace name (default: the folder's name).")
def init(directory: Path, example: bool, name: str | None) -> None:
    """Create a workspace in DIRECTORY."""
    from .services.example import init_workspace
    from .services.folder import FolderError

    try:
        created = init_workspace(directory, example=example, name=name)
    except (FolderError, OSError) as exc:
        _fail(str(exc))
    kind = "the reference workspace" if example else "an empty workspace"
    click.echo(f"Created {kind} in {directory} ({len(created)} files).")
    click.echo(f"Open it with: workbench {directory}")


@main.command()
@_workspace_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def validate(ctx: click.Context, workspace: Path, output_format: str) -> None:
    """Validate the model files of WORKSPACE and summarise them. Changes nothing."""
    from .mirror import codec
    from .services.folder import FolderError, WorkspaceFolder

    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        result = codec.parse(folder.read_mirror())
    except FolderError as exc:
        _fail(str(exc))
    summary = _summary(result.workspace)
    errors = result.errors
    warnings = [issue for issue in result.issues if issue not in errors]
    if output_format == "json":
        from .services.summary import issue_record

        summary["errors"] = [issue_record(issue) for issue in errors]
        summary["warnings"] = [issue_record(issue) for issue in warnings]
        click.echo(json.dumps(summary, indent=2))
    else:
        _print_summary(summary, result.issues)
        database = _database_state(folder, ctx.obj["db_url"])
        if database:
            click.echo(database)
    sys.exit(EXIT_MODEL_ERRORS if errors else EXIT_OK)


@main.command()
@_workspace_argument
@click.option(
    "--prefer",
    type=click.Choice(["database", "mirror"]),
    help="Resolve conflicts (files changed on both sides) in favour of one side.",
)
@click.option("--dry-run", is_flag=True, help="Only report what a sync would do.")
@click.pass_context
def sync(ctx: click.Context, workspace: Path, prefer: str | None, dry_run: bool) -> None:
    """Bring the database and the mirror files of WORKSPACE into step.

    A file changed only on disk is imported; a change only in the database is written out;
    a file changed on both sides is a conflict: the differences are shown and you choose
    (interactively, or with --prefer). Nothing is overwritten silently.
    """
    from .services.folder import FolderError, WorkspaceFolder, database_url
    from .services.sync import Choice, Conflict, mirror_status, synchronise
    from .store import Store, StoreError

    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        store = Store.open(database_url(folder, ctx.obj["db_url"]))
    except (FolderError, StoreError) as exc:
        _fail(str(exc))
    try:
        if dry_run:
            if store.is_empty():
                click.echo("The database is empty: a sync imports the mirror into it.")
                return
            status = mirror_status(folder, store, store.load())
            click.echo(f"Database and mirror: {status.describe()}.")
            for label, paths in (
                ("write from the database", status.database_changed),
                ("import from the mirror", status.mirror_changed),
                ("conflict", status.conflicts),
            ):
                for path in paths:
                    click.echo(f"  {label}: {path}")
            sys.exit(EXIT_OK if not status.conflicts else EXIT_MODEL_ERRORS)

        def resolve(conflict: Conflict) -> Choice:
            if prefer:
                return Choice(prefer)
            if not _is_interactive():
                return Choice.ABORT
            click.echo(conflict.unified_diff())
            answer = click.prompt(
                f"{conflict.path} changed in both places. Keep the [d]atabase or the [m]irror "
                "version, or [a]bort?",
                type=click.Choice(["d", "m", "a"]),
                default="a",
            )
            return {"d": Choice.DATABASE, "m": Choice.MIRROR}.get(answer, Choice.ABORT)

        report = synchronise(folder, store, resolve)
    except (FolderError, StoreError) as exc:
        _fail(str(exc))
    finally:
        store.close()
    _print_sync(report)
    sys.exit(EXIT_OK if report.ok else EXIT_MODEL_ERRORS)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one .schema.json file per kind of model file into this folder.",
)
def schema(out: Path | None) -> None:
    """Print or write the JSON Schemas of the model files (for editors' YAML language servers)."""
    from .mirror.schema import render_schemas

    files = render_schemas()
    if out is None:
        click.echo(json.dumps({name: json.loads(data) for name, data in files.items()}, indent=2))
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    except OSError as exc:
        _fail(f"cannot write the schemas: {exc}")
    click.echo(f"Wrote {len(files)} schema files to {out}.")


# -- output helpers ---------------------------------------------------------------------------


def _summary(workspace: Any) -> dict[str, Any]:
    from .services.summary import summarise

    return summarise(workspace)


def _print_summary(summary: dict[str, Any], issues: list[Any]) -> None:
    if summary["workspace"]:
        click.echo(f"Workspace {summary['workspace']}")
        for system in summary["systems"]:
            click.echo(
                f"  {system['name']:<16} {system['role']:<8} {system['side']} side   "
                f"{system['entities']:>5} entities {system['fields']:>7} fields"
            )
        cards = "  ".join(f"{k} {v}" for k, v in summary["cardinalities"].items())
        alone = summary["no_counterpart"]
        click.echo(f"  mappings {summary['mappings']} ({cards}  no counterpart {alone})")
        click.echo(
            f"  value maps {summary['value_maps']}  stakeholders {summary['stakeholders']}  "
            f"decisions {summary['decisions']}  scenarios {summary['scenarios']}"
        )
        click.echo(
            f"  product classes {summary['product_classes']}  "
            f"reconciliation metrics {summary['reconciliation_metrics']}  "
            f"master data sets {summary['master_data']}"
        )
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity != "error"]
    for issue in [*errors, *warnings]:
        colour = "red" if issue.severity == "error" else "yellow"
        click.echo(click.style(str(issue), fg=colour))
    if issues or summary["workspace"]:
        click.echo(f"{len(errors)} error(s), {len(warnings)} warning(s).")


def _print_sync(report: Any) -> None:
    for issue in report.issues:
        if issue.severity == "error":
            click.echo(click.style(str(issue), fg="red"), err=True)
    if report.conflicts:
        for conflict in report.conflicts:
            click.echo(conflict.unified_diff(), err=True)
        click.echo(
            f"{len(report.conflicts)} file(s) changed both in the database and on disk; nothing "
            "was written. Run `workbench sync` in a terminal to choose, or pass "
            "--prefer database|mirror.",
            err=True,
        )
        return
    if report.issues and not report.ok:
        click.echo("The mirror has errors; nothing was written.", err=True)
        if report.snapshot is not None:
            click.echo("Showing what the database holds.", err=True)
        return
    if report.created:
        click.echo(f"Created the database from {len(report.imported)} mirror file(s).")
    elif report.imported:
        click.echo(f"Imported {len(report.imported)} changed mirror file(s) into the database.")
    if report.exported:
        click.echo(f"Wrote {len(report.exported)} mirror file(s).")
        for path in report.exported:
            click.echo(f"  {path}")
    if not report.imported and not report.exported:
        click.echo("Database and mirror are in step.")


def _database_state(folder: Any, db_url: str | None) -> str:
    from .services.folder import DB_ENV, database_url

    url = database_url(folder, db_url)
    if not (db_url or os.environ.get(DB_ENV)) and not folder.default_database.exists():
        return "Database: not created yet (`workbench sync` or opening the workbench creates it)."
    from .services.sync import mirror_status  # SQLAlchemy is only imported when a database exists
    from .store import Store, StoreError, describe_url

    try:
        store = Store.open(url, create=False)
    except StoreError as exc:
        return f"Database: {exc}"
    try:
        if store.is_empty():
            return f"Database {describe_url(url)}: empty."
        status = mirror_status(folder, store, store.load())
        return f"Database {describe_url(url)}: {status.describe()} with the mirror."
    except StoreError as exc:
        return f"Database: {exc}"
    finally:
        store.close()


# -- simulate ------------------------------------------------------------------------------------


@main.command()
@_workspace_argument
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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
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
    from .services.simulation import load_workspace
    from .services.simulation import simulate as run_simulation
    from .simulate import SimulationError, render

    if run_all and scenario_ids:
        _fail("give either --scenario or --all, not both")
    with_trace = trace if trace is not None else output_format == "json"
    try:
        model = load_workspace(workspace)
        chosen: tuple[str, ...] | None = scenario_ids or None
        if explore_count and not scenario_ids and not run_all:
            chosen = ()  # exploring alone: no library run unless asked for
        report = run_simulation(model, chosen, explore_count, seed, trace=with_trace)
    except SimulationError as exc:
        _fail(str(exc))
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
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    sys.exit(EXIT_OK if report.passed else EXIT_MODEL_ERRORS)


if __name__ == "__main__":  # pragma: no cover
    main()
