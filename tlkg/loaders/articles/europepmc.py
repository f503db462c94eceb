"""Europe PMC REST search results (JSON): ``EuropePmcJsonLoader``, one source per record. The
date is the print date when the record has one, else ``firstPublicationDate``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from tlkg.loaders.articles.common import (
    TAGS,
    Parsed,
    as_object,
    as_str,
    canonical_json,
    clean_inline,
    iso_date,
    level_from_publication_types,
    load_json,
    record,
)
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.loaders.records import ArticleRecord
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary

_INLINE_TAGS = re.compile(
    r"</?(?:i|b|em|strong|sup|sub|span|a|u|small|sc)(?:\s[^>]{0,300})?>", re.I
)


def _strip_tags(text: str | None) -> str:
    if not text:
        return ""
    text = _INLINE_TAGS.sub("", text)
    return clean_inline(html.unescape(TAGS.sub(" ", text)))


class EuropePmcJsonLoader:
    """Europe PMC REST search results ``{"resultList": {"result": [...]}}`` (LITE or CORE):
    one source per record, with title, journal, date and (CORE) abstract."""

    name = "europepmc-json"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[:65536].lstrip()
        return head.startswith(b"{") and b'"resultList"' in head

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        data = load_json(doc, self.name)
        results = data.get("resultList", {}) if isinstance(data, dict) else None
        results = results.get("result") if isinstance(results, dict) else None
        if not isinstance(results, list):
            yield LoadError(doc.name, f"{self.name}: resultList.result is not a list")
            return
        if not results:
            yield LoadError(doc.name, f"{self.name}: the search result has no records")
            return
        for i, rec in enumerate(results):
            if not isinstance(rec, dict):
                yield LoadError(doc.name, f"{self.name}: result {i} is not an object")
                continue
            try:
                yield self._article(doc, vocab, rec, i)
            except LoadError as exc:
                yield exc

    def _article(self, doc: Document, vocab: Vocabulary, rec: dict, i: int) -> ArticleRecord:
        pmid = str(rec.get("pmid") or "").strip()
        if not pmid and rec.get("source") == "MED":
            pmid = str(rec.get("id") or "").strip()
        if pmid and not pmid.isdigit():
            pmid = ""
        ext_id = str(rec.get("id") or "").strip()
        if pmid:
            source_id = f"pmid-{pmid}"
            url = f"https://europepmc.org/article/MED/{pmid}"
        elif ext_id:
            src = str(rec.get("source") or "europepmc")
            source_id = slugify(f"europepmc {src} {ext_id}")
            url = f"https://europepmc.org/article/{src}/{ext_id}"
        else:
            raise LoadError(doc.name, f"{self.name}: result {i} has neither pmid nor id")
        info = as_object(rec.get("journalInfo"))
        jinfo = as_object(info.get("journal"))
        book = as_object(rec.get("bookOrReportDetails"))
        journal = (
            str(rec.get("journalTitle") or "").strip()
            or str(jinfo.get("isoabbreviation") or jinfo.get("medlineAbbreviation") or "").strip()
            or str(jinfo.get("title") or "").strip()
            or str(book.get("publisher") or "").strip()
            or None
        )
        date = (
            iso_date(str(info.get("printPublicationDate") or ""))
            or iso_date(str(rec.get("firstPublicationDate") or ""))
            or iso_date(str(rec.get("electronicPublicationDate") or ""))
            or iso_date(str(rec.get("pubYear") or ""))
        )
        types: list[str] = []
        if isinstance(rec.get("pubType"), str):
            types = [t.strip() for t in rec["pubType"].split(";")]
        else:
            raw = as_object(rec.get("pubTypeList")).get("pubType") or []
            types = [str(t) for t in raw] if isinstance(raw, list) else [str(raw)]
        abstract = _strip_tags(as_str(rec.get("abstractText")))
        title = _strip_tags(as_str(rec.get("title")))
        if not title:
            raise LoadError(doc.name, f"{self.name}: record {source_id} has no title")
        parsed = Parsed(
            title=title,
            body=[abstract] if abstract else [],
            date=date,
            url=url,
            publisher=journal,
            level=level_from_publication_types(types),
            source_id=source_id,
        )
        return record(doc, vocab, self.name, parsed, canonical_json(rec))
