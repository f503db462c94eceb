"""Record history and change feeds (issue 18): a trial record loaded, then newer versions
of it with another phase and status; the superseded versions kept as archived graphs with
PROV links; ``--as-of`` answering from the version that held that day in every fact layer;
``tlkg changes`` and ``GET /api/changes`` reporting every change kind with its day and
sources; ``remove`` and ``--sync`` dropping a record with its history; ``--no-history``.

The versions are made from a real demo record (NCT02650414, first posted 2016-01-08, last
updated 2023-01-31, phase 1, recruiting): version 2 posted 2024-06-03 (phase 2,
terminated), version 3 posted 2025-02-10 (phase 2, completed).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, get_args

import pytest
from live_server import served
from rdflib import Graph, Namespace
from test_cli_analysis import tlkg

from tlkg.graph.analysis import maintain
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import catalog
from tlkg.graph.services.changes import changes
from tlkg.graph.services.facts import (
    IndexedFacts,
    SparqlFacts,
    SqliteFacts,
    facts_for,
    forget,
    warm,
)
from tlkg.graph.services.models_field import ChangeKind
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.namespace import GRAPH, ID
from tlkg.ontology.vocab import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tlkg/demo"
RECORD = DEMO / "trials/NCT02650414.json"
NCT = "NCT02650414"
HISTORY_ARTICLES = Path(__file__).resolve().parent / "fixtures/history"
V1, V2, V3 = "2023-01-31", "2024-06-03", "2025-02-10"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
TLKG = "https://w3id.org/tlkg/ontology#"
TLKG_NS = Namespace(TLKG)


def version(folder: Path, posted: str, phase: str, status: str) -> Path:
    """The demo record as the registry would post a later version of it."""
    study = json.loads(RECORD.read_text())
    study = copy.deepcopy(study)
    status_module = study["protocolSection"]["statusModule"]
    status_module["lastUpdatePostDateStruct"] = {"date": posted, "type": "ACTUAL"}
    status_module["overallStatus"] = status
    study["protocolSection"]["designModule"]["phases"] = [phase]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{NCT}.json"
    path.write_text(json.dumps(study))
    return path


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("versions")
    return [
        RECORD,
        version(root / "v2", V2, "PHASE2", "TERMINATED"),
        version(root / "v3", V3, "PHASE2", "COMPLETED"),
    ]


def as_json(proc: Any) -> Any:
    return json.loads(proc.stdout)


def therapy_of(store: Path) -> str:
    (t,) = as_json(tlkg(store, "therapies", "--json"))
    return str(t["id"])


# ---- through the CLI entry point, on an on-disk store ---------------------------------------
@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory, versions: list[Path]) -> Path:
    store = tmp_path_factory.mktemp("history") / "store"
    first = as_json(tlkg(store, "load", str(versions[0]), "--json"))
    # The public summary shape; "archived" is added only when a load kept history.
    assert set(first) == {"loaded", "skipped", "errors", "triples"}
    second = as_json(tlkg(store, "load", str(versions[1]), "--json"))
    assert second["loaded"] == 1 and second["archived"] == 1
    return store


def test_changes_reports_the_phase_and_status_change_with_both_versions(cli_store: Path) -> None:
    answer = as_json(tlkg(cli_store, "changes", "--since", "2023-06-01", "--json"))
    assert answer["since"] == "2023-06-01" and answer["until"] is None
    kinds = {c["kind"]: c for c in answer["changes"]}
    assert set(kinds) == {"phase_change", "status_change"}
    phase, status = kinds["phase_change"], kinds["status_change"]
    assert (phase["before"], phase["after"], phase["date"]) == ("phase1", "phase2", V2)
    assert (status["before"], status["after"], status["date"]) == ("recruiting", "terminated", V2)
    assert status["detail"] == f"{NCT}: recruiting -> terminated"
    for change in (phase, status):
        got = [(s["id"], s["version"], s["superseded_on"]) for s in change["sources"]]
        assert got == [(NCT, V1, V2), (NCT, V2, None)]


def test_nothing_changed_between_two_days_of_one_version(cli_store: Path) -> None:
    answer = as_json(
        tlkg(cli_store, "changes", "--since", "2023-03-01", "--until", "2024-06-02", "--json")
    )
    assert answer["changes"] == []
    later = as_json(tlkg(cli_store, "changes", "--since", "2023-03-01", "--until", V2, "--json"))
    assert {c["kind"] for c in later["changes"]} == {"phase_change", "status_change"}


def test_as_of_answers_from_the_version_that_held_that_day(cli_store: Path) -> None:
    therapy = therapy_of(cli_store)

    def shown(*args: str) -> tuple[str | None, list[str]]:
        t = as_json(tlkg(cli_store, "show", therapy, "--json", *args))
        return t["highest_phase"], [s.get("version") for s in t["sources"]]

    assert shown() == ("phase2", [V2])
    assert shown("--as-of", "2023-06-01") == ("phase1", [V1])
    assert shown("--as-of", "2024-06-02") == ("phase1", [V1])
    assert shown("--as-of", V2) == ("phase2", [V2])
    # Before the record's first posting nothing is known of it.
    gone = tlkg(cli_store, "show", therapy, "--json", "--as-of", "2015-12-31", ok=False)
    assert gone.returncode != 0


def test_the_archived_version_is_a_graph_with_prov_links(cli_store: Path) -> None:
    src, ver = ID[f"source/{NCT}"], ID[f"source/{NCT}/version/{V1}"]
    graph = GRAPH[f"source/{NCT}/version/{V1}"]
    query = f"""
        SELECT ?until ?at ?graph ?modified ?of ?type WHERE {{
          <{src}> <{PROV}wasRevisionOf> <{ver}> .
          <{ver}> <{TLKG}validUntil> ?until ; <{PROV}invalidatedAtTime> ?at ;
                  <{TLKG}namedGraph> ?graph ; <{DCT}modified> ?modified ;
                  <{DCT}isVersionOf> ?of ; a ?type .
        }}"""
    (row,) = as_json(tlkg(cli_store, "query", query, "--format", "json"))["results"]["bindings"]
    assert row["until"]["value"] == V2 and row["until"]["datatype"].endswith("#date")
    assert row["at"]["datatype"].endswith("#dateTime")
    assert (row["graph"]["value"], row["of"]["value"]) == (str(graph), str(src))
    assert row["modified"]["value"] == V1 and row["type"]["value"] == f"{TLKG}SourceVersion"
    # The old version's claims are in its graph: the phase it had.
    ask = (
        f"ASK {{ GRAPH <{graph}> {{ ?t <{TLKG}phase> ?p . FILTER(STRENDS(STR(?p), 'phase1')) }} }}"
    )
    assert as_json(tlkg(cli_store, "query", ask, "--format", "json"))["boolean"] is True
    # History is not a source of today: `sources` lists the record once.
    listed = as_json(tlkg(cli_store, "sources", "--json"))
    assert [(s["id"], s["version"]) for s in listed] == [(NCT, V2)]
    every = as_json(tlkg(cli_store, "sources", "--history", "--json"))
    assert sorted((s["version"], s["superseded_on"]) for s in every) == [(V1, V2), (V2, None)]


def test_triple_exports_leave_history_out(cli_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    tlkg(cli_store, "export", "turtle", str(out))
    phases = {str(o) for o in Graph().parse(out).objects(None, TLKG_NS.phase)}
    assert {p.rsplit("/", 1)[-1] for p in phases} == {"phase2"}
    quads = tmp_path / "graph.nq"
    tlkg(cli_store, "export", "nquads", str(quads))
    assert f"/version/{V1}>" in quads.read_text()  # the dataset keeps it


def test_remove_drops_the_record_with_its_history(tmp_path: Path, versions: list[Path]) -> None:
    store = tmp_path / "store"
    tlkg(store, "load", str(versions[0]))
    tlkg(store, "load", str(versions[1]))
    tlkg(store, "load", str(versions[2]))
    count = (
        "SELECT (COUNT(DISTINCT ?g) AS ?n) "
        "WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?g), '/source/')) }"
    )

    def graphs() -> int:
        rows = as_json(tlkg(store, "query", count, "--format", "json"))["results"]["bindings"]
        return int(rows[0]["n"]["value"])

    assert graphs() == 3  # the current version and two archived ones
    tlkg(store, "remove", NCT)
    assert graphs() == 0
    left = f"ASK {{ GRAPH ?m {{ ?v <{DCT}isVersionOf> ?src }} }}"
    assert as_json(tlkg(store, "query", left, "--format", "json"))["boolean"] is False


def test_sync_removes_a_withdrawn_record_with_its_history(
    tmp_path: Path, versions: list[Path]
) -> None:
    store = tmp_path / "store"
    tlkg(store, "load", str(versions[0]))
    tlkg(store, "load", str(versions[1]))
    other = DEMO / "trials/NCT05164042.json"
    summary = as_json(tlkg(store, "load", "--sync", str(other), "--json"))
    assert summary["removed"] == 1
    left = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(CONTAINS(STR(?g), '{NCT}')) }}"
    assert as_json(tlkg(store, "query", left, "--format", "json"))["boolean"] is False


@pytest.mark.parametrize("how", ["option", "setting"])
def test_no_history_replaces_without_keeping(
    tmp_path: Path, versions: list[Path], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    tlkg(store, "load", str(versions[0]))
    args = ["load", str(versions[1]), "--json"]
    if how == "option":
        args.append("--no-history")
    else:
        monkeypatch.setenv("TLKG_HISTORY", "false")
    assert "archived" not in as_json(tlkg(store, *args))
    assert as_json(tlkg(store, "changes", "--since", "2023-06-01", "--json"))["changes"] == []
    assert as_json(tlkg(store, "sources", "--json"))[0]["version"] == V2


def test_no_history_for_an_older_version_or_the_same_one(
    tmp_path: Path, versions: list[Path]
) -> None:
    store = tmp_path / "store"
    tlkg(store, "load", str(versions[1]))
    # The same version again, forced: nothing to archive.
    assert "archived" not in as_json(tlkg(store, "load", "--force", str(versions[1]), "--json"))
    # An older version replaces the newer one without history (a dump loaded out of order).
    older = as_json(tlkg(store, "load", str(versions[0]), "--json"))
    assert older["loaded"] == 1 and "archived" not in older


def test_changes_refuses_bad_days(cli_store: Path) -> None:
    bad = tlkg(cli_store, "changes", "--since", "2024-02-30", "--json", ok=False)
    assert bad.returncode != 0 and "--since" in json.loads(bad.stderr)["error"]
    backwards = tlkg(
        cli_store, "changes", "--since", "2024-01-01", "--until", "2023-01-01", ok=False
    )
    assert backwards.returncode != 0 and "before" in backwards.stderr


# ---- the same history in every fact layer ---------------------------------------------------
DAYS = {  # as_of -> (highest phase, trial status) of the one therapy
    None: ("phase2", "completed"),
    "2023-06-01": ("phase1", "recruiting"),
    V2: ("phase2", "terminated"),
    "2025-02-09": ("phase2", "terminated"),
    V3: ("phase2", "completed"),
    "2016-01-08": ("phase1", "recruiting"),
}


def _answer(facts: Any) -> tuple[str | None, str | None] | None:
    found = facts.therapies(facts.mentioned())
    if not found:
        return None
    (t,) = found.values()
    (trial,) = t.trials
    return t.highest_phase, trial.status.rsplit("/", 1)[-1] if trial.status else None


@pytest.mark.parametrize("layer", ["sparql", "sqlite", "indexed"])
def test_every_fact_layer_answers_the_version_of_the_day(
    tmp_path: Path, versions: list[Path], vocab: Vocabulary, layer: str
) -> None:
    store = OxigraphStore(tmp_path / "store") if layer == "sqlite" else OxigraphStore()
    try:
        if layer == "sqlite":  # an index kept current at each write, archives included
            maintain.reindex(store)
            maintain.attach(store)
        for path in versions:
            load(store, [path], vocab, workers=1)
        if layer == "indexed":
            warm(store)
        for day, expected in DAYS.items():
            facts = facts_for(store, day)
            kind = {"sparql": SparqlFacts, "sqlite": SqliteFacts, "indexed": IndexedFacts}[layer]
            assert isinstance(facts, kind)
            assert _answer(facts) == expected, day
        assert _answer(facts_for(store, "2015-12-31")) is None
    finally:
        forget(store)
        store.close()


def test_changes_over_two_revisions(
    tmp_path: Path, versions: list[Path], vocab: Vocabulary
) -> None:
    store = OxigraphStore()
    for path in versions:
        load(store, [path], vocab, workers=1)
    answer = changes(store, vocab, "2023-06-01")
    status = [c for c in answer.changes if c.kind == "status_change"]
    assert [(c.before, c.after, c.date) for c in status] == [("recruiting", "completed", V3)]
    assert [(s.version, s.superseded_on) for s in status[0].sources] == [(V1, V2), (V3, None)]
    between = changes(store, vocab, V2, "2025-03-01")
    assert [(c.kind, c.before, c.after) for c in between.changes] == [
        ("status_change", "terminated", "completed")
    ]
    # Every version of the chain is listed with `history`.
    listed = catalog.list_sources(store, history=True)
    assert sorted((s.version, s.superseded_on) for s in listed) == [
        (V1, V2),
        (V2, V3),
        (V3, None),
    ]
    store.close()


# ---- every change kind, on the demo corpus and the synthetic articles -----------------------
@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, versions: list[Path]) -> Path:
    store = tmp_path_factory.mktemp("demo-history") / "store"
    tlkg(store, "load", str(DEMO / "trials"), str(DEMO / "articles"), str(HISTORY_ARTICLES))
    tlkg(store, "load", str(versions[1]))
    return store


def test_every_change_kind_is_reported(demo_store: Path) -> None:
    answer = as_json(tlkg(demo_store, "changes", "--since", "2023-03-01", "--json"))
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for c in answer["changes"]:
        by_kind.setdefault(c["kind"], []).append(c)
    assert set(by_kind) == set(get_args(ChangeKind))  # every kind the API declares
    assert len(by_kind) == 8
    dates = [c["date"] or "" for c in answer["changes"]]
    assert dates == sorted(dates)
    for c in answer["changes"]:
        assert c["sources"], c
        # Every change happened after the since day, by its own sources.
        assert c["date"] is None or c["date"] > "2023-03-01", c
    # EXB-101 was first seen (phase 2) and approved inside the window: both are reported.
    (approval,) = by_kind["approval"]
    assert (approval["therapy"]["name"], approval["before"], approval["after"]) == (
        "EXB-101",
        None,
        "approved",
    )
    assert approval["date"] == "2025-03-01"
    assert ("new_therapy", "EXB-101") in {
        (c["kind"], c["therapy"]["name"]) for c in answer["changes"]
    }
    (comparison,) = by_kind["new_comparison"]
    assert (comparison["detail"], comparison["date"]) == (
        "benchmarked against lenalidomide",
        "2023-04-24",
    )
    # Known before the window, approved inside it: an approval from phase 2.
    later = as_json(
        tlkg(demo_store, "changes", "--since", "2024-06-01", "--therapy", "EXB-101", "--json")
    )
    assert [(c["kind"], c["before"], c["after"], c["date"]) for c in later["changes"]] == [
        ("approval", "phase2", "approved", "2025-03-01")
    ]
    assert [s["id"] for s in later["changes"][0]["sources"]] == [
        "exb-101-enters-phase-2-in-lupus-nephritis-2024-01-10",
        "fda-approves-exb-101-for-lupus-nephritis-2025-03-01",
    ]
    rivalry = {(c["therapy"]["name"], c["detail"]) for c in by_kind["new_rivalry"]}
    assert ("ciltacabtagene autoleucel", "competes with idecabtagene vicleucel") in rivalry


def test_changes_in_a_scope(demo_store: Path) -> None:
    def kinds(*scope: str) -> set[tuple[str, str]]:
        answer = as_json(tlkg(demo_store, "changes", "--since", "2019-06-01", *scope, "--json"))
        return {(c["kind"], c["therapy"]["name"]) for c in answer["changes"]}

    everything = kinds()
    myeloma = kinds("--indication", "multiple myeloma")
    bcma = kinds("--target", "BCMA")
    assert myeloma and bcma and myeloma < everything and bcma < everything
    assert ("new_rivalry", "ciltacabtagene autoleucel") in myeloma & bcma
    assert not {name for _k, name in bcma} & {"EXB-101", "iberdomide"}
    one = kinds("--therapy", "cilta-cel")
    assert one and {name for _k, name in one} == {"ciltacabtagene autoleucel"}


def test_rest_changes_is_the_cli_answer(demo_store: Path, vocab: Vocabulary) -> None:
    expected = as_json(tlkg(demo_store, "changes", "--since", "2023-06-01", "--json"))
    with served(demo_store, vocab) as http:
        r = http.get("/api/changes", params={"since": "2023-06-01"})
        assert r.status_code == 200, r.text
        assert r.json() == expected
        scoped = http.get("/api/changes", params={"since": "2019-06-01", "target": "BCMA"})
        assert scoped.status_code == 200 and scoped.json()["scope"]["target"]["name"] == "BCMA"
        for params in (
            {},
            {"since": "2024-13-01"},
            {"since": "2024-02-30"},
            {"since": "2024-01-01", "until": "2023-01-01"},
        ):
            bad = http.get("/api/changes", params=params)
            assert bad.status_code == 422, (params, bad.text)
            assert bad.headers["content-type"].startswith("application/problem+json")
        missing = http.get("/api/changes", params={"since": "2023-06-01", "therapy": "nosuch"})
        assert missing.status_code == 404
