"""HTTP details of talking to a remote SPARQL engine: credentials (Basic or Digest, as the
engine asks), endpoint URLs with any password removed for messages, and one-line engine
error messages."""

from __future__ import annotations

import re
from collections.abc import Generator
from urllib.parse import urlsplit, urlunsplit

import httpx


def redact(url: str) -> str:
    """The endpoint as shown in messages: no credentials, no query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def engine_message(body: str) -> str:
    """The first informative line of an engine's error body, shortened."""
    text = re.sub(r"<[^>]+>", " ", body)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and not line.lower().startswith(("sparql query:", "<!doctype")):
            return line[:240]
    return "no details"


class AutoAuth(httpx.Auth):
    """HTTP basic or digest, whichever the endpoint asks for (Virtuoso's /sparql-auth
    uses digest); nothing is sent until the server challenges."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if challenge.startswith("digest"):
            self._scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif challenge.startswith("basic"):
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)
