"""Rules prompted by articles written by someone who never saw the extractor (issue 17,
tuning articles 18-29): conditioning chemotherapy is no programme, hospital stays and
outpatient infusions, a trial's arms head to head, combinations, sponsors of an abstract,
developers after "It was developed by", a class's target reaching the products listed next,
mutant-protein targets, and barriers in a relative clause. All names are invented."""

from __future__ import annotations

import pytest
import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.loaders.text.sentences import split_sentences
from tlkg.ontology.vocab import Vocabulary


def _details(text: str, vocab: Vocabulary, kind: str) -> set[tuple[str, str, str | None]]:
    out = extract(text, vocab, has_title=True)
    return {(r.subject.key, r.object.key, r.detail) for r in out.relations if r.kind == kind}


def test_conditioning_chemotherapy_is_no_programme(vocab: Vocabulary) -> None:
    text = (
        "News\nABX-101 is an allogeneic CAR-T. Patients received lymphodepleting chemotherapy"
        " with fludarabine and cyclophosphamide before the infusion."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key for t in out.therapies} == {"abx-101"}
    assert ("abx-101", "lymphodepletion") in th.pairs(text, vocab, "faces_barrier")


def test_a_chemotherapy_named_elsewhere_stays_a_therapy(vocab: Vocabulary) -> None:
    text = (
        "News\nABX-101 is an allogeneic CAR-T given after lymphodepletion with fludarabine.\n"
        "In another study, fludarabine was given alone."
    )
    assert "fludarabine" in {t.key for t in extract(text, vocab, has_title=True).therapies}


@pytest.mark.parametrize(
    ("text", "kind", "pair"),
    [
        (
            "News\nABX-101 is a bispecific antibody. The first step-up dose required a hospital"
            " stay of 24 hours.",
            "faces_barrier",
            ("abx-101", "treatment-centres"),
        ),
        (
            "News\nABX-101's label requires patients to be monitored in a healthcare facility"
            " after the first dose because of cytokine release syndrome and neurological"
            " toxicity.",
            "faces_barrier",
            ("abx-101", "neurotoxicity"),
        ),
        (
            "News\nABX-101 is an ADC. It is given as a weekly outpatient infusion.",
            "addresses_barrier",
            ("abx-101", "treatment-centres"),
        ),
        (
            "News\nZorvatinib is a tablet that patients take at home once a day.",
            "addresses_barrier",
            ("zorvatinib", "treatment-centres"),
        ),
        (
            "News\nCompared with ABX-200, the conjugate ABX-101 does not cause cytokine release"
            " syndrome.",
            "addresses_barrier",
            ("abx-101", "cytokine-release-syndrome"),
        ),
        (
            "News\nABX-101 needs no apheresis, so a patient can start treatment within days.",
            "addresses_barrier",
            ("abx-101", "vein-to-vein-time"),
        ),
        (
            "News\nThe FDA placed a clinical hold on the phase 1 trial of ABX-101.",
            "faces_barrier",
            ("abx-101", "regulatory"),
        ),
    ],
)
def test_barrier_phrasings(vocab: Vocabulary, text: str, kind: str, pair: tuple[str, str]) -> None:
    assert pair in th.pairs(text, vocab, kind)


def test_a_barrier_in_a_relative_clause_is_said_of_its_therapy(vocab: Vocabulary) -> None:
    text = (
        "News\nCompared with ABX-200, which is given intravenously and whose first infusion is"
        " split over two days in the clinic, zorvatinib is a tablet that patients take at home."
    )
    assert ("abx-200", "treatment-centres") in th.pairs(text, vocab, "faces_barrier")
    assert ("zorvatinib", "treatment-centres") in th.pairs(text, vocab, "addresses_barrier")
    assert ("zorvatinib", "treatment-centres") not in th.pairs(text, vocab, "faces_barrier")


def test_bracketed_short_form_shares_the_negation(vocab: Vocabulary) -> None:
    text = (
        "News\nABX-101 was given to 12 patients, and no case of immune effector"
        " cell-associated neurotoxicity syndrome (ICANS) was seen."
    )
    assert ("abx-101", "neurotoxicity") not in th.pairs(text, vocab, "faces_barrier")


def test_a_trial_design_sets_its_arms_head_to_head(vocab: Vocabulary) -> None:
    text = (
        "News\nAcme plans a randomized phase 3 trial comparing ABX-101 plus azacitidine with"
        " ABX-200 plus azacitidine."
    )
    assert ("abx-101", "abx-200", "head_to_head") in _details(text, vocab, "head_to_head")
    # what both arms share is no comparison, but a combination
    assert th.pairs(text, vocab, "complements") == {
        ("abx-101", "azacitidine"),
        ("abx-200", "azacitidine"),
    }


