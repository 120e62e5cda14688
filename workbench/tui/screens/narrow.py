"""The width under which a screen lays itself out for a narrow terminal, and the height under
which for a short one.

Styles cannot ask for the terminal's size, so the app sets a ``-narrow`` and a ``-short`` class
on resize and the ``.tcss`` styles those classes."""

from __future__ import annotations

NARROW = 100
"""Terminals narrower than this (in columns) are narrow."""

SHORT = 30
"""Terminals shorter than this (in lines) are short: 80x24 is the smallest the workbench takes."""
