"""User-supplied SPARQL: the read-only guard and execution shared by ``tlkg query`` and
the /sparql endpoint (``GraphStore.run_query_job``, and the endpoint's worker processes
over store snapshots).

Oxigraph would run a SERVICE clause by calling out over HTTP, so every query is checked
twice before it runs: ``inspect_query`` (rdflib's SPARQL parser: refuses updates, SERVICE
and syntax errors), then, for the endpoint, a token-level scan for the SERVICE keyword
outside strings, IRIs and comments (``check``). A refusal carries its HTTP status: 403 for
what policy forbids (``QueryNotAllowed``), 400 for a malformed query.

Dataset: the protocol's default-graph-uri / named-graph-uri, else the query's FROM / FROM
NAMED, else the union of every graph, a set of triples (``union_query``: the query is
rewritten by ``union_set`` because Oxigraph 0.5's union keeps a copy per graph).

Result cap (embedded store and snapshots): a SELECT with more than ``job.limit`` rows, or
a CONSTRUCT/DESCRIBE with more than ``job.limit`` triples, is refused with a message
(never silently truncated). The rows are streamed into a bounded TSV (N-Triples for
graphs) buffer by Oxigraph's own writer; evaluation stops as soon as the cap is passed.
Below the cap the buffer is parsed back and written in the requested format (TSV and
N-Triples are lossless).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import IO, Any, Literal, cast

import pyoxigraph as ox

from tlkg.graph.store.base import (
    GRAPH_FORMATS,
    QUERY_BASE_IRI,
    RESULT_FORMATS,
    GraphStore,
    QueryJob,
    QueryOutcome,
    StoreError,
)
from tlkg.ontology.namespace import PREFIXES

# rdflib's SPARQL parser (pyparsing) and the union rewrite are imported where they are
# used: the store's own queries (``declares_dataset``) mostly need neither, and a CLI
# command answered from the analysis index should not pay for them.

MAX_RESULT_BYTES = 64 * 1024 * 1024
_log = logging.getLogger(__name__)

QueryForm = Literal["select", "ask", "construct", "describe"]
_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}


class QueryRefused(ValueError):
    """A query the read-only endpoint will not run because it is malformed (syntax error,
    not a query, a bad graph IRI); ``status`` is the HTTP status that answers it."""

    status = 400


class QueryNotAllowed(QueryRefused):
    """A query policy forbids: an update, or SERVICE (federated query)."""

    status = 403


# ---- the guard -------------------------------------------------------------------------------
def _walk(node: Any) -> Iterator[Any]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    yield node
    if isinstance(node, CompValue | dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _walk(item)


def inspect_query(text: str) -> QueryForm:
    """The form of a SPARQL query; raises QueryRefused for anything not to be run."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = parseQuery(text)
    except (ParseException, Exception) as exc:
        if _is_update(text):
            raise QueryNotAllowed("updates are not allowed: this endpoint is read-only") from None
        raise QueryRefused(f"SPARQL syntax error: {str(exc).splitlines()[0]}") from None
    form: QueryForm | None = None
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryNotAllowed("SERVICE (federated query) is not allowed")
            form = form or _FORMS.get(node.name)
    if form is None:
        raise QueryRefused("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return form


def declares_dataset(text: str) -> bool:
    """Whether a query names its own dataset (FROM or FROM NAMED), which then replaces
    the union of every graph that queries get otherwise. Without the FROM keyword outside
    strings, IRIs and comments it cannot (most queries: no parse needed); with it, the
    parser decides."""
    if not _FROM.search(_OPAQUE.sub(" ", text)):
        return False
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = parseQuery(text)
    except Exception:
        return False
    return any(isinstance(n, CompValue) and n.name == "DatasetClause" for n in _walk(parsed))


def union_query(text: str) -> tuple[str, bool]:
    """The query to run on an Oxigraph store and whether over the union of all graphs.

    A query with its own dataset (FROM / FROM NAMED) runs as written over that dataset.
    Otherwise the default graph is the union of every graph, which SPARQL makes a set of
    triples (the RDF merge) and Oxigraph 0.5 a multiset (one copy per graph): the query
    is rewritten so that each triple pattern matches each distinct triple once
    (``union_set``). A shape the rewrite does not understand runs as written (the old
    multiset answer) and is logged."""
    from tlkg.graph.store.union_set import RewriteError, set_semantics

    if declares_dataset(text):
        return text, False
    try:
        return set_semantics(text), True
    except RewriteError as exc:
        _log.warning("%s; running it over the union as a multiset", exc)
        return text, True


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


# Strings (long and short), IRIs and comments, in the order the SPARQL lexer sees them.
_OPAQUE = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$\-])SERVICE(?![\w:\-])", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$\-])FROM(?![\w:\-])", re.IGNORECASE)