def test_a_trial_result_stays_a_comparison(vocab: Vocabulary) -> None:
    text = (
        "News\nIn the phase 3 trial, ABX-101 reduced the risk of progression by 40% compared"
        " with ABX-200."
    )
    assert th.pairs(text, vocab, "head_to_head") == set()
    assert th.pairs(text, vocab, "compared_with") == {("abx-101", "abx-200")}


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "News\nABX-101 is being tested with lenalidomide and rituximab.",
            {("abx-101", "lenalidomide"), ("abx-101", "rituximab")},
        ),
        ("News\nA cohort combining ABX-101 with ABX-200 is enrolling.", {("abx-101", "abx-200")}),
    ],
)
def test_combinations_complement(vocab: Vocabulary, text: str, pairs: set[tuple[str, str]]) -> None:
    assert th.pairs(text, vocab, "complements") == pairs


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Abstract\nABX-101 is a CAR-T cell therapy. It was developed by Acme Therapeutics"
            " and Beta Pharma.",
            {("abx-101", "acme-therapeutics"), ("abx-101", "beta-pharma")},
        ),
        (
            "Abstract: ABX-101 in liver cancer\nAuthors: A. Doe, B. Roe, et al., for Acme"
            " Therapeutics and the University of Kestwick\nABX-101 is a CAR-T cell therapy.",
            {("abx-101", "acme-therapeutics"), ("abx-101", "university-of-kestwick")},
        ),
        (
            "News\nThe agency declined to approve ABX-101, an experimental conjugate for lung"
            " cancer from Acme Therapeutics and its partner Beta Pharma.",
            {("abx-101", "acme-therapeutics"), ("abx-101", "beta-pharma")},
        ),
        (
            "News\nCandidates include ABX-101 from Acme Therapeutics and ABX-200 from Beta Pharma.",
            {("abx-101", "acme-therapeutics"), ("abx-200", "beta-pharma")},
        ),
    ],
)
def test_developer_phrasings(vocab: Vocabulary, text: str, pairs: set[tuple[str, str]]) -> None:
    assert th.pairs(text, vocab, "developed_by") >= pairs


def test_a_class_target_reaches_the_products_listed_next(vocab: Vocabulary) -> None:
    text = (
        "Review\nFew drugs moved as fast as the CD20xCD3 bispecific antibodies. Two are"
        " approved: ABX-101 and ABX-200, both from Acme Therapeutics."
    )
    assert th.pairs(text, vocab, "has_target") == {("abx-101", "cd20"), ("abx-200", "cd20")}
    # not from a reference class ("the two approved BCMA CAR-Ts" is background)
    background = (
        "News\nThe two approved BCMA CAR-Ts are made from each patient's own cells. ABX-101"
        " and ABX-200 both require apheresis."
    )
    assert th.pairs(background, vocab, "has_target") == set()


def test_a_mutant_protein_is_a_target(vocab: Vocabulary) -> None:
    text = "News\nABX-101 binds KRAS G12D and the other end recruits a ligase."
    assert ("abx-101", "kras-g12d") in th.pairs(text, vocab, "has_target")


def test_a_lone_letter_after_a_lower_case_word_ends_the_sentence() -> None:
    text = "It carries monomethyl auristatin E. It was developed by Acme."
    assert len(split_sentences(text)) == 2
    assert len(split_sentences("Data from J. Doe and R. Roe.")) == 1


def test_an_abstract_number_is_no_code_name(vocab: Vocabulary) -> None:
    text = "Abstract CT118: ABX-101 in liver cancer\nLBA38 - ABX-101 versus chemotherapy."
    assert {t.key for t in extract(text, vocab, has_title=True).therapies} == {"abx-101"}


def test_names_and_indications_the_vocabulary_lacks(vocab: Vocabulary) -> None:
    text = (
        "News\nZelorasib, from Acme Therapeutics, is approved for pancreatic cancer. Patients"
        " with platinum-resistant serous ovarian, fallopian tube or primary peritoneal cancer"
        " received ABX-101."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key: t.modality for t in out.therapies}["zelorasib"] == "small-molecule"
    assert {
        "pancreatic-cancer",
        "platinum-resistant-ovarian-cancer",
        "fallopian-tube-cancer",
        "primary-peritoneal-cancer",
    } <= {m.key for m in out.mentions if m.kind == "indication"}


@pytest.mark.parametrize(
    ("text", "kind", "pairs"),
    [
        (
            "News\nADCs are harder to make than plain antibodies.",
            "faces_barrier",
            {("antibody-drug-conjugate", "manufacturing-capacity")},
        ),
        (
            "News\nAllogeneic CAR-T products are available off the shelf, without waiting for"
            " each patient's cells to be collected.",
            "addresses_barrier",
            {("car-t-allogeneic", "vein-to-vein-time"), ("car-t-allogeneic", "apheresis")},
        ),
    ],
)
def test_class_barrier_phrasings(
    vocab: Vocabulary, text: str, kind: str, pairs: set[tuple[str, str]]
) -> None:
    assert th.pairs(text, vocab, kind) >= pairs


def test_the_use_a_relative_clause_states_is_its_therapys(vocab: Vocabulary) -> None:
    text = (
        "News\nABX-200, which is approved with azacitidine for older patients with acute"
        " myeloid leukemia, is started in hospital."
    )
    pairs = th.pairs(text, vocab, "has_indication")
    assert {h for h, _ in pairs} >= {"abx-200", "azacitidine"}
    assert ("abx-200", "treatment-centres") in th.pairs(text, vocab, "faces_barrier")


def test_against_a_target_is_no_comparison(vocab: Vocabulary) -> None:
    text = (
        "News\nABX-200, a bispecific antibody against EGFR and MET, is approved for lung cancer"
        " together with chemotherapy."
    )
    assert th.pairs(text, vocab, "compared_with") == set()
    assert ("abx-200", "chemotherapy") in th.pairs(text, vocab, "complements")


def test_a_possessive_after_an_indication_is_no_subject(vocab: Vocabulary) -> None:
    text = (
        "News\nABX-101 and ABX-200 are in phase 2 trials. Results in myasthenia gravis have"
        " been consistent: most patients stop their medicines."
    )
    assert th.pairs(text, vocab, "has_indication") == set()
    fronted = (
        "News\nABX-101 is a degrader. Given to mice carrying pancreatic tumours, it caused"
        " regression."
    )
    assert ("abx-101", "pancreatic-cancer") in th.pairs(fronted, vocab, "has_indication")
