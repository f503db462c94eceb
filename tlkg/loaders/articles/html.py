"""Web pages: ``HtmlArticleLoader``, with the main text and metadata found by trafilatura.
Tables are kept, one "| a | b |" line per row: a pipeline table ties names to codes. Fact
boxes (``<aside>`` inside the article's ``<article>`` or ``<main>``, not a list of links
such as "Related"), which trafilatura drops as page furniture, are appended one line per
item, a row of cells as "label: value": "Programme: LNY-305 (vora-cel)" is often the only
place a code and its short form meet.

The date: the page's markup first (htmldate without its text search: publication meta
tags such as ``article:published_time`` and ``citation_publication_date``, JSON-LD
``datePublished``, ``<time>``, the URL), else the text rules of ``dates.find_date``
(labelled header, dateline, date line) over the main text. Never a date merely mentioned
in the text (trafilatura's extensive search took "data presented on June 2, 2025").
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from tlkg.loaders.articles.common import HEAD_BYTES, Parsed, iso_date, record, strip_symbols
from tlkg.loaders.articles.dates import find_date
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.ontology.vocab import Vocabulary

MAX_HTML_BYTES = 8 * 1024 * 1024  # trafilatura takes ~4 s per MB
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


# The newest date the markup may give: a publication date is never far in the future, but
# the clock of the machine loading it is no authority (htmldate's default is today).
_LATEST = "2100-12-31"


def _markup_date(data: bytes) -> str | None:
    """The publication date the page's markup declares, or None."""
    from htmldate import find_date as markup_date  # with trafilatura, only for a page

    try:
        found = markup_date(
            data,
            extensive_search=False,
            original_date=True,
            max_date=_LATEST,
        )
    except (ValueError, TypeError):
        return None
    return iso_date(found)


class HtmlArticleLoader:
    """A web page: trafilatura finds the main text, title, date, canonical URL and site."""

    name = "article-html"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[: 4 * HEAD_BYTES].lstrip()
        return bool(_HTML_SNIFF.search(head)) and b"<PubmedArticle" not in head

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        import trafilatura  # heavy import, only when a page is loaded

        if len(doc.data) > MAX_HTML_BYTES:
            yield LoadError(
                doc.name,
                f"{self.name}: page too large ({len(doc.data)} bytes; limit {MAX_HTML_BYTES})",
            )
            return
        result = trafilatura.bare_extraction(
            doc.data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
        if result is None:
            yield LoadError(doc.name, f"{self.name}: no main text found in the page")
            return
        meta: dict[str, Any] = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        body_text = meta.get("text") or ""
        if not body_text.strip():
            yield LoadError(doc.name, f"{self.name}: no main text found in the page")
            return
        title = strip_symbols(html.unescape(meta.get("title") or "")).strip() or None
        body = [strip_symbols(line) for line in body_text.splitlines()]
        body += _fact_box_lines(doc.data, set(body))
        if title is None:
            title = next((line for line in body if line.strip()), None)
        url = meta.get("url") or None
        publisher = meta.get("sitename") or meta.get("hostname") or None
        parsed = Parsed(
            title=title,
            body=body,
            date=_markup_date(doc.data) or find_date(body, title),
            url=url,
            publisher=publisher,
        )
        yield record(doc, vocab, self.name, parsed, doc.data)


# The headings of an aside that lists other pages, not facts of this one.
_OTHER_PAGES = re.compile(
    r"(?:related|most\s+(?:read|popular|viewed)|more\s+(?:from|on|stories)|read\s+more|see\s+also"
    r"|popular|trending|recommended|further\s+reading|latest)\b",
    re.IGNORECASE,
)
# The blocks of a fact box that each make one line.
_BOX_LINES = "li|p|h1|h2|h3|h4|h5|h6|dt|dd|tr"


def _fact_box_lines(data: bytes, seen: set[str]) -> list[str]:
    """The lines of the fact boxes inside the article (``<aside>`` within ``<article>`` or
    ``<main>``) that the main text lacks, each block's text on one line."""
    if b"<aside" not in data.lower():
        return []
    import lxml.html  # with trafilatura, only for a page

    try:
        root = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return []
    out: list[str] = []
    for aside in root.xpath("//article//aside | //main//aside"):
        if _mostly_links(aside) or _OTHER_PAGES.match(_text(aside)):
            continue  # "Related" and "Most read" lists: other pages' headlines
        blocks = aside.xpath(f".//*[{' or '.join(f'self::{t}' for t in _BOX_LINES.split('|'))}]")
        for block in blocks or [aside]:
            cells = block.xpath("./th | ./td") if block.tag == "tr" else []
            # a row "<th>Programme</th><td>X</td>" reads "Programme: X", as a label line
            line = strip_symbols(": ".join(map(_text, cells)) if cells else _text(block))
            if line and line not in seen:
                seen.add(line)
                out.append(line)
    return out


def _mostly_links(element: Any) -> bool:
    """Is at least half of the element's text the text of its links?"""
    total = len("".join(element.text_content().split()))
    linked = sum(len("".join(a.text_content().split())) for a in element.iter("a"))
    return total == 0 or 2 * linked >= total


def _text(element: Any) -> str:
    """The element's text, its pieces joined by single spaces ("<h3>Most read</h3><li>A"
    reads "Most read A", not "Most readA")."""
    return " ".join(" ".join(element.itertext()).split())
