"""Opening an in-step workspace without the store: same workspace, edits still go through."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbench.domain import Cardinality, edits
from workbench.services.example import init_workspace
from workbench.services.session import Session


def _synced(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    init_workspace(root, example=True)
    session, report = Session.open(root)
    assert session is not None and report.ok
    session.close()
    return root


def test_an_in_step_workspace_opens_without_the_store(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    full, _ = Session.open(root)
    assert full is not None
    quick = Session.open_quick(root)
    assert quick is not None
    try:
        assert quick._store is None, "nothing opened the store yet"
        assert quick.workspace == full.workspace
        assert quick.snapshot.revision == full.snapshot.revision
        assert quick.url == full.url
    finally:
        full.close()
    # The first edit opens the store and the mirror follows.
    try:
        quick.apply(edits.set_cardinality(quick.workspace, "account-customer", Cardinality.NONE))
        assert quick._store is not None
        text = (root / "models" / "mappings" / "account-customer.yaml").read_text("utf-8")
        assert "cardinality: none" in text
    finally:
        quick.close()
    reopened, _ = Session.open(root)
    assert reopened is not None
    try:
        mapping = reopened.workspace.mapping("account-customer")
        assert mapping is not None and mapping.cardinality is Cardinality.NONE
    finally:
        reopened.close()


def test_a_changed_file_needs_the_full_open(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    path = root / "models" / "mappings" / "account-customer.yaml"
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")
    assert Session.open_quick(root) is None


def test_another_database_needs_the_full_open(tmp_path: Path) -> None:
    root = _synced(tmp_path)
    assert Session.open_quick(root, f"sqlite:///{tmp_path / 'other.db'}") is None
    assert Session.open_quick(root, "postgresql://127.0.0.1/test") is None


def test_the_workbench_starts_without_sqlalchemy_or_yaml() -> None:
    """The start-up path imports neither (they are imported after the first screen)."""
    code = (
        "import sys, workbench.tui.app, workbench.cli; "
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'yaml') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
