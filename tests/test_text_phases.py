"""Stages, targets and names from text (tlkg.loaders.text.stages, evidence, mentions): the
phase an article states for a programme and its evidence, the article's evidence level,
targets written as "<TARGET>xCD3" / "anti-X" / "X-directed", and new-style INNs with
their code names. Then the mapping (tlkg:statedPhase) and the fact layer's highest phase.
All names are invented; the rules name none."""

from __future__ import annotations

import pytest
from analysis_fixture import VOCAB, build_store, meta, trial

from tlkg.graph.rdf.triples import T, article_triples, concept
from tlkg.graph.services import facts
from tlkg.graph.services.catalog import show_therapy
from tlkg.loaders.records import ArticleRecord, TherapyRef
from tlkg.loaders.text.evidence import evidence_level
from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def _phase(text: str, vocab: Vocabulary, key: str) -> str | None:
    return {t.key: t.phase for t in extract(text, vocab).therapies}[key]


# ---- stated phases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        ("ABX-101 is being tested in a phase 3 trial.", "phase3"),
        ("ABX-101 entered a Phase 1b study in myeloma.", "phase1"),
        ("A phase 1/2 trial of ABX-101 is enrolling.", "phase2"),
        ("The phase I/II study of ABX-101 met its endpoint.", "phase2"),
        ("ABX-101 is in a pivotal trial.", "phase3"),
        ("ABX-101 met the primary endpoint of a registrational study.", "phase3"),
        ("The first-in-human study of ABX-101 dosed six patients.", "phase1"),
        ("The FDA approved ABX-101 in 2025.", "approved"),
        ("ABX-101 is now commercially available in Europe.", "approved"),
        ("ABX-101 was approved last year; a phase 3 trial continues.", "approved"),
    ],
)
def test_phases_from_text(vocab, text, phase):
    assert _phase(text, vocab, "abx-101") == phase


@pytest.mark.parametrize(
    "text",
    [
        "Arvenza Pharma plans to start a phase 3 trial of ABX-101 next year.",
        "Arvenza Pharma intends to run a randomized phase 3 study of ABX-101.",
        "The company will initiate a pivotal trial of ABX-101 in 2027.",
        "The group hopes to open a phase 1 trial of ABX-101 in 2026.",
        "ABX-101 would need to clear phase 3 trials.",
        "If approved, ABX-101 would compete with other drugs.",
        "Arvenza Pharma has filed for approval of ABX-101.",
        "ABX-101 has not been approved.",
    ],
)
def test_plans_conditions_and_negations_set_no_phase(vocab, text):
    assert _phase(text, vocab, "abx-101") is None


def test_each_phase_keeps_its_sentence(vocab):
    text = "ABX-101 is a CAR-T. It is now in a phase 2 trial. The FDA approved ABX-101 in 2025."
    rels = [r for r in extract(text, vocab).relations if r.kind == "has_phase"]
    got = {(r.subject.key, r.object.key, r.evidence.sentence) for r in rels}
    assert got == {
        ("abx-101", "phase2", "It is now in a phase 2 trial."),
        ("abx-101", "approved", "The FDA approved ABX-101 in 2025."),
    }
    assert _phase(text, vocab, "abx-101") == "approved"


def test_a_prior_therapy_and_a_contrasted_one_get_no_phase(vocab):
    text = "Patients previously treated with ZRX-202 joined the phase 2 trial of ABX-101."
    assert _phase(text, vocab, "abx-101") == "phase2"
    assert _phase(text, vocab, "zrx-202") is None
    text = "Unlike ZRX-202, ABX-101 is in a phase 3 trial."
    assert _phase(text, vocab, "zrx-202") is None


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("The approval of ZRX-202 in 2021 paved the way for ABX-101.", {"zrx-202": "approved"}),
        ("A phase 3 trial of ABX-101 compared it with ZRX-202.", {"abx-101": "phase3"}),
        ("The FDA approved ABX-101 and ZRX-202.", {"abx-101": "approved", "zrx-202": "approved"}),
        ("ABX-101 beat ZRX-202 in a phase 3 trial.", {"abx-101": "phase3", "zrx-202": "phase3"}),
    ],
)
def test_a_stage_of_x_is_only_x_s(vocab, text, stages):
    got = {t.key: t.phase for t in extract(text, vocab).therapies if t.phase}
    assert got == stages


