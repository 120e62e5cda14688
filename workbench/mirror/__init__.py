"""The text mirror of the workspace for git: YAML model files and MADR decision records.

The codec (and PyYAML with it) is imported on first use: opening an in-step workspace needs only
the path conventions in ``layout``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .codec import FORMAT_VERSION, MirrorIssue, ParseResult, canonical, parse, render

__all__ = ["FORMAT_VERSION", "MirrorIssue", "ParseResult", "canonical", "parse", "render"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import codec  # noqa: PLC0415 - see the module docstring

        return getattr(codec, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
