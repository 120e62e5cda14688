"""Import timings on the real metadata samples (../shared/samples).

    python -m benchmarks.bench_import [--repeat 3]

For each sample: parsing alone (read + parse), the planned diff, and the whole import into a fresh
workspace through the service (parse, diff, validate, one commit to SQLite, mirror files written).
Then a re-import of the same files (must report no changes and write nothing) and the mapping
suggestions on the imported model. Medians of ``--repeat`` runs, each import in a new workspace.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.importers import Format
from workbench.importers.suggest import suggest
from workbench.services.example import init_workspace
from workbench.services.importing import import_into, plan, read_catalogue
from workbench.services.session import Session

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
DESCRIBE = ROOT / "tests" / "fixtures" / "describe"
BUSINESS_PARTNER = SAMPLES / "sap-odata" / "API_BUSINESS_PARTNER.edmx"
SAP = SAMPLES / "sap-odata"
CPQ = SAMPLES / "salesforce" / "sfdx-cpq" / "objects"


def _median(runs: list[float]) -> str:
    return f"{statistics.median(runs):.3f} s (min {min(runs):.3f}, max {max(runs):.3f})"


def _time(action: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    runs: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        runs.append(time.perf_counter() - start)
    return runs, result


def _fresh_import(paths: list[Path], kind: Format, system: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        init_workspace(root, example=False)
        session, _ = Session.open(root)
        assert session is not None
        try:
            start = time.perf_counter()
            outcome = import_into(session, paths, kind, system)
            elapsed = time.perf_counter() - start
            assert outcome.written
        finally:
            session.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SAMPLES.is_dir():
        print(f"the metadata samples are not here ({SAMPLES}); nothing to measure")
        return 0
    cases = [
        ("business-partner EDMX (target < 1 s)", [BUSINESS_PARTNER], Format.EDMX, "s4hana"),
        ("three SAP EDMX services", [SAP], Format.EDMX, "s4hana"),
        ("CPQ object folder (target < 2 s)", [CPQ], Format.SALESFORCE, "salesforce"),
    ]
    for label, paths, kind, system in cases:
        size = sum(
            p.stat().st_size for path in paths for p in [path, *path.rglob("*")] if p.is_file()
        )
        parse_runs, catalogue = _time(lambda p=paths, k=kind: read_catalogue(p, k), args.repeat)
        from workbench.domain.workspace import Workspace

        plan_runs, _ = _time(
            lambda c=catalogue, s=system: plan(Workspace(name="bench"), s, c),  # type: ignore[arg-type]
            args.repeat,
        )
        full = [_fresh_import(paths, kind, system) for _ in range(args.repeat)]
        entities = len(catalogue.entities)  # type: ignore[attr-defined]
        fields = catalogue.field_count  # type: ignore[attr-defined]
        print(f"{label}: {size / 1024:.0f} KB, {entities} entities, {fields} fields")
        print(f"  read + parse          {_median(parse_runs)}")
        print(f"  diff (plan)           {_median(plan_runs)}")
        print(f"  whole import          {_median(full)}")

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        init_workspace(root, example=False)
        session, _ = Session.open(root)
        assert session is not None
        try:
            import_into(session, [SAP], Format.EDMX, "s4hana")
            import_into(session, [CPQ, DESCRIBE], Format.SALESFORCE, "salesforce")
            revision = session.snapshot.revision
            runs: list[float] = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                outcome = import_into(session, [SAP], Format.EDMX, "s4hana")
                runs.append(time.perf_counter() - start)
                assert not outcome.written and outcome.diff.summary() == "no changes"
            assert session.snapshot.revision == revision
            print(
                f"re-import of the three SAP services, no changes: {_median(runs)}, nothing written"
            )
            suggest_runs, found = _time(lambda: suggest(session.workspace), args.repeat)
            print(
                f"suggestions on the imported model ({len(found)} open): {_median(suggest_runs)}"  # type: ignore[arg-type]
            )
        finally:
            session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
