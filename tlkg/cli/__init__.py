"""The ``tlkg`` command line; its entry point is ``tlkg.cli.main:main``."""
