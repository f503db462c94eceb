"""What every store backend is: the ``GraphStore`` protocol with its declared
``Capabilities``, the store errors, the result and graph formats, ``Prepared`` (one
source mapped to N-Triples, the unit the load pipeline hands to a store) and
``QueryJob``/``QueryOutcome`` (a user's read-only SPARQL query and its answer).

Callers ask ``store.capabilities`` what a backend can do; they never probe for methods or
test the backend's class. A method a backend cannot honour raises ``Unsupported``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, Protocol, runtime_checkable

import pyoxigraph as ox

from tlkg.graph.rdf.index_tables import BuiltRows
from tlkg.graph.rdf.predicates import SourceTriples
from tlkg.graph.rdf.terms import RdfTriple
from tlkg.ontology.namespace import BASE, DCT_IDENTIFIER, GRAPH_BASE, META_GRAPH_IRI

if TYPE_CHECKING:
    from rdflib.term import Node

    from tlkg.ontology.vocab import Vocabulary

# Plain IRI strings, as every other constant here (no rdflib terms).
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
SOURCE_IDS = (
    "SELECT ?id ?cls WHERE { GRAPH <" + META_GRAPH_IRI + "> "
    "{ ?src a ?cls ; <" + DCT_IDENTIFIER + "> ?id } }"
)
# A node in the metadata graph whose dcterms:identifier changes on every write, so that
# caches (the analysis index, the search index) can tell cheaply whether the store changed,
# even when another process wrote it between two opens.
STATE_NODE = GRAPH_BASE + "state"
# The base IRI relative IRIs in a query resolve against (``CONSTRUCT { <s> <p> 1 } WHERE
# {}`` is a valid query only with one), unless the query sets its own with BASE.
QUERY_BASE_IRI = BASE

ResultFormat = Literal["json", "xml", "csv", "tsv"]
GraphFormat = Literal["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

Row = dict[str, "Node | None"]
PlainRow = tuple[str | None, ...]
# Told after every change of a store's content and state token (``GraphStore.observe``):
# the named graphs whose content may have changed (empty when only the token did), or
# None when the store cannot say which (then every graph may have); and the sources a
# batch wrote (``Prepared``, whose ``index_rows`` spare the analysis index a read back).
Observer = Callable[[list[str] | None, Sequence["Prepared"]], None]


@runtime_checkable
class StagingObserver(Protocol):
    """An observer that also writes its part of a bulk-loaded batch before the store
    does (the analysis index inserts the rows its workers built, uncommitted, so that this
    work does not overlap the store's own background work after its bulk load). The store
    calls ``stage`` before the batch's write; then, as for any observer, the call with the
    same ``written`` once the batch landed (commit), or with graphs only once it was
    refused (take back what was staged and read back); ``unstage`` when the write failed
    otherwise (take back what was staged)."""

    def __call__(self, graphs: list[str] | None, written: Sequence[Prepared] = ()) -> None: ...

    def stage(self, graphs: list[str], written: Sequence[Prepared]) -> None: ...

    def unstage(self) -> None: ...


class StoreError(RuntimeError):
    """A store problem users can act on; ``str()`` is a one-line message."""


class StoreBusy(StoreError):
    """Another process holds the store."""


class SourceRejected(StoreError):
    """The store refused the data of a batch of sources (text it cannot encode or parse);
    nothing of the batch was kept. Written one by one, only the bad source fails."""


class Unsupported(StoreError):
    """The backend does not have the capability the call needs (see ``Capabilities``)."""


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do beyond the common protocol, declared by the backend.

    - ``parallel_load``: the store is written fast enough, in this process, that parsing
      and mapping in worker processes pays (the load pipeline parallelises only then);
    - ``bulk_write``: ``write_sources`` uses a bulk loader that is not one transaction
      (the pipeline then gathers large writes; the backend keeps a crash journal);
    - ``snapshot``: ``snapshot(target)`` makes a point-in-time copy on disk that other
      processes can open read-only (the SPARQL worker pool queries such copies);
    - ``persistent``: the data outlives the process (caches may be kept per location);
    - ``embedded``: the store lives in this process, so whoever opens it for writing keeps
      its ontology and vocabulary graphs current (a remote engine is left as loads made it).
    """

    parallel_load: bool = False
    bulk_write: bool = False
    snapshot: bool = False
    persistent: bool = False
    embedded: bool = False


@dataclass(frozen=True)
class Prepared:
    """One source mapped and written as N-Triples, ready to store."""

    source_id: str
    kind: str
    content_hash: str
    graph: str
    source: str
    data_nt: str
    meta_nt: str
    triples: int
    version: str | None = None  # the day the publisher posted this version (SourceMeta)
    path: str = ""  # the document it came from, for messages
    # The analysis index's rows of this source (``graph/rdf/index_rows.py``), built while
    # mapping; None: to be read back from the store once written.
    index_rows: BuiltRows | None = None


@dataclass(frozen=True)
class Archive:
    """A stored trial record to keep as history (an archived version, ``tlkg:SourceVersion``)
    before a write replaces it with a newer version the registry posted."""

    source_id: str
    version: str  # the stored version's own day (its dcterms:modified)
    until: str  # the newer version's day: the stored one held until then
    at: str  # when this load replaced it (xsd:dateTime)


@dataclass(frozen=True)
class QueryJob:
    """A user's read-only SPARQL query as the /sparql endpoint received it (see
    ``GraphStore.run_query_job``). A format is None when the client accepts none we
    produce for that query form (answered 406); ``limit`` caps rows or triples."""

    query: str
    result_format: str | None = "json"
    graph_format: str | None = "turtle"
    limit: int = 10_000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryOutcome:
    """The answer to a ``QueryJob``: a status, and the body (a result, or a one-line
    message for an error). ``fmt`` names the format of a successful body."""

    status: int
    body: bytes
    fmt: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @classmethod
    def error(cls, status: int, message: str) -> QueryOutcome:
        return cls(status, message.encode("utf-8"))


class GraphStore(Protocol):
    """What the load pipeline, the services, the exports, the CLI and the API need from a
    store. ``location`` names it in messages; ``path`` is its folder when it has one."""

    location: str
    path: Path | None
    read_only: bool
    capabilities: Capabilities

    # ---- writes ------------------------------------------------------------------------
    def replace_source(self, st: SourceTriples) -> int: ...

    def write_sources(
        self, items: list[Prepared], replaced: list[str], archives: Sequence[Archive] = ()
    ) -> None:
        """Store ``items`` after dropping the stored versions of ``replaced``, keeping those
        of ``archives`` as history first."""
        ...

    def remove_source(self, source_id: str) -> int: ...

    def ensure_vocabulary(self, vocab: Vocabulary) -> bool: ...

    def mark_changed(self) -> None:
        """Give the store a new state token (after writes made outside the methods above)."""
        ...

    def flush(self) -> None:
        """Make every write so far durable (a no-op where each write already is)."""
        ...

    def observe(self, observer: Observer) -> None:
        """Call ``observer`` after each later write of this store object (the analysis
        index keeps itself current so); ``Unsupported`` where the backend cannot."""
        ...

    @property
    def observed(self) -> bool:
        """Whether the writes of this store object are observed (then a load builds each
        source's analysis index rows while mapping it, for the observer to insert)."""
        ...

    # ---- reads -------------------------------------------------------------------------
    def source_ids(self, kind: str | None = None) -> list[str]: ...

    def source_hash(self, source_id: str) -> str | None: ...

    def state_token(self) -> str | None:
        """A value that changes on every write, cheap to read: caches compare it."""
        ...

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> list[Row]: ...

    def scan(self, query: str, names: tuple[str, ...]) -> Iterator[PlainRow]:
        """The rows of a SELECT as tuples of plain strings (lexical values), in ``names``
        order: the fast path for large reads (no rdflib terms)."""
        ...

    def ask(self, query: str, bindings: dict[str, Node] | None = None) -> bool: ...

    def query_results(self, query: str, fmt: ResultFormat) -> bytes: ...

    def construct(self, query: str) -> list[RdfTriple]: ...

    def quads(self) -> Iterator[ox.Quad]: ...

    def dump(self, out: IO[bytes], fmt: GraphFormat) -> None: ...

    def count_triples(self) -> int: ...

    def snapshot(self, target: Path) -> None:
        """A point-in-time copy at ``target``; ``Unsupported`` unless
        ``capabilities.snapshot``."""
        ...

    def run_query_job(self, job: QueryJob) -> QueryOutcome:
        """Check and run a user's read-only query (``tlkg.graph.store.user_query``: no
        update, no SERVICE) in this process; every refusal or failure is an outcome."""
        ...

    def close(self) -> None: ...
