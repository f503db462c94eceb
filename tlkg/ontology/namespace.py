"""The one namespace table: tlkg's closed namespace, the standard vocabularies it reuses
(SKOS, XSD, DCTERMS, PROV, schema.org, RDF/RDFS), the prefixes every serialiser and query
shares, and IRI minting for entities.

``TLKG`` must list exactly the classes and properties declared in ``tlkg.ttl``;
``tests/test_ontology.py`` checks both ways. Concept individuals (modalities, barriers,
evidence levels, phases, statuses, arm roles) live under ``ID`` and are declared in the
Turtle as SKOS concepts.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from tlkg.ontology.ids import slugify, source_key

BASE = "https://w3id.org/tlkg/"
ID_BASE = BASE + "id/"
ID = Namespace(ID_BASE)
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")

# Plain-string forms for the mapping's hot path and for SPARQL text (no rdflib terms).
SKOS_PREF_LABEL = str(SKOS.prefLabel)
SKOS_ALT_LABEL = str(SKOS.altLabel)
SKOS_BROADER = str(SKOS.broader)
OWL_SAME_AS = str(OWL.sameAs)
OWL_DIFFERENT_FROM = str(OWL.differentFrom)
DCT_IDENTIFIER = str(DCTERMS.identifier)
XSD_NS = str(XSD)

META_GRAPH = GRAPH["meta"]
VOCAB_GRAPH = GRAPH["vocab"]


class TLKG(DefinedNamespace):
    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Therapy: URIRef
    Indication: URIRef
    Target: URIRef
    Organization: URIRef
    Trial: URIRef
    Arm: URIRef
    Source: URIRef
    Article: URIRef
    TrialRecord: URIRef
    SourceVersion: URIRef
    Evidence: URIRef
    Modality: URIRef
    Barrier: URIRef
    EvidenceLevel: URIRef
    Phase: URIRef
    TrialStatus: URIRef
    ArmRole: URIRef
    InterventionCategory: URIRef
    Intervention: URIRef
    # concept schemes
    ModalityScheme: URIRef
    BarrierScheme: URIRef
    EvidenceLevelScheme: URIRef
    PhaseScheme: URIRef
    TrialStatusScheme: URIRef
    ArmRoleScheme: URIRef
    InterventionCategoryScheme: URIRef
    # therapy
    modality: URIRef
    modalityInferred: URIRef
    statedPhase: URIRef
    target: URIRef
    indication: URIRef
    approvedFor: URIRef
    developer: URIRef
    interventionType: URIRef
    interventionCategory: URIRef
    otherIntervention: URIRef
    # organisation
    acquiredBy: URIRef
    # trial
    phase: URIRef
    status: URIRef
    studyType: URIRef
    allocation: URIRef
    startDate: URIRef
    primaryCompletionDate: URIRef
    completionDate: URIRef
    firstPosted: URIRef
    lastUpdated: URIRef
    enrollment: URIRef
    sponsor: URIRef
    collaborator: URIRef
    condition: URIRef
    studiesTherapy: URIRef
    hasArm: URIRef
    armRole: URIRef
    armIntervention: URIRef
    backbone: URIRef
    pmid: URIRef
    # stated and derived relations between therapies and/or modalities
    benchmarkedAgainst: URIRef
    headToHeadWith: URIRef
    competesWith: URIRef
    complements: URIRef
    facesBarrier: URIRef
    addressesBarrier: URIRef
    # indication, target
    meshId: URIRef
    # evidence
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    comparisonKind: URIRef
    # concept ordering
    rank: URIRef
    # source metadata
    namedGraph: URIRef
    evidenceLevel: URIRef
    loader: URIRef
    loaderVersion: URIRef
    contentHash: URIRef
    validUntil: URIRef
    mentions: URIRef
    about: URIRef


# The one prefix table: Turtle/JSON-LD serialisation, the SPARQL prologue of every stored
# query and the Turtle answers of the SPARQL endpoint all use it.
PREFIXES: dict[str, str] = {
    "tlkg": BASE + "ontology#",
    "tid": ID_BASE,
    "tg": BASE + "graph/",
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}


def sparql_prologue() -> str:
    """``PREFIX`` lines for every entry of ``PREFIXES``."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def entity_iri(kind: str, key: str) -> URIRef:
    """IRI of an entity of ``kind`` whose key (slug) is ``key``."""
    return URIRef(entity_iri_text(kind, key))


def entity_iri_text(kind: str, key: str) -> str:
    """The same IRI as a plain string (the mapping's hot path avoids rdflib terms)."""
    return f"{ID_BASE}{kind}/{key}"


def entity_iri_for_name(kind: str, name: str) -> URIRef:
    return entity_iri(kind, slugify(name))


def source_iri(source_id: str) -> URIRef:
    return ID[f"source/{source_key(source_id)}"]


def source_graph(source_id: str) -> URIRef:
    return GRAPH[f"source/{source_key(source_id)}"]


def version_iri(source_id: str, version: str) -> URIRef:
    """An archived version of a source, named by the day its publisher posted it."""
    return ID[f"source/{source_key(source_id)}/version/{version}"]


def version_graph(source_id: str, version: str) -> URIRef:
    """The named graph of an archived version's claims."""
    return GRAPH[f"source/{source_key(source_id)}/version/{version}"]


def trial_iri(nct_id: str) -> URIRef:
    return ID[f"trial/{nct_id}"]


def key_of(iri: str) -> str:
    """The short id (slug) at the end of an entity IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def kind_of(iri: str) -> str | None:
    if not iri.startswith(str(ID)):
        return None
    rest = iri[len(str(ID)) :]
    return rest.split("/", 1)[0] if "/" in rest else None
