"""Property tests (hypothesis): IRI minting, and the loaders on arbitrary input.

- Any name (any Unicode, even lone surrogates) gets a key that makes a valid IRI (Oxigraph
  and rdflib parse it; no space or ``<>"{}|^`\\``), the same key every time, and two names
  that differ after folding never share a key: a plain key IS the name's ASCII fold, and a
  key whose fold lost something carries a digest of the whole name after ``--``, which no
  plain key holds.
- Any JSON value, as bytes, given to the ClinicalTrials.gov loader gives records or clean
  ``LoadError``s, never another exception; and every record it gives maps to RDF the store
  accepts. Arbitrary bytes given to ``registry.parse_document`` never raise (nor hit a
  loader's internal error), and arbitrary text given to the article loader never raises.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.term import _is_valid_uri

from tlkg.graph.rdf.terms import nt_lines
from tlkg.graph.rdf.triples import record_triples
from tlkg.loaders import articles
from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.ctgov import study_json as ctgov
from tlkg.loaders.records import ArticleRecord, TrialRecord
from tlkg.loaders.registry import parse_document
from tlkg.loaders.text import extract
from tlkg.ontology.ids import ENTITY_KINDS, normalise_name, slugify, source_key
from tlkg.ontology.namespace import entity_iri_text, source_graph
from tlkg.ontology.vocab import load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
STUDY: dict[str, Any] = orjson.loads((FIXTURES / "ctgov" / "NCT03418623.json").read_bytes())
ARTICLE = (FIXTURES / "articles" / "in-vivo-car-t-faster-path-2026-03-25.txt").read_text("utf-8")
VOCAB = load_vocabulary()  # module level: hypothesis does not mix with function fixtures
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEY = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*|x)(?:--[0-9a-f]{10})?")
IRI_FORBIDDEN = set(' <>"{}|^`\\') | {chr(c) for c in range(0x21)}


# ---- IRI minting ---------------------------------------------------------------------------
any_char = st.characters(blacklist_categories=())  # every code point, surrogates too
names = st.one_of(
    st.text(max_size=120),
    st.text(any_char, max_size=60),
    st.text(
        st.sampled_from("aAbB1 -_.,()/αβγÅöé東京®™\u00a0\u2010\u2212\u200b\ufeff"), max_size=30
    ),
)


def ascii_fold(name: str) -> str:
    """The fold a plain key is made of: normalised, accents stripped, ASCII letters and
    digits kept, anything else one "-"."""
    folded = unicodedata.normalize("NFKD", normalise_name(name)).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", "-", folded.decode("ascii")).strip("-")


def _valid_iri(iri: str) -> None:
    assert not IRI_FORBIDDEN & set(iri), iri
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert _is_valid_uri(iri) and str(URIRef(iri)) == iri
    nt = f"<{iri}> <{iri}> <{iri}> .\n"
    assert len(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))) == 1
    assert len(Graph().parse(data=nt, format="nt")) == 1


@FAST
@given(names, st.sampled_from(ENTITY_KINDS))
def test_any_name_gives_a_valid_stable_key_and_iri(name: str, kind: str) -> None:
    key = slugify(name)
    assert KEY.fullmatch(key), key
    assert slugify(name) == key  # stable (no randomness, no process hash)
    _valid_iri(entity_iri_text(kind, key))
    _valid_iri(str(source_graph(name)))
    assert source_key(name) == key or re.fullmatch(r"NCT\d{8}", name)


@FAST
@given(names)
def test_a_plain_key_is_the_fold_and_a_lossy_one_carries_a_digest(name: str) -> None:
    key = slugify(name)
    if "--" not in key:
        assert key == ascii_fold(name)
    else:
        # the digest stands for the whole normalised name: the fold alone lost something
        assert key.split("--")[0] in (ascii_fold(name)[:80].rstrip("-"), "x")


def _pairs() -> st.SearchStrategy[tuple[str, str]]:
    def near(a: str) -> st.SearchStrategy[str]:
        return st.sampled_from(
            [
                slugify(a),  # a name that IS another's key
                slugify(a).replace("--", "-"),
                slugify(a).replace("--", " "),
                a.upper(),
                a + "α",
                a + "β",
                "α" + a,
                a.replace("a", "á"),
                a + " 2",
                a[::-1],
            ]
        )

    return st.one_of(
        st.tuples(names, names),
        names.flatmap(lambda a: near(a).map(lambda b: (a, b))),
    )


@FAST
@given(_pairs())
def test_names_that_differ_after_folding_get_distinct_keys(pair: tuple[str, str]) -> None:
    a, b = pair
    ka, kb = slugify(a), slugify(b)
    if ascii_fold(a) != ascii_fold(b) and "--" not in ka + kb:
        assert ka != kb
    if ka == kb:
        # the same key: the same fold, and where a digest decides, the same name
        assert "--" in ka or ascii_fold(a) == ascii_fold(b)
        if "--" in ka:
            assert normalise_name(a) == normalise_name(b)


def test_keys_are_pinned() -> None:
    """The same key on every machine and in every version (IRIs are identities)."""
    assert slugify("idecabtagene vicleucel") == "idecabtagene-vicleucel"
    assert slugify("Idecabtagene Vicleucel®") == "idecabtagene-vicleucel"
    assert slugify("Sjögren syndrome") == "sjogren-syndrome"
    assert slugify("北京") == "x--685e151824"
    assert slugify("α-synuclein") == "synuclein--d7338ca8f6"
    assert slugify("synuclein d7338ca8f6") == "synuclein-d7338ca8f6"
    assert slugify("x--685e151824") == "x-685e151824"  # a name cannot take another's key


# ---- the ClinicalTrials.gov loader on any JSON ---------------------------------------------
json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["NCT01234567", "PHASE2", "DRUG", "EXPERIMENTAL", "2024-01", "", " "]),
)
json_values = st.recursive(
    json_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=12), children, max_size=5),
        st.dictionaries(
            st.sampled_from(["protocolSection", "studies", "identificationModule", "nctId"]),
            children,
            max_size=3,
        ),
    ),
    max_leaves=30,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


STUDY_PATHS = _paths(STUDY)[1:]


def _mutated(mutations: list[tuple[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """The fixture study with some fields (anywhere, at any depth) replaced."""
    study: dict[str, Any] = orjson.loads(orjson.dumps(STUDY))
    for path, value in mutations:
        node: Any = study
        try:
            for step in path[:-1]:
                node = node[step]
            if isinstance(node, dict) and not isinstance(path[-1], str):
                # An earlier mutation turned this list into an object: an index is no key
                # a JSON object can have.
                continue
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return study


mutated_studies = st.lists(
    st.tuples(st.sampled_from(STUDY_PATHS), json_values), min_size=1, max_size=4
).map(_mutated)


def _check_trial_loader(value: Any) -> None:
    data = orjson.dumps(value)
    doc = Document("prop.json", data)
    loader = ctgov.CtgovV2Loader()
    loader.sniff(doc)
    for item in _items(loader, doc):  # the loader itself: no registry safety net
        if isinstance(item, LoadError):
            assert "\n" not in str(item)
            continue
        assert isinstance(item, TrialRecord)
        _check_rdf(item)


def _check_rdf(record: TrialRecord | ArticleRecord) -> None:
    """A record's triples are RDF the store accepts (no surrogate, no broken IRI)."""
    st_ = record_triples(record, datetime(2026, 1, 1, tzinfo=UTC))
    text = nt_lines(st_.data) + nt_lines(st_.meta)
    parsed = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert len(parsed) == text.count(" .\n")


