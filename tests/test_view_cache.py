"""Today's view kept in the analysis index (``tlkg/graph/services/view_cache.py``): the
cliques, archived graphs, therapy summaries and ranking facts, indications' therapies and
own labels one answer builds are read back by the next answer over the same rows (which
then reads no fact row, and summaries only for the page it shows), never after a write,
never for ``--as-of``; a damaged value is built again, and a load holding the index's
write lock never keeps an answer waiting."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_fixture import VOCAB, indexed_store

from tlkg.graph.analysis import maintain
from tlkg.graph.analysis.schema import FILE_NAME
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import facts, sqlite_facts, view_cache
from tlkg.graph.services.competition import competitors
from tlkg.graph.services.landscape import landscape
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
TRIALS = sorted((ROOT / "tlkg" / "demo" / "trials").glob("*.json"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    s = indexed_store(tmp_path / "store")
    load(s, TRIALS[1:], VOCAB, workers=1)
    yield s
    s.close()


VIEW_TABLES = (
    "view_values",
    "view_therapies",
    "view_ranks",
    "view_treating",
    "view_labels",
    "view_reasons",
    "view_xrefs",
    "view_mesh",
)


def kept(store: OxigraphStore) -> dict[str, int]:
    """Rows of each view table (0 for a table not made yet)."""
    assert store.path is not None
    conn = sqlite3.connect(store.path / FILE_NAME)
    out = {}
    try:
        for table in VIEW_TABLES:
            try:
                out[table] = int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            except sqlite3.OperationalError:  # no such table: nothing kept yet
                out[table] = 0
        return out
    finally:
        conn.close()


def answer(store: OxigraphStore, as_of: str | None = None) -> str:
    rivals = competitors(store, VOCAB, "blinatumomab", as_of=as_of)
    field = landscape(store, VOCAB, "acute lymphoblastic leukemia", as_of=as_of)
    return "\n".join([*(c.model_dump_json() for c in rivals), field.model_dump_json()])


def test_the_next_answer_reads_back_what_the_first_built(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = answer(store)
    assert all(kept(store).values()), kept(store)

    def no_rows(*args: object) -> object:
        raise AssertionError("built again from rows")

    real_rows = sqlite_facts.rows_where

    def no_fact_rows(conn: sqlite3.Connection, table: str, *args: object) -> object:
        if table in ("core", "trials", "mentions", "labels", "evidence", "xrefs"):
            raise AssertionError(f"read {table} rows again")
        return real_rows(conn, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteFacts, "_cliques_from_rows", no_rows)
    monkeypatch.setattr(SqliteFacts, "_raw_for", no_rows)
    monkeypatch.setattr(sqlite_facts, "rows_where", no_fact_rows)
    monkeypatch.setattr(view_cache, "archived_graphs", no_rows)
    assert answer(store) == first


def test_a_ranking_reads_summaries_only_for_the_page_it_shows(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(store)  # today's view kept
    summarised: list[str] = []
    ranked: list[str] = []
    real_summaries = SqliteFacts._stored_summaries
    real_ranks = SqliteFacts._stored_ranks

    def spy_summaries(self: SqliteFacts, leaders: list[str]) -> object:
        summarised.extend(leaders)
        return real_summaries(self, leaders)

    def spy_ranks(self: SqliteFacts, leaders: list[str]) -> object:
        ranked.extend(leaders)
        return real_ranks(self, leaders)

    monkeypatch.setattr(SqliteFacts, "_stored_summaries", spy_summaries)
    monkeypatch.setattr(SqliteFacts, "_stored_ranks", spy_ranks)
    rivals = competitors(store, VOCAB, "blinatumomab", limit=2)
    assert len(rivals) == 2
    assert len(set(ranked)) > 3  # the ranking read every candidate's ranking facts ...
    # ... and the summary of the asked therapy only: the page's reasons read the parts of
    # its summaries kept by the first answer (``view_reasons``)
    assert len(set(summarised)) <= 1
    summarised.clear()
    field = landscape(store, VOCAB, "acute lymphoblastic leukemia", limit=2)
    assert field.total > 2 and not summarised  # a landscape page needs no summary


def test_a_write_makes_the_kept_view_unused(store: OxigraphStore) -> None:
    answer(store)
    load(store, TRIALS[:1], VOCAB, workers=1)
    got = answer(store)
    with pytest.MonkeyPatch.context() as m:
        m.setenv(maintain.ENABLE_ENV, "0")  # the oracle: SPARQL on demand
        assert type(facts.facts_for(store)).__name__ == "SparqlFacts"
        assert got == answer(store)


def test_as_of_answers_keep_nothing(store: OxigraphStore) -> None:
    answer(store, as_of="2026-01-01")
    assert store.path is not None
    conn = sqlite3.connect(store.path / FILE_NAME)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "view_values" not in tables


def test_a_damaged_value_is_built_again_and_replaced(store: OxigraphStore) -> None:
    first = answer(store)
    assert store.path is not None
    conn = sqlite3.connect(store.path / FILE_NAME)
    try:
        for table in VIEW_TABLES:
            conn.execute(f"UPDATE {table} SET value = x'00ff'")
        conn.commit()
    finally:
        conn.close()
    assert answer(store) == first
    assert answer(store) == first  # and what replaced the damaged values reads back


def test_a_load_holding_the_lock_keeps_no_answer_waiting(store: OxigraphStore) -> None:
    assert store.path is not None
    writer = sqlite3.connect(store.path / FILE_NAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as a load's index write does
    try:
        start = time.perf_counter()
        answer(store)
        assert time.perf_counter() - start < 5  # the index's own wait is 60 s
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert not any(kept(store).values())  # it gave up: nothing kept


def test_a_one_shot_competitors_answer_is_kept_for_the_same_store_state(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tlkg.graph.services import competition

    first = [c.model_dump_json() for c in competitors(store, VOCAB, "blinatumomab")]
    real = competition._ranked

    def not_again(*args: object, **kwargs: object) -> object:
        raise AssertionError("ranked again")

    monkeypatch.setattr(competition, "_ranked", not_again)
    again = [c.model_dump_json() for c in competitors(store, VOCAB, "blinatumomab")]
    assert again == first
    # another page size is another answer; a write makes the kept one unused
    with pytest.raises(AssertionError, match="ranked again"):
        competitors(store, VOCAB, "blinatumomab", limit=2)
    monkeypatch.setattr(competition, "_ranked", real)
    load(store, TRIALS[:1], VOCAB, workers=1)
    after = [c.model_dump_json() for c in competitors(store, VOCAB, "blinatumomab")]
    with pytest.MonkeyPatch.context() as m:
        m.setenv(maintain.ENABLE_ENV, "0")  # the oracle: SPARQL on demand
        oracle = [c.model_dump_json() for c in competitors(store, VOCAB, "blinatumomab")]
    assert after == oracle


def test_a_one_shot_landscape_page_is_kept_for_the_same_store_state_and_vocabulary(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tlkg.graph.services import landscape as landscape_module
    from tlkg.ontology.vocab import load_vocabulary

    first = landscape(store, VOCAB, "acute lymphoblastic leukemia", limit=5).model_dump_json()

    def not_again(*args: object, **kwargs: object) -> object:
        raise AssertionError("built again")

    monkeypatch.setattr(landscape_module, "build", not_again)
    again = landscape(store, VOCAB, "acute lymphoblastic leukemia", limit=5)
    assert again.model_dump_json() == first
    with pytest.raises(AssertionError, match="built again"):  # another page
        landscape(store, VOCAB, "acute lymphoblastic leukemia", limit=5, offset=5)
    # a vocabulary giving the indication another MeSH id is another answer (a made-up
    # id: only its difference counts)
    extra = store.path.parent / "mesh.toml"  # type: ignore[union-attr]
    extra.write_text('[[indication]]\nname = "acute lymphoblastic leukemia"\nmesh = ["D999999"]\n')
    other = load_vocabulary([extra])
    with pytest.raises(AssertionError, match="built again"):
        landscape(store, other, "acute lymphoblastic leukemia", limit=5)


def test_a_one_shot_show_answer_is_kept_for_the_same_store_state(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tlkg.graph.services import catalog

    first = catalog.show_therapy(store, VOCAB, "blinatumomab").model_dump_json()

    def not_again(*args: object, **kwargs: object) -> object:
        raise AssertionError("built again")

    monkeypatch.setattr(catalog, "_detail", not_again)
    assert catalog.show_therapy(store, VOCAB, "blinatumomab").model_dump_json() == first
    with pytest.raises(AssertionError, match="built again"):  # another day builds its own
        catalog.show_therapy(store, VOCAB, "blinatumomab", as_of="2030-01-01")
