"""Barriers reach products: a claim about a modality applies to each of its therapies as
an inferred attribution (``via_modality``) in ``barriers`` and ``show``, unless a source
states the opposite for the therapy, whose own statement then wins (both are shown). On
the analysis fixture (records built directly), on both fact layers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from analysis_fixture import VOCAB, article, build_store, ref, relation, therapy

from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services import facts
from tlkg.graph.services.barriers import barriers
from tlkg.graph.services.catalog import show_therapy
from tlkg.graph.services.models import Barrier
from tlkg.graph.store.oxigraph import OxigraphStore

OWN = "Ide-cel needs no dedicated treatment centre in the outpatient setting."


@pytest.fixture(params=["on-demand", "indexed"])
def store(request: pytest.FixtureRequest) -> Iterator[OxigraphStore]:
    s = build_store()
    if request.param == "indexed":
        facts.warm(s)
    yield s
    facts.forget(s)


def _add_own_statement(store: OxigraphStore) -> None:
    ide = therapy("ide-cel")
    rec = article(
        "ide-cel-outpatient-2026",
        "2026-05-01",
        "early-clinical",
        OWN,
        therapies=[ide],
        mentions=[],
        relations=[
            relation(
                "addresses_barrier",
                ref("therapy", "ide-cel"),
                ref("barrier", "treatment-centres"),
                OWN,
                OWN,
            )
        ],
    )
    store.replace_source(record_triples(rec))


def _by_id(store: OxigraphStore, as_of: str | None = None) -> dict[str, Barrier]:
    return {b.id: b for b in barriers(store, as_of=as_of)}


def test_a_modality_claim_reaches_its_products_in_show(store: OxigraphStore) -> None:
    shown = show_therapy(store, VOCAB, "ide-cel")
    reimbursement = [b for b in shown.barriers if b.barrier.id == "reimbursement"]
    assert len(reimbursement) == 1
    b = reimbursement[0]
    assert (b.stance, b.kind, b.via.id if b.via else None) == (
        "faces",
        "via_modality",
        "car-t-autologous",
    )
    assert [s.id for s in b.sources] == ["in-vivo-car-t-2026"]
    assert "reimbursement" in b.sentences[0]
    # a therapy of another modality inherits nothing from it
    tec = show_therapy(store, VOCAB, "teclistamab")
    assert not any(x.barrier.id == "reimbursement" for x in tec.barriers)


def test_the_products_own_contrary_statement_wins_and_both_show(store: OxigraphStore) -> None:
    _add_own_statement(store)
    centres = _by_id(store)["treatment-centres"]
    own = [c for c in centres.addressed_by if c.id == "idecabtagene-vicleucel"]
    assert [(c.kind, c.overridden) for c in own] == [("stated", False)]
    inherited = [c for c in centres.faced_by if c.id == "idecabtagene-vicleucel"]
    assert [(c.kind, c.overridden) for c in inherited] == [("via_modality", True)]
    cilta = [c for c in centres.faced_by if c.id == "ciltacabtagene-autoleucel"]
    assert [(c.kind, c.overridden) for c in cilta] == [("via_modality", False)]
    shown = show_therapy(store, VOCAB, "ide-cel").barriers
    mine = [(b.stance, b.kind, b.overridden) for b in shown if b.barrier.id == "treatment-centres"]
    assert mine == [("addresses", "stated", False), ("faces", "via_modality", True)]


def test_as_of_and_removal_undo_the_attribution(store: OxigraphStore) -> None:
    before = _by_id(store, as_of="2025-12-31")["reimbursement"]
    assert not before.faced_by
    store.remove_source("in-vivo-car-t-2026")
    after = _by_id(store)["reimbursement"]
    assert not after.faced_by
