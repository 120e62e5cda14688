"""The reference workspace, loaded once for the simulation tests."""

from __future__ import annotations

import pytest

from tests.conftest import REPO_ROOT
from workbench.domain.workspace import Workspace
from workbench.services.simulation import load_workspace


@pytest.fixture(scope="session")
def reference() -> Workspace:
    return load_workspace(REPO_ROOT)
