"""tlkg's namespaces as rdflib terms: ``TLKG`` (the closed namespace of the classes and
properties ``tlkg.ttl`` declares), ``ID``, ``GRAPH``, ``SCHEMA``, ``BIOLINK`` and the
metadata and vocabulary graphs. Code that builds or reads RDF with rdflib uses them
(through ``namespace.py``, which loads this module, and so rdflib, on first use); the
answers served from the analysis index use the plain strings of ``namespace.py``.

``TLKG`` must list exactly the classes and properties declared in ``tlkg.ttl``;
``tests/test_ontology.py`` checks both ways."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from tlkg.ontology.iris import BIOLINK_NS, GRAPH_BASE, ID_BASE, ONTOLOGY_BASE, SCHEMA_NS

__all__ = [
    "BIOLINK",
    "DCTERMS",
    "GRAPH",
    "ID",
    "META_GRAPH",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TLKG",
    "VOCAB_GRAPH",
    "XSD",
]

ID = Namespace(ID_BASE)
GRAPH = Namespace(GRAPH_BASE)
SCHEMA = Namespace(SCHEMA_NS)
BIOLINK = Namespace(BIOLINK_NS)
META_GRAPH = GRAPH["meta"]
VOCAB_GRAPH = GRAPH["vocab"]


class TLKG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_BASE)
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
