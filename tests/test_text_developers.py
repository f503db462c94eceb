"""Developers and targets read from sentence shapes (``organisations``, ``patterns``,
``relations``): organisation names never span a line break, a developer inside a
therapy's introduction, "from Acme: A and B", regulatory filings, ordinal programme lists,
binding-verb targets and targets inside a listed group; and "given in community hospitals"
removing the treatment-centre barrier, "needs neither X nor Y". All names are invented."""

from __future__ import annotations

import pytest
from conftest import relation_pairs as _pairs

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # a title ending in a capitalised word is not part of the organisation's name
        (
            "First Data in Relapsed Multiple Myeloma\nVeltrix Bio said on Thursday that its"
            " CAR-T candidate VTX-310 produced responses.",
            ("vtx-310", "veltrix-bio"),
        ),
        (
            "Abstract\nSevatamab dumotecan (seva-dumo; HBX-4410; Hollin Biotherapeutics) is a"
            " bispecific ADC.",
            ("sevatamab-dumotecan", "hollin-biotherapeutics"),
        ),
        (
            "News\nHalvern Pharma has submitted a marketing application for ABX-903 in leukaemia.",
            ("abx-903", "halvern-pharma"),
        ),
        (
            "News\nTwo of those are from Orvane Pharma: ABX-101, which binds BCMA, and ABX-202,"
            " which binds GPRC5D.",
            ("abx-202", "orvane-pharma"),
        ),
    ],
)
def test_developer_shapes(vocab: Vocabulary, text: str, pair: tuple[str, str]) -> None:
    assert pair in _pairs(text, vocab, "developed_by")


def test_ordinal_programmes_are_the_owners(vocab: Vocabulary) -> None:
    text = (
        "News\nNevora Bio is running two CD19-directed programmes in lupus.\n"
        "The first, ABX-201, is an autologous CAR-T cell therapy. It is given once.\n"
        "The second, ABX-210, is a bispecific T-cell engager."
    )
    out = extract(text, vocab, has_title=True)
    devs = [r for r in out.relations if r.kind == "developed_by"]
    assert {(r.subject.key, r.object.key) for r in devs} == {
        ("abx-201", "nevora-bio"),
        ("abx-210", "nevora-bio"),
    }
    # the evidence runs from the owner's sentence to the ordinal one
    assert all(r.evidence.sentence.startswith("Nevora Bio is running") for r in devs)
    assert all(text[r.evidence.start : r.evidence.end] == r.evidence.sentence for r in devs)


def test_market_as_a_noun_credits_nobody(vocab: Vocabulary) -> None:
    text = (
        "News\nBlenrep is Orvane Pharma's ADC, which returned to the US market in 2025 in"
        " combination with ABX-404."
    )
    assert ("abx-404", "orvane-pharma") not in _pairs(text, vocab, "developed_by")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("News\nABX-101, an ADC targeting TROP2, improved survival.", ("abx-101", "trop2")),
        ("News\nABX-101 is an antibody against SLAMF7.", ("abx-101", "slamf7")),
        (
            "News\nTwo are from Orvane Pharma: ABX-101, which binds BCMA and CD3, and ABX-202,"
            " which binds GPRC5D and CD3.",
            ("abx-101", "bcma"),
        ),
    ],
)
def test_target_shapes(vocab: Vocabulary, text: str, pair: tuple[str, str]) -> None:
    pairs = _pairs(text, vocab, "has_target")
    assert pair in pairs
    assert all(target != "cd3" for _, target in pairs)


def test_a_counted_class_word_gives_its_target_to_that_many_therapies(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nA phase 3 trial will compare ABX-101 with ABX-202, the first direct comparison"
        " of two BCMA-directed bispecific antibodies."
    )
    assert {("abx-101", "bcma"), ("abx-202", "bcma")} <= _pairs(text, vocab, "has_target")
    three = text.replace("ABX-202,", "ABX-202 and ABX-303,")  # three named, "two": none
    assert _pairs(three, vocab, "has_target") == set()


