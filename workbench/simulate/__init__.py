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


RUN_INPUTS = ("systems", "mappings", "value_maps", "product_classes", "master_data")
"""The parts of a workspace a run reads, besides its scenario: the design's mappings (and the
systems their fields belong to), the value maps they translate with, the product classes that
say how a line bills and earns, and the master data sets."""


def run_inputs(workspace: Workspace, scenario: Scenario) -> tuple[object, ...]:
    """What a run of ``scenario`` through ``workspace`` reads, as the objects themselves: the
    model is immutable and an edit replaces what it changes, so a run's outcome holds for as
    long as each of them is the same object (``is``), and no longer."""
    return (scenario, *(getattr(workspace, name) for name in RUN_INPUTS))


def document_types(workspace: Workspace, scenario: Scenario) -> frozenset[str]:
    """The document types a run of ``scenario`` through ``workspace`` can make (an order's
    type is its mapping's target entity); raises ``SimulationError`` as ``run`` would."""
    return design_of(workspace, scenario).document_types


__all__ = [
    "RUN_INPUTS",
    "RunResult",
    "SimulationError",
    "document_types",
    "run",
    "run_inputs",
    "run_scenario",
]
