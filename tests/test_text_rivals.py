"""Competition stated without the word "compete" (session 10): "Rivals include ...", "the
closest rival is ...", "goes up against ...", "enters a field in which ...", and a sentence
saying rivals exist ("X is not alone in the race", "would enter a crowded field") followed
by one naming them (``tlkg.loaders.text.comparisons``).

Every programme here is made up except the approved comparators, whose facts are true.
"""

from __future__ import annotations

import pytest
from conftest import relation_pairs

from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def rivals(text: str, vocab: Vocabulary) -> set[frozenset[str]]:
    return {frozenset(p) for p in relation_pairs(text, vocab, "competes_with")}


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def test_rivals_include_and_the_closest_rival(vocab: Vocabulary) -> None:
    text = (
        "Alnmouth's claudin engager\n"
        "Alnmouth said ferzotamig shrank gastric tumours in 12 of 30 patients.\n"
        "Rivals include AZD-0901, an antibody-drug conjugate in phase 3.\n"
        "The closest rival is velzotuzumab, from Pellham Bio.\n"
    )
    found = rivals(text, vocab)
    assert pair("ferzotamig", "azd-0901") in found
    assert pair("ferzotamig", "velzotuzumab") in found


def test_rivals_said_to_exist_then_named_in_the_next_sentence(vocab: Vocabulary) -> None:
    text = (
        "Quarrington's CDK4 inhibitor\n"
        "Quarrington said tavociclib met its goal. If approved, tavociclib would enter a "
        "crowded field. Three CDK4/6 inhibitors, palbociclib, ribociclib and abemaciclib, "
        "are approved.\n"
        "Ravensholt said sorbecabtagene autoleucel met its goal in lupus.\n"
        "Sorbecabtagene autoleucel is not alone in the race.\n"
        "KYV-101 is in phase 2.\n"
    )
    found = rivals(text, vocab)
    assert {
        pair("tavociclib", "palbociclib"),
        pair("tavociclib", "ribociclib"),
        pair("tavociclib", "abemaciclib"),
    } <= found
    # the next paragraph does not name the rivals of the last sentence of this one
    assert pair("sorbecabtagene-autoleucel", "mivocabtagene-autoleucel") not in found


def test_goes_up_against_and_enters_a_field_in_which(vocab: Vocabulary) -> None:
    text = (
        "Two approvals\n"
        "The FDA approved tenavibart for infants. Tenavibart will go up against the market "
        "leader, nirsevimab, and against clesrovimab.\n"
        "Dunacabtagene autoleucel enters a field in which brexucabtagene autoleucel was "
        "first and lisocabtagene maraleucel followed.\n"
    )
    found = rivals(text, vocab)
    assert pair("tenavibart", "nirsevimab") in found
    assert pair("tenavibart", "clesrovimab") in found
    assert pair("dunacabtagene-autoleucel", "brexucabtagene-autoleucel") in found


def test_it_after_a_pair_is_the_articles_programme(vocab: Vocabulary) -> None:
    text = (
        "Brightholm's GPRC5D CAR-T approved in Europe\n"
        "The Commission approved varocabtagene autoleucel for myeloma.\n"
        "Unlike talquetamab, varocabtagene autoleucel is given once. Both talquetamab and "
        "varocabtagene autoleucel target GPRC5D. It will compete with arlocabtagene "
        "autoleucel if that product is approved.\n"
    )
    found = rivals(text, vocab)
    assert pair("varocabtagene-autoleucel", "arlocabtagene-autoleucel") in found
    assert pair("talquetamab", "arlocabtagene-autoleucel") not in found
