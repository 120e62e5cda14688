"""``workbench decisions``: the decision log, sign-offs and tamper evidence."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .output import print_sync
from .root import (
    EXIT_MODEL_ERRORS,
    EXIT_OK,
    fail,
    follow_session,
    format_option,
    main,
    workspace_argument,
)


@main.group()
def decisions() -> None:
    """The decision log: decisions, decision-makers' sign-offs, tamper evidence."""


def _decision_session(ctx: click.Context, workspace: Path, *, writing: bool = False) -> Any:
    """An open session (after sync) or a clean exit with the reason. ``writing``: the command
    records something, refused while a mirror file has errors (it could not be imported, so
    a new decision could take a number a file has, and a record's file could not be written)."""
    from ..services.folder import FolderError
    from ..services.session import Session
    from ..store import StoreError

    try:
        session, report = Session.open(workspace, ctx.obj["db_url"])
    except (FolderError, StoreError) as exc:
        fail(str(exc))
    if session is None:
        # Conflicts or mirror errors: said as `workbench sync` says them, exit 1 as it does.
        print_sync(report)
        sys.exit(EXIT_MODEL_ERRORS)
    follow_session(session, report)
    errors = [issue for issue in report.issues if issue.severity == "error"]
    for issue in errors:
        click.echo(f"workbench: not imported: {issue}", err=True)
    if writing and errors:
        session.close()
        fail(
            "the mirror has errors (above): fix them, then record; nothing was changed",
            EXIT_MODEL_ERRORS,
        )
    return session


def _show_text(item: dict[str, Any]) -> None:
    """The decision's own text, in its record's order (MADR's sections)."""
    sections = (
        ("Context", "context"),
        ("Decision drivers", "drivers"),
        ("Options", "options"),
        ("Outcome", "outcome"),
        ("Consequences", "consequences"),
        ("More information", "more_information"),
    )
    for heading, key in sections:
        value = item.get(key)
        if not value:
            continue
        click.echo(f"  {heading}:")
        for line in [f"- {entry}" for entry in value] if isinstance(value, list) else [value]:
            for part in str(line).splitlines() or [""]:
                click.echo(f"    {part}")


def _functions_cell(functions: dict[str, str]) -> str:
    marks = {"approved": "+", "rejected": "x", "stale": "~", "missing": "."}
    return " ".join(f"{marks.get(state, '?')}{name}" for name, state in functions.items())


@decisions.command("list")
@workspace_argument
@format_option("text", "json")
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
    from ..domain.reference import Function
    from ..services import decisions as service

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
            fail(f"{awaiting!r} is not a function ({', '.join(f.value for f in Function)})")
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
    cells = [_functions_cell(item["functions"]) for item in found]
    # As wide as the widest row's marks: titles start in one column however many functions sign.
    width = max((len(cell) for cell in cells), default=0)
    for item, cell in zip(found, cells, strict=True):
        click.echo(
            f"{item['number']:04d}  {item['status']:<10} {item['signoff_state']:<9} "
            f"{cell:<{width}}  {item['title']}"
        )


@decisions.command("show")
@click.argument("number", type=click.IntRange(1, 9999))
@workspace_argument
@format_option("text", "json")
@click.pass_context
def decisions_show(ctx: click.Context, number: int, workspace: Path, output_format: str) -> None:
    """Show decision NUMBER: its text, links and every sign-off with whether it still holds."""
    from ..services import decisions as service

    session = _decision_session(ctx, workspace)
    try:
        ws = session.workspace
        decision = ws.decision(number)
        if decision is None:
            fail(f"there is no decision {number:04d}")
        item = service.summary(ws, decision, full=True)
    finally:
        session.close()
    if output_format == "json":
        click.echo(json.dumps(item, indent=2, ensure_ascii=False))
        return
    click.echo(f"{item['number']:04d} {item['title']}")
    superseded = f" by {item['superseded_by']:04d}" if item["superseded_by"] else ""
    click.echo(f"  status: {item['status']}{superseded} (sign-offs: {item['signoff_state']})")
    click.echo(f"  date: {item['date'] or '-'}")
    click.echo(f"  file: {item['file']}")
    click.echo(f"  required: {', '.join(item['required_functions']) or '-'}")
    click.echo(f"  functions: {_functions_cell(item['functions']) or '-'}")
    click.echo(f"  decision-makers: {', '.join(item['decision_makers']) or '-'}")
    for label, key in (("consulted", "consulted"), ("informed", "informed")):
        if item[key]:
            click.echo(f"  {label}: {'; '.join(item[key])}")
    for link in item["links"]:
        click.echo(f"  governs: {link}")
    _show_text(item)
    for s in item["signoffs"]:
        click.echo(
            f"  sign-off {s['position']}: {s['stakeholder']} ({s['function']}) {s['verdict']} "
            f"[{s['state']}] at {s['recorded_at']} recorded by {s['recorded_by']}"
            + (f": {s['comment']}" if s["comment"] else "")
        )


