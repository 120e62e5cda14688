"""Simulation of edge-case orders through the mapping design.

``run(workspace, scenario)`` runs one scenario and checks its expectations; the engine is pure
and reads nothing but the workspace value it is given.
"""

from __future__ import annotations

from ..domain.scenarios import Scenario
from ..domain.workspace import Workspace
from .design import SimulationError
from .engine import design_of, run_scenario
from .expectations import evaluate
from .results import RunResult


def run(workspace: Workspace, scenario: Scenario, trace: bool = True) -> RunResult:
    """Run ``scenario`` through ``workspace`` and compare the outcome with its expectations."""
    return evaluate(scenario.expect, run_scenario(workspace, scenario, trace))


def document_types(workspace: Workspace, scenario: Scenario) -> frozenset[str]:
    """The document types a run of ``scenario`` through ``workspace`` can make (an order's
    type is its mapping's target entity); raises ``SimulationError`` as ``run`` would."""
    return design_of(workspace, scenario).document_types


__all__ = ["RunResult", "SimulationError", "document_types", "run", "run_scenario"]
