"""Article loaders: text/Markdown news, HTML pages, PubMed XML, Europe PMC and PubTator
JSON. Each test goes through ``registry.parse_document`` with the article loaders only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tlkg.loaders import articles
from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.records import ArticleRecord
from tlkg.loaders.registry import parse_document
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
FOUNDING = FIXTURES / "articles" / "in-vivo-car-t-faster-path-2026-03-25.txt"
LIT = FIXTURES / "literature"


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def load(data: bytes | str, vocab: Vocabulary, name: str = "doc") -> list:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return list(parse_document(Document(name, raw), vocab, loaders=articles.LOADERS))


def one(data: bytes | str, vocab: Vocabulary, name: str = "doc") -> ArticleRecord:
    out = load(data, vocab, name)
    assert len(out) == 1, out
    assert isinstance(out[0], ArticleRecord), out[0]
    return out[0]


# ---- the founding article -------------------------------------------------------------------
def test_founding_article_metadata(vocab):
    data = FOUNDING.read_bytes()
    rec = one(data, vocab, str(FOUNDING))
    src = rec.source
    assert src.title == "In vivo CAR-T: A faster path—or just another promise?"
    assert src.date == "2026-03-25"
    assert src.kind == "article"
    assert src.evidence_level == "early-clinical"
    assert src.content_hash == hashlib.sha256(data).hexdigest()
    assert src.loader == "article-text" and src.loader_version == articles.LOADER_VERSION
    assert src.id == slugify(f"{src.title} {src.date}")
    assert src.path == str(FOUNDING)


def test_founding_article_text_has_no_header_and_no_repeated_heading(vocab):
    rec = one(FOUNDING.read_bytes(), vocab)
    assert "Published" not in rec.text and "📷" not in rec.text
    assert rec.text.startswith("In vivo CAR-T: A faster path—or just another promise?\n")
    heading = "Evidence level: early clinical, with real limits on what we know"
    assert rec.text.count(heading) == 1
    assert "Early clinical data reveals mechanistic insights in multiple myeloma" in rec.text


def test_same_article_same_id_and_edit_changes_hash_only(vocab):
    data = FOUNDING.read_bytes()
    a, b = one(data, vocab), one(data, vocab, "elsewhere/copy.txt")
    assert a.source.id == b.source.id and a.source.content_hash == b.source.content_hash
    edited = one(data + b"\nA closing line added later.", vocab)
    assert edited.source.id == a.source.id
    assert edited.source.content_hash != a.source.content_hash


def test_evidence_offsets_index_the_record_text(vocab):
    rec = one(FOUNDING.read_bytes(), vocab)
    assert rec.relations
    for rel in rec.relations:
        ev = rel.evidence
        assert rec.text[ev.start : ev.end] == ev.sentence


# ---- other text layouts -------------------------------------------------------------------
MARKDOWN = """---
title: Bispecifics in the community
date: 2025-03-18
url: https://example.org/bispecifics
publisher: Example News
---

# Bispecifics in the community

*Published: Mar 18, 2025 at 07:00 UTC*

