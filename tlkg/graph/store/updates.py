"""The SPARQL Update text both backends send: swap a source's graph and metadata in one
request, keep a stored version as history, remove a source (with its history), renew the
state token; and the ontology text both load."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from importlib import resources

from tlkg.graph.rdf.predicates import XSD_DATE, XSD_DATETIME, P, SourceTriples
from tlkg.graph.rdf.terms import Triple, nt_lines
from tlkg.graph.store.base import STATE_NODE, Archive
from tlkg.ontology.namespace import (
    DCT_IDENTIFIER,
    META_GRAPH_IRI,
    source_graph,
    source_iri,
    tlkg_iri,
    version_graph,
    version_iri,
)

META_GRAPH = META_GRAPH_IRI
_SOURCE_VERSION = tlkg_iri("SourceVersion")
_NAMED_GRAPH = tlkg_iri("namedGraph")
_VALID_UNTIL = tlkg_iri("validUntil")

# Every archived version's graph (history: left out of the triple-format exports).
ARCHIVED_GRAPHS = (
    f"SELECT ?g WHERE {{ GRAPH <{META_GRAPH}> {{ ?v a <{_SOURCE_VERSION}> ; "
    f"<{_NAMED_GRAPH}> ?g }} }}"
)
# The archived versions of a record: ?src bound to the record's source IRI.
VERSION_GRAPHS = (
    f"SELECT ?g ?src WHERE {{ GRAPH <{META_GRAPH}> {{ ?v <{P.version_of}> ?src ; "
    f"<{_NAMED_GRAPH}> ?g }} }}"
)


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


def archive_update(a: Archive) -> str:
    """Keep the stored version of a record as history: its graph copied to the version's
    graph, its metadata to the version's node (typed tlkg:SourceVersion instead of a source,
    with the interval it held and the PROV links). Sent before the update that replaces it;
    the new version's metadata then names it with prov:wasRevisionOf. Every IRI is minted
    by tlkg and the days are ISO dates the loader checked."""
    src, graph = source_iri(a.source_id), source_graph(a.source_id)
    v, vg = version_iri(a.source_id, a.version), version_graph(a.source_id, a.version)
    meta = f"<{META_GRAPH}>"
    return (
        archive_cleanup(a) + " ;\n"
        f"COPY SILENT GRAPH <{graph}> TO GRAPH <{vg}> ;\n"
        f"INSERT {{ GRAPH {meta} {{ <{v}> ?p ?o }} }} WHERE {{ GRAPH {meta} {{ <{src}> ?p ?o "
        f"FILTER (?p NOT IN ({', '.join(f'<{p}>' for p in NOT_COPIED)})) }} }} ;\n"
        f"INSERT DATA {{ GRAPH {meta} {{\n{version_nt(a)} }} }}"
    )


def archive_cleanup(a: Archive) -> str:
    """Drop what an earlier archive of the same version left (before it is written again)."""
    v, vg = version_iri(a.source_id, a.version), version_graph(a.source_id, a.version)
    return f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{v}> ?p ?o }} }} ;\nDROP SILENT GRAPH <{vg}>"


# The source metadata an archived version does not copy: it is not a source, and its
# claims are in its own graph.
NOT_COPIED = (P.type, _NAMED_GRAPH)


def version_nt(a: Archive) -> str:
    """What an archived version's node says besides the metadata copied from its record."""
    src, v = source_iri(a.source_id), version_iri(a.source_id, a.version)
    vg = version_graph(a.source_id, a.version)
    return (
        f"<{v}> <{P.type}> <{_SOURCE_VERSION}> .\n"
        f"<{v}> <{_NAMED_GRAPH}> <{vg}> .\n"
        f"<{v}> <{P.version_of}> <{src}> .\n"
        f'<{v}> <{_VALID_UNTIL}> "{a.until}"^^<{XSD_DATE}> .\n'
        f'<{v}> <{P.invalidated}> "{a.at}"^^<{XSD_DATETIME}> .\n'
    )


def current_triples_query(archived: list[str]) -> str:
    """CONSTRUCT of the union of every graph but the ``archived`` ones (IRIs tlkg minted)."""
    if not archived:
        return "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    skip = ", ".join(f"<{g}>" for g in archived)
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({skip})) }}"
    )


def revision_nt(a: Archive) -> str:
    """The new version's link to the one it replaced, as N-Triples for its metadata."""
    return (
        f"<{source_iri(a.source_id)}> <{P.revision_of}> <{version_iri(a.source_id, a.version)}> .\n"
    )


def remove_history_update(source_id: str) -> str:
    """Remove every archived version of a record: their graphs and their metadata."""
    src, meta = source_iri(source_id), f"<{META_GRAPH}>"
    versions = f"GRAPH {meta} {{ ?v <{P.version_of}> <{src}> ; <{_NAMED_GRAPH}> ?vg }}"
    data = f"DELETE {{ GRAPH ?vg {{ ?s ?p ?o }} }} WHERE {{ {versions} GRAPH ?vg {{ ?s ?p ?o }} }}"
    about = f"DELETE {{ GRAPH {meta} {{ ?v ?p ?o }} }} WHERE {{ {versions} {meta_of_v(meta)} }}"
    return data + " ;\n" + about


def meta_of_v(meta: str) -> str:
    return f"GRAPH {meta} {{ ?v ?p ?o }}"


def remove_update(source_id: str) -> str:
    return (
        f"DROP SILENT GRAPH <{source_graph(source_id)}> ;\n"
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{source_iri(source_id)}> ?p ?o }} }}"
    )


def ontology_text() -> str:
    return resources.files("tlkg.ontology").joinpath("tlkg.ttl").read_text("utf-8")
