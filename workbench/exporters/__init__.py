"""Exports: the implementers' mapping spec, the integration design document and the diagrams.

Every exporter is a pure function from the workspace (and optional extra inputs) to files, given
as relative path -> bytes, with the same bytes for the same model. Running Graphviz and writing
files is the job of ``workbench.services.exporting``.
"""

from __future__ import annotations

FORMATS = ("xlsx", "csv", "json", "yaml", "md", "html", "dot", "svg", "png", "mermaid")
"""Every format ``workbench export --format`` accepts, in the order they are written."""

DIAGRAM_DIR = "diagrams"
DIAGRAM_STEM = "workspace"
