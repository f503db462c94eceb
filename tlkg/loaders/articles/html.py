"""Web pages: ``HtmlArticleLoader``, with the main text and metadata found by trafilatura."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from tlkg.loaders.articles.common import HEAD_BYTES, Parsed, iso_date, record, strip_symbols
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.ontology.vocab import Vocabulary

MAX_HTML_BYTES = 8 * 1024 * 1024  # trafilatura takes ~4 s per MB
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


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
            include_tables=False,
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
        if title is None:
            title = next((line for line in body if line.strip()), None)
        url = meta.get("url") or None
        publisher = meta.get("sitename") or meta.get("hostname") or None
        parsed = Parsed(
            title=title,
            body=body,
            date=iso_date(meta.get("date")),
            url=url,
            publisher=publisher,
        )
        yield record(doc, vocab, self.name, parsed, doc.data)
