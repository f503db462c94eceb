"""Discourse (tlkg.loaders.text.discourse, relations): sentences without a named subject
attach to the entities in focus, lists credit each member, "Compared with X, Y ..."
openings give the comparison. All names are invented; the rules name none."""

from __future__ import annotations

import pytest

from tlkg.loaders.records import Relation
from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary

ZORVA, BRELO = "zorvacabtagene-autoleucel", "brelocabtagene-autoleucel"
PAIR = "Zorvacabtagene autoleucel and brelocabtagene autoleucel are autologous CAR-T therapies."


def _rels(text: str, vocab: Vocabulary, kind: str) -> list[Relation]:
    return [r for r in extract(text, vocab).relations if r.kind == kind]


def _pairs(text: str, vocab: Vocabulary, kind: str) -> set[tuple[str, str]]:
    return {(r.subject.key, r.object.key) for r in _rels(text, vocab, kind)}


@pytest.mark.parametrize(
    "follow",
    [
        "Every course starts with apheresis.",
        "Both products require apheresis.",
        "The two therapies require apheresis.",
        "These therapies require apheresis.",
        "They require apheresis.",
        "Both require apheresis.",
    ],
)
def test_a_subjectless_sentence_credits_both_products_in_focus(vocab, follow):
    text = f"{PAIR} {follow}"
    rels = _rels(text, vocab, "faces_barrier")
    assert {(r.subject.key, r.object.key) for r in rels} == {
        (ZORVA, "apheresis"),
        (BRELO, "apheresis"),
    }
    # Each attribution keeps its own sentence as evidence.
    for r in rels:
        assert r.evidence.sentence == follow
        assert text[r.evidence.start : r.evidence.end] == follow


def test_it_stands_for_the_previous_subject(vocab):
    text = "ABX-101 is an allogeneic CAR-T. It does not require apheresis."
    assert _pairs(text, vocab, "addresses_barrier") == {("abx-101", "apheresis")}


def test_focus_stays_within_the_paragraph(vocab):
    # At a paragraph start the subject is the article's topic, not the last paragraph's pair.
    text = (
        f"ABX-101 is an allogeneic CAR-T. ABX-101 is off the shelf.\n{PAIR}\nIt needs no apheresis."
    )
    assert (ZORVA, "apheresis") not in _pairs(text, vocab, "addresses_barrier")


def test_they_after_a_comparison_stands_for_both_sides(vocab):
    text = (
        "Zorvacabtagene autoleucel was compared with brelocabtagene autoleucel in a small "
        "study. They both caused cytokine release syndrome."
    )
    assert _pairs(text, vocab, "faces_barrier") == {
        (ZORVA, "cytokine-release-syndrome"),
        (BRELO, "cytokine-release-syndrome"),
    }


def test_both_finds_the_latest_pair_a_few_sentences_back(vocab):
    text = (
        "Two CAR-T products are approved: zorvacabtagene autoleucel and brelocabtagene "
        "autoleucel. ABX-101 is an early candidate.\nBoth approved products depend on certified "
        "treatment centres."
    )
    assert _pairs(text, vocab, "faces_barrier") == {
        (ZORVA, "treatment-centres"),
        (BRELO, "treatment-centres"),
    }


def test_a_chain_of_plural_anaphors_keeps_the_pair(vocab):
    text = f"{PAIR} Both products require apheresis. They also need lymphodepletion."
    assert {s for s, o in _pairs(text, vocab, "faces_barrier") if o == "lymphodepletion"} == {
        ZORVA,
        BRELO,
    }


def test_a_list_all_require_credits_each_member(vocab):
    text = "Valtamig, ABX-101 and ZRX-202 all require hospital stays for cytokine release syndrome."
    subjects = {s for s, o in _pairs(text, vocab, "faces_barrier")}
    assert subjects == {"valtamig", "abx-101", "zrx-202"}


def test_developed_by_a_list_credits_each_developer(vocab):
    text = "ABX-101 was developed by Arvenza Pharma, Helios Therapeutics and Corvane Bio."
    assert _pairs(text, vocab, "developed_by") == {
        ("abx-101", "arvenza-pharma"),
        ("abx-101", "helios-therapeutics"),
        ("abx-101", "corvane-bio"),
    }


def test_a_list_of_developers_before_the_verb(vocab):
    text = "Arvenza Pharma and Helios Therapeutics develop ABX-101."
    assert _pairs(text, vocab, "developed_by") == {
        ("abx-101", "arvenza-pharma"),
        ("abx-101", "helios-therapeutics"),
    }


def test_two_products_developed_by_one_company(vocab):
    text = "ABX-101 and ZRX-202, both developed by Arvenza Pharma, are in the clinic."
    assert _pairs(text, vocab, "developed_by") == {
        ("abx-101", "arvenza-pharma"),
        ("zrx-202", "arvenza-pharma"),
    }