@FAST
@given(json_values)
def test_any_json_value_gives_records_or_clean_errors(value: Any) -> None:
    _check_trial_loader(value)


@FAST
@given(mutated_studies)
def test_any_mutated_study_gives_a_record_or_a_clean_error(study: dict[str, Any]) -> None:
    _check_trial_loader(study)


@SLOW
@given(st.lists(mutated_studies, min_size=1, max_size=3), st.sampled_from(["array", "page"]))
def test_arrays_and_pages_of_mutated_studies(studies: list[Any], shape: str) -> None:
    _check_trial_loader(studies if shape == "array" else {"studies": studies})


# ---- any bytes to the registry ----------------------------------------------------------------
PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"{",
    b"[",
    b'{"protocolSection": ',
    b'{"studies": [',
    b'{"resultList": {"result": [',
    b'{"PubTator3": [',
    b"<clinical_study>",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><clinical_study>',
    b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>",
    b"<html><body><p>",
    b"# Title\n\nPublished: Mar 25, 2026\n\n",
    b"%PDF-",
    b"\x1f\x8b",
    b"PK\x03\x04",
]
documents = st.tuples(st.sampled_from(PREFIXES), st.binary(max_size=400)).map(lambda t: t[0] + t[1])


@FAST
@given(documents)
def test_any_bytes_to_parse_document_never_raise(data: bytes) -> None:
    for item in parse_document(Document("prop.bin", data), VOCAB):
        if isinstance(item, LoadError):
            assert "internal error" not in item.message, item.message
            assert "\n" not in str(item)
        else:
            _check_rdf(item)


