"""The analysis index's rows read straight from the store, one graph-bound query per table
(``tlkg/graph/store/queries/index_*.rq``, each the twin of a query the fact layer runs):
the oracle the rows built by ``tlkg.graph.rdf.index_rows`` (from a load's triples, or
from the triples read back) are compared with."""

from __future__ import annotations

from rdflib import URIRef

from tlkg.graph.analysis.schema import TABLES
from tlkg.graph.rdf.index_rows import THERAPY, IndexRow
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import SKOS_ALT_LABEL, TLKG, VOCAB_GRAPH

# table -> the store query that gives its rows (columns in ``TABLES`` order)
READS = {
    "trials": "index_trials",
    "mentions": "index_mentions",
    "rivalry": "index_rivalry",
    "labels": "index_labels",
    "xrefs": "index_xrefs",
    "nodes": "index_nodes",
    "hierarchy": "index_hierarchy",
    "sources": "sources_for_graphs",
}
EXTRA = frozenset({SKOS_ALT_LABEL, str(TLKG.modalityInferred)})
MESH = str(TLKG.meshId)


def _bound(name: str, graphs: list[str]) -> str:
    return sparql.with_values(name, "graph", [URIRef(g) for g in graphs])


def oracle_rows(store: GraphStore, graphs: list[str]) -> dict[str, list[IndexRow]]:
    """Every table's rows of ``graphs``, one query per table."""
    out: dict[str, list[IndexRow]] = {
        table: list(store.scan(_bound(q, graphs), TABLES[table])) for table, q in READS.items()
    }
    facts = list(store.scan(_bound("index_facts", graphs), TABLES["core"]))
    out["core"] = [r for r in facts if r[1] not in EXTRA]
    out["extra"] = [r for r in facts if r[1] in EXTRA]
    evidence: list[IndexRow] = [
        (e, MESH, m, g, 0) for e, m, g in out["xrefs"] if str(e).startswith(THERAPY)
    ]
    evidence += [
        (e, p, o, g, 1)
        for e, p, o, g in out["extra"]
        if p == SKOS_ALT_LABEL and str(e).startswith(THERAPY)
    ]
    if str(VOCAB_GRAPH) in graphs:
        names = ("e", "p", "v", "graph")
        evidence += [(*row, 2) for row in store.scan(sparql.query("clique_vocab"), names)]
    out["evidence"] = evidence
    return out
