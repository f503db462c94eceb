"""``python -m tlkg``: the same command line as ``tlkg``."""

from tlkg.cli.main import main

main()
