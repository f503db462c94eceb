"""The tables of the analysis index: one per row set the fact layer scans, each row keyed
by the named graph it came from, so that replacing or removing a source replaces or
removes exactly its rows. ``VERSION`` changes whenever a table or what fills it changes:
an index of another version is rebuilt."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# The tables and their columns: those of the rows ``graph/rdf/index_rows.py`` builds.
from tlkg.graph.rdf.index_tables import TABLES

__all__ = [
    "FILE_NAME",
    "LOOKUPS",
    "TABLES",
    "VERSION",
    "create",
    "drop_all",
    "indexes_deferred",
]

# 2: stated phases (tlkg:statedPhase) in core; 3: record history in sources; 4: the
# trials' start dates (tlkg:startDate) in trials' last column, ``start``; 5: xrefs looked
# up by MeSH id too (a landscape's scope)
VERSION = 5
FILE_NAME = "analysis.sqlite"

# Lookup columns (every table also gets one on ``graph``: rows are replaced by graph).
LOOKUPS: dict[str, tuple[str, ...]] = {
    "core": ("e", "o"),
    "trials": ("t",),
    "mentions": ("e",),
    "rivalry": ("s", "o"),
    "labels": ("e",),
    "xrefs": ("e", "mesh"),
    "extra": ("e",),
    "sources": ("date",),
}


def create(conn: sqlite3.Connection) -> None:
    """Create every table and index (in the caller's transaction)."""
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    # What each graph's rows were read from (a source's content hash and load time, the
    # vocabulary's digest): comparing it with the store finds the graphs to read again.
    conn.execute("CREATE TABLE graphs (graph TEXT PRIMARY KEY, fingerprint TEXT NOT NULL)")
    for table, cols in TABLES.items():
        key = " PRIMARY KEY" if table == "sources" else ""
        defs = ", ".join(f"{c} {_type(c)}{key if c == 'graph' else ''}" for c in cols)
        conn.execute(f"CREATE TABLE {table} ({defs})")
        if table != "sources":
            conn.execute(f"CREATE INDEX {table}_graph ON {table} (graph)")
        for col in LOOKUPS.get(table, ()):
            conn.execute(f"CREATE INDEX {table}_{col} ON {table} ({col})")
    conn.execute("INSERT INTO meta VALUES ('version', ?)", (str(VERSION),))


def _type(col: str) -> str:
    return "INTEGER" if col == "rank" else "TEXT"


def drop_all(conn: sqlite3.Connection) -> None:
    """Drop every table (an index of another version, or one rebuilt from scratch)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')


@contextmanager
def indexes_deferred(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """The secondary indexes of ``tables`` dropped, and created again from their own
    definitions when the block ends (in the caller's transaction: a failure rolls both
    back). For inserts into tables that hold few rows yet (the first load into a new
    index, a rebuild): one sort per index afterwards costs less than keeping each index
    ordered row by row (bench/RESULTS.md, session 20). The primary keys of ``sources`` and
    ``graphs`` (no definition of their own) stay."""
    marks = ",".join("?" * len(names := list(tables)))
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY name",
        names,
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in found:
        conn.execute(sql)
