"""The two consoles the CLI prints on: ``out`` (stdout) and ``err`` (stderr). Apart from
``render.py`` (tables, JSON, progress bars, errors) so that ``tlkg --version`` prints
through rich without importing what the tables print."""

from __future__ import annotations

from rich.console import Console

out = Console()
err = Console(stderr=True)
