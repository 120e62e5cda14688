"""The ``workbench`` command.

Exit codes: 0 success; 1 the model has errors (or a sync left conflicts); 2 the command could not
run (bad arguments, unreadable files, an unusable database).
"""

from __future__ import annotations

import contextlib
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


@main.command("export")
@_workspace_argument
@click.option(
    "--format",
    "formats",
    metavar="LIST",
    help="Comma-separated formats: xlsx, csv, json, yaml, md, html, dot, svg, png, mermaid "
    "(default: all).",
)
@click.option(
    "--out",
    metavar="DIR",
    help="Output folder (default: exports/ in the workspace). A relative folder is taken inside "
    "the workspace and may not lead out of it; an absolute one may be anywhere.",
)
@click.option("--stamp", is_flag=True, help="Put the time of the export into the files.")
def export_command(workspace: Path, formats: str | None, out: str | None, stamp: bool) -> None:
    """Export the mapping spec, the design document and the diagrams of WORKSPACE.

    Reads the model files; the same model always gives byte-identical files (unless --stamp).
    """
    import datetime as dt

    from .mirror import codec
    from .services.design_extras import gather_extras
    from .services.exporting import ExportError, export_workspace, parse_formats
    from .services.folder import FolderError, WorkspaceFolder

    try:
        chosen = parse_formats(formats)
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        result = codec.parse(folder.read_mirror())
    except (ExportError, FolderError) as exc:
        _fail(str(exc))
    if result.errors:
        for issue in result.errors:
            click.echo(click.style(str(issue), fg="red"), err=True)
        _fail(f"the model has {len(result.errors)} error(s); nothing exported", EXIT_MODEL_ERRORS)
    assert result.workspace is not None  # a parse without errors always has one
    try:
        done = export_workspace(
            result.workspace,
            folder.root,
            out,
            chosen,
            extras=gather_extras(result.workspace),
            stamp=dt.datetime.now(dt.UTC) if stamp else None,
        )
    except ExportError as exc:
        _fail(str(exc))
    for message in done.messages:
        click.echo(f"workbench: {message}", err=True)
    shown = done.out
    with contextlib.suppress(ValueError):
        shown = done.out.relative_to(Path.cwd())
    click.echo(f"Wrote {len(done.written)} file(s) to {shown}:")
    for path in done.written:
        click.echo(f"  {path}")
    for path in done.removed:
        click.echo(f"  removed {path} (no longer in the model)")


# -- importing metadata and suggesting mappings ---------------------------------------------


def _open_session(workspace: Path, db_url: str | None) -> Any:
    """An open session on WORKSPACE, or exit (2: cannot open, 1: conflicts or mirror errors)."""
    from .services.folder import FolderError
    from .services.session import Session
    from .store import StoreError

    try:
        session, report = Session.open(workspace, db_url)
    except (FolderError, StoreError) as exc:
        _fail(str(exc))
    if session is None:
        _print_sync(report)
        sys.exit(EXIT_MODEL_ERRORS)
    return session


