"""Export a workspace: render the chosen formats, draw diagrams with Graphviz when it is there,
and write the files atomically into the output folder.

Where files may go: the default is the workspace's ``exports/`` folder. A relative ``--out`` is
taken relative to the workspace and must stay inside it after ``..`` and symlinks are resolved;
an absolute ``--out`` is the user's explicit choice and may be anywhere. Never into the model
files (``models/``, ``decisions/``) or the local state (``.workbench/``), wherever it points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.workspace import Workspace
from ..exporters import DIAGRAM_DIR, DIAGRAM_STEM, FORMATS, spec_json
from ..exporters.design import figure_mappings
from ..exporters.design_html import render_html
from ..exporters.design_markdown import render_markdown
from ..exporters.diagram import build_drawing, incomplete_mappings
from ..exporters.diagram_dot import render_dot
from ..exporters.diagram_mermaid import render_mermaid
from ..exporters.extras import DocumentExtras
from ..exporters.spec_csv import per_element_headers, render_csv
from ..exporters.spec_xlsx import render_xlsx
from ..mirror import layout
from .atomic import write_atomic
from .folder import STATE_DIR
from .graphviz import missing_dot_message, render_with_dot

DEFAULT_OUT = "exports"
PROTECTED = (layout.MODELS_DIR, layout.DECISIONS_DIR, STATE_DIR)


class ExportError(Exception):
    """The export cannot run: a bad format or output folder, or a file that cannot be written."""


@dataclass(frozen=True)
class ExportResult:
    out: Path
    written: tuple[str, ...]
    """Files written (relative to ``out``), in order: new, or with other bytes than before."""
    removed: tuple[str, ...] = ()
    """Files of an earlier export that no longer belong (a mapping deleted since)."""
    messages: tuple[str, ...] = ()
    """One line each: what could not be produced and why (Graphviz missing)."""
    unchanged: tuple[str, ...] = ()
    """Files the export produced with the bytes already there, left untouched."""

    def summary(self, shown: object | None = None) -> str:
        """``Wrote 3 of 75 file(s) to exports (72 unchanged)``, the folder as ``shown``."""
        total = len(self.written) + len(self.unchanged)
        kept = f" ({len(self.unchanged)} unchanged)" if self.unchanged else ""
        where = self.out if shown is None else shown
        return f"Wrote {len(self.written)} of {total} file(s) to {where}{kept}"


@dataclass
class Progress:
    """Called once per format as the export goes: (format, done, total)."""

    report: Callable[[str, int, int], None] = field(default=lambda _f, _d, _t: None)


def parse_formats(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Formats from ``xlsx,csv`` (or a list); all of them when none is asked for (``None``).
    Fixed order, no repeats. An empty choice (``--format ""``) is refused, as the dialog does."""
    if text is None:
        return FORMATS
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted = {item.strip().lower() for item in items if item.strip()}
    if not wanted:
        raise ExportError(f"no format given; choose from {', '.join(FORMATS)}")
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ExportError(
            f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in wanted)


def resolve_out(root: Path, out: str | Path | None) -> Path:
    """The output folder for ``out`` under the rule in the module docstring."""
    root = root.resolve()
    if out is None or str(out) == "":
        candidate = root / DEFAULT_OUT
    else:
        given = Path(out).expanduser()
        candidate = given if given.is_absolute() else root / given
        if not given.is_absolute():
            resolved = candidate.resolve()
            if not resolved.is_relative_to(root):
                raise ExportError(
                    f"the folder {out} leads outside the workspace ({resolved}); give an absolute "
                    "path to export elsewhere"
                )
    resolved = candidate.resolve()
    if resolved == root:
        raise ExportError("the exports need a folder of their own, not the workspace itself")
    for name in PROTECTED:
        if resolved.is_relative_to(root / name):
            raise ExportError(
                f"the folder {out} is inside the workspace's {name}/; choose another folder"
            )
    if resolved.exists() and not resolved.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    return resolved


