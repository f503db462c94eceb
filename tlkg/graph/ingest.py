"""Load sources into a store: each source replaced atomically, unchanged ones skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from tlkg.graph.store import GraphStore
from tlkg.graph.triples import record_triples
from tlkg.loaders.registry import Document, LoadError, load_paths
from tlkg.ontology.vocab import Vocabulary


class LoadIssue(BaseModel):
    path: str
    error: str


class LoadSummary(BaseModel):
    loaded: int = 0
    skipped: int = Field(0, description="sources whose content was unchanged")
    errors: list[LoadIssue] = Field(default_factory=list)
    triples: int = Field(0, description="triples written by this load")
    sources: list[str] = Field(default_factory=list, exclude=True)

    @property
    def ok(self) -> bool:
        return not self.errors


def load(
    store: GraphStore,
    paths: Iterable[str | Path],
    vocab: Vocabulary,
    *,
    force: bool = False,
    on_document: Callable[[Document], None] | None = None,
) -> LoadSummary:
    """Load every source found under ``paths``; a bad input is reported, the rest load."""
    summary = LoadSummary()
    store.ensure_vocabulary(vocab)
    loaded_at = datetime.now(UTC)
    for item in load_paths(paths, vocab, on_document):
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
