"""The Q2C mapping-design workbench."""

__version__ = "0.1.0"
