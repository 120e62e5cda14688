"""Time and memory of the exports: every format but the Graphviz drawings (SVG, PNG) on the large
generated model, and every format on the reference workspace.

Each measurement runs in a fresh Python process so its peak memory (max RSS) is its own; the
large model is built before the clock starts (its size is reported separately as the baseline).
Usage: python -m benchmarks.bench_export [--repeat N]
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

REPO = Path(__file__).resolve().parents[1]
NO_DRAWINGS = ("xlsx", "csv", "json", "yaml", "md", "html", "dot", "mermaid")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User and system time of this process and of its children (Graphviz for the HTML)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def phase(name: str) -> dict[str, float]:
    from workbench.exporters import FORMATS
    from workbench.services.exporting import export_workspace

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if name == "large":
            from benchmarks.large_model import large_workspace

            workspace = large_workspace()
            formats: tuple[str, ...] = NO_DRAWINGS
        else:
            from workbench.mirror import codec
            from workbench.services.folder import WorkspaceFolder

            parsed = codec.parse(WorkspaceFolder.at(REPO).read_mirror())
            assert parsed.workspace is not None
            workspace = parsed.workspace
            formats = FORMATS
        baseline = _peak_mb()
        start = time.perf_counter()
        cpu_start = _cpu_seconds()
        result = export_workspace(workspace, root, root / "out", formats)
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_start
        size = sum(p.stat().st_size for p in (root / "out").rglob("*") if p.is_file())
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "peak_mb": _peak_mb(),
        "model_mb": baseline,
        "files": len(result.written),
        "output_mb": size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase)))
        return
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    for name, label in (
        ("large", "large model, all formats but SVG/PNG"),
        ("reference", "reference workspace, all formats"),
    ):
        runs = []
        for _ in range(args.repeat):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_export", "--phase", name],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            runs.append(json.loads(done.stdout))
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        model = max(r["model_mb"] for r in runs)
        print(
            f"{label:<40} median {seconds:6.2f} s wall, {cpu:6.2f} s CPU  peak RSS {peak:6.0f} MB "
            f"(model alone {model:.0f} MB)  {runs[0]['files']} files, "
            f"{runs[0]['output_mb']:.1f} MB"
        )


if __name__ == "__main__":
    main()
