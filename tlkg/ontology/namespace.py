"""The one namespace table: tlkg's closed namespace, the standard vocabularies it reuses
(SKOS, XSD, DCTERMS, PROV, schema.org, RDF/RDFS), the prefixes every serialiser and query
shares, and IRI minting for entities.

Plain strings here; the rdflib terms (``TLKG``, ``ID``, ``GRAPH``, ``SCHEMA``, ``BIOLINK``,
``META_GRAPH``, ``VOCAB_GRAPH``) live in ``rdf_terms.py`` and are loaded, with rdflib, when
first asked for (``from tlkg.ontology.namespace import TLKG`` works as before): an answer
served from the analysis index, which needs strings only, never loads rdflib.

``TLKG`` must list exactly the classes and properties declared in ``tlkg.ttl``;
``tests/test_ontology.py`` checks both ways. Concept individuals (modalities, barriers,
evidence levels, phases, statuses, arm roles) live under ``ID`` and are declared in the
Turtle as SKOS concepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tlkg.ontology.ids import slugify, source_key
from tlkg.ontology.iris import (
    BASE,
    BIOLINK_NS,
    DCTERMS_NS,
    GRAPH_BASE,
    ID_BASE,
    ONTOLOGY_BASE,
    OWL_NS,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SCHEMA_NS,
    SKOS_NS,
    XSD_NS,
)

if TYPE_CHECKING:
    from rdflib import URIRef

    from tlkg.ontology.rdf_terms import BIOLINK as BIOLINK
    from tlkg.ontology.rdf_terms import DCTERMS as DCTERMS
    from tlkg.ontology.rdf_terms import GRAPH as GRAPH
    from tlkg.ontology.rdf_terms import ID as ID
    from tlkg.ontology.rdf_terms import META_GRAPH as META_GRAPH
    from tlkg.ontology.rdf_terms import OWL as OWL
    from tlkg.ontology.rdf_terms import PROV as PROV
    from tlkg.ontology.rdf_terms import RDF as RDF
    from tlkg.ontology.rdf_terms import RDFS as RDFS
    from tlkg.ontology.rdf_terms import SCHEMA as SCHEMA
    from tlkg.ontology.rdf_terms import SKOS as SKOS
    from tlkg.ontology.rdf_terms import TLKG as TLKG
    from tlkg.ontology.rdf_terms import VOCAB_GRAPH as VOCAB_GRAPH
    from tlkg.ontology.rdf_terms import XSD as XSD

__all__ = [  # the names re-exported from iris.py (the others are defined here)
    "BASE",
    "BIOLINK_NS",
    "DCTERMS_NS",
    "GRAPH_BASE",
    "ID_BASE",
    "ONTOLOGY_BASE",
    "OWL_NS",
    "PROV_NS",
    "RDFS_NS",
    "RDF_NS",
    "SCHEMA_NS",
    "SKOS_NS",
    "XSD_NS",
]

# The rdflib terms (tlkg's and the standard namespaces), served by ``__getattr__`` from
# ``rdf_terms.py`` on first use.
_RDF_TERMS = frozenset(
    {"TLKG", "ID", "GRAPH", "SCHEMA", "BIOLINK", "META_GRAPH", "VOCAB_GRAPH"}
    | {"DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD"}
)


def __getattr__(name: str) -> Any:
    if name in _RDF_TERMS:
        from tlkg.ontology import rdf_terms

        return getattr(rdf_terms, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Plain-string forms for the mapping's hot path, for SPARQL text and for the answers read
# from the analysis index (no rdflib terms).
SKOS_PREF_LABEL = SKOS_NS + "prefLabel"
SKOS_ALT_LABEL = SKOS_NS + "altLabel"
SKOS_BROADER = SKOS_NS + "broader"
OWL_SAME_AS = OWL_NS + "sameAs"
OWL_DIFFERENT_FROM = OWL_NS + "differentFrom"
DCT_IDENTIFIER = DCTERMS_NS + "identifier"
RDF_TYPE = RDF_NS + "type"
META_GRAPH_IRI = GRAPH_BASE + "meta"
VOCAB_GRAPH_IRI = GRAPH_BASE + "vocab"


def tlkg_iri(name: str) -> str:
    """``str(TLKG.<name>)`` without rdflib (tests/test_ontology.py checks every name)."""
    return ONTOLOGY_BASE + name


# The one prefix table: Turtle/JSON-LD serialisation, the SPARQL prologue of every stored
# query and the Turtle answers of the SPARQL endpoint all use it.
PREFIXES: dict[str, str] = {
    "tlkg": ONTOLOGY_BASE,
    "tid": ID_BASE,
    "tg": GRAPH_BASE,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
    "prov": PROV_NS,
    "schema": SCHEMA_NS,
    "xsd": XSD_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
}


def sparql_prologue() -> str:
    """``PREFIX`` lines for every entry of ``PREFIXES``."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def entity_iri(kind: str, key: str) -> URIRef:
    """IRI of an entity of ``kind`` whose key (slug) is ``key``."""
    from rdflib import URIRef

    return URIRef(entity_iri_text(kind, key))


def entity_iri_text(kind: str, key: str) -> str:
    """The same IRI as a plain string (the mapping's hot path avoids rdflib terms)."""
    return f"{ID_BASE}{kind}/{key}"


def entity_iri_for_name(kind: str, name: str) -> URIRef:
    return entity_iri(kind, slugify(name))


def source_iri(source_id: str) -> URIRef:
    from tlkg.ontology.rdf_terms import ID

    return ID[f"source/{source_key(source_id)}"]


def source_graph(source_id: str) -> URIRef:
    from tlkg.ontology.rdf_terms import GRAPH

    return GRAPH[f"source/{source_key(source_id)}"]


def version_iri(source_id: str, version: str) -> URIRef:
    """An archived version of a source, named by the day its publisher posted it."""
    from tlkg.ontology.rdf_terms import ID

    return ID[f"source/{source_key(source_id)}/version/{version}"]


def version_graph(source_id: str, version: str) -> URIRef:
    """The named graph of an archived version's claims."""
    from tlkg.ontology.rdf_terms import GRAPH

    return GRAPH[f"source/{source_key(source_id)}/version/{version}"]


def trial_iri(nct_id: str) -> URIRef:
    from tlkg.ontology.rdf_terms import ID

    return ID[f"trial/{nct_id}"]


def key_of(iri: str) -> str:
    """The short id (slug) at the end of an entity IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def kind_of(iri: str) -> str | None:
    if not iri.startswith(ID_BASE):
        return None
    rest = iri[len(ID_BASE) :]
    return rest.split("/", 1)[0] if "/" in rest else None
