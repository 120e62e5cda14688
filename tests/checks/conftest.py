from __future__ import annotations

import pytest

from tests.conftest import REPO_ROOT
from workbench.domain import Workspace
from workbench.mirror import codec
from workbench.services.folder import WorkspaceFolder


def load_reference() -> Workspace:
    result = codec.parse(WorkspaceFolder.at(REPO_ROOT).read_mirror())
    assert result.workspace is not None, [str(i) for i in result.errors]
    return result.workspace


@pytest.fixture(scope="session")
def reference() -> Workspace:
    return load_reference()
