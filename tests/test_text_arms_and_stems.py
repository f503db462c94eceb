"""Session 10 rules on arms, mutant targets and small-molecule stems: a partner drug on
both sides of a comparison is no arm ("A plus C compared with B plus C"), a bare mutation
("another G12C inhibitor") is the article's mutant target, and the aromatase-inhibitor,
oestrogen-receptor-degrader, PDE4, calcineurin and non-peptide GLP-1 stems name drugs.

Programmes here are made up except the approved comparators, whose facts are true.
"""

from __future__ import annotations

import pytest
from conftest import relation_pairs

from tlkg.loaders.text import extract
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def test_a_partner_on_both_sides_of_a_comparison_is_no_arm(vocab: Vocabulary) -> None:
    text = (
        "Quarrington's CDK4 inhibitor\n"
        "Tavociclib plus letrozole reduced the risk of progression compared with palbociclib "
        "plus letrozole.\n"
    )
    compared = relation_pairs(text, vocab, "compared_with")
    assert ("tavociclib", "palbociclib") in compared
    assert not {p for p in compared if "letrozole" in p}
    assert ("tavociclib", "letrozole") in relation_pairs(text, vocab, "complements")


def test_a_bare_mutation_is_the_articles_mutant_target(vocab: Vocabulary) -> None:
    text = (
        "KRAS drugs in lung cancer\n"
        "Velzorasib is a KRAS G12C inhibitor for non-small cell lung cancer. Roche is testing "
        "divarasib, another G12C inhibitor. A BRAF V600E inhibitor is also in trials; "
        "vemlorafenib is a V600K inhibitor.\n"
    )
    targets = relation_pairs(text, vocab, "has_target")
    assert ("divarasib", "kras-g12c") in targets
    assert not {t for _, t in targets if t in ("g12c", "v600k")}


def test_comparisons_opening_after_a_label_a_semicolon_or_with_a_plural_object(
    vocab: Vocabulary,
) -> None:
    text = (
        "ALS and sclerosis notes\n"
        "Ravensholt said sorbecabtagene autoleucel met its goal. The approved drugs are "
        "nintedanib and tocilizumab. Compared with these chronic treatments, sorbecabtagene "
        "autoleucel is given once.\n"
        "Pirtobrutinib is a non-covalent BTK inhibitor; unlike pirtobrutinib, which blocks "
        "BTK, zanubrutideg removes it.\n"
        "Brindlecote makes tovanersen. A: Compared with tofersen, which lowers a toxic "
        "protein, our drug restores a message.\n"
    )
    compared = {frozenset(p) for p in relation_pairs(text, vocab, "compared_with")}
    assert {
        frozenset(("sorbecabtagene-autoleucel", "nintedanib")),
        frozenset(("sorbecabtagene-autoleucel", "tocilizumab")),
        frozenset(("tovanersen", "tofersen")),
    } <= compared


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # treatment at home removes the treatment-centre barrier
        ("Patients receive zalcetug by self-administration at home from cycle 3.", "addresses"),
        ("Patients could receive zalcetug at home from a visiting nurse.", "addresses"),
        ("Monthly home self-administration of zalcetug halved clinic visits.", "addresses"),
        ("After the first dose, patients injected zalcetug themselves at home.", "addresses"),
        # treatment only at some kind of place faces it
        ("Zalcetug can only be given in nuclear-medicine departments.", "faces"),
        ("Zalcetug is given only in hospitals with nuclear medicine departments.", "faces"),
        (
            "At launch, zalcetug will be available only at about 40 sites that were trained.",
            "faces",
        ),
    ],
)
def test_where_treatment_is_given(sentence: str, kind: str, vocab: Vocabulary) -> None:
    pairs = relation_pairs(f"News\n{sentence}", vocab, f"{kind}_barrier")
    assert ("zalcetug", "treatment-centres") in pairs


def test_a_home_town_is_no_home_treatment(vocab: Vocabulary) -> None:
    text = "News\nZalcetug is made by a company whose home is Leeds; patients travel to clinics."
    assert not relation_pairs(text, vocab, "addresses_barrier")


def test_a_btk_degrader_inn_names_its_programme_over_its_brand(vocab: Vocabulary) -> None:
    text = (
        "Harrowgate's BTK degrader approved\n"
        "The FDA approved Trelzavi (selvobrutideg) for CLL. Trelzavi is a pill.\n"
    )
    ex = extract.extract(text, vocab, has_title=True)
    assert {t.name: set(t.aliases) for t in ex.therapies} == {"selvobrutideg": {"Trelzavi"}}


@pytest.mark.parametrize(
    ("name", "modality"),
    [
        ("letrozole", "small-molecule"),
        ("fulvestrant", "small-molecule"),
        ("apremilast", "small-molecule"),
        ("voclosporin", "small-molecule"),
        ("orforglipron", "small-molecule"),
        ("aflibercept", "other-modality"),
        ("belatacept", "other-modality"),
        ("sotatercept", "other-modality"),
        ("ganciclovir", "small-molecule"),
        ("letermovir", "small-molecule"),
        ("maribavir", "small-molecule"),
        ("capivasertib", "kinase-inhibitor"),
    ],
)
def test_stems_of_session_10(name: str, modality: str, vocab: Vocabulary) -> None:
    ex = extract.extract(f"News\nPatients received {name} for a year.", vocab, has_title=True)
    assert {t.name: t.modality for t in ex.therapies}.get(name) == modality


def test_ordinary_words_with_a_fusion_protein_ending(vocab: Vocabulary) -> None:
    ex = extract.extract(
        "News\nThe concept was to intercept the virus, except in the elderly.",
        vocab,
        has_title=True,
    )
    assert ex.therapies == []


def test_only_at_an_outpatient_clinic_is_no_centre_barrier(vocab: Vocabulary) -> None:
    text = "News\nZalcetug is given only at an outpatient clinic near home."
    assert ("zalcetug", "treatment-centres") not in relation_pairs(text, vocab, "faces_barrier")


def test_combinations_after_an_apposition_or_followed_by(vocab: Vocabulary) -> None:
    text = (
        "News\n"
        "An alternative exists: venetoclax (Venclexta), a BCL-2 inhibitor, is given with "
        "obinutuzumab for twelve months. Amtagvi (lifileucel) is also followed by high-dose "
        "aldesleukin. The interleukin family matters.\n"
    )
    pairs = {frozenset(p) for p in relation_pairs(text, vocab, "complements")}
    assert frozenset(("venetoclax", "obinutuzumab")) in pairs
    assert frozenset(("lifileucel", "aldesleukin")) in pairs
    ex = extract.extract(text, vocab, has_title=True)
    assert "interleukin" not in {t.key for t in ex.therapies}
