"""Simulation of edge-case orders through the mapping design.

``run(workspace, scenario)`` runs one scenario and checks its expectations; the engine is pure
and reads nothing but the workspace value it is given.
"""

from __future__ import annotations

from ..domain.scenarios import Scenario
from ..domain.workspace import Workspace
from .design import SimulationError
from .engine import run_scenario
from .expectations import evaluate
from .results import RunResult


def run(workspace: Workspace, scenario: Scenario, trace: bool = True) -> RunResult:
    """Run ``scenario`` through ``workspace`` and compare the outcome with its expectations."""
    return evaluate(scenario.expect, run_scenario(workspace, scenario, trace))


__all__ = ["RunResult", "SimulationError", "run", "run_scenario"]
