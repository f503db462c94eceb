"""The analysis index stages a bulk-loaded batch (``maintain.Maintainer.stage``): the rows
its workers built are written into the index's transaction before the store writes the
batch, and committed, with the store's new token, only once the batch landed.

Checked here: the staged rows are the built rows and no reader sees them before the
commit; a refused batch, a failed store write and a process killed with rows staged leave
an index that equals the store (or is marked stale and caught up before it answers); the
secondary indexes dropped for a large insert into a near-empty table are all there again
afterwards; answers equal SPARQL's after a load, a replacement and a removal.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from analysis_fixture import VOCAB
from test_analysis_index import (
    CTGOV,
    DEMO,
    STUDIES,
    assert_rows_match_store,
    assert_same_answers,
    changed_copy,
    index_rows,
)

from tlkg.graph.analysis import maintain, schema
from tlkg.graph.analysis.schema import FILE_NAME, TABLES
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.store.base import Prepared, SourceRejected
from tlkg.graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent


def indexed_store(path: Path) -> tuple[OxigraphStore, sqlite3.Connection]:
    """A store with an index (``tlkg reindex``) kept current by a ``Maintainer`` whose
    connection the test holds (as ``maintain.attach`` does)."""
    store = OxigraphStore(path)
    maintain.reindex(store)
    conn = maintain.open_index(store, create_missing=False)
    assert conn is not None
    store.observe(maintain.Maintainer(store, conn))
    return store, conn


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[OxigraphStore, sqlite3.Connection]]:
    store, conn = indexed_store(tmp_path / "store")
    yield store, conn
    store.close()
    conn.close()


def graph_rows(conn: sqlite3.Connection, graphs: set[str]) -> dict[str, Counter[Any]]:
    """Every table's rows of ``graphs`` as ``conn`` sees them."""
    out: dict[str, Counter[Any]] = {}
    for table, cols in TABLES.items():
        at = cols.index("graph")
        out[table] = Counter(r for r in conn.execute(f"SELECT * FROM {table}") if r[at] in graphs)
    return out


def built_rows(items: Sequence[Prepared]) -> dict[str, Counter[Any]]:
    out: dict[str, Counter[Any]] = {t: Counter() for t in TABLES}
    for p in items:
        for table, rows in (p.index_rows or {}).items():
            out[table].update(rows)
    return out


