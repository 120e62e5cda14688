"""The reference workspace shipped with the workbench, and creating new workspaces."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from ..domain.base import slugify
from ..domain.workspace import Workspace
from ..mirror import codec, layout
from .folder import STATE_DIR, FolderError, WorkspaceFolder

GITIGNORE = f"# the local database and sync state of the workbench\n{STATE_DIR}/\n"


def example_root() -> Path:
    """Folder holding the reference workspace's ``models/`` and ``decisions/``: packaged with a
    wheel, or the repository root in a development checkout."""
    packaged = Path(str(resources.files("workbench") / "example"))
    if (packaged / layout.WORKSPACE_FILE).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / layout.WORKSPACE_FILE).is_file():
        return checkout
    raise FolderError("the reference workspace is not part of this installation")


def init_workspace(target: Path, *, example: bool, name: str | None = None) -> list[str]:
    """Create a workspace in ``target`` (which may exist but must not be a workspace yet).
    Returns the files created, relative to ``target``."""
    target = target.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise FolderError(f"{target} exists and is not a folder")
    if (target / layout.WORKSPACE_FILE).exists():
        raise FolderError(f"{target} already holds a workspace")
    for sub in (layout.MODELS_DIR, layout.DECISIONS_DIR):
        if (target / sub).exists() and any((target / sub).iterdir()):
            raise FolderError(f"{target / sub} exists and is not empty; choose another folder")
    source = example_root() if example else None
    target.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    if source is not None:
        for sub in (layout.MODELS_DIR, layout.DECISIONS_DIR):
            if (source / sub).is_dir():
                shutil.copytree(source / sub, target / sub, dirs_exist_ok=True)
        folder = WorkspaceFolder(target)
        files = folder.read_mirror()
        if name:
            _rename(target, files, slugify(name, 80))
        created = sorted(files)
    else:
        workspace = Workspace(name=slugify(name or target.name, 80))
        for path, data in codec.render(workspace).items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(data)
            created.append(path)
        (target / layout.DECISIONS_DIR).mkdir(exist_ok=True)
    (target / "exports").mkdir(exist_ok=True)
    ignore = target / ".gitignore"
    if not ignore.exists():
        ignore.write_text(GITIGNORE, "utf-8")
        created.append(".gitignore")
    return created


def _rename(target: Path, files: dict[str, bytes], name: str) -> None:
    """The copied reference workspace under ``name``: its files rewritten where the name shows."""
    parsed = codec.parse(files)
    if parsed.workspace is None:  # the shipped example always parses; said if it ever does not
        raise FolderError(f"the reference workspace does not parse: {parsed.issues[0]}")
    for path, data in codec.render(parsed.workspace.model_copy(update={"name": name})).items():
        if files.get(path) != data:
            (target / path).write_bytes(data)
            files[path] = data
