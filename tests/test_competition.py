"""Competitors, landscape, barriers and search on a small landscape built from records
(tests/analysis_fixture.py): articles and trial records together."""

from __future__ import annotations

import re

import pytest
from analysis_fixture import VOCAB, build_store, records

from tlkg.graph.services import facts
from tlkg.graph.services.barriers import barriers, modality_comparison
from tlkg.graph.services.competition import WEIGHTS, competitors
from tlkg.graph.services.errors import NotFound
from tlkg.graph.services.index import Index
from tlkg.graph.services.landscape import landscape
from tlkg.graph.services.models import Competitor
from tlkg.graph.services.search import search
from tlkg.graph.store.oxigraph import OxigraphStore


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return build_store()


@pytest.fixture(params=["sparql", "index"])
def either(request: pytest.FixtureRequest) -> OxigraphStore:
    """The same store answered on demand (SPARQL) and from the warm in-process index."""
    s = build_store()
    if request.param == "index":
        facts.warm(s)
    return s


def names(items: list[Competitor]) -> list[str]:
    return [c.therapy.name for c in items]


def by_name(items: list[Competitor]) -> dict[str, Competitor]:
    return {c.therapy.name: c for c in items}


# ---- what competes with ide-cel ------------------------------------------------------------
def test_cilta_cel_ranks_above_every_bispecific(either: OxigraphStore) -> None:
    items = competitors(either, VOCAB, "ide-cel", limit=50)
    order = names(items)
    cilta = order.index("ciltacabtagene autoleucel")
    bispecifics = [
        n
        for c, n in zip(items, order, strict=True)
        if c.modality and c.modality.id == "bispecific-t-cell-engager"
    ]
    assert bispecifics, "the fixture has BCMA bispecifics in myeloma"
    assert all(cilta < order.index(b) for b in bispecifics)
    reasons = {r.kind for r in by_name(items)["ciltacabtagene autoleucel"].reasons}
    assert {"shared_target", "shared_modality", "shared_indication"} <= reasons


def test_no_cd19_lymphoma_or_lupus_car_t_competes_in_myeloma(either: OxigraphStore) -> None:
    order = names(competitors(either, VOCAB, "Abecma", limit=50))
    for other in (
        "axicabtagene ciloleucel",
        "glofitamab",
        "mivocabtagene autoleucel",
        "resecabtagene autoleucel",
    ):
        assert other not in order


def test_a_stated_rival_ranks_first_with_a_stated_reason(either: OxigraphStore) -> None:
    items = competitors(either, VOCAB, "idecabtagene vicleucel")
    first = items[0]
    assert first.therapy.name == "iberdomide"
    stated = [r for r in first.reasons if r.kind == "stated"]
    assert stated and stated[0].level == "therapy"
    assert "rival" in stated[0].detail
    assert stated[0].sources[0].id == "iberdomide-rival-2024"


def test_placebo_soc_backbones_and_non_products_never_compete(either: OxigraphStore) -> None:
    for therapy in ("ide-cel", "cilta-cel", "lenalidomide", "daratumumab", "teclistamab"):
        for c in competitors(either, VOCAB, therapy, limit=100):
            assert not re.search(
                r"placebo|standard|chemotherapy|dexamethasone", c.therapy.name, re.I
            )
            assert c.therapy.id not in ("dexamethasone", "cyclophosphamide", "fludarabine")


def test_every_reason_lists_a_source(either: OxigraphStore) -> None:
    for therapy in ("ide-cel", "ESO-T01", "cilta-cel", "lenalidomide", "axi-cel", "KYV-101"):
        for c in competitors(either, VOCAB, therapy, limit=100):
            assert c.reasons
            for r in c.reasons:
                assert r.sources, (therapy, c.therapy.name, r.kind)
                assert r.source_count >= len(r.sources)


def test_score_is_maturity_times_the_reason_weights(either: OxigraphStore) -> None:
    for c in competitors(either, VOCAB, "ide-cel", limit=50):
        assert c.score == pytest.approx(round(c.maturity * sum(r.weight for r in c.reasons), 3))
    items = by_name(competitors(either, VOCAB, "ide-cel", limit=50))
    assert items["ciltacabtagene autoleucel"].score == pytest.approx(
        WEIGHTS["shared_target"] + WEIGHTS["shared_modality"] + WEIGHTS["shared_indication"]
    )
    # The withdrawn programme (phase 1, only trial withdrawn) competes less.
    withdrawn = items["ZX-901"]
    assert withdrawn.maturity == pytest.approx(0.7 * 0.5)
    assert withdrawn.score < items["talquetamab"].score * 2


