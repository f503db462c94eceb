"""The HTTP side of POST /api/sources: the client's file name reduced to a safe label
(never used to build a path) and the bearer-token check. Loading the bytes is
``tlkg.graph.ingest.pipeline.load_upload``."""

from __future__ import annotations

import hmac
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(raw: str | None) -> str:
    """A display name for an upload: the last path component, reduced to letters,
    digits, ``._-``; never empty, never ``.``/``..``, at most 100 characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._-")[:100]
    return name or "upload"


def token_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of a bearer token."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
