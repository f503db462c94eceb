"""Article loaders: news text and Markdown, HTML pages, PubMed efetch XML, Europe PMC
search results and PubTator3 exports. Each yields one ``ArticleRecord`` per source.

Formats are told apart by content (``sniff``), never by file name. Every loader ends in
``_record``: the text the offsets refer to is the title line, then the body paragraphs one
a line; ``tlkg.loaders.text.extract`` finds the entities and relations in it.

Source ids: ``pmid-<PMID>`` for PubMed, Europe PMC and PubTator records (so one paper is
one source whichever file it came from); for other articles a slug of title and date, so
the same article loaded again gets the same id.

Dates: PubMed gives the journal issue date (``PubDate``; the electronic date when there is
none), Europe PMC the print date when the record has one, else ``firstPublicationDate``,
PubTator its ``date``. Journal names are the abbreviations PubMed and Europe PMC share
(``N Engl J Med``), so one paper gets the same publisher from either.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from lxml import etree

from tlkg.loaders.records import ArticleRecord, EvidenceLevel, MeshTerm, SourceMeta
from tlkg.loaders.registry import Document, Loader, LoadError, SourceRecord
from tlkg.loaders.text import extract
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary, normalise_mesh

LOADER_VERSION = "1.0"
# A news article or abstract is a few KB, a long review ~150 KB: refuse megabytes, which
# would only cost minutes of extraction (checked on the raw text too, before parsing).
MAX_ARTICLE_CHARS = 1_000_000
MAX_HTML_BYTES = 8 * 1024 * 1024  # trafilatura takes ~4 s per MB
_HEAD = 8192

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_TEXT = (
    rf"{_MONTH_NAME}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH_NAME}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
)
# "Published: Mar 25, 2026 at 12:00 UTC" (also "Published on", "Updated:", ISO dates),
# with any pictograph or markup just before it; it may end a title or heading line.
_HEADER = re.compile(
    rf"[\s*_]{{0,4}}(?:Published|Posted|Updated|Date)(?:\s+on)?\s*:?\s*(?P<date>{_DATE_TEXT})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,5})?)?"
    r"[\s*_]*$",
    re.IGNORECASE,
)
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
_TAGS = re.compile(r"<[^>]{0,500}>")
_INLINE_TAGS = re.compile(
    r"</?(?:i|b|em|strong|sup|sub|span|a|u|small|sc)(?:\s[^>]{0,300})?>", re.I
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------
def iso_date(text: str | None) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from the date spellings articles use."""
    if not text:
        return None
    s = text.strip()
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", s)
    if m:
        return "-".join(g for g in m.groups() if g)
    m = re.match(rf"^({_MONTH_NAME})\s+(\d{{1,2}}),?\s+(\d{{4}})", s, re.I)
    if m:
        month = _MONTHS.get(m.group(1)[:3].lower())
        if month:
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(2)):02d}"
    m = re.match(rf"^(\d{{1,2}})\s+({_MONTH_NAME})\s+(\d{{4}})", s, re.I)
    if m:
        month = _MONTHS.get(m.group(2)[:3].lower())
        if month:
            return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(1)):02d}"
    m = re.match(r"^(\d{4})$", s)
    return m.group(1) if m else None


