"""News articles as plain text or Markdown: ``parse_text_article`` (title, date, body
paragraphs) and ``TextArticleLoader``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tlkg.loaders.articles.common import (
    HEAD_BYTES,
    MAX_ARTICLE_CHARS,
    TAGS,
    Parsed,
    clean_inline,
    iso_date,
    record,
    strip_symbols,
    too_long,
)
from tlkg.loaders.articles.dates import HEAD_LINES, HEADER, find_date, is_date_only
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.ontology.vocab import Vocabulary

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*\n", re.DOTALL)
# Link texts, URLs and emphasised runs have bounded lengths: unbounded ones made a long
# line of unclosed "[" or "*x," quadratic.
_MD_LINK = re.compile(r"!\[[^\]]{0,300}\]\([^)]{0,2000}\)|\[([^\]]{1,300})\]\([^)]{0,2000}\)")
_MD_EMPHASIS = re.compile(
    r"\*\*(.{1,300}?)\*\*|__(.{1,300}?)__|(?<![\w*])\*(?!\s)(.{1,300}?)(?<!\s)\*(?![\w*])"
    r"|(?<!\w)_(?!\s)(.{1,300}?)(?<!\s)_(?!\w)"
)
_MD_PREFIX = re.compile(r"^(?:\s{0,3}(?:#{1,6}\s+|>\s?|[-*+•]\s+|\d{1,3}[.)]\s+))+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*```|^\s*\[[^\]]+\]:\s*\S+")


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data[:HEAD_BYTES]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:HEAD_BYTES])
    return text if printable >= 0.98 * min(len(text), HEAD_BYTES) else None


def _strip_markdown(line: str) -> str:
    line = _MD_PREFIX.sub("", line)
    line = _MD_LINK.sub(lambda m: m.group(1) or "", line)
    for _ in range(2):  # nested emphasis: ***x***
        line = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups() if g is not None), line)
    line = line.replace("`", "")
    return TAGS.sub("", line) if "<" in line else line


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    for line in m.group("body").splitlines():
        key, sep, value = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[m.end() :]


_DATE_KEYS = ("date", "published", "published_at", "publishdate", "pubdate",
              "publication_date", "date_published", "datepublished", "created")  # fmt: skip
_UPDATE_KEYS = ("updated", "modified", "lastmod", "date_modified", "datemodified")


def _front_matter_date(meta: dict[str, str]) -> str | None:
    for key in (*_DATE_KEYS, *_UPDATE_KEYS):
        date = iso_date(meta.get(key))
        if date:
            return date
    return None


def parse_text_article(text: str) -> Parsed:
    """Title, date and body paragraphs of a news article in text or Markdown.

    A ``Published: ...`` header is removed wherever it ends a line (on its own line, at
    the end of the title, at the end of a section heading), and so is a line near the top
    that is only a date. The date: the front matter's, else ``dates.find_date`` over the
    lines as written (labelled header, dateline, date line). A line repeated right after
    itself (a heading echoed by the page) is kept once."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, text = _front_matter(text)
    written: list[str] = []  # the lines with their headers, for the date
    lines: list[str] = []
    for raw in text.split("\n"):
        if _MD_RULE.match(raw):
            continue
        line = clean_inline(strip_symbols(_strip_markdown(raw))).strip(" *_")
        if line:
            written.append(line)
        m = HEADER.search(line)
        if m:
            line = line[: m.start()].strip(" *_|·•")
        if not line or (lines and line == lines[-1]):
            continue
        if len(lines) <= HEAD_LINES and is_date_only(line):
            continue
        lines.append(line)
    title = clean_inline(meta["title"]) if meta.get("title") else None
    if title is None:
        lines = _without_kickers(lines)
    if title is None and lines:
        title = lines.pop(0)
        if written and written[0] == title:
            written = written[1:]
    elif lines and title and lines[0].casefold() == title.casefold():
        lines.pop(0)
    return Parsed(
        title=title,
        body=lines,
        date=_front_matter_date(meta) or find_date(written, title),
        url=meta.get("url") or meta.get("canonical_url") or None,
        publisher=meta.get("publisher") or meta.get("source") or None,
    )


