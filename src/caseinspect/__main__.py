"""``python -m caseinspect`` runs the command line."""

from caseinspect.cli import main

main()
