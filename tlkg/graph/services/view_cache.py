"""Today's view, kept in the analysis index between commands: the therapy cliques, each
therapy's summarised facts and what the competitor ranking reads of it (``rank_facts``),
the therapies studied or approved in each indication, each entity's own label, and
whole answers of one-shot commands (``SqliteFacts.kept_answer``: a competitors or
landscape page, a therapy shown, keyed by what it is about, the page and the digest of
the code that builds it).

Building the cliques reads every evidence row and every therapy node (at 50,000 studies
~0.4 s of a one-shot ``competitors``), and summarising a few hundred therapies reads their
rows again (~0.4 s more). Today's view (no ``--as-of``) is the same for every answer until
the store changes, so an answer stores what it built in the index, stamped with the store
state token the rows reflect and the code that builds them; later answers read it back.
Every write changes the token, so a stored value is never used for rows it was not built
from; ``--as-of`` answers build their own.

Values are pickles: the index is the store's own file, trusted as the store folder is
(docs/threats.md); a value that cannot be read back is built again and replaced. Storing
never keeps an answer waiting: when a load holds the index's write lock, nothing is kept.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from tlkg.graph.analysis.maintain import recorded_token
from tlkg.graph.analysis.rows import archived_graphs, rows_where

log = logging.getLogger(__name__)
_T = TypeVar("_T")

_BUSY_MS = 60_000  # the index connection's usual wait (``maintain.connect``)
_TABLES = (
    "CREATE TABLE IF NOT EXISTS view_values (key TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_therapies (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_ranks (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_treating (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_labels (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_reasons (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_xrefs (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
    "CREATE TABLE IF NOT EXISTS view_mesh (iri TEXT PRIMARY KEY, stamp TEXT, value BLOB)",
)
# Tables of values by IRI (``read_keyed``, ``write_keyed``):
THERAPIES = "view_therapies"  # a therapy's summary (``records.TherapyFacts``)
RANKS = "view_ranks"  # what the competitor ranking reads of it (``rank_facts.RankFacts``)
TREATING = "view_treating"  # an indication's therapies (a frozenset of IRIs, not leaders)
LABELS = "view_labels"  # an entity's own label (``FactsBase.own_labels``)
# what competitors' reasons read of a summary, newest first (``records.reason_part``)
REASONS = "view_reasons"
XREFS = "view_xrefs"  # an entity's own cross-references (``own_xrefs``: a tuple of CURIEs)
# an indication node's MeSH ids in any graph, and under "mesh <id>" the indication nodes
# carrying that id (frozensets)
MESH = "view_mesh"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the modules whose code decides what the cliques and summaries are (a
    kept answer's key carries its own service's digest: ``competition.rank``)."""
    from tlkg.graph.services import cliques, rank_facts, reads, records
    from tlkg.ontology import names

    h = hashlib.sha256()
    for module in (cliques, names, rank_facts, reads, records):
        h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def files_digest(*paths: str) -> str:
    """A digest of the code in ``paths``: the key of a kept answer carries its service's."""
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def stamp(conn: sqlite3.Connection) -> str | None:
    """What a value built now is stored under (read it before building); None when the
    store has no state token (nothing is kept then)."""
    token = recorded_token(conn)
    return f"{token}|{_code_digest()}" if token else None


def _load(blob: bytes) -> Any | None:
    try:
        return pickle.loads(blob)
    except Exception:  # a damaged or foreign value: built again
        log.warning("a stored answer part cannot be read back; building it again")
        return None


def read_value(conn: sqlite3.Connection, key: str, now: str | None) -> Any | None:
    """The value stored under ``key`` for stamp ``now``, or None."""
    if now is None:
        return None
    try:
        row = conn.execute(
            "SELECT value FROM view_values WHERE key = ? AND stamp = ?", (key, now)
        ).fetchone()
    except sqlite3.Error:  # no such table yet
        return None
    return None if row is None else _load(row[0])


def kept_value(
    conn: sqlite3.Connection,
    key: str,
    now: str | None,
    build: Callable[[], _T],
    kind: type | tuple[type, ...] = object,
) -> _T:
    """The value stored under ``key`` for stamp ``now`` (when it is a ``kind``), else
    ``build()``, kept under ``now`` (nothing is kept for a stamp of None)."""
    kept = read_value(conn, key, now)
    if kept is not None and isinstance(kept, kind):
        return cast(_T, kept)
    value = build()
    write_value(conn, key, value, now)
    return value


def kept_keyed(
    conn: sqlite3.Connection,
    keys: Collection[str],
    now: str | None,
    table: str,
    build: Callable[[list[str]], Mapping[str, _T]],
    kind: type | tuple[type, ...],
) -> dict[str, _T]:
    """The values of ``keys`` stored in ``table`` for stamp ``now`` (those that are a
    ``kind``), and ``build(missing)`` for the rest, kept under ``now``."""
    kept = read_keyed(conn, keys, now, table).items()
    found: dict[str, _T] = {k: cast(_T, v) for k, v in kept if isinstance(v, kind)}
    missing = [k for k in keys if k not in found]
    if missing:
        built = dict(build(missing))
        write_keyed(conn, built, now, table)
        found.update(built)
    return found


def archived(conn: sqlite3.Connection, now: str | None) -> frozenset[str]:
    """The archived graphs of today's rows (``rows.archived_graphs``: a scan of every
    source row, ~0.2 s at 600,000 studies), kept under stamp ``now``."""
    return kept_value(conn, "archived", now, lambda: archived_graphs(conn), frozenset)


def read_keyed(
    conn: sqlite3.Connection, iris: Collection[str], now: str | None, table: str
) -> dict[str, Any]:
    """The values stored in ``table`` (``THERAPIES``, ``RANKS``, ...) for ``iris`` and
    stamp ``now`` (those there are)."""
    if now is None or not iris:
        return {}
    out: dict[str, Any] = {}
    try:
        for iri, st, blob in rows_where(conn, table, "iri", iris, ("iri", "stamp", "value")):
            value = _load(blob) if st == now else None
            if value is not None:
                out[str(iri)] = value
    except sqlite3.Error:  # no such table yet
        return {}
    return out


def write_value(conn: sqlite3.Connection, key: str, value: Any, built_at: str | None) -> None:
    """Keep ``value``, built from the rows of stamp ``built_at``, if they are still the
    index's rows."""
    if built_at is None:
        return
    rows = [(key, built_at, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))]
    _write(conn, "view_values", rows, built_at)


def write_keyed(
    conn: sqlite3.Connection,
    values: Mapping[str, Any],
    built_at: str | None,
    table: str,
) -> None:
    """Keep each value of ``values`` (by IRI) in ``table``, as ``write_value`` does."""
    if built_at is None:
        return
    rows = [
        (iri, built_at, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
        for iri, v in values.items()
    ]
    _write(conn, table, rows, built_at)


def _write(
    conn: sqlite3.Connection, table: str, rows: list[tuple[str, str, bytes]], built_at: str
) -> None:
    """One short write transaction of ``rows`` (pickled before it starts), made only when
    the index still holds the rows of ``built_at``; a writer holding the lock (a load)
    makes it give up at once, and any failure leaves the index as it was."""
    if stamp(conn) != built_at:
        return
    conn.execute("PRAGMA busy_timeout = 50")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:  # a load holds the lock, or the folder is read-only
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        return
    try:
        for ddl in _TABLES:
            conn.execute(ddl)
        if stamp(conn) == built_at:  # (a writer may have come in before the lock)
            conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
    except sqlite3.Error:  # a full disk
        log.debug("an answer part could not be kept in the index", exc_info=True)
        conn.execute("ROLLBACK")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
