"""PubTator3 exports (BioC JSON): ``PubTatorJsonLoader``, one source per PMID, disease
annotations with MeSH ids as MeSH terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tlkg.loaders.articles.common import (
    HEAD_BYTES,
    Parsed,
    as_list,
    as_object,
    as_str,
    canonical_json,
    clean_inline,
    iso_date,
    load_json,
    record,
)
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.loaders.records import ArticleRecord, MeshTerm
from tlkg.ontology.vocab import Vocabulary, normalise_mesh


class PubTatorJsonLoader:
    """PubTator3 BioC JSON export ``{"PubTator3": [document, ...]}``: one source per PMID
    from the title and abstract passages; disease annotations with MeSH ids become MeSH
    terms. PubTator's own relations are not imported (tlkg extracts its own)."""

    name = "pubtator-json"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[:HEAD_BYTES].lstrip()
        return head.startswith(b"{") and b'"PubTator3"' in head

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        data = load_json(doc, self.name)
        docs = data.get("PubTator3") if isinstance(data, dict) else None
        if not isinstance(docs, list) or not docs:
            yield LoadError(doc.name, f"{self.name}: PubTator3 holds no documents")
            return
        for i, item in enumerate(docs):
            if not isinstance(item, dict):
                yield LoadError(doc.name, f"{self.name}: document {i} is not an object")
                continue
            try:
                yield self._article(doc, vocab, item, i)
            except LoadError as exc:
                yield exc

    def _article(self, doc: Document, vocab: Vocabulary, item: dict, i: int) -> ArticleRecord:
        pmid = str(item.get("pmid") or item.get("id") or "").strip()
        if not pmid.isdigit():
            raise LoadError(doc.name, f"{self.name}: document {i} has no PMID")
        title, journal, year = "", None, None
        body: list[str] = []
        mesh: dict[str, MeshTerm] = {}
        for passage in as_list(item.get("passages")):
            if not isinstance(passage, dict):
                continue
            infons = as_object(passage.get("infons"))
            text = as_str(passage.get("text"))
            kind = str(infons.get("type") or "").lower()
            if kind == "title" and not title:
                title = clean_inline(text)
                citation = str(infons.get("journal") or "")
                journal = citation.split(".")[0].strip() or None
                year = str(infons.get("year") or "") or None
            elif kind == "abstract" and text.strip():
                body.append(text)
            for ann in as_list(passage.get("annotations")):
                a = as_object(as_object(ann).get("infons"))
                if a.get("type") != "Disease":
                    continue
                mid = str(a.get("normalized_id") or a.get("identifier") or "")
                mid = mid.removeprefix("MESH:")
                if re.fullmatch(r"[CD]\d+", mid):
                    norm = normalise_mesh(mid)
                    mesh.setdefault(
                        norm,
                        MeshTerm(
                            id=norm, term=str(a.get("name") or as_object(ann).get("text") or mid)
                        ),
                    )
        if not title:
            raise LoadError(doc.name, f"{self.name}: PMID {pmid} has no title passage")
        parsed = Parsed(
            title=title,
            body=body,
            date=iso_date(str(item.get("date") or "")) or iso_date(year),
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            publisher=str(item.get("journal") or "").strip() or journal,
            mesh=list(mesh.values()),
            source_id=f"pmid-{pmid}",
        )
        return record(doc, vocab, self.name, parsed, canonical_json(item))
