"""The SPARQL Update text both backends send: swap a source's graph and metadata in one
request, remove a source, renew the state token; and the ontology text both load."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from importlib import resources

from tlkg.graph.rdf.terms import nt_lines
from tlkg.graph.rdf.triples import SourceTriples, Triple
from tlkg.graph.store.base import STATE_NODE
from tlkg.ontology.namespace import DCT_IDENTIFIER, META_GRAPH, source_graph, source_iri


def ntriples(triples: Iterable[Triple]) -> str:
    return nt_lines(list(triples))


def replace_update(st: SourceTriples) -> str:
    """One SPARQL 1.1 Update request that swaps a source's graph and metadata."""
    return replace_update_text(st.graph, st.source, ntriples(st.data), ntriples(st.meta))


def replace_update_text(graph: str, source: str, data_nt: str, meta_nt: str) -> str:
    """The same from N-Triples text. The graph and source IRIs are minted by tlkg (never
    user text) and the data is N-Triples written by ``terms.nt``, which escapes every
    literal."""
    return (
        f"DROP SILENT GRAPH <{graph}> ;\n"
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{source}> ?p ?o }} }} ;\n"
        f"INSERT DATA {{\n GRAPH <{graph}> {{\n{data_nt} }}\n"
        f" GRAPH <{META_GRAPH}> {{\n{meta_nt} }}\n}}"
    )


def as_quads(nt_text: str, graph: str) -> str:
    """N-Triples text -> N-Quads in ``graph``. Every statement ends with " .\\n" and no
    literal holds a raw line break (``terms.nt`` escapes it), so the swap is exact."""
    return nt_text.replace(" .\n", f" <{graph}> .\n")


def state_update() -> str:
    """A SPARQL update giving the store a new state token (appended to every write)."""
    triple = f"<{STATE_NODE}> <{DCT_IDENTIFIER}>"
    return (
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ {triple} ?x }} }} ;\n"
        f'INSERT DATA {{ GRAPH <{META_GRAPH}> {{ {triple} "{uuid.uuid4().hex}" }} }}'
    )


def state_quad() -> str:
    """A new state token as an N-Quad, for writes that are not SPARQL updates (the bulk
    loader). It adds a value beside the earlier ones; ``state_update`` keeps only one."""
    return f'<{STATE_NODE}> <{DCT_IDENTIFIER}> "{uuid.uuid4().hex}" <{META_GRAPH}> .\n'


def remove_update(source_id: str) -> str:
    return (
        f"DROP SILENT GRAPH <{source_graph(source_id)}> ;\n"
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{source_iri(source_id)}> ?p ?o }} }}"
    )


def ontology_text() -> str:
    return resources.files("tlkg.ontology").joinpath("tlkg.ttl").read_text("utf-8")