def test_comparator_arm_is_a_comparator_reason(either: OxigraphStore) -> None:
    dara = by_name(competitors(either, VOCAB, "ide-cel", limit=50))["daratumumab"]
    comparator = [r for r in dara.reasons if r.kind == "comparator"]
    assert comparator and "NCT90000001" in comparator[0].detail
    assert comparator[0].sources[0].id == "NCT90000001"


def test_modality_level_claims_are_inherited_within_a_shared_indication(
    either: OxigraphStore,
) -> None:
    # "In vivo CAR-T ... non-inferiority to ... idecabtagene vicleucel" is about the in vivo
    # modality: ESO-T01 (in vivo, myeloma) inherits it, weaker than a therapy-level claim.
    eso = by_name(competitors(either, VOCAB, "ide-cel", limit=50))["ESO-T01"]
    h2h = [r for r in eso.reasons if r.kind == "head_to_head"]
    assert h2h and h2h[0].level == "modality" and h2h[0].weight == WEIGHTS["modality_level"]
    assert "modality level" in h2h[0].detail
    # For ESO-T01, autologous CAR-T in myeloma inherit "in vivo competes with autologous";
    # the lupus-only CAR-T of the same modality does not (no shared indication).
    items = by_name(competitors(either, VOCAB, "ESO-T01", limit=50))
    assert any(
        r.kind == "stated" and r.level == "modality"
        for r in items["ciltacabtagene autoleucel"].reasons
    )
    assert "mivocabtagene autoleucel" not in items and "resecabtagene autoleucel" not in items
    assert names(competitors(either, VOCAB, "ESO-T01"))[0] == "idecabtagene vicleucel"


def test_complements_is_reported_and_never_raises_the_score() -> None:
    with_it = build_store()
    without = build_store([r for r in records() if r.source.id != "tec-complement-2023"])
    tec = by_name(competitors(with_it, VOCAB, "ide-cel", limit=50))["teclistamab"]
    tec0 = by_name(competitors(without, VOCAB, "ide-cel", limit=50))["teclistamab"]
    assert tec.complements and not tec0.complements
    assert tec.complement_sources[0].id == "tec-complement-2023"
    assert tec.score == tec0.score


def test_as_of_hides_what_only_later_sources_said(either: OxigraphStore) -> None:
    before = by_name(competitors(either, VOCAB, "ide-cel", limit=50, as_of="2024-01-01"))
    assert "iberdomide" not in before  # only the 2024-06 article mentions it
    assert "ESO-T01" not in before  # only the 2026 article
    assert before["teclistamab"].complements  # said 2023-05
    assert not by_name(competitors(either, VOCAB, "ide-cel", limit=50, as_of="2023-04-30"))[
        "teclistamab"
    ].complements
    for c in before.values():
        for r in c.reasons:
            assert all(s.date is None or s.date <= "2024-01-01" for s in r.sources)
    with pytest.raises(NotFound, match="on or before 2018-01-01"):
        competitors(either, VOCAB, "ide-cel", as_of="2018-01-01")


def test_unknown_and_unmentioned_therapies_are_not_found(store: OxigraphStore) -> None:
    with pytest.raises(NotFound) as exc:
        competitors(store, VOCAB, "idecabtagen vicleucell")
    assert "idecabtagene vicleucel" in exc.value.suggestions
    with pytest.raises(NotFound, match="no loaded source mentions"):
        competitors(store, VOCAB, "linvoseltamab")  # in the vocabulary, in no source


