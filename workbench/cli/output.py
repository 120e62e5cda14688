"""How the commands print a workspace summary, a sync report and the database state."""

from __future__ import annotations

import os
from typing import Any

import click


def summary_of(workspace: Any) -> dict[str, Any]:
    from ..services.summary import summarise

    return summarise(workspace)


def print_summary(summary: dict[str, Any], issues: list[Any]) -> None:
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


def print_sync(report: Any, *, showing: bool = False) -> None:
    """What a sync did (or, with errors, did not); ``showing``: the caller goes on to show the
    workspace, the database's version when the files have errors."""
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
        from ..services.sync import conflict_advice

        advice = conflict_advice(report.conflicts)
        if advice:
            click.echo(advice, err=True)
        return
    if report.issues and not report.ok:
        click.echo("The mirror has errors; nothing was written.", err=True)
        if showing and report.snapshot is not None:
            click.echo("Showing what the database holds.", err=True)
        return
    if report.created:
        click.echo(f"Created the database from {len(report.imported)} mirror file(s).")
    elif report.imported:
        click.echo(f"Imported {len(report.imported)} changed mirror file(s) into the database.")
    for settled in report.settled:
        click.echo(f"The sign-offs decide: {settled}.")
    if report.exported:
        click.echo(f"Wrote {len(report.exported)} mirror file(s).")
        for path in report.exported:
            click.echo(f"  {path}")
    if not report.imported and not report.exported:
        click.echo("Database and mirror are in step.")


def database_workspace(folder: Any, db_url: str | None) -> Any:
    """The workspace the database holds, or None when there is none yet (or it is empty); a
    database that cannot be opened raises StoreError. Reads only."""
    from ..services.folder import DB_ENV, database_url

    if not (db_url or os.environ.get(DB_ENV) or folder.default_database.exists()):
        return None
    from ..store import Store  # SQLAlchemy only when there is a database

    store = Store.open(database_url(folder, db_url), create=False)
    try:
        return None if store.is_empty() else store.load().workspace
    finally:
        store.close()


def database_state(folder: Any, db_url: str | None) -> str:
    from ..services.folder import DB_ENV, database_url

    url = database_url(folder, db_url)
    if not (db_url or os.environ.get(DB_ENV)) and not folder.default_database.exists():
        return "Database: not created yet (`workbench sync` or opening the workbench creates it)."
    from ..services.sync import mirror_status  # SQLAlchemy is only imported when a database exists
    from ..store import Store, StoreError, describe_url

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


def print_stale_news(news: list[str]) -> None:
    """What a change did to sign-offs (``stale_news``): a decision accepted a moment ago may be
    proposed again, which nobody should learn later from the list."""
    for note in news:
        click.echo(click.style(f"Sign-offs: {note[0].upper()}{note[1:]}.", fg="yellow"))
    if news:
        click.echo(
            "A stale sign-off approved what the change replaced: `workbench decisions list`."
        )