@main.command("import")
@click.argument(
    "kind", metavar="salesforce|edmx|csv", type=click.Choice(["salesforce", "edmx", "csv"])
)
@click.argument(
    "paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--workspace",
    "-w",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace to import into.",
)
@click.option(
    "--system",
    "system",
    required=True,
    metavar="NAME",
    help="The system to import into (created if needed).",
)
@click.option(
    "--role",
    type=click.Choice(["crm", "cpq", "erp", "billing", "other"]),
    help="Role of a new system (default: crm for Salesforce, erp for SAP, other for CSV).",
)
@click.option("--dry-run", is_flag=True, help="Only show the diff; write nothing.")
@click.option(
    "--keep-missing",
    is_flag=True,
    help="Keep the system's entities the files do not mention (add one more service or object).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format of the diff.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    kind: str,
    paths: tuple[Path, ...],
    workspace: Path,
    system: str,
    role: str | None,
    dry_run: bool,
    keep_missing: bool,
    output_format: str,
) -> None:
    """Import CRM or ERP metadata from PATH... into system SYSTEM of a workspace.

    salesforce: SFDX source (an objects/ folder, object folders or their files) or
    `sf sobject describe --json` output; edmx: OData v2 EDMX or v4 CSDL $metadata; csv: a field
    inventory (entity, field, type, length, required, description).

    A re-import shows the diff: added (+), changed (~) and removed (-) entities, fields and
    relationships; what mappings still use is kept and flagged (!). Nothing is written on
    --dry-run, when nothing changed, or on any error.
    """
    from .domain.systems import SystemRole
    from .importers import Format, ImportFailure
    from .services.importing import check_system_name, import_into
    from .services.session import InvalidEdit
    from .store import ConflictError, StoreError

    try:
        check_system_name(system)
    except ImportFailure as exc:
        _fail(str(exc))
    session = _open_session(workspace, ctx.obj["db_url"])
    try:
        outcome = import_into(
            session,
            list(paths),
            Format(kind),
            system,
            role=SystemRole(role) if role else None,
            dry_run=dry_run,
            keep_missing=keep_missing,
        )
    except ImportFailure as exc:
        _fail(str(exc))
    except InvalidEdit as exc:
        for issue in exc.issues:
            click.echo(click.style(f"{issue.element}: {issue.message}", fg="red"), err=True)
        _fail(
            "the import would leave the model with errors; nothing was written.", EXIT_MODEL_ERRORS
        )
    except (ConflictError, StoreError) as exc:
        _fail(f"{exc}; nothing was written.")
    finally:
        session.close()
    diff = outcome.diff
    if output_format == "json":
        click.echo(json.dumps({**diff.as_dict(), "written": outcome.written}, indent=2))
        return
    click.echo(f"{system}: {diff.entity_count} entities, {diff.field_count} fields read.")
    for line in diff.lines():
        colour = {"+": "green", "-": "red", "~": "yellow", "!": "magenta"}.get(line.strip()[:1])
        click.echo(click.style(line, fg=colour))
    click.echo(f"{system}: {diff.summary()}.")
    if not diff.has_changes:
        click.echo("Nothing written.")
    elif dry_run:
        click.echo("Dry run: nothing written.")
    else:
        click.echo("Written to the database and the model files.")


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
@click.option("--accept", "accept_ids", multiple=True, metavar="ID", help="Accept a suggestion.")
@click.option("--reject", "reject_ids", multiple=True, metavar="ID", help="Reject a suggestion.")
@click.option("--forget-rejections", is_flag=True, help="Propose rejected suggestions again.")
@click.pass_context
def suggest(
    ctx: click.Context,
    workspace: Path,
    output_format: str,
    accept_ids: tuple[str, ...],
    reject_ids: tuple[str, ...],
    forget_rejections: bool,
) -> None:
    """Suggest mappings between the CRM and the ERP side of WORKSPACE.

    Entity suggestions (ids e-...) propose a mapping; field suggestions (f-...) a field mapping
    for an existing mapping. Each has a confidence and its reasons. --accept ID creates the
    mapping (status proposed) or field mapping; --reject ID records that it does not apply, so
    it is not proposed again. Accepting and rejecting are one commit.
    """
    from .services.session import InvalidEdit
    from .services.suggestions import (
        UnknownSuggestion,
        decide,
        open_suggestions,
        suggestion_record,
    )
    from .store import ConflictError, StoreError

    session = _open_session(workspace, ctx.obj["db_url"])
    try:
        if forget_rejections:
            from .services.suggestions import forget_rejections as forget

            click.echo(f"Forgot {forget(session)} rejected suggestion(s).")
        decisions = decide(session, accept_ids, reject_ids)
        remaining = open_suggestions(session.workspace)
    except UnknownSuggestion as exc:
        _fail(f"{exc}; nothing was written.")
    except InvalidEdit as exc:
        for issue in exc.issues:
            click.echo(click.style(f"{issue.element}: {issue.message}", fg="red"), err=True)
        _fail("the change would leave the model with errors; nothing was written.", 1)
    except (ConflictError, StoreError) as exc:
        _fail(f"{exc}; nothing was written.")
    finally:
        session.close()
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "accepted": [suggestion_record(s) for s in decisions.accepted],
                    "rejected": [suggestion_record(s) for s in decisions.rejected],
                    "suggestions": [suggestion_record(s) for s in remaining],
                },
                indent=2,
            )
        )
        return
    for chosen in decisions.accepted:
        click.echo(click.style(f"Accepted {chosen.id}: {chosen.key}", fg="green"))
    for chosen in decisions.rejected:
        click.echo(click.style(f"Rejected {chosen.id}: {chosen.key}", fg="yellow"))
    entity_level = [s for s in remaining if s.kind == "entity"]
    field_level = [s for s in remaining if s.kind == "field"]
    if not remaining:
        click.echo("No open suggestions.")
        return
    if entity_level:
        click.echo(f"Entity mappings ({len(entity_level)}):")
        for item in entity_level:
            click.echo(f"  {item.id}  {item.confidence:>4.0%}  {item.source} -> {item.target}")
            click.echo(f"                    {'; '.join(item.reasons)}")
    by_mapping: dict[str, list[Any]] = {}
    for item in field_level:
        by_mapping.setdefault(item.mapping_id or "", []).append(item)
    for mapping_id, items in sorted(by_mapping.items()):
        click.echo(f"Field mappings for mapping {mapping_id} ({len(items)}):")
        for item in items:
            click.echo(
                f"  {item.id}  {item.confidence:>4.0%}  {item.source_field} -> "
                f"{item.target_field}   ({'; '.join(item.reasons)})"
            )
    click.echo("Accept with --accept ID, reject with --reject ID (both may repeat).")


