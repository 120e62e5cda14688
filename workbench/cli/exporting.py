"""``workbench export``: mapping specs, the design document and diagrams."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from .root import (
    EXIT_MODEL_ERRORS,
    fail,
    main,
    workspace_argument,
)

DRAWING_GONE = "drawn of an earlier model, and dot is not here to draw it again"


@main.command("export")
@workspace_argument
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

    from ..mirror import codec
    from ..services.design_extras import gather_extras
    from ..services.exporting import ExportError, export_workspace, parse_formats
    from ..services.folder import FolderError, WorkspaceFolder

    try:
        chosen = parse_formats(formats)
        folder = WorkspaceFolder.at(workspace)
        folder.require_workspace()
        result = codec.parse(folder.read_mirror())
    except (ExportError, FolderError) as exc:
        fail(str(exc))
    if result.errors:
        for issue in result.errors:
            click.echo(click.style(str(issue), fg="red"), err=True)
        fail(f"the model has {len(result.errors)} error(s); nothing exported", EXIT_MODEL_ERRORS)
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
        fail(str(exc))
    for message in done.messages:
        click.echo(f"workbench: {message}", err=True)
    shown = done.out
    with contextlib.suppress(ValueError):
        shown = done.out.relative_to(Path.cwd())
    click.echo(done.summary(shown) + (":" if done.written else "."))
    for path in done.written:
        click.echo(f"  {path}")
    for path in done.removed:
        why = DRAWING_GONE if path.endswith((".svg", ".png")) else "no longer in the model"
        click.echo(f"  removed {path} ({why})")
