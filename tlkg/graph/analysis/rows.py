"""Reading the analysis index: rows of a table by the values of one column (in batches of
SQL parameters), or every row, as plain tuples (the row tuples of ``services/reads.py``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from typing import Any

from tlkg.graph.analysis.schema import TABLES

_PARAMS = 500  # values per IN (...) list: well under SQLite's parameter limit

Tuple = tuple[Any, ...]


def rows_where(
    conn: sqlite3.Connection,
    table: str,
    column: str,
    values: Collection[str],
    cols: tuple[str, ...] | None = None,
) -> Iterator[Tuple]:
    """The rows of ``table`` whose ``column`` is one of ``values`` (``cols``: the columns,
    the table's by default)."""
    items = list(dict.fromkeys(values))
    names = ", ".join(cols or TABLES[table])
    for i in range(0, len(items), _PARAMS):
        chunk = items[i : i + _PARAMS]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {names} FROM {table} WHERE {column} IN ({marks})"
        yield from conn.execute(sql, chunk)


def all_rows(
    conn: sqlite3.Connection, table: str, cols: tuple[str, ...] | None = None, order: str = ""
) -> Iterator[Tuple]:
    """Every row of ``table`` (``order``: an ORDER BY clause's columns)."""
    names = ", ".join(cols or TABLES[table])
    sql = f"SELECT {names} FROM {table}" + (f" ORDER BY {order}" if order else "")
    yield from conn.execute(sql)


def graphs_hidden_on(
    conn: sqlite3.Connection, as_of: str, background: Collection[str]
) -> frozenset[str]:
    """The listed graphs that do not count as of ``as_of`` (``background``, always
    counted, left out): the sources not dated on or before it in the version that held
    that day (the rule of ``services.records.holds_on``, in SQL; text order: a partial
    date sorts before the days of its period; an undated source never counts), and any
    graph without a source row. Every graph with rows is listed in ``graphs``
    (``maintain._replace``), so a graph counts exactly when it is not here. At 600,000
    studies a day some years back hides ~160,000 graphs where ~440,000 count: this set
    takes a quarter of the time to build. A scan of every source row is cheaper than the
    date index here: the index finds the rows, but each then costs a look-up of its graph."""
    rows = conn.execute(
        "SELECT graph FROM sources NOT INDEXED WHERE date IS NULL OR NOT (date <= ?1"
        " AND (valid_from IS NULL OR valid_from <= ?1)"
        " AND (valid_until IS NULL OR ?1 < valid_until))",
        (as_of,),
    )
    hidden = {str(g) for (g,) in rows}
    hidden.update(_sourceless(conn, background))
    hidden.difference_update(background)
    return frozenset(hidden)


def _sourceless(conn: sqlite3.Connection, background: Collection[str]) -> list[str]:
    """The listed graphs without a source row. Every source row's graph is listed, so
    when the counts leave room only for ``background`` graphs, those are the ones (and a
    scan of every listed graph is saved)."""
    listed = int(conn.execute("SELECT COUNT(*) FROM graphs").fetchone()[0])
    sourced = int(conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0])
    bare = [
        g
        for g in background
        if conn.execute("SELECT 1 FROM graphs WHERE graph = ?", (g,)).fetchone()
        and not conn.execute("SELECT 1 FROM sources WHERE graph = ?", (g,)).fetchone()
    ]
    if listed - sourced == len(bare):
        return []
    rows = conn.execute("SELECT graph FROM graphs WHERE graph NOT IN (SELECT graph FROM sources)")
    return [str(g) for (g,) in rows]


def archived_graphs(conn: sqlite3.Connection) -> frozenset[str]:
    """The graphs of archived versions of trial records (hidden from answers about today)."""
    rows = conn.execute("SELECT graph FROM sources WHERE valid_until IS NOT NULL")
    return frozenset(str(g) for (g,) in rows)


def row_count(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (``tlkg reindex`` prints them)."""
    return {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in TABLES}