# -- decisions ----------------------------------------------------------------------------------


@main.group()
def decisions() -> None:
    """The decision log: decisions, decision-makers' sign-offs, tamper evidence."""


def _decision_session(ctx: click.Context, workspace: Path) -> Any:
    """An open session (after sync) or a clean exit 2 with the reason."""
    from .services.folder import FolderError
    from .services.session import Session
    from .store import StoreError

    try:
        session, report = Session.open(workspace, ctx.obj["db_url"])
    except (FolderError, StoreError) as exc:
        _fail(str(exc))
    if session is None:
        for issue in report.issues:
            click.echo(str(issue), err=True)
        _fail("the workspace cannot be opened (see above); nothing was changed")
    for issue in report.issues:
        if issue.severity == "error":
            click.echo(f"workbench: not imported: {issue}", err=True)
    return session


def _functions_cell(functions: dict[str, str]) -> str:
    marks = {"approved": "+", "rejected": "x", "stale": "~", "missing": "."}
    return " ".join(f"{marks.get(state, '?')}{name}" for name, state in functions.items())


@decisions.command("list")
@_workspace_argument
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--stale", is_flag=True, help="Only decisions with a stale sign-off.")
@click.option("--rejected", is_flag=True, help="Only rejected decisions, or with a rejection.")
@click.option("--unsigned", is_flag=True, help="Only decisions nobody has signed.")
@click.option("--awaiting", metavar="FUNCTION", help="Only decisions awaiting FUNCTION's approval.")
@click.pass_context
def decisions_list(
    ctx: click.Context,
    workspace: Path,
    output_format: str,
    stale: bool,
    rejected: bool,
    unsigned: bool,
    awaiting: str | None,
) -> None:
    """List the decisions with their status and sign-off state per function
    (+ approved, x rejected, ~ stale, . missing). Filters combine (all must hold)."""
    from .domain.reference import Function
    from .services import decisions as service

    predicates: list[Any] = [
        p
        for wanted, p in (
            (stale, service.Filter.stale),
            (rejected, service.Filter.rejected),
            (unsigned, service.Filter.unsigned),
        )
        if wanted
    ]
    if awaiting is not None:
        try:
            predicates.append(service.Filter.awaiting_function(Function(awaiting)))
        except ValueError:
            _fail(f"{awaiting!r} is not a function ({', '.join(f.value for f in Function)})")
    session = _decision_session(ctx, workspace)
    try:
        ws = session.workspace
        found = [
            service.summary(ws, d)
            for d in ws.decisions
            if all(predicate(ws, d) for predicate in predicates)
        ]
    finally:
        session.close()
    if output_format == "json":
        click.echo(json.dumps({"decisions": found}, indent=2, ensure_ascii=False))
        return
    for item in found:
        click.echo(
            f"{item['number']:04d}  {item['status']:<10} {item['signoff_state']:<9} "
            f"{_functions_cell(item['functions']):<32} {item['title']}"
        )