def render_files(
    workspace: Workspace,
    formats: Iterable[str] = FORMATS,
    extras: DocumentExtras | None = None,
    stamp: dt.datetime | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the chosen formats (relative path -> bytes), and what could not be made.

    Deterministic apart from the optional stamp and what the local ``dot`` draws."""

    chosen = tuple(formats)
    report = (progress or Progress()).report
    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None
    files: dict[str, bytes] = {}
    messages: list[str] = []
    incomplete = incomplete_mappings(workspace)
    title = workspace.title or workspace.name
    dot_source = render_dot(build_drawing(workspace, None, incomplete), title)
    dot_missing = ""

    def draw(source: str, output: str) -> bytes | None:
        nonlocal dot_missing
        rendered = render_with_dot(source, output)
        if rendered.data is None and not dot_missing:
            dot_missing = rendered.problem
            messages.append(rendered.problem)
        return rendered.data

    for done, name in enumerate(chosen, start=1):
        report(name, done - 1, len(chosen))
        if name == "xlsx":
            files.update(render_xlsx(workspace, stamp))
        elif name == "csv":
            files.update(render_csv(workspace))
        elif name in ("json", "yaml"):
            render = spec_json.render_json if name == "json" else spec_json.render_yaml
            files.update(render(workspace, stamp_text))
            files[spec_json.SCHEMA_FILE] = spec_json.render_schema()
        elif name == "md":
            files.update(render_markdown(workspace, extras, stamp_text))
        elif name == "html":
            svgs: dict[str, bytes] = {}
            for key, mappings in figure_mappings(workspace).items():
                source = (
                    dot_source
                    if mappings is None
                    else render_dot(build_drawing(workspace, mappings, incomplete))
                )
                data = draw(source, "svg")
                if data is None:
                    break
                svgs[key] = data
            files.update(render_html(workspace, extras, svgs, dot_missing, stamp_text))
        elif name == "dot":
            files[f"{DIAGRAM_DIR}/{DIAGRAM_STEM}.dot"] = dot_source.encode("utf-8")
        elif name in ("svg", "png"):
            data = draw(dot_source, name)
            if data is not None:
                files[f"{DIAGRAM_DIR}/{DIAGRAM_STEM}.{name}"] = data
            elif "dot" not in chosen:
                # Without dot the source still lets someone draw it elsewhere.
                files[f"{DIAGRAM_DIR}/{DIAGRAM_STEM}.dot"] = dot_source.encode("utf-8")
        elif name == "mermaid":
            files[f"{DIAGRAM_DIR}/{DIAGRAM_STEM}.mmd"] = render_mermaid(
                build_drawing(workspace, None, incomplete)
            ).encode("utf-8")
        report(name, done, len(chosen))
    if dot_missing and not any(m == missing_dot_message() for m in messages):
        messages.append(missing_dot_message())
    return files, messages


def export_workspace(
    workspace: Workspace,
    root: Path,
    out: str | Path | None = None,
    formats: Iterable[str] = FORMATS,
    extras: DocumentExtras | None = None,
    stamp: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Render and write; files whose bytes are unchanged are left untouched (same mtime)."""
    target = resolve_out(root, out)
    formats = tuple(formats)
    files, messages = render_files(workspace, formats, extras, stamp, progress)
    written: list[str] = []
    unchanged: list[str] = []
    try:
        for relative, data in files.items():
            path = target / relative
            if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
                unchanged.append(relative)
                continue
            write_atomic(path, data)
            written.append(relative)
        removed, kept = _remove_stale(target, files) if "csv" in formats else ([], [])
        undrawn, old = _remove_old_drawings(target, files, formats)
        removed += undrawn
        messages = [*messages, *kept, *old]
    except OSError as exc:
        raise ExportError(f"cannot write to {target}: {exc.strerror or exc}") from None
    return ExportResult(target, tuple(written), tuple(removed), tuple(messages), tuple(unchanged))


_DRAWN_BY_DOT = {"svg": b"<!-- Generated by graphviz", "png": b"\x89PNG\r\n\x1a\n"}
"""How the start of a drawing ``dot`` made reads: an SVG says so in a comment; a PNG of the
diagram's own name is taken for one."""


def _remove_old_drawings(
    target: Path, files: dict[str, bytes], formats: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Drawings an earlier export made that this one asked for but could not draw (no ``dot``
    here): left in place they would show the earlier model beside the new DOT source. Removed
    when ``dot`` made them; a file of that name that it did not make is kept, and said."""
    removed: list[str] = []
    said: list[str] = []
    for output, mark in _DRAWN_BY_DOT.items():
        relative = f"{DIAGRAM_DIR}/{DIAGRAM_STEM}.{output}"
        path = target / relative
        if output not in formats or relative in files or not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as handle:
            start = handle.read(512)
        if mark in start:
            path.unlink()
            removed.append(relative)
        else:
            said.append(f"kept {relative}: not drawn by an export, and not the model as it is")
    return removed, said


def _remove_stale(target: Path, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """CSV files an export wrote for mappings and value maps that are gone from the model, and
    the messages for the CSV files there that no export wrote (kept: nothing in the output
    folder but an export's own files is ever deleted). Asked only when the CSV format was
    exported, so a folder the model has nothing left for is emptied too."""
    removed: list[str] = []
    kept: list[str] = []
    for folder, header in per_element_headers().items():
        for path in sorted((target / folder).glob("*.csv")):
            relative = path.relative_to(target).as_posix()
            if relative in files or not path.is_file() or path.is_symlink():
                continue
            with path.open("rb") as handle:
                first_line = handle.read(len(header))
            if first_line == header:
                path.unlink()
                removed.append(relative)
            else:
                kept.append(
                    f"kept {relative}: not written by an export (its columns are not the spec's)"
                )
    return removed, kept
