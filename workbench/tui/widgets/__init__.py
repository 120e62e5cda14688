"""Widgets of the workbench, one module each."""
