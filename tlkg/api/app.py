"""The FastAPI app factory: ``create_app(settings, store=None, vocab=None)``.

The app owns one store. Given none, it opens the configured store read-write: the server
is the store's single owner, so a ``tlkg load`` (or any other tlkg command) on the same
folder while the server runs gets "store is busy"; while serving, load through the
token-gated ``POST /api/sources``.

Routes are thin (``tlkg.api.routes``): they receive the ``Runtime`` (``tlkg.api.runtime``),
call the query services and return their pydantic models. Errors are JSON ``{"detail":
...}`` (404s for unknown names add ``"suggestions"``); an unexpected error is
``{"detail": "internal error"}`` with the traceback in the server log only.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from tlkg import __version__
from tlkg.api.routes import rest, sparql, web
from tlkg.api.runtime import Runtime
from tlkg.api.workers import runner_for
from tlkg.graph.services.catalog import NotFound
from tlkg.graph.store.base import GraphStore, StoreError
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
    app.middleware("http")(_docs_stay_local)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Filename"],
            expose_headers=["X-Total-Count"],
        )
    _error_handlers(app)
    app.include_router(rest.router)
    app.include_router(sparql.router)
    static = Path(str(resources.files("tlkg.api").joinpath("web").joinpath("static")))
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    app.include_router(web.router)
    return app


def _open(settings: Settings, vocab: Vocabulary) -> GraphStore:
    """The configured store, read-write. An embedded store gets its ontology and
    vocabulary graphs brought up to date; a remote endpoint is left as ``tlkg load``
    wrote it."""
    store = open_store(settings, write=True)
    try:
        if store.capabilities.embedded:
            store.ensure_vocabulary(vocab)
    except BaseException:
        store.close()
        raise
    return store


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


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "suggestions": exc.suggestions}, status_code=404)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse({"detail": str(exc).splitlines()[0]}, status_code=503)

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error", exc_info=exc)
        return JSONResponse({"detail": "internal error"}, status_code=500)