@decisions.command("show")
@click.argument("number", type=click.IntRange(1, 9999))
@_workspace_argument
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def decisions_show(ctx: click.Context, number: int, workspace: Path, output_format: str) -> None:
    """Show decision NUMBER: its text, links and every sign-off with whether it still holds."""
    from .services import decisions as service

    session = _decision_session(ctx, workspace)
    try:
        ws = session.workspace
        decision = ws.decision(number)
        if decision is None:
            _fail(f"there is no decision {number:04d}")
        item = service.summary(ws, decision, full=True)
    finally:
        session.close()
    if output_format == "json":
        click.echo(json.dumps(item, indent=2, ensure_ascii=False))
        return
    click.echo(f"{item['number']:04d} {item['title']}")
    click.echo(f"  status: {item['status']} (sign-offs: {item['signoff_state']})")
    click.echo(f"  file: {item['file']}")
    click.echo(f"  required: {', '.join(item['required_functions']) or '-'}")
    click.echo(f"  functions: {_functions_cell(item['functions']) or '-'}")
    for link in item["links"]:
        click.echo(f"  governs: {link}")
    for s in item["signoffs"]:
        click.echo(
            f"  sign-off {s['position']}: {s['stakeholder']} ({s['function']}) {s['verdict']} "
            f"[{s['state']}] at {s['recorded_at']} recorded by {s['recorded_by']}"
            + (f": {s['comment']}" if s["comment"] else "")
        )


@decisions.command("new")
@click.argument("title")
@_workspace_argument
@click.option(
    "--link", "links", multiple=True, help="A governed element, e.g. mapping:account-customer."
)
@click.option("--require", "functions", multiple=True, help="A function whose approval it needs.")
@click.option("--decision-maker", "makers", multiple=True, help="A stakeholder id.")
@click.option("--context", default="", help="Context and problem statement.")
@click.option("--outcome", default="", help="The chosen option and why.")
@click.pass_context
def decisions_new(
    ctx: click.Context,
    title: str,
    workspace: Path,
    links: tuple[str, ...],
    functions: tuple[str, ...],
    makers: tuple[str, ...],
    context: str,
    outcome: str,
) -> None:
    """Record a new, proposed decision titled TITLE."""
    from .services import decisions as service
    from .services.editor import Editor

    session = _decision_session(ctx, workspace)
    try:
        decision = service.new_decision(
            Editor(session),
            title,
            links=links,
            required_functions=functions,
            decision_makers=makers,
            context=context,
            outcome=outcome,
        )
    except service.DecisionError as exc:
        _fail(f"{exc}; nothing was changed", EXIT_MODEL_ERRORS)
    finally:
        session.close()
    click.echo(f"Recorded decision {decision.number:04d}: {service.decision_file(decision)}")


