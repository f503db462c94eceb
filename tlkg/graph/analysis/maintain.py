"""Keeping the analysis index equal to its store: each graph's rows, built by the rules of
``graph/rdf/index_rows.py``, written into SQLite in one transaction with the store state
token they reflect.

- ``store_written``: a load's batch, whose rows its workers built from the triples they
  mapped (``Prepared.index_rows``): no read back of what was just written
  (``stage_built``, which needs nothing of the batch in the store, then ``refresh_rest``).
- ``refresh``: the rows of given graphs replaced by those built from the triples read
  back (``index_triples.rq``, ``index_meta.rq``); a graph the store no longer holds
  simply loses its rows.
- ``catch_up``: the graphs whose fingerprint (content hash and load time of a source, the
  digest of the vocabulary and ontology) differs between store and index, refreshed;
  every graph, on an empty index (a rebuild).
- ``Maintainer``: a store observer (``GraphStore.observe``) that replaces the rows of
  each write's graphs as it lands, so that the index is current when the write returns;
  a bulk-loaded batch's built rows are staged, uncommitted, before the store writes it.
- ``attach``/``open_index``/``open_current``: opening the index of a store; a missing
  index or one of another schema version is built, a stale one caught up, before any
  answer.

A process killed at any moment leaves a consistent pair: nothing is committed to the index
before the store holds what it reflects; the store's crash journal is recovered when the
store opens, and the index, whose recorded token then differs from the store's, catches up
before it answers.

A table given many rows while it holds few (the first load into a new index, a rebuild)
has its secondary indexes built after the insert (``schema.indexes_deferred``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path

from tlkg.graph.analysis.rows import row_count
from tlkg.graph.analysis.schema import (
    FILE_NAME,
    TABLES,
    VERSION,
    create,
    drop_all,
    indexes_deferred,
)
from tlkg.graph.rdf.index_tables import IndexRow, Quad, Rows
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import ONTOLOGY_GRAPH, GraphStore, Prepared, Unsupported
from tlkg.ontology.namespace import VOCAB_GRAPH_IRI
from tlkg.settings import ANALYSIS_INDEX_ENV, analysis_index_enabled

log = logging.getLogger(__name__)

# ``TLKG_ANALYSIS_INDEX=0`` turns the index off (no maintenance, answers from SPARQL).
ENABLE_ENV = ANALYSIS_INDEX_ENV
# Test-only hook (tests/test_analysis_crash.py): ``TLKG_TEST_KILL_IN_INDEX=N`` kills the
# process (SIGKILL) inside the N-th index write, after its rows were written and before
# they are committed.
TEST_KILL_ENV = "TLKG_TEST_KILL_IN_INDEX"
GRAPHS_PER_READ = 1000  # graphs bound per store query (one VALUES block)
_PARAMS = 500  # values per SQL IN (...) list
PAGE_SIZE = 16384  # bytes per page of a new index file
# Rows per INSERT statement (fewer where 999 variables, the limit of SQLite builds before
# 3.32, would not hold them): a statement per row costs a step and a reset each, and the
# sqlite3 module a round of parameter binding (bench/RESULTS.md, session 18: maintenance
# +29% -> +23% of a load's CPU with the other changes there).
ROWS_PER_INSERT = 32
# A table given more than twice the rows it holds has its indexes built again after the
# insert (one sort each) rather than kept in order row by row: in isolation, keeping them
# cost 1.5 times a rebuild per row inserted (bench/RESULTS.md, session 20).
REBUILD_BELOW = 0.5
BACKGROUND = (VOCAB_GRAPH_IRI, ONTOLOGY_GRAPH)
Progress = Callable[[int, int], None]  # (graphs done, graphs in all)
_QUAD = ("s", "p", "o", "graph")


def enabled() -> bool:
    return analysis_index_enabled()


def index_path(store: GraphStore) -> Path | None:
    """Where the index of ``store`` lives: in its folder, for an embedded on-disk store."""
    caps = store.capabilities
    if store.path is None or not (caps.embedded and caps.persistent):
        return None
    return Path(store.path) / FILE_NAME


def has_index(store: GraphStore) -> bool:
    """Whether ``store`` has an on-disk analysis index (made by ``tlkg reindex``)."""
    path = index_path(store)
    return path is not None and path.exists() and enabled()


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL: one writer and
    any number of readers at once."""
    conn = _open(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError:
        # Not a database (a damaged file): the index is derived data, so start afresh.
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        conn = _open(path)
        conn.execute("PRAGMA journal_mode = WAL")
    # WAL with NORMAL stays consistent on a crash; a power cut may lose the last commit,
    # which the token comparison on open then redoes.
    conn.execute("PRAGMA synchronous = NORMAL")
    # A load inserts into every table's indexes at once: a 64 MB page cache (not the 2 MB
    # default) keeps their pages in memory (~10% less time inserting a load's rows).
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    # For a new file only (before WAL fixes it; an existing index keeps its own): 16 KiB
    # pages, not 4 KiB, make shallower B-trees with fewer pages to split and write as a
    # load inserts into every table's indexes (bench/RESULTS.md, session 18).
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    return conn


# ---- reading rows from the store -----------------------------------------------------------
def _bound(name: str, graphs: list[str] | None) -> str:
    if graphs is None:
        return sparql.query(name).replace("#VALUES", "")
    return sparql.with_values(name, "graph", graphs)  # IRIs as plain strings


def _quads(store: GraphStore, name: str, graphs: list[str] | None) -> Iterator[Quad]:
    for s, p, o, g in store.scan(_bound(name, graphs), _QUAD):
        if s is not None and p is not None and o is not None and g is not None:
            yield s, p, o, g  # always: the queries bind every variable


def read_rows(store: GraphStore, graphs: list[str] | None) -> Rows:
    """Every table's rows of ``graphs`` (None: of every graph) as the store holds them: the
    triples they are made from read back (``index_triples.rq``, ``index_meta.rq``) and
    the rows built by the rules a load's worker applies (``index_rows.build_rows``)."""
    from tlkg.graph.rdf.index_rows import build_rows  # the rules: only when rows are built

    meta = ((s, p, o) for s, p, o, _ in _quads(store, "index_meta", graphs))
    return build_rows(_quads(store, "index_triples", graphs), meta)


def fingerprints(store: GraphStore, graphs: list[str] | None) -> dict[str, str]:
    """graph -> what its rows are read from: a source's content hash and load time, the
    vocabulary's (and ontology's) digest. Graphs the store does not hold are absent."""
    out: dict[str, str] = {}
    names = ("graph", "hash", "loaded")
    for g, digest, loaded in store.scan(_bound("index_fingerprints", graphs), names):
        if g is not None:
            out[g] = f"{digest}|{loaded or ''}"
    if graphs is None or any(g in BACKGROUND for g in graphs):
        rows = store.select(sparql.with_values("source_hashes", "src", [VOCAB_GRAPH_IRI]))
        if rows:
            out.update(dict.fromkeys(BACKGROUND, str(rows[0]["hash"])))
    return out


def _fingerprints_of(
    store: GraphStore, graphs: list[str], sources: list[IndexRow]
) -> dict[str, str]:
    """``fingerprints`` of ``graphs`` from their ``sources`` rows just read (the same
    values: no second read of the metadata), the background's from the store."""
    cols = TABLES["sources"]
    graph, digest, loaded = cols.index("graph"), cols.index("hash"), cols.index("loaded")
    out = {str(r[graph]): f"{r[digest]}|{r[loaded] or ''}" for r in sources}
    background = [g for g in graphs if g in BACKGROUND]
    if background:
        out.update(fingerprints(store, background))
    return out


# ---- writing rows into the index -----------------------------------------------------------
def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _delete(conn: sqlite3.Connection, graphs: list[str]) -> None:
    for chunk in _chunks(graphs, _PARAMS):
        marks = ",".join("?" * len(chunk))
        for table in (*TABLES, "graphs"):
            conn.execute(f"DELETE FROM {table} WHERE graph IN ({marks})", chunk)


def _insert(conn: sqlite3.Connection, rows: Rows) -> int:
    """``rows`` inserted; a table that holds fewer than ``REBUILD_BELOW`` times as many rows
    as it is given (the first load into a new index) gets its secondary indexes built
    afterwards instead of kept ordered row by row."""
    n = 0
    for table, items in rows.items():
        if not items:
            continue
        if _held(conn, table) < REBUILD_BELOW * len(items):
            with indexes_deferred(conn, [table]):
                _insert_rows(conn, table, len(TABLES[table]), items)
        else:
            _insert_rows(conn, table, len(TABLES[table]), items)
        n += len(items)
    return n


def _held(conn: sqlite3.Connection, table: str) -> int:
    """At least the rows ``table`` holds (its largest rowid: a look-up, where counting
    would scan every row; never fewer, as a new row's rowid follows the largest)."""
    row = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()
    return int(row[0] or 0)


def _insert_rows(
    conn: sqlite3.Connection, table: str, width: int, items: Sequence[Sequence[object]]
) -> None:
    """``items`` (rows of ``width`` values) inserted into ``table``, in their order (the
    order of rowids, which ``evidence`` is read in), ``ROWS_PER_INSERT`` a statement."""
    one = "(" + ",".join("?" * width) + ")"
    per = max(1, min(ROWS_PER_INSERT, 999 // width))
    whole = len(items) - len(items) % per
    if whole:
        sql = f"INSERT INTO {table} VALUES " + ",".join([one] * per)
        flat = list(chain.from_iterable(items[:whole]))
        step = per * width
        conn.executemany(sql, (flat[i : i + step] for i in range(0, len(flat), step)))
    if whole < len(items):
        conn.executemany(f"INSERT INTO {table} VALUES {one}", items[whole:])


_writes = 0


def _test_crash_point() -> None:
    global _writes
    _writes += 1
    limit = os.environ.get(TEST_KILL_ENV)
    if limit and _writes >= int(limit):
        os.kill(os.getpid(), signal.SIGKILL)


def refresh(
    conn: sqlite3.Connection,
    store: GraphStore,
    graphs: Iterable[str],
    progress: Progress | None = None,
    *,
    empty: bool = False,
) -> int:
    """Replace the rows of ``graphs`` by the store's (in the caller's transaction); the
    rows written. ``empty``: the index holds nothing yet (no deletes)."""
    todo = list(dict.fromkeys(graphs))
    written = done = 0
    for chunk in _chunks(todo, GRAPHS_PER_READ):
        written += _replace(conn, store, chunk, read_rows(store, chunk), empty=empty)
        done += len(chunk)
        if progress is not None:
            progress(done, len(todo))
    return written


def _replace(
    conn: sqlite3.Connection, store: GraphStore, graphs: list[str], rows: Rows, *, empty: bool
) -> int:
    """The rows of ``graphs`` replaced by ``rows`` (all of theirs), with their
    fingerprints; the rows written."""
    prints = _fingerprints_of(store, graphs, rows["sources"])
    if not empty:
        _delete(conn, _indexed(conn, graphs))
    written = _insert(conn, rows)
    # Every graph with rows is listed, "" for one without metadata (read again at each
    # catch-up), so that only listed graphs can have rows: a load's new sources need no
    # delete in every table (~0.1 s per 1,000 sources).
    unlisted = {g: "" for g in _graphs_of(rows) if g not in prints}
    _insert_rows(conn, "graphs", 2, [*prints.items(), *unlisted.items()])
    return written


def _graphs_of(rows: Rows) -> set[str]:
    out: set[str] = set()
    for table, items in rows.items():
        out.update(map(itemgetter(TABLES[table].index("graph")), items))
    return out


def _indexed(conn: sqlite3.Connection, graphs: list[str]) -> list[str]:
    """The ones of ``graphs`` the index lists (those that may have rows)."""
    out: list[str] = []
    for chunk in _chunks(graphs, _PARAMS):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT graph FROM graphs WHERE graph IN ({marks})", chunk)
        out += [str(g) for (g,) in rows]
    return out


def store_written(
    conn: sqlite3.Connection, store: GraphStore, graphs: list[str], written: Sequence[Prepared]
) -> int:
    """The rows of a write's ``graphs`` replaced (in the caller's transaction): those of
    the sources it wrote from the rows built when they were mapped (``stage_built``), the
    others (and any source without built rows) read back from the store. The rows
    written."""
    done, n = stage_built(conn, store, written)
    return n + refresh_rest(conn, store, graphs, done)


def stage_built(
    conn: sqlite3.Connection, store: GraphStore, written: Sequence[Prepared]
) -> tuple[list[str], int]:
    """The rows of the sources of a batch that carry rows built when they were mapped,
    written in place of their graphs' rows (in the caller's transaction): needs nothing
    the batch writes in the store, so it may run before the store's write (``Maintainer.
    stage``). Their graphs, and the rows written."""
    built = [p for p in written if p.index_rows is not None]
    rows: Rows = {table: [] for table in TABLES}
    for item in built:
        for table, items in (item.index_rows or {}).items():
            rows[table] += items
    mine = list(dict.fromkeys(p.graph for p in built))
    return mine, _replace(conn, store, mine, rows, empty=False) if mine else 0


def refresh_rest(
    conn: sqlite3.Connection, store: GraphStore, graphs: list[str], done: Iterable[str]
) -> int:
    """``refresh`` of the ones of ``graphs`` not ``done``; the rows written."""
    skip = set(done)
    return refresh(conn, store, [g for g in graphs if g not in skip])


def stale_graphs(conn: sqlite3.Connection, store: GraphStore) -> list[str]:
    """The graphs whose rows in the index are not those of the store: new, changed (their
    fingerprint differs) and removed ones."""
    have = dict(conn.execute("SELECT graph, fingerprint FROM graphs").fetchall())
    now = fingerprints(store, None)
    changed = [g for g, fp in now.items() if have.get(g) != fp]
    return changed + [g for g in have if g not in now]


def catch_up(
    conn: sqlite3.Connection,
    store: GraphStore,
    progress: Progress | None = None,
    *,
    empty: bool = False,
) -> int:
    """Bring the index to the store's state (in the caller's transaction): refresh the
    stale graphs, record the token. The rows written. ``empty``: tables just created."""
    token = store.state_token()
    written = refresh(conn, store, stale_graphs(conn, store), progress, empty=empty)
    set_token(conn, token)
    return written


def recorded_token(conn: sqlite3.Connection) -> str | None:
    """The store state token the index reflects ("" for a store without one; None: none
    recorded yet)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()
    return None if row is None else str(row[0])


def set_token(conn: sqlite3.Connection, token: str | None) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token or "",))


def _version(conn: sqlite3.Connection) -> int | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.DatabaseError:  # no meta table: not an index of any version
        return None
    return int(row[0]) if row and str(row[0]).isdigit() else None


def rebuild(conn: sqlite3.Connection, store: GraphStore, progress: Progress | None = None) -> int:
    """Drop every table and read every row from the store again; the rows written."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        drop_all(conn)
        create(conn)
        with indexes_deferred(conn, TABLES):  # built once, after every row
            written = catch_up(conn, store, progress, empty=True)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return written


def _current(token: str | None, recorded: str | None) -> bool:
    # A store never written by tlkg has no token ("" recorded).
    return recorded is not None and recorded == (token or "")


def bring_current(
    conn: sqlite3.Connection, store: GraphStore, progress: Progress | None = None
) -> int:
    """Make the index at ``conn`` answer for the store's present state: rebuilt when it is
    of another schema version (or empty), caught up when its token differs. The rows
    written (0 when it was current)."""
    if _version(conn) != VERSION:
        return rebuild(conn, store, progress)
    if _current(store.state_token(), recorded_token(conn)):
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have caught up while this one waited for the lock.
        written = 0
        if not _current(store.state_token(), recorded_token(conn)):
            written = catch_up(conn, store, progress)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return written


class Maintainer:
    """The store observer that keeps an index current: each write's graphs refreshed and
    the new token recorded, in one SQLite transaction. After a failure it stops (the index
    then stays marked stale and is caught up when next opened).

    A bulk-loaded batch is staged (``StagingObserver``): before the store writes it, the
    transaction opens and takes the rows its workers built (``stage_built``); once it
    landed, the rest of its graphs are read back, the token recorded and all committed.
    Nothing is committed before the store holds the batch, so a kill at any moment leaves
    the index at the store's previous token: current if the batch did not land, else stale
    and caught up when next opened. The rows are inserted while the store's own threads
    are idle, not while they work through the bulk load's files (bench/RESULTS.md,
    session 20)."""

    def __init__(self, store: GraphStore, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.broken = False
        # The batch staged in the open transaction (the sources given to ``stage``) and
        # the graphs whose rows it wrote; None: no transaction open.
        self._staged: tuple[Sequence[Prepared], list[str]] | None = None

    def stage(self, graphs: list[str], written: Sequence[Prepared]) -> None:
        """Before the store writes a batch: open the transaction and write the rows its
        sources carry (none to write: nothing is staged)."""
        if self.broken or self._staged is not None:
            return
        if not any(p.index_rows is not None for p in written):
            return
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                done, _ = stage_built(conn, self.store, written)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            self._staged = (written, done)
        except Exception:
            self._fail()

    def unstage(self) -> None:
        """The store's write of the staged batch failed, leaving the store in a state
        not known here: the staged rows are taken back and the index marked stale, as
        after any failure (it is caught up when next opened)."""
        if self._staged is not None:
            self._rollback()
            self.broken = True
            with contextlib.suppress(sqlite3.Error):
                set_token(self.conn, "stale")

    def _rollback(self) -> None:
        self._staged = None
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    def __call__(self, graphs: list[str] | None, written: Sequence[Prepared] = ()) -> None:
        staged = self._staged
        if staged is not None and (graphs is None or not written or staged[0] is not written):
            self._rollback()  # not the staged batch landing (a refused one): read back
            staged = None
        if self.broken:
            return
        conn = self.conn
        try:
            if staged is None:
                conn.execute("BEGIN IMMEDIATE")
            self._staged = None
            try:
                if graphs is None:
                    catch_up(conn, self.store)
                elif staged is not None:
                    refresh_rest(conn, self.store, graphs, staged[1])
                    set_token(conn, self.store.state_token())
                else:
                    store_written(conn, self.store, graphs, written)
                    set_token(conn, self.store.state_token())
                if graphs and os.environ.get(TEST_KILL_ENV):
                    _test_crash_point()
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except Exception:
            self._fail()

    def _fail(self) -> None:
        # The store holds the write; the index says it is stale and catches up later.
        log.exception("updating the analysis index failed; it is caught up when reopened")
        self.broken = True
        with contextlib.suppress(sqlite3.Error):
            set_token(self.conn, "stale")


def open_index(
    store: GraphStore, progress: Progress | None = None, *, create_missing: bool = True
) -> sqlite3.Connection | None:
    """The index of ``store``, brought up to date (None: the store has no index and
    ``create_missing`` is false, or it cannot have one)."""
    path = index_path(store)
    if path is None or not enabled():
        return None
    if not path.exists() and not create_missing:
        return None
    conn = connect(path)
    try:
        bring_current(conn, store, progress)
    except BaseException:
        conn.close()
        raise
    return conn


def attach(store: GraphStore, progress: Progress | None = None) -> sqlite3.Connection | None:
    """Open (catch up) the index of a store opened for writing, if it has one, and keep it
    current at each later write of this store object.

    A store gets an index only from ``tlkg reindex`` (opt-in) for now: maintenance costs
    ~10-20% of a load's CPU at 10,000 studies on this project's shared machine
    (docs/architecture.md, "The analysis index"; issue 15's budget is 15%); loads into a
    store without an index (nothing observes its writes) build no rows and stay as fast as
    before."""
    conn = open_index(store, progress, create_missing=False)
    if conn is not None and not store.read_only:
        store.observe(Maintainer(store, conn))
    return conn


def open_current(store: GraphStore) -> sqlite3.Connection | None:
    """A connection to the current index of ``store`` for answers, or None when it has
    none (or it cannot be brought up to date: answers then come from SPARQL)."""
    try:
        return open_index(store, create_missing=False)
    except (sqlite3.Error, OSError):
        log.warning("the analysis index of %s cannot be used", store.location, exc_info=True)
        return None


def reindex(store: GraphStore, progress: Progress | None = None) -> dict[str, int]:
    """Rebuild the index of ``store`` from scratch (``tlkg reindex``): rows per table."""
    path = index_path(store)
    if path is None:
        raise Unsupported(f"{store.location} has no analysis index (an on-disk store has one)")
    conn = connect(path)
    try:
        rebuild(conn, store, progress)
        return row_count(conn)
    finally:
        conn.close()
