"""A page of competitors as of a day, from the analysis index: the candidates that can
reach the page are scored, and the page is the one on-demand SPARQL (the oracle, which
scores every candidate) gives; and the graphs hidden as of a day are exactly those
``records.holds_on`` leaves out (a source-less graph too)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from analysis_fixture import VOCAB

from tlkg.graph.analysis import maintain, schema
from tlkg.graph.analysis.rows import graphs_hidden_on
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import facts
from tlkg.graph.services.competition import competitors, competitors_page
from tlkg.graph.services.records import BACKGROUND, holds_on
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tlkg" / "demo"
CTGOV = Path(__file__).parent / "fixtures" / "ctgov"
DAYS = [None, "2016-01-01", "2019-06-30", "2021-12-31", "2023-06-01"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    s = OxigraphStore(tmp_path_factory.mktemp("asof") / "store")
    maintain.reindex(s)
    maintain.attach(s)
    load(s, [DEMO, *sorted(CTGOV.glob("*.json"))], VOCAB, workers=1)
    yield s
    s.close()


def _page(store: OxigraphStore, name: str, limit: int, day: str | None) -> Any:
    try:
        return [c.model_dump(mode="json") for c in competitors(store, VOCAB, name, limit, day)]
    except Exception as exc:  # a refusal is an answer too
        return f"{type(exc).__name__}: {exc}"


def test_pages_as_of_a_day_equal_sparql(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["ide-cel", "daratumumab", "lenalidomide", "imatinib", "mitoxantrone", "methotrexate"]
    names += ["gemtuzumab-ozogamicin", "inotuzumab-ozogamicin", "pembrolizumab", "gemcitabine"]
    for day in DAYS:
        assert isinstance(facts.facts_for(store, day), SqliteFacts)
        got = {(n, k): _page(store, n, k, day) for n in names for k in (0, 1, 2, 3, 5, 20)}
        with monkeypatch.context() as m:
            m.setenv(maintain.ENABLE_ENV, "0")
            for (n, k), page in got.items():
                assert page == _page(store, n, k, day), f"{n} limit {k} as of {day}"


def test_a_page_scores_only_the_candidates_that_can_reach_it(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    scored: list[str] = []
    base = SqliteFacts.rank_facts

    def spy(self: SqliteFacts, iris: Any) -> Any:
        iris = list(iris)
        scored.extend(iris)
        return base(self, iris)

    monkeypatch.setattr(SqliteFacts, "rank_facts", spy)
    fewer = 0
    for day in DAYS:
        for name in ("imatinib", "lenalidomide", "mitoxantrone", "gemtuzumab-ozogamicin"):
            scored.clear()
            try:
                _whole, total = competitors_page(store, VOCAB, name, None, 0, day)
            except Exception:  # nothing mentions it yet
                continue
            every = len(set(scored))
            scored.clear()
            page = competitors(store, VOCAB, name, 1, day)
            assert len(page) == min(1, total)
            fewer += len(set(scored)) < every
    assert fewer  # a page of one left out a candidate that could only share an indication


def test_hidden_graphs_are_those_that_do_not_hold_on_the_day() -> None:
    rng = random.Random(16)
    conn = sqlite3.connect(":memory:")
    schema.create(conn)
    days = [None, "2019", "2019-06", "2019-06-30", "2020-01-01", "2021-03-15"]
    windows: dict[str, tuple[str | None, str | None, str | None]] = {}
    for i in range(200):
        g = f"https://example.org/graph/{i}"
        windows[g] = (rng.choice(days), rng.choice(days), rng.choice(days))
        date, start, until = windows[g]
        conn.execute("INSERT INTO graphs VALUES (?, ?)", (g, "x"))
        cols = len(schema.TABLES["sources"])
        row = {"graph": g, "date": date, "valid_from": start, "valid_until": until}
        values = [row.get(c) for c in schema.TABLES["sources"]]
        conn.execute(f"INSERT INTO sources VALUES ({','.join('?' * cols)})", values)
    for g in BACKGROUND:
        conn.execute("INSERT INTO graphs VALUES (?, ?)", (g, "x"))
    for day in ["2018-12-31", "2019-06-15", "2019-06-30", "2020-01-01", "2022-01-01"]:
        hidden = graphs_hidden_on(conn, day, BACKGROUND)
        assert hidden == {g for g, w in windows.items() if not holds_on(day, *w)}
    # A listed graph without a source row never counts as of a day.
    conn.execute("INSERT INTO graphs VALUES (?, ?)", ("https://example.org/graph/bare", ""))
    assert "https://example.org/graph/bare" in graphs_hidden_on(conn, "2022-01-01", BACKGROUND)
