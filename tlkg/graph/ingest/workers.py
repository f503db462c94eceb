"""Parsing and mapping, the CPU-bound half of a load: ``prepare_documents`` turns documents
into ``Prepared`` N-Triples text (plain, picklable data), inline or in a pool of worker
processes that read zip entries, parse and map while the main process writes."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from multiprocessing import get_context

from tlkg.graph.ingest.summary import LoadIssue
from tlkg.graph.ingest.writer import Writer
from tlkg.graph.rdf.index_rows import source_rows
from tlkg.graph.rdf.terms import nt_lines
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.store.base import Prepared
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.loaders.registry import parse_document
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

WINDOW_BATCHES = 8  # per worker: bounds memory while keeping workers busy
# The collector's first-generation threshold while documents are mapped (Python's is 700).
MAPPING_GC_THRESHOLD = 7000

Batch = tuple[list[Document], list[LoadIssue]]

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


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))


def prepare_documents(
    docs: list[Document],
    vocab: Vocabulary | None = None,
    loaded_at: datetime | None = None,
    index_rows: bool = True,
) -> list[Prepared | LoadIssue]:
    """Parse and map documents; everything here is picklable plain data. ``index_rows``:
    also build each source's analysis index rows (for a store that keeps an index)."""
    vocab = vocab or _worker_vocab
    assert vocab is not None, "worker not initialised"
    loaded_at = loaded_at or datetime.now(UTC)
    out: list[Prepared | LoadIssue] = []
    with _fewer_collections():
        for doc in docs:
            for item in parse_document(doc, vocab):
                if isinstance(item, LoadError):
                    out.append(LoadIssue(path=item.path, error=item.message))
                    continue
                out.append(prepare_record(item, loaded_at, doc.name, index_rows))
    return out


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic collector passes ten times less often while documents are mapped.

    What is mapped is kept until its batch is written (every source's N-Triples and
    analysis index rows: ~35 objects a source with the index): at Python's threshold each
    700 of them start a pass, and every 100th pass walks the whole heap (with the other
    changes of session 18, a load without an index takes ~5% less CPU at 10,000 studies:
    bench/RESULTS.md, "Index maintenance at a load").
    Mapping leaves little cyclic garbage to wait for. Set for this process while the
    batch is mapped, then put back (a call that finds it raised already leaves it)."""
    old = gc.get_threshold()
    if old[0] >= MAPPING_GC_THRESHOLD:
        yield
        return
    gc.set_threshold(MAPPING_GC_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def prepare_record(
    rec: SourceRecord, loaded_at: datetime, path: str = "", index_rows: bool = True
) -> Prepared:
    """One typed record mapped to triples and written as N-Triples (and, with
    ``index_rows``, its analysis index rows built)."""
    st = record_triples(rec, loaded_at)
    return Prepared(
        source_id=st.source_id,
        kind=rec.source.kind,
        content_hash=rec.source.content_hash,
        graph=st.graph,
        source=st.source,
        data_nt=nt_lines(st.data),
        meta_nt=nt_lines(st.meta),
        triples=len(st.data) + len(st.meta),
        path=path,
        version=rec.source.version,
        # Built here, from the triples in hand (in the worker processes of a parallel
        # load): the analysis index then needs no read back of the batch once written.
        index_rows=source_rows(st) if index_rows else None,
    )


def run_parallel(
    batches: Iterator[Batch],
    writer: Writer,
    workers: int,
    vocab_files: list[str],
    loaded_at: datetime,
    index_rows: bool = True,
) -> None:
    """Prepare ``batches`` in ``workers`` processes and hand the results to ``writer`` in
    input order; at most ``WINDOW_BATCHES`` batches per worker are in flight."""
    ctx = get_context("spawn")
    pending: deque[Future[list[Prepared | LoadIssue]]] = deque()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(vocab_files,)
    ) as pool:
        for docs, issues in batches:
            writer.report(issues)
            if docs:
                pending.append(pool.submit(prepare_documents, docs, None, loaded_at, index_rows))
            while len(pending) >= workers * WINDOW_BATCHES:
                writer.write(pending.popleft().result())
        while pending:
            writer.write(pending.popleft().result())
