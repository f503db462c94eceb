"""Serialise triples with Oxigraph's writers (fast; rdflib's are much slower at scale)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from tlkg.graph.rdf.terms import RdfTriple, Triple, to_ox
from tlkg.ontology.namespace import PREFIXES

TRIPLE_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def serialize_triples(triples: Iterable[Triple] | Iterable[RdfTriple], fmt: str) -> bytes:
    if fmt not in TRIPLE_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; use one of {sorted(TRIPLE_FORMATS)}")
    rdf_format = TRIPLE_FORMATS[fmt]
    ox_triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]
    prefixes = PREFIXES if fmt == "turtle" else None
    return bytes(ox.serialize(ox_triples, format=rdf_format, prefixes=prefixes) or b"")
