"""User-supplied SPARQL (``tlkg query`` and the /sparql endpoint): read-only, no SERVICE.

Oxigraph would run a SERVICE clause by calling out over HTTP, so every query is parsed
first (rdflib's SPARQL parser) and refused when it is an update or federates.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, Literal

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from tlkg.graph.store.oxigraph import GraphStore, StoreError

QueryForm = Literal["select", "ask", "construct", "describe"]
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


class QueryRefused(ValueError):
    """A query the read-only endpoint will not run (syntax error, update, SERVICE)."""


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, CompValue | dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _walk(item)


def inspect_query(text: str) -> QueryForm:
    """The form of a SPARQL query; raises QueryRefused for anything not to be run."""
    try:
        parsed = parseQuery(text)
    except (ParseException, Exception) as exc:
        if _is_update(text):
            raise QueryRefused("updates are not allowed: this endpoint is read-only") from None
        raise QueryRefused(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    form: QueryForm | None = None
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryRefused("SERVICE (federated query) is not allowed")
            form = form or _FORMS.get(node.name)
    if form is None:
        raise QueryRefused("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return form


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def run_user_query(store: GraphStore, text: str, fmt: str, timeout_s: float | None = None) -> bytes:
    """Run a user's query over the union of all graphs; results serialised as ``fmt``
    (json/xml/csv/tsv for SELECT and ASK; turtle/ntriples/jsonld for graphs; "table")."""
    form = inspect_query(text)
    started = time.monotonic()
    if form in ("construct", "describe"):
        from tlkg.graph.rdf.serialize import serialize_triples

        return serialize_triples(
            store.construct(text), "turtle" if fmt in ("table", "json") else fmt
        )
    if fmt == "table":
        return _table(store, text)
    result = store.query_results(text, fmt)  # type: ignore[arg-type]
    if timeout_s is not None and time.monotonic() - started > timeout_s:
        raise StoreError(f"query timed out after {timeout_s:g} s")
    return result


def _table(store: GraphStore, text: str) -> bytes:
    import io

    from rich.console import Console
    from rich.table import Table

    rows = store.select(text) if inspect_query(text) == "select" else None
    buf = io.StringIO()
    console = Console(file=buf, width=200, force_terminal=False)
    if rows is None:
        console.print(str(store.ask(text)).lower())
        return buf.getvalue().encode()
    names = list(rows[0]) if rows else []
    table = Table(*names) if names else Table("(no results)")
    for r in rows:
        table.add_row(*("" if r[n] is None else str(r[n]) for n in names))
    console.print(table)
    console.print(f"{len(rows)} row(s)")
    return buf.getvalue().encode()
