"""The entity-resolution scorer (``bench/entity_eval.py``) on tiny hand-made inputs: the
alignment rule and each metric's arithmetic, so a broken metric fails. No store."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parent.parent


ev = load_module("tlkg_entity_eval", ROOT / "bench" / "entity_eval.py")
IV = ev.Intervention
AZA = ("D001374", "Azacitidine")
VEN = ("C579720", "Venetoclax")
PEM = ("C582435", "Pembrolizumab")


def study(nct, interventions, meshes=(), conditions=()):
    return ev.Study(nct, tuple(IV(nct, *i) for i in interventions), tuple(meshes), conditions)


def test_norm_and_words():
    assert ev.norm("  Azacitidine (Vidaza®)!") == "azacitidine vidaza"
    assert ev.contains_words("Oral azacitidine 75 mg/m2", "Azacitidine")
    assert not ev.contains_words("Azacitidine", "Aza")
    assert ev.similar("Azacitidine", "azactidine")
    assert ev.similar("Azacitidine", "oral azacytidine")
    assert not ev.similar("Azacitidine", "Decitabine")


def test_align_by_name_other_name_and_spelling():
    s = study(
        "NCT1",
        [("MK-3475", ("Pembrolizumab",), "DRUG"), ("azactidine",), ("Blood draw", (), "PROCEDURE")],
        [PEM, AZA],
    )
    got = {iv.name: ds for iv, ds in ev.align(s).items()}
    assert got == {"MK-3475": {"C582435"}, "azactidine": {"D001374"}, "Blood draw": set()}


def test_align_prefers_words_over_spelling():
    s = study("NCT1", [("Azacitidine",), ("Azacitidne + HAG",)], [AZA])
    got = {iv.name: ds for iv, ds in ev.align(s).items()}
    assert got == {"Azacitidine": {"D001374"}, "Azacitidne + HAG": set()}


def test_parse_study_and_api_page(tmp_path):
    raw = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT9"},
            "armsInterventionsModule": {
                "interventions": [{"type": "DRUG", "name": "X", "otherNames": ["Y"]}]
            },
        },
        "derivedSection": {
            "interventionBrowseModule": {"meshes": [{"id": "D1", "term": "X"}]},
            "conditionBrowseModule": {"meshes": [{"id": "D2", "term": "Z"}]},
        },
    }
    (tmp_path / "a.json").write_text(__import__("json").dumps({"studies": [raw, raw]}))
    (tmp_path / "b.json").write_text(__import__("json").dumps([raw]))
    [s] = ev.read_studies([tmp_path])
    assert s == ev.Study("NCT9", (IV("NCT9", "X", ("Y",), "DRUG"),), (("D1", "X"),), (("D2", "Z"),))


def node(iri, name, aliases=(), trials=()):
    return ev.Node(iri, name, tuple(aliases), frozenset(trials))


def test_nodes_of_exact_then_words_and_only_in_the_trial():
    a = node("a", "Azacitidine", ["Vidaza"], ["NCT1"])
    b = node("b", "Azacitidine", [], ["NCT2"])
    c = node("c", "Oral azacitidine", [], ["NCT1"])
    assert ev.nodes_of(IV("NCT1", "Vidaza"), [a, b, c]) == [a]
    assert ev.nodes_of(IV("NCT1", "azacitidine 75 mg"), [a, b, c]) == [a]
    assert ev.nodes_of(IV("NCT3", "Azacitidine"), [a, b, c]) == []


def fixture():
    studies = [
        study("NCT1", [("Azacitidine",), ("Venetoclax",)], [AZA, VEN]),
        study("NCT2", [("Azacytidine",)], [AZA]),
        study("NCT3", [("azacitidine + venetoclax",)], [AZA, VEN]),
        study("NCT4", [("Pembrolizumab",), ("Placebo", (), "DRUG")], [PEM]),
        study("NCT5", [("Venetoclax",), ("RNA-seq", (), "OTHER"), ("CT", (), "PROCEDURE")], [VEN]),
    ]
    nodes = [
        node("aza", "Azacitidine", [], ["NCT1"]),
        node("aza2", "Azacytidine", [], ["NCT2"]),
        node("combo", "azacitidine + venetoclax", [], ["NCT3"]),
        node("ven", "Venetoclax", [], ["NCT1", "NCT5"]),
        # a wrong merge: pembrolizumab's intervention landed on the venetoclax node too
        node("ven2", "Venetoclax", ["Pembrolizumab"], ["NCT4"]),
        node("pbo", "Placebo", [], ["NCT4"]),
        node("seq", "RNA-seq", [], ["NCT5"]),
        node("ct", "CT", [], ["NCT5"]),
    ]
    return studies, nodes


def test_fragmentation_arithmetic():
    studies, nodes = fixture()
    m = ev.build_mapping(studies, nodes)
    names = {n.iri: n.name for n in nodes}
    f = ev.fragmentation(m, names)
    # Azacitidine: 2 nodes; Venetoclax: 1 (ven); Pembrolizumab: 1 (ven2). The combo of
    # NCT3 aligns to two descriptors and is left out.
    assert f["descriptors"] == 3 and f["descriptors_with_node"] == 3
    assert f["nodes_per_entity"] == pytest.approx(4 / 3, abs=1e-4)
    assert f["split"] == 1 and f["split_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert f["multi_descriptor_interventions"] == 1
    assert f["worst"] == [
        {"mesh": "D001374", "term": "Azacitidine", "nodes": ["Azacitidine", "Azacytidine"]}
    ]


def test_fragmentation_counts_descriptors_that_reach_no_node():
    m = ev.build_mapping([study("NCT1", [("Azacitidine",)], [AZA])], [])
    f = ev.fragmentation(m, {})
    assert f["descriptors"] == 1 and f["descriptors_without_node"] == 1
    assert f["nodes_per_entity"] is None


def test_wrong_merges():
    studies, nodes = fixture()
    m = ev.build_mapping(studies, nodes)
    w = ev.wrong_merges(m, {n.iri: n.name for n in nodes})
    assert w["wrong"] == 0  # ven2 carries only Pembrolizumab's descriptor
    nodes[4] = node("ven", "Venetoclax", ["Pembrolizumab"], ["NCT4"])  # same node as NCT1's
    nodes.pop(3)
    nodes.append(node("ven", "Venetoclax", ["Pembrolizumab"], ["NCT1", "NCT4", "NCT5"]))
    m = ev.build_mapping(studies, nodes)
    w = ev.wrong_merges(m, {n.iri: n.name for n in nodes})
    assert w["wrong"] == 1
    assert w["examples"] == [{"node": "Venetoclax", "terms": ["Pembrolizumab", "Venetoclax"]}]


def test_non_therapies():
    studies, nodes = fixture()
    m = ev.build_mapping(studies, nodes)
    n = ev.non_therapies(m, nodes)
    assert n["nodes"] == 8 and n["non_therapies"] == 3
    assert n["share"] == pytest.approx(3 / 8)
    assert {x["node"] for x in n["examples"]} == {"Placebo", "RNA-seq", "CT"}
    assert {x["why"] for x in n["examples"] if x["node"] == "CT"} == {"type PROCEDURE"}


@pytest.mark.parametrize(
    "name",
    [
        "ARM 1",
        "Placebos",
        "Standard chemotherapy",
        "Best available therapy",
        "Blood draw",
        "Investigator's choice",
        "whole exon sequencing",
        "RNA-seq",
        "MRI",
        "Chemotherapy Regimen 1",
        "Intrathecal Chemotherapy",
        "Phenotyping of CD8+T cells by flow cytometry",
    ],
)
def test_placeholders(name):
    assert ev.is_placeholder(name)


@pytest.mark.parametrize(
    "name", ["Azacitidine", "Pembrolizumab", "CAR-T cells", "Armodafinil", "Mini-hyper CVD"]
)
def test_not_placeholders(name):
    assert not ev.is_placeholder(name)


def test_landscape_recall_and_disease_trials():
    aml = ("D015470", "Leukemia, Myeloid, Acute")
    studies = [
        ev.Study("NCT1", conditions=(aml,)),
        ev.Study("NCT2", conditions=(("D999", "Leukemia, Myeloid, Acute"),)),
        ev.Study("NCT3", conditions=(("D015470", "other spelling"),)),
        ev.Study("NCT4", conditions=(("D1", "Multiple Myeloma"),)),
    ]
    truth = ev.disease_trials(studies, *aml)
    assert truth == {"NCT1", "NCT2", "NCT3"}
    assert ev.recall(truth, {"NCT1", "NCT4"}) == {
        "mapped": 3,
        "found": 1,
        "extra": 1,
        "recall": pytest.approx(1 / 3, abs=1e-4),
    }
    assert ev.recall(set(), {"NCT1"})["recall"] is None


def test_exact_names():
    names = {"a": "Azacitidine", "b": "Azacytidine", "c": "X"}
    e = ev.exact_names({"a": "a", "b": "a", "c": None}, names)
    assert e["names"] == 3 and e["wrong"] == 2
    assert e["examples"] == [
        {"name": "Azacytidine", "opens": "Azacitidine"},
        {"name": "X", "opens": None},
    ]


def test_code_names():
    s = study("NCT1", [("MK-3475", ("Pembrolizumab",)), ("BI 764532",)], [PEM])
    nodes = [
        node("mk", "MK-3475", ["Pembrolizumab"], ["NCT1"]),
        node("bi", "BI 764532", [], ["NCT1"]),
    ]
    c = ev.code_names(ev.build_mapping([s], nodes), {n.iri: n.name for n in nodes})
    assert c["code_named"] == 1 and c["examples"] == [{"node": "MK-3475", "term": "Pembrolizumab"}]


def test_drug_trials():
    studies = [
        study("NCT1", [("Azacitidine", (), "DRUG")]),
        study("NCT2", [("Biopsy", (), "PROCEDURE")]),
        study("NCT3", [("Placebo", (), "DRUG")]),
        study("NCT4", [("CAR-T cells", (), "BIOLOGICAL"), ("MRI", (), "DIAGNOSTIC_TEST")]),
    ]
    assert ev.drug_trials(studies) == {"NCT1", "NCT4"}


def test_a_split_regimen_maps_its_descriptor_to_the_component_named_by_it():
    s = study(
        "NCT1",
        [("Rifaximin with allogeneic stem cell transplant",)],
        [("D000078262", "Rifaximin")],
    )
    rif = node("r", "Rifaximin", [], ["NCT1"])
    transplant = node("t", "allogeneic stem cell transplant", [], ["NCT1"])
    m = ev.build_mapping([s], [rif, transplant])
    assert [iris for _iv, _ds, iris in m.rows] == [frozenset({"r"})]


def test_the_registry_records_the_team_tunes_on_meet_the_goals():
    """On every v2 record of the shared data (the tune set): each intervention MeSH
    descriptor is one therapy, no node carries two, no non-therapy is a therapy, no exact
    name opens another node, no therapy with a known INN is named by a code."""
    r = ev.evaluate("tune", examples=5)
    assert r["fragmentation"]["split"] == 0, r["fragmentation"]
    assert r["wrong_merges"]["wrong"] == 0, r["wrong_merges"]
    assert r["non_therapies"]["non_therapies"] == 0, r["non_therapies"]
    assert r["exact_names"]["wrong"] == 0, r["exact_names"]
    assert r["code_names"]["code_named"] == 0, r["code_names"]
