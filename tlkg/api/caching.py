"""Conditional GETs for the REST API: ``ETag``, ``Cache-Control: no-cache`` and ``304``.

An answer under ``/api`` is a function of the store's content, the tlkg version and the
request's path and query, so its entity tag is a hash of those: strong, and cheap (the
store's state token changes on every write, an upload included; no body is hashed). A
request whose ``If-None-Match`` names the current tag gets ``304 Not Modified`` before
any route runs, so no query runs either. ``Cache-Control: no-cache`` lets clients and
proxies keep answers but makes them revalidate every time, so an upload is seen at once.

A gzipped answer is another representation, so a strong tag must differ (RFC 9110 8.8.3):
it carries ``-gzip`` (as Apache's ``mod_deflate`` does), and both forms validate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tlkg import __version__

CACHE_CONTROL = "no-cache"
GZIP_SUFFIX = "-gzip"


def entity_tag(state: str, path: str, query: bytes) -> str:
    """The strong tag of the answer to ``path?query`` while the store is at ``state``."""
    parts = [__version__.encode(), state.encode(), path.encode(), query]
    digest = hashlib.sha256(b"\0".join(parts))
    return f'"{digest.hexdigest()[:32]}"'


def _requested(header: str | None) -> tuple[bool, set[str]]:
    """``If-None-Match``: (``*`` given, the opaque tags it lists, ``W/`` dropped: GET
    compares weakly)."""
    if not header:
        return False, set()
    tags = {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}
    return "*" in tags, tags - {"*"}


def _variants(tag: str) -> set[str]:
    return {tag, tag[:-1] + GZIP_SUFFIX + '"'}


class ConditionalGet:
    """ASGI middleware: validators on GET answers under ``prefix``. ``state`` gives the
    store's state token (None: unknown, so no tag); it may block, so it runs in a
    thread."""

    def __init__(
        self, app: ASGIApp, state: Callable[[], str | None], prefix: str = "/api/"
    ) -> None:
        self.app = app
        self.state = state
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        # Read before the answer is made: an upload finishing meanwhile changes the token,
        # so this tag can only be older than the answer, never newer.
        state = await anyio.to_thread.run_sync(self.state)
        tag = None if state is None else entity_tag(state, scope["path"], scope["query_string"])
        star, wanted = _requested(Headers(scope=scope).get("if-none-match"))
        if tag is not None and wanted & _variants(tag):
            sent = sorted(wanted & _variants(tag))[0]
            await _not_modified(send, sent)
            return
        await self.app(scope, receive, _Validators(send, tag, star))


async def _not_modified(send: Send, tag: str) -> None:
    headers = MutableHeaders()
    headers["ETag"] = tag
    headers["Cache-Control"] = CACHE_CONTROL
    headers["Vary"] = "Accept-Encoding"
    await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


class _Validators:
    """The ``send`` of one answer: adds ``Cache-Control`` (every answer) and ``ETag``
    (successful ones); turns a 200 into a 304 for ``If-None-Match: *``."""

    def __init__(self, send: Send, tag: str | None, star: bool) -> None:
        self.send = send
        self.tag = tag
        self.star = star
        self.swallow = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("Cache-Control", CACHE_CONTROL)
            ok = 200 <= message["status"] < 300
            # A file answer (the GraphML export) carries the temporary file's stat as
            # validators: meaningless to a client, replaced by the store's.
            for name in ("etag", "last-modified"):
                if name in headers:
                    del headers[name]
            if ok and self.tag is not None:
                gzipped = headers.get("content-encoding") == "gzip"
                headers["ETag"] = self.tag[:-1] + GZIP_SUFFIX + '"' if gzipped else self.tag
            if ok and self.star and self.tag is not None:
                self.swallow = True
                await _not_modified(self.send, headers["etag"])
                return
        elif self.swallow:
            return
        await self.send(message)
