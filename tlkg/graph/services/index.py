"""The fact layer from memory, for long-running processes (the API server, the
benchmarks): ``warm(store)`` scans the store once into an ``Index``, kept current by the
store's state token; ``IndexedFacts`` answers from it.

Each later call checks ``store.state_token()`` (cheap; it changes on every write, including
writes by another process) and the index is rebuilt when it changed, so answers never come
from a stale index.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections import defaultdict
from collections.abc import Collection, Iterable
from itertools import islice
from typing import Any

from tlkg.graph.services.cliques import Cliques, Evidence, read_rows
from tlkg.graph.services.cliques import build as build_cliques
from tlkg.graph.services.errors import check_as_of
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.rank_facts import RankFacts
from tlkg.graph.services.reads import (
    CORE,
    MAX_SOURCES,
    MENTIONS,
    RIVALRY,
    SOURCE_COLS,
    TRIALS,
    XREFS,
    FactsBase,
    fill_core,
    fill_mentions,
    fill_trials,
    full,
    mesh_curie,
    read_hierarchy,
    relation,
    source,
)
from tlkg.graph.services.records import (
    BACKGROUND,
    P_APPROVED,
    P_INDICATION,
    Hierarchy,
    RawTherapy,
    RelationFact,
    TherapyFacts,
    holds_on,
)
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore, PlainRow
from tlkg.ontology.namespace import ID_BASE, SKOS_PREF_LABEL, key_of

log = logging.getLogger(__name__)
_THERAPY = ID_BASE + "therapy/"


class Index:
    """Every therapy fact of a store, per graph, for one state of the store: therapy ->
    facts, indication -> therapies, node -> comparisons, labels, source metadata."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.raw: dict[str, RawTherapy] = {}
        self.treating: dict[str, set[str]] = defaultdict(set)
        self.rivalry: dict[str, list[RelationFact]] = defaultdict(list)
        self.best_label: dict[str, str] = {}  # the label when every graph is visible
        # entity -> label -> (0 background / 1 source, earliest date of a source giving it)
        self.label_dates: dict[str, dict[str, tuple[int, str | None]]] = defaultdict(dict)
        self.sources: dict[str, PlainRow] = {}
        self.dates: dict[str, str | None] = {}
        # graph -> (valid_from, valid_until) of the versions of trial records with history
        self.windows: dict[str, tuple[str | None, str | None]] = {}
        self.archived: frozenset[str] = frozenset()
        self.hierarchy = Hierarchy()
        self.xrefs: dict[str, dict[str, list[str]]] = defaultdict(dict)  # e -> CURIE -> graphs
        self.summaries: dict[str, TherapyFacts] = {}
        self.ranks: dict[str, RankFacts] = {}
        self.refs: dict[str, Ref] = {}
        self.extras: dict[str, dict[str, Any]] = {}  # per-service caches for this state
        self.clique_rows: list[PlainRow] = []  # clique evidence (``cliques.read_rows``)
        self.therapy_names: dict[str, list[PlainRow]] = defaultdict(list)  # e -> name rows
        self.cliques: Cliques | None = None  # when every graph is visible
        self._source_models: dict[str, Source] = {}

    @classmethod
    def build(cls, store: GraphStore) -> Index:
        idx = cls(store.state_token())
        for row in store.scan(sparql.query("sources"), SOURCE_COLS):
            g = str(row[0])
            idx.sources[g] = row
            idx.dates[g] = row[4]
            if row[12] is not None or row[13] is not None:
                idx.windows[g] = (row[12], row[13])
        idx.archived = frozenset(g for g, (_f, until) in idx.windows.items() if until)
        fill_core(idx.raw, store.scan(full("therapy_core"), CORE))
        fill_trials(idx.raw, store.scan(full("therapy_trial_facts"), TRIALS))
        fill_mentions(idx.raw, store.scan(full("therapy_mentions"), MENTIONS))
        # Newest source first everywhere, so that "the newest N sources" is a prefix.
        dates = idx.dates

        def newest(g: str) -> tuple[str, str]:
            return (dates.get(g) or "", g)

        for r in idx.raw.values():
            r.facts.sort(key=lambda f: newest(f[2]), reverse=True)
            r.mentions = dict.fromkeys(sorted(r.mentions, key=newest, reverse=True))
        for t, r in idx.raw.items():
            for p, o, _g in r.facts:
                if p in (P_INDICATION, P_APPROVED):
                    idx.treating[o].add(t)
        for row in store.scan(sparql.query("rivalry_all"), RIVALRY):
            rel = relation(row)
            idx.rivalry[rel.s].append(rel)
            if rel.o != rel.s:
                idx.rivalry[rel.o].append(rel)
        idx._read_labels(store)
        idx.clique_rows = read_rows(store)
        idx.hierarchy = read_hierarchy(store)
        for ent, mesh, xgraph in store.scan(full("xrefs"), XREFS):
            if ent is not None and mesh and xgraph is not None:
                idx.xrefs[ent].setdefault(mesh_curie(mesh), []).append(xgraph)
        return idx

    def _read_labels(self, store: GraphStore) -> None:
        names = ("e", "p", "label", "graph")
        for e, pred, label, lgraph in store.scan(sparql.query("all_labels"), names):
            if pred != SKOS_PREF_LABEL or e is None or label is None or lgraph is None:
                continue
            if e.startswith(_THERAPY):
                self.therapy_names[e].append((e, pred, label, lgraph))
            if lgraph in self.archived:  # history: a name is shown from current sources
                continue
            have = self.label_dates[e].get(label)
            if lgraph in BACKGROUND:
                self.label_dates[e][label] = (0, "")
            elif have is None or (have[0] == 1 and _earlier(self.dates.get(lgraph), have[1])):
                self.label_dates[e][label] = (1, self.dates.get(lgraph))
        for e, cands in self.label_dates.items():
            self.best_label[e] = min((rank, label) for label, (rank, _d) in cands.items())[1]

    def source(self, graph: str) -> Source | None:
        model = self._source_models.get(graph)
        if model is None:
            row = self.sources.get(graph)
            if row is None:
                return None
            model = self._source_models[graph] = source(row)
        return model


