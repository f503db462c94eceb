"""``tlkg export graphml --competition``: the competition network through the CLI entry
point, on the bundled demo corpus (real registry records and articles), read back with
networkx and igraph; its edges are exactly the answers of ``tlkg competitors``."""

from __future__ import annotations

import json
from pathlib import Path

import igraph
import networkx as nx
import pytest
from test_cli import tlkg

DEMO = Path(__file__).resolve().parent.parent / "tlkg/demo"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("competition") / "store"
    tlkg(path, "load", str(DEMO / "trials"), str(DEMO / "articles"))
    return path


@pytest.fixture(scope="module")
def myeloma(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "mm.graphml"
    done = tlkg(
        store,
        "export",
        "graphml",
        "--competition",
        "--indication",
        "multiple myeloma",
        "--limit",
        "8",
        str(out),
    )
    assert "competitor edges" in done.stdout
    return out


def test_edges_are_the_competitor_answers(store: Path, myeloma: Path) -> None:
    g = nx.read_graphml(myeloma)
    assert g.is_directed()
    in_scope = sorted(n for n, d in g.nodes(data=True) if d["in_scope"])
    landscape = json.loads(tlkg(store, "landscape", "multiple myeloma", "--json").stdout)
    expected_scope = sorted(
        t["therapy"]["id"] for grp in landscape["groups"] for t in grp["therapies"]
    )
    assert in_scope == expected_scope and "idecabtagene-vicleucel" in in_scope
    for t in in_scope:
        answer = json.loads(tlkg(store, "competitors", t, "--limit", "8", "--json").stdout)
        want = [(c["therapy"]["id"], c["score"]) for c in answer]
        got = sorted(
            ((v, d["weight"], d["rank"]) for _u, v, d in g.out_edges(t, data=True)),
            key=lambda x: x[2],
        )
        assert [(v, w) for v, w, _r in got] == want, t


def test_nodes_carry_short_ids_and_what_an_analyst_reads(myeloma: Path) -> None:
    g = nx.read_graphml(myeloma)
    assert all("://" not in n and " " not in n for n in g.nodes)
    ide = g.nodes["idecabtagene-vicleucel"]
    assert ide["label"] == "idecabtagene vicleucel"
    assert ide["modality"] == "autologous CAR-T" and ide["phase"] == "approved"
    assert json.loads(ide["targets"]) == ["BCMA"]
    assert ide["iri"] == "https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel"
    cilta = g.edges["idecabtagene-vicleucel", "ciltacabtagene-autoleucel"]
    assert cilta["rank"] == 1 and "stated" in json.loads(cilta["reasons"])
    assert cilta["source_count"] >= 1


def test_igraph_reads_and_lays_it_out(myeloma: Path) -> None:
    g = igraph.Graph.Read_GraphML(str(myeloma))
    assert g.is_directed() and g.vcount() > 5 and g.ecount() > g.vcount()
    assert "weight" in g.es.attributes() and "label" in g.vs.attributes()
    layout = g.layout_fruchterman_reingold(weights="weight", seed=None)
    assert len(layout.coords) == g.vcount()


def test_options_are_checked(store: Path, tmp_path: Path) -> None:
    wrong = tlkg(store, "export", "turtle", "--competition", str(tmp_path / "x"), check=False)
    assert wrong.returncode == 2 and "graphml only" in wrong.stderr
    alone = tlkg(
        store,
        "export",
        "graphml",
        "--indication",
        "multiple myeloma",
        str(tmp_path / "y"),
        check=False,
    )
    assert alone.returncode == 2 and "need --competition" in alone.stderr
    missing = tlkg(
        store,
        "export",
        "graphml",
        "--competition",
        "--indication",
        "no such thing",
        str(tmp_path / "z"),
        check=False,
    )
    assert missing.returncode != 0 and not (tmp_path / "z").exists()
