"""The terminal workbench (Textual): a thin layer over the services the CLI uses."""
