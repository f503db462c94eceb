"""Load one uploaded document (POST /api/sources) the way ``tlkg load`` loads a file.

The client's file name is only a label: it is reduced to a safe base name and shown in
messages and source metadata, and never used to build a path. The bytes go straight to
the loaders' registry; a ``.zip`` upload (detected from content) is read from a private
temporary file.
"""

from __future__ import annotations

import hmac
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime

from tlkg.graph.ingest import LoadIssue, LoadSummary
from tlkg.graph.store import GraphStore
from tlkg.graph.triples import record_triples
from tlkg.loaders.registry import Document, LoadError, SourceRecord, iter_documents, parse_document
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


def _records(name: str, data: bytes, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
    if not data.startswith(ZIP_MAGIC):
        yield from parse_document(Document(name, data), vocab)
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
                continue
            yield from parse_document(Document(relabel(item.name), item.data), vocab)


def load_document(
    store: GraphStore, vocab: Vocabulary, name: str, data: bytes, *, force: bool = False
) -> LoadSummary:
    """Load the sources in one uploaded document; each replaces its earlier version
    atomically, unchanged ones are skipped (as ``tlkg.graph.ingest.load``)."""
    summary = LoadSummary()
    store.ensure_vocabulary(vocab)
    loaded_at = datetime.now(UTC)
    for item in _records(safe_name(name), data, vocab):
        if isinstance(item, LoadError):
            summary.errors.append(LoadIssue(path=item.path, error=item.message))
            continue
        sid = item.source.id
        if not force and store.source_hash(sid) == item.source.content_hash:
            summary.skipped += 1
            continue
        summary.triples += store.replace_source(record_triples(item, loaded_at))
        summary.loaded += 1
        summary.sources.append(sid)
    return summary
