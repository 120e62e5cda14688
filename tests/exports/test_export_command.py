"""The export command and service: every format written, atomically and deterministically, into
an allowed folder; the repository's exports/ kept current."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from workbench.cli import main
from workbench.domain.workspace import Workspace
from workbench.exporters import FORMATS
from workbench.services.design_extras import gather_extras
from workbench.services.exporting import (
    ExportError,
    export_workspace,
    parse_formats,
    render_files,
    resolve_out,
)

EXPORTS = REPO_ROOT / "exports"
DRAWN_BY_DOT = (".svg", ".png")
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    from workbench.services.example import init_workspace

    root = tmp_path / "ws"
    init_workspace(root, example=True)
    return root


def _without_drawings(html: bytes) -> str:
    """The HTML with the SVG that dot drew cut out: dot's output differs between its versions."""
    return _SVG.sub("<svg/>", html.decode("utf-8"))


def test_repository_exports_are_current(reference: Workspace) -> None:
    """The committed exports/ is what the reference workspace gives now. Files drawn by dot (SVG,
    PNG, the diagrams inside the HTML) are compared by their DOT source and only checked to
    exist, since another Graphviz version draws other bytes. Refresh with `workbench export`."""
    files, _ = render_files(reference, extras=gather_extras(reference))
    shipped = {p.relative_to(EXPORTS).as_posix() for p in EXPORTS.rglob("*") if p.is_file()}
    assert shipped == set(files), "run `workbench export` in the repository"
    for path, data in files.items():
        on_disk = (EXPORTS / path).read_bytes()
        if path.endswith(DRAWN_BY_DOT):
            assert on_disk, path
        elif path.endswith(".html"):
            assert _without_drawings(on_disk) == _without_drawings(data), path
        else:
            assert on_disk == data, f"{path} is stale: run `workbench export`"
    total = sum(p.stat().st_size for p in EXPORTS.rglob("*") if p.is_file())
    assert total < 2_500_000


def test_export_writes_every_format_and_is_deterministic(workspace_dir: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["export", str(workspace_dir)])
    assert first.exit_code == 0, first.output
    out = workspace_dir / "exports"
    for name in (
        "mapping-spec.xlsx",
        "mapping-spec.json",
        "mapping-spec.yaml",
        "mapping-spec.schema.json",
        "csv/overview.csv",
        "csv/mappings/account-customer.csv",
        "design.md",
        "design.html",
        "diagrams/workspace.dot",
        "diagrams/workspace.mmd",
    ):
        assert (out / name).is_file(), name
        assert f"  {name}" in first.output
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    times = {p: p.stat().st_mtime_ns for p in before}
    again = runner.invoke(main, ["export", str(workspace_dir)])
    assert again.exit_code == 0
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # no byte changed
    assert {p: p.stat().st_mtime_ns for p in after} == times  # nothing was even rewritten
    total = len(before)
    assert first.output.startswith(f"Wrote {total} of {total} file(s) to ")
    # The second run says it wrote nothing, and lists nothing as written.
    [line] = again.output.splitlines()
    assert line.startswith(f"Wrote 0 of {total} file(s) to ")
    assert line.endswith(f"({total} unchanged).")
    assert not any(line.startswith("  ") for line in again.output.splitlines())


def test_export_chosen_formats_and_stamp(workspace_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", str(workspace_dir), "--format", "json,md", "--stamp"]
    )
    assert result.exit_code == 0, result.output
    out = workspace_dir / "exports"
    assert sorted(p.name for p in out.iterdir()) == [
        "design.md",
        "mapping-spec.json",
        "mapping-spec.schema.json",
    ]
    assert '"generated": "20' in (out / "mapping-spec.json").read_text()
    plain = CliRunner().invoke(main, ["export", str(workspace_dir), "--format", "json"])
    assert plain.exit_code == 0
    assert '"generated"' not in (out / "mapping-spec.json").read_text()


def test_unknown_format_is_refused(workspace_dir: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(workspace_dir), "--format", "xlsx,pdf"])
    assert result.exit_code == 2 and "unknown format(s) pdf" in result.output
    assert not any((workspace_dir / "exports").iterdir())
    assert parse_formats(None) == FORMATS and parse_formats("PNG, dot") == ("dot", "png")


def test_an_empty_format_list_is_refused_as_the_dialog_does(workspace_dir: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(workspace_dir), "--format", " , "])
    assert result.exit_code == 2 and "no format given" in result.output
    assert not any((workspace_dir / "exports").iterdir())


def test_out_rules(workspace_dir: Path, tmp_path: Path) -> None:
    root = workspace_dir.resolve()
    assert resolve_out(root, None) == root / "exports"
    assert resolve_out(root, "build/spec") == root / "build/spec"
    elsewhere = tmp_path / "elsewhere"
    assert resolve_out(root, elsewhere) == elsewhere.resolve()  # absolute: the user's choice
    for bad in ("..", "../outside", "exports/../../x", "models", "decisions/x", ".workbench", "."):
        with pytest.raises(ExportError):
            resolve_out(root, bad)
    with pytest.raises(ExportError):
        resolve_out(root, root / "models")  # not even when absolute
    (root / "link").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(ExportError, match="outside the workspace"):
        resolve_out(root, "link/out")