def test_index_and_sparql_give_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TLKG_INDEX_SYNC", "1")  # rebuild in the caller, deterministically
    s = build_store()
    asked = ["ide-cel", "ESO-T01", "cilta-cel", "teclistamab", "KYV-101", "axi-cel", "ZX-901"]
    cold = {t: [c.model_dump() for c in competitors(s, VOCAB, t, limit=4)] for t in asked}
    cold_land = landscape(s, VOCAB, "multiple myeloma").model_dump()
    facts.warm(s)
    assert facts.cached_index(s) is not None
    for t in asked:
        assert [c.model_dump() for c in competitors(s, VOCAB, t, limit=4)] == cold[t]
    assert landscape(s, VOCAB, "multiple myeloma").model_dump() == cold_land
    # A write changes the state token: the index is rebuilt, never used stale.
    old = facts.cached_index(s)
    s.remove_source("iberdomide-rival-2024")
    assert "iberdomide" not in names(competitors(s, VOCAB, "ide-cel", limit=50))
    assert facts.cached_index(s) is not old
    facts.forget(s)


def test_a_stale_index_is_rebuilt_in_the_background() -> None:
    import time

    s = build_store()
    first = facts.warm(s)
    s.remove_source("iberdomide-rival-2024")
    # Answers never come from the stale index: SPARQL until the rebuild is done.
    assert "iberdomide" not in names(competitors(s, VOCAB, "ide-cel", limit=50))
    deadline = time.monotonic() + 30
    fresh = facts.cached_index(s)
    while (fresh is None or fresh is first) and time.monotonic() < deadline:
        time.sleep(0.05)
        fresh = facts.cached_index(s)
    assert fresh is not None and fresh is not first and fresh.token == s.state_token()
    assert "iberdomide" not in names(competitors(s, VOCAB, "ide-cel", limit=50))
    facts.forget(s)


# ---- landscape ------------------------------------------------------------------------------
def test_landscape_groups_by_modality_with_phase_status_and_targets(either: OxigraphStore) -> None:
    result = landscape(either, VOCAB, "multiple myeloma")
    data = result.model_dump(mode="json")
    assert data["indication"]["id"] == "multiple-myeloma"
    groups = {g["modality"]["id"]: g for g in data["groups"]}
    auto = {t["therapy"]["name"]: t for t in groups["car-t-autologous"]["therapies"]}
    assert auto["idecabtagene vicleucel"]["highest_phase"] == "approved"
    assert [r["name"] for r in auto["idecabtagene vicleucel"]["targets"]] == ["BCMA"]
    assert auto["ZX-901"]["highest_phase"] == "phase1"
    assert auto["ZX-901"]["status"] == "withdrawn"
    assert "ESO-T01" in {
        t["therapy"]["name"] for t in groups["car-t-in-vivo-lentiviral"]["therapies"]
    }
    every = {t["therapy"]["name"] for g in data["groups"] for t in g["therapies"]}
    assert "dexamethasone" not in every and "standard chemotherapy" not in every
    assert "axicabtagene ciloleucel" not in every and "mivocabtagene autoleucel" not in every
    for g in data["groups"]:
        assert set(g) >= {"modality", "therapies"}
        for t in g["therapies"]:
            assert set(t) >= {"therapy", "highest_phase", "status", "targets"}


def test_landscape_as_of_and_narrower_indications(either: OxigraphStore) -> None:
    early = landscape(either, VOCAB, "multiple myeloma", as_of="2019-12-31")
    every = {t.therapy.name for g in early.groups for t in g.therapies}
    assert "idecabtagene vicleucel" in every  # NCT90000001, 2019-03 (RRMM, narrower)
    assert "ciltacabtagene autoleucel" not in every  # first source 2020-06
    lupus = landscape(either, VOCAB, "systemic lupus erythematosus")
    # Lupus nephritis (the trial of KYV-101, which the vocabulary names by its INN) is
    # narrower than SLE; iberdomide's SLE indication comes from the vocabulary, and a
    # loaded article mentions iberdomide.
    assert {t.therapy.name for g in lupus.groups for t in g.therapies} == {
        "mivocabtagene autoleucel",
        "resecabtagene autoleucel",
        "iberdomide",
    }