**Teclistamab** is a [BCMA-directed](https://example.org/bcma) bispecific antibody.

> Cytokine release syndrome was reported in most patients.
"""


def test_markdown_front_matter_and_markup(vocab):
    rec = one(MARKDOWN, vocab)
    assert rec.source.title == "Bispecifics in the community"
    assert rec.source.date == "2025-03-18"
    assert rec.source.url == "https://example.org/bispecifics"
    assert rec.source.publisher == "Example News"
    assert "**" not in rec.text and "](" not in rec.text and "Published" not in rec.text
    assert "Teclistamab is a BCMA-directed bispecific antibody." in rec.text
    assert rec.text.count("Bispecifics in the community") == 1
    assert [t.key for t in rec.therapies] == ["teclistamab"]


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("Published: Mar 25, 2026 at 12:00 UTC", "2026-03-25"),
        ("Published on 4 June 2025", "2025-06-04"),
        ("Date: 2024-11-20", "2024-11-20"),
        ("Updated: September 3, 2025, 9:15 AM EDT", "2025-09-03"),
    ],
)
def test_date_headers(vocab, header, date):
    rec = one(f"A title for the piece\n{header}\n\n{'Some body text here. ' * 10}", vocab)
    assert rec.source.date == date
    assert header.split(":")[0] not in rec.text.split("\n", 1)[1]


def test_plain_prose_without_header_loads_with_no_date(vocab):
    rec = one(
        "Teclistamab news\n\n" + "Teclistamab is a bispecific antibody for myeloma. " * 5, vocab
    )
    assert rec.source.title == "Teclistamab news" and rec.source.date is None


# ---- HTML ----------------------------------------------------------------------------------
HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>FDA approves teclistamab | Onco News</title>
<meta property="og:title" content="FDA approves teclistamab for myeloma">
<meta property="og:site_name" content="Onco News">
<meta property="article:published_time" content="2024-05-02T10:00:00Z">
<link rel="canonical" href="https://onconews.example/teclistamab-approval">
</head><body><nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
<article><h1>FDA approves teclistamab for myeloma</h1>
<p>The FDA approved teclistamab, a BCMA-directed bispecific antibody from Johnson &amp; Johnson,
for adults with relapsed or refractory multiple myeloma after four prior lines of therapy.</p>
<p>Cytokine release syndrome occurred in 72% of patients in the pivotal study, which is why
the label requires step-up dosing and hospitalisation for the first doses.</p></article>
<footer>Copyright 2024 Onco News. Subscribe to our newsletter.</footer></body></html>"""


def test_html_page_metadata_and_main_text(vocab):
    rec = one(HTML, vocab, "page.html")
    src = rec.source
    assert src.loader == "article-html"
    assert src.title == "FDA approves teclistamab for myeloma"
    assert src.date == "2024-05-02"
    assert src.url == "https://onconews.example/teclistamab-approval"
    assert src.publisher == "Onco News"
    assert src.evidence_level == "approved"
    assert "Subscribe" not in rec.text and "About us" not in rec.text
    assert rec.text.count("FDA approves teclistamab for myeloma") == 1
    kinds = {(r.kind, r.subject.key, r.object.key) for r in rec.relations}
    assert ("developed_by", "teclistamab", "johnson-johnson") in kinds
    assert ("faces_barrier", "teclistamab", "cytokine-release-syndrome") in kinds


def test_html_without_main_text_is_an_error(vocab):
    out = load("<html><head><title>x</title></head><body></body></html>", vocab, "empty.html")
    assert len(out) == 1 and isinstance(out[0], LoadError)
    assert "empty.html" in str(out[0])


# ---- PubMed XML ----------------------------------------------------------------------------
def test_pubmed_efetch_record(vocab):
    rec = one((LIT / "efetch_citation_22663011.xml").read_bytes(), vocab)
    src = rec.source
    assert src.id == "pmid-22663011"
    assert src.title == "Improved survival with MEK inhibition in BRAF-mutated melanoma."
    assert src.date == "2012-07-12"
    assert src.publisher == "N Engl J Med"
    assert src.url == "https://pubmed.ncbi.nlm.nih.gov/22663011/"
    assert src.evidence_level == "pivotal"  # PublicationType "Clinical Trial, Phase III"
    assert src.loader == "pubmed-xml"
    assert ("D008545", "Melanoma") in {(m.id, m.term) for m in rec.mesh}
    assert "BACKGROUND: Activating mutations" in rec.text
    assert "trametinib" in {t.key for t in rec.therapies}


PUBMED_TWO = """<?xml version="1.0"?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>111</PMID><Article><Journal><JournalIssue><PubDate>
<MedlineDate>2019 Jul-Aug</MedlineDate></PubDate></JournalIssue><Title>Blood</Title></Journal>
<ArticleTitle>A <i>first</i> title.</ArticleTitle></Article></MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>222</PMID><Article><Journal><JournalIssue><PubDate>
<Year>2020</Year><Month>Mar</Month></PubDate></JournalIssue><ISOAbbreviation>Lancet</ISOAbbreviation>
</Journal><ArticleTitle>Second title.</ArticleTitle><Abstract><AbstractText>In mice, a
CAR-T product cleared tumours.</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>"""


def test_pubmed_set_gives_one_source_per_pmid(vocab):
    out = load(PUBMED_TWO, vocab)
    assert [r.source.id for r in out] == ["pmid-111", "pmid-222"]
    first, second = out
    assert first.source.title == "A first title." and first.source.date == "2019-07"
    assert first.source.publisher == "Blood"
    assert second.source.date == "2020-03" and second.source.publisher == "Lancet"
    assert second.source.evidence_level == "preclinical"
    assert first.source.content_hash != second.source.content_hash


@pytest.mark.parametrize(
    "payload",
    [
        # billion laughs
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        "<PubmedArticleSet><PubmedArticle>&lol2;</PubmedArticle></PubmedArticleSet>",
        # external entity
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<PubmedArticleSet><PubmedArticle>&xxe;</PubmedArticle></PubmedArticleSet>",
    ],
)
def test_pubmed_entities_are_refused(vocab, payload):
    out = load(payload, vocab, "evil.xml")
    assert len(out) == 1 and isinstance(out[0], LoadError)
    assert "entity" in str(out[0]).lower() and "evil.xml" in str(out[0])


def test_pubmed_malformed_and_truncated(vocab):
    data = (LIT / "efetch_citation_22663011.xml").read_bytes()
    out = load(data[: len(data) // 2], vocab, "cut.xml")
    assert len(out) == 1 and isinstance(out[0], LoadError)
    assert "malformed XML" in str(out[0]) and "\n" not in str(out[0])


def test_pubmed_deep_nesting_is_an_error_not_a_crash(vocab):
    deep = "<PubmedArticleSet>" + "<a>" * 5000 + "</a>" * 5000 + "</PubmedArticleSet>"
    out = load(deep, vocab, "deep.xml")
    assert all(isinstance(x, LoadError) for x in out) and out


# ---- Europe PMC ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "pmid", "title", "date", "journal"),
    [
        (
            "search_pmid_22663011.json",
            "22663011",
            "Improved survival with MEK inhibition in BRAF-mutated melanoma.",
            "2012-06-04",
            "N Engl J Med",
        ),
        (
            "search_pmid_20516115.json",
            "20516115",
            "Comprehensive analysis of missense variations in the BRCT domain of BRCA1 by "
            "structural and functional assays.",
            "2010-06-01",
            "Cancer Res",
        ),
    ],
)
def test_europepmc_records(vocab, name, pmid, title, date, journal):
    rec = one((LIT / name).read_bytes(), vocab)
    assert rec.source.id == f"pmid-{pmid}"
    assert rec.source.title == title
    assert rec.source.date == date
    assert rec.source.publisher == journal
    assert rec.source.loader == "europepmc-json"


def test_europepmc_core_record_and_preprint(vocab):
    payload = """{"hitCount": 2, "resultList": {"result": [
      {"id": "123", "source": "MED", "pmid": "123", "title": "CAR-T in <i>lupus</i>.",
       "abstractText": "<h4>Results</h4>Autologous CD19 CAR-T cells induced remission in lupus.",
       "journalInfo": {"printPublicationDate": "2024-02-01",
                       "journal": {"isoabbreviation": "Nat Med", "title": "Nature medicine"}},
       "firstPublicationDate": "2024-01-10",
       "pubTypeList": {"pubType": ["Journal Article", "Clinical Trial, Phase I"]}},
      {"id": "PPR999", "source": "PPR", "title": "A preprint", "firstPublicationDate": "2025-05"}
    ]}}"""
    core, pre = load(payload, vocab)
    assert core.source.id == "pmid-123" and core.source.title == "CAR-T in lupus."
    assert core.source.date == "2024-02-01" and core.source.publisher == "Nat Med"
    assert core.source.evidence_level == "early-clinical"
    assert "<h4>" not in core.text and "remission in lupus" in core.text
    # the abstract is read: its class word and disease are mentioned (a class word's disease
    # is no indication: indications are said of products)
    assert {("modality", "car-t-autologous"), ("indication", "systemic-lupus-erythematosus")} <= {
        (m.kind, m.key) for m in core.mentions
    }
    assert pre.source.id == "europepmc-ppr-ppr999" and pre.source.date == "2025-05"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"resultList": {"result": []}}', "no records"),
        ('{"resultList": {"result": "x"}}', "not a list"),
        ('{"resultList": {"result": [', "malformed JSON"),
    ],
)
def test_europepmc_bad_input(vocab, payload, message):
    out = load(payload, vocab, "epmc.json")
    assert len(out) == 1 and isinstance(out[0], LoadError)
    assert message in str(out[0]) and "epmc.json" in str(out[0])


