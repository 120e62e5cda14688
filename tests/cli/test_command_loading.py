"""The command table: every command is found where the table says, and opening the workbench
does not import what only other commands need."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import main
from workbench.cli.root import COMMAND_MODULES


def test_the_table_names_every_command_and_the_module_that_defines_it() -> None:
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"workbench.cli.{module}")
    defined = {name: command.callback.__module__ for name, command in main.commands.items()}  # type: ignore[union-attr]
    assert defined == {name: f"workbench.cli.{module}" for name, module in COMMAND_MODULES.items()}


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    assert set(COMMAND_MODULES) <= set(listed)


def test_a_first_word_that_is_no_command_is_the_workspace_to_open(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    result = CliRunner().invoke(main, [str(folder), "--summary"])
    assert result.exit_code == 2
    assert f"{folder} is not a folder" in result.output  # the open command's complaint


def test_the_open_command_imports_neither_the_domain_nor_other_commands_before_it_runs() -> None:
    code = (
        "import json, sys\n"
        "from workbench.cli import main\n"
        "main.get_command(None, 'open')\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    loaded = set(json.loads(out.stdout))
    assert "workbench.cli.workspace" in loaded
    for heavy in (
        "pydantic",
        "textual",
        "workbench.domain",
        "workbench.exporters",
        "workbench.simulate",
    ):
        assert heavy not in loaded, heavy
    for other in ("checking", "decisions", "exporting", "importing", "simulating"):
        assert f"workbench.cli.{other}" not in loaded
