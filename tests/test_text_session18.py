"""Rules written in session 18 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): a short form of a two-word INN in its introduction, a former name after "when it
was still called", plans a modal or a trial's name between makes, money for a stage to
come. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_a_short_form_of_a_two_word_inn_is_an_alias_in_any_case(vocab: Vocabulary) -> None:
    text = (
        "News\nThe first patient received dorvaguran pelameran (dorva-p, KTX-318), an"
        " experimental base editor for beta thalassaemia. Dorva-p is developed by Kestrel"
        " Genomics. Unlike older products, dorva-p needs no apheresis."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key for t in out.therapies} == {"dorvaguran-pelameran"}
    assert th.aliases(text, vocab)["dorvaguran-pelameran"] >= {"dorva-p", "KTX-318"}
    assert ("dorvaguran-pelameran", "kestrel-genomics") in th.pairs(text, vocab, "developed_by")
    # letters that are not the name's own are no short form: the parentheses are no alias list
    other = "News\nPatients received dorvaguran pelameran (mito-q, KTX-318) in the study."
    assert "mito-q" not in th.aliases(other, vocab).get("dorvaguran-pelameran", set())


def test_a_former_name_after_when_it_was_still_called(vocab: Vocabulary) -> None:
    text = (
        "Call\nSelvocitinib, which we licensed from Harrow Pharmaceutical in 2023, when it was"
        " still called HP-3307, is developed by Wendale and Harrow together."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key for t in out.therapies} == {"selvocitinib"}
    assert "HP-3307" in th.aliases(text, vocab)["selvocitinib"]


def test_a_modal_or_a_named_programme_before_start_is_a_plan(vocab: Vocabulary) -> None:
    named = (
        "Call\nSelvocitinib reached its goal in the Phase 2b study. Our Phase 3 programme,"
        " GLADE-3A and GLADE-3B, will start in the fourth quarter."
    )
    assert th.phases(named, vocab)["selvocitinib"] == "phase2"
    modal = (
        "News\nIn the Phase 1b study, five adults received selvocitinib. The company said a"
        " registrational trial could follow in 2028 if the data hold."
    )
    assert th.phases(modal, vocab)["selvocitinib"] == "phase1"
    # a programme that started is the stage reached
    started = (
        "Call\nSelvocitinib reached its goal in the Phase 2b study. Our Phase 3 programme,"
        " GLADE-3A and GLADE-3B, started in the fourth quarter."
    )
    assert th.phases(started, vocab)["selvocitinib"] == "phase3"


def test_money_for_a_phase_is_no_stage_reached(vocab: Vocabulary) -> None:
    text = (
        "Call\nSelvocitinib reached its goal in the Phase 2b study. We ended the quarter with"
        " $512 million, which we believe funds the Phase 3 programme through its readout."
    )
    assert th.phases(text, vocab)["selvocitinib"] == "phase2"
    run = "Call\nSelvocitinib reached its goal in the Phase 3 programme, which the grant funded."
    assert th.phases(run, vocab)["selvocitinib"] == "phase3"
