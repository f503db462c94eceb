"""Deterministic, stable keys for entities and sources (no RDF here).

A key is the short slug used in URLs and IRIs. It is derived from the canonical name
only, so the same name gives the same key on every machine and every load.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

ENTITY_KINDS = (
    "therapy",
    "indication",
    "target",
    "organization",
    "modality",
    "barrier",
    "trial",
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NCT = re.compile(r"^NCT\d{8}$")
_MAX_SLUG = 80


def _digest(text: str) -> str:
    # surrogatepass: any Python string has a digest (a lone surrogate is not UTF-8)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"[\s_]+")


@lru_cache(maxsize=131072)
def normalise_name(name: str) -> str:
    """Case- and punctuation-insensitive form used to match names and aliases (cached:
    registry records repeat the same names over and over)."""
    text = unicodedata.normalize("NFKC", name)
    text = text.replace("®", "").replace("™", "").replace("©", "")
    text = text.casefold()
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text)
    return text.strip(" .,;:")


@lru_cache(maxsize=131072)
def slugify(name: str) -> str:
    """A URL-safe slug for ``name``; never empty, stable, and distinct for names that
    lose characters when folded to ASCII (a digest of the full name is appended after
    "--", which a plain slug never holds, so that no name can take another's key)."""
    norm = normalise_name(name)
    folded = unicodedata.normalize("NFKD", norm).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", folded).strip("-")
    lossy = (
        not slug
        or len(slug) > _MAX_SLUG
        or (
            any(not ch.isascii() and unicodedata.category(ch)[0] in "LN" for ch in norm)
            and not _only_diacritics(norm)
        )
    )
    if lossy:
        slug = (slug[:_MAX_SLUG].rstrip("-") + "--" if slug else "x--") + _digest(norm)
    return slug


def _only_diacritics(text: str) -> bool:
    """True when folding to ASCII only strips accents (e.g. "Sjögren"), so the plain
    slug is already a faithful key."""
    for ch in text:
        if ch.isascii():
            continue
        base = unicodedata.normalize("NFKD", ch)
        if not base or not base[0].isascii():
            return False
    return True


def is_nct_id(text: str) -> bool:
    return bool(_NCT.match(text))


def source_key(raw: str) -> str:
    """Key for a source id: NCT IDs stay as they are, anything else is slugified."""
    return raw if is_nct_id(raw) else slugify(raw)
