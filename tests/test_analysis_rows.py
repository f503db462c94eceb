"""The analysis index's rows built from a load's triples in memory (the worker's
``index_rows.source_rows``) are byte-identical to those built from the same triples read
back from the store (``maintain.read_rows``, the catch-up and rebuild path) and to those
of the per-table queries (``analysis_oracle``), for real-format records: ClinicalTrials.gov
fixtures (API v2, legacy JSON and XML) and the demo corpus's articles and trials. The
store's literal forms (times, dates, booleans) and set semantics are the point."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from analysis_fixture import VOCAB, records
from analysis_oracle import oracle_rows

from tlkg.graph.analysis import maintain
from tlkg.graph.analysis.schema import TABLES
from tlkg.graph.ingest.workers import prepare_documents, prepare_record
from tlkg.graph.rdf.index_rows import (
    build_rows,
    canonical,
    round_trip,
    source_rows,
    stored_value,
)
from tlkg.graph.rdf.terms import Lit
from tlkg.graph.rdf.triples import XSD_BOOL, XSD_DATETIME, record_triples
from tlkg.graph.store.base import ONTOLOGY_GRAPH, Prepared
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.base import Document
from tlkg.loaders.files import iter_documents
from tlkg.ontology.namespace import VOCAB_GRAPH

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [ROOT / "tests" / "fixtures" / "ctgov", ROOT / "tlkg" / "demo"]
# A load time with microseconds and an offset: Oxigraph gives it back as "...Z".
LOADED = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)


def _prepared() -> list[Prepared]:
    docs = [d for d in iter_documents(INPUTS) if isinstance(d, Document)]
    items = [p for p in prepare_documents(docs, VOCAB, LOADED) if isinstance(p, Prepared)]
    items += [prepare_record(rec, LOADED) for rec in records()]  # rivalry with kinds
    # one item per source (the last wins, as in a load)
    return list({p.source_id: p for p in items}.values())


def _counted(rows: dict[str, list[Any]]) -> dict[str, Counter[tuple[Any, ...]]]:
    return {t: Counter(rows.get(t, [])) for t in TABLES}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    items = _prepared()
    store = OxigraphStore(tmp_path_factory.mktemp("rows") / "store")  # bulk-loaded
    store.ensure_vocabulary(VOCAB)
    store.write_sources(items, [])
    yield store, items
    store.close()


def test_fixtures_cover_every_table(loaded: Any) -> None:
    _, items = loaded
    assert len(items) > 40
    built = Counter(t for p in items for t, rows in p.index_rows.items() for _ in rows)
    for table in TABLES:
        assert built[table] > 0 or table == "hierarchy", f"no fixture fills {table}"
    rivalry = [r for p in items for r in p.index_rows.get("rivalry", [])]
    assert any(r[4] and r[5] for r in rivalry) and any(r[4] is None for r in rivalry)


def test_rows_from_memory_equal_rows_read_back_and_the_oracle(loaded: Any) -> None:
    store, items = loaded
    for item in items:
        mine = _counted(item.index_rows)
        back = _counted(maintain.read_rows(store, [item.graph]))
        oracle = _counted(oracle_rows(store, [item.graph]))
        for table in TABLES:
            assert mine[table] == back[table], f"{item.source_id}: {table} read back"
            assert mine[table] == oracle[table], f"{item.source_id}: {table} per-table query"


def test_rows_of_a_batch_equal_the_oracle(loaded: Any) -> None:
    store, items = loaded
    graphs = [p.graph for p in items]
    back = _counted(maintain.read_rows(store, graphs))
    assert back == _counted(oracle_rows(store, graphs))


def test_vocabulary_rows_equal_the_oracle(loaded: Any) -> None:
    store, _ = loaded
    graphs = [str(VOCAB_GRAPH), str(ONTOLOGY_GRAPH)]
    back = _counted(maintain.read_rows(store, graphs))
    assert back["evidence"] and back["labels"]
    assert back == _counted(oracle_rows(store, graphs))


def test_literals_take_the_form_the_store_gives_back() -> None:
    assert stored_value(Lit("2026-03-04T05:06:07.891234+00:00", XSD_DATETIME)) == (
        "2026-03-04T05:06:07.891234Z"
    )
    assert stored_value(Lit("1", XSD_BOOL)) == "true"
    assert stored_value(Lit("2020-02-30", "http://www.w3.org/2001/XMLSchema#date")) == (
        "2020-02-30"  # not a date: kept as written
    )
    assert stored_value(Lit("x", lang="EN")) == "x"


XSD = "http://www.w3.org/2001/XMLSchema#"
SAMPLES = [
    *[(v, XSD + "date") for v in ("2020-01-01", "2020-02-30", "2020-13-01", "0000-01-01")],
    *[(v, XSD + "date") for v in ("2020-01-01Z", "2020-01-01+00:00", " 2020-01-01", "٢٠٢٠-01-01")],
    *[(v, XSD + "gYearMonth") for v in ("2020-01", "2020-00", "2020-1", "2020-01Z")],
    *[(v, XSD + "gYear") for v in ("2020", "0000", "20201", "-2020", "abcd")],
    *[(v, XSD + "boolean") for v in ("true", "false", "1", "0", "TRUE", " true")],
    *[(v, XSD + "anyURI") for v in ("https://example.org/a b", "HTTP://X", "", " x ")],
    ("+05", XSD + "integer"),
    ("2026-03-04T05:06:07.891234+00:00", XSD + "dateTime"),
]


@pytest.mark.parametrize(("value", "datatype"), SAMPLES)
def test_forms_told_without_the_store_are_the_stores(value: str, datatype: str) -> None:
    """``canonical`` decides common forms without a round trip through Oxigraph; each
    must be the form Oxigraph itself gives back."""
    assert canonical(value, datatype) == round_trip(value, datatype)


def test_a_triple_mapped_twice_is_one_row_as_in_the_store() -> None:
    rec = records()[0]
    st = record_triples(rec, LOADED)
    therapy = next(s for s, p, o in st.data if str(o).endswith("#Therapy"))
    label = (therapy, "http://www.w3.org/2004/02/skos/core#prefLabel", Lit("twice"))
    st.data += [label, label]
    # the same label as an explicit xsd:string, and in two spellings of one language tag
    st.data.append((label[0], label[1], Lit("twice", "http://www.w3.org/2001/XMLSchema#string")))
    st.data += [
        (label[0], label[1], Lit("twice", lang="EN")),
        (label[0], label[1], Lit("twice", lang="en")),
    ]
    labels = [r for r in source_rows(st)["labels"] if r[1] == "twice"]
    assert len(labels) == 2  # "twice" and "twice"@en


def test_one_term_is_one_row_and_an_iri_is_not_a_literal() -> None:
    """A typed value spelt two ways is one term (one row); an IRI and a plain literal of
    the same text are two terms, in memory and read back (where both are text)."""
    rec = records()[0]
    st = record_triples(rec, LOADED)
    therapy = next(s for s, p, o in st.data if str(o).endswith("#Therapy"))
    inferred = "https://w3id.org/tlkg/ontology#modalityInferred"
    alt = "http://www.w3.org/2004/02/skos/core#altLabel"
    st.data += [
        (therapy, inferred, Lit("1", XSD_BOOL)),
        (therapy, inferred, Lit("true", XSD_BOOL)),
        (therapy, alt, "https://example.org/same"),
        (therapy, alt, Lit("https://example.org/same")),
    ]
    extra = [r for r in source_rows(st)["extra"] if r[0] == therapy]
    assert sum(1 for r in extra if r[1] == inferred and r[2] == "true") == 1
    assert sum(1 for r in extra if r[2] == "https://example.org/same") == 2
    g = st.graph
    quads = [(therapy, alt, "https://example.org/same", g)] * 2
    assert len(build_rows(quads, [])["extra"]) == 2