@decisions.command("sign")
@click.argument("number", type=click.IntRange(1, 9999))
@click.argument("stakeholder")
@_workspace_argument
@click.option("--approve", "verdict", flag_value="approved", help="Approve the decision.")
@click.option("--reject", "verdict", flag_value="rejected", help="Reject it (give a comment).")
@click.option("--comment", "-m", default="", help="What the signer said.")
@click.option("--function", help="The function signed for (checked against the stakeholder's).")
@click.option("--recorded-by", help="Who records it (default: $WORKBENCH_OPERATOR, the OS user).")
@click.pass_context
def decisions_sign(
    ctx: click.Context,
    number: int,
    stakeholder: str,
    workspace: Path,
    verdict: str | None,
    comment: str,
    function: str | None,
    recorded_by: str | None,
) -> None:
    """Record STAKEHOLDER's approval (--approve) or rejection (--reject) of decision NUMBER."""
    from .services import decisions as service
    from .services.editor import Editor

    if verdict is None:
        _fail("say --approve or --reject")
    session = _decision_session(ctx, workspace)
    try:
        record = service.sign(
            Editor(session),
            number,
            stakeholder,
            verdict,
            comment,
            recorded_by=recorded_by or service.operator(session.folder),
            function=function,
        )
        decision = session.workspace.decision(number)
        state = service.state_label(session.workspace, decision) if decision else ""
        status = decision.status if decision else ""
    except service.DecisionError as exc:
        _fail(f"{exc}; nothing was changed", EXIT_MODEL_ERRORS)
    finally:
        session.close()
    click.echo(
        f"Decision {number:04d}: {record.stakeholder} ({record.function}) {record.verdict}; "
        f"status {status}, sign-offs {state}. Record {record.hash[:12]}"
    )


@decisions.command("verify")
@_workspace_argument
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def decisions_verify(ctx: click.Context, workspace: Path, output_format: str) -> None:
    """Recompute every sign-off record's hash and the chain, in the database and in the decision
    files, and compare the two. Exit 1 naming every altered, removed, reordered or inserted
    record. Reads only: it neither syncs nor writes."""
    from .services import decisions as service
    from .services.folder import DB_ENV, FolderError, WorkspaceFolder, database_url
    from .store import Store, StoreError

    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        files = folder.read_mirror()
        held = None
        if ctx.obj["db_url"] or os.environ.get(DB_ENV) or folder.default_database.exists():
            store = Store.open(database_url(folder, ctx.obj["db_url"]), create=False)
            try:
                held = None if store.is_empty() else store.load().workspace
            finally:
                store.close()
    except (FolderError, StoreError) as exc:
        _fail(str(exc))
    report = service.verify(held, files)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            click.echo(str(finding))
        source = "database and mirror" if held is not None else "mirror only (no database yet)"
        verdict = "intact" if report.ok else f"{len(report.findings)} problem(s)"
        click.echo(
            f"Sign-off log ({source}): {report.records} record(s) in {report.decisions} "
            f"decision(s), {report.files} file(s): {verdict}."
        )
        for stale in report.stale:
            click.echo(f"  stale (content changed since): {stale}")
        for unsynced in report.unsynced:
            click.echo(f"  not in the database yet (sync imports it): {unsynced}")
    sys.exit(EXIT_OK if report.ok else EXIT_MODEL_ERRORS)


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


# -- design checks ---------------------------------------------------------------------------


@main.command()
@_workspace_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="Output format (--list-rules: text or json).",
)
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
    from .checks import UnknownRule, rules
    from .checks import output as report
    from .services.checks import MirrorDoesNotParse, check_files
    from .services.folder import FolderError, WorkspaceFolder

    if list_rules:
        if output_format == "sarif":
            _fail("--list-rules prints text or json")
        catalogue = rules().values()
        text = report.rules_to_json(catalogue) if output_format == "json" else None
        _emit(text or report.rules_to_text(catalogue), output)
        return
    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        run = check_files(folder.read_mirror(), rule_ids or None)
    except (FolderError, UnknownRule) as exc:
        _fail(str(exc))
    except MirrorDoesNotParse as exc:
        for issue in exc.issues:
            click.echo(str(issue), err=True)
        _fail(str(exc))
    if output_format == "json":
        text = report.to_json(run.placed, run.suppressed)
    elif output_format == "sarif":
        selected = [rules()[rule_id] for rule_id in run.report.rules_run]
        text = report.to_sarif(run.placed, run.suppressed, selected, __version__)
    else:
        style = click.style if output is None and sys.stdout.isatty() else None
        text = report.to_text(run.placed, run.suppressed, style or report.plain_style)
    _emit(text, output)
    sys.exit(EXIT_MODEL_ERRORS if run.has_errors else EXIT_OK)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot be written ({exc.strerror})")
