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


def test_a_sentence_naming_the_maker_and_a_comparator_gives_the_code_no_home(
    vocab: Vocabulary,
) -> None:
    text = (
        "Quarrington Therapeutics Announces Tavociclib Beat Velrociclib Head to Head\n"
        "Quarrington Therapeutics said tavociclib (QRT-1041) met its goal against "
        "velrociclib.\n"
        "QRT-1047 is an oral CDK2 inhibitor discovered by Quarrington.\n"
    )
    found = names(text, vocab)
    assert found["velrociclib"] == set() and "QRT-1047" in found


def test_a_regional_letter_joins_a_code_where_the_text_names_the_region(
    vocab: Vocabulary,
) -> None:
    text = (
        "Brackwater's base editor in sickle cell disease\n"
        "Tavagamglogene autotemcel (tava-cel; formerly BXT-330) met its goal.\n"
        "Hoshida develops BXT-330J in Japan under a license from Brackwater Genomics. "
        "ABC-101A and ABC-101 are two products of Acme Bio.\n"
    )
    found = names(text, vocab)
    assert found["tavagamglogene autotemcel"] == {"tava-cel", "BXT-330", "BXT-330J"}
    assert "ABC-101A" in found and "ABC-101" in found


def test_a_codes_other_spelling_still_lets_it_go_to_the_programme_in_focus(
    vocab: Vocabulary,
) -> None:
    text = (
        "FDA approves Rookwood's CAR-T\n"
        "The FDA approved dunacabtagene autoleucel for mantle cell lymphoma.\n"
        "Developed under the code RKC-1920, the therapy is made from the patient's T cells.\n"
        "| Product | Company |\n| --- | --- |\n| RKC1920 | Rookwood Cell Therapeutics |\n"
    )
    assert names(text, vocab)["dunacabtagene autoleucel"] == {"RKC-1920", "RKC1920"}


def test_brands_said_to_be_sold_or_marketed(vocab: Vocabulary) -> None:
    text = (
        "RSV antibodies for infants\n"
        "The FDA approved tenavibart for infants. Sorrelby will market the drug as Halcyra.\n"
        "Astellas' zolbetuximab, sold as Vyloy, was first. Exagamglogene autotemcel "
        "(exa-cel; Casgevy) edits cells.\n"
        "Halcyra will reach clinics next season. Patients in Japan (Tokyo, Osaka) enrolled.\n"
    )
    found = names(text, vocab)
    assert found["tenavibart"] == {"Halcyra"}
    assert found["zolbetuximab"] == {"Vyloy"}
    assert found["exagamglogene autotemcel"] == {"exa-cel", "Casgevy"}
    assert not {"Tokyo", "Osaka"} & set(found)


def test_peptide_stems(vocab: Vocabulary) -> None:
    text = (
        "Oral obesity drugs\n"
        "Corvaglutide, a pill, and talvilintide, a weekly injection, are Wrexford's. Zepbound "
        "(tirzepatide) leads. Peptide supply is the concern.\n"
    )
    found = names(text, vocab)
    assert {"corvaglutide", "talvilintide", "tirzepatide"} <= {n.lower() for n in found}
    assert "peptide" not in {n.lower() for n in found}


def test_institutions_and_inner_company_words(vocab: Vocabulary) -> None:
    text = (
        "Bexley licenses an ADC\n"
        "Bexley Oncology licensed the conjugate from Jiangnan Kanghe Biopharma.\n"
        "Pelzotuzumab vedotin was developed by Kanghe, the Wenling Antibody Institute and "
        "the Calder Vale Institute for Cancer Research.\n"
    )
    ex = extract.extract(text, vocab, has_title=True)
    makers = {r.object.key for r in ex.relations if r.kind == "developed_by"}
    assert {
        "jiangnan-kanghe-biopharma",
        "wenling-antibody-institute",
        "calder-vale-institute-for-cancer-research",
    } <= makers
    assert "antibody" not in {m.name.lower() for m in ex.mentions if m.kind == "organization"}


def test_a_code_introduced_in_a_sentence_about_another_code(vocab: Vocabulary) -> None:
    text = (
        "Claudin 18.2 after the deal\n"
        "Zolbetuximab is approved in gastric cancer. Zolbetuximab is given with chemotherapy.\n"
        "The most direct rival is Orbis's ORB-901, an ADC the company licensed from Kymra "
        "Bio, which had developed it as KMB-901.\n"
    )
    found = names(text, vocab)
    assert found["ORB-901"] == {"KMB-901"} and found["zolbetuximab"] == set()


def test_a_named_programmes_code_is_no_detached_code(vocab: Vocabulary) -> None:
    text = (
        "Fabry disease abstract\n"
        "Oral migalastat is an option for some patients. Relgalsidase alfa (FBX-212) is a "
        "glycoengineered enzyme.\n"
        "Sakuragi Pharma holds the rights in Japan, where it is being developed as FBX-212J.\n"
    )
    found = names(text, vocab)
    assert found["migalastat"] == set()
    assert found["relgalsidase alfa"] == {"FBX-212", "FBX-212J"}


def test_renamed_codes_and_an_inn_given_after_the_name(vocab: Vocabulary) -> None:
    text = (
        "Claudin 18.2 deal\n"
        "Morland Pharma licensed YX-1808 from Yuanxi Biologics. Morland will develop the "
        "antibody-drug conjugate as MOR-2318; the WHO has published ravatuzumab vedotin as "
        "its proposed international nonproprietary name.\n"
        "Ardikibart was discovered by Lochmaben Bio under the code LCB-19. Halvergate "
        "developed the antibody as HVG-1107.\n"
    )
    found = names(text, vocab)
    assert found["ravatuzumab vedotin"] == {"MOR-2318"}
    assert found["ardikibart"] == {"LCB-19", "HVG-1107"}


