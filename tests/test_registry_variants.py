"""One node per product on registry wording, and a corticosteroid as a whole comparator side
(issues 13 and 14).

``fixtures/ctgov/v2-asthma-inhalers-2.json`` holds two real ClinicalTrials.gov API v2
studies copied unchanged from ``tests/eval/registry/tune/trial-match-ai-asthma-10.json``
(see ``tests/fixtures/README.md``):

- NCT01738087, randomized phase 2: "NEXThaler 100/6 mcg DPI" and "NEXThaler 200/6 mcg DPI"
  (two strengths of one beclometasone/formoterol inhaler, other name "Fixed combination of
  BDP plus formoterol fumarate") against "Flixotide Accuhaler 500 mcg" (other name
  "Fluticasone Propionate"), and a placebo;
- NCT00712335, randomized phase 4: fluticasone propionate + salmeterol and montelukast in
  experimental and comparator arms alike (other names "inhaled corticosteroid",
  "leukotriene receptor antagonist", "long-acting beta-agonist": classes).

The other rules are checked on the registry's own wording forms, as unit tests of the
functions that read them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services.competition import competitors
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.ctgov.appositions import apposition_targets
from tlkg.loaders.ctgov.interventions import clean_intervention_name, map_interventions
from tlkg.loaders.ctgov.mesh import align_interventions, variant_spelling
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.loaders.records import TherapyRef
from tlkg.ontology.names import name_kind
from tlkg.ontology.stems import stem_modality
from tlkg.ontology.vocab import load_vocabulary

FIXTURE = Path(__file__).parent / "fixtures/ctgov/v2-asthma-inhalers-2.json"
VOCAB = load_vocabulary([])


def _study(nct: str) -> dict[str, Any]:
    studies: list[dict[str, Any]] = orjson.loads(FIXTURE.read_bytes())
    return next(s for s in studies if s["protocolSection"]["identificationModule"]["nctId"] == nct)


def _therapies(nct: str) -> dict[str, TherapyRef]:
    record = build_trial(_study(nct), VOCAB, path=None, loader="test", loader_version="0")
    return {t.key: t for t in record.therapies}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    load(s, [FIXTURE], VOCAB, workers=1)
    return s


def test_dose_variants_of_one_product_are_one_therapy() -> None:
    # A dose per ingredient ("100/6 mcg") is a dose like any other.
    assert clean_intervention_name("NEXThaler 100/6 mcg DPI") == "NEXThaler"
    assert clean_intervention_name("NEXThaler 200/6 mcg DPI") == "NEXThaler"
    therapies = _therapies("NCT01738087")
    assert set(therapies) == {"nexthaler", "flixotide-accuhaler"}
    # An ingredient list is not a name of the product.
    assert therapies["nexthaler"].aliases == []
    record = build_trial(_study("NCT01738087"), VOCAB, path=None, loader="t", loader_version="0")
    experimental = [a for a in record.arms if a.role == "experimental"]
    assert len(experimental) == 4 and all(a.therapy_keys == ["nexthaler"] for a in experimental)


def test_class_other_names_are_not_aliases() -> None:
    therapies = _therapies("NCT00712335")
    assert therapies["fluticasone-propionate"].aliases == []
    assert therapies["montelukast"].aliases == []
    assert therapies["salmeterol"].aliases == []
    # The ester word is not part of the INN; "-asone" is the corticosteroid stem.
    assert name_kind("Fluticasone Propionate") == "inn"
    assert therapies["fluticasone-propionate"].modality == "corticosteroid"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("teclistamab", "inn"),
        ("Teclistamab", "inn"),
        ("TECLISTAMAB", "inn"),  # registries write INNs in capitals
        ("ciltacabtagene autoleucel", "inn"),
        ("etentamig", "inn"),  # new-style antibody stem with a target infix
        ("sotorasib", "inn"),  # an INN ending outside the modality stems
        ("Montelukast", "inn"),
        ("Erlotinib Hydrochloride", "inn"),  # a salt word says nothing of the product
        ("imatinib 400 mg", "inn"),  # nor does a dose
        ("nab-paclitaxel", "inn"),
        ("JNJ-64007957", "code"),
        ("MK-3475", "code"),
        ("bb2121", "code"),
        ("BI 764532", "code"),
        ("ESO-T01", "code"),  # a letter after the dash
        ("UB-VV111", "code"),
        ("KTE-X19", "code"),
        ("SHR-A1921", "code"),
        ("Tecvayli", "brand"),
        ("CARVYKTI", "brand"),
        ("Darzalex Faspro", "brand"),
        ("cyclophosphamide", "brand"),  # no stem: any other name of one or two words
        ("cilta-cel", "brand"),  # a short form of an INN, not the INN
        ("ide-cel", "brand"),
        ("5-Fluorouracil", "descriptive"),  # digits, but no company code
        ("6-MP", "descriptive"),
        ("PD-1 inhibitor", "descriptive"),
        ("anti-CD19", "descriptive"),  # an antigen after the dash
        ("CD19 CAR-T cells", "descriptive"),
        ("intercalation therapy using pemetrexed", "descriptive"),
        ("Sodium Chloride", "descriptive"),  # nothing but salt words
    ],
)
def test_name_kind(name: str, kind: str) -> None:
    assert name_kind(name) == kind


def test_corticosteroid_stems() -> None:
    for word in ("fluticasone", "mometasone", "budesonide", "ciclesonide", "dexamethasone"):
        assert stem_modality(word) == "corticosteroid", word
    assert stem_modality("montelukast") != "corticosteroid"


def test_a_corticosteroid_that_is_the_whole_comparator_side_competes(
    store: OxigraphStore,
) -> None:
    items = competitors(store, VOCAB, "NEXThaler", limit=10)
    by_name = {c.therapy.name.casefold(): c for c in items}
    # The Flixotide node and the fluticasone propionate node of NCT00712335 share MeSH
    # D068298: one clique, led by the INN.
    fluticasone = by_name["fluticasone propionate"]
    [comparison] = [r for r in fluticasone.reasons if r.kind == "comparator"]
    assert "NCT01738087" in comparison.detail
    assert items[0].therapy.name.casefold() == "fluticasone propionate"
    # The registry's exact wording of each strength still finds the one product.
    for written in ("NEXThaler 100/6 mcg DPI", "NEXThaler 200/6 mcg DPI"):
        assert competitors(store, VOCAB, written, limit=10)[0].therapy.id == items[0].therapy.id


def test_the_corticosteroid_competes_only_where_it_was_the_comparator(
    store: OxigraphStore,
) -> None:
    # Asked the other way round, NEXThaler (no modality) is no corticosteroid: it is
    # listed as fluticasone's rival on the same trial. A corticosteroid inside a comparator
    # regimen stays out (tests/test_competition.py: dexamethasone under ide-cel).
    items = competitors(store, VOCAB, "Fluticasone Propionate", limit=10)
    assert [c.therapy.name for c in items] == ["NEXThaler"]


# ---- regimens written as one intervention -------------------------------------------------


def _split(name: str, others: list[str] | None = None) -> list[str]:
    raw = {"type": "DRUG", "name": name, "otherNames": others or [], "armGroupLabels": ["A"]}
    _, therapies = map_interventions([raw], "x", "Sponsor", VOCAB)
    return sorted(t.name.casefold() for t in therapies)


@pytest.mark.parametrize(
    ("name", "components"),
    [
        # "with or without" adds an optional component: a class, so no therapy.
        ("QL1706 plus bevacizumab with or without chemotherapy", ["bevacizumab", "ql1706"]),
        # A route word before a component; "+" joins products only, so the short unknown
        # name beside a known drug is one.
        ("Oral S-1 + Oral Osimertinib", ["osimertinib", "s-1"]),
        ("Pembrolizumab ± chemotherapy", ["pembrolizumab"]),
    ],
)
def test_regimens_attach_to_their_components(name: str, components: list[str]) -> None:
    assert _split(name) == components


def test_a_plus_sign_alone_does_not_split_unknown_words() -> None:
    # No recognised drug on either side: not split into made-up products.
    assert _split("Costovertebral mobilizations + Conventional PT") == [
        "costovertebral mobilizations + conventional pt"
    ]


# ---- MeSH alignment by an old spelling --------------------------------------------------


def test_variant_spelling_is_narrow() -> None:
    assert variant_spelling("Cisplatin", "Cisplatinum")
    assert variant_spelling("Azacitidine", "azactidine")
    for term, name in [
        ("Carboplatin", "Cisplatin"),
        ("Daunorubicin", "Doxorubicin"),
        ("Cytarabine", "Cladribine"),
        ("Cisplatin", "Cisplatin"),
        ("Cisplatin", "Cisplatin Injection"),
    ]:
        assert not variant_spelling(term, name), (term, name)


def _ref(name: str) -> TherapyRef:
    return TherapyRef(key=name.casefold(), name=name)


def test_an_unmatched_descriptor_goes_to_the_one_variant_spelling() -> None:
    cis, pem = _ref("Cisplatinum"), _ref("Pemetrexed")
    align_interventions([cis, pem], [("D002945", "Cisplatin"), ("D068437", "Pemetrexed")])
    assert cis.mesh_ids == ["D002945"] and pem.mesh_ids == ["D068437"]


def test_a_spelling_never_takes_a_named_therapy_or_an_ambiguous_one() -> None:
    # The descriptor names a therapy: the variant gets nothing.
    cis, old = _ref("Cisplatin"), _ref("Cisplatinum")
    align_interventions([cis, old], [("D002945", "Cisplatin")])
    assert cis.mesh_ids == ["D002945"] and old.mesh_ids == []
    # Two names spelled like the term: neither.
    a, b = _ref("Cisplatinum"), _ref("Cisplatine")
    align_interventions([a, b], [("D002945", "Cisplatin")])
    assert a.mesh_ids == [] and b.mesh_ids == []


# ---- appositions whose adjectives are listed with commas ----------------------------------


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("A Study of XY-101, a Selective, Oral FLT3 Inhibitor, in AML", [["FLT3"], []]),
        ("XY-101 is a selective, oral FLT3 inhibitor.", [["FLT3"], []]),
        # The comma-separated phrase still may not name another therapy.
        ("XY-101, a drug, ZZ-202, an EGFR inhibitor", [[], ["EGFR"]]),
    ],
)
def test_appositions_with_commas_between_adjectives(text: str, targets: list[list[str]]) -> None:
    found = apposition_targets([text], [["XY-101"], ["ZZ-202"]], VOCAB)
    assert [[r.name for r in refs] for refs in found] == targets
