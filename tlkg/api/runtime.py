"""What the routes share, ``Runtime`` (settings, store, vocabulary, the /sparql query
runner), and the ``runtime(request)`` dependency that hands it to them. Routes import
this module, never the app factory."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from fastapi import Request

from tlkg.api.uploads import safe_name
from tlkg.api.workers import QueryRunner
from tlkg.graph.ingest.pipeline import LoadSummary, load_upload
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

log = logging.getLogger("tlkg.api")


@dataclass
class Runtime:
    """What the routes share: the settings, the store, the vocabulary and the /sparql
    query runner. Writes (uploads) are serialised by ``write_lock``."""

    settings: Settings
    store: GraphStore
    vocab: Vocabulary
    sparql: QueryRunner
    owns_store: bool = False
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    closed: bool = False
    kept_view: bool = False  # today's view kept in memory (``start``)

    def start(self) -> None:
        """Start the /sparql runner and prepare the answers. A store with an on-disk
        analysis index answers from it, with today's view kept in memory as answers read
        it (``view_memo``) and the services' whole-store caches built in the background,
        so the server serves at once and its memory does not grow with the store. A
        store without one gets the in-memory index, built before serving (on-demand
        SPARQL would be slower still)."""
        self.sparql.start()
        try:
            from tlkg.graph.services import warmup

            kept = warmup.keep_view(self.store)
        except Exception:  # a store that cannot say where it lives (a test double, a remote)
            kept = False
        self.kept_view = kept
        if kept:
            self._prepare_later()
        else:
            self._warm()

    def _prepare_later(self) -> None:
        threading.Thread(target=self._prepare, name="tlkg-prepare", daemon=True).start()

    def _prepare(self) -> None:
        try:
            from tlkg.graph.services import warmup

            warmup.prepare(self.store, self.vocab)
        except Exception:  # answers then take the unprefiltered path
            if not self.closed:
                log.exception("could not prepare the answers' caches; answering without them")

    def _warm(self) -> None:
        try:
            from tlkg.graph.services import facts

            facts.warm(self.store)
        except Exception:  # the services fall back to the on-disk index or SPARQL
            if not self.closed:
                log.exception("could not build the analysis index; answering without it")

    def load_upload(self, name: str | None, data: bytes) -> LoadSummary:
        """Load one uploaded document (the client's ``name`` reduced to a safe label);
        queries see it at once (the /sparql runner takes a new snapshot)."""
        with self.write_lock:
            summary = load_upload(
                self.store, self.vocab, safe_name(name), data, history=self.settings.history
            )
            if summary.loaded:
                self.sparql.refresh()
                if self.kept_view:
                    self._prepare_later()
        return summary

    def state_token(self) -> str | None:
        """The store's state token (it changes on every write): what answers' ETags are
        made from. None when the store has none or cannot say (then answers carry no
        ETag, and a failing store answers the request itself with its error)."""
        try:
            return self.store.state_token()
        except Exception:
            log.warning("no state token from the store", exc_info=True)
            return None

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.sparql.close()
        if self.kept_view:
            from tlkg.graph.services import view_memo

            view_memo.forget(self.store.location)
        if self.owns_store:
            self.store.close()


def runtime(request: Request) -> Runtime:
    """FastAPI dependency: the app's Runtime (also for the web page's routes)."""
    rt: Runtime = request.app.state.tlkg
    return rt