@FAST
@given(st.sampled_from(PREFIXES[:8]), json_values)
def test_json_shaped_bytes_to_parse_document_never_raise(prefix: bytes, value: Any) -> None:
    data = prefix + orjson.dumps(value)
    for item in parse_document(Document("prop.json", data), VOCAB):
        if isinstance(item, LoadError):
            assert "internal error" not in item.message, item.message


# ---- any text to the article loader -----------------------------------------------------------
WORDS = [
    *re.findall(r"\S+", ARTICLE),
    "ide-cel", "cilta-cel", "vs", "versus", "compared", "not", "without", "apheresis",
    "BCMA", "CD19", "Inc.", "acquired", "by", "developed", "Phase", "III", "approved",
    "*", "**", "_", "[", "](", ")", "#", ">", "-", "\n", "\n\n", ".", ",", ";", "Published:",
]  # fmt: skip
article_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=60).map(lambda w: "# " + " ".join(w)),
)


def _items(loader: Any, doc: Document) -> list[Any]:
    """What a loader gives: records and errors (a raised ``LoadError`` counts as one: the
    registry reports it the same way)."""
    items: list[Any] = []
    try:
        items.extend(loader.parse(doc, VOCAB))
    except LoadError as exc:
        items.append(exc)
    return items


@FAST
@given(article_texts)
def test_any_text_to_the_article_loader_never_raises(text: str) -> None:
    doc = Document("prop.txt", text.encode("utf-8"))
    loader = articles.TextArticleLoader()
    loader.sniff(doc)
    for item in _items(loader, doc):
        assert isinstance(item, ArticleRecord | LoadError)
        if isinstance(item, ArticleRecord):
            _check_rdf(item)
            for relation in item.relations:  # evidence offsets index the text
                ev = relation.evidence
                assert item.text[ev.start : ev.end] == ev.sentence


@FAST
@given(article_texts)
def test_extraction_never_raises(text: str) -> None:
    extract.extract(text, VOCAB, has_title=True)
    extract.evidence_level(text, has_title=True)


@SLOW
@given(article_texts)
def test_any_text_in_a_web_page_never_raises(text: str) -> None:
    page = f"<html><head><title>{text[:40]}</title></head><body><p>{text}</p></body></html>"
    doc = Document("prop.html", page.encode("utf-8"))
    for item in _items(articles.HtmlArticleLoader(), doc):
        assert isinstance(item, ArticleRecord | LoadError)


@pytest.mark.parametrize("length", [1, 999, 1000, 1001, 5000])
def test_long_sentences_are_cut_at_blanks(length: int) -> None:
    text = ("word " * length)[: length + 3]
    spans = extract.split_sentences(text)
    assert all(s.end - s.start <= extract.MAX_SENTENCE_CHARS for s in spans)
    assert " ".join(text[s.start : s.end] for s in spans).split() == text.split()
    assert len(spans) == -(-len(text) // extract.MAX_SENTENCE_CHARS) or length > 1000


@FAST
@given(st.text(st.sampled_from("aaab .\n\t"), max_size=3000))
def test_sentence_spans_cover_the_text(text: str) -> None:
    """Spans are in order, stripped, at most MAX_SENTENCE_CHARS long, and together hold
    every non-blank character of the text exactly once."""
    spans = extract.split_sentences(text)
    assume(spans)
    end = 0
    for s in spans:
        assert end <= s.start < s.end <= len(text)
        assert s.end - s.start <= extract.MAX_SENTENCE_CHARS
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        end = s.end
    covered = "".join(text[s.start : s.end] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())
