"""Time and memory of the store and mirror paths on the large generated model.

Each measurement runs in a fresh Python process so its peak memory (max RSS) is its own.
Usage: python -m benchmarks.bench_foundation [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(folder: Path) -> None:
    """Write the large model's mirror and a SQLite database holding it."""
    from benchmarks.large_model import large_workspace
    from workbench.mirror import render
    from workbench.services.folder import WorkspaceFolder
    from workbench.store import Store, sqlite_url

    workspace = large_workspace()
    files = render(workspace)
    WorkspaceFolder(folder).write_mirror(files, {})
    store = Store.open(sqlite_url(folder / "large.db"))
    store.commit(None, workspace)
    store.close()


def phase(name: str, folder: Path) -> dict[str, float]:
    from workbench.mirror import parse, render
    from workbench.services.folder import WorkspaceFolder
    from workbench.store import Store, sqlite_url

    ws_folder = WorkspaceFolder(folder)
    if name == "load":
        store = Store.open(sqlite_url(folder / "large.db"))
        start = time.perf_counter()
        snapshot = store.load()
        elapsed = time.perf_counter() - start
        assert snapshot.workspace.field_count == 40000
    elif name == "export":
        store = Store.open(sqlite_url(folder / "large.db"))
        workspace = store.load().workspace
        out = folder / "export"
        start = time.perf_counter()
        WorkspaceFolder(out).write_mirror(render(workspace), {})
        elapsed = time.perf_counter() - start
    elif name == "import":
        start = time.perf_counter()
        result = parse(ws_folder.read_mirror())
        elapsed = time.perf_counter() - start
        assert result.workspace is not None and not result.errors
    elif name == "first-sync":
        # Import the mirror into an empty database (what opening a fresh clone does).
        from workbench.services.sync import synchronise

        target = Store.open(sqlite_url(folder / f"fresh-{os.getpid()}.db"))
        start = time.perf_counter()
        report = synchronise(ws_folder, target)
        elapsed = time.perf_counter() - start
        assert report.ok
    else:
        raise SystemExit(f"unknown phase {name}")
    return {"seconds": elapsed, "peak_mb": _peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phase")
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.folder)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        prepare(folder)
        print(f"prepared the large model in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(f"{'phase':<12} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MB':>8}")
        for name in ("load", "export", "import", "first-sync"):
            runs = []
            for _ in range(args.repeat):
                out = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "benchmarks.bench_foundation",
                        "--phase",
                        name,
                        "--folder",
                        str(folder),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs.append(json.loads(out.stdout))
            seconds = [r["seconds"] for r in runs]
            peak = max(r["peak_mb"] for r in runs)
            print(
                f"{name:<12} {statistics.median(seconds):>9.2f} {min(seconds):>7.2f} {max(seconds):>7.2f} {peak:>8.0f}"
            )


if __name__ == "__main__":
    main()