# ---- PubTator ------------------------------------------------------------------------------
def test_pubtator_export(vocab):
    rec = one((LIT / "export_22663011.json").read_bytes(), vocab)
    assert rec.source.id == "pmid-22663011"
    assert rec.source.title == "Improved survival with MEK inhibition in BRAF-mutated melanoma."
    assert rec.source.date == "2012-07-12"
    assert rec.source.publisher == "N Engl J Med"
    assert rec.source.loader == "pubtator-json"
    assert "D008545" in {m.id for m in rec.mesh}
    assert "METHODS: In this phase 3 open-label trial" in rec.text


# ---- sniffing ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary\x00" * 50,
        b'{"studies": []}',
        b"<clinical_study><id_info/></clinical_study>",
        b"nct_id,title,phase\nNCT1,a,b\nNCT2,c,d\nNCT3,e,f\n",
    ],
)
def test_other_formats_are_not_articles(vocab, data):
    out = load(data, vocab, "other")
    assert len(out) == 1 and isinstance(out[0], LoadError)
    assert "unsupported format" in str(out[0])


def test_loaders_have_names_and_sniff_by_content():
    names = [loader.name for loader in articles.LOADERS]
    assert names == [
        "pubmed-xml",
        "europepmc-json",
        "pubtator-json",
        "article-html",
        "article-text",
    ]
    xml = Document("renamed.txt", (LIT / "efetch_citation_22663011.xml").read_bytes())
    assert next(loader.name for loader in articles.LOADERS if loader.sniff(xml)) == "pubmed-xml"


