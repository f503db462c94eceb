"""What the article loaders share: ``record`` (the ``ArticleRecord`` every loader ends in),
ISO dates, inline text cleaning and the JSON helpers of the JSON formats.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import orjson

from tlkg.loaders.articles.dates import parse_date
from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.records import ArticleRecord, EvidenceLevel, MeshTerm, SourceMeta
from tlkg.loaders.text import extract
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary

LOADER_VERSION = "1.0"
# A news article or abstract is a few KB, a long review ~150 KB: refuse megabytes, which
# would only cost minutes of extraction (checked on the raw text too, before parsing).
MAX_ARTICLE_CHARS = 1_000_000
HEAD_BYTES = 8192

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
TAGS = re.compile(r"<[^>]{0,500}>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def iso_date(text: str | None) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from the date spellings articles use
    (``dates.parse_date``)."""
    return parse_date(text)


def clean_inline(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# Brand marks are symbols too, but they say a name is a brand ("Zorvexa® (zorvacabtagene
# autoleucel)"): the extractor reads them, so they stay.
_BRAND_MARKS = frozenset("®™")


def strip_symbols(text: str) -> str:
    """Drop pictographs and decorative symbols (📷, ★) and invisible joiners; keep the
    brand marks ® and ™."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in _BRAND_MARKS:
            out.append(ch)
            continue
        if cat == "So" or ch in "\ufe0f\u200d\u200b\ufeff" or cat == "Cs":
            continue
        out.append(ch)
    return "".join(out)


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _article_id(title: str | None, date: str | None, text: str) -> str:
    if title:
        return slugify(f"{title} {date}" if date else title)
    return "article-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Parsed:
    title: str | None
    body: list[str]
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    mesh: list[MeshTerm] = field(default_factory=list)
    level: EvidenceLevel | None = None
    source_id: str | None = None


def record(
    doc: Document, vocab: Vocabulary, loader: str, parsed: Parsed, raw: bytes
) -> ArticleRecord:
    title = clean_inline(parsed.title) if parsed.title else None
    body = [clean_inline(line) for line in parsed.body]
    body = [line for line in body if line]
    if title and body and body[0].casefold() == title.casefold():
        body = body[1:]
    lines = ([title] if title else []) + body
    text = "\n".join(lines)
    if not text.strip():
        raise LoadError(doc.name, f"{loader}: no text found")
    if len(text) > MAX_ARTICLE_CHARS:
        raise LoadError(doc.name, too_long(loader, len(text)))
    found = extract.extract(text, vocab, has_title=bool(title))
    for term in parsed.mesh:
        entry = vocab.indication_by_mesh(term.id)
        if entry is not None and not any(
            m.kind == "indication" and m.key == entry.key for m in found.mentions
        ):
            found.mentions.append(extract.indication_ref(entry))
    level = parsed.level or extract.evidence_level(text, has_title=bool(title))
    extract.claim_levels(found.relations, level)
    source = SourceMeta(
        id=parsed.source_id or _article_id(title, parsed.date, text),
        kind="article",
        title=title,
        date=parsed.date,
        url=parsed.url,
        publisher=parsed.publisher,
        evidence_level=level,
        content_hash=_hash(raw),
        loader=loader,
        loader_version=LOADER_VERSION,
        path=doc.name,
    )
    return ArticleRecord(
        source=source,
        text=text,
        mentions=found.mentions,
        therapies=found.therapies,
        relations=found.relations,
        mesh=parsed.mesh,
        broader=found.broader,
    )


def too_long(loader: str, chars: int) -> str:
    return f"{loader}: article text too long ({chars} characters; limit {MAX_ARTICLE_CHARS})"


def level_from_publication_types(types: list[str]) -> EvidenceLevel | None:
    joined = " | ".join(t.lower() for t in types)
    if re.search(r"phase (?:iii|3|iv|4)\b", joined):
        return "pivotal"
    if re.search(r"phase (?:i|ii|1|2)\b", joined):
        return "early-clinical"
    return None


def load_json(doc: Document, loader: str) -> Any:
    try:
        return orjson.loads(doc.data)
    except orjson.JSONDecodeError as exc:
        raise LoadError(doc.name, f"{loader}: malformed JSON: {exc}") from None


def as_object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def canonical_json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
