"""The FastAPI app factory: ``create_app(settings, store=None, vocab=None)``.

The app owns one store. Given none, it opens the configured store read-write: the server
is the store's single owner, so a ``tlkg load`` (or any other tlkg command) on the same
folder while the server runs gets "store is busy"; while serving, load through the
token-gated ``POST /api/sources``.

Routes are thin (``tlkg.api.routes``): they receive the ``Runtime`` (``tlkg.api.runtime``),
call the query services and return their pydantic models. Under ``/api``, errors are RFC
9457 problem details (``tlkg.api.problems``), GET answers carry ``ETag`` and
``Cache-Control`` and answer ``304`` to a current ``If-None-Match``
(``tlkg.api.caching``), and lists carry ``X-Total-Count`` and ``Link``
(``tlkg.api.paging``). Answers of 1 KB or more are gzipped for clients that accept it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from tlkg import __version__
from tlkg.api import problems
from tlkg.api.caching import ConditionalGet
from tlkg.api.routes import field, rest, sparql, web
from tlkg.api.runtime import Runtime
from tlkg.api.workers import runner_for
from tlkg.graph.analysis.maintain import attach
from tlkg.graph.store.base import GraphStore
from tlkg.graph.store.factory import open_store
from tlkg.ontology.vocab import Vocabulary, load_vocabulary
from tlkg.settings import Settings

log = logging.getLogger("tlkg.api")

DESCRIPTION = """\
Therapy-landscape knowledge graph: therapies, what competes with what, landscapes by
indication, barriers, and the sources behind every answer. The JSON shapes are those of
`tlkg ... --json`. Read-only SPARQL 1.1 Protocol at `/sparql`.
"""


def create_app(
    settings: Settings,
    store: GraphStore | None = None,
    vocab: Vocabulary | None = None,
    *,
    sparql_workers: int = 2,
) -> FastAPI:
    """The tlkg web app over ``store`` (default: the store ``settings`` name, opened
    read-write; closed again when the app shuts down)."""
    vocab = vocab if vocab is not None else load_vocabulary(settings.vocab)
    owns = store is None
    if store is None:
        store = _open(settings, vocab)
    rt = Runtime(
        settings=settings,
        store=store,
        vocab=vocab,
        sparql=runner_for(store, settings.query_timeout_s, sparql_workers),
        owns_store=owns,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(rt.start)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(rt.close)

    # /docs and /redoc with Swagger UI and ReDoc served from a package, never a CDN: the
    # server works offline.
    app = FastAPIOffline(
        title="tlkg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        favicon_url="/static/favicon.svg",
    )
    app.state.tlkg = rt
    # Starlette runs the middleware added last first: CORS (when configured) sees every
    # answer, a 304 included; the validators see the final encoding (a gzipped answer
    # is a representation of its own, with its own tag). Gzip comes first, next to the
    # routes: the "http" middleware re-sends a body in several messages, which gzip
    # would take for a stream and compress however small.
    app.add_middleware(ScopedGZip, minimum_size=1024)
    app.middleware("http")(_docs_stay_local)
    app.add_middleware(ConditionalGet, state=rt.state_token)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Filename", "If-None-Match"],
            expose_headers=["X-Total-Count", "Link", "ETag"],
        )
    problems.install(app)
    _openapi_with_problems(app)
    app.include_router(rest.router)
    app.include_router(field.router)
    app.include_router(sparql.router)
    static = Path(str(resources.files("tlkg.api").joinpath("web").joinpath("static")))
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(web.router)
    return app


def _open(settings: Settings, vocab: Vocabulary) -> GraphStore:
    """The configured store, read-write. An embedded store gets its ontology and
    vocabulary graphs brought up to date; a remote endpoint is left as ``tlkg load``
    wrote it. An on-disk store's analysis index is brought up to date and kept so at
    every write (uploads)."""
    store = open_store(settings, write=True)
    try:
        _attach_index(store)
        if store.capabilities.embedded:
            store.ensure_vocabulary(vocab)
    except BaseException:
        store.close()
        raise
    return store


def _attach_index(store: GraphStore) -> None:
    try:
        attach(store)
    except Exception:  # answers then come from SPARQL or the in-memory index
        logging.getLogger("tlkg.api").exception("the analysis index cannot be used")


DOCS_PAGES = frozenset({"/docs", "/redoc"})
# ReDoc's sidebar shows a logo from its vendor's CDN: images from elsewhere are blocked,
# so the documentation pages make no request beyond this server.
DOCS_CSP = "img-src 'self' data:"


async def _docs_stay_local(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    if request.url.path in DOCS_PAGES:
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP)
    return response


class ScopedGZip:
    """Starlette's GZipMiddleware everywhere but on the SPARQL endpoint's routes, whose
    HEAD answers copy the headers of the GET they stand for (and whose formats are the
    SPARQL route's business, ``tlkg.api.routes.sparql``)."""

    UNZIPPED = ("/sparql", "/.well-known/void")

    def __init__(self, app: ASGIApp, minimum_size: int) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        plain = scope["type"] != "http" or scope["path"].startswith(self.UNZIPPED)
        await (self.app if plain else self.gzip)(scope, receive, send)


def _openapi_with_problems(app: FastAPI) -> None:
    """The OpenAPI document, with the problem-detail schemas its error responses name."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems.add_schemas(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
