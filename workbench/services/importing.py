"""Importing metadata files into a workspace: read the files, parse them, plan the diff, and
apply it through the session in one commit (the mirror follows). Nothing is written on a dry run,
when nothing changed, or on any error."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.base import SYSTEM_NAME_PATTERN
from ..domain.systems import SystemRole
from ..domain.validation import Issue, errors_only, validate_workspace
from ..domain.workspace import Workspace
from ..importers import Catalogue, Format, ImportFailure, parse
from ..importers.model import MAX_INPUT_BYTES
from ..importers.plan import ImportDiff, ImportPlan, plan_import
from .session import InvalidEdit, Session

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)`` while files are read."""

SUFFIXES: dict[Format, tuple[str, ...]] = {
    Format.SALESFORCE: (".object-meta.xml", ".field-meta.xml", ".json"),
    Format.EDMX: (".edmx", ".xml"),
    Format.CSV: (".csv",),
}
MAX_FILES = 20_000


@dataclass
class ImportOutcome:
    diff: ImportDiff
    written: bool
    warnings: list[Issue] = field(default_factory=list)


def files_in(paths: Sequence[Path], kind: Format) -> list[Path]:
    """The files to read: each file given, and inside each folder given, the files of the format
    (an SFDX ``objects/`` folder, a folder of ``.edmx`` files), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.name.endswith(SUFFIXES[kind]) and not _hidden(p, path)
            )
            if kind is Format.SALESFORCE and any(p.name.endswith("-meta.xml") for p in inside):
                # An SFDX project: its JSON files are configuration (sfdx-project.json,
                # package.json, jsconfig.json), not describe output.
                inside = [p for p in inside if not p.name.endswith(".json")]
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise ImportFailure(str(path), "no such file or folder")
        if len(found) > MAX_FILES:
            raise ImportFailure(str(path), f"more than {MAX_FILES} files; choose a smaller folder")
    if not found:
        names = ", ".join(str(p) for p in paths)
        raise ImportFailure(
            names, f"no {kind} files found (looked for {', '.join(SUFFIXES[kind])})"
        )
    return list(dict.fromkeys(found))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_catalogue(
    paths: Sequence[Path], kind: Format, progress: Progress | None = None
) -> Catalogue:
    """Read and parse the files of one system. Raises ImportFailure naming the file."""
    files = files_in(paths, kind)
    contents: dict[str, bytes] = {}
    total = len(files)
    for done, path in enumerate(files, 1):
        try:
            size = path.stat().st_size
            if size > MAX_INPUT_BYTES:
                raise ImportFailure(
                    str(path),
                    f"{size / 1_048_576:.0f} MB is more than the "
                    f"{MAX_INPUT_BYTES // 1_048_576} MB an importer reads",
                )
            contents[path.as_posix()] = path.read_bytes()
        except OSError as exc:
            raise ImportFailure(str(path), f"cannot read: {exc.strerror or exc}") from None
        if progress is not None and (done == total or done % 25 == 0):
            progress(done, total, path.name)
    return parse(kind, contents)


def check_system_name(name: str) -> None:
    if not re.fullmatch(SYSTEM_NAME_PATTERN, name):  # match's $ passes a final newline
        raise ImportFailure(
            "--system",
            f"{name!r} is not a system name (lowercase letters, digits, - and _, starting with a "
            "letter, at most 40 characters)",
        )


def plan(
    ws: Workspace,
    system: str,
    catalogue: Catalogue,
    role: SystemRole | None = None,
    keep_missing: bool = False,
) -> ImportPlan:
    check_system_name(system)
    return plan_import(ws, system, catalogue, role=role, keep_missing=keep_missing)


def plan_errors(result: ImportPlan) -> list[Issue]:
    """Errors the imported model would carry (it is validated before anything is written)."""
    if result.after is result.before:
        return []
    return errors_only(validate_workspace(result.after))


def apply_plan(session: Session, result: ImportPlan) -> ImportOutcome:
    """Commit a plan in one transaction. Raises InvalidEdit (nothing written) when the result
    has errors, ConflictError when someone changed the system meanwhile."""
    if not result.diff.has_changes or result.after is result.before:
        return ImportOutcome(result.diff, written=False)
    warnings = session.apply(result.after)
    return ImportOutcome(result.diff, written=True, warnings=warnings)


def import_into(
    session: Session,
    paths: Sequence[Path],
    kind: Format,
    system: str,
    *,
    role: SystemRole | None = None,
    dry_run: bool = False,
    keep_missing: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import files into the open session's workspace. Raises ImportFailure or InvalidEdit with
    nothing written."""
    check_system_name(system)
    catalogue = read_catalogue(paths, kind, progress)
    result = plan(session.workspace, system, catalogue, role, keep_missing)
    errors = plan_errors(result)
    if errors:
        raise InvalidEdit(errors)
    if dry_run:
        return ImportOutcome(result.diff, written=False)
    return apply_plan(session, result)


def guess_format(paths: Sequence[Path]) -> Format | None:
    """The format the paths hold, when it is plain from their names: ``.edmx`` and ``$metadata``
    XML are OData, ``.csv`` an inventory, SFDX files, describe JSON and folders holding them
    Salesforce."""
    votes: set[Format] = set()
    for path in paths:
        names = [path.name] if not path.is_dir() else [p.name for p in _sample(path)]
        for name in names:
            if name.endswith(("-meta.xml", ".json")):  # any SFDX metadata file
                votes.add(Format.SALESFORCE)
            elif name.endswith((".edmx", ".xml")):
                votes.add(Format.EDMX)
            elif name.endswith(".csv"):
                votes.add(Format.CSV)
    return votes.pop() if len(votes) == 1 else None


def _sample(folder: Path, limit: int = 200) -> list[Path]:
    found: list[Path] = []
    for path in folder.rglob("*"):
        if path.is_file() and path.name.endswith((".xml", ".edmx", ".json", ".csv")):
            found.append(path)
            if len(found) >= limit:
                break
    return found
