"""Rules written in session 21 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): fixed-dose combinations written with slashes, more WHO class stems, mRNA vaccine
and prodrug-ester INNs, codes that share a meeting's letters, short forms that take
letters of an INN's last word in order, "it ran as CODE", combination partners that share
a use, and the letter of a hepatitis. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.diseases import disease_names
from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def _indications(text: str, vocab: Vocabulary) -> set[tuple[str, str]]:
    return th.pairs(text, vocab, "has_indication")


def test_a_fixed_dose_combination_written_with_slashes_is_one_product(vocab: Vocabulary) -> None:
    text = (
        "Halvo wins\n\nHalvo's Trelvica (zanacaftor/belvacaftor/ivacaftor) is approved"
        " for cystic fibrosis."
    )
    out = extract(text, vocab, has_title=True)
    assert [t.key for t in out.therapies] == ["zanacaftor-belvacaftor-ivacaftor"]
    assert "Trelvica" in out.therapies[0].aliases
    assert ("zanacaftor-belvacaftor-ivacaftor", "cystic-fibrosis") in _indications(text, vocab)
    # two brands of one drug are still that drug, and targets keep their slash
    brands = "Sales\n\nVyndaqel/Vyndamax sales rose. Zorvamig binds CD19/CD22."
    assert {t.key for t in extract(brands, vocab, has_title=True).therapies} == {
        "tafamidis",
        "zorvamig",
    }


def test_more_class_stems_name_unseen_drugs(vocab: Vocabulary) -> None:
    text = (
        "Pipeline\n\nThe company tests korabresib, velameline, torperidone, dalcavir,"
        " renfovir, zenuridine and an mRNA, belvomeran."
    )
    assert th.modalities(text, vocab) == {
        "korabresib": "small-molecule",
        "velameline": "small-molecule",
        "torperidone": "small-molecule",
        "dalcavir": "small-molecule",
        "renfovir": "small-molecule",
        "zenuridine": "chemotherapy",
        "belvomeran": "vaccine",
    }


def test_an_individualised_mrna_vaccine_inn_has_two_words_in_either_order(
    vocab: Vocabulary,
) -> None:
    text = (
        "Vaccines\n\nOrsby's tolameran autogene is in phase 2 in melanoma. Its rival,"
        " autogene velocameran, is in phase 1."
    )
    assert th.modalities(text, vocab) == {
        "tolameran-autogene": "vaccine",
        "autogene-velocameran": "vaccine",
    }
    # "autogene" alone is no drug
    assert not extract("Note\n\nThe autogene approach is new.", vocab, has_title=True).therapies


def test_a_prodrug_ester_names_its_own_product(vocab: Vocabulary) -> None:
    text = (
        "HBV\n\nPatients switch from tenofovir disoproxil to tenofovir alafenamide."
        " Paliperidone palmitate is given monthly."
    )
    assert set(th.modalities(text, vocab)) == {
        "tenofovir-disoproxil",
        "tenofovir-alafenamide",
        "paliperidone-palmitate",
    }


def test_a_code_may_share_a_meetings_letters_but_not_its_year(vocab: Vocabulary) -> None:
    text = "ASH 2025\n\nKorvatug (ASH-714) is a TROP2-directed antibody shown at ASH 2025."
    out = extract(text, vocab, has_title=True)
    assert [(t.key, t.aliases) for t in out.therapies] == [("korvatug", ["ASH-714"])]


def test_a_short_form_takes_letters_of_the_last_word_in_order(vocab: Vocabulary) -> None:
    text = (
        "ADC data\n\nVeltabart zoltecan (velta-ZT; KRV-220) is a TROP2-directed ADC."
        " Velta-ZT shrank tumours."
    )
    aliases = th.aliases(text, vocab)
    assert aliases == {"veltabart-zoltecan": {"velta-ZT", "KRV-220"}}
    assert th.targets(text, vocab) == {"veltabart-zoltecan": {"trop2"}}
    # letters out of order abbreviate something else
    other = "ADC data\n\nVeltabart zoltecan (velta-TZ) is a TROP2-directed ADC."
    assert "velta-TZ" not in th.aliases(other, vocab).get("veltabart-zoltecan", set())


def test_it_ran_as_a_code(vocab: Vocabulary) -> None:
    text = (
        "Approval\n\nThe EU approved Rovenza (korabresib), Dalby's BET inhibitor."
        " In Dalby's early trials it ran as DLB-208."
    )
    assert th.aliases(text, vocab) == {"korabresib": {"Rovenza", "DLB-208"}}


def test_a_combination_partner_after_the_predicate_shares_the_use(vocab: Vocabulary) -> None:
    text = "Vaccine\n\nTolameran is in phase 3 in combination with pembrolizumab in melanoma."
    assert _indications(text, vocab) == {
        ("tolameran", "melanoma"),
        ("pembrolizumab", "melanoma"),
    }
    licensed = (
        "EU nod\n\nThe Commission authorised Rovenza (korabresib), Dalby's oral BET"
        " inhibitor, for use with ruxolitinib in adults with myelofibrosis."
    )
    assert ("korabresib", "myelofibrosis") in _indications(licensed, vocab)
    # a contrast is no partnership
    contrast = (
        "Dosing\n\nZorvatinib is a daily pill whereas velotamab is given with cetuximab in"
        " colorectal cancer."
    )
    assert ("zorvatinib", "colorectal-cancer") not in _indications(contrast, vocab)


def test_a_hepatitis_keeps_its_letter() -> None:
    names = [d.name for d in disease_names("adults with chronic hepatitis B or hepatitis")]
    assert names[0] == "chronic hepatitis B"


def test_a_brand_a_regulator_approved_is_a_product(vocab: Vocabulary) -> None:
    text = (
        "SMA\n\nIn November the FDA approved Zelvora, a concentrated form of the same vector,"
        " for spinal muscular atrophy."
    )
    assert ("zelvora", "spinal-muscular-atrophy") in _indications(text, vocab)
    # a weekday after "approved" is when, not what
    when = "SMA\n\nThe FDA approved Tuesday, a spokesperson said, a new label."
    assert not extract(when, vocab, has_title=True).therapies


def test_a_combination_partner_keeps_its_own_maker(vocab: Vocabulary) -> None:
    text = (
        "Vaccines\n\nOrrby Therapeutics' tolameran, combined with pembrolizumab, cut"
        " relapses in melanoma."
    )
    assert th.pairs(text, vocab, "developed_by") == {("tolameran", "orrby-therapeutics")}
    # a maker named after the partner is the partner's
    partner = (
        "Lupus\n\nDalby will combine velotamig with Benlysta (belimumab), a BLyS antibody"
        " developed by GSK."
    )
    assert ("belimumab", "gsk") in th.pairs(partner, vocab, "developed_by")


def test_where_a_company_is_based_and_its_legal_form_are_no_part_of_its_name(
    vocab: Vocabulary,
) -> None:
    text = (
        "Deal\n\nMerrow Neuroscience licensed velameline, a muscarinic agonist from"
        " Seoul-based Hanbit Biopharm. Orrby Therapeutics plc develops tolameran."
    )
    assert th.pairs(text, vocab, "developed_by") >= {
        ("velameline", "hanbit-biopharm"),
        ("tolameran", "orrby-therapeutics"),
    }


def test_an_enzyme_or_receptor_named_in_words_is_a_target(vocab: Vocabulary) -> None:
    text = (
        "Pressure\n\nKorvadrostat is a weekly aldosterone synthase inhibitor. The telomerase"
        " inhibitor zenotelstat is in phase 2. Belzumab, which blocks the CGRP receptor, is"
        " approved."
    )
    assert th.targets(text, vocab) == {
        "korvadrostat": {"aldosterone-synthase"},
        "zenotelstat": {"telomerase"},
        "belzumab": {"cgrp-receptor"},
    }
    # a class the drug is given with is no target of it
    partner = "Breast\n\nPelvaciclib plus an aromatase inhibitor is in phase 3."
    assert not th.targets(partner, vocab)


def test_unlike_x_y_needs_no_barrier_says_x_needs_it(vocab: Vocabulary) -> None:
    text = (
        "TIL\n\nUnlike lifileucel (Amtagvi), which was approved in 2024, tolameran needs no"
        " lymphodepleting chemotherapy."
    )
    assert th.barriers(text, vocab) == {
        ("addresses_barrier", "tolameran", "lymphodepletion"),
        ("faces_barrier", "lifileucel", "lymphodepletion"),
    }
    # "like" is no contrast
    like = "TIL\n\nLike lifileucel, tolameran needs no lymphodepleting chemotherapy."
    assert ("faces_barrier", "lifileucel", "lymphodepletion") not in th.barriers(like, vocab)


def test_a_claim_spelt_out_after_a_colon_is_said_of_the_products_named(
    vocab: Vocabulary,
) -> None:
    text = (
        "CRC\n\nKrazati (adagrasib) is given with Erbitux (cetuximab), and Lumakras"
        " (sotorasib) with Vectibix (panitumumab). Both regimens still send patients to the"
        " infusion chair: cetuximab is given every week, and panitumumab every two weeks."
    )
    assert th.barriers(text, vocab) == {
        ("faces_barrier", "cetuximab", "treatment-centres"),
        ("faces_barrier", "panitumumab", "treatment-centres"),
    }


def test_self_injection_addresses_treatment_centres_unless_denied(vocab: Vocabulary) -> None:
    text = (
        "Migraine\n\nErenumab and galcanezumab are self-injected under the skin monthly."
        " UCB's self-injected zilucoplan (Zilbrysq) is approved too."
    )
    assert th.barriers(text, vocab) == {
        ("addresses_barrier", "erenumab", "treatment-centres"),
        ("addresses_barrier", "galcanezumab", "treatment-centres"),
        ("addresses_barrier", "zilucoplan", "treatment-centres"),
    }
    denied = "HAE\n\nVelzomab cannot be self-administered: a nurse gives each dose."
    assert th.barriers(denied, vocab) == {("faces_barrier", "velzomab", "treatment-centres")}
    # a hope in quotes is no claim
    hope = '"If velzomab can be self-injected, the gap narrows," she said.'
    assert not th.barriers("HAE\n\n" + hope, vocab)


def test_a_drug_introduced_as_a_modulator_or_agonist_is_a_therapy(vocab: Vocabulary) -> None:
    text = (
        "Schizophrenia\n\nAbbVie's velmaclidine, an M4 positive allosteric modulator, failed"
        " two phase 2 trials in 2024."
    )
    assert th.phases(text, vocab) == {"velmaclidine": "phase2"}
    # a failed approval never came
    refused = "News\n\nVelmaclidine (AB-231) failed to win approval in 2024."
    assert th.phases(refused, vocab) == {"velmaclidine": None}


def test_a_trial_named_alone_speaks_of_its_programme(vocab: Vocabulary) -> None:
    text = (
        "Zorvatinib news\n\nZorvatinib is Acme's lead drug.\n\n- Phase 1b data from"
        " SKYLARK-H2 show a 58% response rate.\n\nTumours shrank with TBT-882 in SKYLARK-H2."
        " Velzertinib (TBT-882) is Acme's HER2 inhibitor."
    )
    assert th.phases(text, vocab) == {"zorvatinib": None, "velzertinib": "phase1"}
    # a trial named with two programmes is neither's alone: the sentence stays the focus's
    two = text.replace("with TBT-882 in", "with TBT-882 and zorvatinib in")
    assert th.phases(two, vocab)["velzertinib"] is None


def test_products_listed_as_approved_take_the_disease_spoken_of(vocab: Vocabulary) -> None:
    text = (
        "Migraine\n\nCGRP is the best target in migraine. Ellerby tests korvagepant in"
        " migraine. Three antibodies are approved: erenumab (Aimovig), fremanezumab (Ajovy)"
        " and galcanezumab (Emgality)."
    )
    assert _indications(text, vocab) >= {
        ("erenumab", "migraine"),
        ("fremanezumab", "migraine"),
        ("galcanezumab", "migraine"),
    }
    # approved for something else
    other = text.replace("are approved:", "are approved for other conditions:")
    assert ("erenumab", "migraine") not in _indications(other, vocab)


def test_a_holder_of_a_product_develops_it(vocab: Vocabulary) -> None:
    for text, pair in (
        (
            "Deal\n\nKRV-101, which Dalby Pharma acquired when it bought Orrin, is in phase 1.",
            ("krv-101", "dalby-pharma"),
        ),
        ("Deal\n\nDalby Pharma also holds KRV-101, an siRNA.", ("krv-101", "dalby-pharma")),
        (
            "Deal\n\nAcme paid $1 billion for Orrin Therapeutics and its CD19-directed product"
            " KRV-101.",
            ("krv-101", "orrin-therapeutics"),
        ),
        (
            "SMA\n\nDalby Pharma is also in phase 3 with korvanersen, an antisense drug.",
            ("korvanersen", "dalby-pharma"),
        ),
        (
            "CRC\n\nMost receive zorvatinib (Zorvaq), which Orrin Pharma developed and Dalby"
            " Pharma sells outside China.",
            ("zorvatinib", "dalby-pharma"),
        ),
        (
            "PNH\n\nA newer C5 antibody from Dalby Pharma, korvalimab (Korvaq), is approved.",
            ("korvalimab", "dalby-pharma"),
        ),
        (
            "FAP\n\nKRV-2286, the FAP-targeting peptide that Orrin Pharma discovered and Dalby"
            " Pharma now owns, washes out.",
            ("krv-2286", "orrin-pharma"),
        ),
    ):
        assert pair in th.pairs(text, vocab, "developed_by"), text
    # a buyer of a company is not thereby said to develop a product named beside it
    other = "Deal\n\nKRV-101 is in phase 1, and Dalby Pharma acquired Orrin in 2024."
    assert ("krv-101", "dalby-pharma") not in th.pairs(other, vocab, "developed_by")


def test_trials_listed_before_trials_are_no_products(vocab: Vocabulary) -> None:
    text = (
        "TNBC\n\nThe phase 3 VESPA-03 and VESPA-04/KORVA-D19 trials reported longer PFS with"
        " korvatug plus pembrolizumab."
    )
    assert {t.key for t in extract(text, vocab, has_title=True).therapies} == {
        "korvatug",
        "pembrolizumab",
    }
    # a code in a list of products stays one
    codes = "Pipeline\n\nAcme tests KRV-101 and KRV-202 in two trials."
    assert {t.key for t in extract(codes, vocab, has_title=True).therapies} == {
        "krv-101",
        "krv-202",
    }


def test_an_interferon_keeps_its_number_and_a_partners_duration_is_no_gap(
    vocab: Vocabulary,
) -> None:
    text = "HBV\n\nArbor reported cures with velosiran plus 24 weeks of peginterferon alfa-2a."
    assert th.complements(text, vocab) == {frozenset({"velosiran", "peginterferon-alfa-2a"})}


def test_targets_named_beside_genes_owned_classes_and_not_what_a_drug_spares(
    vocab: Vocabulary,
) -> None:
    text = (
        "Notes\n\nKorvazenib is an oral HER2-selective inhibitor. It spares wild-type EGFR."
        " Belvasemnogene lerparvovec delivers a working copy of SMN1, the gene that children"
        " lack. Acme won approval of its Lumavex (zorvasib) with the company's own EGFR"
        " antibody, Vectibix (panitumumab)."
    )
    found = th.targets(text, vocab)
    assert found["korvazenib"] == {"her2"}
    assert found["belvasemnogene-lerparvovec"] == {"smn1"}
    assert found["panitumumab"] == {"egfr"}
    assert "egfr" not in found.get("zorvasib", set())
    # an apposition of the name before it is that name's class, not the next name's
    apposed = "Combo\n\nCombined with venetoclax, the BCL-2 inhibitor, QRD-611 shrank tumours."
    assert "bcl-2" not in th.targets(apposed, vocab).get("qrd-611", set())


def test_long_term_toxicology_is_a_long_term_safety_question(vocab: Vocabulary) -> None:
    text = "Degraders\n\nKRV-4417 would need long-term toxicology work before approval."
    assert th.barriers(text, vocab) == {("faces_barrier", "krv-4417", "long-term-safety")}
    # a trial's follow-up of some years is no such question
    trial = "Degraders\n\nPatients on KRV-4417 were followed for 2 years in the trial."
    assert not th.barriers(trial, vocab)


def test_a_place_in_parentheses_is_no_brand(vocab: Vocabulary) -> None:
    text = "Deal\n\nKyowa licensed zorvatinib (Tokyo) to Acme. Velzumab (Boston) is in phase 2."
    assert th.aliases(text, vocab) == {"zorvatinib": set(), "velzumab": set()}
    assert th.phases(text, vocab) == {"zorvatinib": None, "velzumab": "phase2"}
    # a brand still is one
    brand = "Launch\n\nVelzumab (Zentavy) is approved."
    assert th.aliases(brand, vocab) == {"velzumab": {"Zentavy"}}


def test_a_kras_inhibitor_is_no_kinase_inhibitor(vocab: Vocabulary) -> None:
    # KRAS is a GTPase: its inhibitors are small molecules, not kinase inhibitors
    text = "Deal\n\nAcme took an option on HY-2290, a pan-KRAS inhibitor tested in mice."
    assert th.modalities(text, vocab) == {"hy-2290": None}
    kinase = "Deal\n\nAcme took an option on HY-2290, a BTK inhibitor tested in mice."
    assert th.modalities(kinase, vocab) == {"hy-2290": "kinase-inhibitor"}


def test_class_stems_and_glycoprotein_names_set_the_modality(vocab: Vocabulary) -> None:
    text = "Pipeline\n\nAcme tests velzanib, korvagimod alfa, belzoferon alfa-2b and zentuzumab."
    assert th.modalities(text, vocab) == {
        "velzanib": "kinase-inhibitor",
        "korvagimod-alfa": "other-modality",
        "belzoferon-alfa-2b": "other-modality",
        "zentuzumab": "monoclonal-antibody",
    }


def test_a_use_in_the_apposition_on_a_listed_product_is_its_alone(vocab: Vocabulary) -> None:
    text = (
        "Engagers\n\nTwo were already approved: velzafusp, Orrin's gp100-directed engager for"
        " uveal melanoma, and korvatamab, Dalby's DLL3xCD3 bispecific for small cell lung"
        " cancer."
    )
    assert _indications(text, vocab) == {
        ("velzafusp", "uveal-melanoma"),
        ("korvatamab", "small-cell-lung-cancer"),
    }
    # a list's shared use still reaches every member
    shared = "Engagers\n\nVelzafusp and korvatamab are approved for uveal melanoma."
    assert _indications(shared, vocab) == {
        ("velzafusp", "uveal-melanoma"),
        ("korvatamab", "uveal-melanoma"),
    }


def test_a_route_is_no_part_of_a_disease_name() -> None:
    names = [d.name for d in disease_names("its oral obesity candidate and an intravenous lupus")]
    assert names == ["obesity", "lupus"]
    # a disease's own modifier stays
    assert [d.name for d in disease_names("in eosinophilic asthma")] == ["eosinophilic asthma"]


def test_earlier_codes_and_a_renaming_company(vocab: Vocabulary) -> None:
    text = (
        "Approval\n\nZorvaquell, developed as HRB-4177 and before that as EI-0413 at Eskdale"
        " Isotopes, is approved."
    )
    assert th.aliases(text, vocab) == {"zorvaquell": {"HRB-4177", "EI-0413"}}
    renamed = (
        "Deal\n\nTLM-0217 is an epigenetic editor. The programme, which Aldmoor will rename"
        " ALD-7730 when it enters the clinic, is developed by Tollmere."
    )
    assert th.aliases(renamed, vocab) == {"tlm-0217": {"ALD-7730"}}
    # two codes of a list are two programmes
    two = "Pipeline\n\nAcme tests HRB-4177 and, in another trial, EI-0413."
    assert set(th.aliases(two, vocab)) == {"hrb-4177", "ei-0413"}