def test_an_approved_list_after_a_colon(vocab):
    text = "Two CAR-T products are approved: ABX-101 and ZRX-202."
    therapies = {t.key: t.phase for t in extract(text, vocab).therapies}
    assert therapies == {"abx-101": "approved", "zrx-202": "approved"}


# ---- evidence level ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "level"),
    [
        ("FDA approves ABX-101 for myeloma", "The approval rests on a phase 3 trial.", "approved"),
        (
            "ABX-101 cuts risk of progression by 40% in randomized phase 3 trial",
            "ZRX-202, approved in 2020, was the comparator. The label of ZRX-202 is unchanged.",
            "pivotal",
        ),
        (
            "First patient dosed in phase 1 trial of ABX-101",
            "ZRX-202 was approved in 2023 and is sold in Europe. It is commercially available.",
            "early-clinical",
        ),
        (
            "Arvenza Pharma intends to start a randomized phase 3 study of ABX-101",
            "ABX-101 showed responses in a phase 1/2 study.",
            "early-clinical",
        ),
        (
            "Arvenza Pharma submits application for approval of ABX-101",
            "The filing rests on the phase 3 ORION-1 trial.",
            "pivotal",
        ),
        (
            "ABX-101 clears tumours in mice",
            "In vitro, ABX-101 killed myeloma cell lines.",
            "preclinical",
        ),
        (
            "Helios Therapeutics buys Arvenza Pharma",
            "ABX-101 is being tested in patients with lupus.",
            "early-clinical",
        ),
    ],
)
def test_evidence_level_rule(title, body, level):
    assert evidence_level(f"{title}\n{body}", has_title=True) == level


def test_a_plan_alone_gives_no_level():
    assert evidence_level("Arvenza Pharma plans to start a phase 3 trial next year.") is None


# ---- targets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "therapy", "targets"),
    [
        ("Koratamig (KRT-2207) is a BCMAxCD3 bispecific antibody.", "koratamig", {"bcma"}),
        ("Koratamig, a GPRC5D×CD3 bispecific, is in phase 1.", "koratamig", {"gprc5d"}),
        ("Cevotamig, an FCRH5xCD3 bispecific, is new.", "cevotamig", {"fcrh5"}),
        ("LMN-301, a BCMA-directed ADC, entered the clinic.", "lmn-301", {"bcma"}),
        ("KRT-2207 is an anti-GPRC5D antibody.", "krt-2207", {"gprc5d"}),
        ("Zumotatug is an anti-FCRH5 antibody.", "zumotatug", {"fcrh5"}),
        ("Tevra-cel is a CD19/CD22 CAR-T.", "tevra-cel", {"cd19", "cd22"}),
        ("ZX-501 targets GPRC5D and CD3.", "zx-501", {"gprc5d"}),
        ("KRT-2207 is an anti-CD3 antibody.", "krt-2207", set()),
    ],
)
def test_targets_from_text_never_cd3(vocab, text, therapy, targets):
    rels = [r for r in extract(text, vocab).relations if r.kind == "has_target"]
    assert {r.object.key for r in rels if r.subject.key == therapy} == targets
    assert all(r.evidence.sentence == text for r in rels)


