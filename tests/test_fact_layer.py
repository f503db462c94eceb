"""One fact layer: every command shows the same modality and highest phase for a therapy
whose sources disagree, on demand (SPARQL) and from the warm index alike.

XYZ-123 (in no vocabulary) is studied in three trials: two say it is a monoclonal
antibody, one a bispecific T-cell engager. The rule (tlkg.graph.services.facts): the
modality most visible sources state, ties to the highest evidence level, then the id.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from analysis_fixture import VOCAB, build_store, therapy, trial

from tlkg.graph.services import facts
from tlkg.graph.services.barriers import modality_comparison
from tlkg.graph.services.catalog import list_therapies, show_therapy
from tlkg.graph.services.competition import competitors
from tlkg.graph.services.landscape import landscape
from tlkg.graph.store.oxigraph import OxigraphStore

MAB, BISPECIFIC = "monoclonal-antibody", "bispecific-t-cell-engager"
MYELOMA = ["multiple myeloma"]


def _store() -> OxigraphStore:
    dara = therapy("daratumumab")
    xyz_mab, xyz_bi = therapy("XYZ-123", modality=MAB), therapy("XYZ-123", modality=BISPECIFIC)
    # A tie, one source each: the pivotal (phase 3) source says monoclonal antibody.
    qrs_mab, qrs_bi = therapy("QRS-456", modality=MAB), therapy("QRS-456", modality=BISPECIFIC)
    return build_store(
        [
            trial("NCT91000001", "2020-01-01", MYELOMA, [("experimental", [dara])], ["PHASE3"]),
            trial("NCT91000002", "2021-01-01", MYELOMA, [("experimental", [xyz_mab])], ["PHASE1"]),
            trial("NCT91000003", "2022-01-01", MYELOMA, [("experimental", [xyz_bi])], ["PHASE3"]),
            trial("NCT91000004", "2023-01-01", MYELOMA, [("experimental", [xyz_mab])], ["PHASE2"]),
            trial("NCT91000005", "2021-06-01", MYELOMA, [("experimental", [qrs_bi])], ["PHASE1"]),
            trial("NCT91000006", "2022-06-01", MYELOMA, [("experimental", [qrs_mab])], ["PHASE3"]),
        ]
    )


@pytest.fixture(params=["sparql", "index"])
def store(request: pytest.FixtureRequest) -> Iterator[OxigraphStore]:
    """The same store answered on demand (SPARQL) and from the warm in-process index."""
    s = _store()
    if request.param == "index":
        facts.warm(s)
    yield s
    facts.forget(s)


def _everywhere(store: OxigraphStore, therapy_id: str) -> dict[str, tuple[str | None, str | None]]:
    """(modality id, highest phase) of one therapy, as each command shows it."""
    out: dict[str, tuple[str | None, str | None]] = {}
    shown = show_therapy(store, VOCAB, therapy_id)
    out["show"] = (shown.modality.id if shown.modality else None, shown.highest_phase)
    listed = {t.id: t for t in list_therapies(store, VOCAB)}[therapy_id]
    out["therapies"] = (listed.modality.id if listed.modality else None, listed.highest_phase)
    rivals = {c.therapy.id: c for c in competitors(store, VOCAB, "daratumumab", limit=50)}
    rival = rivals[therapy_id]
    out["competitors"] = (rival.modality.id if rival.modality else None, rival.highest_phase)
    for group in landscape(store, VOCAB, "multiple myeloma").groups:
        for row in group.therapies:
            if row.therapy.id == therapy_id:
                out["landscape"] = (group.modality.id, row.highest_phase)
    comparison = modality_comparison(store, MAB, BISPECIFIC)
    a = {r.id for r in comparison.a_programmes}
    b = {r.id for r in comparison.b_programmes}
    assert not (therapy_id in a and therapy_id in b)
    side = MAB if therapy_id in a else BISPECIFIC if therapy_id in b else None
    out["barriers"] = (side, out["show"][1])
    return out


def test_every_command_shows_the_modality_most_sources_state(store: OxigraphStore) -> None:
    seen = _everywhere(store, "xyz-123")
    assert seen == dict.fromkeys(seen, (MAB, "phase3")), seen
    assert set(seen) == {"show", "therapies", "competitors", "landscape", "barriers"}
    assert show_therapy(store, VOCAB, "xyz-123").modality_inferred


def test_a_tie_goes_to_the_highest_evidence_level(store: OxigraphStore) -> None:
    seen = _everywhere(store, "qrs-456")
    assert seen == dict.fromkeys(seen, (MAB, "phase3")), seen


def test_as_of_counts_only_the_visible_sources() -> None:
    s = _store()
    # On 2022-12-31 XYZ-123 has one source of each (phase 1 early-clinical: antibody;
    # phase 3 pivotal: bispecific): the pivotal source decides.
    shown = show_therapy(s, VOCAB, "xyz-123", as_of="2022-12-31")
    assert shown.modality is not None and shown.modality.id == BISPECIFIC
    assert shown.highest_phase == "phase3"
    rivals = competitors(s, VOCAB, "daratumumab", limit=50, as_of="2022-12-31")
    rival = next(c for c in rivals if c.therapy.id == "xyz-123")
    assert rival.modality is not None and rival.modality.id == BISPECIFIC
    # Before the phase 3 trial: one antibody source, phase 1.
    early = show_therapy(s, VOCAB, "xyz-123", as_of="2021-12-31")
    assert early.modality is not None and early.modality.id == MAB
    assert early.highest_phase == "phase1"
