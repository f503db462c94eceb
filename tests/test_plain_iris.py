"""The plain-string IRIs the answers use without rdflib (ontology/iris.py, namespace.py,
graph/rdf/predicates.py, queries.values, reads.xsd_datetime) are the rdflib terms' own."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib import namespace as rdf_ns

from tlkg.graph.rdf import predicates
from tlkg.graph.rdf.terms import Lit
from tlkg.graph.services.reads import xsd_datetime
from tlkg.graph.store import queries
from tlkg.graph.store.base import ONTOLOGY_GRAPH, STATE_NODE
from tlkg.ontology import iris, namespace
from tlkg.ontology.namespace import GRAPH, ID, META_GRAPH, TLKG, VOCAB_GRAPH, tlkg_iri


def test_the_namespaces_are_rdflibs() -> None:
    for ns, plain in (
        (rdf_ns.RDF, iris.RDF_NS),
        (rdf_ns.RDFS, iris.RDFS_NS),
        (rdf_ns.OWL, iris.OWL_NS),
        (rdf_ns.XSD, iris.XSD_NS),
        (rdf_ns.SKOS, iris.SKOS_NS),
        (rdf_ns.DCTERMS, iris.DCTERMS_NS),
        (rdf_ns.PROV, iris.PROV_NS),
    ):
        assert str(ns) == plain
    assert str(ID) == iris.ID_BASE and str(GRAPH) == iris.GRAPH_BASE
    assert str(META_GRAPH) == namespace.META_GRAPH_IRI
    assert str(VOCAB_GRAPH) == namespace.VOCAB_GRAPH_IRI
    assert str(GRAPH["ontology"]) == ONTOLOGY_GRAPH and str(GRAPH["state"]) == STATE_NODE
    assert str(rdf_ns.SKOS.prefLabel) == namespace.SKOS_PREF_LABEL
    assert str(rdf_ns.DCTERMS.identifier) == namespace.DCT_IDENTIFIER
    assert str(rdf_ns.RDF.type) == namespace.RDF_TYPE


def test_every_tlkg_term_has_its_plain_form() -> None:
    for name in TLKG.__annotations__:
        assert tlkg_iri(name) == str(getattr(TLKG, name))


def test_the_predicates_are_rdflibs() -> None:
    P = predicates.P
    assert (P.type, P.label, P.pref, P.broader) == (
        str(rdf_ns.RDF.type),
        str(rdf_ns.RDFS.label),
        str(rdf_ns.SKOS.prefLabel),
        str(rdf_ns.SKOS.broader),
    )
    assert (P.version_of, P.generated, P.url) == (
        str(rdf_ns.DCTERMS.isVersionOf),
        str(rdf_ns.PROV.generatedAtTime),
        "https://schema.org/url",
    )
    assert str(rdf_ns.XSD.dateTime) == predicates.XSD_DATETIME


def test_values_writes_plain_terms_as_rdflib_writes_theirs() -> None:
    iri, lit = "https://w3id.org/tlkg/id/therapy/x", "D009101"
    assert queries.values("e", [iri, Lit(lit)]) == queries.values("e", [URIRef(iri), Literal(lit)])
    for bad in ("https://x/a b", "<x>", 'a"b'):
        with pytest.raises(ValueError):
            queries.values("e", [bad])
    with pytest.raises(TypeError):
        queries.values("e", [1])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "lexical",
    [
        "2026-12-05T10:00:00Z",
        "2026-12-05T10:00:00.123Z",
        "2026-12-05T10:00:00.1234567Z",
        "2026-12-05T10:00:00+02:00",
        "2026-12-05T10:00:00",
        "2026-12-05T10:00:00.000Z",
        "2026-12-05",
        "not a date",
    ],
)
def test_xsd_datetime_is_rdflibs(lexical: str) -> None:
    assert xsd_datetime(lexical) == str(Literal(lexical, datatype=rdf_ns.XSD.dateTime))
