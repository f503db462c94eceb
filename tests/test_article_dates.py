"""Article publication dates (``tlkg.loaders.articles.dates``): the date spellings, which
line gives the publication date, and the text and HTML loaders end to end."""

from __future__ import annotations

import pytest

from tlkg.loaders import articles
from tlkg.loaders.articles.dates import date_line, dateline_date, find_date, parse_date
from tlkg.loaders.base import Document
from tlkg.loaders.records import ArticleRecord
from tlkg.loaders.registry import parse_document
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

BODY = "Acme Bio said its CAR-T therapy ACM-101 is in a phase 2 trial in lymphoma. " * 4


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def one(text: str, vocab: Vocabulary) -> ArticleRecord:
    out = list(parse_document(Document("doc", text.encode()), vocab, loaders=articles.LOADERS))
    assert len(out) == 1 and isinstance(out[0], ArticleRecord), out
    return out[0]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Dec. 3, 2026", "2026-12-03"),
        ("Dec 3 2026", "2026-12-03"),
        ("December 3, 2026", "2026-12-03"),
        ("Sept. 9, 2026", "2026-09-09"),
        ("Sep 9, 2026", "2026-09-09"),
        ("3 December 2026", "2026-12-03"),
        ("3 Dec. 2026", "2026-12-03"),
        ("3rd December, 2026", "2026-12-03"),
        ("the 3rd of December 2026"[4:], "2026-12-03"),
        ("Thursday, December 3, 2026", "2026-12-03"),
        ("Thu, 3 Dec 2026 08:00:00 GMT", "2026-12-03"),
        ("2026-12-03", "2026-12-03"),
        ("2026-12-03T08:00:00Z", "2026-12-03"),
        ("2026-12-03T08:00:00+01:00", "2026-12-03"),
        ("2026/12/03", "2026-12-03"),
        ("December 2026", "2026-12"),
        ("2026-12", "2026-12"),
        ("2026", "2026"),
        ("12/03/2026", "2026-12-03"),  # US order
        ("25/03/2026", "2026-03-25"),  # cannot be month first
        ("03.12.2026", "2026-12-03"),  # European order
        ("Dec. 3, 2026 at 9:15 a.m. EST", "2026-12-03"),
    ],
)
def test_parse_date_spellings(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["", "soon", "Feb. 30, 2026", "2026-13-01", "Marching 3, 2026"])
def test_parse_date_refuses_non_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("BOSTON, Dec. 3, 2026 /PRNewswire/ -- Acme Bio today announced", "2026-12-03"),
        ("LONDON, 3 December 2026 (Reuters) - Acme Bio said on Thursday", "2026-12-03"),
        ("CAMBRIDGE, Mass., Sept. 9, 2026 (GLOBE NEWSWIRE) -- Acme Bio", "2026-09-09"),
        ("SAN DIEGO and LONDON, Jan. 12, 2026 /PRNewswire/ -- Acme Bio", "2026-01-12"),
        ("Dec. 3, 2026 — Acme Bio said", "2026-12-03"),
        ("Basel, 3 December 2026 – Acme AG announced", "2026-12-03"),
    ],
)
def test_datelines(line: str, iso: str) -> None:
    assert dateline_date(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "On Dec. 3, 2026, Acme Bio said the trial met its primary endpoint.",
        "Data presented on June 2, 2025 showed a response rate of 80%.",
        "In December 2025 - a year before - the company raised funds.",
    ],
)
def test_sentences_are_not_datelines(line: str) -> None:
    assert dateline_date(line) is None
    assert date_line(line) is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("December 3, 2026", "2026-12-03"),
        ("By Jane Doe | Dec. 3, 2026", "2026-12-03"),
        ("Jane Doe · 3 Dec 2026 · 4 min read", "2026-12-03"),
    ],
)
def test_date_lines(line: str, iso: str) -> None:
    assert date_line(line) == iso


def test_published_label_beats_updated_and_body_dates() -> None:
    lines = [
        "Updated: Dec. 4, 2026",
        "Published: Dec. 1, 2026",
        "Data presented on June 2, 2025 showed responses.",
    ]
    assert find_date(lines) == "2026-12-01"
    assert find_date(["Updated: Dec. 4, 2026", "A sentence about June 2, 2025."]) == "2026-12-04"


def test_a_date_only_in_a_sentence_is_no_publication_date() -> None:
    lines = [
        "Acme Bio presented data on June 2, 2025 at a meeting.",
        "Results were published on June 2, 2025.",
        "Released on June 2, 2025, the data showed responses in 80%.",
    ]
    assert find_date(["Background paragraph."] * 9 + lines) is None
    assert find_date(lines[:2]) is None


