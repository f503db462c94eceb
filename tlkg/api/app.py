"""The FastAPI app factory: ``create_app(settings, store=None, vocab=None)``.

The app owns one store. Given none, it opens the configured store read-write: the server
is the store's single owner, so a ``tlkg load`` (or any other tlkg command) on the same
folder while the server runs gets "store is busy"; while serving, load through the
token-gated ``POST /api/sources``.

Routes are thin (``tlkg.api.routes.rest``, ``tlkg.api.routes.sparql``): they call the query
services and return their pydantic models. Errors are JSON ``{"detail": ...}`` (404s for
unknown names add ``"suggestions"``); an unexpected error is ``{"detail": "internal
error"}`` with the traceback in the server log only.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from tlkg import __version__
from tlkg.api.workers import QueryRunner, runner_for
from tlkg.graph.ingest.pipeline import LoadSummary
from tlkg.graph.services.catalog import NotFound
from tlkg.graph.store.oxigraph import GraphStore, OxigraphStore, StoreError, open_store
from tlkg.ontology.vocab import Vocabulary, load_vocabulary
from tlkg.settings import Settings

log = logging.getLogger("tlkg.api")

DESCRIPTION = """\
Therapy-landscape knowledge graph: therapies, what competes with what, landscapes by
indication, barriers, and the sources behind every answer. The JSON shapes are those of
`tlkg ... --json`. Read-only SPARQL 1.1 Protocol at `/sparql`.
"""


@dataclass
class Runtime:
    """What the routes share: the settings, the store, the vocabulary and the /sparql
    query runner. Writes (uploads) are serialised by ``write_lock``."""

    settings: Settings
    store: GraphStore
    vocab: Vocabulary
    sparql: QueryRunner
    owns_store: bool = False
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    closed: bool = False

    def start(self) -> None:
        self.sparql.start()
        try:  # keep the analysis index in memory: the server is long-lived
            from tlkg.graph.services import facts

            facts.warm(self.store)
        except Exception:  # the services fall back to SPARQL on demand
            log.exception("could not build the analysis index; answering without it")

    def load_upload(self, name: str, data: bytes) -> LoadSummary:
        from tlkg.api.uploads import load_document

        with self.write_lock:
            summary = load_document(self.store, self.vocab, name, data)
            if summary.loaded:
                self.sparql.refresh()
        return summary

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.sparql.close()
        if self.owns_store:
            self.store.close()


def runtime(request: Request) -> Runtime:
    """FastAPI dependency: the app's Runtime (also for the web page's routes)."""
    rt: Runtime = request.app.state.tlkg
    return rt


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
        store = open_store(settings, write=True)
        try:
            if isinstance(store, OxigraphStore):
                store.ensure_vocabulary(vocab)
        except BaseException:
            store.close()
            raise
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

    app = FastAPI(
        title="tlkg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.tlkg = rt
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

    from tlkg.api.routes import rest
    from tlkg.api.routes import sparql as sparql_endpoint

    app.include_router(rest.router)
    app.include_router(sparql_endpoint.router)
    _web(app)
    return app


def _web(app: FastAPI) -> None:
    """The web page (``tlkg.api.routes.web`` and ``tlkg/api/web/static``), when present."""
    static = Path(str(resources.files("tlkg.api").joinpath("web").joinpath("static")))
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    if importlib.util.find_spec("tlkg.api.routes.web") is None:
        return
    web_routes = importlib.import_module("tlkg.api.routes.web")
    app.include_router(web_routes.router)


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


def close_app(app: Any) -> None:
    """Release what ``create_app`` opened (when the app's lifespan never ran)."""
    with suppress(AttributeError):
        app.state.tlkg.close()