@decisions.command("new")
@click.argument("title")
@workspace_argument
@click.option(
    "--link", "links", multiple=True, help="A governed element, e.g. mapping:account-customer."
)
@click.option("--require", "functions", multiple=True, help="A function whose approval it needs.")
@click.option("--decision-maker", "makers", multiple=True, help="A stakeholder, by id or by name.")
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
    from ..services import decisions as service
    from ..services.editor import Editor

    session = _decision_session(ctx, workspace, writing=True)
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
        fail(f"{exc}; nothing was changed", EXIT_MODEL_ERRORS)
    finally:
        session.close()
    click.echo(f"Recorded decision {decision.number:04d}: {service.decision_file(decision)}")


@decisions.command("sign")
@click.argument("number", type=click.IntRange(1, 9999))
@click.argument("stakeholder")
@workspace_argument
@click.option("--approve", is_flag=True, help="Approve the decision.")
@click.option("--reject", is_flag=True, help="Reject it (give a comment).")
@click.option("--comment", "-m", default="", help="What the signer said.")
@click.option("--function", help="The function signed for (checked against the stakeholder's).")
@click.option("--recorded-by", help="Who records it (default: $WORKBENCH_OPERATOR, the OS user).")
@click.pass_context
def decisions_sign(
    ctx: click.Context,
    number: int,
    stakeholder: str,
    workspace: Path,
    approve: bool,
    reject: bool,
    comment: str,
    function: str | None,
    recorded_by: str | None,
) -> None:
    """Record STAKEHOLDER's approval (--approve) or rejection (--reject) of decision NUMBER."""
    from ..services import decisions as service
    from ..services.editor import Editor

    if approve == reject:
        # Both given is a slip nobody can take back: the log is append-only.
        fail("say --approve or --reject" if not approve else "say --approve or --reject, not both")
    verdict = "approved" if approve else "rejected"
    session = _decision_session(ctx, workspace, writing=True)
    if session.workspace.decision(number) is None:
        session.close()
        fail(f"there is no decision {number:04d}")  # as `show` says it: exit 2, a wrong number
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
        fail(f"{exc}; nothing was changed", EXIT_MODEL_ERRORS)
    finally:
        session.close()
    click.echo(
        f"Decision {number:04d}: {record.stakeholder} ({record.function}) {record.verdict}; "
        f"status {status}, sign-offs {state}. Record {record.hash[:12]}"
    )


@decisions.command("verify")
@workspace_argument
@format_option("text", "json")
@click.pass_context
def decisions_verify(ctx: click.Context, workspace: Path, output_format: str) -> None:
    """Recompute every sign-off record's hash and the chain, in the database and in the decision
    files, and compare the two. Exit 1 naming every altered, removed, reordered or inserted
    record. Reads only: it neither syncs nor writes."""
    from ..services import decisions as service
    from ..services.folder import FolderError, WorkspaceFolder
    from ..store import StoreError
    from .output import database_workspace

    try:
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        files = folder.read_mirror()
        held = database_workspace(folder, ctx.obj["db_url"])
    except (FolderError, StoreError) as exc:
        fail(str(exc))
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
