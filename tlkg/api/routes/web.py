"""The web page's routes: every view has its own URL, and each gets the same HTML shell
(``tlkg/api/web/index.html``); the page's script (``/static/app.js``) reads the path and
renders the view from the REST API. Works offline: no external resources.

Views: ``/`` (search), ``/therapy/{id}``, ``/indication/{id}`` (landscape),
``/barriers`` (barrier map), ``/therapies`` (a filtered list: ``?target=``,
``?modality=``, ``?indication=``, ``?developer=``). ``/sparql`` in a browser is the SPARQL
route's own page (``tlkg.api.routes.sparql``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # The page loads only its own script and styles, and talks only to this server.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
}


@cache
def _shell() -> str:
    return resources.files("tlkg.api").joinpath("web", "index.html").read_text("utf-8")


def _page() -> HTMLResponse:
    return HTMLResponse(_shell(), headers=HEADERS)


@router.get("/", response_class=HTMLResponse)
def home() -> HTMLResponse:
    return _page()


@router.get("/therapy/{therapy_id}", response_class=HTMLResponse)
def therapy_view(therapy_id: str) -> HTMLResponse:
    return _page()


@router.get("/indication/{indication_id}", response_class=HTMLResponse)
def indication_view(indication_id: str) -> HTMLResponse:
    return _page()


@router.get("/barriers", response_class=HTMLResponse)
def barriers_view() -> HTMLResponse:
    return _page()


@router.get("/therapies", response_class=HTMLResponse)
def therapies_view() -> HTMLResponse:
    return _page()
