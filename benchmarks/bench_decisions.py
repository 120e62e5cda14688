"""Time of the decision-log paths on the large generated model with a large decision log.

200 decisions, each governing 5 mappings and 2 entities, each with 4 chained sign-offs (800
records). Measures what the matrix, `decisions verify` and every edit (status settling and the
append-only check) cost. Usage: python -m benchmarks.bench_decisions [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import time
from collections.abc import Callable

from benchmarks.large_model import large_workspace
from workbench.domain import edits, signoffs
from workbench.domain.decision_edits import append_signoff, settle_statuses
from workbench.domain.decisions import Decision
from workbench.domain.signoffs import log_issues, new_signoff, signoff_states, verify_chain
from workbench.domain.workspace import Workspace
from workbench.mirror import codec
from workbench.services.decisions import verify

DECISIONS = 200
SIGNERS = (("fin", "Finance"), ("it", "IT"), ("sales", "Sales"), ("ops", "Operations"))


def decision_log(ws: Workspace) -> Workspace:
    """The workspace with the benchmark's decisions and sign-offs."""
    stakeholders = tuple(
        {"id": who, "name": who.title(), "function": function} for who, function in SIGNERS
    )
    mappings = [m for m in ws.mappings if m.target]
    decisions = []
    for number in range(1, DECISIONS + 1):
        chosen = mappings[(number * 5) % len(mappings) :][:5] or mappings[:5]
        links = [f"mapping:{m.id}" for m in chosen]
        links += [f"entity:{chosen[0].source}", f"entity:{chosen[0].target}"]
        decisions.append(
            Decision(
                number=number,
                title=f"Decision {number}",
                date=dt.date(2026, 1, 1),
                required_functions=tuple(f for _, f in SIGNERS),
                links=tuple(links),
                context="Why this matters. " * 10,
            )
        )
    ws = Workspace.model_validate(
        {**dict(ws), "stakeholders": stakeholders, "decisions": tuple(decisions)}
    )
    at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    for number in range(1, DECISIONS + 1):
        for who, function in SIGNERS:
            decision = ws.decision(number)
            assert decision is not None
            record = new_signoff(
                ws,
                decision,
                stakeholder=who,
                function=function,  # type: ignore[arg-type]
                verdict="approved",  # type: ignore[arg-type]
                comment="",
                recorded_by="bench",
                recorded_at=at,
            )
            ws = append_signoff(ws, number, record)
    return ws


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Cold runs: the remembered content hashes are forgotten before each."""
    runs = []
    for _ in range(repeat):
        signoffs._HASHES.clear()
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    start = time.perf_counter()
    ws = decision_log(large_workspace())
    print(
        f"building the log (800 sign-offs through append_signoff): {time.perf_counter() - start:.2f} s"
    )
    files = {p: b for p, b in codec.render(ws).items() if p.startswith("decisions/")}
    mapping = ws.decisions[0].links[0].removeprefix("mapping:")
    edited = edits.set_owner(ws, mapping, None)
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "states of every decision (the matrix)",
            lambda: [signoff_states(ws, d) for d in ws.decisions],
        ),
        (
            "verify every chain (800 records)",
            lambda: [verify_chain(d.number, d.signoffs) for d in ws.decisions],
        ),
        ("decisions verify: database and 200 files", lambda: verify(ws, files)),
        ("settle every status (no edit to compare with)", lambda: settle_statuses(edited)),
        (
            "edit overhead: settle statuses after a mapping edit",
            lambda: settle_statuses(edited, ws),
        ),
        ("edit overhead: append-only check after a mapping edit", lambda: log_issues(ws, edited)),
    ]
    for label, action in cases:
        median, low, high = timed(action, repeat)
        print(f"{label}: median {median * 1000:.0f} ms ({low * 1000:.0f} – {high * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
