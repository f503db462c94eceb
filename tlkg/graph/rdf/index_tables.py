"""The analysis index's tables and row shapes (``TABLES``): what the index (``tlkg.graph.
analysis``) and the fact layer share with the rules that build the rows
(``index_rows.py``) without loading those rules, the mapping or rdflib."""

from __future__ import annotations

# table -> its columns, in the order of the row tuples the fact layer reads
# (``services/reads.py``); ``analysis/schema.py`` makes one SQLite table of each.
TABLES: dict[str, tuple[str, ...]] = {
    "sources": (
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
        "version",
        "valid_from",
        "valid_until",
    ),
    "core": ("e", "p", "o", "graph"),
    "trials": ("t", "id", "phase", "status", "allocation", "graph", "start"),
    "mentions": ("e", "graph"),
    "rivalry": ("s", "p", "o", "graph", "sentence", "kind"),
    "labels": ("e", "label", "graph"),
    "xrefs": ("e", "mesh", "graph"),
    "extra": ("e", "p", "o", "graph"),
    # Clique evidence (``cliques.read_rows``): ``rank`` keeps its order (MeSH ids, other
    # names, the vocabulary's names and links).
    "evidence": ("e", "p", "v", "graph", "rank"),
    "nodes": ("e", "graph"),
    "hierarchy": ("narrower", "broader", "graph"),
}

Value = str | int | None
IndexRow = tuple[Value, ...]
Rows = dict[str, list[IndexRow]]
# One mapped source's rows, as a load holds them until its batch is written (no empty
# table; tuples, which the collector stops tracking: ``index_rows.source_rows``).
BuiltRows = dict[str, tuple[IndexRow, ...]]
Quad = tuple[str, str, str, str]  # subject, predicate, object's lexical value, graph
MetaTriple = tuple[str, str, str]  # a source's metadata (subject: the source's IRI)
