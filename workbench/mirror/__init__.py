"""The text mirror of the workspace for git: YAML model files and MADR decision records."""

from .codec import FORMAT_VERSION, MirrorIssue, ParseResult, canonical, parse, render

__all__ = ["FORMAT_VERSION", "MirrorIssue", "ParseResult", "canonical", "parse", "render"]
