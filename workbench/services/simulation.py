"""Running scenarios and explorations for the CLI, the TUI, checks and exports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..domain.workspace import Workspace
from ..mirror import codec
from ..simulate import SimulationError, run
from ..simulate.explore import Exploration, explore
from ..simulate.results import RunResult
from .folder import FolderError, WorkspaceFolder


@dataclass(frozen=True)
class SimulationReport:
    results: tuple[RunResult, ...]
    exploration: Exploration | None = None

    @property
    def passed(self) -> bool:
        exploring_ok = self.exploration is None or not self.exploration.uncovered
        return all(result.passed for result in self.results) and exploring_ok


def run_scenarios(
    workspace: Workspace, scenario_ids: Sequence[str] | None = None, trace: bool = True
) -> tuple[RunResult, ...]:
    """Run the named scenarios (all of them when ``scenario_ids`` is None), in id order.

    Raises ``SimulationError`` for an unknown scenario id or when a scenario cannot run."""
    if scenario_ids is None:
        chosen = sorted(workspace.scenarios, key=lambda s: s.id)
    else:
        known = workspace.index.scenarios
        missing = [sid for sid in scenario_ids if sid not in known]
        if missing:
            raise SimulationError(f"no scenario called {', '.join(missing)}")
        chosen = [known[sid] for sid in dict.fromkeys(scenario_ids)]
    return tuple(run(workspace, scenario, trace) for scenario in chosen)


def simulate(
    workspace: Workspace,
    scenario_ids: Sequence[str] | None = None,
    explore_count: int = 0,
    seed: int = 0,
    trace: bool = True,
) -> SimulationReport:
    results = run_scenarios(workspace, scenario_ids, trace) if scenario_ids != () else ()
    exploration = explore(workspace, explore_count, seed) if explore_count else None
    return SimulationReport(results, exploration)


def load_workspace(path: Path) -> Workspace:
    """The workspace in the mirror at ``path``; raises ``SimulationError`` when it has errors."""
    try:
        folder = WorkspaceFolder.at(path)
        folder.require_workspace()
        result = codec.parse(folder.read_mirror())
    except FolderError as exc:
        raise SimulationError(str(exc)) from exc
    if result.workspace is None:
        problems = "; ".join(str(issue) for issue in result.errors[:5])
        raise SimulationError(f"the model has errors, fix them first: {problems}")
    return result.workspace
