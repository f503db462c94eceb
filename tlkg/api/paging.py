"""Paging of the REST API's lists: ``limit``/``offset``, the ``X-Total-Count`` header (the
total before paging) and an RFC 8288 ``Link`` header (``first``, ``prev``, ``next``,
``last``) on a page; plus the OpenAPI description of those headers and of the caching
ones (``tlkg.api.caching``), so that clients, and schemathesis, know every header an
answer carries.

Link targets are path-absolute references (``</api/therapies?limit=5&offset=5>``), which
resolve against the request's own URL: right behind a proxy that rewrites the host, too.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request, Response

T = TypeVar("T")

CACHE_HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "Strong tag of this answer at the store's current state (absent "
        "when the store has no state token); send it back in If-None-Match to get 304",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`no-cache`: keep the answer, but revalidate it",
        "required": True,
        "schema": {"type": "string"},
    },
}
LIST_HEADERS: dict[str, dict[str, Any]] = {
    **CACHE_HEADERS,
    "X-Total-Count": {
        "description": "Number of items before paging",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    },
    "Link": {
        "description": 'RFC 8288 links to the first, prev, next and last pages (rel="..."), '
        "when the answer is a page (a `limit` applies or `offset` > 0)",
        "schema": {"type": "string"},
    },
}
NOT_MODIFIED: dict[str, Any] = {
    "description": "Not Modified: the If-None-Match tag is current (no body)",
    "headers": {"ETag": {**CACHE_HEADERS["ETag"], "required": True}, **CACHE_HEADERS},
}


def answer_docs(*, listing: bool) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entries of a GET answer: the 200's headers and the 304."""
    return {200: {"headers": LIST_HEADERS if listing else CACHE_HEADERS}, 304: NOT_MODIFIED}


def page(
    items: list[T], request: Request, response: Response, limit: int | None, offset: int
) -> list[T]:
    """``items[offset:offset + limit]``; sets ``X-Total-Count`` and, when the answer is a
    page (a ``limit``, given or by default, or an ``offset``), ``Link``."""
    paged(request, response, len(items), limit, offset)
    return items[offset:] if limit is None else items[offset : offset + limit]


def paged(request: Request, response: Response, total: int, limit: int | None, offset: int) -> None:
    """Set the paging headers of an answer that paged itself (a landscape pages its rows
    inside groups): ``X-Total-Count`` and, on a page, ``Link``."""
    response.headers["X-Total-Count"] = str(total)
    if limit is not None or offset:
        response.headers["Link"] = links(request, total, limit, offset)


def links(request: Request, total: int, limit: int | None, offset: int) -> str:
    """The ``Link`` header value for the page at ``offset`` of size ``limit`` (None: the
    rest of the list)."""

    def ref(at: int) -> str:
        url = request.url.include_query_params(offset=at)
        if limit is not None:
            url = url.include_query_params(limit=limit)
        return f"<{url.path}?{url.query}>"

    rels: list[tuple[str, int]] = [("first", 0)]
    if limit is not None:
        if offset > 0:
            rels.append(("prev", max(0, offset - limit)))
        if offset + limit < total:
            rels.append(("next", offset + limit))
        rels.append(("last", max(0, (total - 1) // limit * limit) if total else 0))
    return ", ".join(f'{ref(at)}; rel="{rel}"' for rel, at in rels)
