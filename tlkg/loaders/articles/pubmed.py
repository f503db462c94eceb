"""PubMed efetch XML: ``PubMedXmlLoader``, one source per PMID. The date is the journal issue
date (``PubDate``; the electronic date when there is none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from tlkg.loaders.articles.common import (
    HEAD_BYTES,
    MONTHS,
    Parsed,
    clean_inline,
    level_from_publication_types,
    record,
)
from tlkg.loaders.base import Document, LoadError, SourceRecord
from tlkg.loaders.records import ArticleRecord, MeshTerm
from tlkg.ontology.vocab import Vocabulary, normalise_mesh

_XML_PARSER_OPTS: dict[str, Any] = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def _itertext(el: Any) -> str:
    return clean_inline(" ".join("".join(el.itertext()).split())) if el is not None else ""


def _xml_date(el: Any) -> str | None:
    if el is None:
        return None
    year = (el.findtext("Year") or "").strip()
    if not year:
        medline = (el.findtext("MedlineDate") or "").strip()
        m = re.match(r"(\d{4})(?:\s+([A-Za-z]{3}))?", medline)
        if not m:
            return None
        month = MONTHS.get((m.group(2) or "").lower())
        return f"{m.group(1)}-{month:02d}" if month else m.group(1)
    month_raw = (el.findtext("Month") or "").strip()
    month = int(month_raw) if month_raw.isdigit() else MONTHS.get(month_raw[:3].lower())
    if not month or not 1 <= month <= 12:
        return year
    day_raw = (el.findtext("Day") or "").strip()
    if day_raw.isdigit() and 1 <= int(day_raw) <= 31:
        return f"{year}-{month:02d}-{int(day_raw):02d}"
    return f"{year}-{month:02d}"


def _parse_xml(doc: Document, loader: str) -> Any:
    head = doc.data[: 64 * 1024]
    if re.search(rb"<!ENTITY", head, re.IGNORECASE):
        raise LoadError(doc.name, f"{loader}: XML entity declarations are not allowed")
    parser = etree.XMLParser(**_XML_PARSER_OPTS)
    try:
        return etree.fromstring(doc.data, parser)
    except etree.XMLSyntaxError as exc:
        raise LoadError(doc.name, f"{loader}: malformed XML: {exc}") from None


class PubMedXmlLoader:
    """PubMed efetch XML (``PubmedArticleSet``): one source per PMID with title, abstract,
    journal, date and MeSH descriptors. Entities are never expanded, DTDs never fetched."""

    name = "pubmed-xml"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[:HEAD_BYTES].lstrip()
        return head.startswith(b"<") and (
            b"<PubmedArticleSet" in head or b"<PubmedArticle>" in head or b"<PubmedArticle " in head
        )

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        root = _parse_xml(doc, self.name)
        if root.tag == "PubmedArticle":
            items = [root]
        elif root.tag == "PubmedArticleSet":
            items = list(root)
        else:
            yield LoadError(doc.name, f"{self.name}: root element <{root.tag}> is not PubMed XML")
            return
        count = 0
        for item in items:
            if not isinstance(item.tag, str):
                continue
            if item.tag == "PubmedBookArticle":
                pmid = (item.findtext("BookDocument/PMID") or "?").strip()
                yield LoadError(
                    doc.name, f"{self.name}: PMID {pmid} is a book record (unsupported)"
                )
                continue
            if item.tag != "PubmedArticle":
                continue
            count += 1
            try:
                yield self._article(doc, vocab, item)
            except LoadError as exc:
                yield exc
        if count == 0:
            yield LoadError(doc.name, f"{self.name}: no PubmedArticle records")

    def _article(self, doc: Document, vocab: Vocabulary, item: Any) -> ArticleRecord:
        cit = item.find("MedlineCitation")
        pmid = (cit.findtext("PMID") if cit is not None else "") or ""
        pmid = pmid.strip()
        if not pmid.isdigit():
            raise LoadError(doc.name, f"{self.name}: a PubmedArticle has no PMID")
        art = cit.find("Article")
        if art is None:
            raise LoadError(doc.name, f"{self.name}: PMID {pmid} has no Article element")
        title = _itertext(art.find("ArticleTitle")) or _itertext(art.find("VernacularTitle"))
        abstract = []
        for part in art.findall("Abstract/AbstractText"):
            content = _itertext(part)
            label = (part.get("Label") or "").strip()
            if content:
                abstract.append(f"{label}: {content}" if label else content)
        journal_el = art.find("Journal")
        journal = None
        if journal_el is not None:
            journal = (
                (journal_el.findtext("ISOAbbreviation") or "").strip()
                or (cit.findtext("MedlineJournalInfo/MedlineTA") or "").strip()
                or _itertext(journal_el.find("Title"))
                or None
            )
        date = _xml_date(art.find("Journal/JournalIssue/PubDate")) or _xml_date(
            art.find("ArticleDate")
        )
        if date is None:
            for hist in item.findall("PubmedData/History/PubMedPubDate"):
                if hist.get("PubStatus") in ("pubmed", "entrez"):
                    date = _xml_date(hist)
                    break
        mesh = []
        for desc in cit.findall("MeshHeadingList/MeshHeading/DescriptorName"):
            ui, term = (desc.get("UI") or "").strip(), _itertext(desc)
            if ui and term:
                mesh.append(MeshTerm(id=normalise_mesh(ui), term=term))
        types = [_itertext(t) for t in art.findall("PublicationTypeList/PublicationType")]
        parsed = Parsed(
            title=title or None,
            body=abstract,
            date=date,
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            publisher=journal,
            mesh=mesh,
            level=level_from_publication_types(types),
            source_id=f"pmid-{pmid}",
        )
        return record(doc, vocab, self.name, parsed, etree.tostring(item))
