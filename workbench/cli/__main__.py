"""``python -m workbench.cli``: the same as the ``workbench`` command."""

from . import main

main()
