"""The width under which a screen lays itself out for a narrow terminal.

Styles cannot ask for the terminal's width, so screens that change their layout set a
``-narrow`` class on resize and their ``.tcss`` styles that class."""

from __future__ import annotations

NARROW = 100
"""Terminals narrower than this (in columns) are narrow."""
