"""The read-only SPARQL 1.1 Protocol endpoint: ``GET|POST /sparql``.

- Query by GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``) or
  POST ``application/sparql-query`` (the query is the body); ``default-graph-uri`` and
  ``named-graph-uri`` are honoured. Without them (and without FROM in the query) the
  default graph is the union of all graphs as a set of triples, the RDF merge (as ``tlkg
  query``; ``tlkg.graph.store.union_set``).
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
- Without a query, ``GET /sparql`` answers with the SPARQL 1.1 Service Description
  (``sd:Service``; Turtle, N-Triples, JSON-LD or RDF/XML by Accept, Turtle by default),
  except to a browser (``text/html`` preferred), which gets a small query page.
  ``GET /.well-known/void`` is the VoID description of the data (same formats). Both are
  built by ``tlkg.graph.exports.service_description`` and cached per store state.
- HEAD answers as GET without the body; other methods get 405 with ``Allow``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cache, wraps
from importlib import resources
from typing import Annotated, ParamSpec
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import WithJsonSchema
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

from tlkg.api.problems import problem, problem_responses
from tlkg.api.runtime import Runtime, runtime
from tlkg.graph.exports import service_description as described
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


def _respond(request: Request, outcome: QueryOutcome) -> Response:
    if outcome.ok and outcome.fmt:
        return Response(
            outcome.body, media_type=CONTENT_TYPES[outcome.fmt], headers={"Vary": "Accept"}
        )
    return _error(request, outcome.status, outcome.body.decode("utf-8", "replace").strip())


def _error(request: Request, status: int, message: str) -> Response:
    """An error as an RFC 9457 problem detail, the shape of every error of the API (a
    SPARQL client shows the body as text: ``detail`` carries the engine's message)."""
    return problem(request, status, message)


async def _answer(
    request: Request,
    query: str | None,
    formats: list[str],
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    rt = runtime(request)
    if not query or not query.strip():
        return _error(request, 400, "missing query: send ?query=SPARQL (GET or form POST)")
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        return _error(request, 413, f"query too long (limit {MAX_QUERY_BYTES} bytes)")
    result_fmt, graph_fmt = negotiate(request.headers.get("accept"), formats)
    job = QueryJob(
        query=query,
        result_format=result_fmt,
        graph_format=graph_fmt,
        limit=rt.settings.result_limit,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
    )
    return _respond(request, await run_in_threadpool(rt.sparql.run, job))


READ_ONLY = "this endpoint is read-only: SPARQL updates are not allowed"
# ---- the OpenAPI declarations ------------------------------------------------------------------
# A query is a string of the custom format "sparql-query" (JSON Schema cannot say which strings
# are SPARQL, nor that a blank one is not; tests/schemathesis_hooks.py teaches schemathesis the
# format).
SPARQL_QUERY: dict[str, object] = {
    "type": "string",
    "format": "sparql-query",
    "description": "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE); updates and "
    "SERVICE are refused (403), a syntax error is a 400",
    "examples": [
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?therapy ?name WHERE {\n"
        "  ?therapy a <https://w3id.org/tlkg/ontology#Therapy> ; skos:prefLabel ?name\n"
        "} ORDER BY ?name LIMIT 10"
    ],
}
GRAPH_IRIS: dict[str, object] = {"type": "array", "items": {"type": "string", "format": "iri"}}
FORMATS: dict[str, object] = {"type": "array", "items": {"type": "string"}}
FORMAT_TEXT = (
    "Result format, overriding Accept: json, xml, csv, tsv (SELECT/ASK only: a CONSTRUCT "
    "or DESCRIBE gets 406), turtle, ntriples, jsonld, rdfxml or a media type; values not "
    "understood are ignored"
)
DATASET_TEXT = "only with a query (400 without one)"
DEFAULT_GRAPH_TEXT = f"Graphs whose merge is the default graph; {DATASET_TEXT}"
NAMED_GRAPH_TEXT = f"The named graphs of the dataset; {DATASET_TEXT}"
POST_PARAMETERS = [
    {"name": "format", "in": "query", "schema": FORMATS, "description": FORMAT_TEXT},
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": GRAPH_IRIS,
        "description": DEFAULT_GRAPH_TEXT,
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": GRAPH_IRIS,
        "description": NAMED_GRAPH_TEXT,
    },
]
POST_BODY = {
    "required": True,
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "properties": {"query": SPARQL_QUERY},
                "required": ["query"],
            }
        },
        "application/sparql-query": {"schema": SPARQL_QUERY},
    },
}
OK_TEXT = (
    "Query results (by Accept header); without a query, the SPARQL 1.1 Service Description "
    "(RDF, by Accept; Turtle by default)"
)
OK_CONTENT: dict[str, object] = {media.split(";")[0]: {} for media in CONTENT_TYPES.values()}
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"description": OK_TEXT, "content": OK_CONTENT},
    **problem_responses(
        400,
        403,
        406,
        413,
        422,
        s400="Malformed query, a dataset without a query, more than one query, or more "
        "results than the limit",
        s403="An update or SERVICE (refused)",
        s406="No acceptable result format",
        s413="Query too long",
        s503="The query ran longer than the timeout, or the store failed",
    ),
}


