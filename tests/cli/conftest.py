"""What the CLI tests share: a copy of the reference workspace, opened by a named operator."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.services.example import init_workspace


@pytest.fixture
def reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reference workspace in a fresh folder, with its own database (not $WORKBENCH_DB)."""
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.setenv("WORKBENCH_OPERATOR", "facilitator")
    root = tmp_path / "q2c"
    init_workspace(root, example=True)
    return root
