"""The embedded Oxigraph store (the default backend), with its lock and crash journal.

It uses pyoxigraph directly (its own SPARQL engine and parsers: queries prepared through
rdflib's oxrdflib path are silently evaluated in Python, and rdflib's parsers are several
times slower). Each
source document lives in its own named graph; its metadata in the metadata graph. A load
replaces a source's graph and metadata in ONE SPARQL update (drop + insert), so a source is
never half-present, even if the process is killed mid-load.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from tlkg.graph.rdf.predicates import SourceTriples
from tlkg.graph.rdf.terms import RdfTriple, from_ox, named, to_ox
from tlkg.graph.store.base import (
    GRAPH_FORMATS,
    ONTOLOGY_GRAPH,
    QUERY_BASE_IRI,
    RESULT_FORMATS,
    SOURCE_IDS,
    STATE_NODE,
    Archive,
    Capabilities,
    GraphFormat,
    Observer,
    PlainRow,
    Prepared,
    QueryJob,
    QueryOutcome,
    ResultFormat,
    Row,
    SourceRejected,
    StagingObserver,
    StoreBusy,
    StoreError,
    Unsupported,
)
from tlkg.graph.store.updates import (
    ARCHIVED_GRAPHS,
    NOT_COPIED,
    VERSION_GRAPHS,
    archive_cleanup,
    archive_update,
    as_quads,
    current_triples_query,
    ntriples,
    ontology_text,
    remove_history_update,
    remove_update,
    replace_update,
    state_quad,
    state_update,
    version_nt,
)
from tlkg.graph.store.user_query import declares_dataset, execute_job
from tlkg.ontology.namespace import (
    DCT_IDENTIFIER,
    META_GRAPH_IRI,
    VOCAB_GRAPH_IRI,
    source_graph,
    source_iri,
    tlkg_iri,
    version_graph,
    version_iri,
)
from tlkg.ontology.vocab import Vocabulary

if TYPE_CHECKING:
    from rdflib.term import Node

_CONTENT_HASH = tlkg_iri("contentHash")
LOCK_NAME = ".tlkg.lock"
JOURNAL_NAME = ".tlkg-journal"


def _lexical(term: Any) -> str:
    return str(term.value)


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


TEST_KILL_ENV = "TLKG_TEST_KILL_AFTER_BATCHES"


def _test_crash_point(batches: int) -> None:
    """Test-only hook (tests/test_crash.py): with ``TLKG_TEST_KILL_AFTER_BATCHES=N`` in the
    environment, the process kills itself (SIGKILL) right after the N-th bulk load of an
    on-disk store, before that batch's journal is cleared: the crash the journal is for."""
    limit = os.environ.get(TEST_KILL_ENV)
    if limit and batches >= int(limit):
        os.kill(os.getpid(), signal.SIGKILL)


def _replacing(replaced: list[str], first: Iterable[str]) -> str:
    """One update: the operations ``first`` (what history needs), then the stored
    versions dropped."""
    return " ;\n".join([*first, *(remove_update(sid) for sid in replaced)])


def _is_store_folder(path: Path) -> bool:
    """Empty, or already an Oxigraph store (or one we started to create)."""
    return not any(path.iterdir()) or (path / "CURRENT").exists() or (path / LOCK_NAME).exists()


