"""More ways one programme is named in an article (session 10): a maker's bare code in a
quote, codes whose number reads like an old year, "develop it as", two regional codes in one
introduction, an earlier name with where it was used, ADC short forms by payload ("-DXd"),
and a word introduced as a drug of some class. Each rule has a case where it must not link.

Every programme and company here is made up; the vocabulary knows none of these names.
"""

from __future__ import annotations

import pytest

from tlkg.loaders.text import extract
from tlkg.loaders.text.maker_codes import spells
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def names(text: str, vocab: Vocabulary) -> dict[str, set[str]]:
    """Each therapy's name -> its aliases."""
    ex = extract.extract(text, vocab, has_title=True)
    return {t.name: set(t.aliases) for t in ex.therapies}


@pytest.mark.parametrize(
    ("prefix", "organisation", "expected"),
    [
        ("GFB", "Greyfield Biosciences", True),
        ("HLB", "Hollinshead Biologics", True),
        ("KH", "Kanghe", True),
        ("FT", "Greyfield Biosciences", False),  # first letters differ
        ("GBF", "Greyfield Biosciences", False),  # out of order
    ],
)
def test_a_code_prefix_spells_its_maker(prefix: str, organisation: str, expected: bool) -> None:
    assert spells(prefix, organisation) is expected


def test_a_makers_bare_code_in_a_quote_names_its_programme(vocab: Vocabulary) -> None:
    text = (
        "Greyfield reports early data for its myeloma engager\n"
        "Greyfield Biosciences said its engager sotravimig produced responses in 38 of 57 "
        "patients with relapsed multiple myeloma.\n"
        '"We designed GFB-318 so that a community oncologist could start it," said its head '
        "of development.\n"
        "Fate Therapeutics makes a cell therapy for lupus. Its FT819 is made from one master "
        "cell line.\n"
    )
    found = names(text, vocab)
    assert found["sotravimig"] == {"GFB-318"}
    assert "FT819" in found  # a rival's code stays its own product


def test_a_makers_second_programme_keeps_its_code(vocab: Vocabulary) -> None:
    text = (
        "Acme Therapeutics advances its lead antibody\n"
        "Acme Therapeutics said zorvimab slowed disease in its phase 2 trial in lupus.\n"
        "Acme Therapeutics also expects to start a trial of ACM-202, its second programme, "
        "next year.\n"
    )
    found = names(text, vocab)
    assert found["zorvimab"] == set() and "ACM-202" in found


def test_a_maker_with_two_uncoded_programmes_links_no_bare_code(vocab: Vocabulary) -> None:
    text = (
        "Acme Therapeutics reports two trials\n"
        "Acme Therapeutics said zorvimab and pelvatinib both met their goals in lupus.\n"
        '"ACM-77 is the one we will file first," its chief executive said.\n'
    )
    found = names(text, vocab)
    assert found["zorvimab"] == set() and found["pelvatinib"] == set()


def test_codes_whose_number_reads_like_an_old_year_are_codes(vocab: Vocabulary) -> None:
    text = (
        "Cauldmoor doses first patient\n"
        "The product, CDM-1940, carries a CD19-directed receptor. It was previously called "
        "CM-LV19. Data were shown at ASH 2025 and in the FY2026 report.\n"
    )
    found = names(text, vocab)
    assert found == {"CDM-1940": {"CM-LV19"}}


def test_a_licensee_develops_it_under_its_own_code(vocab: Vocabulary) -> None:
    text = (
        "Bexley licenses a colorectal cancer ADC\n"
        "The conjugate, pelzotuzumab vedotin, has been tested in China under the code "
        "KH-1207. Bexley will develop it as BXO-402 in the United States and Europe.\n"
    )
    assert names(text, vocab)["pelzotuzumab vedotin"] == {"KH-1207", "BXO-402"}


def test_two_regional_codes_in_one_introduction(vocab: Vocabulary) -> None:
    text = (
        "Quenby's Fc fragment meets its phase 3 goal\n"
        "Velitrement is an engineered Fc fragment with higher FcRn affinity, compared here "
        "with intravenous efgartigimod alfa. The compound is designated QBX-517 in Europe "
        "and the United States and QB-517J in Japan.\n"
    )
    found = names(text, vocab)
    assert found["velitrement"] == {"QBX-517", "QB-517J"}
    assert found["efgartigimod alfa"] == set()


def test_an_earlier_name_with_where_it_was_used(vocab: Vocabulary) -> None:
    text = (
        "Linnhe's in vivo CAR-T at a glance\n"
        "- Programme: LNT-220 (previously called LNP-1922 in Bramwell's academic work)\n"
        "- Partner: the Bramwell Institute (LNT-220, n = 12)\n"
    )
    assert names(text, vocab)["LNT-220"] == {"LNP-1922"}


def test_a_payload_short_form_names_its_adc(vocab: Vocabulary) -> None:
    text = (
        "Ardenne's TROP2 ADC beats docetaxel\n"
        "Ardenne said selatuzumab deruxtecan improved survival in lung cancer. Sela-DXd "
        "was compared with docetaxel. HER3-DXd, another ADC, was not in the trial.\n"
    )
    found = names(text, vocab)
    assert found["selatuzumab deruxtecan"] == {"Sela-DXd"}
    assert "HER3-DXd" in found  # its letters start no deruxtecan INN of the article


def test_a_word_introduced_as_a_drug_of_a_class(vocab: Vocabulary) -> None:
    text = (
        "Two approaches to myasthenia gravis\n"
        "Quelitrement is an engineered Fc fragment given under the skin. Another is a "
        "complement inhibitor. Patients on quelitrement had fewer infusions.\n"
    )
    found = names(text, vocab)
    assert "quelitrement" in found
    assert not {n for n in found if n.lower() == "another"}


def test_sirna_and_antisense_stems(vocab: Vocabulary) -> None:
    text = (
        "RNA drugs in haemophilia and ALS\n"
        "Velosiran (Hemvexa) lowers antithrombin. Dalonersen is an antisense drug. "
        "Both could coarsen the debate on price.\n"
    )
    found = names(text, vocab)
    assert found["velosiran"] == {"Hemvexa"}
    assert "dalonersen" in found
    assert "coarsen" not in {n.lower() for n in found}
