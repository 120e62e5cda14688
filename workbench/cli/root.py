"""The ``workbench`` group, its exit codes, and what every command shares."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from .. import __version__
from .output import print_sync

EXIT_OK = 0
EXIT_MODEL_ERRORS = 1
EXIT_CANNOT_RUN = 2


COMMAND_MODULES = {
    "check": "checking",
    "decisions": "decisions",
    "export": "exporting",
    "import": "importing",
    "init": "workspace",
    "open": "workspace",
    "schema": "workspace",
    "simulate": "simulating",
    "suggest": "importing",
    "sync": "workspace",
    "validate": "workspace",
}
"""Which module of this package defines each command. A command's module is imported when the
command is asked for, so opening the workbench does not import the exporters, the importers and
the simulator first (a tenth of a second of every start)."""


class WorkbenchGroup(click.Group):
    """``workbench [WORKSPACE]`` opens a workspace; any other first word is a subcommand."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        index = 0
        # The group's own options come first; the first other word starts the command (an
        # option such as --summary belongs to ``open``, which it then goes to).
        while index < len(args) and args[index].startswith("-"):
            if args[index] in ("--help", "-h", "--version"):
                return super().parse_args(ctx, args)
            if args[index] == "--db":
                index += 2  # its value is the next word
            elif args[index].startswith("--db="):
                index += 1
            else:
                break
        if index >= len(args) or args[index] not in COMMAND_MODULES:
            args = [*args[:index], "open", *args[index:]]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Both forms: opening a workspace is the command people run most.
        formatter.write_usage(ctx.command_path, "[OPTIONS] [WORKSPACE]")
        formatter.write_usage(ctx.command_path, "[OPTIONS] COMMAND [ARGS]...", prefix="       ")

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def invoke(self, ctx: click.Context) -> Any:
        # A file that cannot be read or written (permissions, a read-only share, a full disk)
        # ends a command with one line naming it, never a traceback. The writes are atomic, so
        # what was written is whole, and a sync picks up the rest once the file can be written.
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"{__package__}.{module}")  # registers it on ``main``
        return super().get_command(ctx, cmd_name)


def is_interactive() -> bool:
    """True when a person can answer a question (both ends are a terminal)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def fail(message: str, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    click.echo(f"workbench: {message}", err=True)
    sys.exit(code)


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


workspace_argument = click.argument(
    "workspace", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
"""The optional WORKSPACE argument shared by the commands (default: the current folder)."""


F = TypeVar("F", bound=Callable[..., Any])


def format_option(*choices: str, help: str = "Output format.") -> Callable[[F], F]:
    """The ``--format`` option the commands share (``output_format``; the first choice is the
    default)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def open_session(workspace: Path, db_url: str | None) -> Any:
    """An open session on WORKSPACE, or exit (2: cannot open, 1: conflicts or mirror errors)."""
    from ..services.folder import FolderError
    from ..services.session import Session
    from ..store import StoreError

    try:
        session, report = Session.open(workspace, db_url)
    except (FolderError, StoreError) as exc:
        fail(str(exc))
    if session is None:
        print_sync(report)
        sys.exit(EXIT_MODEL_ERRORS)
    follow_session(session, report)
    return session


def follow_session(session: Any, report: Any) -> None:
    """What opening ``session`` did before the command ran, said on stderr (stdout stays the
    command's own output): the model files it imported first and the decisions whose status
    they moved, as `workbench sync` says them. And, when the command ends, whether an edit it
    made could not be written to the model files (exit 1: saved in the database, the files
    behind until the next sync)."""
    if report.imported and not report.created:  # a new database filled from the files: no news
        click.echo(
            f"workbench: synced first: imported {len(report.imported)} changed model file(s)",
            err=True,
        )
    for line in report.settled:
        click.echo(f"workbench: synced first: {line}", err=True)

    def unwritten() -> None:
        if session.mirror_failure:
            click.echo(f"workbench: warning: {session.mirror_failure} (`workbench sync`)", err=True)
            sys.exit(EXIT_MODEL_ERRORS)

    click.get_current_context().call_on_close(unwritten)


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (exit 2 when the file cannot be written)."""
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot be written ({exc.strerror})")