def test_html_tables_are_read_as_rows(vocab):
    # A pipeline table ties a drug's name to its code; the page's text keeps its rows.
    page = HTML.replace(
        "</article>",
        "<table><tr><th>Drug</th><th>Code</th><th>Company</th></tr>"
        "<tr><td>quivanersen</td><td>AMB-2207</td><td>Amberlane Therapeutics</td></tr>"
        "</table></article>",
    )
    rec = one(page, vocab, "page.html")
    assert "| quivanersen | AMB-2207 |" in rec.text
    named = {t.name: set(t.aliases) for t in rec.therapies}
    assert named["quivanersen"] == {"AMB-2207"}


def test_html_fact_boxes_are_read_and_link_lists_are_not(vocab):
    # A fact box in an <aside> is often the only place a code meets its short form;
    # trafilatura drops asides as page furniture. A "Related" list is other pages' news.
    page = HTML.replace(
        "</article>",
        "<aside><h3>Fact box</h3><ul><li>Programme: LNY-305 (vora-cel), autologous TCR"
        " T cells</li></ul><table><tr><th>Trial</th><td>Phase 1, 20 patients</td></tr>"
        "</table></aside>"
        "<aside><h3>Related</h3><ul><li>Bispecifics in first-line lymphoma</li></ul></aside>"
        "</article>",
    )
    rec = one(page, vocab, "page.html")
    assert "Programme: LNY-305 (vora-cel), autologous TCR T cells" in rec.text
    assert "Trial: Phase 1, 20 patients" in rec.text
    assert "Bispecifics in first-line lymphoma" not in rec.text
    named = {t.name: set(t.aliases) for t in rec.therapies}
    assert named["vora-cel"] == {"LNY-305"}