# ---- new-style INNs and their code names ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "alias", "modality"),
    [
        (
            "Oxantamig (OXB-4021) is in phase 1.",
            "oxantamig",
            "OXB-4021",
            "bispecific-t-cell-engager",
        ),
        ("Quelvotatug (QTX-1234) is new.", "quelvotatug", "QTX-1234", "monoclonal-antibody"),
        (
            "Rimlovibart (RVB-2001) blocks the virus.",
            "rimlovibart",
            "RVB-2001",
            "monoclonal-antibody",
        ),
        ("Sabrotament (SBT-77) is a fragment.", "sabrotament", "SBT-77", "monoclonal-antibody"),
        (
            "Durcabtagene autoleucel (DCX-301) is a CAR-T.",
            "durcabtagene autoleucel",
            "DCX-301",
            "car-t-autologous",
        ),
        ("Velmaleucel (VML-10) is a TIL therapy.", "velmaleucel", "VML-10", "other-cell-therapy"),
    ],
)
def test_unseen_inn_is_the_name_and_the_code_its_alias(vocab, text, name, alias, modality):
    (t,) = extract(text, vocab).therapies
    assert (t.name, t.aliases, t.modality, t.known) == (name, [alias], modality, False)


def test_a_short_cel_form_joins_its_car_t_inn(vocab):
    text = "Morvacabtagene autoleucel (morva-cel; MRV-12) is a CAR-T. Morva-cel is in phase 2."
    (t,) = extract(text, vocab).therapies
    assert t.name == "morvacabtagene autoleucel" and set(t.aliases) == {"morva-cel", "MRV-12"}
    assert t.phase == "phase2"


@pytest.mark.parametrize(
    "text", ["The treatment was a statement of intent.", "In ASH 2025 and FY2025 data"]
)
def test_english_words_and_years_are_not_names(vocab, text):
    assert extract(text, vocab).therapies == []


# ---- mapping and the fact layer ------------------------------------------------------------


def _article(sid: str, date: str, text: str) -> ArticleRecord:
    found = extract(text, VOCAB)
    return ArticleRecord(
        source=meta(sid, "article", date, evidence_level(text)),
        text=text,
        mentions=found.mentions,
        therapies=found.therapies,
        relations=found.relations,
    )


def test_stated_phase_is_mapped_with_its_evidence():
    rec = _article("a1", "2025-01-01", "ZQX-77 is in a phase 3 trial. The FDA approved ZQX-77.")
    data = article_triples(rec).data
    iri = next(s for s, p, o in data if p == T["statedPhase"])
    stated = {o for s, p, o in data if s == iri and p == T["statedPhase"]}
    assert stated == {concept("phase", "phase3"), concept("evidence_level", "approved")}
    sentences = {getattr(o, "value", o) for s, p, o in data if p == T["sentence"]}
    assert "ZQX-77 is in a phase 3 trial." in sentences


@pytest.fixture(params=["sparql", "index"])
def answer(request: pytest.FixtureRequest):
    def build(*records):
        store = build_store(list(records))
        if request.param == "index":
            facts.warm(store)
        return store

    yield build


def _zqx() -> TherapyRef:
    return TherapyRef(key="zqx-77", name="ZQX-77", known=False)


def test_highest_phase_is_the_max_of_trials_and_stated_phases(answer):
    early = trial(
        "NCT93000001", "2022-01-01", ["multiple myeloma"], [("experimental", [_zqx()])], ["PHASE1"]
    )
    news = _article("n1", "2024-06-01", "ZQX-77 has moved into a phase 3 trial in myeloma.")
    store = answer(early, news)
    try:
        assert show_therapy(store, VOCAB, "zqx-77").highest_phase == "phase3"
        # Before the article, only the trial is visible.
        assert show_therapy(store, VOCAB, "zqx-77", as_of="2023-01-01").highest_phase == "phase1"
    finally:
        facts.forget(store)


def test_a_stated_approval_wins(answer):
    late = trial(
        "NCT93000002", "2022-01-01", ["multiple myeloma"], [("experimental", [_zqx()])], ["PHASE3"]
    )
    news = _article("n2", "2025-06-01", "The FDA approved ZQX-77 for myeloma.")
    store = answer(late, news)
    try:
        assert show_therapy(store, VOCAB, "zqx-77").highest_phase == "approved"
    finally:
        facts.forget(store)