# A browser (HTML its most preferred type) gets the query page instead.
GET_RESPONSES: dict[int | str, dict[str, object]] = {
    **RESPONSES,
    200: {
        "description": f"{OK_TEXT}; a browser gets a query page",
        "content": {**OK_CONTENT, "text/html": {}},
    },
}


@router.get(
    "/sparql", response_class=Response, responses=GET_RESPONSES, summary="SPARQL query (GET)"
)
async def sparql_get(
    request: Request,
    query: Annotated[
        str | None,
        WithJsonSchema(SPARQL_QUERY),
        Query(description="The SPARQL query; without one, the service description"),
    ] = None,
    format: Annotated[
        list[str] | None, WithJsonSchema(FORMATS), Query(description=FORMAT_TEXT)
    ] = None,
    output: Annotated[list[str] | None, Query(include_in_schema=False)] = None,
    default_graph_uri: Annotated[
        list[str] | None,
        WithJsonSchema(GRAPH_IRIS),
        Query(alias="default-graph-uri", description=DEFAULT_GRAPH_TEXT),
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None,
        WithJsonSchema(GRAPH_IRIS),
        Query(alias="named-graph-uri", description=NAMED_GRAPH_TEXT),
    ] = None,
    update: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> Response:
    """SPARQL 1.1 Protocol query via GET. Without a query: the service description (a
    browser gets a query page)."""
    if update is not None:
        return _error(request, 403, READ_ONLY)
    if len(request.query_params.getlist("query")) > 1:
        return _error(request, 400, "more than one query parameter")
    if query is None and not (default_graph_uri or named_graph_uri):
        if _prefers_html(request.headers.get("accept")):
            return HTMLResponse(_page())
        return await _service_description(request, [*(format or []), *(output or [])])
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
    responses={**problem_responses(415, s415="Unsupported content type"), **RESPONSES},
    summary="SPARQL query (POST: form or application/sparql-query)",
    description="SPARQL 1.1 Protocol query via POST: a form whose ``query`` field is the "
    "query, or an ``application/sparql-query`` body. ``format``, ``default-graph-uri`` and "
    "``named-graph-uri`` go in the URL, or as fields of the form (which then replace the "
    "URL's).",
    openapi_extra={"parameters": POST_PARAMETERS, "requestBody": POST_BODY},
)
async def sparql_post(request: Request) -> Response:
    """SPARQL 1.1 Protocol query via POST, as a form or as the request body."""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    params = parse_qs(request.url.query, keep_blank_values=True)
    if ctype == "application/sparql-update":
        return _error(request, 403, READ_ONLY)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES + 4096:
            return _error(request, 413, f"request too large (limit {MAX_QUERY_BYTES} bytes)")
    try:
        text = bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return _error(request, 400, "the request body is not UTF-8")
    if ctype == "application/x-www-form-urlencoded":
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form or "update" in params:
            return _error(request, 403, READ_ONLY)
        queries = form.get("query", [])
        if len(queries) > 1:
            return _error(request, 400, "more than one query parameter")
        query = queries[0] if queries else None
        params = {**params, **form}
    elif ctype == "application/sparql-query":
        if "update" in params:
            return _error(request, 403, READ_ONLY)
        query = text
    else:
        return _error(
            request,
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


# ---- the service description, VoID, HEAD and other methods ------------------------------------
HTML_MEDIA = frozenset({"text/html", "application/xhtml+xml"})
DOCUMENT_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
# RDF dumps of the whole dataset, if the API serves them (``void:dataDump``).
DUMP_ROUTES = (
    "/api/export/nquads",
    "/api/export/trig",
    "/api/export/turtle",
    "/api/export/ntriples",
    "/api/export/jsonld",
)
DOCUMENT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "The description (by Accept; Turtle by default)",
        "content": {CONTENT_TYPES[f].split(";")[0]: {} for f in DOCUMENT_FORMATS},
    },
    **problem_responses(406, 422, s406="No acceptable RDF format"),
}


def _prefers_html(accept: str | None) -> bool:
    """A browser: its most preferred media type is HTML."""
    prefs = _preferences(accept)
    return bool(prefs) and prefs[0] in HTML_MEDIA


