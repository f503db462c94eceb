"""The fact layer from the analysis index (``tlkg.graph.analysis``): the same rows the
on-demand SPARQL implementation reads, kept per graph in SQLite beside an on-disk store,
so that one command answers without scanning the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator

from tlkg.graph.analysis.rows import all_rows, graphs_dated_by, rows_where
from tlkg.graph.services.cliques import EVIDENCE, Cliques, Evidence
from tlkg.graph.services.cliques import build as build_cliques
from tlkg.graph.services.errors import check_as_of
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.reads import (
    CORE,
    MENTIONS,
    RIVALRY,
    TRIALS,
    XREFS,
    FactsBase,
    fill_core,
    fill_mentions,
    fill_trials,
    mesh_curie,
    relation,
    source,
)
from tlkg.graph.services.records import (
    BACKGROUND,
    P_APPROVED,
    P_INDICATION,
    Details,
    Hierarchy,
    RawTherapy,
    RelationFact,
    TherapyFacts,
)
from tlkg.graph.store.base import GraphStore, PlainRow
from tlkg.ontology.namespace import SKOS_ALT_LABEL, SKOS_PREF_LABEL, TLKG, key_of

_INFERRED = str(TLKG.modalityInferred)
_TREATS = (P_INDICATION, P_APPROVED)  # treating.rq: studied for, or approved in


class SqliteFacts(FactsBase):
    """Facts visible to one answer, read from a current analysis index (``conn``); the
    rules are ``FactsBase``'s, the visibility that of ``SparqlFacts``."""

    def __init__(
        self, store: GraphStore, conn: sqlite3.Connection, as_of: str | None = None
    ) -> None:
        self.store = store
        self.conn = conn
        self.as_of = check_as_of(as_of)
        self._allowed = graphs_dated_by(conn, self.as_of) if self.as_of is not None else None
        self._raw: dict[str, RawTherapy] = {}
        self._summaries: dict[str, TherapyFacts] = {}
        self._hierarchy: Hierarchy | None = None
        self._labels: dict[str, str] = {}
        self._sources: dict[str, Source] = {}
        self._refs: dict[str, Ref] = {}
        self._xrefs: dict[str, list[str]] = {}

    def visible(self, graph: str) -> bool:
        return self._allowed is None or graph in BACKGROUND or graph in self._allowed

    def _build_cliques(self) -> Cliques:
        conn = self.conn
        rows: list[PlainRow] = list(all_rows(conn, "evidence", EVIDENCE, order="rank, rowid"))
        therapies = {str(e) for (e,) in conn.execute("SELECT DISTINCT e FROM nodes")}

        def names(iris: Collection[str]) -> Iterator[PlainRow]:
            for e, label, g in rows_where(conn, "labels", "e", sorted(iris)):
                yield (e, SKOS_PREF_LABEL, label, g)

        return build_cliques(Evidence(rows, therapies, names), self.visible)

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        missing = [i for i in iris if i not in self._raw]
        if missing:
            fresh: dict[str, RawTherapy] = {i: RawTherapy() for i in missing}
            fill_core(fresh, rows_where(self.conn, "core", "e", missing, CORE))
            fill_trials(fresh, rows_where(self.conn, "trials", "t", missing, TRIALS))
            fill_mentions(fresh, rows_where(self.conn, "mentions", "e", missing, MENTIONS))
            self._raw.update(fresh)
        return self._raw

    def _mentioned(self) -> list[str]:
        rows = all_rows(self.conn, "mentions", MENTIONS)
        return sorted({t for t, g in rows if self.visible(g)})

    def _treating(self, indications: Collection[str]) -> set[str]:
        rows = rows_where(self.conn, "core", "o", indications, ("e", "p", "graph"))
        return {str(t) for t, p, g in rows if p in _TREATS and self.visible(g)}

    def _relations(self, nodes: Collection[str]) -> list[RelationFact]:
        rows = [
            *rows_where(self.conn, "rivalry", "s", nodes, RIVALRY),
            *rows_where(self.conn, "rivalry", "o", nodes, RIVALRY),
        ]
        rels = dict.fromkeys(relation(r) for r in rows)
        return [r for r in rels if self.visible(r.graph)]

    def hierarchy(self) -> Hierarchy:
        if self._hierarchy is None:
            rows = self.conn.execute("SELECT DISTINCT narrower, broader FROM hierarchy")
            self._hierarchy = Hierarchy.from_pairs((str(n), str(b)) for n, b in rows)
        return self._hierarchy

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._labels]
        if todo:
            found: dict[str, tuple[int, str]] = {}
            for e, label, g in rows_where(self.conn, "labels", "e", todo):
                if not self.visible(g):
                    continue
                # The vocabulary's canonical label wins, then the smallest label seen.
                cand = (0 if g in BACKGROUND else 1, label)
                if e not in found or cand < found[e]:
                    found[e] = cand
            for i in todo:
                self._labels[i] = found[i][1] if i in found else key_of(i)
        return {i: self._labels[i] for i in iris}

    def details(self, iris: Iterable[str]) -> dict[str, Details]:
        """Labels and the inferred flag of each IRI's clique (every member's names)."""
        cl = self.cliques()
        out = {i: Details() for i in dict.fromkeys(iris)}
        owner: dict[str, list[str]] = {}
        for i in out:
            for m in cl.members(i):
                owner.setdefault(m, []).append(i)
        for e, label, g in rows_where(self.conn, "labels", "e", list(owner)):
            if self.visible(g):
                for i in owner[e]:
                    out[i].labels.add(label)
        for e, p, o, g in rows_where(self.conn, "extra", "e", list(owner)):
            if not self.visible(g):
                continue
            for i in owner[e]:
                if p == SKOS_ALT_LABEL:
                    out[i].labels.add(o)
                elif p == _INFERRED and o == "true":
                    out[i].inferred = True
        return out

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        graphs = [g for g in dict.fromkeys(graphs) if g not in BACKGROUND]
        todo = [g for g in graphs if g not in self._sources]
        for row in rows_where(self.conn, "sources", "graph", todo):
            self._sources[str(row[0])] = source(row)
        return {g: self._sources[g] for g in graphs if g in self._sources}

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        out = dict.fromkeys(graphs, "")
        for g, date in rows_where(self.conn, "sources", "graph", graphs, ("graph", "date")):
            if date is not None:
                out[g] = date
        return out

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._xrefs]
        if todo:
            found: dict[str, set[str]] = {i: set() for i in todo}
            for e, mesh, g in rows_where(self.conn, "xrefs", "e", todo, XREFS):
                if e in found and mesh and self.visible(g):
                    found[e].add(mesh_curie(mesh))
            for i in todo:
                self._xrefs[i] = sorted(found[i])
        return {i: self._xrefs[i] for i in iris}
