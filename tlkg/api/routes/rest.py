"""REST routes under ``/api``: the same JSON as ``tlkg ... --json``.

Thin: each route validates its parameters, calls one service and returns its models.
Synchronous routes run in FastAPI's thread pool (the services block on the store).
"""

from __future__ import annotations

import os
import re
import tempfile
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from tlkg.api.paging import CACHE_HEADERS, answer_docs, page, paged
from tlkg.api.problems import Problem, problem, problem_responses
from tlkg.api.runtime import Runtime, runtime
from tlkg.api.uploads import token_matches
from tlkg.graph.ingest.pipeline import LoadSummary
from tlkg.graph.ingest.summary import LoadIssue
from tlkg.graph.services import catalog
from tlkg.graph.services import landscape as landscapes
from tlkg.graph.services.models import (
    Barrier,
    Competitor,
    Landscape,
    Resolution,
    SearchHit,
    Source,
    Therapy,
    TherapyDetail,
)

router = APIRouter(prefix="/api")
Rt = Annotated[Runtime, Depends(runtime)]

DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATE = re.compile(DATE_PATTERN)


def answers(*errors: int, listing: bool = False) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of a GET route besides its 200 body: the 200's headers, 304,
    and these error statuses (plus 500 and 503) as problem details."""
    return {**answer_docs(listing=listing), **problem_responses(*errors)}


def as_of_param(
    as_of: Annotated[
        str | None,
        Query(
            description="Answer as the store stood on this day (YYYY-MM-DD): the sources "
            "dated on or before it, each trial record in the version that held then",
            examples=["2024-06-30"],
            # Declared, not enforced here: the check below gives the error its message
            # (and refuses a day no calendar has, which "format": "date" excludes).
            json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
        ),
    ] = None,
) -> str | None:
    return checked_day("as_of", as_of)


def checked_day(name: str, value: str | None) -> str | None:
    """A query parameter that must be a real calendar day (YYYY-MM-DD), or None; a 422
    naming the parameter otherwise."""
    # ASCII digits only, as the declared pattern says (Python's \d takes any script's).
    message = None
    if value is not None and not _DATE.match(value):
        message = f"{name} must be a date YYYY-MM-DD, not {value!r}"
    else:
        try:
            return catalog.check_as_of(value)
        except ValueError:  # matches the pattern, but no such day (2024-02-30)
            message = f"{name} must be a real calendar day, not {value!r}"
    raise RequestValidationError(
        [{"loc": ("query", name), "msg": message, "type": "value_error", "input": value}]
    )


AsOf = Annotated[str | None, Depends(as_of_param)]
Offset = Annotated[int, Query(ge=0, description="Items to skip (paging)")]


# ---- therapies ----------------------------------------------------------------------------
@router.get(
    "/therapies",
    response_model=list[Therapy],
    responses=answers(404, 422, listing=True),
    summary="Therapies that loaded sources mention",
)
def therapies(
    rt: Rt,
    request: Request,
    response: Response,
    as_of: AsOf,
    indication: Annotated[str | None, Query(description="Indication (narrower too)")] = None,
    modality: Annotated[str | None, Query(description="Modality (narrower too)")] = None,
    target: Annotated[str | None, Query(description="Target, e.g. BCMA")] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=10_000, description="Page size (default: all)")
    ] = None,
    offset: Offset = 0,
) -> list[Therapy]:
    """Sorted by name. The body is a plain list; the total before paging is in the
    ``X-Total-Count`` header, links to other pages in ``Link``."""
    items = catalog.list_therapies(
        rt.store, rt.vocab, indication=indication, modality=modality, target=target, as_of=as_of
    )
    return page(items, request, response, limit, offset)


@router.get(
    "/therapies/{therapy_id}",
    response_model=TherapyDetail,
    responses=answers(404, 422),
    summary="One therapy, with its sources and evidence",
)
def therapy(rt: Rt, therapy_id: str, as_of: AsOf) -> TherapyDetail:
    """``therapy_id``: an id, name, alias or brand (e.g. ``ide-cel``, ``Abecma``)."""
    return catalog.show_therapy(rt.store, rt.vocab, therapy_id, as_of=as_of)


@router.get(
    "/therapies/{therapy_id}/competitors",
    response_model=list[Competitor],
    responses=answers(404, 422, listing=True),
    summary="What competes with a therapy, best first, each with its reasons",
)
def competitors(
    rt: Rt,
    request: Request,
    response: Response,
    therapy_id: str,
    as_of: AsOf,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size")] = 20,
    offset: Offset = 0,
) -> list[Competitor]:
    from tlkg.graph.services.competition import competitors_page

    items, total = competitors_page(rt.store, rt.vocab, therapy_id, limit, offset, as_of)
    paged(request, response, total, limit, offset)
    return items


@router.get(
    "/indications/{indication_id}/landscape",
    response_model=Landscape,
    responses=answers(404, 422, listing=True),
    summary="The therapies of an indication, grouped by modality, a page at a time",
)
def landscape(
    rt: Rt,
    request: Request,
    response: Response,
    indication_id: str,
    as_of: AsOf,
    limit: Annotated[
        int, Query(ge=1, le=landscapes.MAX_LIMIT, description="Therapies per page")
    ] = landscapes.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Landscape:
    """The therapies in one order (modality, most advanced first, name); a page is a slice
    of it, its groups those of its therapies. ``total`` and ``counts`` (and the
    ``X-Total-Count`` header) count the whole landscape; ``Link`` leads to other pages."""
    answer = landscapes.landscape(
        rt.store, rt.vocab, indication_id, as_of=as_of, limit=limit, offset=offset
    )
    paged(request, response, answer.total, limit, offset)
    return answer


@router.get(
    "/barriers",
    response_model=list[Barrier],
    responses=answers(422, listing=True),
    summary="Barriers, and what faces or addresses each",
)
def barriers(
    rt: Rt,
    request: Request,
    response: Response,
    as_of: AsOf,
    limit: Annotated[
        int | None, Query(ge=1, le=10_000, description="Page size (default: all)")
    ] = None,
    offset: Offset = 0,
) -> list[Barrier]:
    from tlkg.graph.services.barriers import barriers as all_barriers

    return page(all_barriers(rt.store, as_of=as_of), request, response, limit, offset)


@router.get(
    "/resolve",
    response_model=Resolution,
    responses=answers(404, 422),
    summary="What a therapy name denotes: its clique, leader and the evidence of each merge",
)
def resolve(
    rt: Rt,
    name: Annotated[str, Query(min_length=1, max_length=200, description="Name, alias, code")],
    as_of: AsOf,
) -> Resolution:
    from tlkg.graph.services.identity import resolve_identity

    return resolve_identity(rt.store, rt.vocab, name, as_of=as_of)


# Search ranks the best hits, never all of them: the total is of the best SEARCH_MOST.
SEARCH_MOST = 100


@router.get(
    "/search",
    response_model=list[SearchHit],
    responses=answers(422, listing=True),
    summary="Find entities by name",
)
def search(
    rt: Rt,
    request: Request,
    response: Response,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name, alias, brand")],
    limit: Annotated[int, Query(ge=1, le=SEARCH_MOST, description="Page size")] = 10,
    offset: Annotated[int, Query(ge=0, lt=SEARCH_MOST, description="Items to skip (paging)")] = 0,
) -> list[SearchHit]:
    """Best first. ``X-Total-Count`` counts the hits among the best 100."""
    from tlkg.graph.services.search import search as find

    return page(find(rt.store, rt.vocab, q, limit=SEARCH_MOST), request, response, limit, offset)


# ---- sources ------------------------------------------------------------------------------
@router.get(
    "/sources",
    response_model=list[Source],
    responses=answers(422, listing=True),
    summary="Loaded sources and their metadata",
)
def sources(
    rt: Rt,
    request: Request,
    response: Response,
    limit: Annotated[
        int | None, Query(ge=1, le=100_000, description="Page size (default: all)")
    ] = None,
    offset: Offset = 0,
) -> list[Source]:
    return page(catalog.list_sources(rt.store), request, response, limit, offset)


class UploadProblem(Problem):
    """A 422 upload: the load summary (what loaded, what failed) as problem members."""

    loaded: int
    skipped: int
    errors: list[LoadIssue]
    triples: int


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/sources",
    response_model=LoadSummary,
    summary="Upload one document (needs the upload token)",
    openapi_extra=UPLOAD_BODY,
    responses=problem_responses(
        400,
        401,
        403,
        413,
        models={422: UploadProblem},
        s400="Empty upload, or a multipart upload without a file part",
        s403="Uploads are off (no token configured)",
        s413="Larger than the upload limit",
        s422="The document (or part of it) failed: the load summary as a problem",
    ),
)
async def upload(request: Request) -> Response:
    """Load one document: a ClinicalTrials.gov record, an article, a PubMed file, a
    ``.zip``... (format detected from content), as ``multipart/form-data`` (field
    ``file``) or as the raw body with an ``X-Filename`` header. Needs ``Authorization:
    Bearer <token>`` (the server's ``TLKG_UPLOAD_TOKEN``). Answers the load summary;
    status 422 when the document, or part of it, failed."""
    rt = runtime(request)
    _authorise(rt, request.headers.get("authorization"))
    data = await _read_capped(request, rt.settings.upload_max_bytes)
    name = request.headers.get("x-filename")
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        name, data = await _multipart_file(request, data)
    if not data:
        raise HTTPException(400, "empty upload")
    summary = await run_in_threadpool(rt.load_upload, name, data)
    body = summary.model_dump(mode="json")
    if not summary.errors:
        return JSONResponse(body)
    failed = len(summary.errors)
    return problem(request, 422, f"{failed} document{'s' * (failed != 1)} failed to load", **body)


def _authorise(rt: Runtime, header: str | None) -> None:
    expected = rt.settings.upload_token
    if not expected:
        raise HTTPException(
            403, "uploads are off: the server has no upload token (set TLKG_UPLOAD_TOKEN)"
        )
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(given.strip(), expected):
        raise HTTPException(
            401, "missing or wrong upload token", headers={"WWW-Authenticate": "Bearer"}
        )


async def _read_capped(request: Request, limit: int) -> bytes:
    too_large = HTTPException(413, f"upload larger than the limit ({limit} bytes)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise too_large  # multipart framing may add a little over the file's own size
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit + 64 * 1024:
            raise too_large
    return bytes(body)


async def _multipart_file(request: Request, body: bytes) -> tuple[str | None, bytes]:
    from starlette.datastructures import UploadFile
    from starlette.requests import Request as StarletteRequest

    sent = False

    async def replay() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    form = await StarletteRequest(request.scope, replay).form(max_files=1, max_fields=10)
    try:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            part = next((v for v in form.values() if isinstance(v, UploadFile)), None)
        if part is None:
            raise HTTPException(400, "multipart upload without a file part (use field 'file')")
        data = await part.read()
        if len(data) > request.app.state.tlkg.settings.upload_max_bytes:
            raise HTTPException(413, "upload larger than the limit")
        return part.filename, data
    finally:
        await form.close()


# ---- export -------------------------------------------------------------------------------
@router.get(
    "/export/graphml",
    response_class=FileResponse,
    summary="The graph as GraphML (networkx projection)",
    responses={
        **answers(),
        200: {
            "description": "GraphML (attachment tlkg.graphml)",
            "content": {"application/graphml+xml": {"schema": {"type": "string"}}},
            "headers": CACHE_HEADERS,
        },
    },
)
def export_graphml(rt: Rt) -> FileResponse:
    """Written to a temporary file first (a failure is a clean error, never a truncated
    document), then streamed."""
    from tlkg.graph.exports import projection

    graph = projection.project(rt.store)
    fd, tmp = tempfile.mkstemp(prefix="tlkg-export-", suffix=".graphml")
    try:
        with os.fdopen(fd, "wb") as fh:
            projection.write_graphml(graph, fh)
    except BaseException:
        os.unlink(tmp)
        raise
    return FileResponse(
        tmp,
        media_type="application/graphml+xml",
        filename="tlkg.graphml",
        background=BackgroundTask(os.unlink, tmp),
    )