# A section label above the headline: "ANALYSIS", "NEWS IN BRIEF | DRUG DISCOVERY",
# "Abstract 2187 | 68th ASH Annual Meeting", "Session 704: Cellular Immunotherapies".
_KICKER_SEGMENT = re.compile(
    r"^(?:abstract|poster|session|oral\s+presentation|late-breaking)\b"
    r"|\b(?:oral|poster|abstract)\s+(?:abstract\s+)?session\b"
    # an analyst note's header ("Rating: Outperform | Price target: $58", "Company update")
    r"|^(?:rating|price\s+target|target\s+price|company\s+update|sector\s+update"
    r"|equity\s+research)\b|\b(?:annual\s+meeting|congress"
    r"|symposium|conference|forum|summit)\b",
    re.IGNORECASE,
)


def _is_kicker(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(line.split()) <= 8:
        return True
    if _meeting_name(line):
        return True
    segments = [s.strip() for s in re.split(r"\s[|·•]\s", line)]
    if len(segments) > 1:
        return any(_KICKER_SEGMENT.search(s) for s in segments)
    # "Annual Meeting 2026 - Retina Section - Poster Abstract B0417": dashes, a meeting first
    dashed = [s.strip() for s in re.split(r"\s(?:[-–—]|--)\s", line)]
    if len(dashed) > 1 and _KICKER_SEGMENT.search(dashed[0]):
        return True
    # "Session 704: ...", "Session: ...", "Abstract 2187" alone (never "Abstract 1187. <the
    # title>")
    return bool(
        re.match(
            r"(?:session|poster)\s+\w*\d+\w*\s*:|(?:session|track|category|analysts?)\s*:"
            r"|abstract\s+\w*\d+\w*\s*$",
            line,
            re.I,
        )
    )


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _meeting_name(line: str) -> bool:
    """A meeting's name and year above an abstract ("Atlantic Conference on Inflammatory
    Skin Disease 2026", "EMDS 2026 - European Myeloid Disorders Symposium"): a meeting
    word, a year, at most ten words and every word of four letters or more capitalised
    (a headline has lower-case words)."""
    if len(line.split()) > 10 or not _YEAR.search(line) or not _KICKER_SEGMENT.search(line):
        return False
    return all(w[0].isupper() for w in _LONG_WORD.findall(line))


def _without_kickers(lines: list[str]) -> list[str]:
    """The lines without the section labels above the headline (up to three), when a
    line that reads as a headline follows them."""
    n = 0
    while n < min(3, len(lines) - 1) and _is_kicker(lines[n]):
        n += 1
    # (a headline in capitals is longer than a label: "SELVANEPROCEL IN PARKINSON'S ...")
    if not n:
        return lines
    headline = any(c.islower() for c in lines[n]) or len(lines[n].split()) > 8
    return lines[n:] if headline else lines


def _looks_like_prose(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return False
    for sep in (",", "\t", ";", "|"):
        counts = [line.count(sep) for line in lines]
        if len(lines) >= 3 and min(counts) >= 2 and max(counts) == min(counts):
            return False  # a table (CSV, TSV)
    words = re.findall(r"[^\W\d_]{2,}", text[:HEAD_BYTES])
    visible = [ch for ch in text[:HEAD_BYTES] if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    return len(words) >= 30 and letters >= 0.7 * len(visible)


class TextArticleLoader:
    """News articles as plain text or Markdown: a title line, an optional
    ``Published: Mon DD, YYYY at HH:MM UTC`` header (or YAML-style front matter), body."""

    name = "article-text"

    def sniff(self, doc: Document) -> bool:
        text = _decode_text(doc.data[: 4 * HEAD_BYTES])
        if text is None:
            return False
        head = text.lstrip("\ufeff \t\r\n")
        if not head or head[0] in "<{[":
            return False
        if _FRONT_MATTER.match(head) or head.startswith("# "):
            return True
        if any(HEADER.search(line) for line in head.splitlines()[:40]):
            return True
        return _looks_like_prose(head)

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        text = _decode_text(doc.data)
        if text is None:
            yield LoadError(doc.name, f"{self.name}: not a text file (binary or unknown encoding)")
            return
        if len(text) > MAX_ARTICLE_CHARS:
            yield LoadError(doc.name, too_long(self.name, len(text)))
            return
        parsed = parse_text_article(text)
        if not parsed.title:
            yield LoadError(doc.name, f"{self.name}: no title line")
            return
        yield record(doc, vocab, self.name, parsed, doc.data)
