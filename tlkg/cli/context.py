"""What every command shares: the settings the global options chose, the vocabulary, the store
they name, the options several commands take, and ``fail`` for a one-line error exit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer

from tlkg.cli.render import print_error
from tlkg.graph.store.base import GraphStore
from tlkg.graph.store.factory import open_store
from tlkg.ontology.vocab import Vocabulary, load_vocabulary
from tlkg.settings import Settings


class State:
    """The settings of this run (set by the global options) and its vocabulary, read once."""

    settings: Settings
    _vocab: Vocabulary | None = None

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.settings.vocab)
        return self._vocab

    def use(self, settings: Settings) -> None:
        self.settings = settings
        self._vocab = None


state = State()


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on stderr and exit with ``code``."""
    print_error(message)
    raise typer.Exit(code)


@contextmanager
def store_for(write: bool = False) -> Iterator[GraphStore]:
    """The store the settings name, closed on exit; read-only unless ``write``."""
    store = open_store(state.settings, write=write)
    try:
        yield store
    finally:
        store.close()


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Only sources dated on or before YYYY-MM-DD")
]
