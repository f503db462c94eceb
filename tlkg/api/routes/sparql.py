"""The read-only SPARQL 1.1 Protocol endpoint: ``GET|POST /sparql``.

- Query by GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``) or
  POST ``application/sparql-query`` (the query is the body); ``default-graph-uri`` and
  ``named-graph-uri`` are honoured. Without them the default graph is the union of all
  graphs (as ``tlkg query``).
- Results by the ``Accept`` header (or a ``format`` parameter): SELECT/ASK as SPARQL
  JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples,
  JSON-LD or RDF/XML. 406 when the Accept header allows none of these.
- Read-only: an update (``update=`` form field, an ``application/sparql-update`` body,
  or update text in ``query``) is refused with 403 and changes nothing; SERVICE is
  refused with 403 (the server never makes an outbound request).
- Each query runs under ``settings.query_timeout_s`` (503 when it runs longer; the
  query is killed) and ``settings.result_limit`` (more rows or triples than that: 400
  with a message asking for LIMIT; results are never silently truncated).
- Errors are one line of ``text/plain``, as SPARQL endpoints usually answer.
- A browser (``Accept: text/html``) asking without a query gets a small query page.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from tlkg.api.runtime import runtime
from tlkg.graph.store.base import QueryJob, QueryOutcome

router = APIRouter(tags=["sparql"])

MAX_QUERY_BYTES = 512 * 1024

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

RESULT_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
FORMAT_PARAM = {  # ?format= (or ?output=): (SELECT/ASK format, CONSTRUCT/DESCRIBE format)
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": ("json", "turtle"),
    "ttl": ("json", "turtle"),
    "n3": ("json", "turtle"),
    "ntriples": ("json", "ntriples"),
    "nt": ("json", "ntriples"),
    "jsonld": ("json", "jsonld"),
    "json-ld": ("json", "jsonld"),
    "rdfxml": ("xml", "rdfxml"),
    "rdf+xml": ("xml", "rdfxml"),
    "rdf": ("xml", "rdfxml"),
}


def _preferences(accept: str | None) -> list[str]:
    """Media ranges of an Accept header, most preferred first; q=0 ones dropped."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    return [m for _, _, m in sorted(ranked)]


def _pick(prefs: list[str], table: dict[str, str], default: str) -> str | None:
    for media in prefs:
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            found = next((f for m, f in table.items() if m.startswith(major)), None)
            if found:
                return found
    return None


def negotiate(
    accept: str | None, formats: list[str] | None = None
) -> tuple[str | None, str | None]:
    """(format for SELECT/ASK, format for CONSTRUCT/DESCRIBE); None: nothing acceptable.

    A ``format``/``output`` parameter (as Virtuoso and Fuseki take; SPARQLWrapper sends
    both) overrides the Accept header: a short name (json, xml, csv, tsv, turtle, ...) or a
    media type. Values not understood are ignored, as other endpoints do."""
    for value in formats or []:
        value = value.strip().lower()
        if value in FORMAT_PARAM:
            return FORMAT_PARAM[value]
        if "/" in value:
            result, graph = (
                _pick([value], RESULT_MEDIA, "json"),
                _pick([value], GRAPH_MEDIA, "turtle"),
            )
            if result or graph:
                return result or "json", graph or "turtle"
    if not (accept or "").strip():
        return "json", "turtle"
    prefs = _preferences(accept)
    return _pick(prefs, RESULT_MEDIA, "json"), _pick(prefs, GRAPH_MEDIA, "turtle")


def _respond(outcome: QueryOutcome) -> Response:
    if outcome.ok and outcome.fmt:
        return Response(
            outcome.body, media_type=CONTENT_TYPES[outcome.fmt], headers={"Vary": "Accept"}
        )
    return PlainTextResponse(outcome.body.decode("utf-8", "replace") + "\n", outcome.status)


def _error(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status)


async def _answer(
    request: Request,
    query: str | None,
    formats: list[str],
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    rt = runtime(request)
    if not query or not query.strip():
        return _error(400, "missing query: send ?query=SPARQL (GET or form POST)")
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        return _error(413, f"query too long (limit {MAX_QUERY_BYTES} bytes)")
    result_fmt, graph_fmt = negotiate(request.headers.get("accept"), formats)
    job = QueryJob(
        query=query,
        result_format=result_fmt,
        graph_format=graph_fmt,
        limit=rt.settings.result_limit,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
    )
    return _respond(await run_in_threadpool(rt.sparql.run, job))


READ_ONLY = "this endpoint is read-only: SPARQL updates are not allowed"
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "Query results (by Accept header)",
        "content": {media.split(";")[0]: {} for media in CONTENT_TYPES.values()},
    },
    400: {"description": "Malformed query, or more results than the limit"},
    403: {"description": "An update or SERVICE (refused)"},
    406: {"description": "No acceptable result format"},
    503: {"description": "The query ran longer than the timeout"},
}


@router.get("/sparql", response_class=Response, responses=RESPONSES, summary="SPARQL query (GET)")
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="SPARQL query")] = None,
    format: Annotated[
        list[str] | None,
        Query(description="Result format, overriding Accept: json, xml, csv, tsv, turtle, ..."),
    ] = None,
    output: Annotated[list[str] | None, Query(include_in_schema=False)] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    update: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> Response:
    """SPARQL 1.1 Protocol query via GET. A browser without a query gets a query page."""
    if update is not None:
        return _error(403, READ_ONLY)
    if len(request.query_params.getlist("query")) > 1:
        return _error(400, "more than one query parameter")
    if query is None and "text/html" in (request.headers.get("accept") or ""):
        return HTMLResponse(_page())
    return await _answer(
        request,
        query,
        [*(format or []), *(output or [])],
        default_graph_uri or [],
        named_graph_uri or [],
    )


@router.post(
    "/sparql",
    response_class=Response,
    responses={
        **RESPONSES,
        413: {"description": "Query too long"},
        415: {"description": "Unsupported content type"},
    },
    summary="SPARQL query (POST: form or application/sparql-query)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    }
                },
                "application/sparql-query": {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(request: Request) -> Response:
    """SPARQL 1.1 Protocol query via POST, as a form or as the request body."""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    params = parse_qs(request.url.query, keep_blank_values=True)
    if ctype == "application/sparql-update":
        return _error(403, READ_ONLY)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES + 4096:
            return _error(413, f"request too large (limit {MAX_QUERY_BYTES} bytes)")
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return _error(400, "the request body is not UTF-8")
    if ctype == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form or "update" in params:
            return _error(403, READ_ONLY)
        queries = form.get("query", [])
        if len(queries) > 1:
            return _error(400, "more than one query parameter")
        query = queries[0] if queries else None
        params = {**params, **form}
    elif ctype == "application/sparql-query":
        if "update" in params:
            return _error(403, READ_ONLY)
        query = text
    else:
        return _error(
            415,
            "send the query as application/x-www-form-urlencoded (query=...) or as an "
            "application/sparql-query body",
        )
    return await _answer(
        request,
        query,
        [*params.get("format", []), *params.get("output", [])],
        params.get("default-graph-uri", []),
        params.get("named-graph-uri", []),
    )


@cache
def _page() -> str:
    return resources.files("tlkg.api").joinpath("sparql_page.html").read_text("utf-8")
