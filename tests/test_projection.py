"""The networkx projection, GraphML (networkx and igraph read it back), JSON-LD and KGX
exports, on the analysis fixture (tests/analysis_fixture.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from analysis_fixture import build_store
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from tlkg.graph.exports import projection
from tlkg.graph.exports import rdf as export
from tlkg.graph.rdf.terms import from_ox
from tlkg.graph.store.oxigraph import OxigraphStore

IDE = "https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel"
CILTA = "https://w3id.org/tlkg/id/therapy/ciltacabtagene-autoleucel"
DARA = "https://w3id.org/tlkg/id/therapy/daratumumab"
BCMA = "https://w3id.org/tlkg/id/target/bcma"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return build_store()


@pytest.fixture(scope="module")
def graph(store: OxigraphStore) -> nx.MultiDiGraph:
    return projection.project(store)


def test_projection_nodes_and_aggregated_edges(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes[IDE]["type"] == "therapy"
    assert graph.nodes[IDE]["label"] == "idecabtagene vicleucel"
    assert "Abecma" in graph.nodes[IDE]["aliases"]
    assert all(d.get("label") for _n, d in graph.nodes(data=True))
    assert graph.nodes["https://w3id.org/tlkg/id/trial/NCT90000001"]["phases"] == ["phase3"]
    # Benchmarked against: one edge, from the trial record, with its date.
    edge = graph.get_edge_data(IDE, DARA)["benchmarkedAgainst"]
    assert edge["source_count"] == 1 and edge["sources"] == ["NCT90000001"]
    assert edge["first_date"] == edge["last_date"] == "2019-03-01"
    target = graph.get_edge_data(IDE, BCMA)["target"]
    assert target["vocabulary"] is True and target["source_count"] == 0
    types = {d["type"] for _n, d in graph.nodes(data=True)}
    assert types == {
        "therapy",
        "indication",
        "target",
        "organization",
        "trial",
        "modality",
        "barrier",
    }


def _graphml(graph: nx.MultiDiGraph, tmp_path: Path) -> Path:
    path = tmp_path / "graph.graphml"
    with open(path, "wb") as fh:
        projection.write_graphml(graph, fh)
    return path


def test_graphml_round_trips_through_networkx(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = nx.read_graphml(_graphml(graph, tmp_path))
    assert back.is_directed() and back.is_multigraph()
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes[IDE]["label"] == "idecabtagene vicleucel"
    assert back.nodes[IDE]["aliases"].startswith("[")  # lists are JSON strings
    edges = [d for _u, v, d in back.edges(IDE, data=True) if v == DARA]
    assert edges[0]["source_count"] == 1 and isinstance(edges[0]["source_count"], int)
    assert [d["vocabulary"] for _u, v, d in back.edges(IDE, data=True) if v == BCMA] == [True]
    assert all("label" in d for _n, d in back.nodes(data=True))


def test_graphml_opens_in_igraph(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    g = igraph.Graph.Read_GraphML(str(_graphml(graph, tmp_path)))
    assert g.vcount() == graph.number_of_nodes()
    assert g.ecount() == graph.number_of_edges()
    assert g.is_directed()
    assert {"label", "type", "iri"} <= set(g.vs.attributes())
    assert {"predicate", "source_count", "sources"} <= set(g.es.attributes())
    ide = g.vs.find(iri=IDE)
    assert ide["label"] == "idecabtagene vicleucel"


def test_graphml_scalars_only_and_xml_safe(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node(
        "a", label="bad\x00text\x1f", n=3, ratio=0.5, flag=True, items=["x", "y"], id="clash"
    )
    g.add_node("b")
    g.add_edge("a", "b", key="k", weight=2, source="clash")
    back = nx.read_graphml(_graphml(g, tmp_path))
    assert back.nodes["a"]["label"] == "badtext"
    assert back.nodes["a"]["n"] == 3 and back.nodes["a"]["ratio"] == 0.5
    assert back.nodes["a"]["flag"] is True and back.nodes["a"]["items"] == '["x","y"]'
    assert back.nodes["a"]["id_"] == "clash"  # never clashes with the element's own id
    assert back.nodes["b"]["label"] == "b"  # every node has a label
    bad = nx.MultiDiGraph()
    bad.add_node("a", thing=object())
    with pytest.raises(TypeError), io.BytesIO() as fh:
        projection.write_graphml(bad, fh)


def test_failed_graphml_export_leaves_no_file(
    store: OxigraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(graph: nx.Graph, fh: io.BufferedWriter) -> None:
        fh.write(b"<?xml version='1.0'?><graphml>")
        raise RuntimeError("disk full")

    monkeypatch.setattr(projection, "write_graphml", broken)
    out = tmp_path / "out" / "graph.graphml"
    with pytest.raises(RuntimeError):
        export.export(store, "graphml", out)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_graphml_export_is_written(store: OxigraphStore, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    message = export.export(store, "graphml", out)
    assert "graphml" in message and out.stat().st_size > 0
    assert nx.read_graphml(out).number_of_nodes() > 100


def _store_graphs(store: OxigraphStore) -> dict[str | None, Graph]:
    out: dict[str | None, Graph] = {}
    for q in store.quads():
        g = q.graph_name
        key = None if isinstance(g, ox.DefaultGraph) else str(g.value)
        out.setdefault(key, Graph()).add(
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))  # type: ignore[arg-type]
        )
    return out


def test_jsonld_export_parses_back_to_the_same_graphs(store: OxigraphStore, tmp_path: Path) -> None:
    out = tmp_path / "graph.jsonld"
    export.export(store, "jsonld", out)
    ds = Dataset()
    ds.parse(out, format="json-ld")
    expected = _store_graphs(store)
    found = {str(g.identifier): g for g in ds.graphs() if len(g)}
    assert set(found) == {k for k in expected if k is not None}
    for name, g in found.items():
        assert isomorphic(g, expected[name]), name
    assert sum(len(g) for g in found.values()) == sum(len(g) for g in expected.values())


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_kgx_nodes_and_edges(store: OxigraphStore, tmp_path: Path) -> None:
    message = export.export(store, "kgx", tmp_path / "kgx")
    assert "nodes.tsv" in message and "prefix_map.json" in message
    rows = _tsv(tmp_path / "kgx" / "nodes.tsv")
    nodes = {n["id"]: n for n in rows}
    assert len(nodes) == len(rows)  # ids are unique
    by_iri = {n["iri"]: n for n in rows}
    edges = _tsv(tmp_path / "kgx" / "edges.tsv")
    ide = by_iri[IDE]
    assert ide["id"] == "TLKG.THERAPY:idecabtagene-vicleucel"
    assert ide["category"] == "biolink:Drug"
    assert "Abecma" in ide["synonym"].split("|")
    # one MeSH id (from the vocabulary): the MeSH CURIE is the id, tlkg's id an xref
    myeloma = by_iri["https://w3id.org/tlkg/id/indication/multiple-myeloma"]
    assert myeloma["category"] == "biolink:Disease"
    assert myeloma["id"] == "MESH:D009101"
    assert myeloma["xref"].split("|")[0] == "TLKG.INDICATION:multiple-myeloma"
    assert by_iri[BCMA]["category"] == "biolink:Protein"
    assert by_iri[BCMA]["id"] == "TLKG.TARGET:bcma"
    trial = by_iri["https://w3id.org/tlkg/id/trial/NCT90000001"]
    assert trial["id"] == "CLINICALTRIALS:NCT90000001"
    assert trial["category"] == "biolink:ClinicalTrial"
    assert trial["xref"] == "TLKG.TRIAL:NCT90000001"
    assert by_iri["https://w3id.org/tlkg/id/organization/kite"]["category"] == "biolink:Agent"
    for e in edges:
        assert e["subject"] in nodes and e["object"] in nodes
        assert e["id"].startswith("TLKG.EDGE:") and "/" not in e["id"]
        assert e["predicate"].startswith("biolink:")
        assert e["primary_knowledge_source"].startswith("infores:")
        assert e["knowledge_level"] and e["agent_type"]
        if e["predicate"] == "biolink:treats":  # approved use only
            assert e["original_predicate"] == "tlkg:approvedFor"
    trial_edges = [
        e
        for e in edges
        if e["subject"] == ide["id"] and e["predicate"] == "biolink:in_clinical_trials_for"
    ]
    assert trial_edges and trial_edges[0]["primary_knowledge_source"] == "infores:clinicaltrials"
    assert trial_edges[0]["tlkg_sources"] == "NCT90000001"
    text = [e for e in edges if e["agent_type"] == "text_mining_agent"]
    assert text and all(e["publications"].startswith("https://") for e in text)
