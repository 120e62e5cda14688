"""The `workbench` command end to end: exit codes, output formats, init, sync, schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.cli_runner import run_cli
from tests.conftest import REPO_ROOT
from tests.factories import sample_workspace
from workbench import __version__
from workbench.cli.root import COMMAND_MODULES
from workbench.mirror import layout, madr, render, yamlio
from workbench.mirror.schema import render_schemas


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for path, data in render(sample_workspace()).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


def test_version() -> None:
    assert run_cli("--version") == (0, f"workbench, version {__version__}\n")


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_every_command_has_help(command: str) -> None:
    code, output = run_cli(command, "--help")
    assert (code == 0 and output.startswith("Usage: main " + command)) or output.startswith(
        f"Usage: workbench {command}"
    )
    assert len(output.splitlines()) > 3


def test_top_level_help_lists_the_commands() -> None:
    code, output = run_cli("--help")
    assert code == 0
    for command in ("init", "validate", "sync", "schema"):
        assert command in output
    # Opening a workspace, the most common use, is in the usage as well as the subcommands.
    first, second = output.splitlines()[:2]
    assert first.endswith(" [OPTIONS] [WORKSPACE]") and second.endswith(" COMMAND [ARGS]...")


def test_validate_text(workspace: Path) -> None:
    code, output = run_cli("validate", str(workspace))
    assert code == 0
    assert "Workspace sample" in output and "0 error(s), 0 warning(s)." in output
    assert "Database: not created yet" in output


def test_validate_json_has_the_documented_shape(workspace: Path) -> None:
    code, output = run_cli("validate", str(workspace), "--format", "json")
    data = json.loads(output)
    assert code == 0
    assert data["systems"] == [
        {"name": "s4hana", "role": "erp", "side": "erp", "entities": 4, "fields": 10},
        {"name": "salesforce", "role": "crm", "side": "crm", "entities": 4, "fields": 12},
    ]
    assert data["mappings"] == 4
    assert data["cardinalities"] == {"1:1": 0, "1:N": 3, "N:1": 0, "N:M": 0}
    assert data["no_counterpart"] == 1
    assert (data["decisions"], data["scenarios"], data["errors"]) == (1, 1, [])


def test_validate_reports_errors_with_file_and_line_and_exits_1(workspace: Path) -> None:
    path = workspace / "models/mappings/account-customer.yaml"
    path.write_text(path.read_text().replace("target: s4hana:A_Customer", "target: s4hana:Gone"))
    code, output = run_cli("validate", str(workspace), "--format", "json")
    assert code == 1
    assert json.loads(output)["errors"] == [
        {
            "element": "mapping account-customer",
            "message": "target s4hana:Gone is not an entity in the model",
            "file": "models/mappings/account-customer.yaml",
            "line": 4,
        }
    ]


def test_validate_on_a_folder_that_is_not_a_workspace_exits_2(tmp_path: Path) -> None:
    code, output = run_cli("validate", str(tmp_path))
    assert code == 2 and "is not a workspace" in output
    assert run_cli("validate", str(tmp_path / "missing"))[0] == 2


def test_unknown_options_exit_2(workspace: Path) -> None:
    assert run_cli("validate", str(workspace), "--format", "xml")[0] == 2
    assert run_cli("sync", "--prefer", "both", str(workspace))[0] == 2


def test_init_creates_an_empty_workspace_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "My Design"
    code, output = run_cli("init", str(target))
    assert code == 0 and "Created an empty workspace" in output
    assert (target / ".gitignore").read_text().strip().endswith(".workbench/")
    assert (target / "models/workspace.yaml").read_text() == "format: 1\nname: my-design\n"
    assert run_cli("validate", str(target))[0] == 0
    assert run_cli("init", str(target))[0] == 2


def test_init_example_then_sync_is_byte_identical(tmp_path: Path) -> None:
    target = tmp_path / "x"
    assert run_cli("init", str(target), "--example")[0] == 0
    code, output = run_cli("sync", str(target))
    assert code == 0, output
    for sub in (layout.MODELS_DIR, layout.DECISIONS_DIR):
        expected = {
            p.relative_to(REPO_ROOT / sub): p.read_bytes()
            for p in (REPO_ROOT / sub).rglob("*")
            if p.is_file()
        }
        found = {
            p.relative_to(target / sub): p.read_bytes()
            for p in (target / sub).rglob("*")
            if p.is_file()
        }
        assert found == expected


def test_opening_prints_the_summary(workspace: Path) -> None:
    code, output = run_cli(str(workspace))
    assert code == 0
    assert "Created the database from 23 mirror file(s)." in output
    assert "Workspace sample" in output
    code, output = run_cli(str(workspace))
    assert code == 0 and "Database and mirror are in step." in output


def test_sync_reports_exports_and_conflicts(workspace: Path) -> None:
    assert run_cli("sync", str(workspace))[0] == 0
    mapping = workspace / "models/mappings/account-customer.yaml"
    original = mapping.read_text()
    mapping.unlink()
    code, output = run_cli("sync", "--dry-run", str(workspace))
    # A decision links the mapping: a sync would refuse the deletion, and the dry run says so.
    assert code == 1 and "1 changed file(s) to import" in output
    assert "link mapping:account-customer points at nothing" in output
    # Restore it from the database by pretending the deletion never happened: a conflict needs a
    # change on both sides, so change the database via the mirror of another clone instead.
    mapping.write_text(original.replace("title: Account to customer", "title: Mine"))
    state = workspace / ".workbench/sync-state.json"
    state.write_text(
        state.read_text().replace(
            '"models/mappings/account-customer.yaml": "',
            '"models/mappings/account-customer.yaml": "0',
        )
    )
    code, output = run_cli("sync", str(workspace))
    assert code == 1
    assert "+title: Mine" in output and "nothing was written" in output
    # A dry run with the same preference says what that sync does, and that it would work.
    files = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    code, output = run_cli("sync", "--dry-run", str(workspace), "--prefer", "mirror")
    assert code == 0, output
    assert "conflict, the mirror's version taken: models/mappings/account-customer.yaml" in output
    assert {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()} == files
    code, output = run_cli("sync", str(workspace), "--prefer", "mirror")
    assert code == 0 and "Imported 1 changed mirror file(s)" in output


def test_a_dry_run_says_the_files_a_sync_would_refuse(workspace: Path) -> None:
    assert run_cli("sync", str(workspace))[0] == 0
    mapping = workspace / "models/mappings/account-customer.yaml"
    mapping.write_text(mapping.read_text().replace("title: Account to customer", "title: [Mine"))
    files = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    code, output = run_cli("sync", "--dry-run", str(workspace))
    assert code == 1
    assert "models/mappings/account-customer.yaml:" in output and "error" in output
    assert "a sync would write nothing" in output
    assert {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()} == files
    code, output = run_cli("sync", str(workspace))
    assert code == 1 and "nothing was written" in output
    assert "Showing what the database holds" not in output  # sync shows nothing
    code, output = run_cli("open", "--summary", str(workspace))
    assert code == 1 and "Showing what the database holds" in output


def test_the_summary_counts_what_validate_finds(reference: Path) -> None:
    _, validated = run_cli("validate", str(reference))
    code, output = run_cli("open", "--summary", str(reference))
    assert code == 0
    counts = [line for line in validated.splitlines() if line.endswith("warning(s).")]
    assert counts and counts[0] != "0 error(s), 0 warning(s)."
    assert counts[0] in output.splitlines()
    warnings = [line for line in validated.splitlines() if ": warning: " in line]
    assert warnings and all(line in output.splitlines() for line in warnings)


def test_sync_asks_on_a_terminal(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("sync", str(workspace))[0] == 0
    mapping = workspace / "models/mappings/account-customer.yaml"
    mapping.write_text(mapping.read_text().replace("title: Account to customer", "title: Mine"))
    state = workspace / ".workbench/sync-state.json"
    state.write_text(
        state.read_text().replace(
            '"models/mappings/account-customer.yaml": "',
            '"models/mappings/account-customer.yaml": "0',
        )
    )
    monkeypatch.setattr("workbench.cli.workspace.is_interactive", lambda: True)
    code, output = run_cli("sync", str(workspace), input="d\n")
    assert code == 0, output
    assert "Keep the [d]atabase or the [m]irror version" in output
    assert "title: Account to customer" in mapping.read_text()


def test_an_explicit_database_url_is_used(workspace: Path, postgres_url: str) -> None:
    code, output = run_cli("--db", postgres_url, "sync", str(workspace))
    assert code == 0 and "Created the database" in output
    assert not (workspace / ".workbench/workbench.db").exists()
    code, output = run_cli("--db", postgres_url, "validate", str(workspace))
    assert "in step with the mirror" in output


def test_the_database_url_can_come_from_the_environment(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_DB", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert run_cli("sync", str(workspace))[0] == 0
    assert (tmp_path / "elsewhere.db").exists()


# -- JSON Schema ------------------------------------------------------------------------------


def test_the_shipped_schemas_are_current() -> None:
    shipped = {p.name: p.read_bytes() for p in (REPO_ROOT / "docs/schema").glob("*.json")}
    assert shipped == render_schemas(), "run `workbench schema --out docs/schema`"


SCHEMA_FOR = {
    "workspace": "workspace.schema.json",
    "stakeholder": "stakeholders.schema.json",
    "system": "system.schema.json",
    "entity": "entity.schema.json",
    "mapping": "mapping.schema.json",
    "value-map": "value-map.schema.json",
    "scenario": "scenario.schema.json",
    "product-class": "product-class.schema.json",
    "reconciliation": "reconciliation.schema.json",
    "checks": "checks.schema.json",
    "master-data": "master-data.schema.json",
}


def _check_against_schemas(files: dict[str, bytes]) -> int:
    """Validate each file as an editor's YAML 1.2 language server would read it."""
    schemas = {name: json.loads(data) for name, data in render_schemas().items()}
    checked = 0
    for path, data in files.items():
        place = layout.classify(path)
        assert place is not None, path
        if place.kind == "decision":
            document = yamlio.load(madr.front_matter_text(data.decode()))
            schema = schemas["decision-front-matter.schema.json"]
        else:
            document = yamlio.load(data.decode())
            schema = schemas[SCHEMA_FOR[place.kind]]
        jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
        checked += 1
    return checked


def test_mirror_files_validate_against_the_schemas() -> None:
    assert _check_against_schemas(render(sample_workspace())) == 23


def test_the_schemas_reject_unknown_keys() -> None:
    schema = json.loads(render_schemas()["mapping.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"source": "a:B", "cardinality": "1:1", "colour": "red"}, schema)


def test_init_names_the_reference_workspace_as_asked(tmp_path: Path) -> None:
    root = tmp_path / "kickoff"
    code, output = run_cli("init", str(root), "--example", "--name", "ACME Kick-off")
    assert code == 0, output
    assert "name: acme-kick-off\n" in (root / "models/workspace.yaml").read_text()
    code, output = run_cli("validate", str(root))
    assert code == 0 and "Workspace acme-kick-off" in output
