"""Load one uploaded document (POST /api/sources) the way ``tlkg load`` loads a file.

The client's file name is only a label: it is reduced to a safe base name and shown in
messages and source metadata, and never used to build a path. The bytes go straight to
the loaders (``ingest.prepare_documents``, then ingest's writer: one transaction per
batch); a ``.zip`` upload (detected from content) is read from a private temporary file.
"""

from __future__ import annotations

import hmac
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime

from tlkg.graph.ingest import pipeline as ingest
from tlkg.graph.ingest.pipeline import LoadIssue, LoadSummary
from tlkg.graph.store.oxigraph import GraphStore
from tlkg.loaders.registry import Document, LoadError, iter_documents
from tlkg.ontology.vocab import Vocabulary

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def safe_name(raw: str | None) -> str:
    """A display name for an upload: the last path component, reduced to letters,
    digits, ``._-``; never empty, never ``.``/``..``, at most 100 characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._-")[:100]
    return name or "upload"


def token_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of a bearer token."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _documents(name: str, data: bytes) -> Iterator[Document | LoadError]:
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


def load_document(
    store: GraphStore, vocab: Vocabulary, name: str, data: bytes, *, force: bool = False
) -> LoadSummary:
    """Load the sources in one uploaded document; each replaces its earlier version
    atomically, unchanged ones are skipped (the same steps as ``tlkg load``)."""
    summary = LoadSummary()
    store.ensure_vocabulary(vocab)
    loaded_at = datetime.now(UTC)
    writer = ingest._Writer(store, summary, set(), force)
    docs: list[Document] = []
    for item in _documents(safe_name(name), data):
        if isinstance(item, LoadError):
            summary.errors.append(LoadIssue(path=item.path, error=item.message))
        else:
            docs.append(item)
        if len(docs) >= ingest.BATCH_DOCUMENTS:
            writer.write(ingest.prepare_documents(docs, vocab, loaded_at))
            docs = []
    if docs:
        writer.write(ingest.prepare_documents(docs, vocab, loaded_at))
    writer.flush()
    return summary
