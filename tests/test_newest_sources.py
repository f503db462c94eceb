"""A reason's sources are the newest of the graphs behind it. Today's summaries read from
the analysis index are ordered newest source first once and kept so
(``SqliteFacts.newest_first``); a reason then takes only the heads of its groups. Its
sources and their count must equal what SPARQL on demand (the oracle) gives, for a
competitor whose shared indication rests on more trials than a reason lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_fixture import VOCAB, indexed_store, therapy, trial

from tlkg.graph.analysis import maintain
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services import facts
from tlkg.graph.services.competition import competitors
from tlkg.graph.services.reads import MAX_SOURCES
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import TrialRecord

RIVAL = therapy("daratumumab")
ASKED = therapy("idecabtagene vicleucel")


def _records() -> list[TrialRecord]:
    # Dates out of order with the NCT numbers, some on one day (the IRI breaks the tie),
    # one undated-looking early year: the newest are neither the first nor the last loaded.
    recs = [
        trial(
            f"NCT9{n:07d}",
            f"20{10 + (n * 7) % 14:02d}-0{1 + n % 9}-1{n % 3}",
            ["multiple myeloma"],
            [("experimental", [RIVAL])],
            ["PHASE3"],
        )
        for n in range(3 * MAX_SOURCES)
    ]
    recs.append(
        trial(
            "NCT80000001",
            "2024-05-01",
            ["multiple myeloma"],
            [("experimental", [ASKED])],
            ["PHASE2"],
        )
    )
    return recs


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    s = indexed_store(tmp_path / "store")
    s.ensure_vocabulary(VOCAB)
    for rec in _records():
        s.replace_source(record_triples(rec))
    yield s
    s.close()


def _reasons(store: OxigraphStore) -> list[tuple[str, list[str], int]]:
    out = []
    for c in competitors(store, VOCAB, "idecabtagene vicleucel"):
        for r in c.reasons:
            out.append((f"{c.therapy.id} {r.kind}", [s.id for s in r.sources], r.source_count))
    return out


def test_sources_of_ordered_summaries_equal_sparqls(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setenv(maintain.ENABLE_ENV, "0")
        assert type(facts.facts_for(store)).__name__ == "SparqlFacts"
        oracle = _reasons(store)
    shared = [r for r in oracle if r[0].endswith("shared_indication")]
    assert shared and shared[0][2] > MAX_SOURCES  # more graphs than a reason lists
    assert isinstance(facts.facts_for(store), SqliteFacts)
    first = _reasons(store)  # orders the page's summaries and keeps them so
    second = _reasons(store)  # reads them back ordered: heads only
    assert first == oracle
    assert second == oracle
