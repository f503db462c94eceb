"""Registry hygiene on real ClinicalTrials.gov records (``fixtures/ctgov/v2-registry-
hygiene-14.json``), through the real pipeline: what is a therapy, how a regimen written as
one intervention splits, where indications come from, targets named in the registry's
wording and modalities from INN stems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services.catalog import list_therapies, show_therapy
from tlkg.graph.services.models import Therapy
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.ctgov import interventions, target_names
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.loaders.records import TrialRecord
from tlkg.loaders.text import naming
from tlkg.ontology import concepts as C
from tlkg.ontology.vocab import Vocabulary

FIXTURE = Path(__file__).parent / "fixtures" / "ctgov" / "v2-registry-hygiene-14.json"


@pytest.fixture(scope="module")
def store(vocab: Vocabulary) -> OxigraphStore:
    store = OxigraphStore(None)
    store.ensure_vocabulary(vocab)
    load(store, [FIXTURE], vocab, workers=1)
    return store


@pytest.fixture(scope="module")
def therapies(store: OxigraphStore, vocab: Vocabulary) -> dict[str, Therapy]:
    return {t.name: t for t in list_therapies(store, vocab)}


@pytest.fixture(scope="module")
def records(vocab: Vocabulary) -> dict[str, TrialRecord]:
    out = {}
    for study in json.loads(FIXTURE.read_bytes()):
        rec = build_trial(study, vocab, path=None, loader="test", loader_version="0")
        out[rec.nct_id] = rec
    return out


def _named(therapies: dict[str, Therapy], prefix: str) -> Therapy:
    hits = [t for n, t in therapies.items() if n.casefold().startswith(prefix.casefold())]
    assert len(hits) == 1, (prefix, sorted(therapies))
    return hits[0]


# ---- 1. registry hygiene -----------------------------------------------------------------

NOT_THERAPIES = (
    "RNA-seq",  # GENETIC-typed sequencing
    "whole exon sequencing",
    "Phenotyping of total and innate CD8+T cells by flow cytometry",
    "Chemotherapy Regimen 1",  # placeholders in a DRUG-typed intervention
    "Chemotherapy Regimen 2",
    "Standard Chemotherapy",
)


def test_non_therapies_are_not_therapy_nodes(
    store: OxigraphStore, therapies: dict[str, Therapy]
) -> None:
    names = {n.casefold() for n in therapies}
    for name in NOT_THERAPIES:
        assert name.casefold() not in names, name
    rows = store.select(
        "PREFIX tlkg: <https://w3id.org/tlkg/ontology#>\n"
        "SELECT ?t WHERE { GRAPH ?g { ?t a tlkg:Therapy ; tlkg:interventionCategory ?c } "
        "FILTER(?c IN (<https://w3id.org/tlkg/id/intervention-category/generic>, "
        "<https://w3id.org/tlkg/id/intervention-category/diagnostic>, "
        "<https://w3id.org/tlkg/id/intervention-category/procedure>)) }"
    )
    assert rows == []


def test_non_therapies_are_kept_as_interventions_of_their_category(
    records: dict[str, TrialRecord],
) -> None:
    def notes(nct: str) -> dict[str, str]:
        return {n.name: n.category for n in records[nct].other_interventions}

    assert notes("NCT04478006") == {
        "RNA-seq": "diagnostic",
        "whole exon sequencing": "diagnostic",
        "Cytogenetics test": "diagnostic",
    }
    assert notes("NCT04965649") == {
        "Phenotyping of total and innate CD8+T cells by flow cytometry": "diagnostic"
    }
    assert notes("NCT05326516") == {
        "Chemotherapy Regimen 1": "generic",
        "Chemotherapy Regimen 2": "generic",
    }
    assert notes("NCT03319901")["Standard Chemotherapy"] == "generic"
    for rec in records.values():
        for t in rec.therapies:
            assert t.category in ("product", "supportive"), (rec.nct_id, t.name)


def test_non_therapies_are_interventions_in_rdf(store: OxigraphStore) -> None:
    rows = store.select(
        "PREFIX tlkg: <https://w3id.org/tlkg/ontology#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?name ?c ?type WHERE { GRAPH ?g { "
        "<https://w3id.org/tlkg/id/trial/NCT04478006> tlkg:otherIntervention ?i . "
        "?i a tlkg:Intervention ; skos:prefLabel ?name ; tlkg:interventionCategory ?c . "
        "OPTIONAL { ?i tlkg:interventionType ?type } } }"
    )
    found = {(str(r["name"]), str(r["c"]).rsplit("/", 1)[-1]) for r in rows}
    assert ("RNA-seq", "diagnostic") in found and ("whole exon sequencing", "diagnostic") in found
    assert all(r["type"] is not None for r in rows)


def test_regimen_written_as_one_intervention_is_split(
    therapies: dict[str, Therapy], records: dict[str, TrialRecord]
) -> None:
    # "JK500 cell injection，cyclophosphamide，Fludarabine": three therapies, each with the trial
    for name in ("JK500 cell injection", "cyclophosphamide", "fludarabine"):
        assert "NCT05519384" in _named(therapies, name).trials, name
    assert not any("，" in n or "cyclophosphamide," in n.casefold() for n in therapies)
    split = {t.name: t.split_from for t in records["NCT05519384"].therapies}
    assert split["cyclophosphamide"] == ["JK500 cell injection，cyclophosphamide，Fludarabine"]


def test_procedure_is_not_the_modality_of_the_drug_beside_it(
    therapies: dict[str, Therapy], records: dict[str, TrialRecord]
) -> None:
    # "Rifaximin with allogeneic stem cell transplant": rifaximin is no cell therapy
    assert not any(n.startswith("Rifaximin with") for n in therapies)
    rifaximin = _named(therapies, "Rifaximin")
    assert rifaximin.modality is None or rifaximin.modality.id != C.OTHER_CELL_THERAPY
    assert "NCT06058572" in rifaximin.trials
    procedures = {n.name for n in records["NCT06058572"].other_interventions}
    assert "Allogeneic stem cell transplant" in procedures


# ---- 2. indications only from the studies that test the therapy --------------------------


def test_observational_study_gives_no_indication(store: OxigraphStore, vocab: Vocabulary) -> None:
    ven = show_therapy(store, vocab, "venetoclax")
    assert "NCT04282811" in ven.trials  # still linked to the observational study
    names = {i.name for i in ven.indications}
    # conditions only the observational study NCT04282811 names
    assert not names & {"Relapse Leukemia", "Refractory Leukemia"}


def test_supportive_care_study_gives_no_indication(therapies: dict[str, Therapy]) -> None:
    enasidenib = _named(therapies, "Enasidenib")
    assert enasidenib.trials == ["NCT05282459"]
    assert enasidenib.indications == []
    # a treatment study still gives its conditions
    cd123 = _named(therapies, "CD123 CAR-T")
    assert any("myeloid" in i.name.casefold() for i in cd123.indications)


# ---- 4. targets from the registry's wording ----------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "targets"),
    [
        ("CD123 CAR-T", {"CD123"}),
        ("LILRB4 STAR-T", {"LILRB4"}),
        ("Anti-CD19-CAR", {"CD19"}),
        ("Allogeneic donor-derived T-cells", {"CD19", "CD22"}),  # (CD19/CD22-BBz) bivalent
    ],
)
def test_targets_from_registry_wording(
    therapies: dict[str, Therapy], prefix: str, targets: set[str]
) -> None:
    assert {t.name for t in _named(therapies, prefix).targets} == targets


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("BCMAxCD3 bispecific antibody", ["BCMA"]),
        ("CD3 x CD20 T-cell engager", ["CD20"]),
        ("a CD20-directed cytolytic antibody", ["CD20"]),
        ("BCMA-directed CAR-T", ["BCMA"]),
        ("anti-BCMA CAR T cells", ["BCMA"]),
        ("CD19/CD22 bivalent CAR", ["CD19", "CD22"]),
        ("SCRI-CAR22v2", ["CD22"]),
        ("IM19 CAR-T cells", []),  # a code name, not an antigen
        ("Cytarabine", []),
    ],
)
def test_registry_target_patterns(vocab: Vocabulary, text: str, targets: list[str]) -> None:
    assert [t.name for t in target_names.registry_targets([text], vocab)] == targets


# ---- 5. modality never against the evidence ----------------------------------------------


def test_small_molecules_get_a_stem_modality(therapies: dict[str, Therapy]) -> None:
    for name in ("Cytarabine", "Decitabine", "Cladribine"):
        t = _named(therapies, name)
        assert t.modality is not None and t.modality.id == C.CHEMOTHERAPY, name
        assert t.modality_inferred, name
    talazoparib = _named(therapies, "Talazoparib")
    assert talazoparib.modality is not None and talazoparib.modality.id == C.SMALL_MOLECULE


STEM_MODALITIES: tuple[tuple[str, str | None], ...] = (
    ("tadalafil", None),
    ("erythromycin ointment", None),
    ("bleomycin sulfate", C.CHEMOTHERAPY),
    ("cytarabine", C.CHEMOTHERAPY),
    ("azacitidine", C.CHEMOTHERAPY),
    ("olaparib", C.SMALL_MOLECULE),
    ("venetoclax", C.SMALL_MOLECULE),
    ("osimertinib", C.KINASE_INHIBITOR),
    ("carfilzomib", C.PROTEASOME_INHIBITOR),
    ("pomalidomide", C.IMMUNOMODULATORY),
    ("daratumumab", C.MONOCLONAL_ANTIBODY),
)


def test_stem_modality() -> None:
    """Chemotherapy stems and names; "-mab" or "-ment" only as a real stem."""
    got = {name: naming.guess_modality(name, "DRUG") for name, _ in STEM_MODALITIES}
    assert got == dict(STEM_MODALITIES)


@pytest.mark.parametrize(
    "name", ["Placebos", "ARM 1", "Group B", "active comparator", "Regimen 2", "HAG Regimen"]
)
def test_placeholders_are_not_products(name: str) -> None:
    assert naming.classify_intervention(name, "DRUG") != "product"


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("160 mg trimethoprim and 800 mg sulfamethoxazole", ["trimethoprim", "sulfamethoxazole"]),
        ("Fludarabine 30 mg/m2 and busulfan", ["Fludarabine", "busulfan"]),
        ("Nivolumab or Pembrolizumab", ["Nivolumab", "Pembrolizumab"]),
        ("Azacytidine, HAG Regimen", ["Azacytidine", "HAG Regimen"]),
        # one product written with its alias and a dose: not a regimen
        ("Aflibercept, VEGF Trap-Eye(Eylea, BAY86-5321)_2 mg", []),
        ("co-administration of aztreonam and nacubactam", []),
        ("Phenotyping of total and innate CD8+T cells by flow cytometry", []),
    ],
)
def test_regimen_components(vocab: Vocabulary, name: str, parts: list[str]) -> None:
    assert interventions._components(name, "DRUG", vocab) == parts


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("Group A: CsA", "CsA"),
        ("standard-dose HHT", "HHT"),
        ("Reduced-dose HHT", "HHT"),
        ("160 mg trimethoprim and 800 mg sulfamethoxazole", "trimethoprim"),
    ],
)
def test_label_and_dose_words_are_not_names(name: str, clean: str) -> None:
    assert interventions.clean_intervention_name(name) == clean
