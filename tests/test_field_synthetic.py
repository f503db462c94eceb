"""Clusters and crowding on a synthetic mixed corpus whose answers can be counted by hand:
BCMA and CD19 CAR-T programmes in one indication, with dated trials of known phases. Run
on both fact layers (on-demand SPARQL and the in-process index)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import make_trial

from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services.clusters import clusters
from tlkg.graph.services.crowding import crowding
from tlkg.graph.services.facts import forget, warm
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import EntityRef, IndicationRef, TherapyRef
from tlkg.ontology.vocab import Vocabulary

MM = [IndicationRef(key="multiple-myeloma", name="multiple myeloma")]
BCMA = EntityRef(kind="target", key="bcma", name="BCMA")
CD19 = EntityRef(kind="target", key="cd19", name="CD19")


def car_t(code: str, target: EntityRef) -> TherapyRef:
    return TherapyRef(
        key=code.lower(), name=code, modality="car-t-autologous", targets=[target], known=False
    )


# (NCT ID, first posted, programme, target, phase): each trial is its own source graph.
TRIALS = [
    ("NCT09700001", "2019-03-01", "BCX-101", BCMA, "PHASE1"),
    ("NCT09700002", "2020-05-01", "BCX-202", BCMA, "PHASE1"),
    ("NCT09700003", "2021-02-01", "BCX-101", BCMA, "PHASE2"),
    ("NCT09700004", "2021-06-01", "CDX-11", CD19, "PHASE1"),
    ("NCT09700005", "2021-09-01", "CDX-22", CD19, "PHASE2"),
    ("NCT09700006", "2022-04-01", "BCX-303", BCMA, "PHASE1"),
    ("NCT09700007", "2023-01-15", "BCX-101", BCMA, "PHASE3"),
    ("NCT09700008", "2024-07-01", "CDX-33", CD19, "PHASE1"),
]


@pytest.fixture(params=["on-demand", "indexed"])
def store(request: pytest.FixtureRequest, vocab: Vocabulary) -> Iterator[OxigraphStore]:
    st = OxigraphStore(None)
    st.ensure_vocabulary(vocab)
    for n, (nct, day, code, target, phase) in enumerate(TRIALS):
        rec = make_trial(
            nct,
            date=day,
            content_hash=f"h{n}",
            therapies=[car_t(code, target)],
            indications=MM,
            phases=[phase],
        )
        st.replace_source(record_triples(rec))
    if request.param == "indexed":
        warm(st)
    yield st
    forget(st)
    st.close()


def test_bcma_and_cd19_programmes_are_apart(store: OxigraphStore, vocab: Vocabulary) -> None:
    answer = clusters(store, vocab, "multiple myeloma")
    found = [{m.therapy.name for m in c.members} for c in answer.clusters]
    assert {"BCX-101", "BCX-202", "BCX-303"} in found
    assert {"CDX-11", "CDX-22", "CDX-33"} in found
    labels = {c.label for c in answer.clusters}
    assert labels == {"BCMA · autologous CAR-T", "CD19 · autologous CAR-T"}
    assert clusters(store, vocab, "multiple myeloma") == answer


def series(answer: object) -> list[tuple[int, int, dict[str, int]]]:
    return [(y.year, y.programmes, y.by_phase) for y in answer.years]  # type: ignore[attr-defined]


def test_target_crowding_equals_the_hand_count(store: OxigraphStore, vocab: Vocabulary) -> None:
    answer = crowding(store, vocab, target="BCMA")
    assert series(answer) == [
        (2019, 1, {"phase1": 1}),
        (2020, 2, {"phase1": 2}),
        (2021, 2, {"phase1": 1, "phase2": 1}),
        (2022, 3, {"phase1": 2, "phase2": 1}),
        (2023, 3, {"phase1": 2, "phase3": 1}),
    ]
    assert [[r.name for r in y.new] for y in answer.years] == [
        ["BCX-101"],
        ["BCX-202"],
        [],
        ["BCX-303"],
        [],
    ]


def test_indication_crowding_equals_the_hand_count(store: OxigraphStore, vocab: Vocabulary) -> None:
    answer = crowding(store, vocab, indication="multiple myeloma")
    assert series(answer) == [
        (2019, 1, {"phase1": 1}),
        (2020, 2, {"phase1": 2}),
        (2021, 4, {"phase1": 2, "phase2": 2}),
        (2022, 5, {"phase1": 3, "phase2": 2}),
        (2023, 5, {"phase1": 3, "phase2": 1, "phase3": 1}),
        (2024, 6, {"phase1": 4, "phase2": 1, "phase3": 1}),
    ]
    early = crowding(store, vocab, indication="multiple myeloma", as_of="2021-12-31")
    assert series(early) == series(answer)[:3]
