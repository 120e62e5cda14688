"""Start-up time, key-press latency and memory of the terminal workbench.

Start-up: wall time from spawning a process to its first interactive screen, for the workbench on
the reference workspace and on the large generated model, against a minimal Textual app spawned
the same way in the same run. The workbench runs as a user starts it, the installed ``workbench``
command (``open --time-startup`` makes it quit once its first screen is interactive). Latency: key press to repaint on the large model (Pilot, headless),
for moving the cursor and for edits.

Usage: python -m benchmarks.bench_tui [--runs N] [--presses N] [--edits N]
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = """
import time
from textual.app import App
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.ready)
    def ready(self):
        self.ready_at = time.time()
        self.exit()
app = Minimal()
app.run(headless=True)
print("ready", app.ready_at, flush=True)
"""


SHELL = """
import time
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static, Tree
class Shell(App):
    CSS = '''
    #panes { height: 1fr; }
    .pane { border: round $primary 40%; height: 1fr; width: 1fr; }
    #detail { height: 40%; border-top: solid $primary 40%; overflow-y: scroll; }
    #status, #keys { height: 1; background: $panel; }
    #keys { dock: bottom; }
    '''
    def compose(self):
        yield Header(show_clock=False, icon="=")
        with Horizontal(id="panes"):
            for side, count in (("crm", 29), ("maps", 0), ("erp", 33)):
                with Vertical(classes="pane"):
                    if side == "maps":
                        yield OptionList(*(f"Entity{i} -1:N-> Target{i}  SoR ERP" for i in range(50)))
                        continue
                    tree = Tree(side)
                    for i in range(count):
                        tree.root.add(f"Entity{i} {side}").add_leaf("Id")
                    tree.root.expand()
                    yield tree
        yield Static("\\n".join(f"detail line {i}" for i in range(40)), id="detail")
        yield Static("workspace  mirror in step  62 entities  50 mappings", id="status")
        yield Static(" / Search  n New  e Edit  m Map  x Delete  g Graph  q Quit", id="keys")
    def on_mount(self):
        self.call_after_refresh(self.ready)
    def ready(self):
        self.ready_at = time.time()
        self.exit()