def _clean_inline(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _strip_symbols(text: str) -> str:
    """Drop pictographs and decorative symbols (📷, ★) and invisible joiners."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "So" or ch in "\ufe0f\u200d\u200b\ufeff" or cat == "Cs":
            continue
        out.append(ch)
    return "".join(out)


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data[:_HEAD]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:_HEAD])
    return text if printable >= 0.98 * min(len(text), _HEAD) else None


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _article_id(title: str | None, date: str | None, text: str) -> str:
    if title:
        return slugify(f"{title} {date}" if date else title)
    return "article-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class _Parsed:
    title: str | None
    body: list[str]
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    mesh: list[MeshTerm] = field(default_factory=list)
    level: EvidenceLevel | None = None
    source_id: str | None = None


def _record(
    doc: Document, vocab: Vocabulary, loader: str, parsed: _Parsed, raw: bytes
) -> ArticleRecord:
    title = _clean_inline(parsed.title) if parsed.title else None
    body = [_clean_inline(line) for line in parsed.body]
    body = [line for line in body if line]
    if title and body and body[0].casefold() == title.casefold():
        body = body[1:]
    lines = ([title] if title else []) + body
    text = "\n".join(lines)
    if not text.strip():
        raise LoadError(doc.name, f"{loader}: no text found")
    if len(text) > MAX_ARTICLE_CHARS:
        raise LoadError(doc.name, _too_long(loader, len(text)))
    found = extract.extract(text, vocab, has_title=bool(title))
    for term in parsed.mesh:
        entry = vocab.indication_by_mesh(term.id)
        if entry is not None and not any(
            m.kind == "indication" and m.key == entry.key for m in found.mentions
        ):
            found.mentions.append(extract.indication_ref(entry))
    level = parsed.level or extract.evidence_level(text, has_title=bool(title))
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
    )


def _too_long(loader: str, chars: int) -> str:
    return f"{loader}: article text too long ({chars} characters; limit {MAX_ARTICLE_CHARS})"


def _level_from_publication_types(types: list[str]) -> EvidenceLevel | None:
    joined = " | ".join(t.lower() for t in types)
    if re.search(r"phase (?:iii|3|iv|4)\b", joined):
        return "pivotal"
    if re.search(r"phase (?:i|ii|1|2)\b", joined):
        return "early-clinical"
    return None


# ---------------------------------------------------------------------------------------
# Plain text and Markdown news articles
# ---------------------------------------------------------------------------------------
def _strip_markdown(line: str) -> str:
    line = _MD_PREFIX.sub("", line)
    line = _MD_LINK.sub(lambda m: m.group(1) or "", line)
    for _ in range(2):  # nested emphasis: ***x***
        line = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups() if g is not None), line)
    line = line.replace("`", "")
    return _TAGS.sub("", line) if "<" in line else line


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


def parse_text_article(text: str) -> _Parsed:
    """Title, date and body paragraphs of a news article in text or Markdown.

    The ``Published: ...`` header is removed wherever it appears (on its own line, at the
    end of the title, at the end of a section heading); the first one gives the date. A
    line repeated right after itself (a heading echoed by the page) is kept once."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, text = _front_matter(text)
    date = iso_date(meta.get("date") or meta.get("published"))
    lines: list[str] = []
    for raw in text.split("\n"):
        if _MD_RULE.match(raw):
            continue
        line = _strip_symbols(_strip_markdown(raw))
        m = _HEADER.search(line)
        if m:
            date = date or iso_date(m.group("date"))
            line = line[: m.start()]
        line = _clean_inline(_strip_symbols(line)).strip(" *_")
        if not line or (lines and line == lines[-1]):
            continue
        lines.append(line)
    title = _clean_inline(meta["title"]) if meta.get("title") else None
    if title is None and lines:
        title = lines.pop(0)
    elif lines and title and lines[0].casefold() == title.casefold():
        lines.pop(0)
    return _Parsed(
        title=title,
        body=lines,
        date=date,
        url=meta.get("url") or meta.get("canonical_url") or None,
        publisher=meta.get("publisher") or meta.get("source") or None,
    )


def _looks_like_prose(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return False
    for sep in (",", "\t", ";", "|"):
        counts = [line.count(sep) for line in lines]
        if len(lines) >= 3 and min(counts) >= 2 and max(counts) == min(counts):
            return False  # a table (CSV, TSV)
    words = re.findall(r"[^\W\d_]{2,}", text[:_HEAD])
    visible = [ch for ch in text[:_HEAD] if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    return len(words) >= 30 and letters >= 0.7 * len(visible)


class TextArticleLoader:
    """News articles as plain text or Markdown: a title line, an optional
    ``Published: Mon DD, YYYY at HH:MM UTC`` header (or YAML-style front matter), body."""

    name = "article-text"

    def sniff(self, doc: Document) -> bool:
        text = _decode_text(doc.data[: 4 * _HEAD])
        if text is None:
            return False
        head = text.lstrip("\ufeff \t\r\n")
        if not head or head[0] in "<{[":
            return False
        if _FRONT_MATTER.match(head) or head.startswith("# "):
            return True
        if any(_HEADER.search(line) for line in head.splitlines()[:40]):
            return True
        return _looks_like_prose(head)

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        text = _decode_text(doc.data)
        if text is None:
            yield LoadError(doc.name, f"{self.name}: not a text file (binary or unknown encoding)")
            return
        if len(text) > MAX_ARTICLE_CHARS:
            yield LoadError(doc.name, _too_long(self.name, len(text)))
            return
        parsed = parse_text_article(text)
        if not parsed.title:
            yield LoadError(doc.name, f"{self.name}: no title line")
            return
        yield _record(doc, vocab, self.name, parsed, doc.data)


# ---------------------------------------------------------------------------------------
# HTML pages (main text and metadata by trafilatura)
# ---------------------------------------------------------------------------------------
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


class HtmlArticleLoader:
    """A web page: trafilatura finds the main text, title, date, canonical URL and site."""

    name = "article-html"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[: 4 * _HEAD].lstrip()
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
        title = _strip_symbols(html.unescape(meta.get("title") or "")).strip() or None
        body = [_strip_symbols(line) for line in body_text.splitlines()]
        if title is None:
            title = next((line for line in body if line.strip()), None)
        url = meta.get("url") or None
        publisher = meta.get("sitename") or meta.get("hostname") or None
        parsed = _Parsed(
            title=title,
            body=body,
            date=iso_date(meta.get("date")),
            url=url,
            publisher=publisher,
        )
        yield _record(doc, vocab, self.name, parsed, doc.data)


# ---------------------------------------------------------------------------------------
# PubMed efetch XML
# ---------------------------------------------------------------------------------------
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
    return _clean_inline(" ".join("".join(el.itertext()).split())) if el is not None else ""


def _xml_date(el: Any) -> str | None:
    if el is None:
        return None
    year = (el.findtext("Year") or "").strip()
    if not year:
        medline = (el.findtext("MedlineDate") or "").strip()
        m = re.match(r"(\d{4})(?:\s+([A-Za-z]{3}))?", medline)
        if not m:
            return None
        month = _MONTHS.get((m.group(2) or "").lower())
        return f"{m.group(1)}-{month:02d}" if month else m.group(1)
    month_raw = (el.findtext("Month") or "").strip()
    month = int(month_raw) if month_raw.isdigit() else _MONTHS.get(month_raw[:3].lower())
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
        head = doc.data[:_HEAD].lstrip()
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
        parsed = _Parsed(
            title=title or None,
            body=abstract,
            date=date,
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            publisher=journal,
            mesh=mesh,
            level=_level_from_publication_types(types),
            source_id=f"pmid-{pmid}",
        )
        return _record(doc, vocab, self.name, parsed, etree.tostring(item))


# ---------------------------------------------------------------------------------------
# Europe PMC search results (JSON)
# ---------------------------------------------------------------------------------------
def _json(doc: Document, loader: str) -> Any:
    try:
        return orjson.loads(doc.data)
    except orjson.JSONDecodeError as exc:
        raise LoadError(doc.name, f"{loader}: malformed JSON: {exc}") from None


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _arr(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strip_tags(text: str | None) -> str:
    if not text:
        return ""
    text = _INLINE_TAGS.sub("", text)
    return _clean_inline(html.unescape(_TAGS.sub(" ", text)))


def _canonical_json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


class EuropePmcJsonLoader:
    """Europe PMC REST search results ``{"resultList": {"result": [...]}}`` (LITE or CORE):
    one source per record, with title, journal, date and (CORE) abstract."""

    name = "europepmc-json"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[:65536].lstrip()
        return head.startswith(b"{") and b'"resultList"' in head

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        data = _json(doc, self.name)
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
        info = _obj(rec.get("journalInfo"))
        jinfo = _obj(info.get("journal"))
        book = _obj(rec.get("bookOrReportDetails"))
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
            raw = _obj(rec.get("pubTypeList")).get("pubType") or []
            types = [str(t) for t in raw] if isinstance(raw, list) else [str(raw)]
        abstract = _strip_tags(_str(rec.get("abstractText")))
        title = _strip_tags(_str(rec.get("title")))
        if not title:
            raise LoadError(doc.name, f"{self.name}: record {source_id} has no title")
        parsed = _Parsed(
            title=title,
            body=[abstract] if abstract else [],
            date=date,
            url=url,
            publisher=journal,
            level=_level_from_publication_types(types),
            source_id=source_id,
        )
        return _record(doc, vocab, self.name, parsed, _canonical_json(rec))


# ---------------------------------------------------------------------------------------
# PubTator3 export (BioC JSON)
# ---------------------------------------------------------------------------------------
class PubTatorJsonLoader:
    """PubTator3 BioC JSON export ``{"PubTator3": [document, ...]}``: one source per PMID
    from the title and abstract passages; disease annotations with MeSH ids become MeSH
    terms. PubTator's own relations are not imported (tlkg extracts its own)."""

    name = "pubtator-json"

    def sniff(self, doc: Document) -> bool:
        head = doc.data[:_HEAD].lstrip()
        return head.startswith(b"{") and b'"PubTator3"' in head

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]:
        data = _json(doc, self.name)
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
        for passage in _arr(item.get("passages")):
            if not isinstance(passage, dict):
                continue
            infons = _obj(passage.get("infons"))
            text = _str(passage.get("text"))
            kind = str(infons.get("type") or "").lower()
            if kind == "title" and not title:
                title = _clean_inline(text)
                citation = str(infons.get("journal") or "")
                journal = citation.split(".")[0].strip() or None
                year = str(infons.get("year") or "") or None
            elif kind == "abstract" and text.strip():
                body.append(text)
            for ann in _arr(passage.get("annotations")):
                a = _obj(_obj(ann).get("infons"))
                if a.get("type") != "Disease":
                    continue
                mid = str(a.get("normalized_id") or a.get("identifier") or "")
                mid = mid.removeprefix("MESH:")
                if re.fullmatch(r"[CD]\d+", mid):
                    norm = normalise_mesh(mid)
                    mesh.setdefault(
                        norm,
                        MeshTerm(id=norm, term=str(a.get("name") or _obj(ann).get("text") or mid)),
                    )
        if not title:
            raise LoadError(doc.name, f"{self.name}: PMID {pmid} has no title passage")
        parsed = _Parsed(
            title=title,
            body=body,
            date=iso_date(str(item.get("date") or "")) or iso_date(year),
            url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            publisher=str(item.get("journal") or "").strip() or journal,
            mesh=list(mesh.values()),
            source_id=f"pmid-{pmid}",
        )
        return _record(doc, vocab, self.name, parsed, _canonical_json(item))


# Order matters: the specific formats first, free text last.
LOADERS: list[Loader] = [
    PubMedXmlLoader(),
    EuropePmcJsonLoader(),
    PubTatorJsonLoader(),
    HtmlArticleLoader(),
    TextArticleLoader(),
]
