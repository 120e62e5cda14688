"""Drawing a DOT graph with Graphviz's ``dot`` program, for the SVG and PNG exports: the one
exporter step that runs a program, kept out of the exporters, which only turn a workspace into
bytes."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

DOT_PACKAGE = "graphviz"
"""The Debian package that has ``dot``."""
PNG_DPI = 72
RENDER_TIMEOUT = 120
"""Seconds ``dot`` may take (the large model's graph takes a few)."""


@dataclass(frozen=True)
class Rendered:
    """Output of ``dot``, or why there is none."""

    data: bytes | None
    problem: str = ""


def dot_program() -> str | None:
    return shutil.which("dot")


def missing_dot_message() -> str:
    return (
        "dot (Graphviz) is not installed: wrote the DOT source only; install the Debian package "
        f"'{DOT_PACKAGE}' (apt-get install {DOT_PACKAGE}) for SVG and PNG."
    )


def render_with_dot(source: str, output: str) -> Rendered:
    """Run ``dot -T<output>`` on ``source``; ``output`` is ``svg`` or ``png``."""
    program = dot_program()
    if program is None:
        return Rendered(None, missing_dot_message())
    args = [program, f"-T{output}"]
    if output == "png":
        args.append(f"-Gdpi={PNG_DPI}")
    try:
        done = subprocess.run(  # noqa: S603 - fixed program and arguments, source on stdin
            args,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=RENDER_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Rendered(None, f"dot failed: {exc}")
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return Rendered(None, f"dot failed: {message[0] if message else done.returncode}")
    return Rendered(done.stdout)
