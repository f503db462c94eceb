"""Reading facts from the store (batched VALUES scans of plain strings, rows parsed into
records) and ``FactsBase``: the part of the fact layer both implementations share."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Iterator
from itertools import islice
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.records import (
    BACKGROUND,
    LEVEL_RANK,
    Details,
    Hierarchy,
    RawTherapy,
    RelationFact,
    TherapyFacts,
    TrialFact,
    pick_modality,
    summarize,
    tied_graphs,
)
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore, PlainRow
from tlkg.ontology.namespace import SKOS_ALT_LABEL, SKOS_PREF_LABEL, TLKG, key_of

CORE = ("e", "p", "o", "graph")
TRIALS = ("t", "id", "phase", "status", "graph")
MENTIONS = ("e", "graph")
XREFS = ("e", "mesh", "graph")
RIVALRY = ("s", "p", "o", "graph", "sentence", "kind")
SOURCE_COLS = (
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
MAX_SOURCES = 10  # sources listed per reason; ``source_count`` gives the total
_BATCH = 400
_INFERRED = str(TLKG.modalityInferred)


def full(name: str) -> str:
    """A ``#VALUES`` query with the block left out: every entity."""
    return sparql.query(name).replace("#VALUES", "")


def scan_for(
    store: GraphStore, name: str, var: str, iris: Collection[str], names: tuple[str, ...]
) -> Iterator[PlainRow]:
    """The rows of query ``name`` with ``var`` bound to each of ``iris`` (in batches)."""
    items = list(dict.fromkeys(iris))
    for i in range(0, len(items), _BATCH):
        batch = [URIRef(x) for x in items[i : i + _BATCH]]
        yield from store.scan(sparql.with_values(name, var, batch), names)


def _entry(raw: dict[str, RawTherapy], iri: str) -> RawTherapy:
    r = raw.get(iri)
    if r is None:
        r = raw[iri] = RawTherapy()
    return r


def fill_core(raw: dict[str, RawTherapy], rows: Iterable[PlainRow]) -> None:
    for e, p, o, g in rows:
        assert e is not None and p is not None and o is not None and g is not None
        _entry(raw, e).facts.append((p, o, g))


def fill_trials(raw: dict[str, RawTherapy], rows: Iterable[PlainRow]) -> None:
    for t, nct, phase, status, g in rows:
        assert t is not None and nct is not None and g is not None
        trials = _entry(raw, t).trials
        tf = trials.get((g, nct))
        if tf is None:
            tf = trials[(g, nct)] = TrialFact(g, nct, set(), key_of(status) if status else None)
        if phase:
            tf.phases.add(key_of(phase))


def fill_mentions(raw: dict[str, RawTherapy], rows: Iterable[PlainRow]) -> None:
    for e, g in rows:
        assert e is not None and g is not None
        _entry(raw, e).mentions[g] = None


def mesh_curie(mesh: str) -> str:
    """A MeSH id as the CURIE of ``xrefs`` (bioregistry and Biolink prefix ``MESH``)."""
    return f"MESH:{mesh}"


def relation(row: PlainRow) -> RelationFact:
    s, p, o, g, sentence, kind = row
    assert s is not None and p is not None and o is not None and g is not None
    return RelationFact(s, p, o, g, sentence, kind)


def source(row: PlainRow) -> Source:
    """A ``Source`` from a row of ``SOURCE_COLS``."""
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
        # The timestamp as rdflib writes an xsd:dateTime (normalised).
        loaded_at=str(Literal(loaded, datatype=XSD.dateTime)) if loaded else None,
        content_hash=digest,
    )


def read_hierarchy(store: GraphStore) -> Hierarchy:
    pairs = []
    for n, b in store.scan(sparql.query("hierarchy"), ("narrower", "broader")):
        if n is not None and b is not None:
            pairs.append((n, b))
    return Hierarchy.from_pairs(pairs)


