"""The facts the analysis services (competitors, landscape) read, and how they are fetched.

Two ways, one interface (``Facts``):

- **On demand** (the default, e.g. one ``tlkg competitors`` command): a few SPARQL queries
  with VALUES blocks fetch exactly the neighbourhood an answer needs: the therapy, the
  therapies sharing one of its indications, their facts, trials and mentions.
- **Indexed** (long-running processes: the API server, the benchmark): ``warm(store)``
  scans the store once into in-process dictionaries (therapy -> facts per graph,
  indication -> therapies, node -> comparisons, labels, source metadata). Each later call
  checks the store's state token (``OxigraphStore.state_token()``, one index lookup; it
  changes on every write, including writes by another process) and rebuilds the index
  when it changed, so answers never come from a stale index.

Either way each fact keeps the named graph it came from, so ``--as-of`` filtering and the
sources of every reason come from the same data. Background graphs (vocabulary, ontology)
are always visible.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import XSD, Literal, URIRef

from tlkg.graph.services.catalog import BACKGROUND, View, check_as_of
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.oxigraph import GraphStore
from tlkg.ontology.namespace import TLKG, VOCAB_GRAPH, key_of

P_INDICATION = str(TLKG.indication)
P_APPROVED = str(TLKG.approvedFor)
P_TARGET = str(TLKG.target)
P_MODALITY = str(TLKG.modality)
P_CATEGORY = str(TLKG.interventionCategory)
P_DEVELOPER = str(TLKG.developer)
P_COMPETES = str(TLKG.competesWith)
P_HEAD_TO_HEAD = str(TLKG.headToHeadWith)
P_BENCHMARK = str(TLKG.benchmarkedAgainst)
P_COMPLEMENTS = str(TLKG.complements)
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
VOCAB = str(VOCAB_GRAPH)

# Phase ranks; "approved" (an approvedFor fact) ranks above every trial phase.
PHASE_RANK = {"na": 0, "early-phase1": 1, "phase1": 2, "phase2": 3, "phase3": 4, "phase4": 5}
APPROVED_RANK = 6
STOPPED_STATUSES = frozenset({"withdrawn", "terminated", "suspended"})


# ---- records -------------------------------------------------------------------------------
@dataclass(slots=True)
class TrialFact:
    graph: str
    nct: str
    phases: set[str] = field(default_factory=set)
    status: str | None = None


@dataclass(slots=True)
class RawTherapy:
    """Everything known about one therapy, per graph, before visibility filtering."""

    facts: list[tuple[str, str, str]] = field(default_factory=list)  # (predicate, object, graph)
    trials: dict[tuple[str, str], TrialFact] = field(default_factory=dict)  # (graph, nct)
    mentions: dict[str, None] = field(default_factory=dict)  # graphs, an ordered set


@dataclass(slots=True, frozen=True)
class RelationFact:
    s: str
    p: str
    o: str
    graph: str
    sentence: str | None = None
    kind: str | None = None


Graphs = dict[str, None]  # an ordered set of graph IRIs (newest source first when indexed)


@dataclass
class TherapyFacts:
    """One therapy's facts as visible to one answer (``as_of`` applied). Each fact maps to
    the graphs that state it; from the index, newest source first."""

    iri: str
    indications: dict[str, Graphs] = field(default_factory=dict)  # indication -> graphs
    approved_for: dict[str, Graphs] = field(default_factory=dict)
    targets: dict[str, Graphs] = field(default_factory=dict)
    modalities: dict[str, Graphs] = field(default_factory=dict)
    categories: set[str] = field(default_factory=set)
    developers: dict[str, Graphs] = field(default_factory=dict)
    trials: list[TrialFact] = field(default_factory=list)
    mentions: Graphs = field(default_factory=dict)
    modality: str | None = None
    phase_rank: int = -1
    stopped: bool = False
    all_indications: dict[str, Graphs] = field(default_factory=dict)  # studied or approved

    @property
    def highest_phase(self) -> str | None:
        if self.phase_rank == APPROVED_RANK:
            return "approved"
        for key, rank in PHASE_RANK.items():
            if rank == self.phase_rank:
                return key
        return None


def _add(d: dict[str, Graphs], key: str, graph: str) -> None:
    s = d.get(key)
    if s is None:
        d[key] = {graph: None}
    else:
        s[graph] = None


def summarize(iri: str, raw: RawTherapy, visible: Callable[[str], bool]) -> TherapyFacts:
    tf = TherapyFacts(iri)
    for pred, obj, graph in raw.facts:
        if not visible(graph):
            continue
        if pred == P_INDICATION:
            _add(tf.indications, obj, graph)
        elif pred == P_APPROVED:
            _add(tf.approved_for, obj, graph)
        elif pred == P_TARGET:
            _add(tf.targets, obj, graph)
        elif pred == P_MODALITY:
            _add(tf.modalities, obj, graph)
        elif pred == P_CATEGORY:
            tf.categories.add(key_of(obj))
        elif pred == P_DEVELOPER:
            _add(tf.developers, obj, graph)
    tf.all_indications = {k: dict(v) for k, v in tf.indications.items()}
    for k, v in tf.approved_for.items():
        tf.all_indications.setdefault(k, {}).update(v)
    tf.trials = [t for t in raw.trials.values() if visible(t.graph)]
    tf.mentions = {g: None for g in raw.mentions if visible(g)}
    if tf.modalities:
        # The vocabulary's modality wins over a guess from a name; then the most common.
        vocab = sorted(m for m, gs in tf.modalities.items() if VOCAB in gs)
        if vocab:
            tf.modality = vocab[0]
        else:
            tf.modality = min(tf.modalities, key=lambda m: (-len(tf.modalities[m]), m))
    if tf.approved_for:
        tf.phase_rank = APPROVED_RANK
    else:
        tf.phase_rank = max(
            (PHASE_RANK.get(p, -1) for t in tf.trials for p in t.phases), default=-1
        )
        tf.stopped = bool(tf.trials) and all(t.status in STOPPED_STATUSES for t in tf.trials)
    return tf


@dataclass
class Hierarchy:
    """skos:broader links (indications, modalities) with their transitive closure."""

    parents: dict[str, set[str]] = field(default_factory=dict)
    up: dict[str, set[str]] = field(default_factory=dict)
    down: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Hierarchy:
        h = cls()
        for narrower, broader in pairs:
            if narrower != broader:
                h.parents.setdefault(narrower, set()).add(broader)
        for node in list(h.parents):
            seen: set[str] = set()
            todo = list(h.parents[node])
            while todo:
                b = todo.pop()
                if b in seen or b == node:
                    continue
                seen.add(b)
                todo.extend(h.parents.get(b, ()))
            h.up[node] = seen
            for b in seen:
                h.down.setdefault(b, set()).add(node)
        return h

    def ancestors(self, node: str) -> set[str]:
        return self.up.get(node, set())

    def descendants(self, node: str) -> set[str]:
        return self.down.get(node, set())

    def is_root(self, node: str) -> bool:
        return not self.parents.get(node)

    def at_or_below(self, node: str) -> set[str]:
        return {node, *self.descendants(node)}


# ---- scanning ------------------------------------------------------------------------------
def scan(store: GraphStore, text: str, names: tuple[str, ...]) -> Iterator[tuple[str | None, ...]]:
    """Rows of plain strings; through pyoxigraph directly when the store allows it (no
    rdflib term objects: several times faster on large scans)."""
    raw_query = getattr(store, "raw_query", None)
    if raw_query is not None:
        intern = sys.intern
        for sol in raw_query(text):
            row = []
            for n in names:
                term = sol[n]
                row.append(None if term is None else intern(term.value))
            yield tuple(row)
        return
    for r in store.select(text):
        yield tuple(None if r.get(n) is None else str(r[n]) for n in names)


def _full(name: str) -> str:
    return sparql.query(name).replace("#VALUES", "")


def scan_for(
    store: GraphStore, name: str, var: str, iris: Collection[str], names: tuple[str, ...]
) -> Iterator[tuple[str | None, ...]]:
    items = list(dict.fromkeys(iris))
    for i in range(0, len(items), 400):
        batch = [URIRef(x) for x in items[i : i + 400]]
        yield from scan(store, sparql.with_values(name, var, batch), names)


def _fill_core(raw: dict[str, RawTherapy], rows: Iterable[tuple[str | None, ...]]) -> None:
    for e, p, o, g in rows:
        assert e is not None and p is not None and o is not None and g is not None
        r = raw.get(e)
        if r is None:
            r = raw[e] = RawTherapy()
        r.facts.append((p, o, g))


def _fill_trials(raw: dict[str, RawTherapy], rows: Iterable[tuple[str | None, ...]]) -> None:
    for t, nct, phase, status, g in rows:
        assert t is not None and nct is not None and g is not None
        r = raw.get(t)
        if r is None:
            r = raw[t] = RawTherapy()
        tf = r.trials.get((g, nct))
        if tf is None:
            tf = r.trials[(g, nct)] = TrialFact(g, nct, set(), key_of(status) if status else None)
        if phase:
            tf.phases.add(key_of(phase))


def _fill_mentions(raw: dict[str, RawTherapy], rows: Iterable[tuple[str | None, ...]]) -> None:
    for e, g in rows:
        assert e is not None and g is not None
        r = raw.get(e)
        if r is None:
            r = raw[e] = RawTherapy()
        r.mentions[g] = None


_CORE = ("e", "p", "o", "graph")
_TRIALS = ("t", "id", "phase", "status", "graph")
_MENTIONS = ("e", "graph")
_RIVALRY = ("s", "p", "o", "graph", "sentence", "kind")
_SOURCE_COLS = (
    "graph",
    "id",
    "kind",
    "title",
    "date",
    "url",
    "level",
    "publisher",
    "loader",
    "loaded",
    "hash",
)


def _relation(row: tuple[str | None, ...]) -> RelationFact:
    s, p, o, g, sentence, kind = row
    assert s is not None and p is not None and o is not None and g is not None
    return RelationFact(s, p, o, g, sentence, kind)


def _source(row: tuple[str | None, ...]) -> Source:
    _g, sid, kind, title, date, url, level, publisher, loader, loaded, digest = row
    return Source(
        id=str(sid),
        kind="trial" if kind == "trial" else "article",
        title=title,
        date=date,
        url=url,
        evidence_level=key_of(level) if level else None,
        publisher=publisher,
        loader=loader,
        # As rdflib writes it (what the SPARQL path and tlkg.graph.services.catalog give).
        loaded_at=str(Literal(loaded, datatype=XSD.dateTime)) if loaded else None,
        content_hash=digest,
    )


# ---- the index -----------------------------------------------------------------------------
class Index:
    """Every therapy fact of a store, per graph, for one state of the store."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.raw: dict[str, RawTherapy] = {}
        self.treating: dict[str, set[str]] = defaultdict(set)
        self.rivalry: dict[str, list[RelationFact]] = defaultdict(list)
        self.best_label: dict[str, str] = {}  # the label when every graph is visible
        # entity -> label -> (0 background / 1 source, earliest date of a source giving it)
        self.label_dates: dict[str, dict[str, tuple[int, str | None]]] = defaultdict(dict)
        self.sources: dict[str, tuple[str | None, ...]] = {}
        self.dates: dict[str, str | None] = {}
        self.hierarchy = Hierarchy()
        self.summaries: dict[str, TherapyFacts] = {}
        self.extras: dict[str, Any] = {}  # per-service caches for this state of the store
        self._source_models: dict[str, Source] = {}

    @classmethod
    def build(cls, store: GraphStore) -> Index:
        token = store_token(store)
        idx = cls(token)
        for row in scan(store, sparql.query("sources"), _SOURCE_COLS):
            g = str(row[0])
            idx.sources[g] = row
            idx.dates[g] = row[4]
        _fill_core(idx.raw, scan(store, _full("therapy_core"), _CORE))
        _fill_trials(idx.raw, scan(store, _full("therapy_trial_facts"), _TRIALS))
        _fill_mentions(idx.raw, scan(store, _full("therapy_mentions"), _MENTIONS))
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
        for row in scan(store, sparql.query("rivalry_all"), _RIVALRY):
            rel = _relation(row)
            idx.rivalry[rel.s].append(rel)
            if rel.o != rel.s:
                idx.rivalry[rel.o].append(rel)
        for e, pred, label, lgraph in scan(
            store, sparql.query("all_labels"), ("e", "p", "label", "graph")
        ):
            if pred != SKOS_PREF or e is None or label is None or lgraph is None:
                continue
            have = idx.label_dates[e].get(label)
            if lgraph in BACKGROUND:
                idx.label_dates[e][label] = (0, "")
            elif have is None or (have[0] == 1 and _earlier(idx.dates.get(lgraph), have[1])):
                idx.label_dates[e][label] = (1, idx.dates.get(lgraph))
        for e, cands in idx.label_dates.items():
            idx.best_label[e] = min((rank, label) for label, (rank, _d) in cands.items())[1]
        idx.hierarchy = _hierarchy(store)
        return idx

    def source(self, graph: str) -> Source | None:
        model = self._source_models.get(graph)
        if model is None:
            row = self.sources.get(graph)
            if row is None:
                return None
            model = self._source_models[graph] = _source(row)
        return model


