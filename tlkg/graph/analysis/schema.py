"""The tables of the analysis index: one per row set the fact layer scans, each row keyed
by the named graph it came from, so that replacing or removing a source replaces or
removes exactly its rows. ``VERSION`` changes whenever a table or what fills it changes:
an index of another version is rebuilt."""

from __future__ import annotations

import sqlite3

# The tables and their columns: those of the rows ``graph/rdf/index_rows.py`` builds.
from tlkg.graph.rdf.index_tables import TABLES

__all__ = ["FILE_NAME", "LOOKUPS", "TABLES", "VERSION", "create", "drop_all"]

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
