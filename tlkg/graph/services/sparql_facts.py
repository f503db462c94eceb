"""The fact layer on demand: a few SPARQL queries with VALUES blocks fetch exactly the
neighbourhood an answer needs (the default, e.g. one ``tlkg competitors`` command)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from tlkg.graph.services.errors import check_as_of
from tlkg.graph.services.reads import (
    RIVALRY,
    SCANS,
    ScanFacts,
    read_hierarchy,
    relation,
    scan_for,
)
from tlkg.graph.services.records import Hierarchy, RelationFact, holds_on
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore, PlainRow

# ``ScanFacts`` kinds -> the query that reads them (its #VALUES variable is the kind's key).
_QUERIES = {
    "core": "therapy_core",
    "trials": "therapy_trial_facts",
    "mentions": "therapy_mentions",
    "labels": "labels",
    "sources": "sources_for_graphs",
    "dates": "source_dates",
    "xrefs": "xrefs",
}


class SparqlFacts(ScanFacts):
    """Facts visible to one answer, fetched from the store as they are asked for."""

    def __init__(self, store: GraphStore, as_of: str | None = None) -> None:
        as_of = check_as_of(as_of)
        if as_of is None:
            rows = store.scan(sparql.query("archived_graphs"), ("graph",))
            super().__init__(store, None, None, frozenset(str(g) for (g,) in rows))
            return
        cols = ("graph", "date", "valid_from", "valid_until")
        windows = store.scan(sparql.query("graph_windows"), cols)
        allowed = {str(g) for g, d, f, u in windows if holds_on(as_of, d, f, u)}
        super().__init__(store, as_of, allowed)

    def _scan(self, kind: str, keys: Collection[str]) -> Iterable[PlainRow]:
        key, cols = SCANS[kind]
        return scan_for(self.store, _QUERIES[kind], key, keys, cols)

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