def mentions_service(text: str) -> bool:
    """True when the SERVICE keyword appears outside strings, IRIs and comments (a
    prefixed name such as ``ex:service`` or a variable ``?service`` does not count)."""
    return bool(_SERVICE.search(_OPAQUE.sub(" ", text)))


def check(text: str) -> QueryForm:
    """The query form; raises QueryRefused for what the endpoint will not run."""
    form = inspect_query(text)
    if mentions_service(text):
        raise QueryNotAllowed("SERVICE (federated query) is not allowed")
    return form


# ---- `tlkg query` ----------------------------------------------------------------------------
def run_user_query(store: GraphStore, text: str, fmt: str, timeout_s: float | None = None) -> bytes:
    """Run a user's query over the union of all graphs; results serialised as ``fmt``
    (json/xml/csv/tsv for SELECT and ASK; turtle/ntriples/jsonld for graphs; "table")."""
    form = inspect_query(text)
    started = time.monotonic()
    if store.capabilities.embedded:  # a remote engine keeps its own default graph
        text, _ = union_query(text)
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
    import json

    from rich.console import Console
    from rich.table import Table

    # Through the JSON results, so that the query's own dataset (FROM) is honoured.
    answer = json.loads(store.query_results(text, "json"))
    buf = io.StringIO()
    console = Console(file=buf, width=200, force_terminal=False)
    if "boolean" in answer:
        console.print(str(answer["boolean"]).lower())
        return buf.getvalue().encode()
    names = list(answer["head"]["vars"])
    table = Table(*names) if names else Table("(no results)")
    rows = answer["results"]["bindings"]
    for r in rows:
        table.add_row(*(r[n]["value"] if n in r else "" for n in names))
    console.print(table)
    console.print(f"{len(rows)} row(s)")
    return buf.getvalue().encode()


# ---- /sparql jobs: any store -----------------------------------------------------------------
def run_job_generic(store: GraphStore, job: QueryJob) -> QueryOutcome:
    """A job on any ``GraphStore`` (a remote endpoint): the ``tlkg query`` path, without a
    row cap (the remote engine applies its own)."""
    if job.default_graphs or job.named_graphs:
        return QueryOutcome.error(400, "default-graph-uri/named-graph-uri need the embedded store")
    try:
        form = check(job.query)
        fmt = job.result_format if form in ("select", "ask") else job.graph_format
        if fmt is None or fmt == "rdfxml":
            return QueryOutcome.error(406, "no acceptable format for this query")
        return QueryOutcome(200, run_user_query(store, job.query, fmt), fmt)
    except QueryRefused as exc:
        return QueryOutcome.error(exc.status, str(exc))
    except StoreError as exc:
        return QueryOutcome.error(502, str(exc))


# ---- /sparql jobs: an Oxigraph store or snapshot ----------------------------------------------
class Snapshot:
    """A store snapshot (``GraphStore.snapshot``) opened read-only by path: what each
    /sparql worker process holds. Raises OSError when the snapshot cannot be opened."""

    def __init__(self, path: str) -> None:
        self._db = ox.Store.read_only(path)

    def run(self, job: QueryJob) -> QueryOutcome:
        return execute_job(self._db, job)


class _Overflow(Exception):
    pass


class _CappedBuffer:
    """A write target that keeps at most ``max_lines`` lines and ``max_bytes`` bytes."""

    def __init__(self, max_lines: int, max_bytes: int = MAX_RESULT_BYTES) -> None:
        self.data = bytearray()
        self.lines = 0
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self.overflow: str | None = None

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            self.overflow = "rows"
            raise _Overflow
        if len(self.data) > self.max_bytes:
            self.overflow = "bytes"
            raise _Overflow
        return len(chunk)

    def flush(self) -> None:
        pass


