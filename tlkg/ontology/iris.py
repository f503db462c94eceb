"""The IRIs of tlkg's namespaces and of the standard vocabularies it reuses, as plain
strings: what ``namespace.py`` (strings, prefixes, IRI minting) and ``rdf_terms.py`` (the
same as rdflib terms) are built from. Importing it loads no RDF library."""

from __future__ import annotations

BASE = "https://w3id.org/tlkg/"
ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"
ONTOLOGY_BASE = BASE + "ontology#"

# The standard namespaces, as rdflib names them (tests/test_ontology.py compares).
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
PROV_NS = "http://www.w3.org/ns/prov#"
SCHEMA_NS = "https://schema.org/"
BIOLINK_NS = "https://w3id.org/biolink/vocab/"