def test_an_acquirer_after_a_developer_list_is_not_a_developer(vocab):
    text = "Arvenza Pharma, which developed ABX-101, was acquired by Helios Therapeutics."
    assert _pairs(text, vocab, "developed_by") == {("abx-101", "arvenza-pharma")}


@pytest.mark.parametrize(
    "text",
    [
        "Compared with ABX-101, ZRX-202 caused fewer infections.",
        "When compared to ABX-101, ZRX-202 caused fewer infections.",
        "ZRX-202 is new. Compared with ABX-101, it caused fewer infections.",
    ],
)
def test_compared_with_opening_gives_the_comparison(vocab, text):
    rels = _rels(text, vocab, "compared_with")
    assert {frozenset((r.subject.key, r.object.key)) for r in rels} == {
        frozenset(("zrx-202", "abx-101"))
    }
    assert all(r.evidence.sentence.startswith(("Compared", "When")) for r in rels)


def test_compared_with_opening_pairs_each_object(vocab):
    text = "Compared with ABX-101 and ZRX-202, KLM-303 caused fewer infections."
    assert {frozenset(p) for p in _pairs(text, vocab, "compared_with")} == {
        frozenset(("klm-303", "abx-101")),
        frozenset(("klm-303", "zrx-202")),
    }


def test_the_subject_after_an_opening_comparison_is_the_main_clause(vocab):
    # The object of "Compared with X," is not the sentence's subject: the barrier goes to Y.
    text = "Compared with ABX-101, ZRX-202 needs no apheresis."
    assert _pairs(text, vocab, "addresses_barrier") == {("zrx-202", "apheresis")}


def test_a_second_main_clause_keeps_its_own_holder(vocab):
    # "Both ..." is the two products; the clause after ", and the agency ..." is about the
    # class it names.
    text = (
        f"{PAIR} Both carry a boxed warning for neurotoxicity, and the agency added a warning "
        "on secondary malignancies to autologous CAR-T products."
    )
    pairs = _pairs(text, vocab, "faces_barrier")
    assert {s for s, o in pairs if o == "neurotoxicity"} == {ZORVA, BRELO}
    assert {s for s, o in pairs if o == "secondary-malignancy"} == {"car-t-autologous"}


@pytest.mark.parametrize("anaphor", ["Each of the three", "All of the three"])
def test_each_of_the_three_stands_for_the_latest_trio(vocab, anaphor):
    text = (
        "Three products compete: Valtamig, ABX-101 and ZRX-202. Prices are not public. "
        f"{anaphor} requires a stay in hospital for cytokine release syndrome."
    )
    subjects = {s for s, o in _pairs(text, vocab, "faces_barrier")}
    assert subjects == {"valtamig", "abx-101", "zrx-202"}


def test_each_of_the_three_patients_is_no_anaphor(vocab):
    text = (
        "Three products compete: Valtamig, ABX-101 and ZRX-202. ABX-101 is the newest. "
        "Each of the three patients needed a stay in hospital for cytokine release syndrome."
    )
    subjects = {s for s, o in _pairs(text, vocab, "faces_barrier")}
    assert subjects <= {"abx-101"}


def test_a_makers_first_person_speaks_for_its_own_programme(vocab):
    text = (
        "Arvenza Pharma presented data on its lead programme, ABX-101, an autologous "
        "TCR therapy. We spoke with chief medical officer Dr. Ana Ruiz.\n"
        "Autologous products such as zorvacabtagene autoleucel face long waits. "
        "Zorvacabtagene autoleucel is approved in lymphoma.\n"
        "Does your product escape any of that?\n"
        "Ruiz: Not all of it. We still require apheresis."
    )
    subjects = {s for s, o in _pairs(text, vocab, "faces_barrier") if o == "apheresis"}
    assert subjects == {"abx-101"}


def test_a_clinicians_first_person_is_not_a_makers(vocab):
    # No executive of a maker speaks: "we" is the clinic, and the focus rules apply.
    text = (
        "Dr. Ana Ruiz treats lymphoma at a city hospital. Her centre joined the study of "
        "ABX-101.\nZorvacabtagene autoleucel is given at certified centres. "
        "We still require apheresis."
    )
    subjects = {s for s, o in _pairs(text, vocab, "faces_barrier") if o == "apheresis"}
    assert subjects == {ZORVA}


def test_a_buyer_develops_what_it_bought(vocab):
    text = "Helios Therapeutics bought ABX-101, another kinase inhibitor, from Corvane Bio in 2025."
    assert _pairs(text, vocab, "developed_by") == {
        ("abx-101", "helios-therapeutics"),
        ("abx-101", "corvane-bio"),
    }


def test_the_companys_second_programme_is_the_companys(vocab):
    text = (
        "Arvenza Pharma reported phase 1 data for ABX-101. Arvenza Pharma is based in Leeds."
        " Helios Therapeutics sells a rival.\nIts second program, ABX-202, binds CD79b."
    )
    assert ("abx-202", "arvenza-pharma") in _pairs(text, vocab, "developed_by")
    assert ("abx-202", "helios-therapeutics") not in _pairs(text, vocab, "developed_by")
