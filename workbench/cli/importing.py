"""``workbench import`` (system metadata) and ``workbench suggest`` (mapping suggestions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .output import print_stale_news
from .root import (
    EXIT_MODEL_ERRORS,
    fail,
    format_option,
    main,
    open_session,
    workspace_argument,
)


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
@format_option("text", "json", help="Output format of the diff.")
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
    from ..domain.signoffs import stale_news
    from ..domain.systems import SystemRole
    from ..importers import Format, ImportFailure
    from ..services.importing import check_system_name, import_into
    from ..services.session import InvalidEdit
    from ..store import ConflictError, StoreError

    try:
        check_system_name(system)
    except ImportFailure as exc:
        fail(str(exc))
    session = open_session(workspace, ctx.obj["db_url"])
    before = session.workspace
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
        news = stale_news(before, session.workspace)
    except ImportFailure as exc:
        fail(str(exc))
    except InvalidEdit as exc:
        for issue in exc.issues:
            click.echo(click.style(f"{issue.element}: {issue.message}", fg="red"), err=True)
        fail(
            "the import would leave the model with errors; nothing was written.", EXIT_MODEL_ERRORS
        )
    except (ConflictError, StoreError) as exc:
        fail(f"{exc}; nothing was written.")
    finally:
        session.close()
    diff = outcome.diff
    if output_format == "json":
        record = {**diff.as_dict(), "written": outcome.written, "signoffs_made_stale": news}
        click.echo(json.dumps(record, indent=2))
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
    print_stale_news(news)


@main.command()
@workspace_argument
@format_option("text", "json")
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
    from ..domain.signoffs import stale_news
    from ..services.session import InvalidEdit
    from ..services.suggestions import (
        UnknownSuggestion,
        decide,
        open_suggestions,
        suggestion_record,
    )
    from ..store import ConflictError, StoreError

    session = open_session(workspace, ctx.obj["db_url"])
    before = session.workspace
    try:
        if forget_rejections:
            from ..services.suggestions import forget_rejections as forget

            click.echo(f"Forgot {forget(session)} rejected suggestion(s).")
        decisions = decide(session, accept_ids, reject_ids)
        remaining = open_suggestions(session.workspace)
        news = stale_news(before, session.workspace)
    except UnknownSuggestion as exc:
        fail(f"{exc}; nothing was written.")
    except InvalidEdit as exc:
        for issue in exc.issues:
            click.echo(click.style(f"{issue.element}: {issue.message}", fg="red"), err=True)
        fail("the change would leave the model with errors; nothing was written.", 1)
    except (ConflictError, StoreError) as exc:
        fail(f"{exc}; nothing was written.")
    finally:
        session.close()
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "accepted": [suggestion_record(s) for s in decisions.accepted],
                    "rejected": [suggestion_record(s) for s in decisions.rejected],
                    "suggestions": [suggestion_record(s) for s in remaining],
                    "signoffs_made_stale": news,
                },
                indent=2,
            )
        )
        return
    for chosen in decisions.accepted:
        click.echo(click.style(f"Accepted {chosen.id}: {chosen.key}", fg="green"))
    for chosen in decisions.rejected:
        click.echo(click.style(f"Rejected {chosen.id}: {chosen.key}", fg="yellow"))
    print_stale_news(news)
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
