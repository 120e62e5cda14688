"""The ``workbench`` command run in process, as the CLI tests call it."""

from __future__ import annotations

from click.testing import CliRunner

from workbench.cli import main


def run_cli(*args: str, input: str | None = None) -> tuple[int, str]:
    """The exit code and what the command printed (standard output and error together)."""
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.output
