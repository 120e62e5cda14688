"""The domain models' validators are built on first use (start-up), and all at once on request."""

from __future__ import annotations

import subprocess
import sys

from workbench.domain.base import Model, build_validators
from workbench.domain.masterdata import Flow, MasterData
from workbench.domain.scenarios import Expectations, Scenario


def _models() -> list[type[Model]]:
    found: list[type[Model]] = []
    pending = list(Model.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_importing_the_domain_builds_no_validator() -> None:
    # A default made by calling a model (``flow: Flow = Flow()``) would build that model's
    # validator, and every model it holds, while the program starts.
    script = (
        "import workbench.domain\n"
        "from workbench.domain.base import Model\n"
        "pending, built = list(Model.__subclasses__()), []\n"
        "while pending:\n"
        "    cls = pending.pop()\n"
        "    pending.extend(cls.__subclasses__())\n"
        "    if cls.__pydantic_complete__:\n"
        "        built.append(cls.__qualname__)\n"
        "print(','.join(sorted(built)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_build_validators_leaves_no_model_deferred() -> None:
    build_validators()
    assert [cls.__qualname__ for cls in _models() if not cls.__pydantic_complete__] == []
    assert build_validators() == 0  # nothing left to build


def test_defaults_made_without_validation_equal_validated_ones() -> None:
    assert MasterData(id="set").flow == Flow()
    assert Scenario.model_fields["expect"].default == Expectations()
