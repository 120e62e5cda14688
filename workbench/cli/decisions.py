"""``workbench decisions``: the decision log, sign-offs and tamper evidence."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .root import (
    EXIT_MODEL_ERRORS,
    EXIT_OK,
    fail,
    format_option,
    main,
    workspace_argument,
)


@main.group()
def decisions() -> None:
    """The decision log: decisions, decision-makers' sign-offs, tamper evidence."""


def _decision_session(ctx: click.Context, workspace: Path) -> Any:
    """An open session (after sync) or a clean exit 2 with the reason."""
    from ..services.folder import FolderError
    from ..services.session import Session
    from ..store import StoreError

    try:
        session, report = Session.open(workspace, ctx.obj["db_url"])
    except (FolderError, StoreError) as exc:
        fail(str(exc))
    if session is None:
        for issue in report.issues:
            click.echo(str(issue), err=True)
        fail("the workspace cannot be opened (see above); nothing was changed")
    for issue in report.issues:
        if issue.severity == "error":
            click.echo(f"workbench: not imported: {issue}", err=True)
    return session


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
    for item in found:
        click.echo(
            f"{item['number']:04d}  {item['status']:<10} {item['signoff_state']:<9} "
            f"{_functions_cell(item['functions']):<32} {item['title']}"
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
@workspace_argument
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
    from ..services import decisions as service
    from ..services.editor import Editor

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
        fail(f"{exc}; nothing was changed", EXIT_MODEL_ERRORS)
    finally:
        session.close()
    click.echo(f"Recorded decision {decision.number:04d}: {service.decision_file(decision)}")


@decisions.command("sign")
@click.argument("number", type=click.IntRange(1, 9999))
@click.argument("stakeholder")
@workspace_argument
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
    from ..services import decisions as service
    from ..services.editor import Editor

    if verdict is None:
        fail("say --approve or --reject")
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
    from ..services.folder import DB_ENV, FolderError, WorkspaceFolder, database_url
    from ..store import Store, StoreError

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
