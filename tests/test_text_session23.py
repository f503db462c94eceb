"""Rules written in session 23 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): peptide and classic chemotherapy names without a class stem, a meeting's or an
analyst's header above a headline, rivals named at a sentence's opening, counted anaphors
("Both", "All four antibodies"), the article's topic, radioligand INNs in the WHO's
spelling, products named as the patients' setting ("BCG-unresponsive"), symbols given as
targets, and more ways a code is given. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.articles.text import parse_text_article
from tlkg.loaders.text.extract import extract
from tlkg.ontology import concepts as C
from tlkg.ontology.vocab import Vocabulary


def _keys(text: str, vocab: Vocabulary) -> set[str]:
    return {t.key for t in extract(text, vocab, has_title=True).therapies}


def test_peptides_and_classic_chemotherapy_without_a_class_stem_are_drugs(
    vocab: Vocabulary,
) -> None:
    text = (
        "Feature\n\nMost patients take hydroxyurea. Korvatide, a hepcidin mimetic, is"
        " injected weekly at home."
    )
    assert th.modalities(text, vocab) == {
        "hydroxyurea": C.CHEMOTHERAPY,
        "korvatide": C.OTHER_MODALITY,
    }
    # the molecules, the tide and a brand written with an inner capital are no drugs
    plain = (
        "Feature\n\nA peptide binds the receptor, and a nucleotide change explains it. The"
        " riptide came. Orrin's LumaTide is a monthly injection."
    )
    assert _keys(plain, vocab) == set()


def test_an_author_named_like_an_antisense_drug_is_no_drug(vocab: Vocabulary) -> None:
    text = (
        "Abstract\n\nIngrid Kolversen(1), Tobias Renner(2)\n\nBackground: Pelfarsen is an"
        " antisense drug. I. Kolversen is a named inventor."
    )
    assert _keys(text, vocab) == {"pelfarsen"}


def test_a_meeting_line_and_an_abstract_header_are_no_title_and_give_the_date() -> None:
    raw = (
        "Northern Haematology Symposium 2026\n"
        "Abstract S12 | Oral session 3: Anaemia | Saturday, 13 June 2026, 10:45-10:55\n\n"
        "KORVATIDE IN LOWER-RISK MDS: RESULTS OF THE PHASE 2 WREN STUDY\n\n"
        "Background: Anaemia drives the burden of the disease in most patients.\n"
    )
    parsed = parse_text_article(raw)
    assert parsed.title == "KORVATIDE IN LOWER-RISK MDS: RESULTS OF THE PHASE 2 WREN STUDY"
    assert parsed.date == "2026-06-13"
    # a headline that names a conference is still the headline
    news = "At the 2026 Northern conference, korvatide impresses\n\nThe drug was shown.\n"
    assert parse_text_article(news).title == (
        "At the 2026 Northern conference, korvatide impresses"
    )


def test_an_analyst_notes_header_lines_are_no_title() -> None:
    raw = (
        "HARTWELL RESEARCH | US Biotechnology | Company update\n"
        "Orrin Bio (ORRN) | Rating: Outperform | Price target: $58\n"
        "Analyst: Jane Doe, PhD\n"
        "KORVATUG IN ENDOMETRIAL CANCER: THE TRIAL WINS IN BOTH COHORTS\n\n"
        "Key takeaways\n"
    )
    assert parse_text_article(raw).title == (
        "KORVATUG IN ENDOMETRIAL CANCER: THE TRIAL WINS IN BOTH COHORTS"
    )


def test_a_rival_named_at_the_opening_competes_with_the_programme_and_is_the_subject(
    vocab: Vocabulary,
) -> None:
    text = (
        "Korvatug data\n\nKorvatug is Orrin's antibody in anaemia. The nearest competitor in"
        " development, selvatercept (Kaito Pharma), is in a phase 3 trial. Korvatug is"
        " injected monthly.\n\nThe most direct rival is now melvatamig, a bispecific that"
        " binds both EGFR and HER3. It comes from Harlow Bio."
    )
    assert {("korvatug", "selvatercept"), ("korvatug", "melvatamig")} <= th.pairs(
        text, vocab, "competes_with"
    )
    assert th.phases(text, vocab)["selvatercept"] == "phase3"
    makers = th.pairs(text, vocab, "developed_by")
    assert ("melvatamig", "harlow-bio") in makers
    assert ("korvatug", "harlow-bio") not in makers
    # whose rival a possessive says
    owned = (
        "Korvatug data\n\nKorvatug is Orrin's antibody. Selvatercept is Kaito's drug. Its"
        " main rival is melvatamig."
    )
    assert ("korvatug", "melvatamig") not in th.pairs(owned, vocab, "competes_with")


def test_both_stands_for_the_subjects_of_the_last_two_sentences(vocab: Vocabulary) -> None:
    text = (
        "Background\n\nAnaemia is common. Luspatercept (Reblozyl) is approved; in a trial it"
        " was compared with epoetin alfa. Korvatide (Orrin) was approved in 2024; it is"
        " infused every four weeks. Both therefore add clinic time to the visits patients"
        " already make."
    )
    claims = th.barriers(text, vocab)
    assert ("faces_barrier", "luspatercept", C.INFRASTRUCTURE) in claims
    assert ("faces_barrier", "korvatide", C.INFRASTRUCTURE) in claims
    assert ("faces_barrier", "epoetin-alfa", C.INFRASTRUCTURE) not in claims
    # a sentence naming two together is the pair
    pair = (
        "Background\n\nAnaemia is common. Luspatercept and korvatide are approved. Selvatug is"
        " new. Both need clinic visits."
    )
    assert ("faces_barrier", "selvatug", C.INFRASTRUCTURE) not in th.barriers(pair, vocab)


def test_all_four_antibodies_are_the_last_four_antibodies(vocab: Vocabulary) -> None:
    text = (
        "Note\n\nDostarlimab is approved. Pembrolizumab is approved. Durvalumab is approved"
        " in the EU with chemotherapy. Korvatug is Orrin's PD-1 antibody. Carboplatin and"
        " paclitaxel stay in every regimen. All four antibodies need thyroid monitoring over"
        " years of follow-up."
    )
    holders = {s for kind, s, _ in th.barriers(text, vocab) if kind == "faces_barrier"}
    assert holders >= {"dostarlimab", "pembrolizumab", "durvalumab", "korvatug"}
    assert not holders & {"carboplatin", "paclitaxel"}


def test_conjugates_are_the_adc_class_and_a_bispecific_conjugate_is_an_adc(
    vocab: Vocabulary,
) -> None:
    text = (
        "Deal\n\nThe deal includes KB-412, an EGFR-HER3 bispecific conjugate tested in mice."
        " The conjugates share the same logistics: infusions at a hospital day unit."
    )
    assert th.modalities(text, vocab)["kb-412"] == C.ADC
    assert ("faces_barrier", C.ADC, C.INFRASTRUCTURE) in th.barriers(text, vocab)
    # oligonucleotide conjugates are no ADCs
    oligo = "News\n\nAntibody-oligonucleotide conjugates are hard to make."
    assert all(s != C.ADC for _, s, _ in th.barriers(oligo, vocab))


def test_its_after_a_regimen_is_the_regimens_head(vocab: Vocabulary) -> None:
    text = (
        "News\n\nOrrin's korvatamab with carboplatin and pemetrexed is approved. Its first"
        " intravenous dose has to be given in an infusion unit."
    )
    holders = {s for _, s, b in th.barriers(text, vocab) if b == C.INFRASTRUCTURE}
    assert holders == {"korvatamab"}


def test_a_counted_opening_is_about_the_products_named_next(vocab: Vocabulary) -> None:
    text = (
        "Korvatug\n\nKorvatug is Orrin's antibody in a phase 1 trial.\n\nTwo regimens are"
        " already approved in that setting. Selvatamab is one."
    )
    assert th.phases(text, vocab)["korvatug"] == "phase1"


def test_a_prior_or_dispensed_product_is_neither_subject_nor_topic(vocab: Vocabulary) -> None:
    text = (
        "Orrin pays for Kaito's HER3 conjugate, betting the post-osimertinib gap is open\n\n"
        "Orrin has bought korvatug vedotin, an ADC, from Kaito. Patients had progressed on"
        " osimertinib.\n\nThe drug is given in a hospital day unit."
    )
    holders = {s for _, s, b in th.barriers(text, vocab) if b == C.INFRASTRUCTURE}
    assert holders == {"korvatug-vedotin"}
    prior = (
        "Trial\n\nKorvatug is Orrin's antibody. Prior luspatercept was allowed. The first two"
        " doses were given in hospital."
    )
    holders = {s for _, s, b in th.barriers(prior, vocab) if b == C.INFRASTRUCTURE}
    assert holders == {"korvatug"}
    # "prior" before another word is no prior treatment ("prior authorisation for X")
    authorised = "News\n\nInsurers require prior authorisation for korvatug, and it costs more."
    assert ("faces_barrier", "korvatug", C.COST) in th.barriers(authorised, vocab)


def test_a_product_named_as_the_patients_setting_is_no_mention(vocab: Vocabulary) -> None:
    text = (
        "Results for korvagene in BCG-unresponsive bladder cancer\n\nKorvagene is a gene"
        " therapy for patients with ibrutinib-refractory CLL."
    )
    assert _keys(text, vocab) == {"korvagene"}


def test_radioligand_inns_in_the_who_spelling(vocab: Vocabulary) -> None:
    text = (
        "Science\n\nThe compound, actinium (225Ac) korvatide tetraxetan, binds DLL3. Mice"
        " given korvatide lived longer. CRB-17, the actinium version, was more potent than"
        " CRB-16. Pluvicto, lutetium (177Lu) vipivotide tetraxetan, is approved."
    )
    assert th.aliases(text, vocab) == {
        "actinium-225ac-korvatide-tetraxetan": {"korvatide", "CRB-17"},
        "crb-16": set(),
        "lutetium-lu-177-vipivotide-tetraxetan": {
            "Pluvicto",
            "lutetium (177Lu) vipivotide tetraxetan",
        },
    }


def test_more_ways_a_code_is_given(vocab: Vocabulary) -> None:
    carries = (
        "Note\n\nEMP-72 is Orrin's radioligand; it now carries the INN actinium (225Ac)"
        " velpivotide tetraxetan."
    )
    assert th.aliases(carries, vocab) == {"actinium-225ac-velpivotide-tetraxetan": {"EMP-72"}}
    built = (
        "Release\n\nKorvagene merherparepvec is a virus. It was first constructed as DV-12 at"
        " the Dunleary Institute."
    )
    assert th.aliases(built, vocab) == {"korvagene-merherparepvec": {"DV-12"}}
    maker = (
        "Feature\n\nSelvatide, from Kaito, is weekly. Orrin reported that korvatide met its"
        " goal.\n\nCompared with selvatide, korvatide is a pill. Selvatide is injected.\n\n"
        "Orrin, which still calls the drug OR-55 in some filings, plans to file."
    )
    assert th.aliases(maker, vocab) == {"selvatide": set(), "korvatide": {"OR-55"}}


def test_a_fusion_proteins_third_word_is_part_of_its_inn(vocab: Vocabulary) -> None:
    text = "News\n\nKorvaleukin alfa selvakicept (Anvora) is an IL-15 agonist."
    assert _keys(text, vocab) == {"korvaleukin-alfa-selvakicept"}


def test_symbols_given_as_targets_are_no_codes(vocab: Vocabulary) -> None:
    text = (
        "Abstract\n\nOX40 and its ligand OX40L drive the disease. Korvatug is an anti-OX40"
        " antibody; selvalimab is directed at OX40L. The IL-13 antibodies tralokinumab and"
        " lebrikizumab are approved, as is dupilumab."
    )
    assert _keys(text, vocab) == {
        "korvatug",
        "selvalimab",
        "tralokinumab",
        "lebrikizumab",
        "dupilumab",
    }
    targets = th.targets(text, vocab)
    assert targets["korvatug"] == {"ox40"} and targets["selvalimab"] == {"ox40l"}
    assert targets["tralokinumab"] == targets["lebrikizumab"] == {"il-13"}
    assert "dupilumab" not in targets


def test_open_label_is_no_label(vocab: Vocabulary) -> None:
    text = (
        "Feature\n\nKorvatug is Orrin's antibody in a phase 1 trial. Outside experts were"
        ' cautious. "Forty-one people, open label, no control arm," one said.'
    )
    assert th.phases(text, vocab) == {"korvatug": "phase1"}


def test_an_unknown_chemotherapy_given_as_conditioning_is_no_programme(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\n\nEx vivo gene therapies need apheresis, and patients then receive"
        " myeloablative carmustine conditioning before korvagene autotemcel is infused."
    )
    assert _keys(text, vocab) == {"korvagene-autotemcel"}


def test_bcg_is_a_vaccine_product(vocab: Vocabulary) -> None:
    text = "News\n\nIn the US a single strain, Merck's TICE BCG, is available."
    assert th.modalities(text, vocab) == {"bcg": C.VACCINE}


def test_gene_editors_are_gene_therapies_with_long_follow_up(vocab: Vocabulary) -> None:
    text = (
        "Deal\n\nOrrin buys KB-291, a one-shot PCSK9 base editor. Permanence cuts both ways."
        " In vivo gene editors raise questions: off-target edits are hard to exclude, and"
        " guidance asks sponsors to follow patients for at least 15 years."
    )
    assert th.modalities(text, vocab) == {"kb-291": C.GENE_THERAPY}
    assert ("faces_barrier", C.GENE_THERAPY, C.LONG_TERM_SAFETY) in th.barriers(text, vocab)
    # the enzyme an mRNA encodes is no class word
    enzyme = "News\n\nThe nanoparticle carries messenger RNA for an adenine base editor."
    kinds = {m.key for m in extract(enzyme, vocab, has_title=True).mentions}
    assert C.GENE_THERAPY not in kinds


def test_antipsychotic_and_pterin_stems(vocab: Vocabulary) -> None:
    text = (
        "Feature\n\nHe took korvanzapine tablets for six years. Kuvan (selvapterin) helps"
        " some patients. The alpine trial is long."
    )
    assert th.modalities(text, vocab) == {
        "korvanzapine": C.SMALL_MOLECULE,
        "selvapterin": C.SMALL_MOLECULE,
    }


def test_a_disease_in_a_headline_written_in_capitals(vocab: Vocabulary) -> None:
    text = (
        "KORVATUG IN FIRST-LINE ENDOMETRIAL CANCER: THE TRIAL WINS IN BOTH COHORTS\n\n"
        "Orrin released the data yesterday."
    )
    assert ("korvatug", "endometrial-cancer") in th.pairs(text, vocab, "has_indication")


def test_the_trial_that_enrolled_patients_and_a_biomarker_subgroup_of_the_disease(
    vocab: Vocabulary,
) -> None:
    text = (
        "Results\n\nKorvatug is Orrin's PD-1 antibody. The trial enrolled 748 patients with"
        " recurrent endometrial cancer. Dostarlimab was approved in 2023 for dMMR disease."
    )
    uses = th.pairs(text, vocab, "has_indication")
    assert {("korvatug", "endometrial-cancer"), ("dostarlimab", "endometrial-cancer")} <= uses


def test_a_regimen_written_with_a_hyphen_and_a_partners_route(vocab: Vocabulary) -> None:
    text = (
        "News\n\nKorvatug plus carboplatin-paclitaxel improved survival. A cohort tests"
        " selvagene merherparepvec combined with intravenous pembrolizumab."
    )
    assert th.complements(text, vocab) == {
        frozenset({"korvatug", "carboplatin"}),
        frozenset({"korvatug", "paclitaxel"}),
        frozenset({"carboplatin", "paclitaxel"}),
        frozenset({"selvagene-merherparepvec", "pembrolizumab"}),
    }
    # a hyphen inside one word is no regimen
    assert _keys("News\n\nThe anti-korvatug response was weak.", vocab) == set()


def test_an_engager_and_it_after_a_class_and_its_product(vocab: Vocabulary) -> None:
    text = (
        "Deal\n\nThe conjugates are Orrin's focus. The company's second product, KB-2209, a"
        " masked DLL3 x CD3 engager, binds DLL3. It is being tested in mice with small cell"
        " lung cancer."
    )
    assert th.modalities(text, vocab) == {"kb-2209": C.BISPECIFIC}
    assert ("kb-2209", "small-cell-lung-cancer") in th.pairs(text, vocab, "has_indication")


def test_an_inns_first_letters_name_the_product(vocab: Vocabulary) -> None:
    text = (
        "Release\n\nOrrin reported results for korvalimogene merherparepvec (OR-17) today."
        " Korva is instilled in the urology clinic once a week."
    )
    assert th.aliases(text, vocab) == {"korvalimogene-merherparepvec": {"OR-17", "Korva"}}
    assert th.phases(text, vocab)["korvalimogene-merherparepvec"] is None  # no brand
    claims = th.barriers(text, vocab)
    assert ("faces_barrier", "korvalimogene-merherparepvec", C.INFRASTRUCTURE) in claims


def test_more_barrier_words_from_the_read_set(vocab: Vocabulary) -> None:
    text = (
        "News\n\nKorvatug is given as an infusion every two weeks, which means a trip back to"
        " the transplant centre. The EMA's committee issued a negative opinion on selvatinib."
        " In the US a single strain of Orrin's selvercept is available, and supply has been"
        " constrained for years. Melvatinib is a cheap capsule, but years of it may raise the"
        " risk of leukaemia. Ruvatug will not be a cheap drug. Orrin will launch telvatug at"
        " a meaningful discount to the incumbents. With pelvatug the thyroid damage is often"
        " permanent."
    )
    claims = th.barriers(text, vocab)
    assert {
        ("faces_barrier", "korvatug", C.INFRASTRUCTURE),
        ("faces_barrier", "selvatinib", C.REGULATORY),
        ("faces_barrier", "selvercept", C.MANUFACTURING),
        ("addresses_barrier", "melvatinib", C.COST),
        ("faces_barrier", "melvatinib", C.SECONDARY_MALIGNANCY),
        ("faces_barrier", "ruvatug", C.COST),
        ("addresses_barrier", "telvatug", C.COST),
        ("faces_barrier", "pelvatug", C.LONG_TERM_SAFETY),
    } <= claims
    assert ("addresses_barrier", "ruvatug", C.COST) not in claims


def test_a_product_under_review_finished_phase_3(vocab: Vocabulary) -> None:
    text = (
        "News\n\nSelvatug is new. Orrin's korvatug, originally called OR-001, is an"
        " intravenous antibody; its application is under FDA priority review with an action"
        " date of June 30, 2026."
    )
    assert th.phases(text, vocab)["korvatug"] == "phase3"
    timeline = (
        "News\n\nKorvatug is in a trial. Orrin had planned a registrational study; it now"
        " says that timeline is under review."
    )
    assert th.phases(timeline, vocab) == {"korvatug": None}


def test_a_stage_in_the_apposition_of_a_compared_product(vocab: Vocabulary) -> None:
    text = (
        "News\n\nSelvatug is new. Compared with KB-003, Kaito's subcutaneous antibody in"
        " Phase 3 development, Orrin's course is shorter."
    )
    assert th.phases(text, vocab) == {"selvatug": None, "kb-003": "phase3"}


def test_more_target_forms_from_the_read_set(vocab: Vocabulary) -> None:
    text = (
        "Note\n\nOrrin's korvalumab (Korvix), which blocks PD-L1, was approved in 2024."
        " Unlike korvalumab, selvatug showed a benefit without adding a PARP inhibitor."
        " Kaito's melvacept, a TACI-Fc fusion protein that mops up both BAFF and APRIL, is"
        " under review. The deal includes KB-412, an EGFR×HER3 bispecific conjugate."
    )
    targets = th.targets(text, vocab)
    assert targets["korvalumab"] == {"pd-l1"}
    assert "selvatug" not in targets
    assert targets["melvacept"] == {"baff", "april"}
    assert targets["kb-412"] == {"egfr", "her3"}
    words = (
        "Feature\n\nKorvatide is weekly. Selvatide is a pill. Both bind ferroportin. Orrin's"
        " ravomeline acts on the M4 receptor."
    )
    targets = th.targets(words, vocab)
    assert targets["korvatide"] == targets["selvatide"] == {"ferroportin"}
    assert targets["ravomeline"] == {"muscarinic-m4-receptor"}


def test_polycythaemia_vera_in_either_spelling(vocab: Vocabulary) -> None:
    text = "News\n\nKorvatide is tested in patients with polycythaemia vera."
    assert ("korvatide", "polycythemia-vera") in th.pairs(text, vocab, "has_indication")


def test_a_planned_phase_3_named_by_its_phase_alone_pits_its_arms(vocab: Vocabulary) -> None:
    text = (
        "Plans\n\nKorvatug is in phase 1. If the dose holds up, a randomised phase 3 would"
        " pit OR-3107 against carboplatin plus pemetrexed after osimertinib."
    )
    assert th.pairs(text, vocab, "head_to_head") == {
        ("or-3107", "carboplatin"),
        ("or-3107", "pemetrexed"),
    }
    # a phase 3 result compared in prose is no design
    prose = "News\n\nIn phase 3, korvatug did better than selvatug on response."
    assert not th.pairs(prose, vocab, "head_to_head")


def test_a_comparator_class_is_not_whom_a_trials_phase_is_said_of(vocab: Vocabulary) -> None:
    text = (
        "Deal\n\nOrrin's korvatug deruxtecan, a HER3-directed conjugate, received a complete"
        " response letter in 2024. In 2025 the partners withdrew the application, after"
        " survival in the phase 3 KESTREL-2 trial against platinum-based chemotherapy did not"
        " reach significance."
    )
    assert th.phases(text, vocab)["korvatug-deruxtecan"] == "phase3"
