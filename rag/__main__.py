"""``python -m rag`` runs the ``vraagbaak`` command line."""

from rag.cli import main

main()