def index_names(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
    return {(str(n), str(s)) for n, s in rows}


def test_staged_rows_are_the_built_rows_unseen_until_the_batch_lands(
    world: tuple[OxigraphStore, sqlite3.Connection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, conn = world
    assert store.path is not None
    seen: list[dict[str, Any]] = []
    real = OxigraphStore._write_sources

    def spy(self: OxigraphStore, items: list[Prepared], *args: Any) -> None:
        graphs = {p.graph for p in items}
        reader = sqlite3.connect(store.path / FILE_NAME)  # type: ignore[operator]
        try:
            seen.append(
                {
                    "graphs": graphs,
                    "built": built_rows(items),
                    "staged": graph_rows(conn, graphs),
                    "open": conn.in_transaction,
                    "others": graph_rows(reader, graphs),
                    "stored": [
                        g for g in graphs if self.ask(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
                    ],
                }
            )
        finally:
            reader.close()
        real(self, items, *args)

    monkeypatch.setattr(OxigraphStore, "_write_sources", spy)
    load(store, [DEMO, CTGOV / "v2-mixed-june-2023-4.json"], VOCAB, workers=1)
    assert seen, "no batch written"
    for batch in seen:
        assert batch["open"], "rows staged outside a transaction"
        assert not batch["stored"], "the batch was in the store before its rows were staged"
        for table in TABLES:
            assert batch["staged"][table] == batch["built"][table], f"{table}: staged != built"
            assert not batch["others"][table], f"{table}: a reader saw uncommitted rows"
        after = graph_rows(conn, batch["graphs"])
        for table in TABLES:
            assert after[table] == batch["staged"][table], f"{table}: committed != staged"
    assert not conn.in_transaction
    assert maintain.recorded_token(conn) == store.state_token()
    assert_rows_match_store(store)


def test_a_refused_batch_takes_back_its_staged_rows(
    world: tuple[OxigraphStore, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refuses a batch holding one bad source; the batch is written again
    source by source, that one refused again: its rows were staged twice and kept never."""
    store, conn = world
    bad = STUDIES[0].stem
    real = OxigraphStore._write_sources

    def refusing(self: OxigraphStore, items: list[Prepared], *args: Any) -> None:
        if any(p.source_id == bad for p in items):
            raise SourceRejected("invalid N-Quads (test)")
        real(self, items, *args)

    monkeypatch.setattr(OxigraphStore, "_write_sources", refusing)
    summary = load(store, [DEMO / "trials"], VOCAB, workers=1)
    assert summary.errors and bad in summary.errors[0].error
    assert bad not in store.source_ids() and len(store.source_ids()) == summary.loaded
    assert not conn.in_transaction
    assert maintain.recorded_token(conn) == store.state_token()
    assert not any(bad in g for g, _ in conn.execute("SELECT graph, id FROM sources"))
    assert_rows_match_store(store)
    assert_same_answers(store, monkeypatch, None, random.Random(3))


def test_a_failed_store_write_leaves_the_index_marked_stale(
    world: tuple[OxigraphStore, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's write fails after the batch landed (an error it does not report as a
    refusal): the staged rows are taken back, the index is marked stale and stops; the
    next opening catches it up."""
    store, conn = world
    assert store.path is not None
    real = OxigraphStore._write_sources

    def failing(self: OxigraphStore, items: list[Prepared], *args: Any) -> None:
        real(self, items, *args)
        raise OSError("disk trouble (test)")

    monkeypatch.setattr(OxigraphStore, "_write_sources", failing)
    with pytest.raises(OSError, match="disk trouble"):
        load(store, [DEMO / "trials"], VOCAB, workers=1)
    monkeypatch.undo()
    assert not conn.in_transaction
    assert maintain.recorded_token(conn) == "stale"
    assert not index_rows(store.path / FILE_NAME)["sources"], "rows of a failed write kept"
    load(store, [DEMO / "articles"], VOCAB, workers=1)  # not maintained any more
    assert maintain.recorded_token(conn) == "stale"
    stale = maintain.stale_graphs(conn, store)
    assert any("/graph/source/" in g for g in stale)
    assert_same_answers(store, monkeypatch, None, random.Random(4))  # caught up first
    assert_rows_match_store(store)


KILLED = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from analysis_fixture import VOCAB
from tlkg.graph.analysis import maintain
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.store.oxigraph import OxigraphStore

real = OxigraphStore._write_sources

def killed(self, items, *args):
    if len(items) > 1:  # a batch of sources, its rows staged: killed before the store write
        assert maintain_conn.in_transaction
        os.kill(os.getpid(), signal.SIGKILL)
    real(self, items, *args)

OxigraphStore._write_sources = killed
store = OxigraphStore(Path({store!r}))
maintain.reindex(store)
maintain_conn = maintain.attach(store)
load(store, [Path({data!r})], VOCAB, workers=1)
"""


def test_a_load_killed_with_rows_staged_leaves_no_trace_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store"
    code = KILLED.format(tests=str(ROOT / "tests"), store=str(path), data=str(DEMO / "trials"))
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == -9, proc.stderr[-2000:]
    store = OxigraphStore(path)
    try:
        assert not store.source_ids(), "the batch reached the store"
        rows = index_rows(path / FILE_NAME)
        assert not rows["sources"] and not rows["trials"], "staged rows were kept"
        assert_rows_match_store(store)
        maintain.attach(store)
        load(store, [DEMO / "trials"], VOCAB, workers=1)  # the same load again
        assert_rows_match_store(store)
        assert_same_answers(store, monkeypatch, None, random.Random(5))
    finally:
        store.close()


def test_indexes_built_after_a_large_insert_are_all_there(
    world: tuple[OxigraphStore, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load into an empty index builds each table's secondary indexes after
    its rows (every one of them, as ``schema.create`` makes them); a small load into a
    filled index keeps them row by row; ``tlkg reindex`` builds them at the end."""
    store, conn = world
    assert store.path is not None
    fresh = sqlite3.connect(":memory:")
    schema.create(fresh)
    wanted = index_names(fresh)
    assert index_names(conn) == wanted
    deferred: list[list[str]] = []
    real = maintain.indexes_deferred

    def spy(c: sqlite3.Connection, tables: Any) -> Any:
        deferred.append(list(tables))
        return real(c, tables)

    monkeypatch.setattr(maintain, "indexes_deferred", spy)
    load(store, [DEMO], VOCAB, workers=1)
    first = {t for tables in deferred for t in tables}
    assert {"core", "trials", "sources", "labels"} <= first
    assert index_names(conn) == wanted
    deferred.clear()
    load(store, [STUDIES[1]], VOCAB, workers=1, history=False)  # one source, a filled index
    assert index_names(conn) == wanted
    changed = changed_copy(STUDIES[2], store.path.parent / "v2", random.Random(7))
    load(store, [changed], VOCAB, workers=1)
    assert not deferred, f"indexes rebuilt for a small write: {deferred}"
    plan = " ".join(
        str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM core WHERE e = 'x'")
    )
    assert "core_e" in plan
    assert_rows_match_store(store)
    maintain.reindex(store)
    reconn = maintain.connect(store.path / FILE_NAME)
    try:
        assert index_names(reconn) == wanted
    finally:
        reconn.close()
    assert_rows_match_store(store)


def test_answers_equal_sparql_after_load_replace_and_remove(
    world: tuple[OxigraphStore, sqlite3.Connection],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store, conn = world
    rng = random.Random(11)
    load(store, [*STUDIES[:5], CTGOV / "v2-acute-leukemia-6.json", DEMO / "articles"], VOCAB)
    assert_rows_match_store(store)
    assert_same_answers(store, monkeypatch, None, rng)
    for i, src in enumerate(STUDIES[:3]):  # replaced: staged rows take the old ones' place
        load(store, [changed_copy(src, tmp_path / f"v{i}", rng)], VOCAB, workers=1)
    assert_rows_match_store(store)
    assert_same_answers(store, monkeypatch, None, rng)
    assert_same_answers(store, monkeypatch, "2020-06-01", rng)
    for sid in store.source_ids()[:3]:
        store.remove_source(sid)
    assert maintain.recorded_token(conn) == store.state_token()
    assert_rows_match_store(store)
    assert_same_answers(store, monkeypatch, None, rng)