def _too_many(kind: str, limit: int, buf: _CappedBuffer) -> QueryOutcome:
    if buf.overflow == "bytes":
        return QueryOutcome.error(
            400, f"result too large: more than {buf.max_bytes // (1024 * 1024)} MiB; add LIMIT"
        )
    return QueryOutcome.error(
        400,
        f"result limit exceeded: the query gives more than {limit} {kind}, the most this "
        f"endpoint returns; add LIMIT {limit} or less (page with LIMIT/OFFSET)",
    )


def _graphs(iris: tuple[str, ...]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(i) for i in iris]
    except ValueError as exc:
        raise QueryRefused(f"bad graph IRI: {exc}") from None


def execute_job(db: ox.Store, job: QueryJob) -> QueryOutcome:
    """Check and run ``job`` on a pyoxigraph store; every failure becomes an outcome,
    never raises (except for a bug)."""
    try:
        form = check(job.query)
        fmt = job.result_format if form in ("select", "ask") else job.graph_format
        if fmt is None:
            kinds = "SPARQL results" if form in ("select", "ask") else "RDF graph"
            return QueryOutcome.error(
                406, f"no acceptable format: a {form.upper()} query gives a {kinds} format"
            )
        if job.default_graphs or job.named_graphs:
            # The protocol's dataset replaces the query's (SPARQL 1.1 Protocol 2.1.4): the
            # default graph is the merge of default-graph-uri (empty when none is given),
            # the named graphs exactly named-graph-uri.
            result = db.query(
                job.query,
                base_iri=QUERY_BASE_IRI,
                default_graph=_graphs(job.default_graphs),  # type: ignore[arg-type]
                named_graphs=_graphs(job.named_graphs),  # type: ignore[arg-type]
            )
        else:
            # The query's own FROM / FROM NAMED, else the union of every graph as a set.
            query, union = union_query(job.query)
            result = db.query(query, base_iri=QUERY_BASE_IRI, use_default_graph_as_union=union)
    except QueryRefused as exc:
        return QueryOutcome.error(exc.status, str(exc))
    except SyntaxError as exc:
        return QueryOutcome.error(400, f"SPARQL syntax error: {str(exc).splitlines()[0]}")
    except OSError as exc:
        return QueryOutcome.error(500, f"store error: {exc}")
    try:
        return _serialise(result, fmt, job.limit)
    except SyntaxError as exc:  # oxigraph reports some evaluation errors lazily
        return QueryOutcome.error(400, f"SPARQL error: {str(exc).splitlines()[0]}")
    except OSError as exc:
        return QueryOutcome.error(500, f"store error: {exc}")


def _serialise(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, limit: int
) -> QueryOutcome:
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(200, bytes(result.serialize(format=RESULT_FORMATS[fmt]) or b""), fmt)
    if isinstance(result, ox.QuerySolutions):
        buf = _CappedBuffer(limit + 1)  # the header line, then one line per row
        try:
            result.serialize(cast(IO[bytes], buf), format=ox.QueryResultsFormat.TSV)
        except _Overflow:
            return _too_many("rows", limit, buf)
        data = bytes(buf.data)
        if fmt != "tsv":
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
            data = bytes(parsed.serialize(format=RESULT_FORMATS[fmt]) or b"")
        return QueryOutcome(200, data, fmt)
    buf = _CappedBuffer(limit)
    try:
        result.serialize(cast(IO[bytes], buf), format=ox.RdfFormat.N_TRIPLES)
    except _Overflow:
        return _too_many("triples", limit, buf)
    # A graph is a set: a triple several solutions build (or DESCRIBE finds in several
    # graphs) is written once.
    data = b"".join(dict.fromkeys(bytes(buf.data).splitlines(keepends=True)))
    if fmt != "ntriples":
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        prefixes = PREFIXES if fmt == "turtle" else None
        data = bytes(ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b"")
    return QueryOutcome(200, data, fmt)
