"""What a long-running process (the API server) does for a store with an analysis index:
keep today's view in memory (``view_memo``) and build the services' whole-store caches
(competitor features, the landscape's MeSH map) once per store state, off the request
path. Answers never wait for it: until it is done they take the unprefiltered path."""

from __future__ import annotations

import logging
from typing import Any

from tlkg.graph.analysis.maintain import has_index, open_current
from tlkg.graph.services import competition, landscape, view_cache, view_memo
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.vocab import Vocabulary

log = logging.getLogger(__name__)


def keep_view(store: GraphStore) -> bool:
    """Keep today's view of ``store`` in memory, if it has an analysis index (True)."""
    if not has_index(store):
        return False
    view_memo.keep(store.location)
    return True


def prepare(store: GraphStore, vocab: Vocabulary | None) -> bool:
    """Build the service caches of the store's present state, unless they are built or
    being built (True when this call built them)."""
    conn = open_current(store)
    if conn is None:
        return False
    try:
        now = view_cache.stamp(conn)
        memo = view_memo.memo_for(store.location, now, lambda: view_cache.archived(conn, now))
        if memo is None or not view_memo.begin_prepare(memo):
            return False
        extras: dict[str, dict[str, Any]] = {}
        done = False
        try:
            # Its own answer object: the whole-store scan fills these caches, not the
            # memo of looked-up values (which stays the size of what answers asked).
            facts = SqliteFacts(store, conn, hidden=memo.hidden)
            facts.preparing(extras)
            competition.prepare(facts)
            landscape.prepare(facts, vocab)
            done = True
        finally:
            view_memo.end_prepare(memo, extras if done else None)
        return True
    finally:
        conn.close()
