"""Partner drugs among an intervention's other names, and biosimilar names (issues 13 and
14, session 7).

Two real ClinicalTrials.gov API v2 studies, copied unchanged into ``fixtures/ctgov/`` from
``tests/eval/registry/tune/`` (moved there from ``holdout/`` in session 7; source
kevin-hchen/Pebble-DD-Tool ``tests/fixtures/``, MIT, (c) 2026 Kevin Chen; see
``tests/eval/registry/README.md``):

- ``pebble-ctgov_study_NCT07228832.json`` (HARMONi-GI3, randomized phase 3):
  "Drug: Ivonescimab Injection" against "Drug: Bevacizumab Injection", each with the
  mFOLFOX6 drugs as its other names ("Oxaliplatin", "Leucovorin", "5-Fluorouracil");
  intervention MeSH Oxaliplatin, Leucovorin, Fluorouracil, Bevacizumab;
- ``pebble-ctgov_study_NCT06252649.json`` (CodeBreaK 301, randomized phase 3):
  sotorasib + panitumumab + FOLFIRI against FOLFIRI with or without "Bevacizumab-awwb"
  (other name "MVASI"); intervention MeSH sotorasib, Panitumumab, Bevacizumab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services.catalog import list_therapies, show_therapy
from tlkg.graph.services.competition import competitors
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.ctgov.interventions import (
    biosimilar_core,
    clean_intervention_name,
    map_interventions,
)
from tlkg.loaders.ctgov.mesh import drop_partner_aliases
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.loaders.records import TherapyRef
from tlkg.ontology.stems import distinctive_stem_modality
from tlkg.ontology.vocab import load_vocabulary

CTGOV = Path(__file__).parent / "fixtures/ctgov"
HARMONI = CTGOV / "pebble-ctgov_study_NCT07228832.json"
CODEBREAK = CTGOV / "pebble-ctgov_study_NCT06252649.json"
VOCAB = load_vocabulary([])
FOLFOX = {"oxaliplatin", "leucovorin", "5-fluorouracil"}


def _study(path: Path) -> dict[str, Any]:
    study: dict[str, Any] = orjson.loads(path.read_bytes())
    return study


def _therapies(study: dict[str, Any]) -> dict[str, TherapyRef]:
    record = build_trial(study, VOCAB, path=None, loader="test", loader_version="0")
    return {t.key: t for t in record.therapies}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    s = OxigraphStore(None)
    load(s, [HARMONI, CODEBREAK], VOCAB, workers=1)
    return s


# ---- the names the registry writes -------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "product"),
    [
        # The intervention-type label copied into the name, and the dosage form.
        ("Drug: Ivonescimab Injection", "Ivonescimab"),
        ("Drug: Bevacizumab Injection", "Bevacizumab"),
        ("MK-3475 injection", "MK-3475"),
        # The FDA's four-letter suffix of a biosimilar's proper name.
        ("Bevacizumab-awwb", "Bevacizumab"),
        ("adalimumab-atto", "adalimumab"),
        ("Epoetin alfa-epbx", "Epoetin alfa"),
        # Left as written: no INN before "Injection" or before the suffix.
        ("Intravitreal Injection", "Intravitreal Injection"),
        ("Saline Injection", "Saline Injection"),
        ("CD19-CART", "CD19-CART"),
        ("ide-cel", "ide-cel"),
    ],
)
def test_registry_wording_of_a_product(written: str, product: str) -> None:
    assert clean_intervention_name(written) == product


def test_biosimilar_suffix_needs_an_inn_and_lower_case() -> None:
    assert biosimilar_core("bevacizumab-awwb") == "bevacizumab"
    assert biosimilar_core("Bevacizumab-AWWB") is None  # FDA suffixes are lower case
    assert biosimilar_core("Tabula-rasa") is None  # no INN before the hyphen
    assert biosimilar_core("bevacizumab") is None


# ---- partner drugs among other names (wrong merges) --------------------------------------


def test_regimen_drugs_among_other_names_are_not_aliases() -> None:
    therapies = _therapies(_study(HARMONI))
    assert set(therapies) == {"ivonescimab", "bevacizumab"}
    for t in therapies.values():
        assert not {a.casefold() for a in t.aliases} & FOLFOX, t.key
    # The drugs' descriptors go to neither antibody; bevacizumab keeps its own.
    assert therapies["ivonescimab"].mesh_ids == []
    assert therapies["bevacizumab"].mesh_ids == ["D068258"]
    # The registry's exact wording still finds each product (a hidden label).
    assert "Drug: Ivonescimab Injection" in therapies["ivonescimab"].hidden_labels


def test_an_inn_of_another_stem_is_never_an_alias_even_without_mesh() -> None:
    # Without the registry's indexing only the stems tell: "-platin" is no antibody.
    study = _study(HARMONI)
    study.pop("derivedSection")
    therapies = _therapies(study)
    for t in therapies.values():
        assert "oxaliplatin" not in {a.casefold() for a in t.aliases}, t.key


def test_short_stems_do_not_make_a_brand_an_inn_of_another_product() -> None:
    # "Sprycel" ends in "-cel" (cell therapies) but is dasatinib's brand.
    assert distinctive_stem_modality("sprycel") is None
    assert distinctive_stem_modality("oxaliplatin") == "chemotherapy"
    raw = {"type": "DRUG", "name": "Dasatinib", "otherNames": ["SPRYCEL"], "armGroupLabels": []}
    _, [therapy] = map_interventions([raw], "x", "Sponsor", VOCAB)
    assert therapy.aliases == ["SPRYCEL"]


def test_one_inn_other_name_of_a_code_stays_an_alias() -> None:
    # A code and its INN introduced together: one descriptor, named by the other name.
    t = TherapyRef(key="amg-510", name="AMG 510", aliases=["sotorasib", "Lumakras"])
    drop_partner_aliases(t, [("C706028", "sotorasib")])
    assert t.aliases == ["sotorasib", "Lumakras"]
    # An other name naming a second descriptor beside the name's own is a partner drug.
    t = TherapyRef(key="bevacizumab", name="Bevacizumab", aliases=["Avastin", "Oxaliplatin"])
    drop_partner_aliases(t, [("D068258", "Bevacizumab"), ("D077150", "Oxaliplatin")])
    assert t.aliases == ["Avastin"]


# ---- one product, one node: the biosimilar is the INN's product --------------------------


def test_a_biosimilar_is_the_inn_product(store: OxigraphStore) -> None:
    therapies = {t.name.casefold(): t for t in list_therapies(store, VOCAB)}
    assert set(therapies) == {"bevacizumab", "ivonescimab", "panitumumab", "sotorasib"}
    bevacizumab = therapies["bevacizumab"]
    assert set(bevacizumab.trials) == {"NCT07228832", "NCT06252649"}
    assert {"Bevacizumab-awwb", "MVASI"} <= set(bevacizumab.aliases)
    assert bevacizumab.xrefs == ["MESH:D068258"]
    # No node carries the regimen drugs' descriptors.
    assert all(
        not set(t.xrefs or []) - {"MESH:D068258", "MESH:D077544", "MESH:C706028"}
        for t in therapies.values()
    )
    for written in ("Bevacizumab-awwb", "Drug: Bevacizumab Injection", "MVASI"):
        assert show_therapy(store, VOCAB, written).iri == bevacizumab.iri, written


def _comparison(items: list[Any], name: str) -> float:
    [entry] = [c for c in items if c.therapy.name.casefold() == name]
    return sum(r.weight for r in entry.reasons if r.kind == "comparator")


def test_comparators_reach_one_node(store: OxigraphStore) -> None:
    # HARMONi-GI3: one antibody against one, phase 3: 40.
    assert (
        _comparison(competitors(store, VOCAB, "Drug: Ivonescimab Injection"), "bevacizumab") == 40
    )
    # CodeBreaK 301: the biosimilar comparator is bevacizumab, first for sotorasib.
    items = competitors(store, VOCAB, "Sotorasib", limit=10)
    assert items[0].therapy.name.casefold() == "bevacizumab"
    assert _comparison(items, "bevacizumab") == 40
    # Asked by the biosimilar's name: never itself, both trials' experimental products.
    names = [c.therapy.name.casefold() for c in competitors(store, VOCAB, "Bevacizumab-awwb")]
    assert "bevacizumab" not in names
    assert {"ivonescimab", "panitumumab", "sotorasib"} <= set(names)
