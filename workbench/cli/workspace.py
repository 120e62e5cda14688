"""Opening, creating, validating and syncing a workspace; the JSON Schemas of its files."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import click

from .output import database_state, database_workspace, print_summary, print_sync, summary_of
from .root import (
    EXIT_MODEL_ERRORS,
    EXIT_OK,
    fail,
    format_option,
    is_interactive,
    main,
    workspace_argument,
)


@main.command("open")
@workspace_argument
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
@click.option(
    "--time-startup",
    is_flag=True,
    hidden=True,
    help="Start without a terminal, quit once the first screen is interactive, and print when "
    "each phase ended (the start-up benchmark, benchmarks/bench_tui.py).",
)
@click.pass_context
def open_command(
    ctx: click.Context, workspace: Path, summary: bool, prefer: str | None, time_startup: bool
) -> None:
    """Open WORKSPACE in the terminal workbench (after bringing database and mirror into step)."""
    if time_startup or (not summary and is_interactive()):
        from ..tui import launch  # imports next to nothing: the start's imports follow inside

        try:
            if time_startup:
                marks = launch.time_startup(workspace, ctx.obj["db_url"])
                click.echo(f"imported {marks.imported:.6f}")
                click.echo(f"opened {marks.opened:.6f}")
                click.echo(f"ready {marks.ready:.6f}")
            else:
                launch.run(workspace, ctx.obj["db_url"], prefer)
        except launch.NotAWorkspace as exc:
            fail(str(exc))
        return
    from ..services.folder import FolderError
    from ..services.session import Session
    from ..services.sync import Choice
    from ..store import StoreError

    try:
        resolve = (lambda _c: Choice(prefer)) if prefer else None
        session, report = Session.open(workspace, ctx.obj["db_url"], resolve)
    except (FolderError, StoreError) as exc:
        fail(str(exc))
    print_sync(report, showing=True)
    if session is None:
        sys.exit(EXIT_MODEL_ERRORS)
    from ..mirror import codec

    try:
        # What validate finds, in the files the database's version is written to (the mirror's
        # own when it is in step).
        issues = codec.place_issues(session.workspace)
        print_summary(summary_of(session.workspace), issues)
    finally:
        session.close()
    if not report.ok:
        sys.exit(EXIT_MODEL_ERRORS)


@main.command()
@click.argument("directory", type=click.Path(file_okay=True, path_type=Path))
@click.option("--example", is_flag=True, help="Start from the reference workspace.")
@click.option(
    "--name", help="Workspace name (default: the folder's name, or with --example the reference's)."
)
def init(directory: Path, example: bool, name: str | None) -> None:
    """Create a workspace in DIRECTORY."""
    from ..services.example import init_workspace
    from ..services.folder import FolderError

    try:
        created = init_workspace(directory, example=example, name=name)
    except (FolderError, OSError) as exc:
        fail(str(exc))
    kind = "the reference workspace" if example else "an empty workspace"
    click.echo(f"Created {kind} in {directory} ({len(created)} files).")
    click.echo(f"Open it with: workbench {shlex.quote(str(directory))}")


def log_problems(files: dict[str, bytes], held: Any) -> list[Any]:
    """The sign-off log problems ``decisions verify`` finds, as errors of their files."""
    from ..domain.validation import Severity
    from ..mirror.codec import MirrorIssue
    from ..services.decisions import verify

    return [
        MirrorIssue(Severity.ERROR, finding.record, finding.message, finding.source, finding.line)
        for finding in verify(held, files).findings
    ]


@main.command()
@workspace_argument
@format_option("text", "json")
@click.pass_context
def validate(ctx: click.Context, workspace: Path, output_format: str) -> None:
    """Validate the model files of WORKSPACE and summarise them. Changes nothing."""
    from ..mirror import codec
    from ..services.folder import FolderError, WorkspaceFolder
    from ..store import StoreError

    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        files = folder.read_mirror()
        result = codec.parse(files)
        # Sign-off logs as `decisions verify` checks them: a record altered, removed or moved in
        # a file is refused by the next sync, so it fails validation too (CI runs this).
        try:
            held = database_workspace(folder, ctx.obj["db_url"])
        except StoreError:
            held = None  # the files' own chains still; the database line below says why
        logs = log_problems(files, held)
    except FolderError as exc:
        fail(str(exc))
    summary = summary_of(result.workspace)
    errors = [*result.errors, *logs]
    warnings = [issue for issue in result.issues if issue not in errors]
    issues = [*result.issues, *logs]
    if output_format == "json":
        from ..services.summary import issue_record

        summary["errors"] = [issue_record(issue) for issue in errors]
        summary["warnings"] = [issue_record(issue) for issue in warnings]
        click.echo(json.dumps(summary, indent=2))
    else:
        print_summary(summary, issues)
        database = database_state(folder, ctx.obj["db_url"])
        if database:
            click.echo(database)
    sys.exit(EXIT_MODEL_ERRORS if errors else EXIT_OK)


@main.command()
@workspace_argument
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
    from ..services.folder import FolderError, WorkspaceFolder, open_database
    from ..services.sync import Choice, Conflict, conflict_advice, mirror_status, synchronise
    from ..store import StoreError

    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        store = open_database(folder, ctx.obj["db_url"])
    except (FolderError, StoreError) as exc:
        fail(str(exc))
    try:
        if dry_run:
            # The files are read and validated as a sync would: one it would refuse is said so.
            # With --prefer, conflicts are settled as the real sync would settle them.
            chooser = (lambda _conflict: Choice(prefer)) if prefer else None
            would = synchronise(folder, store, chooser, dry_run=True)
            for issue in would.issues:
                if issue.severity == "error":
                    click.echo(click.style(str(issue), fg="red"), err=True)
            if store.is_empty():
                click.echo("The database is empty: a sync imports the mirror into it.")
            else:
                status = mirror_status(folder, store, store.load())
                click.echo(f"Database and mirror: {status.describe()}.")
                for label, paths in (
                    ("write from the database", status.database_changed),
                    ("import from the mirror", status.mirror_changed),
                    (
                        f"conflict, the {prefer}'s version taken" if prefer else "conflict",
                        status.conflicts,
                    ),
                ):
                    for path in paths:
                        click.echo(f"  {label}: {path}")
            if not would.ok and not would.conflicts:
                click.echo("The mirror has errors: a sync would write nothing.", err=True)
            for settled in would.settled:
                click.echo(f"The sign-offs would decide: {settled}.")
            sys.exit(EXIT_OK if would.ok else EXIT_MODEL_ERRORS)

        def resolve(conflict: Conflict) -> Choice:
            if prefer:
                return Choice(prefer)
            if not is_interactive():
                return Choice.ABORT
            click.echo(conflict.unified_diff())
            advice = conflict_advice([conflict])
            if advice:
                click.echo(advice)
            answer = click.prompt(
                f"{conflict.path} changed in both places. Keep the [d]atabase or the [m]irror "
                "version, or [a]bort?",
                type=click.Choice(["d", "m", "a"]),
                default="a",
            )
            return {"d": Choice.DATABASE, "m": Choice.MIRROR}.get(answer, Choice.ABORT)

        report = synchronise(folder, store, resolve)
    except (FolderError, StoreError) as exc:
        fail(str(exc))
    finally:
        store.close()
    print_sync(report)
    sys.exit(EXIT_OK if report.ok else EXIT_MODEL_ERRORS)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one .schema.json file per kind of model file into this folder.",
)
def schema(out: Path | None) -> None:
    """Print or write the JSON Schemas of the model files (for editors' YAML language servers)."""
    from ..mirror.schema import render_schemas

    files = render_schemas()
    if out is None:
        click.echo(json.dumps({name: json.loads(data) for name, data in files.items()}, indent=2))
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    except OSError as exc:
        fail(f"cannot write the schemas: {exc}")
    click.echo(f"Wrote {len(files)} schema files to {out}.")