def test_cli_refuses_an_escaping_out_and_writes_nothing(
    workspace_dir: Path, tmp_path: Path
) -> None:
    before = sorted(tmp_path.iterdir())
    result = CliRunner().invoke(main, ["export", str(workspace_dir), "--out", "../escaped"])
    assert result.exit_code == 2 and "outside the workspace" in result.output
    assert sorted(tmp_path.iterdir()) == before


def test_cli_refuses_a_model_with_errors(workspace_dir: Path) -> None:
    (workspace_dir / "models/mappings/account-customer.yaml").write_text("cardinality: 7:7\n")
    result = CliRunner().invoke(main, ["export", str(workspace_dir)])
    assert result.exit_code == 1 and "nothing exported" in result.output
    assert not any((workspace_dir / "exports").iterdir())


def test_writes_are_atomic(
    workspace_dir: Path, reference: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half-way leaves every file whole (old or new) and no temporary file behind."""
    export_workspace(reference, workspace_dir, formats=("json", "md"))
    out = workspace_dir / "exports"
    old = (out / "design.md").read_bytes()
    real_replace = Path.replace

    def failing_replace(self: Path, target: os.PathLike[str] | str) -> Path:
        if str(target).endswith("design.md"):
            raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_replace)
    changed = reference.model_copy(update={"title": "Changed title"})
    with pytest.raises(ExportError, match="No space left"):
        export_workspace(changed, workspace_dir, formats=("json", "md"))
    assert (out / "design.md").read_bytes() == old
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_stale_csv_files_are_removed(workspace_dir: Path, reference: Workspace) -> None:
    export_workspace(reference, workspace_dir, formats=("csv",))
    out = workspace_dir / "exports"
    (out / "notes.txt").write_text("mine")
    smaller = reference.model_copy(
        update={"mappings": tuple(m for m in reference.mappings if m.id != "account-customer")}
    )
    result = export_workspace(smaller, workspace_dir, formats=("csv",))
    assert result.removed == ("csv/mappings/account-customer.csv",)
    assert (out / "notes.txt").read_text() == "mine"  # nothing else is touched


def test_a_csv_file_no_export_wrote_is_kept_and_named(
    workspace_dir: Path, reference: Workspace
) -> None:
    """Someone's own sheet in the mappings folder (or an absolute --out holding other files)
    was deleted as if it were a mapping gone from the model."""
    out = workspace_dir / "exports" / "csv"
    (out / "mappings").mkdir(parents=True)
    (out / "mappings" / "budget.csv").write_text("Cost centre,Amount\r\nQ2C,10\r\n")
    (out / "value-maps").mkdir()
    (out / "value-maps" / "plants.csv").write_bytes(b"Plant,Name\r\n")
    result = export_workspace(reference, workspace_dir, formats=("csv",))
    assert result.removed == ()
    assert (out / "mappings" / "budget.csv").read_text().startswith("Cost centre")
    assert (out / "value-maps" / "plants.csv").is_file()
    assert [m for m in result.messages if m.startswith("kept")] == [
        "kept csv/mappings/budget.csv: not written by an export (its columns are not the spec's)",
        "kept csv/value-maps/plants.csv: not written by an export (its columns are not the spec's)",
    ]


def test_the_last_value_map_deleted_takes_its_csv_too(
    workspace_dir: Path, reference: Workspace
) -> None:
    """With no value map left, the export wrote nothing in csv/value-maps and so left every
    old file there as if the maps still existed."""
    export_workspace(reference, workspace_dir, formats=("csv",))
    out = workspace_dir / "exports" / "csv" / "value-maps"
    assert (out / "uom.csv").is_file()
    none_left = reference.model_copy(update={"value_maps": ()})
    result = export_workspace(none_left, workspace_dir, formats=("csv",))
    assert "csv/value-maps/uom.csv" in result.removed
    assert list(out.glob("*.csv")) == []
    # Another format alone leaves the CSV files be: they are not its own.
    export_workspace(reference, workspace_dir, formats=("csv",))
    assert export_workspace(none_left, workspace_dir, formats=("json",)).removed == ()
    assert (out / "uom.csv").is_file()


def test_drawings_dot_cannot_make_again_are_not_left_from_an_earlier_export(
    workspace_dir: Path, reference: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exported once with Graphviz, then on a machine without it: the SVG and PNG of the
    earlier model went on lying beside the new DOT source. They are removed and said; a file of
    that name Graphviz did not draw is kept."""
    out = workspace_dir / "exports" / "diagrams"
    out.mkdir(parents=True)
    (out / "workspace.svg").write_bytes(
        b'<?xml version="1.0"?>\n<!-- Generated by graphviz version 2.43.0 -->\n<svg/>'
    )
    (out / "workspace.png").write_bytes(b"my own picture")
    monkeypatch.setattr("workbench.services.graphviz.dot_program", lambda: None)
    result = export_workspace(reference, workspace_dir, formats=("svg", "png"))
    assert result.removed == ("diagrams/workspace.svg",)
    assert not (out / "workspace.svg").exists() and (out / "workspace.dot").is_file()
    assert (out / "workspace.png").read_bytes() == b"my own picture"
    assert any(m.startswith("kept diagrams/workspace.png") for m in result.messages)
