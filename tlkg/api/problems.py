"""Errors of the REST API (``/api``) as RFC 9457 problem details: one shape, served as
``application/problem+json``, declared in the OpenAPI document with that media type.

Every error under ``/api`` is ``{"type", "title", "status", "detail", "instance"}``
(``type`` is ``about:blank``: the status says what went wrong, so ``title`` is the status
phrase), plus extension members: ``suggestions`` (close names) on a 404 for an unknown
name, ``errors`` (FastAPI's validation entries) on a 422. ``detail`` is always a string.
An unexpected error is a 500 whose detail is only "internal error" (the traceback goes to
the server log). The SPARQL endpoint (``/sparql``, ``/.well-known/void``) answers its
errors in the same shape (``routes/sparql.py``); the web page keeps FastAPI's defaults.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from tlkg.graph.services.catalog import NotFound
from tlkg.graph.store.base import StoreError

log = logging.getLogger("tlkg.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api"
# RFC 9110's names, which Python's HTTPStatus has only from 3.13 on.
TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


class Problem(BaseModel):
    """An RFC 9457 problem detail. Extension members may follow."""

    model_config = ConfigDict(extra="allow")

    type: str = Field("about:blank", description="A URI naming the problem type")
    title: str = Field(description="The HTTP status phrase, e.g. 'Not Found'")
    status: int = Field(description="The HTTP status code")
    detail: str = Field(description="What went wrong, for a human reader")
    instance: str = Field(description="The request path")


class NotFoundProblem(Problem):
    """A 404: what was not found, and close names."""

    suggestions: list[str] = Field(
        default_factory=list, description="Close names from the vocabulary"
    )


class ValidationIssue(BaseModel):
    """One rejected input (FastAPI's validation entry)."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int] = Field(description="Where: e.g. ['query', 'limit']")
    msg: str
    type: str


class ValidationProblem(Problem):
    """A 422: the request's parameters failed validation."""

    errors: list[ValidationIssue] = Field(default_factory=list)


# The schemas the OpenAPI document needs; routes add their own problem types through
# ``problem_responses(..., models=...)``.
SCHEMAS: dict[str, type[BaseModel]] = {
    m.__name__: m for m in (Problem, NotFoundProblem, ValidationProblem)
}

_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing or wrong bearer token",
    403: "Forbidden",
    404: "Unknown name (with close names)",
    413: "Larger than the limit",
    422: "Bad parameter",
    500: "Internal error (no details: the traceback is in the server log)",
    503: "The store failed (e.g. a remote endpoint is down)",
}
_SCHEMA_FOR = {404: "NotFoundProblem", 422: "ValidationProblem"}


def problem_responses(
    *statuses: int,
    models: dict[int, type[Problem]] | None = None,
    **descriptions: str,
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses (and 500 and 503, which any
    route can give), each an ``application/problem+json`` body; ``models`` gives a
    status its own problem type. ``descriptions`` override the default descriptions by
    ``s<status>`` (e.g. ``s403="Uploads are off"``)."""
    out: dict[int | str, dict[str, Any]] = {}
    names = dict(_SCHEMA_FOR)
    for status, model in (models or {}).items():
        SCHEMAS[model.__name__] = model
        names[status] = model.__name__
    for status in sorted({*statuses, *(models or {}), 500, 503}):
        schema = {"$ref": f"#/components/schemas/{names.get(status, 'Problem')}"}
        out[status] = {
            "description": descriptions.get(f"s{status}") or _DESCRIPTIONS[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        }
    return out


def add_schemas(openapi: dict[str, Any]) -> dict[str, Any]:
    """Put the problem schemas in the OpenAPI document's components: the responses above
    refer to them by name (FastAPI adds a model's schema only where a route returns it as
    ``application/json``, which an error body is not)."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for model in SCHEMAS.values():
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return openapi


# Outside /api, the SPARQL endpoint and its VoID document answer errors as problems too.
PROBLEM_PATHS = frozenset({"/sparql", "/.well-known/void"})


def in_api(request: Request) -> bool:
    """Whether errors at this path are problem details: /api and the SPARQL endpoint."""
    path = request.url.path
    return path == API_PREFIX or path.startswith(API_PREFIX + "/") or path in PROBLEM_PATHS


def problem(
    request: Request,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> ProblemResponse:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status) or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    return ProblemResponse(body, status_code=status, headers=headers)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed(request: Request) -> str:
    """Every method some route serves at this path. Starlette's 405 names only the first
    route matching the path (``GET /api/sources`` and ``POST /api/sources`` are two), so
    each method is tried against the routes (``matches``: no routing internals)."""
    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(r.matches(scope)[0] == Match.FULL for r in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


def _summary(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors:
        where = " ".join(str(p) for p in err.get("loc", ()))  # e.g. "query limit"
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the exception handlers: problem details under /api, the former JSON
    elsewhere."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if not in_api(request) or exc.status_code == 304:
            return await http_exception_handler(request, exc)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed(request) or headers.get("Allow", "")
        return problem(request, exc.status_code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not in_api(request):
            return await request_validation_exception_handler(request, exc)
        errors = jsonable_encoder(exc.errors())
        return problem(request, 422, _summary(errors), errors=errors)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if not in_api(request):
            return JSONResponse({"detail": str(exc), "suggestions": exc.suggestions}, 404)
        return problem(request, 404, str(exc), suggestions=exc.suggestions)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        detail = str(exc).splitlines()[0] if str(exc) else "the store failed"
        if not in_api(request):
            return JSONResponse({"detail": detail}, status_code=503)
        return problem(request, 503, detail)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.error("internal error", exc_info=exc)
        if not in_api(request):
            return JSONResponse({"detail": "internal error"}, status_code=500)
        return problem(request, 500, "internal error")
