"""Records -> RDF, compared for isomorphism with small expected Turtle files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from conftest import make_trial
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tlkg.graph.rdf.terms import triple_to_rdflib
from tlkg.graph.rdf.triples import date_literal, record_triples, vocabulary_triples
from tlkg.loaders.base import Document
from tlkg.loaders.records import (
    ArticleRecord,
    EntityRef,
    Evidence,
    Relation,
    SourceMeta,
    TherapyRef,
)
from tlkg.loaders.registry import parse_document
from tlkg.ontology.vocab import Vocabulary

HERE = Path(__file__).parent
STUDY = HERE / "fixtures" / "mapping" / "NCT09990001.json"
LOADED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def graph_of(triples: list) -> Graph:
    g = Graph()
    for t in triples:
        g.add(triple_to_rdflib(t))
    return g


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        raise AssertionError(
            "graphs differ\nonly in actual:\n"
            + only_actual.serialize(format="nt")
            + "\nonly in expected:\n"
            + only_expected.serialize(format="nt")
        )


def test_trial_record_maps_to_expected_turtle(vocab: Vocabulary) -> None:
    (record,) = list(parse_document(Document(str(STUDY), STUDY.read_bytes()), vocab))
    st = record_triples(record, LOADED_AT)
    expected_data = Graph().parse(HERE / "expected" / "NCT09990001.data.ttl")
    expected_meta = Graph().parse(HERE / "expected" / "NCT09990001.meta.ttl")
    assert_isomorphic(graph_of(st.data), expected_data)
    assert_isomorphic(graph_of(st.meta), expected_meta)
    assert str(st.graph) == "https://w3id.org/tlkg/graph/source/NCT09990001"


def test_active_comparator_benchmarks_only_products_not_in_experimental_arm() -> None:
    from tlkg.loaders.records import Arm

    trial = make_trial(
        therapies=[
            TherapyRef(key="teclistamab", name="teclistamab"),
            TherapyRef(key="daratumumab", name="daratumumab"),
            TherapyRef(key="chemotherapy", name="chemotherapy", category="generic"),
        ],
        arms=[
            Arm(label="A", role="experimental", therapy_keys=["teclistamab", "daratumumab"]),
            Arm(label="B", role="active-comparator", therapy_keys=["daratumumab", "chemotherapy"]),
        ],
    )
    g = graph_of(record_triples(trial).data)
    bench = URIRef("https://w3id.org/tlkg/ontology#benchmarkedAgainst")
    assert list(g.triples((None, bench, None))) == []


def test_article_relation_keeps_sentence_and_offsets() -> None:
    text = "Intro. Drug X skips apheresis entirely."
    start = text.index("Drug X")
    rec = ArticleRecord(
        source=SourceMeta(
            id="a-1",
            kind="article",
            title="T",
            date="2025-01-01",
            content_hash="h",
            loader="t",
            loader_version="1",
        ),
        text=text,
        therapies=[
            TherapyRef(
                key="drug-x", name="Drug X", known=False, modality="car-t", modality_inferred=True
            )
        ],
        relations=[
            Relation(
                kind="addresses_barrier",
                subject=EntityRef(kind="therapy", key="drug-x", name="Drug X"),
                object=EntityRef(kind="barrier", key="apheresis", name="apheresis"),
                evidence=Evidence(sentence=text[start:], start=start, end=len(text)),
            )
        ],
    )
    g = graph_of(record_triples(rec, LOADED_AT).data)
    q = """
    PREFIX tlkg: <https://w3id.org/tlkg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?s ?o ?sentence ?start ?end WHERE {
      ?s tlkg:addressesBarrier ?o .
      ?ev rdf:subject ?s ; rdf:object ?o ; tlkg:sentence ?sentence ;
          tlkg:startOffset ?start ; tlkg:endOffset ?end .
    }"""
    (row,) = list(g.query(q))
    assert str(row.s).endswith("/therapy/drug-x")
    assert str(row.o).endswith("/barrier/apheresis")
    assert text[int(row.start) : int(row.end)] == str(row.sentence)
    inferred = URIRef("https://w3id.org/tlkg/ontology#modalityInferred")
    assert (URIRef(str(row.s)), inferred, None) in g


def test_partial_dates_are_kept_as_given() -> None:
    assert str(date_literal("2023-06").datatype).endswith("gYearMonth")
    assert str(date_literal("2023").datatype).endswith("gYear")
    assert str(date_literal("2023-06-15").datatype).endswith("#date")
    assert date_literal("2023-06").value == "2023-06"
    assert date_literal("June 2023").datatype is None


def test_vocabulary_triples_carry_aliases_and_hierarchy(vocab: Vocabulary) -> None:
    g = graph_of(list(vocabulary_triples(vocab)))
    ide = URIRef("https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel")
    alt = {str(o) for o in g.objects(ide, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))}
    assert {"Abecma", "ide-cel", "bb2121"} <= alt
    rrmm = URIRef("https://w3id.org/tlkg/id/indication/relapsed-or-refractory-multiple-myeloma")
    broader = URIRef("http://www.w3.org/2004/02/skos/core#broader")
    assert URIRef("https://w3id.org/tlkg/id/indication/multiple-myeloma") in set(
        g.objects(rrmm, broader)
    )
