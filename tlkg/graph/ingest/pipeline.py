"""The one load pipeline: ``load`` (files, folders, zips, JSON Lines) and ``load_upload``
(one uploaded document) read documents, parse and map them (``workers``) and hand the
results to the one ``Writer``; each source is replaced atomically, unchanged ones skipped.

Two paths, one result:

- **Parallel** (stores that declare ``parallel_load``, for inputs of at least
  ``PARALLEL_MIN_DOCUMENTS``): worker processes read zip entries, parse documents, map
  the records and write N-Triples text; the main process skips unchanged sources
  (content hash, one query per batch), drops the graphs of changed ones, and writes what
  changed, in bulk (~``WRITE_TRIPLES`` triples at a time) where the store declares
  ``bulk_write``. Memory stays flat whatever the input size: documents are read one by
  one (zip entries, JSON Lines chunks), only a bounded window of batches is in flight and
  one write is pending.
- **Sequential** (other stores, small loads and uploads): the same steps in this process.

Either way a source is whole or absent in the store, even if the process is killed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from tlkg.graph.ingest.summary import LoadIssue, LoadSummary
from tlkg.graph.ingest.workers import Batch, default_workers, prepare_documents, run_parallel
from tlkg.graph.ingest.writer import WRITE_TRIPLES, Writer
from tlkg.graph.store.base import GraphStore
from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.files import count_documents, iter_documents
from tlkg.ontology.vocab import Vocabulary
from tlkg.settings import analysis_index_enabled

BATCH_DOCUMENTS = 128
PARALLEL_MIN_DOCUMENTS = 64
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def load(
    store: GraphStore,
    paths: Iterable[str | Path],
    vocab: Vocabulary,
    *,
    force: bool = False,
    sync: bool = False,
    workers: int | None = None,
    vocab_files: list[str] | None = None,
    on_document: Callable[[str], None] | None = None,
    write_triples: int = WRITE_TRIPLES,
    history: bool = True,
) -> LoadSummary:
    """Load every source found under ``paths``; a bad input is reported, the rest load.

    With ``history``, a trial record replaced by a newer version the registry posted is
    kept as an archived version (``Writer``), which ``--as-of`` and ``changes`` read.

    ``sync`` also removes the trial records that are in the store but not in the input
    (withdrawn or merged studies of a newer registry dump); articles are never removed.
    ``on_document`` is called with each document's name as it is read (progress bars);
    ``vocab_files`` are the vocabulary files the worker processes load."""
    workers = default_workers() if workers is None else max(1, workers)
    parallel = workers > 1 and store.capabilities.parallel_load
    documents = iter_documents(paths, defer_zip=parallel)
    batches = _batches(documents, on_document)
    if parallel:
        # Start worker processes only when the input is large enough to pay for them.
        head: list[Batch] = []
        for batch in batches:
            head.append(batch)
            if _documents_in(head) >= PARALLEL_MIN_DOCUMENTS:
                break
        if _documents_in(head) < PARALLEL_MIN_DOCUMENTS:
            workers = 1
        batches = _chain(head, batches)
    return _run(
        store,
        vocab,
        batches,
        force=force,
        sync=sync,
        workers=workers if parallel else 1,
        vocab_files=vocab_files or [],
        write_triples=write_triples,
        history=history,
    )


def load_upload(
    store: GraphStore,
    vocab: Vocabulary,
    name: str,
    data: bytes,
    *,
    force: bool = False,
    history: bool = True,
) -> LoadSummary:
    """Load the sources in one uploaded document (``name`` is only a label for messages and
    source metadata, never a path); a ``.zip`` upload (detected from content) is read from
    a private temporary file. The same steps as ``load``, in this process."""
    documents = _batches(_upload_documents(name, data), None)
    return _run(store, vocab, documents, force=force, history=history)


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """How many documents ``load`` will read under ``paths``, when cheap to know (folders
    and zip files); None when unknown (JSON Lines). For progress bars."""
    return count_documents(paths)


def _run(
    store: GraphStore,
    vocab: Vocabulary,
    batches: Iterator[Batch],
    *,
    force: bool = False,
    sync: bool = False,
    workers: int = 1,
    vocab_files: list[str] | None = None,
    write_triples: int = WRITE_TRIPLES,
    history: bool = True,
) -> LoadSummary:
    summary = LoadSummary()
    store.ensure_vocabulary(vocab)
    loaded_at = datetime.now(UTC)
    writer = Writer(
        store, summary, force=force, history=history, write_triples=write_triples, now=loaded_at
    )
    rows = keeps_index(store)
    if workers > 1:
        run_parallel(batches, writer, workers, vocab_files or [], loaded_at, rows)
    else:
        for docs, issues in batches:
            writer.report(issues)
            writer.write(prepare_documents(docs, vocab, loaded_at, rows))
    writer.flush()
    if sync:
        writer.remove_absent()
    return summary


def keeps_index(store: GraphStore) -> bool:
    """Whether ``store`` keeps an analysis index (an embedded on-disk one with an index
    attached, unless turned off), whose rows the load's workers then build from the triples
    they map. A store without one gets none from a load: building rows nobody inserts cost
    ~16% of a load's CPU at 10,000 studies (bench/RESULTS.md, session 18)."""
    caps = store.capabilities
    return caps.embedded and caps.persistent and analysis_index_enabled() and store.observed


def _batches(
    documents: Iterable[Document | LoadError], on_document: Callable[[str], None] | None
) -> Iterator[Batch]:
    docs: list[Document] = []
    issues: list[LoadIssue] = []
    for item in documents:
        if isinstance(item, LoadError):
            issues.append(LoadIssue(path=item.path, error=item.message))
        else:
            if on_document:
                on_document(item.name)
            docs.append(item)
        if len(docs) >= BATCH_DOCUMENTS or len(issues) >= BATCH_DOCUMENTS:
            yield docs, issues
            docs, issues = [], []
    if docs or issues:
        yield docs, issues


def _documents_in(batches: list[Batch]) -> int:
    return sum(len(docs) for docs, _ in batches)


def _chain(head: list[Batch], rest: Iterator[Batch]) -> Iterator[Batch]:
    yield from head
    yield from rest


def _upload_documents(name: str, data: bytes) -> Iterator[Document | LoadError]:
    """The documents of an upload: the bytes themselves, or the entries of a zip (read
    from a private temporary file, labelled ``name!entry``)."""
    if not data.startswith(ZIP_MAGIC):
        yield Document(name, data)
        return
    with tempfile.NamedTemporaryFile(prefix="tlkg-upload-", suffix=".zip") as tmp:
        tmp.write(data)
        tmp.flush()
        prefix = tmp.name

        def relabel(label: str) -> str:
            return name + label[len(prefix) :] if label.startswith(prefix) else name

        for item in iter_documents([tmp.name]):
            if isinstance(item, LoadError):
                yield LoadError(relabel(item.path), item.message)
            else:
                yield Document(relabel(item.name), item.data)


__all__ = [
    "BATCH_DOCUMENTS",
    "WRITE_TRIPLES",
    "LoadIssue",
    "LoadSummary",
    "count_inputs",
    "load",
    "load_upload",
]
