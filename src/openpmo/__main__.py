"""``python -m openpmo`` is the ``pmo`` command."""

from openpmo.cli import main

main()