@pytest.mark.parametrize(
    ("head", "iso"),
    [
        ("BOSTON, Dec. 3, 2026 /PRNewswire/ -- Acme Bio today announced data.", "2026-12-03"),
        ("LONDON, 3 December 2026 (Reuters) - Acme Bio said on Thursday.", "2026-12-03"),
        ("Posted on Sept. 9, 2026", "2026-09-09"),
        ("By Jane Doe | Published Dec. 3, 2026 | 4 min read", "2026-12-03"),
        ("First published: 2026-12-03T08:00:00Z", "2026-12-03"),
        ("Thursday, December 3, 2026", "2026-12-03"),
    ],
)
def test_text_article_dates(vocab: Vocabulary, head: str, iso: str) -> None:
    rec = one(
        f"Acme reports ACM-101 data\n{head}\n{BODY}\nData were presented on June 2, 2025.", vocab
    )
    assert rec.source.date == iso


def test_date_only_line_is_not_article_text(vocab: Vocabulary) -> None:
    rec = one(f"Acme reports ACM-101 data\nDecember 3, 2026\n{BODY}", vocab)
    assert rec.source.date == "2026-12-03"
    assert "December 3, 2026" not in rec.text


def test_front_matter_date_wins(vocab: Vocabulary) -> None:
    text = f"---\ntitle: Acme data\npublished: 2026-12-01\n---\nDec. 3, 2026 — {BODY}"
    assert one(text, vocab).source.date == "2026-12-01"


def test_text_without_a_publication_date(vocab: Vocabulary) -> None:
    rec = one(f"Acme reports ACM-101 data\n{BODY}\nData were presented on June 2, 2025.", vocab)
    assert rec.source.date is None


PAGE = """<!DOCTYPE html><html><head><title>Acme reports ACM-101 data</title>{head}</head>
<body><article><h1>Acme reports ACM-101 data</h1>{byline}<p>{body}</p>
<p>Data were presented on June 2, 2025 at a congress in Chicago.</p></article></body></html>"""


@pytest.mark.parametrize(
    ("head", "byline", "iso"),
    [
        (
            '<meta property="article:published_time" content="2026-12-03T08:00:00Z">',
            "",
            "2026-12-03",
        ),
        ('<meta name="citation_publication_date" content="2026/12/03">', "", "2026-12-03"),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"NewsArticle", "datePublished": "2026-12-03T08:00:00+00:00", "dateModified": '
            '"2026-12-04"}</script>',
            "",
            "2026-12-03",
        ),
        ('<meta name="date" content="2026-12-03">', "", "2026-12-03"),
        ("", '<p>By Jane Doe <time datetime="2026-12-03">Dec. 3, 2026</time></p>', "2026-12-03"),
        ("", "<p>BOSTON, Dec. 3, 2026 /PRNewswire/ -- Acme Bio announced data.</p>", "2026-12-03"),
        # later than the machine's clock: still the date the page declares
        (
            '<meta property="article:published_time" content="2031-01-05T08:00:00Z">',
            "",
            "2031-01-05",
        ),
        ("", "", None),  # only a date mentioned in the text: no publication date
    ],
)
def test_html_dates(vocab: Vocabulary, head: str, byline: str, iso: str | None) -> None:
    rec = one(PAGE.format(head=head, byline=byline, body=BODY), vocab)
    assert rec.source.date == iso


def test_section_labels_above_the_headline_are_not_the_title() -> None:
    from tlkg.loaders.articles.text import parse_text_article

    for head in (
        "ANALYSIS",
        "NEWS IN BRIEF | DRUG DISCOVERY",
        "Abstract 2187 | 68th ASH Annual Meeting and Exposition | Published online"
        " November 3, 2026\nSession 704: Cellular Immunotherapies: Early Phase",
    ):
        parsed = parse_text_article(f"{head}\n\nAcme's drug shrinks tumours in mice\n\nBody text.")
        assert parsed.title == "Acme's drug shrinks tumours in mice"
    kept = parse_text_article("Abstract 1187. Narvotamig in lymphoma: a phase 3 trial\n\nBody.")
    assert kept.title == "Abstract 1187. Narvotamig in lymphoma: a phase 3 trial"
    online = parse_text_article(
        "Abstract 2187 | ASH Annual Meeting | Published online November 3, 2026\n\n"
        "Title here\n\nBody."
    )
    assert online.date == "2026-11-03"
