"""What every command shares: the settings the global options chose, the vocabulary, the store
they name (with its analysis index current), the options several commands take, and
``fail`` for a one-line error exit.

Start-up stays light: this module (like every command module) imports only typer at its
top; the store, the index, the vocabulary and the printing are imported when a command
uses them (tests/test_cli_startup.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from tlkg.graph.store.base import GraphStore
    from tlkg.ontology.vocab import Vocabulary
    from tlkg.settings import Settings


class State:
    """The settings of this run (set by the global options) and its vocabulary, read once."""

    settings: Settings
    _vocab: Vocabulary | None = None

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:  # parsed once, then read back (``vocab_cache.py``)
            from tlkg.graph.store.factory import store_folder
            from tlkg.ontology.vocab_cache import FOLDER_NAME, cached_vocabulary

            folder = store_folder(self.settings)
            cache = folder / FOLDER_NAME if folder is not None else None
            self._vocab = cached_vocabulary(self.settings.vocab, cache)
        return self._vocab

    def use(self, settings: Settings) -> None:
        self.settings = settings
        self._vocab = None


state = State()


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on stderr and exit with ``code``."""
    from tlkg.cli.render import print_error

    print_error(message)
    raise typer.Exit(code)


log = logging.getLogger("tlkg")


@contextmanager
def store_for(write: bool = False, *, index: bool = True) -> Iterator[GraphStore]:
    """The store the settings name, closed on exit; read-only unless ``write``.

    Before any answer its analysis index is brought up to date (built, with a progress
    bar on a terminal, when it is missing or of an older version); a store opened for
    writing keeps it current at every write. ``index=False``: commands that read no
    facts (queries, exports) leave it as it is."""
    from tlkg.graph.store.factory import open_store

    store = open_store(state.settings, write=write)
    try:
        if write or index:
            _current_index(store, write)
        yield store
    finally:
        store.close()


def _current_index(store: GraphStore, write: bool) -> None:
    from tlkg.cli.render import err, index_progress
    from tlkg.graph.analysis.maintain import attach, open_index

    try:
        with index_progress(err.is_terminal) as tick:
            conn = attach(store, tick) if write else open_index(store, tick)
        if conn is not None and not write:
            conn.close()  # the answers open their own
    except Exception as exc:  # answers then come from SPARQL, as without an index
        log.warning("the analysis index cannot be used: %s", exc, exc_info=True)


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Answer as the store stood on YYYY-MM-DD: sources dated on or before it, "
        "each trial record in the version that held then",
    ),
]
