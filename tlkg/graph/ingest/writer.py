"""The only code of a load that writes to the store: ``Writer`` skips sources whose
content hash is unchanged, replaces changed ones a batch at a time (gathering large
writes where the store bulk-loads), keeps a trial record's superseded version as history
when the registry posted a newer one, and, for ``--sync``, removes absent trial records
(with their history)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from rdflib import URIRef

from tlkg.graph.ingest.summary import LoadIssue, LoadSummary
from tlkg.graph.store.base import Archive, GraphStore, Prepared, SourceRejected
from tlkg.graph.store.queries import query, with_values
from tlkg.graph.store.updates import revision_nt
from tlkg.loaders.base import one_line
from tlkg.ontology.namespace import source_iri

# Triples per write into a bulk-writing store (``TLKG_WRITE_TRIPLES``): fewer, larger bulk
# loads leave RocksDB fewer files to merge (each adds a file per index); ~1,400 studies,
# ~15 MB of text. ~15-20% faster than a write per batch of documents (bench/RESULTS.md).
WRITE_TRIPLES = 100_000


class Writer:
    """Skips unchanged sources and writes the rest, a batch per transaction. When the store
    refuses a batch's data, the batch is written again source by source, so that only the
    bad source fails (and is reported) and the others load."""

    def __init__(
        self,
        store: GraphStore,
        summary: LoadSummary,
        *,
        force: bool = False,
        history: bool = True,
        write_triples: int = WRITE_TRIPLES,
        now: datetime | None = None,
    ) -> None:
        self.store = store
        self.summary = summary
        self.seen: set[str] = set()  # every source met in this load
        self.force = force
        self.history = history
        self.now = (now or datetime.now(UTC)).isoformat()
        self.archives: list[Archive] = []  # versions kept at the next _write_pending
        self.fresh = not store.ask(query("any_source"))
        self.todo: dict[str, Prepared] = {}  # written at the next _write_pending
        self.replaced: list[str] = []
        self.pending_triples = 0
        self.write_triples = write_triples if store.capabilities.bulk_write else 0

    def report(self, issues: list[LoadIssue]) -> None:
        """Inputs that failed before they could be parsed (unreadable files, bad zips)."""
        self.summary.errors += issues

    def write(self, items: list[Prepared | LoadIssue]) -> None:
        """Count the batch, and store what changed once enough is pending (bulk-writing
        stores) or at once (others)."""
        hashes = self._stored_hashes(items)
        for item in items:
            if isinstance(item, LoadIssue):
                self.summary.errors.append(item)
            else:
                self._add(item, hashes.get(item.source_id))
        if self.pending_triples >= self.write_triples:
            self._write_pending()

    def _add(self, item: Prepared, stored: tuple[str, str | None] | None) -> None:
        summary, todo = self.summary, self.todo
        old = stored[0] if stored else None
        self.seen.add(item.source_id)
        if item.source_id in todo:  # met again before it was written: last wins
            summary.triples += item.triples - todo[item.source_id].triples
            self.pending_triples += item.triples - todo[item.source_id].triples
            todo[item.source_id] = item
            return
        if old == item.content_hash and not self.force:
            summary.skipped += 1
            return
        if stored is not None:
            self.replaced.append(item.source_id)
            item = self._keep_history(item, stored[1])
        todo[item.source_id] = item
        summary.loaded += 1
        summary.triples += item.triples
        if old is None:
            summary.added += 1
        else:
            summary.changed += 1
        self.pending_triples += item.triples

    def _keep_history(self, item: Prepared, stored: str | None) -> Prepared:
        """A trial record whose registry posted a newer version than the stored one: the
        stored one is archived (``Archive``) and the new one names it as its revision. An
        older or undated version replaces the stored one without history."""
        newer = item.version is not None and stored is not None and item.version > stored
        if not (self.history and item.kind == "trial" and newer):
            return item
        assert item.version is not None and stored is not None
        archive = Archive(item.source_id, stored, item.version, self.now)
        self.archives.append(archive)
        self.summary.archived += 1
        # The link makes the new version's metadata differ from what the workers built its
        # index rows from: the index reads this source back instead.
        return replace(item, meta_nt=item.meta_nt + revision_nt(archive), index_rows=None)

    def _write_pending(self) -> None:
        if self.todo:
            self._store_batch(list(self.todo.values()), self.replaced, self.archives)
        self.todo, self.replaced, self.pending_triples = {}, [], 0
        self.archives = []

    def _stored_hashes(
        self, items: list[Prepared | LoadIssue]
    ) -> dict[str, tuple[str, str | None]]:
        """Content hashes and versions of the batch's sources already in the store, in one
        query. Into
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
        return {
            by_iri[str(r["src"])]: (
                str(r["hash"]),
                None if r["version"] is None else str(r["version"]),
            )
            for r in rows
        }

    def _store_batch(
        self, items: list[Prepared], replaced: list[str], archives: list[Archive]
    ) -> None:
        try:
            self.store.write_sources(items, replaced, archives)
            return
        except SourceRejected as exc:
            if len(items) == 1:
                self._rejected(items[0], replaced, exc)
                return
        for item in items:
            mine = [item.source_id] if item.source_id in replaced else []
            kept = [a for a in archives if a.source_id == item.source_id]
            try:
                self.store.write_sources([item], mine, kept)
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
        """Write what is pending and make the load durable."""
        self._write_pending()
        self.store.flush()

    def remove_absent(self) -> None:
        """``--sync``: remove the trial records in the store that this load did not meet
        (withdrawn or merged studies of a newer registry dump); articles are never removed."""
        for source_id in self.store.source_ids(kind="trial"):
            if source_id not in self.seen:
                self.store.remove_source(source_id)
                self.summary.removed += 1
                self.summary.removed_ids.append(source_id)
