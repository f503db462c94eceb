"""The mapping's predicates, datatypes and output as plain strings (``P``, ``XSD_*``,
``SourceTriples``): what the store and the analysis index share with the mapping
(``triples.py``) without loading it, its record models or rdflib."""

from __future__ import annotations

from dataclasses import dataclass, field

from tlkg.graph.rdf.terms import Lit, Triple
from tlkg.ontology.namespace import (
    DCTERMS_NS,
    OWL_DIFFERENT_FROM,
    OWL_SAME_AS,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SCHEMA_NS,
    SKOS_NS,
    XSD_NS,
)

__all__ = ["Lit", "SourceTriples", "Triple"]


class P:
    """Predicates and classes as plain strings (DefinedNamespace lookups are slow)."""

    type = RDF_NS + "type"
    label = RDFS_NS + "label"
    subject = RDF_NS + "subject"
    predicate = RDF_NS + "predicate"
    object = RDF_NS + "object"
    pref = SKOS_NS + "prefLabel"
    alt = SKOS_NS + "altLabel"
    hidden = SKOS_NS + "hiddenLabel"
    broader = SKOS_NS + "broader"
    note = SKOS_NS + "note"
    identifier = DCTERMS_NS + "identifier"
    title = DCTERMS_NS + "title"
    alternative = DCTERMS_NS + "alternative"
    issued = DCTERMS_NS + "issued"
    modified = DCTERMS_NS + "modified"
    version_of = DCTERMS_NS + "isVersionOf"
    revision_of = PROV_NS + "wasRevisionOf"
    invalidated = PROV_NS + "invalidatedAtTime"
    publisher = DCTERMS_NS + "publisher"
    references = DCTERMS_NS + "references"
    derived = PROV_NS + "wasDerivedFrom"
    generated = PROV_NS + "generatedAtTime"
    url = SCHEMA_NS + "url"
    same_as = OWL_SAME_AS
    different_from = OWL_DIFFERENT_FROM


XSD_DATE = XSD_NS + "date"
XSD_GYM = XSD_NS + "gYearMonth"
XSD_GY = XSD_NS + "gYear"
XSD_INT = XSD_NS + "integer"
XSD_BOOL = XSD_NS + "boolean"
XSD_DATETIME = XSD_NS + "dateTime"
XSD_ANYURI = XSD_NS + "anyURI"
TRUE = Lit("true", XSD_BOOL)


@dataclass
class SourceTriples:
    source_id: str
    graph: str
    source: str
    data: list[Triple] = field(default_factory=list)
    meta: list[Triple] = field(default_factory=list)
