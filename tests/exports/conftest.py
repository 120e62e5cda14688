from __future__ import annotations

import os
import shutil

import pytest

from workbench.domain.workspace import Workspace
from workbench.mirror import codec
from workbench.services.folder import WorkspaceFolder

from ..conftest import REPO_ROOT


def require_program(name: str, package: str) -> str:
    """The program's path; a skip with the package to install locally, a failure in CI."""
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it (.ci/run)")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="session")
def reference() -> Workspace:
    result = codec.parse(WorkspaceFolder.at(REPO_ROOT).read_mirror())
    assert result.workspace is not None and not result.errors
    return result.workspace
