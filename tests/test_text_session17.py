"""Rules written in session 17 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): names an audience knows a drug by, trials named like codes, a pivotal word beside a
numbered phase, charities and countries in developer lists, drugs a label warns about, add-on
trials against placebo, makers inside a list, spending that is no price, a discoverer and a
developer in one sentence, hospital monitoring, and a class word's examples. Each rule has a
case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_a_name_the_audience_knows_is_an_alias(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib, which many of you still know as HRT-4417, is our oral menin"
        " inhibitor for acute myeloid leukemia."
    )
    assert th.aliases(text, vocab)["dorvamenib"] == {"HRT-4417"}


def test_a_code_used_as_a_trial_name_is_no_therapy(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib is our menin inhibitor. We completed enrollment of the registrational"
        " cohort of PLOVER-101, our phase 1/2 study. We plan a randomized phase 3 trial,"
        " PLOVER-301, of dorvamenib. Spending rose mainly on PLOVER-101 enrollment."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"dorvamenib"}
    # a code after "the trial," with no closing comma is the drug the sentence is about
    drug = "News\nIn the phase 3 trial, ABX-101 reduced the risk of progression by 40%."
    assert "abx-101" in {t.key for t in extract(drug, vocab, has_title=True).therapies}


def test_a_numbered_phase_beside_a_pivotal_word_says_the_phase(vocab: Vocabulary) -> None:
    cohort = (
        "Call\nWe completed enrollment of the registrational cohort of dorvamenib's phase 1/2"
        " study in AML."
    )
    assert th.phases(cohort, vocab)["dorvamenib"] == "phase2"
    said = (
        "Call\nDorvamenib is in a single-arm phase 2 cohort; it is pivotal in the sense that"
        " the FDA agreed it could support accelerated approval."
    )
    assert th.phases(said, vocab)["dorvamenib"] == "phase2"
    later = "News\nAfter a phase 2 study, Hartwell started a pivotal trial of dorvamenib."
    assert th.phases(later, vocab)["dorvamenib"] == "phase3"


def test_a_charity_in_a_developer_list_with_a_country_between(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib is our menin inhibitor for acute myeloid leukemia. It is developed by"
        " Hartwell Bio, Tonami Pharmaceutical in Japan and the Elmfield Leukaemia Research"
        " Trust, which ran the chemistry programme."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert {o for s, o in devs if s == "dorvamenib"} == {
        "hartwell-bio",
        "tonami-pharmaceutical",
        "elmfield-leukaemia-research-trust",
    }
    # the disease word inside the charity's name is no indication
    inds = {o for s, o in th.pairs(text, vocab, "has_indication") if s == "dorvamenib"}
    assert inds == {"acute-myeloid-leukaemia"}


def test_drugs_a_label_warns_about_are_no_target(vocab: Vocabulary) -> None:
    text = (
        "News\nThe dose of dorvamenib, a menin inhibitor, has to be adjusted when patients take"
        " strong CYP3A4 inhibitors."
    )
    assert th.targets(text, vocab)["dorvamenib"] == {"menin"}
    own = "News\nCobravir, a CYP3A4 inhibitor, boosts the levels of other antivirals."
    assert "cyp3a4" in th.targets(own, vocab).get("cobravir", set())


def test_an_add_on_trial_against_placebo_names_no_rival(vocab: Vocabulary) -> None:
    text = (
        "Call\nWe plan a randomized phase 3 trial of dorvamenib added to venetoclax and"
        " azacitidine versus placebo plus venetoclax and azacitidine."
    )
    assert th.pairs(text, vocab, "head_to_head") == set()
    assert {frozenset(("dorvamenib", "venetoclax"))} <= th.complements(text, vocab)
    rival = (
        "News\nA phase 3 trial compares dorvamenib plus azacitidine with venetoclax plus"
        " azacitidine."
    )
    assert th.pairs(rival, vocab, "head_to_head") == {("dorvamenib", "venetoclax")}


def test_each_member_with_its_maker_is_combined(vocab: Vocabulary) -> None:
    text = (
        "News\nJohnson & Johnson's bleximenib and Kura's ziftomenib are also being combined with"
        " venetoclax and azacitidine."
    )
    found = th.complements(text, vocab)
    for drug in ("bleximenib", "ziftomenib"):
        assert frozenset((drug, "venetoclax")) in found
        assert frozenset((drug, "azacitidine")) in found


def test_spending_a_year_ago_is_no_price(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib is our menin inhibitor. Research and development expense was $58.3"
        " million, up from $41.0 million a year ago, mainly on dorvamenib."
    )
    assert not any(b == "cost" for _, _, b in th.barriers(text, vocab))
    price = "News\nDorvamenib will cost $21,000 a month in the US."
    assert ("faces_barrier", "dorvamenib", "cost") in th.barriers(price, vocab)


def test_a_discoverer_and_a_developer_in_one_sentence(vocab: Vocabulary) -> None:
    text = (
        "Abstract\nCorvatamig (FBO-3318) is a DLL3xCD3 engager discovered by Qinhe Biologics and"
        " developed by Fellgate Therapeutics."
    )
    devs = {o for s, o in th.pairs(text, vocab, "developed_by") if s == "corvatamig"}
    assert devs == {"qinhe-biologics", "fellgate-therapeutics"}


def test_monitoring_in_hospital_written_other_ways(vocab: Vocabulary) -> None:
    usual = (
        "News\nDorvatamig, a DLL3xCD3 engager, is started with step-up doses under extended"
        " monitoring, usually in hospital."
    )
    assert ("faces_barrier", "dorvatamig", "treatment-centres") in th.barriers(usual, vocab)
    hours = (
        "News\nCompared with tarlatamab, whose label calls for 22 to 24 hours of monitoring"
        " after each of the first two doses, dorvatamig was given without overnight observation."
    )
    assert ("faces_barrier", "tarlatamab", "treatment-centres") in th.barriers(hours, vocab)


def test_a_class_word_with_examples_states_the_class_barrier(vocab: Vocabulary) -> None:
    text = (
        "Abstract\nDLL3 T-cell engagers, tarlatamab and Boehringer Ingelheim's obrixtamig among"
        " them, cause cytokine release syndrome."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "bispecific-t-cell-engager", "cytokine-release-syndrome") in found
    assert not any(s in ("tarlatamab", "obrixtamig") for _, s, _ in found)  # inherited
    assert th.targets(text, vocab)["obrixtamig"] == {"dll3"}
    like = "News\nLike every autologous CAR-T, pelvacabtagene autoleucel still requires apheresis."
    assert ("faces_barrier", "pelvacabtagene-autoleucel", "apheresis") in th.barriers(like, vocab)