class FactsBase:
    """What both implementations of the fact layer share, written over their primitives
    (``visible``, ``_raw_for``, ``labels``, ``sources``, ``source_dates``)."""

    store: GraphStore
    as_of: str | None
    _summaries: dict[str, TherapyFacts]  # therapy -> facts (shared by answers when cached)
    _refs: dict[str, Ref]

    def visible(self, graph: str) -> bool:
        raise NotImplementedError

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        raise NotImplementedError

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        raise NotImplementedError

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        raise NotImplementedError

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        raise NotImplementedError

    def xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """The visible cross-references (CURIEs, sorted) of each IRI."""
        raise NotImplementedError

    def cache(self, name: str) -> dict[str, Any] | None:
        """A cache for data derived from every visible fact, kept as long as the store
        does not change; None when answers are not cached."""
        return None

    # -- therapies --
    def therapies(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        iris = list(dict.fromkeys(iris))
        memo = self._summaries
        todo = [i for i in iris if i not in memo]
        if todo:
            raw = self._raw_for(todo)
            empty = RawTherapy()
            found = {i: summarize(i, raw.get(i, empty), self.visible) for i in todo}
            tied = set().union(*(tied_graphs(tf.modalities) for tf in found.values()))
            levels = self.evidence_levels(tied) if tied else {}
            for i, tf in found.items():
                tf.modality, tf.modality_curated = pick_modality(tf.modalities, levels)
                memo[i] = tf
        return {i: memo[i] for i in iris}

    def evidence_levels(self, graphs: Iterable[str]) -> dict[str, int]:
        """graph -> rank of its source's evidence level (``LEVEL_RANK``), when it has one."""
        return {
            g: LEVEL_RANK[s.evidence_level]
            for g, s in self.sources(graphs).items()
            if s.evidence_level in LEVEL_RANK
        }

    def details(self, iris: Iterable[str]) -> dict[str, Details]:
        out = {i: Details() for i in dict.fromkeys(iris)}
        rows = scan_for(self.store, "entity_facts", "e", list(out), CORE)
        for e, p, o, g in rows:
            if e not in out or o is None or g is None or not self.visible(g):
                continue
            if p in (SKOS_PREF_LABEL, SKOS_ALT_LABEL):
                out[e].labels.add(o)
            elif p == _INFERRED and o == "true":
                out[e].inferred = True
        return out

    # -- names --
    def ref(self, iri: str) -> Ref:
        ref = self._refs.get(iri)
        if ref is None:
            ref = self._refs[iri] = Ref(
                id=key_of(iri),
                name=self.labels([iri])[iri],
                iri=iri,
                xrefs=self.xrefs([iri])[iri],
            )
        return ref

    def refs(self, iris: Iterable[str]) -> list[Ref]:
        """Refs (shared, never to be mutated) sorted by name."""
        cache = self._refs
        iris = list(iris)
        missing = [i for i in iris if i not in cache]
        if missing:
            labels = self.labels(missing)
            xrefs = self.xrefs(missing)
            for i in missing:
                cache[i] = Ref(id=key_of(i), name=labels[i], iri=i, xrefs=xrefs[i])
        refs = [cache[i] for i in dict.fromkeys(iris)]
        if len(refs) > 1:
            refs.sort(key=lambda r: r.name.casefold())
        return refs

    # -- sources --
    def newest_sources(
        self, groups: Iterable[Iterable[str]], fallback: Iterable[str]
    ) -> tuple[list[Source], int]:
        """The newest ``MAX_SOURCES`` sources of the visible graphs in ``groups`` (or of
        ``fallback`` when there are none), newest first, and how many there are in all."""
        chosen = list(
            dict.fromkeys(
                g for grp in groups for g in grp if g not in BACKGROUND and self.visible(g)
            )
        )
        if not chosen:
            chosen = [g for g in dict.fromkeys(fallback) if g not in BACKGROUND]
        return self._newest(chosen, len(chosen))

    def _newest(self, chosen: list[str], total: int) -> tuple[list[Source], int]:
        if len(chosen) > MAX_SOURCES:
            dates = self.source_dates(chosen)
            chosen = heapq.nlargest(MAX_SOURCES, chosen, key=lambda g: (dates[g], g))
        found = self.sources(chosen)
        items = sorted(found.values(), key=lambda s: (s.date or "", s.id), reverse=True)
        return items, total


def heads(groups: list[Iterable[str]]) -> list[str]:
    """The first ``MAX_SOURCES`` non-background graphs of each group, in order."""
    firsts = [list(islice((g for g in grp if g not in BACKGROUND), MAX_SOURCES)) for grp in groups]
    return list(dict.fromkeys(g for head in firsts for g in head))