def test_a_headline_code_of_the_maker_names_the_bodys_programme(vocab: Vocabulary) -> None:
    text = (
        "Wyncombe's WYN-417 puts a third of patients into remission\n"
        "A menin inhibitor from Wyncombe Therapeutics produced remissions. Tovremenib was "
        "given to 58 patients. Tovremenib caused differentiation syndrome in nine.\n"
    )
    assert names(text, vocab)["tovremenib"] == {"WYN-417"}


def test_a_fact_box_names_one_programme_per_box(vocab: Vocabulary) -> None:
    text = (
        "FDA approves Kestrel's alpha therapy\n"
        "The FDA approved actinium Ac 225 sorvipotide tetraxetan for prostate cancer.\n"
        "At a glance\n"
        "- Brand name: Zephrava\n"
        "- INN: actinium Ac 225 sorvipotide tetraxetan\n"
        "- Development code: KRP-225\n"
        "- Developers: Kestrel Radiopharmaceuticals\n"
        "Pipeline\n"
        "- Programme: velotumab\n"
        "- Code: KRP-310\n"
        "- Programme: dorlatamab\n"
        "- Code: KRP-410\n"
        "Zephrava is given every 8 weeks.\n"
    )
    found = names(text, vocab)
    assert found["actinium Ac 225 sorvipotide tetraxetan"] == {"Zephrava", "KRP-225"}
    assert found["velotumab"] == {"KRP-310"} and found["dorlatamab"] == {"KRP-410"}


def test_where_it_was_called_and_a_later_clause_about_another_programme(
    vocab: Vocabulary,
) -> None:
    text = (
        "Marrick's MOT-417 cuts injections\n"
        "A gene therapy from Marrick Ocular Therapeutics reduced injections. The product, "
        "cordagene taliparvovec, is injected once. Cordagene taliparvovec was well "
        "tolerated.\n"
        "MOT-417 is one of two programmes at the company; the other is in animal studies.\n"
        "TLD-118 is an oral degrader. It was made at the Hartwell Institute, where it was "
        "called HWI-3307.\n"
    )
    found = names(text, vocab)
    assert found["cordagene taliparvovec"] == {"MOT-417"}
    assert found["TLD-118"] == {"HWI-3307"}


def test_renamed_it_and_refers_to_the_drug_as(vocab: Vocabulary) -> None:
    renamed = (
        "Tamsworth's monthly peptide\n"
        "Tamsworth is developing ruvaglutide, a once-monthly peptide. The company licensed "
        "the molecule from Hexi Biopharma, where it was discovered as HXB-0917; Tamsworth "
        "renamed it TMB-917.\n"
    )
    assert names(renamed, vocab)["ruvaglutide"] == {"HXB-0917", "TMB-917"}
    referred = (
        "Brackenridge's antibody meets its endpoints\n"
        "Brackenridge said torlakimig met its goals. Torlakimig is given monthly.\n"
        "Its shares rose; the company still refers to the drug as BRK4410.\n"
    )
    assert names(referred, vocab)["torlakimig"] == {"BRK4410"}


def test_brands_in_capitals_and_inns_with_a_us_suffix(vocab: Vocabulary) -> None:
    text = (
        "Fenwright Announces Approval of PRAVELTA(TM) (vosatresgene autoleucel)\n"
        "The FDA approved PRAVELTA (vosatresgene autoleucel). The FDA approved TYRENVO "
        "(ardikibart-qvtn); ardikibart blocks TL1A. GALORVY (ormigalsidase alfa-vdtx) is an "
        "enzyme. The FDA (Food and Drug Administration) agreed.\n"
    )
    found = names(text, vocab)
    assert found["vosatresgene autoleucel"] == {"PRAVELTA"}
    assert found["ardikibart"] == {"TYRENVO", "ardikibart-qvtn"}
    assert found["ormigalsidase alfa"] == {"GALORVY", "ormigalsidase alfa-vdtx"}
    assert "FDA" not in {a for aliases in found.values() for a in aliases}


def test_a_headline_code_skips_products_the_text_gives_another_maker(
    vocab: Vocabulary,
) -> None:
    text = (
        "Marrick's MOT-417 cuts need for eye injections\n"
        "A gene therapy from Marrick Ocular Therapeutics cut injections. The product, "
        "cordagene taliparvovec, is given once.\n"
        "Roche's bispecific antibody faricimab blocks two growth factors; patients on "
        "faricimab return every few months.\n"
    )
    found = names(text, vocab)
    assert found["cordagene taliparvovec"] == {"MOT-417"}
    assert found["faricimab"] == set()


def test_a_headline_possessive_says_whose_code_it_is(vocab: Vocabulary) -> None:
    text = (
        "Tamsworth's TMB-4417 beats sotorasib in lung cancer\n"
        "A KRAS G12C inhibitor from Tamsworth Oncology beat Amgen's sotorasib. Velzorasib "
        "cut the risk of progression by 46%.\n"
        "Oribe Pharmaceutical develops velzorasib in Japan under the code ORB-4417J.\n"
        "Tamsworth has also started a trial testing velzorasib added to pembrolizumab.\n"
    )
    found = names(text, vocab)
    assert found["velzorasib"] == {"TMB-4417", "ORB-4417J"}
    assert found["sotorasib"] == set()
