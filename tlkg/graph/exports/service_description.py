"""What the store holds, described for machines: the SPARQL 1.1 Service Description
(``sd:Service``, served at ``GET /sparql`` without a query) and the VoID description
(``void:Dataset``, served at ``/.well-known/void``), built with rdflib.

- ``DatasetStats``: the counts both documents state, read through the ``GraphStore``
  interface with a handful of aggregate queries over ``GRAPH ?g`` (so they do not depend on
  how a backend treats the default graph): distinct triples (the RDF merge of all graphs,
  not the quad count), distinct subjects and objects, entities (distinct subject IRIs in
  the ``void:uriSpace``), instances per class, triples per property, triples per named
  graph. On 8,000 registry-sized records (551k quads, 8,003 graphs) they take about 1.5 s
  together, so they are computed once per store state: ``DescriptionCache`` keys them on
  ``store.state_token()`` (and keeps the last few serialised documents too).
- ``service_description(...)`` and ``void_description(...)``: the two graphs.
  ``sd:namedGraph`` lists every named graph with its triple count, up to
  ``MAX_NAMED_GRAPHS`` (past that the document would be tens of MB and take a minute to
  serialise; the rest are named by ``SELECT DISTINCT ?g WHERE { GRAPH ?g {} }``, which
  the document says in a comment).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import BASE, PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

URI_SPACE = BASE
TITLE = "tlkg: therapy-landscape knowledge graph"
DESCRIPTION = (
    "Therapies, their targets, indications, developers and trials, what competes with "
    "what, and the sources (ClinicalTrials.gov records, articles) behind every fact; one "
    "named graph per source."
)
MAX_NAMED_GRAPHS = 10_000
UNTOKENED_TTL_S = 60.0  # a store without a state token: recount at most once a minute

# The W3C format IRI (http://www.w3.org/ns/formats/) of each format name /sparql serves.
FORMAT_IRIS: dict[str, URIRef] = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML,
    "nquads": FORMATS["N-Quads"],
    "trig": FORMATS.TriG,
}
# rdflib's serialiser name for each document format.
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}

_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_PROPERTIES = (
    "SELECT ?p (COUNT(*) AS ?n) WHERE "
    "{ SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?p"
)
_CLASSES = (
    "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE "
    "{ GRAPH ?g { ?s <" + str(RDF.type) + "> ?c } } GROUP BY ?c"
)
_SUBJECTS = "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
_OBJECTS = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class DatasetStats:
    """The counts of one store state (``token``); pairs are (IRI, count), by IRI."""

    token: str | None
    triples: int
    distinct_subjects: int
    distinct_objects: int
    entities: int
    classes: tuple[tuple[str, int], ...]
    properties: tuple[tuple[str, int], ...]
    graphs: tuple[tuple[str, int], ...]
    seconds: float = 0.0  # how long the counting took

    @property
    def quads(self) -> int:
        return sum(n for _, n in self.graphs)


def _counts(store: GraphStore, query: str, key: str) -> tuple[tuple[str, int], ...]:
    rows = ((k, int(n or 0)) for k, n in store.scan(query, (key, "n")) if k is not None)
    return tuple(sorted(rows))


def dataset_stats(store: GraphStore) -> DatasetStats:
    """Count what the store holds (five aggregate queries; see the module docstring)."""
    started = time.perf_counter()
    token = store.state_token()
    properties = _counts(store, _PROPERTIES, "p")
    subjects = entities = 0
    for (s,) in store.scan(_SUBJECTS, ("s",)):
        subjects += 1
        entities += bool(s and s.startswith(URI_SPACE))
    objects = next(iter(store.scan(_OBJECTS, ("n",))), ("0",))[0]
    return DatasetStats(
        token=token,
        triples=sum(n for _, n in properties),
        distinct_subjects=subjects,
        distinct_objects=int(objects or 0),
        entities=entities,
        classes=_counts(store, _CLASSES, "c"),
        properties=properties,
        graphs=_counts(store, _GRAPHS, "g"),
        seconds=time.perf_counter() - started,
    )


# ---- the documents -------------------------------------------------------------------------
def _graph() -> Graph:
    g = Graph(bind_namespaces="none")
    names = {"sd": SD, "void": VOID, "formats": FORMATS, "foaf": FOAF, **PREFIXES}
    for prefix, ns in names.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _describe_totals(g: Graph, node: URIRef | BNode, stats: DatasetStats) -> None:
    g.add((node, VOID.triples, _int(stats.triples)))
    g.add((node, VOID.entities, _int(stats.entities)))
    g.add((node, VOID.distinctSubjects, _int(stats.distinct_subjects)))
    g.add((node, VOID.distinctObjects, _int(stats.distinct_objects)))
    g.add((node, VOID.classes, _int(len(stats.classes))))
    g.add((node, VOID.properties, _int(len(stats.properties))))


def void_description(
    stats: DatasetStats,
    *,
    document: str,
    endpoint: str,
    dumps: Iterable[str] = (),
) -> Graph:
    """The VoID description at ``document`` (its URL): one ``void:Dataset``,
    ``<document#dataset>``, with its totals, class and property partitions, the SPARQL
    endpoint, the URI space, the vocabularies its properties come from and ``dumps``
    (URLs of RDF dumps of the whole dataset)."""
    g = _graph()
    doc, dataset = URIRef(document), URIRef(document + "#dataset")
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal(f"VoID description of {TITLE}")))
    g.add((doc, FOAF.primaryTopic, dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal(TITLE)))
    g.add((dataset, DCTERMS.description, Literal(DESCRIPTION)))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((dataset, VOID.uriSpace, Literal(URI_SPACE)))
    for url in dumps:
        g.add((dataset, VOID.dataDump, URIRef(url)))
    _describe_totals(g, dataset, stats)
    for ns in sorted(_vocabularies(p for p, _ in stats.properties)):
        g.add((dataset, VOID.vocabulary, URIRef(ns)))
    for iri, n in stats.classes:
        part = BNode()
        g.add((dataset, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(iri)))
        g.add((part, VOID.entities, _int(n)))
    for iri, n in stats.properties:
        part = BNode()
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(iri)))
        g.add((part, VOID.triples, _int(n)))
    return g


def service_description(
    stats: DatasetStats,
    *,
    endpoint: str,
    void_document: str,
    result_formats: Iterable[str],
    union_default_graph: bool,
) -> Graph:
    """The ``sd:Service`` of the endpoint at ``endpoint`` (its URL, no query string):
    SPARQL 1.1 Query, the ``result_formats`` it serves (names of ``FORMAT_IRIS``), the
    features it really has, and its default dataset (the default graph described as the
    VoID dataset of ``void_document``; every named graph with its triple count)."""
    g = _graph()
    service, dataset = BNode(), BNode()
    default_graph = URIRef(void_document + "#dataset")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in result_formats:
        g.add((service, SD.resultFormat, FORMAT_IRIS[name]))
    if union_default_graph:
        g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, DCTERMS.title, Literal(TITLE)))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((default_graph, RDF.type, VOID.Dataset))
    g.add((default_graph, RDFS.seeAlso, URIRef(void_document)))
    _describe_totals(g, default_graph, stats)
    for iri, n in stats.graphs[:MAX_NAMED_GRAPHS]:
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
        g.add((named, SD.graph, graph))
        g.add((graph, VOID.triples, _int(n)))
    if len(stats.graphs) > MAX_NAMED_GRAPHS:
        g.add(
            (
                dataset,
                RDFS.comment,
                Literal(
                    f"{len(stats.graphs)} named graphs; the first {MAX_NAMED_GRAPHS} by IRI "
                    "are listed. All: SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"
                ),
            )
        )
    return g


def _vocabularies(iris: Iterable[str]) -> set[str]:
    """The namespaces (up to the last ``#`` or ``/``) of ``iris``, for ``void:vocabulary``."""
    known = sorted(set(PREFIXES.values()), key=len, reverse=True)
    found = set()
    for iri in iris:
        ns = next((k for k in known if iri.startswith(k)), None)
        if ns is None:
            cut = max(iri.rfind("#"), iri.rfind("/"))
            ns = iri[: cut + 1] if cut > 0 else None
        if ns:
            found.add(ns)
    return found


def serialise(g: Graph, fmt: str) -> bytes:
    """``g`` as ``fmt`` (turtle, ntriples, jsonld, rdfxml)."""
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix}
        return g.serialize(format="json-ld", context=context, encoding="utf-8")
    return g.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")


