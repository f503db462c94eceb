"""Indication names: canonical labels in US spelling and natural word order (British and
inverted MeSH forms are aliases; the British-era ids keep working), plain-language names
that reach the registry's wording ("non-small cell lung cancer", "NSCLC" -> "Non Small
Cell Lung Cancer" / "Carcinoma, Non-Small-Cell Lung", D002289), and landscapes that
gather every indication node sharing a MeSH descriptor."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tlkg.api.app import create_app
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services.catalog import show_therapy
from tlkg.graph.services.errors import NotFound
from tlkg.graph.services.facts import forget, warm
from tlkg.graph.services.landscape import landscape
from tlkg.graph.services.resolve import resolve_entity
from tlkg.graph.services.search import search
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.namespace import entity_iri
from tlkg.ontology.vocab import Vocabulary, VocabularyError, heading_forms, load_vocabulary
from tlkg.settings import Settings

BRITISH = re.compile(r"aem|tumour|oedem|oesoph", re.IGNORECASE)


def _study(nct: str, conditions: list[str], meshes: list[tuple[str, str]], drug: str) -> Any:
    return {
        "protocolSection": {
            "identificationModule": {"nctId": nct, "briefTitle": f"{drug} in {conditions[0]}"},
            "statusModule": {"overallStatus": "RECRUITING"},
            "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Acme", "class": "INDUSTRY"}},
            "conditionsModule": {"conditions": conditions},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2"]},
            "armsInterventionsModule": {
                "armGroups": [
                    {"label": "A", "type": "EXPERIMENTAL", "interventionNames": [f"Drug: {drug}"]}
                ],
                "interventions": [{"type": "DRUG", "name": drug, "armGroupLabels": ["A"]}],
            },
        },
        "derivedSection": {
            "conditionBrowseModule": {"meshes": [{"id": i, "term": t} for i, t in meshes]}
        },
    }


STUDIES = [
    # The registry's wording of NSCLC: no condition names the descriptor exactly.
    _study(
        "NCT90000001",
        ["Non Small Cell Lung Cancer", "NSCLC"],
        [("D002289", "Carcinoma, Non-Small-Cell Lung")],
        "Lungotinib",
    ),
    # ... and as the descriptor itself (a real record, NCT05826366, words it so).
    _study(
        "NCT90000005",
        ["Carcinoma, Non-Small-Cell Lung"],
        [("D002289", "Carcinoma, Non-Small-Cell Lung")],
        "Pulmozumab",
    ),
    _study("NCT90000002", ["AML"], [("D015470", "Leukemia, Myeloid, Acute")], "Myelostat"),
    # No vocabulary entry: the registry's node is the inverted heading.
    _study(
        "NCT90000003",
        ["Squamous Cell Cancer"],
        [("D002294", "Carcinoma, Squamous Cell")],
        "Squamomab",
    ),
    # Thymic epithelial tumours under two wordings, one descriptor (D013945 Thymoma).
    _study("NCT90000004", ["Thymic Epithelial Tumor"], [("D013945", "Thymoma")], "Thymoxib"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("names") / "studies.json"
    path.write_text(json.dumps(STUDIES), "utf-8")
    return path


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def store(corpus: Path, vocab: Vocabulary) -> Iterator[OxigraphStore]:
    st = OxigraphStore(None)
    st.ensure_vocabulary(vocab)
    summary = load(st, [corpus], vocab, workers=1)
    assert summary.loaded == len(STUDIES) and not summary.errors
    yield st
    forget(st)


def _names(answer: Any) -> set[str]:
    return {t.therapy.name for g in answer.groups for t in g.therapies}


# ---- the seed's canonical labels ------------------------------------------------------


def test_indication_labels_are_us_spelling_in_natural_order(vocab: Vocabulary) -> None:
    for entry in vocab.entries["indication"].values():
        assert not BRITISH.search(entry.name), entry.name
        assert "," not in entry.name, entry.name  # "Leukemia, Myeloid, Acute" is an alias


@pytest.mark.parametrize(
    ("british", "us", "key"),
    [
        ("acute myeloid leukaemia", "acute myeloid leukemia", "acute-myeloid-leukaemia"),
        ("leukaemia", "leukemia", "leukaemia"),
        ("haematological malignancy", "hematologic malignancy", "haematological-malignancy"),
        (
            "Waldenström macroglobulinaemia",
            "Waldenström macroglobulinemia",
            "waldenstrom-macroglobulinaemia",
        ),
    ],
)
def test_british_forms_are_aliases_and_keys_stay(
    vocab: Vocabulary, british: str, us: str, key: str
) -> None:
    entry = vocab.resolve("indication", british)
    assert entry is not None and entry.name == us and entry.key == key
    assert british in entry.aliases
    assert vocab.by_slug("indication", key) is entry
    assert vocab.by_slug("indication", slugify(us)) is entry


@pytest.mark.parametrize(
    ("alias", "key", "mesh"),
    [
        ("NSCLC", "non-small-cell-lung-cancer", "D002289"),
        ("Carcinoma, Non-Small-Cell Lung", "non-small-cell-lung-cancer", "D002289"),
        ("Non Small Cell Lung Cancer", "non-small-cell-lung-cancer", "D002289"),
        ("AML", "acute-myeloid-leukaemia", "D015470"),
        ("DLBCL", "diffuse-large-b-cell-lymphoma", None),
        ("SCLC", "small-cell-lung-cancer", "D055752"),
        ("CML", "chronic-myeloid-leukemia", "D015464"),
        ("MDS", "myelodysplastic-syndromes", "D009190"),
        ("HCC", "hepatocellular-carcinoma", "D006528"),
        ("Colorectal Neoplasms", "colorectal-cancer", "D015179"),
    ],
)
def test_oncology_abbreviations_resolve(
    vocab: Vocabulary, alias: str, key: str, mesh: str | None
) -> None:
    entry = vocab.resolve("indication", alias)
    assert entry is not None and entry.key == key
    if mesh is not None:
        assert mesh in entry.mesh and vocab.indication_by_mesh(mesh) is entry


def test_nsclc_is_a_lung_cancer(vocab: Vocabulary) -> None:
    assert "lung-cancer" in vocab.ancestors("indication", "non-small-cell-lung-cancer")


# ---- explicit keys ------------------------------------------------------------------------


def test_explicit_key_keeps_an_id(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text(
        '[[indication]]\nname = "foo tumor"\nkey = "foo-tumour"\naliases = ["foo tumour"]\n',
        "utf-8",
    )
    vocab = load_vocabulary([path])
    entry = vocab.resolve("indication", "foo tumour")
    assert entry is not None and entry.key == "foo-tumour" and entry.name == "foo tumor"
    assert vocab.by_slug("indication", "foo-tumor") is entry


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[indication]]\nname = "foo"\nkey = "Not A Slug"\n', "is not a slug"),
        ('[[indication]]\nname = "leukemia"\nkey = "leukemia"\n', "differs from its key"),
        ('[[indication]]\nname = "bar"\nkey = "leukaemia"\n', "collides"),
    ],
)
def test_bad_keys_are_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary([path])


def test_heading_forms() -> None:
    assert "non-small-cell lung carcinoma" in heading_forms("Carcinoma, Non-Small-Cell Lung")
    assert "acute myeloid leukemia" in heading_forms("Leukemia, Myeloid, Acute")
    assert heading_forms("Lung Cancer.") == {normalise_name("lung cancer")}


# ---- resolution and landscapes on records -------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "non-small cell lung cancer",
        "NSCLC",
        "Non Small Cell Lung Cancer",
        "non-small-cell lung carcinoma",
        "Carcinoma, Non-Small-Cell Lung",
        "lung cancer",
    ],
)
def test_plain_name_landscape_reaches_the_registry_wording(
    store: OxigraphStore, vocab: Vocabulary, name: str
) -> None:
    assert {"Lungotinib", "Pulmozumab"} <= _names(landscape(store, vocab, name))


@pytest.mark.parametrize(
    "name",
    [
        "acute-myeloid-leukaemia",  # the id answers gave before the rename
        "acute-myeloid-leukemia",  # the slug of the US name
        "acute myeloid leukaemia",
        "acute myeloid leukemia",
        "AML",
        "Leukemia, Myeloid, Acute",
    ],
)
def test_every_form_opens_aml(store: OxigraphStore, vocab: Vocabulary, name: str) -> None:
    iri = resolve_entity(store, vocab, "indication", name)
    assert iri == entity_iri("indication", "acute-myeloid-leukaemia")
    answer = landscape(store, vocab, name)
    assert answer.indication.name == "acute myeloid leukemia"
    assert "Myelostat" in _names(answer)


def test_old_ids_work_in_rest_and_web(store: OxigraphStore, vocab: Vocabulary) -> None:
    app = create_app(Settings(memory=True), store=store, vocab=vocab)
    with TestClient(app) as client:
        for key in ("acute-myeloid-leukaemia", "acute-myeloid-leukemia"):
            r = client.get(f"/api/indications/{key}/landscape")
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["indication"]["id"] == "acute-myeloid-leukaemia"
            therapies = {t["therapy"]["name"] for g in body["groups"] for t in g["therapies"]}
            assert "Myelostat" in therapies
            assert client.get(f"/indication/{key}").status_code == 200
        shown = client.get("/api/therapies/Myelostat").json()
        assert "acute-myeloid-leukaemia" in {r["id"] for r in shown["indications"]}
    forget(store)


def test_show_lists_the_us_label(store: OxigraphStore, vocab: Vocabulary) -> None:
    shown = show_therapy(store, vocab, "Myelostat")
    assert "acute myeloid leukemia" in {r.name for r in shown.indications}


@pytest.mark.parametrize("name", ["squamous cell carcinoma", "Carcinoma, Squamous Cell"])
def test_inverted_heading_resolves_without_a_vocabulary_entry(
    store: OxigraphStore, vocab: Vocabulary, name: str
) -> None:
    assert vocab.resolve("indication", name) is None
    assert "Squamomab" in _names(landscape(store, vocab, name))


def test_string_likeness_alone_is_not_evidence(store: OxigraphStore, vocab: Vocabulary) -> None:
    with pytest.raises(NotFound):
        resolve_entity(store, vocab, "indication", "squamous-cell carcinomas")


def test_landscape_gathers_nodes_sharing_a_mesh_descriptor(
    store: OxigraphStore, tmp_path: Path
) -> None:
    """A vocabulary entry given after the records were loaded: its MeSH id gathers the
    registry's node of that descriptor, whatever its wording."""
    path = tmp_path / "late.toml"
    path.write_text(
        '[[indication]]\nname = "thymic epithelial neoplasm"\nmesh = ["D013945"]\n', "utf-8"
    )
    late = load_vocabulary([path])
    assert "Thymoxib" in _names(landscape(store, late, "thymic epithelial neoplasm"))


def test_both_fact_layers_gather_the_same(store: OxigraphStore, vocab: Vocabulary) -> None:
    on_demand = landscape(store, vocab, "NSCLC")
    warm(store)
    try:
        indexed = landscape(store, vocab, "NSCLC")
    finally:
        forget(store)
    assert indexed == on_demand


@pytest.mark.parametrize(
    "text",
    ["acute myeloid leukemia", "acute myeloid leukaemia", "Leukemia, Myeloid, Acute", "AML"],
)
def test_search_finds_every_form(store: OxigraphStore, vocab: Vocabulary, text: str) -> None:
    hits = search(store, vocab, text)
    assert hits and hits[0].id == "acute-myeloid-leukaemia"
    assert hits[0].name == "acute myeloid leukemia"