def _earlier(date: str | None, than: str | None) -> bool:
    return date is not None and (than is None or date < than)


def _hierarchy(store: GraphStore) -> Hierarchy:
    pairs = []
    for n, b in scan(store, sparql.query("hierarchy"), ("narrower", "broader")):
        if n is not None and b is not None:
            pairs.append((n, b))
    return Hierarchy.from_pairs(pairs)


def store_token(store: GraphStore) -> str | None:
    fn = getattr(store, "state_token", None)
    return fn() if callable(fn) else None


_lock = threading.Lock()
_by_object: weakref.WeakKeyDictionary[Any, Index] = weakref.WeakKeyDictionary()
_by_location: dict[str, Index] = {}
_warm_object: weakref.WeakSet[Any] = weakref.WeakSet()
_warm_location: set[str] = set()
_rebuilding: set[str | int] = set()
log = logging.getLogger(__name__)


def _on_disk(store: GraphStore) -> bool:
    return bool(store.location) and store.location != ":memory:"


def cached_index(store: GraphStore) -> Index | None:
    """The index of this store if one is built and the store has not changed since.

    When the store changed and ``warm`` was asked for it before, the index is rebuilt in
    a background thread and None is returned meanwhile (answers come from SPARQL on
    demand, so they are never stale and a write never makes a request wait for a
    rebuild). ``TLKG_INDEX_SYNC`` (set by tests and benchmarks that want determinism)
    rebuilds in the caller instead."""
    token = store_token(store)
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