def test_disease_acronyms_are_not_targets(vocab: Vocabulary) -> None:
    assert _pairs("News\nABX-101 is a therapy against AML and CLL.", vocab, "has_target") == set()


@pytest.mark.parametrize(
    ("text", "therapy"),
    [
        ("News\nABX-101 can be given in community hospitals.", "abx-101"),
        (
            "News\nBecause it is given in the outpatient clinic, ABX-101 suits more patients.",
            "abx-101",
        ),
        ("News\nABX-101 is designed so that a patient can be treated close to home.", "abx-101"),
    ],
)
def test_given_where_patients_are_removes_the_centre_barrier(
    vocab: Vocabulary, text: str, therapy: str
) -> None:
    assert (therapy, "treatment-centres") in _pairs(text, vocab, "addresses_barrier")
    assert (therapy, "treatment-centres") not in _pairs(text, vocab, "faces_barrier")


def test_a_hospital_stay_is_no_such_claim(vocab: Vocabulary) -> None:
    text = "News\nThe first doses of ABX-101 are given in hospital."
    assert _pairs(text, vocab, "addresses_barrier") == set()


def test_neither_nor_removes_both_barriers(vocab: Vocabulary) -> None:
    text = "News\nABX-101 is injected and needs neither apheresis nor lymphodepletion."
    assert _pairs(text, vocab, "addresses_barrier") == {
        ("abx-101", "apheresis"),
        ("abx-101", "lymphodepletion"),
    }
    assert _pairs(text, vocab, "faces_barrier") == set()
    adverse = "News\nABX-101 caused neither cytokine release syndrome nor neurotoxicity."
    assert _pairs(adverse, vocab, "faces_barrier") == set()


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # a company with its product in parentheses
        (
            "News\nKyverna Therapeutics (KYV-101) and Cabaletta Bio (resecabtagene autoleucel)"
            " also develop CD19 CAR-Ts.",
            {
                ("mivocabtagene-autoleucel", "kyverna-therapeutics"),
                ("resecabtagene-autoleucel", "cabaletta-bio"),
            },
        ),
        # a possessive maker before a brand an introduction named
        (
            "News\nThe only approved drug is Harwick Pharma's Ofelza (nintozumab).",
            {("nintozumab", "harwick-pharma")},
        ),
        (
            "News\nThe drug has been given the name vorakimig by its developer, Pentreath Bio.",
            {("vorakimig", "pentreath-bio")},
        ),
        # every list after "by", and named institutions
        (
            "News\nQuelitrement is an engineered Fc fragment. It was discovered by Quenby"
            " Biologics and is co-developed by Quenby, Tregony Pharma and the Dunmere"
            " Neuromuscular Research Network.",
            {
                ("quelitrement", "quenby-biologics"),
                ("quelitrement", "tregony-pharma"),
                ("quelitrement", "dunmere-neuromuscular-research-network"),
            },
        ),
        (
            "News\nKelvanogene soraparvovec was refused. Kilvane Bio, which co-developed the"
            " therapy with contract manufacturer Ostervik Biologics, will resubmit.",
            {("kelvanogene-soraparvovec", "ostervik-biologics")},
        ),
    ],
)
def test_more_developer_forms(text, pairs, vocab):
    assert pairs <= _pairs(text, vocab, "developed_by")


def test_a_study_sponsored_by_a_company_names_the_abstracts_programme(vocab):
    text = (
        "Lorabrutideg in CLL: phase 1 results\n"
        "Background: Lorabrutideg is an oral BTK degrader. Methods: 48 patients received "
        "lorabrutideg. Results: lorabrutideg was well tolerated.\n"
        "Disclosures: The study is sponsored by Kesgrave Therapeutics.\n"
    )
    assert ("lorabrutideg", "kesgrave-therapeutics") in _pairs(text, vocab, "developed_by")
