"""``tlkg clusters`` and ``GET /api/indications/{id}/clusters``: communities of an
indication's competition network, through the CLI entry point and a real HTTP server, on
the bundled demo corpus (real registry records and articles)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
from live_server import served
from test_cli import tlkg

from tlkg.ontology.vocab import Vocabulary

DEMO = Path(__file__).resolve().parent.parent / "tlkg/demo"
MM = "multiple myeloma"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clusters") / "store"
    tlkg(path, "load", str(DEMO / "trials"), str(DEMO / "articles"))
    return path


@pytest.fixture(scope="module")
def answer(store: Path) -> dict[str, Any]:
    return dict(json.loads(tlkg(store, "clusters", "--indication", MM, "--json").stdout))


def members(answer: dict[str, Any]) -> list[set[str]]:
    return [{m["therapy"]["id"] for m in c["members"]} for c in answer["clusters"]]


def test_clusters_partition_the_landscape(store: Path, answer: dict[str, Any]) -> None:
    landscape = json.loads(tlkg(store, "landscape", MM, "--json").stdout)
    therapies = {t["therapy"]["id"] for g in landscape["groups"] for t in g["therapies"]}
    groups = [*members(answer), {r["id"] for r in answer["unclustered"]}]
    assert sum(len(g) for g in groups) == len(therapies)
    assert set().union(*groups) == therapies
    assert all(len(g) > 1 for g in members(answer))
    assert [c["id"] for c in answer["clusters"]] == list(range(1, len(answer["clusters"]) + 1))


def test_every_member_competes_inside_its_cluster(store: Path, answer: dict[str, Any]) -> None:
    everyone = set().union(*members(answer))
    rivals = {
        t: {c["therapy"]["id"] for c in json.loads(tlkg(store, "competitors", t, "--json").stdout)}
        for t in everyone
    }
    for cluster in members(answer):
        for t in cluster:
            # linked either way: t ranks another member, or another member ranks t
            assert rivals[t] & cluster or any(t in rivals[o] for o in cluster - {t}), t


def test_same_target_products_cluster_apart_from_other_mechanisms(answer: dict[str, Any]) -> None:
    by_member = {t: n for n, c in enumerate(members(answer)) for t in c}
    bcma = {"idecabtagene-vicleucel", "ciltacabtagene-autoleucel", "teclistamab"}
    assert len({by_member[t] for t in bcma}) == 1
    assert by_member["lenalidomide"] != by_member["idecabtagene-vicleucel"]
    bcma_cluster = answer["clusters"][by_member["idecabtagene-vicleucel"]]
    assert bcma_cluster["label"].startswith("BCMA")


def test_shared_features_are_counted_over_members(answer: dict[str, Any]) -> None:
    for c in answer["clusters"]:
        size = len(c["members"])
        for f in c["shared"]:
            assert f["members"] >= 2 and 2 * f["members"] >= size
            if f["kind"] == "target":
                holders = [
                    m for m in c["members"] if f["feature"]["id"] in {t["id"] for t in m["targets"]}
                ]
                assert len(holders) == f["members"], (c["label"], f)
        if not c["shared"]:
            assert c["label"] == "mixed"


def test_the_answer_is_deterministic_and_follows_as_of(store: Path, answer: dict[str, Any]) -> None:
    again = json.loads(tlkg(store, "clusters", "--indication", MM, "--json").stdout)
    assert again == answer
    early = json.loads(
        tlkg(store, "clusters", "--indication", MM, "--as-of", "2019-12-31", "--json").stdout
    )
    now = set().union(*members(answer))
    then = set().union(set(), *members(early)) | {r["id"] for r in early["unclustered"]}
    assert then < now and early["as_of"] == "2019-12-31"


def test_unknown_indication_is_a_clear_error(store: Path) -> None:
    done = tlkg(store, "clusters", "--indication", "no such disease", check=False)
    assert done.returncode != 0 and "no such disease" in done.stderr
    assert tlkg(store, "clusters", "--indication", MM, "--limit", "0", check=False).returncode == 2


def test_the_competition_graphml_carries_each_nodes_cluster(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "mm.graphml"
    tlkg(store, "export", "graphml", "--competition", "--indication", MM, "--limit", "8", str(out))
    graph = nx.read_graphml(out)
    answer = json.loads(
        tlkg(store, "clusters", "--indication", MM, "--limit", "8", "--json").stdout
    )
    want = {
        m["therapy"]["id"]: (c["id"], c["label"]) for c in answer["clusters"] for m in c["members"]
    }
    got = {n: (d["cluster"], d["cluster_label"]) for n, d in graph.nodes(data=True)}
    assert {n: v for n, v in got.items() if v[0]} == want
    assert all(got[r["id"]] == (0, "") for r in answer["unclustered"])


# Last: a running server holds the store, so no CLI command may follow it.
@pytest.fixture(scope="module")
def api(store: Path, vocab: Vocabulary) -> Iterator[httpx.Client]:
    with served(store, vocab) as client:
        yield client


def test_rest_answers_the_cli_json(api: httpx.Client, answer: dict[str, Any]) -> None:
    r = api.get(f"/api/indications/{answer['indication']['id']}/clusters")
    assert r.status_code == 200 and r.json() == answer
    missing = api.get("/api/indications/no-such-disease/clusters")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    bad = api.get(f"/api/indications/{answer['indication']['id']}/clusters?limit=0")
    assert bad.status_code == 422
