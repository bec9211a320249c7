"""Lets `python -m sahel_tui` behave exactly like the `sahel-tui` command."""

from sahel_tui.cli import main

main()