# ---- the cache -----------------------------------------------------------------------------
class DescriptionCache:
    """The stats of the store's current state, and the last ``size`` serialised documents
    (keyed by what went into them), recomputed when ``store.state_token()`` changes (for a
    store without a token: after ``UNTOKENED_TTL_S``). Thread-safe; one computation at a
    time, so concurrent first requests wait for one count instead of each running it."""

    def __init__(self, size: int = 16) -> None:
        self._lock = threading.Lock()
        self._stats: DatasetStats | None = None
        self._counted_at = 0.0
        self._docs: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._size = size

    def stats(self, store: GraphStore) -> DatasetStats:
        with self._lock:
            return self._current(store)

    def _current(self, store: GraphStore) -> DatasetStats:
        token = store.state_token()
        cached = self._stats
        fresh = cached is not None and (
            cached.token == token
            if token is not None
            else time.monotonic() - self._counted_at < UNTOKENED_TTL_S
        )
        if cached is None or not fresh:
            cached = self._stats = dataset_stats(store)
            self._counted_at = time.monotonic()
            self._docs.clear()
        return cached

    def document(
        self,
        store: GraphStore,
        key: tuple[object, ...],
        build: Callable[[DatasetStats], Graph],
        fmt: str,
    ) -> bytes:
        """The document ``build(stats)`` as ``fmt``; ``key`` names everything besides the
        stats that ``build`` puts in it (the kind of document, URLs, formats)."""
        with self._lock:
            stats = self._current(store)
            full = (*key, fmt)
            body = self._docs.get(full)
            if body is None:
                body = serialise(build(stats), fmt)
                self._docs[full] = body
                while len(self._docs) > self._size:
                    self._docs.popitem(last=False)
            else:
                self._docs.move_to_end(full)
            return body