def _document_format(request: Request, formats: list[str]) -> str | None:
    accept = request.headers.get("accept")
    if _prefers_html(accept):
        return "turtle"  # the most readable of the four
    _, fmt = negotiate(accept, formats)
    return fmt


def _descriptions(request: Request) -> described.DescriptionCache:
    cache_: described.DescriptionCache | None = getattr(
        request.app.state, "tlkg_descriptions", None
    )
    if cache_ is None:
        cache_ = request.app.state.tlkg_descriptions = described.DescriptionCache()
    return cache_


def served_formats(rt: Runtime) -> list[str]:
    """The result formats /sparql really produces with this store: all of
    ``CONTENT_TYPES``, except RDF/XML over a remote store (that path answers 406 for it,
    ``user_query.run_job_generic``)."""
    return [f for f in CONTENT_TYPES if f != "rdfxml" or rt.store.capabilities.embedded]


def _urls(request: Request) -> tuple[str, str]:
    """The endpoint's URL and the VoID document's, as the client reached this server."""
    return str(request.url_for("sparql_get")), str(request.url_for("well_known_void"))


async def _document(
    request: Request,
    key: tuple[object, ...],
    build: Callable[[described.DatasetStats], Graph],
    formats: list[str],
) -> Response:
    fmt = _document_format(request, formats)
    if fmt is None:
        return _error(
            request,
            406,
            "no acceptable format: this description is RDF (text/turtle, "
            "application/n-triples, application/ld+json or application/rdf+xml)",
        )
    rt = runtime(request)
    body = await run_in_threadpool(_descriptions(request).document, rt.store, key, build, fmt)
    return Response(body, media_type=CONTENT_TYPES[fmt], headers={"Vary": "Accept"})


async def _service_description(request: Request, formats: list[str]) -> Response:
    accept = request.headers.get("accept")
    if _document_format(request, formats) is None and negotiate(accept, formats)[0]:
        return _error(
            request,
            400,
            "missing query: send ?query=SPARQL (GET or form POST); without a query this URL "
            "answers with its service description in an RDF format (e.g. text/turtle)",
        )
    rt = runtime(request)
    endpoint = str(request.url.replace(query="", fragment=""))
    _, void_url = _urls(request)
    result_formats = tuple(served_formats(rt))
    union = rt.store.capabilities.embedded

    def build(stats: described.DatasetStats) -> Graph:
        return described.service_description(
            stats,
            endpoint=endpoint,
            void_document=void_url,
            result_formats=result_formats,
            union_default_graph=union,
        )

    return await _document(
        request, ("sd", endpoint, void_url, result_formats, union), build, formats
    )


@router.get(
    "/.well-known/void",
    response_class=Response,
    responses=DOCUMENT_RESPONSES,
    summary="VoID description of the dataset",
)
async def well_known_void(
    request: Request,
    format: Annotated[
        list[str] | None,
        WithJsonSchema(FORMATS),
        Query(
            description="Format, overriding Accept: turtle, ntriples, jsonld, rdfxml or a "
            "media type; values not understood are ignored"
        ),
    ] = None,
) -> Response:
    """The ``void:Dataset``: triples, entities, classes and properties with their counts,
    the SPARQL endpoint, the URI space and any RDF dumps the API serves."""
    endpoint, document = _urls(request)
    paths = {getattr(r, "path", None) for r in request.app.routes}
    base = str(request.base_url).rstrip("/")
    dumps = tuple(base + p for p in DUMP_ROUTES if p in paths)

    def build(stats: described.DatasetStats) -> Graph:
        return described.void_description(stats, document=document, endpoint=endpoint, dumps=dumps)

    return await _document(request, ("void", endpoint, document, dumps), build, format or [])


P = ParamSpec("P")


def _without_body(
    handler: Callable[P, Awaitable[Response]],
) -> Callable[P, Awaitable[Response]]:
    """A HEAD handler: the GET handler's answer (status and headers, Content-Length
    included) without its body."""

    @wraps(handler)
    async def head(*args: P.args, **kwargs: P.kwargs) -> Response:
        response = await handler(*args, **kwargs)
        return Response(status_code=response.status_code, headers=dict(response.headers))

    return head


router.add_api_route(
    "/sparql", _without_body(sparql_get), methods=["HEAD"], include_in_schema=False
)
router.add_api_route(
    "/.well-known/void",
    _without_body(well_known_void),
    methods=["HEAD"],
    include_in_schema=False,
)


# Other methods (PUT, DELETE, PATCH, OPTIONS, ...; POST on /.well-known/void) get the app's
# 405 problem, whose Allow lists exactly the methods routed at the path (GET, HEAD, POST here;
# ``tlkg.api.problems``). A route answering 405 for them would put them in that list.
