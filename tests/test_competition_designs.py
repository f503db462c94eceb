"""Comparisons from trial designs, backbones, and ranks, on real registry records.

Real ClinicalTrials.gov API v2 studies: ``fixtures/ctgov/v2-acute-leukemia-designs-6.json``
holds six, copied unchanged (each study's line as it stands, in the source's order) from
``tests/eval/registry/tune/acute-leukemia-100.json`` (dgg32/graph_bigquery
``ctg-studies.json``, MIT; see ``tests/eval/registry/README.md`` and
``tests/fixtures/README.md``); NCT02724163 is read from the fixture that already holds it,
``fixtures/ctgov/v2-acute-leukemia-xrefs-4.json`` (with NCT03895671, NCT05521087 and
NCT05751044), since one NCT ID may occur once in that folder:

- NCT02724163, randomized phase 3 in AML: liposomal daunorubicin + cytarabine against
  mitoxantrone + cytarabine, gemtuzumab ozogamicin against high-dose cytarabine, and
  fludarabine + busulfan against busulfan + cyclophosphamide: cytarabine and busulfan are
  in experimental and comparator arms alike (the backbones);
- NCT05071482, randomized phase 4: flumatinib against imatinib;
- NCT05739630 (mitoxantrone liposome against ATG), NCT04747912 (inotuzumab ozogamicin,
  dasatinib ...), NCT05848687 (mitoxantrone in ALL), NCT05993949 (dasatinib),
  NCT03564470 (chidamide + dasatinib): the other leukaemia therapies they meet.

``fixtures/ctgov/v2-acute-leukemia-nonrandomized-1.json`` holds NCT01949129 (same source,
its line byte-identical): a non-randomized phase 2/3 conditioning study, fludarabine +
thiotepa + treosulfan (or busulfan + cyclophosphamide) against etoposide (VP16) with total
body irradiation, anti-thymocyte globulin in every arm.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_trial
from rdflib import URIRef

from tlkg.graph.ingest.pipeline import load
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services import facts
from tlkg.graph.services.competition import WEIGHTS, competitors
from tlkg.graph.services.competition_reasons import NON_RANDOMIZED_FACTOR, STATED_WEIGHT
from tlkg.graph.services.models import Competitor
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import IndicationRef, TherapyRef
from tlkg.ontology.namespace import TLKG
from tlkg.ontology.vocab import load_vocabulary

CTGOV = Path(__file__).parent / "fixtures/ctgov"
FIXTURES = [CTGOV / "v2-acute-leukemia-designs-6.json", CTGOV / "v2-acute-leukemia-xrefs-4.json"]
VOCAB = load_vocabulary([])
PHASE3 = "NCT02724163"
COMPARISONS = {"comparator", "head_to_head", "stated"}


def _store() -> OxigraphStore:
    s = OxigraphStore(None)
    load(s, FIXTURES, VOCAB, workers=1)
    return s


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return _store()


def by_name(items: list[Competitor]) -> dict[str, Competitor]:
    return {c.therapy.name.casefold(): c for c in items}


def kinds(c: Competitor) -> set[str]:
    return {r.kind for r in c.reasons}


def test_backbones_are_recorded_and_never_comparators(store: OxigraphStore) -> None:
    trial = URIRef(f"https://w3id.org/tlkg/id/trial/{PHASE3}")
    rows = store.select(
        "SELECT * WHERE { GRAPH ?g { ?trial ?p ?t } }", {"trial": trial, "p": TLKG.backbone}
    )
    backbone = {str(r["t"]).rsplit("/", 1)[-1] for r in rows}
    assert backbone == {"cytarabine", "busulfan"}
    for asked in (
        "Mitoxantrone",
        "cyclophosphamide",
        "Gemtuzumab ozogamicin",
        "fludarabine",
        "Liposomal daunorubicin",
    ):
        for c in competitors(store, VOCAB, asked, limit=100):
            if c.therapy.name.casefold() in backbone:
                assert not kinds(c) & COMPARISONS, (asked, c.therapy.name, c.reasons)


def test_a_phase_3_comparison_outranks_a_shared_class(store: OxigraphStore) -> None:
    # Gemtuzumab ozogamicin (an ADC) was tested against mitoxantrone (a chemotherapy) in
    # phase 3: mitoxantrone is its first competitor, above inotuzumab ozogamicin, the
    # other ADC in leukaemia.
    items = competitors(store, VOCAB, "Gemtuzumab ozogamicin", limit=50)
    order = [c.therapy.name.casefold() for c in items]
    mito = by_name(items)["mitoxantrone"]
    comparison = [r for r in mito.reasons if r.kind == "comparator"]
    assert comparison and PHASE3 in comparison[0].detail and "phase 3" in comparison[0].detail
    assert order.index("mitoxantrone") < order.index("inotuzumab ozogamicin")
    assert order[0] in ("mitoxantrone", "cyclophosphamide")


def test_a_single_product_phase_4_comparison_weighs_as_a_stated_rivalry(
    store: OxigraphStore,
) -> None:
    imatinib = by_name(competitors(store, VOCAB, "Flumatinib"))["imatinib"]
    [comparison] = [r for r in imatinib.reasons if r.kind == "comparator"]
    assert comparison.weight == WEIGHTS["stated"]
    assert competitors(store, VOCAB, "Flumatinib")[0].therapy.name.casefold() == "imatinib"
    # A phase 3 comparison shared by the two products of the other side: half of it.
    cyclo = by_name(competitors(store, VOCAB, "Gemtuzumab ozogamicin", limit=50))
    [shared] = [r for r in cyclo["cyclophosphamide"].reasons if r.kind == "comparator"]
    assert shared.weight == pytest.approx(WEIGHTS["stated"] / 2)


def test_antibodies_against_different_targets_are_not_substitutes(store: OxigraphStore) -> None:
    # Gemtuzumab ozogamicin (CD33) and inotuzumab ozogamicin (CD22): both antibody-drug
    # conjugates, in leukaemia, but not the same modality reason.
    ino = by_name(competitors(store, VOCAB, "Gemtuzumab ozogamicin", limit=100))[
        "inotuzumab ozogamicin"
    ]
    assert kinds(ino) == {"shared_indication"}


def test_indication_only_candidates_come_last_by_shared_trials(store: OxigraphStore) -> None:
    items = competitors(store, VOCAB, "Mitoxantrone", limit=100)
    only = [kinds(c) == {"shared_indication"} for c in items]
    first_only = only.index(True)
    assert all(only[first_only:]), "an indication-only candidate above a stronger one"
    order = [c.therapy.name.casefold() for c in items]
    # Dasatinib shares more trials at a phase of mitoxantrone's in the shared indications
    # than blinatumomab and bortezomib: first, whatever the alphabet or maturity.
    assert order.index("dasatinib") < min(order.index("blinatumomab"), order.index("bortezomib"))
    evidence = [_same_phase_trials(c) for c in items[first_only:]]
    assert evidence == sorted(evidence, reverse=True)


def _same_phase_trials(c: Competitor) -> int:
    detail = next(r.detail for r in c.reasons if r.kind == "shared_indication")
    match = re.search(r"(\d+) at a phase of the therapy asked about", detail)
    return int(match.group(1)) if match else 0


def test_the_product_under_another_name_is_not_its_competitor(store: OxigraphStore) -> None:
    names = [c.therapy.name.casefold() for c in competitors(store, VOCAB, "Mitoxantrone", 100)]
    assert "mitoxantrone liposome" not in names


def test_index_and_sparql_agree_on_the_registry_records() -> None:
    s = _store()
    asked = ["Mitoxantrone", "Gemtuzumab ozogamicin", "Flumatinib", "Dasatinib", "ATG"]
    cold = [
        [c.model_dump() for c in competitors(s, VOCAB, t, limit=k)] for t in asked for k in (3, 20)
    ]
    facts.warm(s)
    try:
        warm = [
            [c.model_dump() for c in competitors(s, VOCAB, t, limit=k)]
            for t in asked
            for k in (3, 20)
        ]
    finally:
        facts.forget(s)
    assert warm == cold


def test_a_non_randomized_comparison_counts_half() -> None:
    s = OxigraphStore(None)
    load(s, [CTGOV / "v2-acute-leukemia-nonrandomized-1.json"], VOCAB, workers=1)
    items = competitors(s, VOCAB, "Treosulfan")
    assert items[0].therapy.name.casefold() == "etoposide"
    [comparison] = [r for r in items[0].reasons if r.kind == "comparator"]
    # One product on the other side (TBI is radiotherapy, not a product; ATG is in every
    # arm): a randomized phase 3 trial would give the full 40.
    assert comparison.weight == pytest.approx(STATED_WEIGHT * NON_RANDOMIZED_FACTOR)
    assert "NCT01949129 (non-randomized, phase 3)" in comparison.detail
    rows = s.select(
        "SELECT * WHERE { GRAPH ?g { ?t ?p ?a } }",
        {"t": URIRef("https://w3id.org/tlkg/id/trial/NCT01949129"), "p": TLKG.allocation},
    )
    assert [str(r["a"]) for r in rows] == ["NON_RANDOMIZED"]


def test_a_randomized_trial_says_so(store: OxigraphStore) -> None:
    flumatinib = competitors(store, VOCAB, "Flumatinib")
    [comparison] = [r for r in flumatinib[0].reasons if r.kind == "comparator"]
    assert "NCT05071482 (randomized, phase 4)" in comparison.detail


def test_corticosteroids_compete_only_with_corticosteroids(tmp_path: Path) -> None:
    path = tmp_path / "asthma.toml"
    path.write_text(
        '[[therapy]]\nname = "budesonide"\nmodality = "corticosteroid"\n\n'
        '[[therapy]]\nname = "fluticasone propionate"\nmodality = "corticosteroid"\n\n'
        '[[therapy]]\nname = "tezepelumab"\nmodality = "monoclonal-antibody"\n',
        "utf-8",
    )
    vocab = load_vocabulary([path])
    asthma = [IndicationRef(key="asthma", name="asthma")]
    s = OxigraphStore(None)
    s.ensure_vocabulary(vocab)
    for n, name in enumerate(["budesonide", "fluticasone propionate", "tezepelumab"]):
        ref = TherapyRef(key=name.replace(" ", "-"), name=name, known=True)
        rec = make_trial(
            f"NCT0930000{n}",
            content_hash=f"h{n}",
            therapies=[ref],
            indications=asthma,
            phases=["PHASE3"],
        )
        s.replace_source(record_triples(rec))
    for layer in ("on-demand", "indexed"):
        if layer == "indexed":
            facts.warm(s)
        assert [c.therapy.name for c in competitors(s, vocab, "budesonide")] == [
            "fluticasone propionate",
            "tezepelumab",
        ]
        # A corticosteroid given with everything is no rival of the antibody.
        assert [c.therapy.name for c in competitors(s, vocab, "tezepelumab")] == []
    facts.forget(s)
