"""Each scenario's verdict in its last run on the simulation screen, for as long as it holds."""

from __future__ import annotations

from ..domain.scenarios import Scenario
from ..domain.workspace import Workspace


class Verdicts:
    """Passed or failed, per scenario, with what the run read (``simulate.run_inputs``). A
    verdict is shown only while the scenario and the design it ran through are the very same
    objects: an edit anywhere in them, on any screen, or an undo, takes the mark away (the marks
    stay when the simulation screen is left and opened again, while nothing they ran on
    changed)."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[tuple[object, ...], bool]] = {}

    def record(self, workspace: Workspace, scenario_id: str, passed: bool) -> None:
        """The verdict of a run of ``scenario_id`` through ``workspace`` (the version the run
        read, not the one open when it ends)."""
        from ..simulate import run_inputs  # the simulator: not imported before the first frame

        scenario = workspace.scenario(scenario_id)
        if scenario is not None:
            self._held[scenario_id] = (run_inputs(workspace, scenario), passed)

    def of(self, workspace: Workspace, scenario: Scenario) -> bool | None:
        """The verdict that still holds for ``scenario`` in ``workspace`` (None: not run, or
        run on something that has changed since)."""
        held = self._held.get(scenario.id)
        if held is None:
            return None
        from ..simulate import run_inputs

        inputs, passed = held
        now = run_inputs(workspace, scenario)
        if len(inputs) != len(now) or any(a is not b for a, b in zip(inputs, now, strict=True)):
            return None
        return passed

    def forget(self, scenario_id: str) -> None:
        self._held.pop(scenario_id, None)