def _key(store: GraphStore) -> str | int:
    return store.location if _on_disk(store) else id(store)


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


# ---- the facts one answer sees ---------------------------------------------------------------
class Facts:
    """Facts visible to one answer: the index when one is current, else SPARQL."""

    def __init__(self, store: GraphStore, as_of: str | None = None, index: Index | None = None):
        self.store = store
        self.as_of = check_as_of(as_of)
        self.index = index
        self.view = View(store, as_of) if index is None else None
        self._raw: dict[str, RawTherapy] = {}
        self._summaries: dict[str, TherapyFacts] = {}
        self._hierarchy: Hierarchy | None = None
        self._labels: dict[str, str] = {}
        self._sources: dict[str, Source] = {}
        self._refs: dict[str, Ref] = {}

    # -- visibility --
    def visible(self, graph: str) -> bool:
        if self.view is not None:
            return self.view.visible(graph)
        if self.as_of is None or graph in BACKGROUND:
            return True
        assert self.index is not None
        date = self.index.dates.get(graph)
        return date is not None and date <= self.as_of

    # -- therapies --
    def therapies(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        iris = list(dict.fromkeys(iris))
        memo = (
            self.index.summaries
            if (self.index is not None and self.as_of is None)
            else (self._summaries)
        )
        todo = [i for i in iris if i not in memo]
        if todo:
            raw = self._raw_for(todo)
            empty = RawTherapy()
            for i in todo:
                memo[i] = summarize(i, raw.get(i, empty), self.visible)
        return {i: memo[i] for i in iris}

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        if self.index is not None:
            return self.index.raw
        missing = [i for i in iris if i not in self._raw]
        if missing:
            fresh: dict[str, RawTherapy] = {i: RawTherapy() for i in missing}
            _fill_core(fresh, scan_for(self.store, "therapy_core", "e", missing, _CORE))
            _fill_trials(fresh, scan_for(self.store, "therapy_trial_facts", "t", missing, _TRIALS))
            _fill_mentions(fresh, scan_for(self.store, "therapy_mentions", "e", missing, _MENTIONS))
            self._raw.update(fresh)
        return self._raw

    def treating(self, indications: Collection[str]) -> set[str]:
        """Therapies studied for or approved in one of ``indications`` (in any graph; the
        caller checks visibility through ``therapies``)."""
        if self.index is not None:
            out: set[str] = set()
            for i in indications:
                out |= self.index.treating.get(i, set())
            return out
        rows = scan_for(self.store, "treating", "i", indications, ("t", "graph"))
        return {str(t) for t, g in rows if g is not None and self.visible(g)}

    def relations(self, nodes: Collection[str]) -> list[RelationFact]:
        """Comparisons (competes, head to head, benchmarked, complements) touching
        ``nodes``, visible ones only."""
        if self.index is not None:
            seen: set[RelationFact] = set()
            out = []
            for n in nodes:
                for rel in self.index.rivalry.get(n, ()):
                    if rel not in seen and self.visible(rel.graph):
                        seen.add(rel)
                        out.append(rel)
            return out
        rows = scan_for(self.store, "rivalry", "n", nodes, _RIVALRY)
        rels = dict.fromkeys(_relation(r) for r in rows)
        return [r for r in rels if self.visible(r.graph)]

    def hierarchy(self) -> Hierarchy:
        if self.index is not None:
            return self.index.hierarchy
        if self._hierarchy is None:
            self._hierarchy = _hierarchy(self.store)
        return self._hierarchy

    # -- names and sources --
    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        iris = list(dict.fromkeys(iris))
        if self.index is None:
            return self._labels_by_query(iris)
        out = {}
        best = self.index.best_label
        for i in iris:
            label = self._labels.get(i)
            if label is None:
                if self.as_of is None:
                    label = best.get(i) or key_of(i)
                else:
                    as_of = self.as_of
                    seen = [
                        (rank, lab)
                        for lab, (rank, date) in self.index.label_dates.get(i, {}).items()
                        if rank == 0 or (date is not None and date <= as_of)
                    ]
                    label = min(seen)[1] if seen else key_of(i)
                self._labels[i] = label
            out[i] = label
        return out

    def _labels_by_query(self, iris: list[str]) -> dict[str, str]:
        todo = [i for i in iris if i not in self._labels]
        if todo:
            found: dict[str, tuple[int, str]] = {}
            for e, label, g in scan_for(self.store, "labels", "e", todo, ("e", "label", "graph")):
                if e is None or label is None or g is None or not self.visible(g):
                    continue
                cand = (0 if g in BACKGROUND else 1, label)
                if e not in found or cand < found[e]:
                    found[e] = cand
            for i in todo:
                self._labels[i] = found[i][1] if i in found else key_of(i)
        return {i: self._labels[i] for i in iris}

    def _ref_cache(self) -> dict[str, Ref]:
        if self.index is not None and self.as_of is None:
            cache: dict[str, Ref] = self.index.extras.setdefault("refs", {})
            return cache
        return self._refs

    def ref(self, iri: str) -> Ref:
        cache = self._ref_cache()
        ref = cache.get(iri)
        if ref is None:
            ref = cache[iri] = Ref(id=key_of(iri), name=self.labels([iri])[iri], iri=iri)
        return ref

    def refs(self, iris: Iterable[str]) -> list[Ref]:
        """Refs (shared, never to be mutated) sorted by name."""
        cache = self._ref_cache()
        iris = list(iris)
        missing = [i for i in iris if i not in cache]
        if missing:
            labels = self.labels(missing)
            for i in missing:
                cache[i] = Ref(id=key_of(i), name=labels[i], iri=i)
        refs = [cache[i] for i in dict.fromkeys(iris)]
        if len(refs) > 1:
            refs.sort(key=lambda r: r.name.casefold())
        return refs

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        graphs = [g for g in dict.fromkeys(graphs) if g not in BACKGROUND]
        if self.index is None:
            todo = [g for g in graphs if g not in self._sources]
            for row in scan_for(self.store, "sources_for_graphs", "graph", todo, _SOURCE_COLS):
                self._sources[str(row[0])] = _source(row)
            return {g: self._sources[g] for g in graphs if g in self._sources}
        out = {}
        for g in graphs:
            s = self.index.source(g)
            if s is not None:
                out[g] = s
        return out

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        """Dates of the sources behind ``graphs`` ("" when undated)."""
        if self.index is not None:
            return {g: self.index.dates.get(g) or "" for g in graphs}
        out = dict.fromkeys(graphs, "")
        for g, date in scan_for(self.store, "source_dates", "graph", graphs, ("graph", "date")):
            if g is not None and date is not None:
                out[g] = date
        return out


def facts_for(store: GraphStore, as_of: str | None = None) -> Facts:
    """The facts an answer should use: the in-process index when it is current (see
    ``warm``), else on-demand SPARQL."""
    return Facts(store, as_of, cached_index(store))


def most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


__all__ = [
    "Facts",
    "Hierarchy",
    "Index",
    "RelationFact",
    "TherapyFacts",
    "TrialFact",
    "cached_index",
    "facts_for",
    "forget",
    "warm",
]
