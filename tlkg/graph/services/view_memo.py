"""Today's view held in memory by a long-running process (the API server) over a store
with an analysis index, so that an answer reads the rows it needs once per store state
instead of once per request.

``keep(store)`` asks for it. ``SqliteFacts`` answering today's view (no ``as_of``) of
such a store then shares one ``ViewMemo`` per state of the index (its ``view_cache``
stamp: the store's state token and the code that builds the values): the archived
graphs, the cliques, and whatever answers looked up — therapy summaries, labels, refs,
sources, cross-references, the therapies treating a set of indications. Nothing is built
ahead, so the server answers at once; a new state (an upload) starts a new memo, so no
answer ever reads values of rows it was not built from.

The memo holds what was asked, not the store: past ``MAX_ENTRIES`` looked-up values it
starts afresh (a new object, so answers in flight keep theirs), which bounds the
server's memory whatever the store's size. The per-service caches (``Facts.cache``: the
competitor features, the landscape's MeSH map) are made by ``prepare`` in the background
and offered to answers only once complete; until then answers take the unprefiltered
path, which gives the same answers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tlkg.graph.services.cliques import Cliques
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.rank_facts import RankFacts
from tlkg.graph.services.records import TherapyFacts

MAX_ENTRIES = 200_000  # looked-up values kept per state before the memo starts afresh


@dataclass
class ServiceCaches:
    """The whole-store caches of one state (``Facts.cache``), shared by the memo and the
    fresh memos made of it, so that a preparation finishing after a memo started afresh
    still reaches it."""

    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    ready: bool = False  # ``prepare`` finished: ``extras`` may be offered
    preparing: bool = False


@dataclass
class ViewMemo:
    """What answers about one state of the store looked up (shared, never copied)."""

    stamp: str
    hidden: frozenset[str]  # archived graphs (trial versions superseded)
    cliques: Cliques | None = None
    summaries: dict[str, TherapyFacts] = field(default_factory=dict)
    ranks: dict[str, RankFacts] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    refs: dict[str, Ref] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    xrefs: dict[str, list[str]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    treating: dict[frozenset[str], set[str]] = field(default_factory=dict)
    caches: ServiceCaches = field(default_factory=ServiceCaches)

    @property
    def ready(self) -> bool:
        """The service caches are prepared and offered to answers."""
        return self.caches.ready

    def size(self) -> int:
        return (
            len(self.summaries)
            + len(self.ranks)
            + len(self.labels)
            + len(self.refs)
            + len(self.sources)
            + len(self.xrefs)
            + len(self.dates)
            + len(self.treating)
        )

    def fresh(self) -> ViewMemo:
        """A memo of the same state without the looked-up values (the cliques, archived
        graphs and prepared service caches are kept: they do not grow with use)."""
        return ViewMemo(self.stamp, self.hidden, self.cliques, caches=self.caches)


_lock = threading.Lock()
_kept: set[str] = set()  # index paths whose view is kept
_memos: dict[str, ViewMemo] = {}


def keep(location: str) -> None:
    """Keep today's view of the store at ``location`` (its analysis index) in memory."""
    with _lock:
        _kept.add(location)


def is_kept(location: str) -> bool:
    return location in _kept


def current(location: str) -> ViewMemo | None:
    """The memo of the latest state answered (None before any answer or when not kept)."""
    with _lock:
        return _memos.get(location)


def forget(location: str) -> None:
    with _lock:
        _kept.discard(location)
        _memos.pop(location, None)


def memo_for(
    location: str, stamp: str | None, hidden: Callable[[], frozenset[str]]
) -> ViewMemo | None:
    """The memo of ``location`` at ``stamp`` (made, reading ``hidden()``, when the state
    is new); None when the view is not kept or the state has no stamp."""
    if stamp is None:
        return None
    with _lock:
        if location not in _kept:
            return None
        memo = _memos.get(location)
        if memo is not None and memo.stamp == stamp:
            if memo.size() > MAX_ENTRIES:
                memo = _memos[location] = memo.fresh()
            return memo
    made = ViewMemo(stamp, hidden())
    with _lock:
        memo = _memos.get(location)
        if memo is None or memo.stamp != stamp:
            memo = _memos[location] = made
        return memo


def begin_prepare(memo: ViewMemo) -> bool:
    """Whether the caller should prepare ``memo``'s service caches now (once per state)."""
    with _lock:
        caches = memo.caches
        if caches.ready or caches.preparing:
            return False
        caches.preparing = True
        return True


def end_prepare(memo: ViewMemo, extras: dict[str, dict[str, Any]] | None) -> None:
    """Offer the prepared ``extras`` to later answers of ``memo``'s state (None: the
    preparation failed; a later call may try again)."""
    with _lock:
        caches = memo.caches
        caches.preparing = False
        if extras is not None:
            caches.extras.update(extras)
            caches.ready = True
