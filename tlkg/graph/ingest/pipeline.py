"""Load sources into a store: each source replaced atomically, unchanged ones skipped.

Two paths, one result:

- **Parallel** (the embedded Oxigraph store): worker processes read zip entries, parse
  documents, map the records and write N-Triples text; the main process skips unchanged
  sources (content hash, one query per batch), drops the graphs of changed ones, and
  writes what changed in bulk, ~``WRITE_TRIPLES`` triples at a time (on disk: Oxigraph's
  bulk loader under a crash journal, see ``OxigraphStore.write_sources``). Memory stays
  flat whatever the input size: documents are read one by one (zip entries, JSON Lines
  chunks), only a bounded window of batches is in flight and one write is pending.
- **Sequential** (remote SPARQL engines, and small loads): one SPARQL update per source.

Either way a source is whole or absent in the store, even if the process is killed.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

from pydantic import BaseModel, Field
from rdflib import URIRef

from tlkg.graph.rdf.terms import nt_lines
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.store.oxigraph import GraphStore, OxigraphStore, SourceRejected
from tlkg.graph.store.queries import query, with_values
from tlkg.loaders.registry import Document, LoadError, iter_documents, one_line, parse_document
from tlkg.ontology.namespace import META_GRAPH, source_iri
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

BATCH_DOCUMENTS = 128
WINDOW_BATCHES = 8  # per worker: bounds memory while keeping workers busy
# Triples per write into the on-disk store (``TLKG_WRITE_TRIPLES``): fewer, larger bulk
# loads leave RocksDB fewer files to merge (each adds a file per index); ~1,400 studies,
# ~15 MB of text. ~15-20% faster than a write per batch of documents (bench/RESULTS.md).
WRITE_TRIPLES = 100_000
PARALLEL_MIN_DOCUMENTS = 64


class LoadIssue(BaseModel):
    path: str
    error: str


class LoadSummary(BaseModel):
    loaded: int = 0
    skipped: int = Field(0, description="sources whose content was unchanged")
    errors: list[LoadIssue] = Field(default_factory=list)
    triples: int = Field(0, description="triples written by this load")
    added: int = Field(0, exclude=True)
    changed: int = Field(0, exclude=True)
    removed: int = Field(0, exclude=True)
    removed_ids: list[str] = Field(default_factory=list, exclude=True)

    @property
    def ok(self) -> bool:
        return not self.errors


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
    path: str = ""  # the document it came from, for messages


# ---- work done in worker processes (or inline) -----------------------------------------------
_worker_vocab: Vocabulary | None = None


def _init_worker(vocab_files: list[str]) -> None:
    global _worker_vocab
    _worker_vocab = load_vocabulary(vocab_files)
    gc.freeze()  # the vocabulary lives as long as the worker: keep it out of collections
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose load was killed (SIGKILL, the OOM killer) would otherwise wait for
    work forever, holding its memory: exit once the parent is gone (checked every second)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def prepare_documents(
    docs: list[Document], vocab: Vocabulary | None = None, loaded_at: datetime | None = None
) -> list[Prepared | LoadIssue]:
    """Parse and map documents; everything here is picklable plain data."""
    vocab = vocab or _worker_vocab
    assert vocab is not None, "worker not initialised"
    loaded_at = loaded_at or datetime.now(UTC)
    out: list[Prepared | LoadIssue] = []
    for doc in docs:
        for item in parse_document(doc, vocab):
            if isinstance(item, LoadError):
                out.append(LoadIssue(path=item.path, error=item.message))
                continue
            st = record_triples(item, loaded_at)
            out.append(
                Prepared(
                    source_id=st.source_id,
                    kind=item.source.kind,
                    content_hash=item.source.content_hash,
                    graph=st.graph,
                    source=st.source,
                    data_nt=nt_lines(st.data),
                    meta_nt=nt_lines(st.meta),
                    triples=len(st.data) + len(st.meta),
                    path=doc.name,
                )
            )
    return out


# ---- the main process ----------------------------------------------------------------------
def _batches(
    paths: Iterable[str | Path],
    on_document: Callable[[Document], None] | None,
    defer_zip: bool = False,
) -> Iterator[tuple[list[Document], list[LoadIssue]]]:
    docs: list[Document] = []
    issues: list[LoadIssue] = []
    for item in iter_documents(paths, defer_zip=defer_zip):
        if isinstance(item, LoadError):
            issues.append(LoadIssue(path=item.path, error=item.message))
        else:
            if on_document:
                on_document(item)
            docs.append(item)
        if len(docs) >= BATCH_DOCUMENTS or len(issues) >= BATCH_DOCUMENTS:
            yield docs, issues
            docs, issues = [], []
    if docs or issues:
        yield docs, issues


def _default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))


def load(
    store: GraphStore,
    paths: Iterable[str | Path],
    vocab: Vocabulary,
    *,
    force: bool = False,
    sync: bool = False,
    workers: int | None = None,
    vocab_files: list[str] | None = None,
    on_document: Callable[[Document], None] | None = None,
    write_triples: int = WRITE_TRIPLES,
) -> LoadSummary:
    """Load every source found under ``paths``; a bad input is reported, the rest load.

    ``sync`` also removes the trial records that are in the store but not in the input
    (withdrawn or merged studies of a newer registry dump); articles are never removed.
    """
    summary = LoadSummary()
    store.ensure_vocabulary(vocab)
    loaded_at = datetime.now(UTC)
    seen: set[str] = set()
    writer = _Writer(store, summary, seen, force, write_triples)
    workers = _default_workers() if workers is None else max(1, workers)
    parallel = workers > 1 and isinstance(store, OxigraphStore)
    batches = _batches(paths, on_document, defer_zip=parallel)
    if parallel:
        # Start worker processes only when the input is large enough to pay for them.
        head: list[tuple[list[Document], list[LoadIssue]]] = []
        for batch in batches:
            head.append(batch)
            if sum(len(d) for d, _ in head) >= PARALLEL_MIN_DOCUMENTS:
                break
        if sum(len(d) for d, _ in head) < PARALLEL_MIN_DOCUMENTS:
            parallel = False
        batches = _chain(head, batches)
    if parallel:
        _run_parallel(batches, writer, workers, vocab_files or [], loaded_at)
    else:
        for docs, issues in batches:
            summary.errors += issues
            writer.write(prepare_documents(docs, vocab, loaded_at))
    writer.flush()
    if sync:
        _remove_absent(store, summary, seen)
    return summary


def _chain(
    head: list[tuple[list[Document], list[LoadIssue]]],
    rest: Iterator[tuple[list[Document], list[LoadIssue]]],
) -> Iterator[tuple[list[Document], list[LoadIssue]]]:
    yield from head
    yield from rest


def _run_parallel(
    batches: Iterator[tuple[list[Document], list[LoadIssue]]],
    writer: _Writer,
    workers: int,
    vocab_files: list[str],
    loaded_at: datetime,
) -> None:
    ctx = get_context("spawn")
    pending: deque[Future[list[Prepared | LoadIssue]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(vocab_files,)
    ) as pool:
        for docs, issues in batches:
            writer.summary.errors += issues
            if docs:
                pending.append(pool.submit(prepare_documents, docs, None, loaded_at))
            while len(pending) >= workers * WINDOW_BATCHES:
                writer.write(pending.popleft().result())
        while pending:
            writer.write(pending.popleft().result())


class _Writer:
    """Skips unchanged sources and writes the rest, a batch per transaction. When the store
    refuses a batch's data, the batch is written again source by source, so that only the
    bad source fails (and is reported) and the others load."""

    def __init__(
        self,
        store: GraphStore,
        summary: LoadSummary,
        seen: set[str],
        force: bool,
        write_triples: int = WRITE_TRIPLES,
    ) -> None:
        self.store = store
        self.summary = summary
        self.seen = seen
        self.force = force
        self.fresh = not store.ask(query("any_source"))
        self.todo: dict[str, Prepared] = {}  # written at the next _write_pending
        self.replaced: list[str] = []
        self.pending_triples = 0
        bulk = isinstance(store, OxigraphStore) and store.path is not None
        self.write_triples = write_triples if bulk else 0

    def write(self, items: list[Prepared | LoadIssue]) -> None:
        """Count the batch, and store what changed once enough is pending (on disk) or
        at once (elsewhere)."""
        todo, replaced = self.todo, self.replaced
        hashes = self._stored_hashes(items)
        for item in items:
            if isinstance(item, LoadIssue):
                self.summary.errors.append(item)
                continue
            self.seen.add(item.source_id)
            if item.source_id in todo:  # met again before it was written: last wins
                self.summary.triples += item.triples - todo[item.source_id].triples
                self.pending_triples += item.triples - todo[item.source_id].triples
                todo[item.source_id] = item
                continue
            old = hashes.get(item.source_id)
            if old == item.content_hash and not self.force:
                self.summary.skipped += 1
                continue
            if old is not None:
                replaced.append(item.source_id)
            todo[item.source_id] = item
            self.summary.loaded += 1
            self.summary.triples += item.triples
            if old is None:
                self.summary.added += 1
            else:
                self.summary.changed += 1
            self.pending_triples += item.triples
        if self.pending_triples >= self.write_triples:
            self._write_pending()

    def _write_pending(self) -> None:
        if self.todo:
            self._store_batch(list(self.todo.values()), self.replaced)
        self.todo, self.replaced, self.pending_triples = {}, [], 0

    def _stored_hashes(self, items: list[Prepared | LoadIssue]) -> dict[str, str]:
        """Content hashes of the batch's sources already in the store, in one query. Into
        a store that held no source when the load began, only a source met earlier in this
        load can be there (the first load of a registry asks nothing)."""
        ids = {
            item.source_id
            for item in items
            if isinstance(item, Prepared) and (not self.fresh or item.source_id in self.seen)
        }
        if not ids:
            return {}
        by_iri = {str(source_iri(i)): i for i in sorted(ids)}
        terms = [URIRef(iri) for iri in by_iri]
        rows = self.store.select(with_values("source_hashes", "src", terms))
        return {by_iri[str(r["src"])]: str(r["hash"]) for r in rows}

    def _store_batch(self, items: list[Prepared], replaced: list[str]) -> None:
        try:
            self.store.write_sources(items, replaced)
            return
        except SourceRejected as exc:
            if len(items) == 1:
                self._rejected(items[0], replaced, exc)
                return
        for item in items:
            mine = [item.source_id] if item.source_id in replaced else []
            try:
                self.store.write_sources([item], mine)
            except SourceRejected as exc:
                self._rejected(item, replaced, exc)

    def _rejected(self, item: Prepared, replaced: list[str], exc: SourceRejected) -> None:
        self.summary.errors.append(
            LoadIssue(
                path=one_line(item.path or item.source_id),
                error=one_line(f"{item.source_id}: the store refused this source: {exc}"),
            )
        )
        self.summary.loaded -= 1
        self.summary.triples -= item.triples
        if item.source_id in replaced:
            self.summary.changed -= 1
        else:
            self.summary.added -= 1

    def flush(self) -> None:
        self._write_pending()
        flush = getattr(self.store, "flush", None)
        if flush:
            flush()


def _remove_absent(store: GraphStore, summary: LoadSummary, seen: set[str]) -> None:
    for source_id in store.source_ids(kind="trial"):
        if source_id not in seen:
            store.remove_source(source_id)
            summary.removed += 1
            summary.removed_ids.append(source_id)


__all__ = ["META_GRAPH", "LoadIssue", "LoadSummary", "Prepared", "load", "prepare_documents"]
