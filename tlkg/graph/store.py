"""Open the store a user configured and keep every write atomic per source.

The default is an embedded, persistent Oxigraph store (pyoxigraph directly: its own
SPARQL engine and parsers; see DESIGN's measured pitfalls on the rdflib paths). Each
source document lives in its own named graph; its metadata in the metadata graph. A load
replaces a source's graph and metadata in ONE SPARQL update (drop + insert), so a source is
never half-present, even if the process is killed mid-load.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from tlkg.graph.terms import from_ox, named, to_ox
from tlkg.graph.triples import SourceTriples, Triple, vocabulary_triples
from tlkg.ontology.namespace import GRAPH, META_GRAPH, TLKG, VOCAB_GRAPH, source_graph, source_iri
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import Settings

ONTOLOGY_GRAPH = GRAPH["ontology"]
# A node in the metadata graph whose dcterms:identifier changes on every write, so that
# caches (the analysis index, the search index) can tell cheaply whether the store changed,
# even when another process wrote it between two opens.
STATE_NODE = GRAPH["state"]
_DCT_IDENTIFIER = "http://purl.org/dc/terms/identifier"
LOCK_NAME = ".tlkg.lock"
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


class StoreError(RuntimeError):
    """A store problem users can act on; ``str()`` is a one-line message."""


class StoreBusy(StoreError):
    pass


Row = dict[str, Node | None]


class GraphStore(Protocol):
    """What the services, the CLI and the API need from a store."""

    location: str

    def replace_source(self, st: SourceTriples) -> int: ...

    def remove_source(self, source_id: str) -> int: ...

    def source_hash(self, source_id: str) -> str | None: ...

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> list[Row]: ...

    def ask(self, query: str, bindings: dict[str, Node] | None = None) -> bool: ...

    def query_results(self, query: str, fmt: ResultFormat) -> bytes: ...

    def construct(self, query: str) -> list[Triple]: ...

    def dump(self, out: IO[bytes], fmt: GraphFormat) -> None: ...

    def ensure_vocabulary(self, vocab: Vocabulary) -> bool: ...

    def count_triples(self) -> int: ...

    def close(self) -> None: ...


def _ntriples(triples: Iterable[Triple]) -> str:
    data = ox.serialize(
        (ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples),  # type: ignore[arg-type]
        format=ox.RdfFormat.N_TRIPLES,
    )
    return data.decode("utf-8") if data else ""


def replace_update(st: SourceTriples) -> str:
    """One SPARQL 1.1 Update request that swaps a source's graph and metadata.

    The graph and source IRIs are minted by tlkg (never user text) and the data is
    N-Triples written by Oxigraph's serialiser, which escapes every literal."""
    return (
        f"DROP SILENT GRAPH <{st.graph}> ;\n"
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{st.source}> ?p ?o }} }} ;\n"
        f"INSERT DATA {{\n GRAPH <{st.graph}> {{\n{_ntriples(st.data)} }}\n"
        f" GRAPH <{META_GRAPH}> {{\n{_ntriples(st.meta)} }}\n}}"
    )


def state_update() -> str:
    """A SPARQL update giving the store a new state token (appended to every write)."""
    return (
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{STATE_NODE}> <{_DCT_IDENTIFIER}> ?x }} }} ;\n"
        f'INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{STATE_NODE}> <{_DCT_IDENTIFIER}> "{uuid.uuid4().hex}" }} }}'
    )


def remove_update(source_id: str) -> str:
    return (
        f"DROP SILENT GRAPH <{source_graph(source_id)}> ;\n"
        f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{source_iri(source_id)}> ?p ?o }} }}"
    )


def _value(term: Any) -> str:
    return str(term.value)


def ontology_text() -> str:
    return resources.files("tlkg.ontology").joinpath("tlkg.ttl").read_text("utf-8")