class OxigraphStore:
    """Embedded Oxigraph: on disk at ``path``, or in memory when ``path`` is None."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.location = str(path) if path else ":memory:"
        self.capabilities = Capabilities(
            parallel_load=True,
            bulk_write=path is not None,
            snapshot=path is not None,
            persistent=path is not None,
            embedded=True,
        )
        self._lock: _Lock | None = None
        self._batches = 0
        self._observers: list[Observer] = []
        if path is None:
            self._store = ox.Store()
            return
        if read_only:
            if not (path / "CURRENT").exists():
                raise StoreError(f"no store at {path}: load something first (tlkg load PATH)")
            self._lock = _Lock(path / LOCK_NAME, shared=True)
            self._lock.acquire()
            if (path / JOURNAL_NAME).exists():
                # A writer died mid-batch (no writer runs while we hold a shared lock):
                # recover as a writer first, so that readers too see whole sources only.
                self._lock.release()
                OxigraphStore(path).close()
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
        self._recover()

    # ---- the journal: sources whose batch may not have landed whole ----------------------
    @property
    def _journal(self) -> Path | None:
        return self.path / JOURNAL_NAME if self.path else None

    def _recover(self) -> list[str]:
        """After a crash mid-batch, remove the sources of that batch: each was either
        written whole or not, but a bulk write is not one transaction, so none is kept.
        A rerun of the same load writes them again."""
        journal = self._journal
        if journal is None or not journal.exists():
            return []
        ids = [line for line in journal.read_text("utf-8").splitlines() if line.strip()]
        self._remove_batch(ids)
        self._store.flush()
        journal.unlink()
        return ids

    def _remove_batch(self, ids: list[str]) -> None:
        for chunk in range(0, len(ids), 500):
            self._store.update(" ;\n".join(remove_update(sid) for sid in ids[chunk : chunk + 500]))
        self._store.update(state_update())

    def _journal_write(self, ids: list[str]) -> None:
        journal = self._journal
        assert journal is not None
        tmp = journal.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("\n".join(ids) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, journal)

    def _journal_clear(self) -> None:
        journal = self._journal
        if journal is not None:
            journal.unlink(missing_ok=True)

    # ---- writes --------------------------------------------------------------------
    def observe(self, observer: Observer) -> None:
        self._observers.append(observer)

    @property
    def observed(self) -> bool:
        return bool(self._observers)

    def _changed(self, graphs: list[str] | None, written: Sequence[Prepared] = ()) -> None:
        """Tell the observers which graphs a write changed (after the state token did),
        and the sources it wrote (a batch that landed whole)."""
        for observer in self._observers:
            observer(graphs, written)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")

    def replace_source(self, st: SourceTriples) -> int:
        self._writable()
        self._store.update(replace_update(st) + " ;\n" + state_update())
        self._changed([st.graph])
        return len(st.data) + len(st.meta)

    def write_sources(
        self, items: list[Prepared], replaced: list[str], archives: Sequence[Archive] = ()
    ) -> None:
        """Store a batch of prepared sources, after dropping the earlier versions of
        ``replaced`` (those of ``archives`` kept first as history, in the same update). In
        memory, one
        transaction. On disk, Oxigraph's bulk loader (several times faster than a
        transaction, measured in bench/RESULTS.md) under a journal: the batch's ids are
        written (fsync) before and removed after, and opening the store after a crash
        removes the sources of an unfinished batch, so a source is always whole or absent.

        Data the store refuses raises ``SourceRejected`` with none of the batch kept (text
        that cannot be encoded is refused before anything changes; a parse error in the
        middle of a bulk load removes what the load wrote).

        The observers hear of the batch's graphs once it landed, with its sources (or
        once it was taken back, without: what the store then holds is read back); those
        that stage (``StagingObserver``) are given the batch before it is written."""
        self._writable()
        graphs = [p.graph for p in items] + [str(source_graph(sid)) for sid in replaced]
        graphs += [str(version_graph(a.source_id, a.version)) for a in archives]
        stagers = [o for o in self._observers if isinstance(o, StagingObserver)]
        for stager in stagers:
            stager.stage(graphs, items)
        try:
            self._write_sources(items, replaced, archives)
        except SourceRejected:
            self._changed(graphs)
            raise
        except BaseException:
            for stager in stagers:
                stager.unstage()
            raise
        self._changed(graphs, items)

    def _write_sources(
        self, items: list[Prepared], replaced: list[str], archives: Sequence[Archive]
    ) -> None:
        meta = META_GRAPH_IRI
        text = "".join(as_quads(p.data_nt, p.graph) + as_quads(p.meta_nt, meta) for p in items)
        if self.path is not None:
            # The new state token lands with the data. A SPARQL update between two bulk
            # loads would cost each load a flush of RocksDB's memtable (~25% of the load
            # time, bench/RESULTS.md).
            text += state_quad()
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:  # e.g. a lone surrogate: not RDF text
            raise SourceRejected(f"text not encodable as UTF-8 ({exc.reason})") from None
        del text
        if self.path is None:
            if replaced:
                self._store.update(_replacing(replaced, map(archive_update, archives)))
            try:
                self._store.load(data, format=ox.RdfFormat.N_QUADS)  # one transaction
            except SyntaxError as exc:
                self._store.update(state_update())
                raise SourceRejected(f"invalid N-Quads: {exc}") from None
        else:
            ids = [p.source_id for p in items]
            self._journal_write(ids)
            # History rides in the bulk load too: read here, before the stored versions go
            # (a SPARQL COPY per archive cost ~10% of a sync with 5% changed records).
            kept = self._archived_quads(archives)
            if replaced:
                self._store.update(_replacing(replaced, map(archive_cleanup, archives)))
            try:
                self._store.bulk_load(kept + data, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                self._remove_batch(ids)  # the bulk load is not one transaction
                self._journal_clear()
                raise SourceRejected(f"invalid N-Quads: {exc}") from None
            self._batches += 1
            _test_crash_point(self._batches)
            self._journal_clear()
            return
        # The state token changes after the data lands, so caches never keep stale answers.
        self._store.update(state_update())

    def _archived_quads(self, archives: Sequence[Archive]) -> bytes:
        """The archived versions' graphs and metadata as N-Quads: what ``archive_update``
        writes, read from the stored versions."""
        out = io.BytesIO()
        meta = named(META_GRAPH_IRI)
        quads: list[ox.Quad] = []
        for a in archives:
            vg = named(str(version_graph(a.source_id, a.version)))
            v = named(str(version_iri(a.source_id, a.version)))
            graph = named(str(source_graph(a.source_id)))
            src = named(str(source_iri(a.source_id)))
            quads += [
                ox.Quad(q.subject, q.predicate, q.object, vg)
                for q in self._store.quads_for_pattern(None, None, None, graph)
            ]
            quads += [
                ox.Quad(v, q.predicate, q.object, meta)
                for q in self._store.quads_for_pattern(src, None, None, meta)
                if q.predicate.value not in NOT_COPIED
            ]
            out.write(as_quads(version_nt(a), META_GRAPH_IRI).encode())
        ox.serialize(quads, out, format=ox.RdfFormat.N_QUADS)
        return out.getvalue()

    def source_ids(self, kind: str | None = None) -> list[str]:
        from tlkg.ontology.namespace import TLKG

        cls = {"trial": TLKG.TrialRecord, "article": TLKG.Article, None: TLKG.Source}[kind]
        rows = self.select(SOURCE_IDS, {"cls": cls})
        return [str(r["id"]) for r in rows]

    def remove_source(self, source_id: str) -> int:
        self._writable()
        graph = named(str(source_graph(source_id)))
        meta = list(
            self._store.quads_for_pattern(
                named(str(source_iri(source_id))), None, None, named(META_GRAPH_IRI)
            )
        )
        if not meta:
            return 0
        versions = [
            str(r["g"]) for r in self.select(VERSION_GRAPHS, {"src": source_iri(source_id)})
        ]
        n = len(meta) + sum(
            1
            for g in [graph, *map(named, versions)]
            for _ in self._store.quads_for_pattern(None, None, None, g)
        )
        self._store.update(
            remove_history_update(source_id)
            + " ;\n"
            + remove_update(source_id)
            + " ;\n"
            + state_update()
        )
        self._changed([str(source_graph(source_id)), *versions])
        return n

    def ensure_vocabulary(self, vocab: Vocabulary) -> bool:
        """Load the ontology and vocabulary graphs when their content changed."""
        self._writable()
        onto = ontology_text()
        from tlkg.graph.rdf.triples import vocabulary_triples  # the mapping: writers only

        vocab_nt = ntriples(vocabulary_triples(vocab))
        digest = hashlib.sha256((onto + "\n" + vocab_nt).encode()).hexdigest()
        marker = named(VOCAB_GRAPH_IRI)
        current = list(
            self._store.quads_for_pattern(marker, named(_CONTENT_HASH), None, named(META_GRAPH_IRI))
        )
        if current and _lexical(current[0].object) == digest:
            return False
        self._store.update(
            f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}> ; DROP SILENT GRAPH <{VOCAB_GRAPH_IRI}> ;"
            f"DELETE WHERE {{ GRAPH <{META_GRAPH_IRI}> {{ <{VOCAB_GRAPH_IRI}> ?p ?o }} }}"
        )
        self._store.load(onto, format=ox.RdfFormat.TURTLE, to_graph=named(str(ONTOLOGY_GRAPH)))
        self._store.load(vocab_nt, format=ox.RdfFormat.N_TRIPLES, to_graph=marker)
        self._store.add(
            ox.Quad(marker, named(_CONTENT_HASH), ox.Literal(digest), named(META_GRAPH_IRI))
        )
        self._store.update(state_update())
        self._changed([VOCAB_GRAPH_IRI, str(ONTOLOGY_GRAPH)])
        return True

    def mark_changed(self) -> None:
        """Give the store a new state token; call after writing to it other than through
        ``replace_source``/``remove_source`` (e.g. a bulk load)."""
        self._writable()
        self._store.update(state_update())
        self._changed(None)  # which graphs changed is not known here

    def state_token(self) -> str | None:
        """A token that changes whenever the store's content changes (None: never written
        by this version of tlkg). Cheap: one index scan, of one value (or of one per batch
        while a bulk load runs)."""
        values = self._state_values()
        if len(values) <= 1:
            return values[0] if values else None
        # Bulk writes add a value each (``state_quad``) until the next update keeps one.
        return hashlib.sha1("\n".join(values).encode()).hexdigest()

    # ---- reads ---------------------------------------------------------------------
    def _query(self, query: str, bindings: dict[str, Node] | None, union: bool = True) -> Any:
        subs: dict[ox.Variable, Any] = {
            ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
        }
        try:
            return self._store.query(
                query,
                base_iri=QUERY_BASE_IRI,
                use_default_graph_as_union=union,
                substitutions=subs or None,
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
        result = self._query(query, None, union=not declares_dataset(query))
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            return bytes(result.serialize(format=RESULT_FORMATS[fmt]) or b"")
        raise StoreError("use a graph format for CONSTRUCT and DESCRIBE queries")

    def construct(self, query: str) -> list[RdfTriple]:
        result = self._query(query, None, union=not declares_dataset(query))
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("not a CONSTRUCT or DESCRIBE query")
        # A CONSTRUCT answer is a graph, a set: Oxigraph may repeat a triple that several
        # solutions build.
        unique = dict.fromkeys(result)
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in unique]

    def scan(self, query: str, names: tuple[str, ...]) -> Iterator[PlainRow]:
        intern = sys.intern  # the same IRIs recur in every row of a large scan
        for sol in self._query(query, None):
            # list comprehensions, not generators: this loop runs per row of large scans
            terms = [sol[n] for n in names]
            yield tuple([None if t is None else intern(t.value) for t in terms])

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def dump(self, out: IO[bytes], fmt: GraphFormat) -> None:
        rdf_format = GRAPH_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self._store.dump(out, format=rdf_format)
        else:
            # Triple formats: the union of every graph, duplicates removed, without the
            # archived versions of trial records (a trial would show two phases).
            archived = [str(r["g"]) for r in self.select(ARCHIVED_GRAPHS)]
            triples = self._query(current_triples_query(archived), None)
            ox.serialize(triples, out, format=rdf_format)

    def count_triples(self) -> int:
        return len(self._store)

    def source_hash(self, source_id: str) -> str | None:
        quads = list(
            self._store.quads_for_pattern(
                named(str(source_iri(source_id))),
                named(_CONTENT_HASH),
                None,
                named(META_GRAPH_IRI),
            )
        )
        return _lexical(quads[0].object) if quads else None

    def snapshot(self, target: Path) -> None:
        """A consistent point-in-time copy of an on-disk store at ``target`` (which must
        not exist), openable read-only by other processes. On the same file system it
        hard-links the immutable data files, so it is cheap (milliseconds)."""
        if self.path is None:
            raise Unsupported("an in-memory store has no snapshot")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"cannot snapshot store {self.location}: {exc}") from exc

    def run_query_job(self, job: QueryJob) -> QueryOutcome:
        """A user's read-only query, checked and capped at ``job.limit`` rows or triples."""
        return execute_job(self._store, job)

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            if len(self._state_values()) > 1:
                self._store.update(state_update())  # one token again after bulk writes
                self._changed([])
            self._store.flush()

    def _state_values(self) -> list[str]:
        pattern = (named(str(STATE_NODE)), named(DCT_IDENTIFIER), None, named(META_GRAPH_IRI))
        quads = self._store.quads_for_pattern(*pattern)
        return sorted(q.object.value for q in quads if isinstance(q.object, ox.Literal))

    def close(self) -> None:
        if hasattr(self, "_store"):
            self.flush()
            del self._store
        if self._lock:
            self._lock.release()
            self._lock = None