app = Shell()
app.run(headless=True)
print("ready", app.ready_at, flush=True)
"""
"""Plain Textual widgets laid out like the main screen and filled like the reference workspace,
without the workbench: what a screen of that shape costs any Textual app."""


def _workbench_command(root: Path) -> list[str]:
    """What a user runs (the installed ``workbench`` script, its CLI and all), told to start
    without a terminal and to quit once its first screen is interactive."""
    script = Path(sys.executable).with_name("workbench")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "workbench.cli"]
    return [*command, "open", str(root), "--time-startup"]


def _spawn(command: list[str], phases: list[tuple[float, ...]] | None = None) -> float:
    """Seconds from spawning the process to its first interactive screen (the moment the
    screen was painted and the app handled its next callback), as the child reports it.
    ``phases`` collects, for the workbench, when its imports were done and the workspace read."""
    start = time.time()
    out = subprocess.run(command, check=False, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr}")
    marks = dict(line.split() for line in out.stdout.splitlines() if line.count(" ") == 1)
    ready = float(marks["ready"])
    if phases is not None:
        imported, opened = float(marks["imported"]), float(marks["opened"])
        phases.append((imported - start, opened - imported, ready - opened))
    return ready - start


def _prepare(base: Path) -> tuple[Path, Path]:
    from benchmarks.large_model import large_workspace
    from workbench.mirror import render
    from workbench.services.example import init_workspace
    from workbench.services.folder import WorkspaceFolder, open_database
    from workbench.services.sync import synchronise

    reference = base / "reference"
    init_workspace(reference, example=True)
    store = open_database(WorkspaceFolder.at(reference))
    synchronise(WorkspaceFolder.at(reference), store)
    store.close()

    large = base / "large"
    workspace = large_workspace()
    files = render(workspace)
    folder = WorkspaceFolder(large)
    folder.write_mirror(files, {})
    store = open_database(folder)
    store.commit(None, workspace)
    folder.record_sync(store.database_id, files)
    store.close()
    return reference, large


async def _latency(root: Path, presses: int, edits: int) -> dict[str, float]:
    """Key press to the first frame that shows the new cursor position and the selected
    element's detail (frames are timed where Textual hands them to the terminal driver)."""
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.widgets.detail import DetailPane

    app = WorkbenchApp(root)
    frames: list[float] = []
    laid_out: list[float] = []
    original_display = app._display
    original_lay_out = DetailPane._lay_out

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        frames.append(time.perf_counter())
        return original_display(screen, renderable)

    def lay_out(self):  # type: ignore[no-untyped-def]
        original_lay_out(self)
        laid_out.append(time.perf_counter())

    DetailPane._lay_out = lay_out  # type: ignore[method-assign]
    samples: dict[str, list[float]] = {"tree": [], "mappings": []}
    phases = _time_edit_phases()
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        app._display = display  # type: ignore[method-assign]
        for pane in ("tree", "mappings"):
            if pane == "mappings":
                await pilot.press("tab")
                await pilot.pause(0.3)
            for index in range(presses):
                key = ("down", "up")[(index // 25) % 2]
                frames.clear()
                laid_out.clear()
                start = time.perf_counter()
                await pilot.press(key)
                for _ in range(200):
                    if laid_out and any(f >= laid_out[0] for f in frames):
                        break
                    await asyncio.sleep(0.002)
                painted = [f for f in frames if laid_out and f >= laid_out[0]]
                if painted:
                    samples[pane].append(painted[0] - start)
                await asyncio.sleep(0.05)
        # Edits: the cardinality keys on the highlighted mapping, each one committed to the
        # database and the mirror, then the screen redrawn with the new detail.
        samples["edit"] = []
        for values in phases.values():
            values.clear()
        for index in range(edits):
            frames.clear()
            laid_out.clear()
            start = time.perf_counter()
            await pilot.press(("2", "1")[index % 2])
            for _ in range(2000):
                if laid_out and any(f >= laid_out[-1] for f in frames):
                    break
                await asyncio.sleep(0.002)
            painted = [f for f in frames if laid_out and f >= laid_out[-1]]
            if painted:
                samples["edit"].append(painted[0] - start)
            await asyncio.sleep(0.3)  # the checks worker of the edit, as a person would pause
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"peak_mb": rss}
    for phase, values in phases.items():
        if values:
            result[f"phase {phase}_ms"] = 1000 * statistics.median(values)
    for pane, values in samples.items():
        values.sort()
        result[f"{pane}_n"] = len(values)
        result[f"{pane}_p50_ms"] = 1000 * values[len(values) // 2]
        result[f"{pane}_p95_ms"] = 1000 * values[int(len(values) * 0.95)]
    return result


def _time_edit_phases() -> dict[str, list[float]]:
    """Wrap the steps of an edit with timers (seconds per call), to say where an edit goes."""
    from workbench.domain.validation import Revalidator
    from workbench.services.session import Session
    from workbench.store import Store
    from workbench.tui.screens.main import MainScreen
    from workbench.tui.widgets.side_tree import SideTree

    steps = [
        ("commit (validate, store, mirror)", Session, "apply"),
        ("  validate", Revalidator, "__call__"),
        ("  store", Store, "commit"),
        ("  mirror and sync state", Session, "_follow"),
        ("redraw the lists and detail", MainScreen, "refresh_model"),
        ("  one tree", SideTree, "show"),
    ]
    timings: dict[str, list[float]] = {}
    for label, owner, name in steps:
        original = getattr(owner, name)
        spent = timings.setdefault(label, [])

        def timed(*args, _original=original, _spent=spent, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                _spent.append(time.perf_counter() - start)

        setattr(owner, name, timed)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--latency-only", type=Path)
    args = parser.parse_args()
    if args.latency_only:
        print(json.dumps(asyncio.run(_latency(args.latency_only, args.presses, args.edits))))
        return
    # The package's bytecode, as an installed wheel (or ``make``) has it: Textual's is compiled
    # at install, and where bytecode is not written (PYTHONDONTWRITEBYTECODE) an uncompiled
    # package would be compiled again on every start (0.09 s of the reference workspace's).
    import workbench

    compileall.compile_dir(Path(workbench.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        reference, large = _prepare(Path(tmp))
        minimal_script, shell_script = Path(tmp) / "minimal.py", Path(tmp) / "shell.py"
        minimal_script.write_text(MINIMAL)
        shell_script.write_text(SHELL)
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        # Each workbench run leaves its open cache behind, as quitting does; "first open" runs
        # remove it first, as a sync or another writer's commit makes it stale.
        os.environ["WORKBENCH_CACHE_KEY"] = str(Path(tmp) / "open-cache.key")
        cases = [
            (f"{name}, {how}", root, how == "first open")
            for name, root in (("reference workspace", reference), ("large model", large))
            for how in ("first open", "reopened")
        ]
        shell = "same-shaped screen, plain Textual"
        times: dict[str, list[float]] = {"minimal Textual app": [], shell: []}
        times.update({name: [] for name, _, _ in cases})
        phases: dict[str, list[tuple[float, ...]]] = {name: [] for name, _, _ in cases}
        for _ in range(args.runs):  # interleaved, so drift on the host affects all alike
            times["minimal Textual app"].append(_spawn([sys.executable, str(minimal_script)]))
            times[shell].append(_spawn([sys.executable, str(shell_script)]))
            for name, root, first in cases:
                if first:
                    (root / ".workbench" / "open-cache.bin").unlink(missing_ok=True)
                times[name].append(_spawn(_workbench_command(root), phases[name]))
        base = statistics.median(times["minimal Textual app"])
        print(
            f"{'start-up to first interactive screen':<40} {'median s':>9} {'min':>6} {'max':>6} {'x minimal':>10}"
        )
        for name, values in times.items():
            median = statistics.median(values)
            print(
                f"{name:<40} {median:>9.2f} {min(values):>6.2f} {max(values):>6.2f} {median / base:>10.2f}"
            )
        print("where the workbench's start-up goes (medians, s):")
        print(f"  {'':<38} {'imports':>9} {'open':>6} {'screen':>7}")
        for name, runs in phases.items():
            imported, opened, painted = (statistics.median(p) for p in zip(*runs, strict=True))
            print(f"  {name:<38} {imported:>9.2f} {opened:>6.2f} {painted:>7.2f}")
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_tui",
                "--latency-only",
                str(large),
                "--presses",
                str(args.presses),
                "--edits",
                str(args.edits),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        latency = json.loads(out.stdout.strip().splitlines()[-1])
        print("key press to the frame showing cursor and detail, large model (headless, 120x36):")
        print(
            f"  tree:     p50 {latency['tree_p50_ms']:.1f} ms, p95 {latency['tree_p95_ms']:.1f} ms"
        )
        print(
            f"  mappings: p50 {latency['mappings_p50_ms']:.1f} ms, p95 {latency['mappings_p95_ms']:.1f} ms"
        )
        print(
            f"  edit (cardinality key, committed, redrawn): p50 {latency['edit_p50_ms']:.0f} ms, "
            f"p95 {latency['edit_p95_ms']:.0f} ms ({latency['edit_n']:.0f} edits)"
        )
        print("  where an edit goes (medians per call, ms):")
        for key, value in latency.items():
            if key.startswith("phase "):
                print(f"    {key[6:-3]:<36} {value:6.1f}")
        print(f"  peak memory of that process: {latency['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