@dataclass
class _Lock:
    """An advisory lock: one writer, or any number of readers, at a time. Oxigraph's
    read-only mode is undefined while another process writes, so readers take a shared
    lock and a writer an exclusive one; whoever comes second gets "store is busy"."""

    path: Path
    shared: bool = False
    fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "a+")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.flock(self.fh, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            self.fh = None
            doing = "writing to" if self.shared else "using"
            raise StoreBusy(
                f"store is busy: another tlkg process is {doing} {self.path.parent}"
            ) from None

    def release(self) -> None:
        if self.fh:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None


def _is_store_folder(path: Path) -> bool:
    """Empty, or already an Oxigraph store (or one we started to create)."""
    return not any(path.iterdir()) or (path / "CURRENT").exists() or (path / LOCK_NAME).exists()


class OxigraphStore:
    """Embedded Oxigraph: on disk at ``path``, or in memory when ``path`` is None."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.location = str(path) if path else ":memory:"
        self._lock: _Lock | None = None
        if path is None:
            self._store = ox.Store()
            return
        if read_only:
            if not (path / "CURRENT").exists():
                raise StoreError(f"no store at {path}: load something first (tlkg load PATH)")
            self._lock = _Lock(path / LOCK_NAME, shared=True)
            self._lock.acquire()
            try:
                self._store = ox.Store.read_only(str(path))
            except OSError as exc:
                self._lock.release()
                raise StoreError(f"cannot open store {path}: {exc}") from exc
            return
        if path.exists() and not path.is_dir():
            raise StoreError(f"store path {path} exists and is not a folder")
        if path.exists() and not _is_store_folder(path):
            raise StoreError(f"{path} is not a tlkg store (a non-empty folder); choose another")
        self._lock = _Lock(path / LOCK_NAME)
        self._lock.acquire()
        try:
            self._store = ox.Store(str(path))
        except OSError as exc:
            self._lock.release()
            if "lock" in str(exc).lower():
                raise StoreBusy(f"store is busy: {path} is open in another process") from exc
            raise StoreError(f"cannot open store {path}: {exc}") from exc

    # ---- writes --------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")

    def replace_source(self, st: SourceTriples) -> int:
        self._writable()
        self._store.update(replace_update(st) + " ;\n" + state_update())
        return len(st.data) + len(st.meta)

    def remove_source(self, source_id: str) -> int:
        self._writable()
        graph = named(str(source_graph(source_id)))
        meta = list(
            self._store.quads_for_pattern(
                named(str(source_iri(source_id))), None, None, named(str(META_GRAPH))
            )
        )
        if not meta:
            return 0
        n = len(meta) + sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))
        self._store.update(remove_update(source_id) + " ;\n" + state_update())
        return n

    def ensure_vocabulary(self, vocab: Vocabulary) -> bool:
        """Load the ontology and vocabulary graphs when their content changed."""
        self._writable()
        onto = ontology_text()
        vocab_nt = _ntriples(vocabulary_triples(vocab))
        digest = hashlib.sha256((onto + "\n" + vocab_nt).encode()).hexdigest()
        marker = named(str(VOCAB_GRAPH))
        current = list(
            self._store.quads_for_pattern(
                marker, named(str(TLKG.contentHash)), None, named(str(META_GRAPH))
            )
        )
        if current and _value(current[0].object) == digest:
            return False
        self._store.update(
            f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}> ; DROP SILENT GRAPH <{VOCAB_GRAPH}> ;"
            f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{VOCAB_GRAPH}> ?p ?o }} }}"
        )
        self._store.load(onto, format=ox.RdfFormat.TURTLE, to_graph=named(str(ONTOLOGY_GRAPH)))
        self._store.load(vocab_nt, format=ox.RdfFormat.N_TRIPLES, to_graph=marker)
        self._store.add(
            ox.Quad(
                marker, named(str(TLKG.contentHash)), ox.Literal(digest), named(str(META_GRAPH))
            )
        )
        self.mark_changed()
        return True

    def mark_changed(self) -> None:
        """Give the store a new state token; call after writing to it other than through
        ``replace_source``/``remove_source`` (e.g. a bulk load)."""
        self._writable()
        self._store.update(state_update())

    def state_token(self) -> str | None:
        """A token that changes whenever the store's content changes (None: never written
        by this version of tlkg). Cheap: one index lookup."""
        quads = self._store.quads_for_pattern(
            named(str(STATE_NODE)), named(_DCT_IDENTIFIER), None, named(str(META_GRAPH))
        )
        for quad in quads:
            return str(quad.object.value)
        return None

    # ---- reads ---------------------------------------------------------------------
    def _query(self, query: str, bindings: dict[str, Node] | None, union: bool = True) -> Any:
        subs: dict[ox.Variable, Any] = {
            ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
        }
        try:
            return self._store.query(
                query, use_default_graph_as_union=union, substitutions=subs or None
            )
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> list[Row]:
        solutions = self._query(query, bindings)
        names = [v.value for v in solutions.variables]
        return [
            {n: (from_ox(sol[n]) if sol[n] is not None else None) for n in names}
            for sol in solutions
        ]

    def ask(self, query: str, bindings: dict[str, Node] | None = None) -> bool:
        return bool(self._query(query, bindings))

    def query_results(self, query: str, fmt: ResultFormat) -> bytes:
        result = self._query(query, None)
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            return bytes(result.serialize(format=RESULT_FORMATS[fmt]) or b"")
        raise StoreError("use a graph format for CONSTRUCT and DESCRIBE queries")

    def construct(self, query: str) -> list[Triple]:
        result = self._query(query, None)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]  # type: ignore[misc]

    def raw_query(self, query: str, union: bool = True) -> Any:
        return self._query(query, None, union)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def dump(self, out: IO[bytes], fmt: GraphFormat) -> None:
        rdf_format = GRAPH_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self._store.dump(out, format=rdf_format)
        else:
            # Triple formats: the union of every graph, duplicates removed.
            triples = self._query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None)
            ox.serialize(triples, out, format=rdf_format)

    def count_triples(self) -> int:
        return len(self._store)

    def source_hash(self, source_id: str) -> str | None:
        quads = list(
            self._store.quads_for_pattern(
                named(str(source_iri(source_id))),
                named(str(TLKG.contentHash)),
                None,
                named(str(META_GRAPH)),
            )
        )
        return _value(quads[0].object) if quads else None

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()

    def close(self) -> None:
        if hasattr(self, "_store"):
            self.flush()
            del self._store
        if self._lock:
            self._lock.release()
            self._lock = None


def open_store(settings: Settings, *, write: bool = False) -> GraphStore:
    """The store the settings name: a remote SPARQL endpoint when one is set, else the
    embedded store. Readers open the embedded store read-only so that they never block,
    or are blocked by, a writer."""
    if settings.endpoint:
        from tlkg.graph.remote import RemoteStore

        return RemoteStore.from_settings(settings, write=write)
    if settings.memory:
        return OxigraphStore(None)
    path = Path(os.path.expanduser(str(settings.store)))
    if write:
        return OxigraphStore(path)
    return OxigraphStore(path, read_only=True)


__all__ = [
    "ONTOLOGY_GRAPH",
    "STATE_NODE",
    "GraphStore",
    "OxigraphStore",
    "StoreBusy",
    "StoreError",
    "URIRef",
    "open_store",
]
