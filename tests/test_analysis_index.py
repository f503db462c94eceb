"""The analysis index (tlkg/graph/analysis) answers exactly as SPARQL on the store does.

A seeded random sequence of writes (sources loaded, replaced with changed content,
removed; writes made while no index was attached; reopening) runs on an on-disk store;
after each step the index's rows equal those read from the store afresh, and the answers
of show, therapies, competitors, landscape and barriers through the index
(``SqliteFacts``) equal those of on-demand SPARQL (``SparqlFacts``, the oracle), on a
random ``--as-of`` day too. Also: an index of an old schema version or a stale one is
brought up to date before it answers, and ``tlkg reindex`` rebuilds it.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from analysis_fixture import VOCAB
from analysis_oracle import oracle_rows

from tlkg.graph.analysis import maintain
from tlkg.graph.analysis.schema import FILE_NAME, TABLES
from tlkg.graph.ingest import workers
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import facts, view_memo, warmup
from tlkg.graph.services.barriers import barriers
from tlkg.graph.services.catalog import list_therapies, show_therapy
from tlkg.graph.services.competition import competitors, competitors_page
from tlkg.graph.services.landscape import landscape
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tlkg" / "demo"
CTGOV = Path(__file__).parent / "fixtures" / "ctgov"
# Single studies (replaceable with changed content) and multi-study files and articles.
STUDIES = [
    *sorted((DEMO / "trials").glob("*.json")),
    CTGOV / "NCT00973089.json",
    CTGOV / "NCT03418623.json",
]
OTHERS = [
    CTGOV / "NCT04780763.json",  # the legacy API's JSON
    *sorted((DEMO / "articles").iterdir()),
    *sorted(CTGOV.glob("NCT*.xml")),
    CTGOV / "v2-acute-leukemia-6.json",
    CTGOV / "v2-mixed-june-2023-4.json",
]
INDICATIONS = ["multiple myeloma", "acute myeloid leukemia", "b-cell lymphoma"]
PHASES = [["PHASE1"], ["PHASE2"], ["PHASE1", "PHASE2"], ["PHASE3"], ["EARLY_PHASE1"]]
STATUSES = ["RECRUITING", "COMPLETED", "TERMINATED", "ACTIVE_NOT_RECRUITING"]


# ---- answers -------------------------------------------------------------------------------
def _answer(fn: Callable[[], Any]) -> Any:
    try:
        value = fn()
    except Exception as exc:  # a refusal (not found, no source) is an answer too
        return f"{type(exc).__name__}: {exc}"
    if isinstance(value, list):
        return [v.model_dump(mode="json") for v in value]
    return value if isinstance(value, dict) else value.model_dump(mode="json")


def _paged(answer: tuple[list[Any], int]) -> Any:
    items, total = answer
    return {"items": [v.model_dump(mode="json") for v in items], "total": total}


def answers(store: OxigraphStore, as_of: str | None, therapies: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"therapies": _answer(lambda: list_therapies(store, VOCAB, as_of=as_of))}
    for t in therapies:
        out[f"show {t}"] = _answer(lambda t=t: show_therapy(store, VOCAB, t, as_of=as_of))
        out[f"competitors {t}"] = _answer(lambda t=t: competitors(store, VOCAB, t, as_of=as_of))
        out[f"competitors page {t}"] = _answer(
            lambda t=t: _paged(competitors_page(store, VOCAB, t, 3, 1, as_of=as_of))
        )
    for i in INDICATIONS:
        out[f"landscape {i}"] = _answer(lambda i=i: landscape(store, VOCAB, i, as_of=as_of))
    out["barriers"] = _answer(lambda: barriers(store, as_of=as_of))
    return out


def assert_same_answers(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch, as_of: str | None, rng: random.Random
) -> None:
    """The index's answers equal the oracle's (SPARQL on demand, the index turned off)."""
    assert isinstance(facts.facts_for(store, as_of), SqliteFacts)
    with monkeypatch.context() as m:
        m.setenv(maintain.ENABLE_ENV, "0")
        assert type(facts.facts_for(store, as_of)).__name__ == "SparqlFacts"
        listed = [t.id for t in list_therapies(store, VOCAB)]
        picked = [*rng.sample(listed, min(4, len(listed))), "ide-cel", "daratumumab"]
        oracle = answers(store, as_of, picked)
    kinds = ["index"]
    if as_of is None and view_memo.is_kept(store.location):
        kinds = ["index, view kept", "index, view kept and prepared"]
    for kind in kinds:
        if kind.endswith("prepared"):
            warmup.prepare(store, VOCAB)
        got = answers(store, as_of, picked)
        assert got.keys() == oracle.keys()
        for key in oracle:
            assert got[key] == oracle[key], f"{key} (as of {as_of}, {kind}) differs from SPARQL's"


def index_rows(path: Path) -> dict[str, Counter[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: Counter(conn.execute(f"SELECT * FROM {t}")) for t in TABLES}
    finally:
        conn.close()


def assert_rows_match_store(store: OxigraphStore) -> None:
    """Every table holds exactly the rows a fresh read of every graph gives, one query per
    table (the oracle: the index's own rows are built from triples, in memory at a load)."""
    assert store.path is not None
    graphs = list(maintain.fingerprints(store, None))
    fresh = oracle_rows(store, graphs) if graphs else {t: [] for t in TABLES}
    have = index_rows(store.path / FILE_NAME)
    for table in TABLES:
        assert have[table] == Counter(fresh[table]), f"table {table} differs from the store"


# ---- random writes -------------------------------------------------------------------------
def changed_copy(src: Path, folder: Path, rng: random.Random) -> Path:
    """The study of ``src`` with changed content (phase, status, start date, and maybe one
    intervention fewer), written under the same name in ``folder``."""
    study = orjson.loads(src.read_bytes())
    ps = study["protocolSection"]
    ps.setdefault("designModule", {})["phases"] = rng.choice(PHASES)
    ps["statusModule"]["overallStatus"] = rng.choice(STATUSES)
    ps["statusModule"]["startDateStruct"] = {
        "date": f"{rng.randint(2005, 2024)}-0{rng.randint(1, 9)}-15"
    }
    arms = ps.get("armsInterventionsModule", {})
    if len(arms.get("interventions", [])) > 1 and rng.random() < 0.5:
        arms["interventions"].pop()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / src.name
    target.write_bytes(orjson.dumps(study))
    return target


class World:
    """An on-disk store under random writes, reopened with or without its index."""

    def __init__(self, path: Path, work: Path, rng: random.Random) -> None:
        self.path, self.work, self.rng = path, work, rng
        self.store = self._open(attached=False)
        maintain.reindex(self.store)  # a store gets an index from `tlkg reindex` (opt-in)
        self.reopen()
        self.version = 0

    def _open(self, attached: bool) -> OxigraphStore:
        store = OxigraphStore(self.path)
        if attached:
            maintain.attach(store)
        return store

    def reopen(self, attached: bool = True) -> None:
        self.store.close()
        self.store = self._open(attached)

    def step(self) -> str:
        op = self.rng.choice(["load", "load", "change", "change", "remove", "detached", "reopen"])
        if op == "detached":  # writes the index does not see: caught up when reopened
            self.reopen(attached=False)
            self._write(self.rng.choice(["load", "change", "remove"]))
            self.reopen()
        elif op == "reopen":
            self.reopen()
        else:
            self._write(op)
        return op

    def _write(self, op: str) -> None:
        rng, store = self.rng, self.store
        if op == "load":
            paths = rng.sample(STUDIES + OTHERS, rng.randint(1, 4))
            load(store, paths, VOCAB, workers=1)
        elif op == "change":
            self.version += 1
            src = rng.choice(STUDIES)
            load(store, [changed_copy(src, self.work / str(self.version), rng)], VOCAB, workers=1)
        elif op == "remove":
            ids = store.source_ids()
            for sid in rng.sample(ids, min(len(ids), rng.randint(1, 3))):
                store.remove_source(sid)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_answers_equal_sparql_under_random_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    world = World(tmp_path / "store", tmp_path / "changed", rng)
    if seed % 2:  # as the API server does: today's view kept in memory across the writes
        view_memo.keep(world.store.location)
    try:
        load(world.store, rng.sample(STUDIES, 6) + rng.sample(OTHERS, 2), VOCAB, workers=1)
        for _ in range(7):
            op = world.step()
            assert_rows_match_store(world.store)
            as_of = rng.choice([None, f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-01"])
            try:
                assert_same_answers(world.store, monkeypatch, as_of, rng)
            except AssertionError as exc:
                raise AssertionError(f"after {op} (seed {seed}): {exc}") from None
    finally:
        view_memo.forget(world.store.location)
        world.store.close()


# ---- an index of an old version, a stale one, a missing one ----------------------------------
@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[OxigraphStore]:
    store = OxigraphStore(tmp_path / "store")
    maintain.reindex(store)
    maintain.attach(store)
    load(store, [DEMO], VOCAB, workers=1)
    yield store
    store.close()


def test_old_schema_index_is_rebuilt_before_it_answers(
    demo_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert demo_store.path is not None
    path = demo_store.path / FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    conn.execute("DELETE FROM core")  # an old index's rows are not to be trusted
    conn.commit()
    conn.close()
    assert_same_answers(demo_store, monkeypatch, None, random.Random(0))
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
    conn.close()
    assert int(version) == maintain.VERSION
    assert_rows_match_store(demo_store)


def test_stale_index_catches_up_by_graph(
    tmp_path: Path, demo_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_store.path
    assert path is not None
    demo_store.close()
    plain = OxigraphStore(path)  # no index attached: these writes are not indexed
    gone = next(i for i in plain.source_ids() if i != STUDIES[0].stem)
    plain.remove_source(gone)
    load(plain, [changed_copy(STUDIES[0], tmp_path / "v2", random.Random(5))], VOCAB, workers=1)
    conn = sqlite3.connect(path / FILE_NAME)
    recorded = conn.execute("SELECT value FROM meta WHERE key = 'token'").fetchone()[0]
    conn.close()
    assert recorded != plain.state_token()
    conn = maintain.connect(path / FILE_NAME)
    stale = maintain.stale_graphs(conn, plain)
    conn.close()
    assert any(gone in g for g in stale) and len(stale) == 2  # the removed and the changed
    try:
        assert_same_answers(plain, monkeypatch, None, random.Random(1))
        assert_rows_match_store(plain)
    finally:
        plain.close()


def test_without_an_index_answers_come_from_sparql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(maintain.ENABLE_ENV, "0")  # the index turned off
    store = OxigraphStore(tmp_path / "store")
    try:
        assert maintain.attach(store) is None
        load(store, [DEMO / "trials"], VOCAB, workers=1)
        assert not (tmp_path / "store" / FILE_NAME).exists()
        assert type(facts.facts_for(store)).__name__ == "SparqlFacts"
    finally:
        store.close()


# ---- tlkg reindex --------------------------------------------------------------------------
def tlkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tlkg", *args], capture_output=True, text=True, timeout=300
    )


def test_tlkg_reindex_rebuilds_the_index(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert tlkg("--store", str(store), "load", str(DEMO), "--json").returncode == 0
    assert not (store / FILE_NAME).exists()  # opt-in
    before = tlkg("--store", str(store), "competitors", "ide-cel", "--json")
    assert before.returncode == 0, before.stderr
    (store / FILE_NAME).write_bytes(b"not a database, " * 100)  # even a damaged file
    proc = tlkg("--store", str(store), "reindex", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rows"] == sum(report["tables"].values()) > 0
    assert report["tables"]["sources"] >= 10 and report["tables"]["trials"] > 0
    text = tlkg("--store", str(store), "reindex")
    assert text.returncode == 0 and text.stdout.startswith("reindexed: ")
    after = tlkg("--store", str(store), "competitors", "ide-cel", "--json")
    assert after.stdout == before.stdout
    s = OxigraphStore(store, read_only=True)
    try:
        assert_rows_match_store(s)
    finally:
        s.close()


def test_tlkg_reindex_refuses_a_remote_store() -> None:
    proc = tlkg("--endpoint", "http://127.0.0.1:9/sparql", "reindex")
    assert proc.returncode == 2
    assert "does not support a remote SPARQL store" in proc.stderr


def test_a_store_gets_an_index_only_from_reindex(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opt-in: loads into a store without an index stay as fast as before (maintenance
    costs too much at load for now: docs/architecture.md), building no index rows;
    `tlkg reindex` creates it, and later loads keep it current."""
    built: list[str] = []
    real = workers.source_rows

    def spy(st: Any) -> Any:
        built.append(st.graph)
        return real(st)

    monkeypatch.setattr(workers, "source_rows", spy)
    store = OxigraphStore(tmp_path / "store")
    try:
        maintain.attach(store)
        load(store, [DEMO / "trials"], VOCAB, workers=1)
        assert not (tmp_path / "store" / FILE_NAME).exists()
        assert type(facts.facts_for(store)).__name__ == "SparqlFacts"
        assert not built, "index rows built for a store without an index"
        maintain.reindex(store)
        maintain.attach(store)
        load(store, [DEMO / "articles"], VOCAB, workers=1)
        assert built, "no index rows built for a store with an index"
        assert isinstance(facts.facts_for(store), SqliteFacts)
        assert_rows_match_store(store)
    finally:
        store.close()


def test_a_load_writes_the_rows_its_workers_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of a loaded batch are the ones built when its sources were mapped: the
    index reads back no source graph of a batch (only the vocabulary's, once)."""
    store = OxigraphStore(tmp_path / "store")
    read_back: list[list[str]] = []
    real = maintain.read_rows

    def spy(s: OxigraphStore, graphs: list[str] | None) -> Any:
        read_back.append(list(graphs or []))
        return real(s, graphs)

    monkeypatch.setattr(maintain, "read_rows", spy)
    try:
        maintain.reindex(store)
        maintain.attach(store)
        load(store, [DEMO, CTGOV / "v2-mixed-june-2023-4.json"], VOCAB, workers=1)
        sources = [g for graphs in read_back for g in graphs if "/graph/source/" in g]
        assert not sources, f"source graphs read back: {sources[:3]}"
        assert_rows_match_store(store)
        assert_same_answers(store, monkeypatch, None, random.Random(2))
    finally:
        store.close()
