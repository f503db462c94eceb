"""The analysis commands end to end, through real files: small ClinicalTrials.gov API v2
studies written to disk, loaded with ``python -m tlkg load``, then asked about with
``competitors``, ``landscape``, ``barriers``, ``search`` and ``export graphml``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import run_tlkg as tlkg


def study(
    nct: str,
    date: str,
    conditions: list[str],
    meshes: list[tuple[str, str]],
    arms: list[tuple[str, str, list[tuple[str, str, list[str]]]]],
    phases: list[str],
    status: str = "RECRUITING",
    sponsor: str = "Test Pharma",
) -> dict[str, Any]:
    """A minimal API v2 study. ``arms``: (label, type, [(intervention type, name, other
    names)])."""
    interventions: dict[str, dict[str, Any]] = {}
    groups = []
    for label, arm_type, members in arms:
        groups.append(
            {
                "label": label,
                "type": arm_type,
                "interventionNames": [f"{t.title()}: {n}" for t, n, _o in members],
            }
        )
        for itype, name, others in members:
            iv = interventions.setdefault(name, {"type": itype, "name": name, "armGroupLabels": []})
            if others:
                iv["otherNames"] = others
            iv["armGroupLabels"].append(label)
    return {
        "protocolSection": {
            "identificationModule": {"nctId": nct, "briefTitle": f"Study {nct}"},
            "statusModule": {
                "overallStatus": status,
                "studyFirstPostDateStruct": {"date": date, "type": "ACTUAL"},
                "startDateStruct": {"date": date},
            },
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": sponsor, "class": "INDUSTRY"}},
            "conditionsModule": {"conditions": conditions},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": phases},
            "armsInterventionsModule": {
                "armGroups": groups,
                "interventions": list(interventions.values()),
            },
        },
        "derivedSection": {
            "conditionBrowseModule": {"meshes": [{"id": i, "term": t} for i, t in meshes]}
        },
    }


MM = [("D009101", "Multiple Myeloma")]
STUDIES = [
    study(
        "NCT91000001",
        "2019-03-01",
        ["Multiple Myeloma"],
        MM,
        [
            ("Ide-cel", "EXPERIMENTAL", [("BIOLOGICAL", "Idecabtagene vicleucel", ["bb2121"])]),
            (
                "Standard regimens",
                "ACTIVE_COMPARATOR",
                [
                    ("DRUG", "Daratumumab", []),
                    ("DRUG", "Pomalidomide", []),
                    ("DRUG", "Dexamethasone", []),
                ],
            ),
        ],
        ["PHASE3"],
        "ACTIVE_NOT_RECRUITING",
        "Bristol-Myers Squibb",
    ),
    study(
        "NCT91000002",
        "2020-06-01",
        ["Multiple Myeloma"],
        MM,
        [
            (
                "Cilta-cel",
                "EXPERIMENTAL",
                [("BIOLOGICAL", "Ciltacabtagene Autoleucel", ["JNJ-68284528"])],
            )
        ],
        ["PHASE3"],
        "ACTIVE_NOT_RECRUITING",
        "Janssen Research & Development, LLC",
    ),
    study(
        "NCT91000003",
        "2021-03-01",
        ["Multiple Myeloma"],
        MM,
        [("Teclistamab", "EXPERIMENTAL", [("DRUG", "Teclistamab", [])])],
        ["PHASE2"],
        "COMPLETED",
        "Janssen Research & Development, LLC",
    ),
    study(
        "NCT91000004",
        "2018-01-01",
        ["Large B-cell Lymphoma"],
        [("D016403", "Lymphoma, Large B-Cell, Diffuse")],
        [
            ("Axi-cel", "EXPERIMENTAL", [("BIOLOGICAL", "Axicabtagene Ciloleucel", ["KTE-C19"])]),
            ("Standard of care", "ACTIVE_COMPARATOR", [("OTHER", "Standard of care", [])]),
        ],
        ["PHASE3"],
        "COMPLETED",
        "Kite, A Gilead Company",
    ),
    study(
        "NCT91000005",
        "2022-01-01",
        ["Multiple Myeloma"],
        MM,
        [
            ("Lenalidomide", "EXPERIMENTAL", [("DRUG", "Lenalidomide", [])]),
            ("Placebo", "PLACEBO_COMPARATOR", [("DRUG", "Placebo", [])]),
        ],
        ["PHASE3"],
        "COMPLETED",
        "Celgene",
    ),
    study(
        "NCT91000006",
        "2023-01-01",
        ["Lupus Nephritis"],
        [("D008181", "Lupus Nephritis")],
        [("KYV-101", "EXPERIMENTAL", [("BIOLOGICAL", "KYV-101", [])])],
        ["PHASE1"],
        "RECRUITING",
        "Kyverna Therapeutics",
    ),
]


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    studies = root / "studies"
    studies.mkdir()
    for s in STUDIES:
        nct = s["protocolSection"]["identificationModule"]["nctId"]
        (studies / f"{nct}.json").write_text(json.dumps(s), encoding="utf-8")
    store = root / "store"
    summary = as_json(tlkg(store, "load", str(studies), "--json"))
    assert summary["loaded"] == len(STUDIES) and not summary["errors"]
    return store


def test_competitors_json(store: Path) -> None:
    items = as_json(tlkg(store, "competitors", "Abecma", "--json"))
    order = [c["therapy"]["name"] for c in items]
    assert order.index("ciltacabtagene autoleucel") < order.index("teclistamab")
    assert "axicabtagene ciloleucel" not in order and "mivocabtagene autoleucel" not in order
    assert not [n for n in order if "placebo" in n.lower() or "standard" in n.lower()]
    assert "dexamethasone" not in order
    for c in items:
        assert set(c) >= {"therapy", "score", "reasons"}
        assert set(c["therapy"]) >= {"id", "name"}
        for r in c["reasons"]:
            assert r["kind"] in {
                "head_to_head",
                "comparator",
                "stated",
                "shared_target",
                "shared_modality",
                "shared_indication",
            }
            assert r["detail"] and r["sources"]
    dara = next(c for c in items if c["therapy"]["id"] == "daratumumab")
    assert any(r["kind"] == "comparator" for r in dara["reasons"])
    limited = as_json(tlkg(store, "competitors", "ide-cel", "--limit", "1", "--json"))
    assert len(limited) == 1 and limited[0]["therapy"]["id"] == items[0]["therapy"]["id"]


def test_competitors_as_of_hides_later_sources(store: Path) -> None:
    items = as_json(tlkg(store, "competitors", "ide-cel", "--as-of", "2020-01-01", "--json"))
    order = [c["therapy"]["name"] for c in items]
    assert "ciltacabtagene autoleucel" not in order  # first posted 2020-06-01
    assert "daratumumab" in order


def test_unknown_therapy_exits_1_with_suggestions(store: Path) -> None:
    proc = tlkg(store, "competitors", "idecabtagene vicleucell", ok=False)
    assert proc.returncode == 1
    assert "did you mean" in proc.stderr and "idecabtagene vicleucel" in proc.stderr
    assert "Traceback" not in proc.stderr
    bad = tlkg(store, "competitors", "ide-cel", "--as-of", "2020/01/01", ok=False)
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr


def test_landscape_json_shape(store: Path) -> None:
    data = as_json(tlkg(store, "landscape", "multiple myeloma", "--json"))
    assert data["indication"]["id"] == "multiple-myeloma"
    # the shape before paging, plus the page's fields (tests/test_landscape_paging.py)
    assert set(data) == {"indication", "groups", "total", "offset", "limit", "counts"}
    found = {}
    for g in data["groups"]:
        assert set(g["modality"]) >= {"id", "name"}
        for t in g["therapies"]:
            assert set(t) >= {"therapy", "highest_phase", "status", "targets"}
            found[t["therapy"]["id"]] = (g["modality"]["id"], t)
    assert found["idecabtagene-vicleucel"][0] == "car-t-autologous"
    assert found["teclistamab"][0] == "bispecific-t-cell-engager"
    assert "axicabtagene-ciloleucel" not in found and "placebo" not in found


def test_search_and_barriers_json(store: Path) -> None:
    hits = as_json(tlkg(store, "search", "Carvykti", "--json"))
    assert set(hits[0]) >= {"id", "name", "type", "score"}
    assert hits[0]["id"] == "ciltacabtagene-autoleucel" and hits[0]["score"] == 100
    items = as_json(tlkg(store, "barriers", "--json"))
    assert len(items) == 12 and set(items[0]) >= {"id", "name", "faced_by", "addressed_by"}
    cmp = as_json(
        tlkg(store, "barriers", "--compare", "in vivo CAR-T", "autologous CAR-T", "--json")
    )
    assert cmp["a"]["id"] == "car-t-in-vivo" and cmp["b"]["id"] == "car-t-autologous"
    assert "idecabtagene vicleucel" in {r["name"] for r in cmp["b_programmes"]}


def test_tables_and_graphml_export(store: Path, tmp_path: Path) -> None:
    assert "ciltacabtagene" in tlkg(store, "competitors", "ide-cel").stdout
    assert "autologous CAR-T" in tlkg(store, "landscape", "Multiple Myeloma").stdout
    assert "apheresis" in tlkg(store, "barriers").stdout
    assert "teclistamab" in tlkg(store, "search", "teclistamab").stdout
    out = tmp_path / "graph.graphml"
    tlkg(store, "export", "graphml", str(out))
    g = nx.read_graphml(out)
    assert g.nodes["https://w3id.org/tlkg/id/therapy/idecabtagene-vicleucel"]["label"]