# ---- barriers -------------------------------------------------------------------------------
def test_barriers_list_the_twelve_concepts_with_claims(store: OxigraphStore) -> None:
    items = barriers(store)
    assert len(items) == 12
    by_id = {b.id: b for b in items}
    stated = [c for c in by_id["apheresis"].addressed_by if c.kind == "stated"]
    assert [c.name for c in stated] == ["in vivo CAR-T"]
    claim = stated[0]
    assert claim.type == "modality" and claim.sources[0].id == "in-vivo-car-t-2026"
    assert "apheresis" in claim.sentences[0]
    faced = by_id["reimbursement"].faced_by
    assert [c.name for c in faced if c.kind == "stated"] == ["autologous CAR-T"]
    # ... and reaches the autologous CAR-Ts (after the stated claims), with its sources
    inferred = [c for c in faced if c.kind == "via_modality"]
    assert faced[0].kind == "stated" and "idecabtagene vicleucel" in {c.name for c in inferred}
    assert all(c.via and c.via.id == "car-t-autologous" for c in inferred)
    assert all(c.sources[0].id == "in-vivo-car-t-2026" for c in inferred)
    assert not any(b.faced_by or b.addressed_by for b in barriers(store, as_of="2025-01-01"))


def test_in_vivo_against_autologous_car_t(store: OxigraphStore) -> None:
    cmp = modality_comparison(store, "in vivo CAR-T", "autologous CAR-T")
    assert cmp.a.id == "car-t-in-vivo" and cmp.b.id == "car-t-autologous"
    assert {r.id for r in cmp.removed} == {"apheresis", "manufacturing-capacity"}
    assert {r.id for r in cmp.kept} == {"reimbursement", "treatment-centres"}
    assert cmp.a_evidence_level == "early-clinical"
    assert [r.name for r in cmp.a_programmes] == ["ESO-T01"]
    assert "idecabtagene vicleucel" in {r.name for r in cmp.b_programmes}
    with pytest.raises(NotFound):
        modality_comparison(store, "teleportation", "autologous CAR-T")


# ---- search ---------------------------------------------------------------------------------
def test_search_exact_alias_scores_highest(store: OxigraphStore) -> None:
    hits = search(store, VOCAB, "Carvykti")
    assert hits[0].id == "ciltacabtagene-autoleucel" and hits[0].type == "therapy"
    assert hits[0].score == 100
    assert all(h.score < 100 for h in hits[1:])
    fuzzy = search(store, VOCAB, "tecvaly")  # Tecvayli, misspelt
    assert fuzzy[0].id == "teclistamab" and fuzzy[0].score < 100
    types = {h.type for h in search(store, VOCAB, "BCMA", limit=20)}
    assert "target" in types
    assert search(store, VOCAB, "in vivo CAR-T")[0].type == "modality"
    assert search(store, VOCAB, "myeloma")[0].type == "indication"
    # A vocabulary therapy no source mentions is not a hit.
    assert "linvoseltamab" not in {h.id for h in search(store, VOCAB, "linvoseltamab")}


def test_search_index_is_rebuilt_after_a_write() -> None:
    from analysis_fixture import article, therapy

    s = build_store()
    assert not [h for h in search(s, VOCAB, "linvoseltamab") if h.id == "linvoseltamab"]
    from tlkg.graph.rdf.triples import record_triples

    s.replace_source(
        record_triples(
            article(
                "linvo-2025",
                "2025-01-01",
                "pivotal",
                "Linvoseltamab text.",
                [therapy("linvoseltamab")],
                [],
                [],
            )
        )
    )
    assert search(s, VOCAB, "Lynozyfic")[0].id == "linvoseltamab"


def test_index_prefilter_matches_sparql_on_a_synthetic_registry() -> None:
    """The index narrows candidates with set operations before scoring; on a registry-like
    store (bench/synth.py) it must give exactly the on-demand (SPARQL) answers."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from query_bench import build as build_synthetic

    s = OxigraphStore(None)
    build_synthetic(s, 400, 3)
    index = Index.build(s)
    mentioned = sorted(t for t, r in index.raw.items() if r.mentions)
    asked = [t.rsplit("/", 1)[-1] for t in random.Random(1).sample(mentioned, 25)]

    def answers() -> list[object]:
        out: list[object] = []
        for t in asked:
            for limit in (3, 20):
                out.append([c.model_dump() for c in competitors(s, VOCAB, t, limit=limit)])
        return out

    cold = answers()
    facts.warm(s)
    assert answers() == cold
    facts.forget(s)