def _earlier(date: str | None, than: str | None) -> bool:
    return date is not None and (than is None or date < than)


def heads(groups: list[Iterable[str]]) -> list[str]:
    """The first ``MAX_SOURCES`` non-background graphs of each group, in order."""
    firsts = [list(islice((g for g in grp if g not in BACKGROUND), MAX_SOURCES)) for grp in groups]
    return list(dict.fromkeys(g for head in firsts for g in head))


class IndexedFacts(FactsBase):
    """Facts visible to one answer, read from a current ``Index``. Without ``as_of`` the
    summaries, refs and service caches are shared by every answer of that index."""

    def __init__(self, store: GraphStore, index: Index, as_of: str | None = None) -> None:
        self.store = store
        self.index = index
        self.as_of = check_as_of(as_of)
        shared = self.as_of is None
        self._summaries = index.summaries if shared else {}
        self._ranks = index.ranks if shared else {}
        self._refs = index.refs if shared else {}
        self._labels: dict[str, str] = {}

    def visible(self, graph: str) -> bool:
        if self.as_of is None:
            return graph not in self.index.archived
        if graph in BACKGROUND:
            return True
        valid_from, until = self.index.windows.get(graph, (None, None))
        return holds_on(self.as_of, self.index.dates.get(graph), valid_from, until)

    def cache(self, name: str) -> dict[str, Any] | None:
        return self.index.extras.setdefault(name, {}) if self.as_of is None else None

    def _build_cliques(self) -> Cliques:
        if self.as_of is None and self.index.cliques is not None:
            return self.index.cliques
        idx = self.index
        evidence = Evidence(
            idx.clique_rows,
            set(idx.therapy_names),
            lambda iris: (row for i in iris for row in idx.therapy_names.get(i, ())),
        )
        cliques = build_cliques(evidence, self.visible)
        if self.as_of is None:
            idx.cliques = cliques
        return cliques

    def _merged(self, members: list[str], raw: dict[str, RawTherapy]) -> RawTherapy:
        # Newest source first, as every therapy of the index is (``newest_sources``).
        out = super()._merged(members, raw)
        dates = self.index.dates

        def newest(g: str) -> tuple[str, str]:
            return (dates.get(g) or "", g)

        out.facts.sort(key=lambda f: newest(f[2]), reverse=True)
        out.mentions = dict.fromkeys(sorted(out.mentions, key=newest, reverse=True))
        return out

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        return self.index.raw

    def _mentioned(self) -> list[str]:
        return sorted(
            t for t, r in self.index.raw.items() if any(self.visible(g) for g in r.mentions)
        )

    def _treating(self, indications: Collection[str]) -> set[str]:
        out: set[str] = set()
        for i in indications:
            out |= self.index.treating.get(i, set())
        return out

    def _relations(self, nodes: Collection[str]) -> list[RelationFact]:
        seen: set[RelationFact] = set()
        out = []
        for n in nodes:
            for rel in self.index.rivalry.get(n, ()):
                if rel not in seen and self.visible(rel.graph):
                    seen.add(rel)
                    out.append(rel)
        return out

    def hierarchy(self) -> Hierarchy:
        return self.index.hierarchy

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        out = {}
        for i in dict.fromkeys(iris):
            label = self._labels.get(i)
            if label is None:
                label = self._labels[i] = self._label(i)
            out[i] = label
        return out

    def _label(self, iri: str) -> str:
        if self.as_of is None:
            return self.index.best_label.get(iri) or key_of(iri)
        as_of = self.as_of
        seen = [
            (rank, lab)
            for lab, (rank, date) in self.index.label_dates.get(iri, {}).items()
            if rank == 0 or (date is not None and date <= as_of)
        ]
        return min(seen)[1] if seen else key_of(iri)

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        out = {}
        for g in dict.fromkeys(graphs):
            s = self.index.source(g) if g not in BACKGROUND else None
            if s is not None:
                out[g] = s
        return out

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        return {g: self.index.dates.get(g) or "" for g in graphs}

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        out = {}
        for i in dict.fromkeys(iris):
            known = self.index.xrefs.get(i, {})
            out[i] = sorted(x for x, gs in known.items() if any(self.visible(g) for g in gs))
        return out

    def newest_sources(
        self,
        groups: Iterable[Iterable[str]],
        fallback: Iterable[str],
        *,
        newest_first: bool = False,
    ) -> tuple[list[Source], int]:
        if self.as_of is not None:
            return super().newest_sources(groups, fallback, newest_first=newest_first)
        # Every graph is visible and each group is newest first: only heads can win.
        chosen = [g for g in groups if g]
        total = _count(chosen)
        if not total:
            chosen = [fallback]
            total = _count(chosen)
        return self._newest(heads(chosen), total)


