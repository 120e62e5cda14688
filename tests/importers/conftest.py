from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SHARED_SAMPLES

SAP = SHARED_SAMPLES / "sap-odata"
CPQ_OBJECTS = SHARED_SAMPLES / "salesforce" / "sfdx-cpq" / "objects"
DESCRIBE = REPO_ROOT / "tests" / "fixtures" / "describe"
HOSTILE = REPO_ROOT / "tests" / "fixtures" / "hostile-import"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"the shared metadata samples are not here ({path} is absent)")
    return path


@pytest.fixture
def sap_folder() -> Path:
    return require(SAP)


@pytest.fixture
def cpq_objects() -> Path:
    return require(CPQ_OBJECTS)


def sfdx_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.xml"))}
