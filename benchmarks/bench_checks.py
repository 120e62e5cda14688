"""Time the design checks on the large generated model (2,000 entities, 40,000 fields).

- ``full``: every rule on the whole model with nothing remembered (a CI run of the rules);
- ``cli``: ``check_files`` as `workbench check` runs it: parse the mirror, run every rule, place
  each finding at its file and line;
- ``edit-mapping`` / ``edit-entity`` / ``edit-value-map``: what the TUI pays after one edit: the
  next run with the results of the previous one kept (only the mappings the edit touched are
  checked again).

Usage: python -m benchmarks.bench_checks [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

from benchmarks.large_model import large_workspace
from workbench.checks import rules, run_checks
from workbench.checks.runner import Checker
from workbench.domain.elements import patch
from workbench.domain.workspace import Workspace


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _edits(ws: Workspace) -> dict[str, Workspace]:
    mapping = ws.mappings[500]
    system = ws.systems[1]
    entity = system.entities[300]
    fields = (
        entity.fields[0],
        entity.fields[1].model_copy(update={"length": 12}),
        *entity.fields[2:],
    )
    return {
        "edit-mapping": patch(
            ws, {("mapping", mapping.id): mapping.model_copy(update={"system_of_record": None})}
        ),
        "edit-entity": patch(
            ws,
            {
                ("entity", f"{system.name}:{entity.name}"): entity.model_copy(
                    update={"fields": fields}
                )
            },
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rules()  # import the catalogue once, as a running program has
    ws = large_workspace()
    ws.index  # noqa: B018  (the workbench builds it when the workspace is opened)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {ws.entity_count} entities, {ws.field_count} "
        f"fields, {len(ws.mappings)} mappings, {len(rules())} rules"
    )
    results: dict[str, list[float]] = {}
    results["full"] = [_timed(lambda: run_checks(ws)) for _ in range(args.repeat)]

    from workbench.mirror import codec
    from workbench.services.checks import check_files

    files = codec.render(ws)
    results["cli"] = [_timed(lambda: check_files(files)) for _ in range(max(1, args.repeat // 2))]

    for name, edited in _edits(ws).items():
        edited.index  # noqa: B018  (built by the edit's own validation in the workbench)
        runs = []
        for _ in range(args.repeat):
            checker = Checker()
            checker.run(ws)
            runs.append(_timed(lambda c=checker, e=edited: c.run(e)))  # type: ignore[misc]
        results[name] = runs
    findings = len(run_checks(ws).findings)
    print(f"{'measure':<16} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, runs in results.items():
        print(f"{name:<16} {statistics.median(runs):>9.3f} {min(runs):>7.3f} {max(runs):>7.3f}")
    print(f"findings on the large model: {findings}")


if __name__ == "__main__":
    main()