def _count(groups: list[Iterable[str]]) -> int:
    """Distinct non-background graphs in ``groups`` (ordered sets or lists)."""
    if len(groups) == 1:
        only = groups[0]
        if isinstance(only, dict):
            return len(only) - sum(1 for b in BACKGROUND if b in only)
    return len(set().union(*groups) - BACKGROUND)


# ---- keeping the index of a store current ------------------------------------------------------
_lock = threading.Lock()
_by_object: weakref.WeakKeyDictionary[Any, Index] = weakref.WeakKeyDictionary()
_by_location: dict[str, Index] = {}
_warm_object: weakref.WeakSet[Any] = weakref.WeakSet()
_warm_location: set[str] = set()
_rebuilding: set[str | int] = set()


def _on_disk(store: GraphStore) -> bool:
    return bool(store.location) and store.location != ":memory:"


def _key(store: GraphStore) -> str | int:
    return store.location if _on_disk(store) else id(store)


def cached_index(store: GraphStore) -> Index | None:
    """The index of this store if one is built and the store has not changed since.

    When the store changed and ``warm`` was asked for it before, the index is rebuilt in
    a background thread and None is returned meanwhile (answers come from SPARQL on
    demand, so they are never stale and a write never makes a request wait for a
    rebuild). ``TLKG_INDEX_SYNC`` (set by tests and benchmarks that want determinism)
    rebuilds in the caller instead."""
    token = store.state_token()
    if token is None:
        return None
    key = _key(store)
    with _lock:
        idx = _by_location.get(key) if isinstance(key, str) else _by_object.get(store)
        warm_wanted = (key in _warm_location) if isinstance(key, str) else (store in _warm_object)
    if idx is not None and idx.token == token:
        return idx
    if not warm_wanted:
        return None
    if os.environ.get("TLKG_INDEX_SYNC"):
        return warm(store)
    with _lock:
        if key in _rebuilding:
            return None
        _rebuilding.add(key)

    def rebuild() -> None:
        try:
            warm(store)
        except Exception:  # the services keep answering from SPARQL
            log.exception("rebuilding the analysis index failed")
        finally:
            with _lock:
                _rebuilding.discard(key)

    threading.Thread(target=rebuild, name="tlkg-index", daemon=True).start()
    return None


def warm(store: GraphStore) -> Index:
    """Build (or rebuild) the in-process index of ``store`` and keep it current: later
    calls on this store use it, and rebuild it after the store changes."""
    idx = Index.build(store)
    with _lock:
        if _on_disk(store):
            _by_location[store.location] = idx
            _warm_location.add(store.location)
        else:
            _by_object[store] = idx
            _warm_object.add(store)
    return idx


def forget(store: GraphStore) -> None:
    """Drop the index of ``store`` (if any) and stop keeping it warm."""
    with _lock:
        if _on_disk(store):
            _by_location.pop(store.location, None)
            _warm_location.discard(store.location)
        else:
            _by_object.pop(store, None)
            _warm_object.discard(store)
