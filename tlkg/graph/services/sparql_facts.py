"""The fact layer on demand: a few SPARQL queries with VALUES blocks fetch exactly the
neighbourhood an answer needs (the default, e.g. one ``tlkg competitors`` command)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rdflib import Literal

from tlkg.graph.services.errors import check_as_of
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.reads import (
    CORE,
    MENTIONS,
    RIVALRY,
    SOURCE_COLS,
    TRIALS,
    XREFS,
    FactsBase,
    fill_core,
    fill_mentions,
    fill_trials,
    mesh_curie,
    read_hierarchy,
    relation,
    scan_for,
    source,
)
from tlkg.graph.services.records import (
    BACKGROUND,
    Hierarchy,
    RawTherapy,
    RelationFact,
    TherapyFacts,
)
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import key_of


class SparqlFacts(FactsBase):
    """Facts visible to one answer, fetched from the store as they are asked for."""

    def __init__(self, store: GraphStore, as_of: str | None = None) -> None:
        self.store = store
        self.as_of = check_as_of(as_of)
        self._allowed: set[str] | None = None
        if self.as_of is not None:
            rows = store.select(sparql.query("graphs_as_of"), {"asOf": Literal(self.as_of)})
            self._allowed = {str(r["graph"]) for r in rows}
        self._raw: dict[str, RawTherapy] = {}
        self._summaries: dict[str, TherapyFacts] = {}
        self._hierarchy: Hierarchy | None = None
        self._labels: dict[str, str] = {}
        self._sources: dict[str, Source] = {}
        self._refs: dict[str, Ref] = {}
        self._xrefs: dict[str, list[str]] = {}

    def visible(self, graph: str) -> bool:
        return self._allowed is None or graph in BACKGROUND or graph in self._allowed

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        missing = [i for i in iris if i not in self._raw]
        if missing:
            fresh: dict[str, RawTherapy] = {i: RawTherapy() for i in missing}
            fill_core(fresh, scan_for(self.store, "therapy_core", "e", missing, CORE))
            fill_trials(fresh, scan_for(self.store, "therapy_trial_facts", "t", missing, TRIALS))
            fill_mentions(fresh, scan_for(self.store, "therapy_mentions", "e", missing, MENTIONS))
            self._raw.update(fresh)
        return self._raw

    def _mentioned(self) -> list[str]:
        rows = self.store.scan(sparql.query("mentioned_therapies"), ("t", "graph"))
        return sorted({t for t, g in rows if t is not None and g is not None and self.visible(g)})

    def _treating(self, indications: Collection[str]) -> set[str]:
        rows = scan_for(self.store, "treating", "i", indications, ("t", "graph"))
        return {str(t) for t, g in rows if g is not None and self.visible(g)}

    def _relations(self, nodes: Collection[str]) -> list[RelationFact]:
        rows = scan_for(self.store, "rivalry", "n", nodes, RIVALRY)
        rels = dict.fromkeys(relation(r) for r in rows)
        return [r for r in rels if self.visible(r.graph)]

    def hierarchy(self) -> Hierarchy:
        if self._hierarchy is None:
            self._hierarchy = read_hierarchy(self.store)
        return self._hierarchy

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._labels]
        if todo:
            found: dict[str, tuple[int, str]] = {}
            for e, label, g in scan_for(self.store, "labels", "e", todo, ("e", "label", "graph")):
                if e is None or label is None or g is None or not self.visible(g):
                    continue
                # The vocabulary's canonical label wins, then the smallest label seen.
                cand = (0 if g in BACKGROUND else 1, label)
                if e not in found or cand < found[e]:
                    found[e] = cand
            for i in todo:
                self._labels[i] = found[i][1] if i in found else key_of(i)
        return {i: self._labels[i] for i in iris}

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        graphs = [g for g in dict.fromkeys(graphs) if g not in BACKGROUND]
        todo = [g for g in graphs if g not in self._sources]
        for row in scan_for(self.store, "sources_for_graphs", "graph", todo, SOURCE_COLS):
            self._sources[str(row[0])] = source(row)
        return {g: self._sources[g] for g in graphs if g in self._sources}

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        out = dict.fromkeys(graphs, "")
        for g, date in scan_for(self.store, "source_dates", "graph", graphs, ("graph", "date")):
            if g is not None and date is not None:
                out[g] = date
        return out

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._xrefs]
        if todo:
            found: dict[str, set[str]] = {i: set() for i in todo}
            for e, mesh, g in scan_for(self.store, "xrefs", "e", todo, XREFS):
                if e in found and mesh and g is not None and self.visible(g):
                    found[e].add(mesh_curie(mesh))
            for i in todo:
                self._xrefs[i] = sorted(found[i])
        return {i: self._xrefs[i] for i in iris}
