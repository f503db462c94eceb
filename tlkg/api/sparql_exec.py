"""Run one user SPARQL query against an Oxigraph store, read-only, with a result cap.

Used inside the SPARQL worker processes (``tlkg.api.workers``) and, for stores that have
no on-disk snapshot, in the server process itself. Imports only pyoxigraph and the query
checker, so that a worker starts quickly.

Every query is checked twice before it runs: ``tlkg.graph.store.user_query.inspect_query`` (rdflib's
SPARQL parser: refuses updates, SERVICE and syntax errors), then a token-level scan for
the SERVICE keyword outside strings, IRIs and comments, because Oxigraph WOULD make the
outbound HTTP request for a SERVICE clause.

Result cap: a SELECT with more than ``limit`` rows, or a CONSTRUCT/DESCRIBE with more
than ``limit`` triples, is refused with a message (never silently truncated). The rows
are streamed into a bounded TSV (N-Triples for graphs) buffer by Oxigraph's own writer;
evaluation stops as soon as the cap is passed. Below the cap the buffer is parsed back
and written in the requested format (TSV and N-Triples are lossless).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Literal, cast

import pyoxigraph as ox

from tlkg.graph.rdf.serialize import PREFIXES
from tlkg.graph.store.oxigraph import RESULT_FORMATS
from tlkg.graph.store.user_query import QueryRefused, inspect_query

MAX_RESULT_BYTES = 64 * 1024 * 1024

GraphFormat = Literal["turtle", "ntriples", "jsonld", "rdfxml"]

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
CONTENT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
TURTLE_PREFIXES = PREFIXES


@dataclass(frozen=True)
class Job:
    """One query as the endpoint received it. A format is None when the client's Accept
    header allows none we produce for that query form (answered with 406)."""

    query: str
    result_format: str | None = "json"
    graph_format: str | None = "turtle"
    limit: int = 10_000
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What the endpoint answers: a status, and the body (a result, or a one-line
    message for an error). ``fmt`` names the format of a successful body."""

    status: int
    body: bytes
    fmt: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @classmethod
    def error(cls, status: int, message: str) -> Outcome:
        return cls(status, message.encode("utf-8"))


# ---- the SERVICE guard -----------------------------------------------------------------------
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


def mentions_service(text: str) -> bool:
    """True when the SERVICE keyword appears outside strings, IRIs and comments (a
    prefixed name such as ``ex:service`` or a variable ``?service`` does not count)."""
    return bool(_SERVICE.search(_OPAQUE.sub(" ", text)))


def check(text: str) -> str:
    """The query form; raises QueryRefused for what the endpoint will not run."""
    form = inspect_query(text)
    if mentions_service(text):
        raise QueryRefused("SERVICE (federated query) is not allowed")
    return form


def refusal_status(exc: QueryRefused) -> int:
    """403 for what policy forbids (updates, SERVICE), 400 for a malformed query."""
    return 403 if "not allowed" in str(exc) else 400


# ---- bounded serialisation -------------------------------------------------------------------
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


def _too_many(kind: str, limit: int, buf: _CappedBuffer) -> Outcome:
    if buf.overflow == "bytes":
        return Outcome.error(
            400, f"result too large: more than {buf.max_bytes // (1024 * 1024)} MiB; add LIMIT"
        )
    return Outcome.error(
        400,
        f"result limit exceeded: the query gives more than {limit} {kind}, the most this "
        f"endpoint returns; add LIMIT {limit} or less (page with LIMIT/OFFSET)",
    )


def _graphs(iris: tuple[str, ...]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(i) for i in iris]
    except ValueError as exc:
        raise QueryRefused(f"bad graph IRI: {exc}") from None


def execute(store: ox.Store, job: Job) -> Outcome:
    """Check and run ``job`` on ``store``; every failure becomes an Outcome, never raises
    (except for a bug)."""
    try:
        form = check(job.query)
        fmt = job.result_format if form in ("select", "ask") else job.graph_format
        if fmt is None:
            kinds = "SPARQL results" if form in ("select", "ask") else "RDF graph"
            return Outcome.error(
                406, f"no acceptable format: a {form.upper()} query gives a {kinds} format"
            )
        if job.default_graphs:
            result = store.query(
                job.query,
                default_graph=_graphs(job.default_graphs),  # type: ignore[arg-type]
                named_graphs=_graphs(job.named_graphs) or None,  # type: ignore[arg-type]
            )
        else:
            result = store.query(
                job.query,
                use_default_graph_as_union=True,
                named_graphs=_graphs(job.named_graphs) or None,  # type: ignore[arg-type]
            )
    except QueryRefused as exc:
        return Outcome.error(refusal_status(exc), str(exc))
    except SyntaxError as exc:
        return Outcome.error(400, f"SPARQL syntax error: {str(exc).splitlines()[0]}")
    except OSError as exc:
        return Outcome.error(500, f"store error: {exc}")
    try:
        return _serialise(result, fmt, job.limit)
    except SyntaxError as exc:  # oxigraph reports some evaluation errors lazily
        return Outcome.error(400, f"SPARQL error: {str(exc).splitlines()[0]}")
    except OSError as exc:
        return Outcome.error(500, f"store error: {exc}")


def _serialise(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str, limit: int
) -> Outcome:
    if isinstance(result, ox.QueryBoolean):
        return Outcome(200, bytes(result.serialize(format=RESULT_FORMATS[fmt]) or b""), fmt)
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
        return Outcome(200, data, fmt)
    buf = _CappedBuffer(limit)
    try:
        result.serialize(cast(IO[bytes], buf), format=ox.RdfFormat.N_TRIPLES)
    except _Overflow:
        return _too_many("triples", limit, buf)
    data = bytes(buf.data)
    if fmt != "ntriples":
        triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        prefixes = TURTLE_PREFIXES if fmt == "turtle" else None
        data = bytes(ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b"")
    return Outcome(200, data, fmt)
