"""Targets and modality from the registry's own wording (issue 14), on real ClinicalTrials.gov
API v2 studies (tests/fixtures/README.md):

- ``v2-acute-leukemia-targets-2.json``: NCT03884829 ("CYC140, a PLK-1 Inhibitor" in the
  titles), NCT05918692 ("BMF-500, an oral FLT3 inhibitor");
- ``v2-mixed-june-2023-targets-5.json``: NCT05887817 ("Finerenone is a novel non-steroidal
  selective mineralocorticoid receptor antagonist"), NCT05843643 (one descriptor,
  Upadacitinib, under "Janus Kinase Inhibitors"), NCT05907980 (Atezolizumab under the
  ambiguous "Immune Checkpoint Inhibitors"), NCT05838768 (Irinotecan and Tislelizumab
  indexed in one study: "Topoisomerase I Inhibitors" is not attributed), NCT05925803 (the
  one descriptor is "Antibodies, Monoclonal");
- ``v2-acute-leukemia-designs-6.json``: NCT03564470 ("oral histone deacetylase inhibitor
  chidamide and dasatinib");
- ``v2-mixed-june-2023-4.json``: NCT05923281 (K-877: a LOW leaf "Hydroxymethylglutaryl-CoA
  Reductase Inhibitors" and no intervention descriptor);
- ``v2-registry-hygiene-14.json``: NCT03319901 ("Venetoclax is an inhibitor of Bcl-2.",
  a therapy whose vocabulary entry gives its target).

Loaded through the real pipeline into an in-memory store and read back through the
catalogue services. Phrases without a product name check the CD3 and list rules, which
no tune record exercises.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services.catalog import show_therapy
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.ctgov.appositions import apposition_targets, phrase_targets, record_texts
from tlkg.loaders.ctgov.pharmacology import (
    HEADINGS,
    apply_headings,
    attributed,
    heading_facts,
    read_browse,
)
from tlkg.loaders.ctgov.trial import _intervention_names, build_trial
from tlkg.loaders.records import TrialRecord
from tlkg.ontology import concepts as C
from tlkg.ontology.vocab import load_vocabulary, normalise_mesh

CTGOV = Path(__file__).parent / "fixtures" / "ctgov"
FIXTURES = [
    CTGOV / "v2-acute-leukemia-targets-2.json",
    CTGOV / "v2-mixed-june-2023-targets-5.json",
    CTGOV / "v2-acute-leukemia-designs-6.json",
    CTGOV / "v2-mixed-june-2023-4.json",
    CTGOV / "v2-registry-hygiene-14.json",
]
VOCAB = load_vocabulary([])


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    load(s, FIXTURES, VOCAB, workers=1)
    return s


def targets(store: OxigraphStore, name: str) -> list[str]:
    return [t.name for t in show_therapy(store, VOCAB, name).targets]


def study(nct: str) -> dict[str, Any]:
    for path in FIXTURES:
        for raw in json.loads(path.read_bytes()):
            if raw["protocolSection"]["identificationModule"]["nctId"] == nct:
                return dict(raw)
    raise KeyError(nct)


def record(raw: dict[str, Any]) -> TrialRecord:
    return build_trial(raw, VOCAB, path=None, loader="ctgov-json", loader_version="test")


def meshes(raw: dict[str, Any]) -> list[tuple[str, str]]:
    browse = raw["derivedSection"]["interventionBrowseModule"]
    return [(normalise_mesh(m["id"]), m["term"]) for m in browse.get("meshes", [])]


# ---- appositions ----------------------------------------------------------------------


def test_a_target_after_the_name_in_a_title(store: OxigraphStore) -> None:
    # "A Phase I Study of CYC140, a PLK-1 Inhibitor, in Advanced Leukemias or MDS"
    assert targets(store, "CYC140") == ["PLK-1"]
    # "BMF-500, an Oral Covalent FLT3 Inhibitor"
    assert targets(store, "BMF-500") == ["FLT3"]


def test_a_target_said_of_the_sentence_subject(store: OxigraphStore) -> None:
    # A long name before a class word: the molecule of a MeSH pharmacological action.
    assert targets(store, "Finerenone") == ["mineralocorticoid receptor"]


def test_a_modifier_before_one_name_of_two(store: OxigraphStore) -> None:
    # "oral histone deacetylase inhibitor chidamide and dasatinib": chidamide's only.
    assert targets(store, "Chidamide") == ["HDAC"]
    assert "HDAC" not in targets(store, "Dasatinib")


def test_the_vocabulary_keeps_its_targets(store: OxigraphStore) -> None:
    # "Venetoclax is an inhibitor of Bcl-2.": the vocabulary's BCL-2, not a second one.
    assert targets(store, "venetoclax") == ["BCL-2"]


def test_texts_read_are_the_record_s_prose() -> None:
    texts = record_texts(study("NCT03884829"))
    assert any("CYC140, a PLK-1 Inhibitor" in t for t in texts)
    # Eligibility criteria are not read: they name other products and their targets.
    eligibility = study("NCT03884829")["protocolSection"]["eligibilityModule"]
    assert eligibility["eligibilityCriteria"] not in texts


def test_a_sentence_naming_two_drugs_gives_neither_the_other_s_target() -> None:
    text = ["Drug A, a selective BCL-2 inhibitor, and drug B, an oral FLT3 inhibitor, are given."]
    found = apposition_targets(text, [["Drug A"], ["Drug B"]], VOCAB)
    assert [[r.name for r in refs] for refs in found] == [["BCL-2"], ["FLT3"]]
    # A plural class after a list describes several products: nobody's.
    listed = ["Drug A and drug B, EGFR TKIs, were compared."]
    assert apposition_targets(listed, [["Drug A"], ["Drug B"]], VOCAB) == [[], []]
    # A phrase that names another therapy of the record is not an apposition.
    named = ["Drug A (a PD-1 inhibitor like drug B) is given."]
    assert apposition_targets(named, [["Drug A"], ["Drug B"]], VOCAB) == [[], []]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("a BCMAxCD3 bispecific", ["BCMA"]),
        ("a CD3xCD20 bispecific antibody", ["CD20"]),
        ("a bispecific antibody targeting BCMA and CD3", ["BCMA"]),
        ("a CD3-directed bispecific", []),
        ("a third-generation EGFR TKI", ["EGFR"]),
        ("an EGFR-TKI", ["EGFR"]),
        ("a tyrosine kinase inhibitor of EGFR", ["EGFR"]),
        ("an epidermal growth factor receptor tyrosine kinase inhibitor", ["EGFR"]),
        ("anti-PD-1", ["PD-1"]),
        ("a PD-L1 inhibitor", ["PD-L1"]),
        ("an anti-PD-L1 monoclonal antibody", ["PD-L1"]),
        ("a BCR-ABL TKI", ["BCR-ABL"]),
        ("a selective inhibitor of Bcl-2", ["BCL-2"]),
        ("a GLP-1 receptor agonist", ["GLP-1 receptor"]),
        ("a tyrosine kinase inhibitor", []),
        ("a strong CYP3A4 inhibitor", []),
        # About the patients or a regimen, not the product.
        ("n=20, anti-CD38 refractory", []),
        ("a regimen containing an anti-CD20 antibody", []),
        ("EGFR-mutant cohort", []),
    ],
)
def test_phrase_targets(phrase: str, expected: list[str]) -> None:
    assert [r.name for r in phrase_targets(phrase, VOCAB)] == expected


# ---- MeSH pharmacological actions -----------------------------------------------------


def test_a_heading_that_names_a_target(store: OxigraphStore) -> None:
    # One descriptor (Upadacitinib), aligned to the one therapy, under "Janus Kinase
    # Inhibitors".
    assert targets(store, "Upadacitinib") == ["JAK"]


def test_an_ambiguous_heading_gives_no_target(store: OxigraphStore) -> None:
    # "Immune Checkpoint Inhibitors" may be PD-1, PD-L1 or CTLA-4.
    assert "Immune Checkpoint Inhibitors" not in HEADINGS
    assert targets(store, "Atezolizumab") == []
    assert targets(store, "ROSE12") == []


def test_headings_of_two_indexed_therapies_go_to_neither(store: OxigraphStore) -> None:
    raw = study("NCT05838768")
    assert "Topoisomerase I Inhibitors" in read_browse(raw, meshes(raw)).headings
    assert attributed(record(raw).therapies, meshes(raw), _intervention_names(raw)) is None
    for name in ("irinotecan", "tislelizumab", "HRO761"):
        assert targets(store, name) == [], name


def test_a_leaf_without_a_descriptor_is_not_evidence(store: OxigraphStore) -> None:
    # K-877 (pemafibrate, a PPAR agonist) under a LOW leaf "Hydroxymethylglutaryl-CoA
    # Reductase Inhibitors" met in its record, with no intervention descriptor at all.
    assert targets(store, "K-877") == []


def test_a_heading_gives_a_modality_marked_inferred() -> None:
    raw = study("NCT05843643")
    rec = record(raw)
    (therapy,) = rec.therapies
    assert heading_facts(read_browse(raw, meshes(raw))) == (["JAK"], C.KINASE_INHIBITOR)
    therapy.modality, therapy.modality_inferred, therapy.targets = None, False, []
    apply_headings(rec.therapies, read_browse(raw, meshes(raw)), _intervention_names(raw), VOCAB)
    assert (therapy.modality, therapy.modality_inferred) == (C.KINASE_INHIBITOR, True)
    assert [t.name for t in therapy.targets] == ["JAK"]


def test_a_modality_never_goes_against_the_record() -> None:
    raw = study("NCT05843643")
    rec = record(raw)
    (therapy,) = rec.therapies
    therapy.modality, therapy.intervention_type = None, "BIOLOGICAL"
    apply_headings(rec.therapies, read_browse(raw, meshes(raw)), _intervention_names(raw), VOCAB)
    assert therapy.modality is None  # a kinase-inhibitor class is never a biologic's


def test_the_one_class_descriptor_gives_its_modality(store: OxigraphStore) -> None:
    raw = study("NCT05925803")
    assert meshes(raw) == [("D000911", "Antibodies, Monoclonal")]
    assert heading_facts(read_browse(raw, meshes(raw)))[1] == C.MONOCLONAL_ANTIBODY
    detail = show_therapy(store, VOCAB, "Anifrolumab")
    assert detail.modality is not None and detail.modality.id == C.MONOCLONAL_ANTIBODY
    assert detail.modality_inferred
