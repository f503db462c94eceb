"""Rules prompted by holdout10 once it was read (session 11): targets an unseen article
names in words with the symbol in brackets, in a relative clause, as "the antigen X" or as
what an oligonucleotide lowers; an isotype is no target; a stage said in a participle right
after a name; gene symbols that look like codes; conditioning chemotherapy given "before
infusion"; a headline code spelt two ways. Names of programmes are invented."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_targets_named_in_words_with_the_symbol_in_brackets(vocab: Vocabulary) -> None:
    text = (
        "News\nTovakimig (BWI-4417) is an investigational bispecific IgG1 antibody that binds"
        " interleukin-17A (IL-17A) and tumour necrosis factor alpha (TNF-alpha)."
    )
    targets = {o for s, o in th.pairs(text, vocab, "has_target") if s == "tovakimig"}
    assert targets == {"il-17a", "tnf-alpha"}  # IgG1 is the isotype, not a target


def test_an_interleukin_in_a_relative_clause_is_a_target(vocab: Vocabulary) -> None:
    text = (
        "News\nNovartis's Cosentyx (secukinumab), which blocks IL-17A, was approved in 2023,"
        " and AbbVie's Humira (adalimumab), which blocks TNF-alpha, in 2015."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert ("secukinumab", "il-17a") in pairs
    assert ("adalimumab", "tnf-alpha") in pairs
    assert ("secukinumab", "tnf-alpha") not in pairs


def test_a_symbol_introduced_as_an_antigen_or_protein_needs_no_digit(vocab: Vocabulary) -> None:
    text = (
        "News\nLanyon presented data for LNY-305, an autologous TCR therapy aimed at the"
        " cancer-testis antigen PRAME. Ionis's ulefnersen, which lowers FUS protein in"
        " patients with ALS, is in a phase 3 trial."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert ("lny-305", "prame") in pairs
    assert ("ulefnersen", "fus") in pairs


def test_a_participle_after_the_name_states_its_stage(vocab: Vocabulary) -> None:
    text = (
        "News\nNovartis's alpelisib (Piqray), approved in 2019 with fulvestrant for breast"
        " cancer, blocks PI3K. Zelmatinib reached the market in 2021."
    )
    phases = th.phases(text, vocab)
    assert phases["alpelisib"] == "approved"
    assert phases["fulvestrant"] is None  # the partner of the approval, not its subject
    assert phases["zelmatinib"] == "approved"


def test_gene_symbols_shaped_like_codes_are_no_programmes(vocab: Vocabulary) -> None:
    text = (
        "News\nIn most people with ALS, the RNA-binding protein TDP-43 leaves the nucleus."
        " Without it, an exon is spliced into the RNA of UNC13A, a gene needed for nerve"
        " signalling. Dravenirsen is meant to restore UNC13A. TDP-43 loss is common."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"dravenirsen"}


def test_conditioning_given_before_infusion_is_no_programme(vocab: Vocabulary) -> None:
    text = (
        "News\nLNY-305 is an autologous TCR T-cell therapy. We still collect cells by"
        " apheresis, and patients still receive fludarabine and cyclophosphamide before"
        " infusion."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"lny-305"}


def test_a_headline_code_spelt_two_ways_joins_the_body_programme(vocab: Vocabulary) -> None:
    text = (
        "Thornwick's TWK-0719 cuts a marker in first ALS patients\n"
        "The first data for dravenirsen, Thornwick Neurosciences' treatment for ALS, are"
        " out. Dravenirsen is an antisense oligonucleotide.\n"
        "Programme: TWK0719, intrathecal antisense oligonucleotide"
    )
    out = extract(text, vocab, has_title=True)
    assert [(t.key, sorted(t.aliases)) for t in out.therapies] == [
        ("dravenirsen", ["TWK-0719", "TWK0719"])
    ]


def test_a_word_beside_a_brand_or_called_a_drug_is_a_name(vocab: Vocabulary) -> None:
    text = (
        "News\nPfizer's tafamidis, sold as Vyndaqel and Vyndamax, and BridgeBio's Attruby"
        " (acoramidis) both stabilise the protein, and both are approved for ATTR-CM."
        " Patients could keep taking riluzole and edaravone, the older approved ALS drugs."
        " Patients with cardiomyopathy (Europe) and placebo and standard care, the two"
        " comparator treatments, were excluded."
    )
    phases = th.phases(text, vocab)
    assert {"tafamidis", "acoramidis", "riluzole", "edaravone"} <= set(phases)
    assert phases["tafamidis"] == "approved" and phases["riluzole"] == "approved"
    assert not {"cardiomyopathy", "placebo", "standard"} & set(phases)


def test_a_sentence_opening_on_another_makers_product_is_not_the_focus(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nDravenirsen is an antisense oligonucleotide in a phase 1/2 study.\n"
        "Qalsody, from Biogen and Ionis Pharmaceuticals, received accelerated approval"
        " in 2023."
    )
    assert th.phases(text, vocab)["dravenirsen"] == "phase2"


def test_a_radioligand_code_is_radiotherapy(vocab: Vocabulary) -> None:
    # A radioligand (radiopharmaceutical) is internal radiation therapy, whatever its code.
    for text in (
        "News\nQRX-7731 is an actinium-225 PSMA-targeted radioligand in prostate cancer.",
        "News\nQRX-7731, a radiopharmaceutical, entered a phase 1 study in prostate cancer.",
    ):
        out = extract(text, vocab, has_title=True)
        assert {t.key: t.modality for t in out.therapies}["qrx-7731"] == "radiotherapy", text


def test_a_programme_is_named_by_the_spelling_the_article_uses_most(vocab: Vocabulary) -> None:
    text = (
        "News\nTheir molecule, QRX731, degrades BTK. In cells, QRX-731 removed most BTK. "
        "In mice, QRX-731 shrank tumours. The company will test QRX-731 in 2027."
    )
    out = extract(text, vocab, has_title=True)
    assert [t.name for t in out.therapies] == ["QRX-731"]


def test_a_shorter_wait_from_collection_to_infusion_addresses_vein_to_vein(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nZorvacabtagene autoleucel is an autologous CAR-T from Arvenza. Its seven-day"
        " process shortens the wait from collection to infusion."
    )
    assert ("zorvacabtagene-autoleucel", "vein-to-vein-time") in th.pairs(
        text, vocab, "addresses_barrier"
    )


def test_an_isoform_named_by_its_greek_letter_is_a_target(vocab: Vocabulary) -> None:
    for text, symbol in (
        ("News\nQRX-12 is a mutant-selective PI3Kα inhibitor.", "pi3k"),
        ("News\nQRX-12 is an oral PI3K-delta inhibitor in lymphoma.", "pi3k-delta"),
    ):
        targets = {o for s, o in th.pairs(text, vocab, "has_target") if s == "qrx-12"}
        assert len(targets) == 1 and next(iter(targets)).startswith(symbol), text


def test_a_conjugates_us_suffix_and_a_renamed_code_name_one_programme(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nThe FDA approved ZELVANTA (corvatug vedotin-qxzt), formerly known as RSM-0991,"
        " for gastric cancer. The"
        " antibody was discovered at Lianke as LK-901 and was renamed RSM-0991 when Rosmead"
        " licensed it. ZELVANTA is given every three weeks."
    )
    (t,) = extract(text, vocab, has_title=True).therapies
    assert t.name == "corvatug vedotin" and t.modality == "antibody-drug-conjugate"
    assert {"ZELVANTA", "LK-901", "RSM-0991"} <= set(t.aliases)


def test_brands_of_a_generic_name_without_a_known_stem(vocab: Vocabulary) -> None:
    # Two brands after "sold as", a brand before a generic name in brackets; a generic
    # name in lower case names the programme over its capitalised brands.
    text = (
        "News\nHelios Therapeutics' velmidis, sold as Kalvaq and Kalvamax, and Corvane Bio's"
        " Tressly (pomaridis) both stabilise the TTR protein. Kalvamax is approved. Tressly"
        " is approved. Kalvamax is oral."
    )
    got = {t.name: set(t.aliases) for t in extract(text, vocab, has_title=True).therapies}
    assert got == {"velmidis": {"Kalvaq", "Kalvamax"}, "pomaridis": {"Tressly"}}


def test_what_an_oligonucleotide_lowers_by_its_gene_symbol_alone(vocab: Vocabulary) -> None:
    text = (
        "News\nQRX-0719, an antisense oligonucleotide that lowers SOD2, is in a phase 1 study."
        " QRX-0720 lowers LDL cholesterol."
    )
    assert ("qrx-0719", "sod2") in th.pairs(text, vocab, "has_target")
    assert not {o for s, o in th.pairs(text, vocab, "has_target") if s == "qrx-0720"}


def test_a_product_named_by_a_brand_is_on_the_market(vocab: Vocabulary) -> None:
    text = (
        "News\nQRX-77 is a new oral chaperone in phase 1. Patients can instead take Kalvaq"
        " (velmidis), an injection from Helios Therapeutics. Pomaridis is another option;"
        " pomaridis is given weekly. Corvane Bio has submitted pelvotinib (Tressly) for"
        " review."
    )
    phases = th.phases(text, vocab)
    assert phases["velmidis"] == "approved"
    assert phases["qrx-77"] == "phase1"
    assert phases.get("pomaridis") is None  # a generic name capitalised at a sentence start
    assert phases.get("pelvotinib") != "approved"  # a proposed brand, under review


def test_a_target_class_right_before_a_name_is_that_products(vocab: Vocabulary) -> None:
    text = (
        "News\nQRX-228 will compete with Helios Therapeutics' PDE4 inhibitor velmilast"
        " (Kalvaq), approved for plaque psoriasis."
    )
    got = th.pairs(text, vocab, "has_target")
    assert ("velmilast", "pde4") in got and ("qrx-228", "pde4") not in got


def test_an_apposition_after_a_bracket_holding_a_marked_brand_states_its_stage(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nUnlike velmituximab (KALVAQ(R)), a CLDN18.2-directed antibody approved in 2024"
        " with chemotherapy, QRX-0712 is a conjugate in phase 1."
    )
    phases = th.phases(text, vocab)
    assert phases["velmituximab"] == "approved" and phases["qrx-0712"] == "phase1"


def test_a_word_that_blocks_a_target_is_a_drug(vocab: Vocabulary) -> None:
    # An unseen name without a known stem, said to block a protein named in words with its
    # number and symbol: a programme, with that target and its stage.
    text = (
        "News\nHelios Bio's oral velmarebant, which blocks retinol-binding protein 4 (RBP4)"
        " to slow the build-up of toxins, is in a phase 3 trial in Stargardt disease. The"
        " protein, which binds vitamin A, is made in the liver."
    )
    assert th.phases(text, vocab) == {"velmarebant": "phase3"}
    assert ("velmarebant", "rbp4") in th.pairs(text, vocab, "has_target")
