"""Rules written in session 22 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): more ways a code is given as another name of a product ("where it was made as",
"the conjugate is", "develops the drug there as"), protocol numbers that extend a
product's code, codes that start with a digit, results that "beat" a trial's other arm,
and a partner set off after a comparator. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def _keys(text: str, vocab: Vocabulary) -> set[str]:
    return {t.key for t in extract(text, vocab, has_title=True).therapies}


def test_a_maker_code_given_in_a_relative_clause_or_filing_is_an_alias(
    vocab: Vocabulary,
) -> None:
    made = (
        "Deal\n\nDorvantug vedotin is an ADC.\n\nThe drug came from Kelso Biopharma, where it"
        " was made as KB-4471; Orrin holds rights outside China."
    )
    assert th.aliases(made, vocab) == {"dorvantug-vedotin": {"KB-4471"}}
    filed = (
        "Deal\n\nSelvatug vedotin is an ADC. In Harlow's filings the conjugate is HB-2290;"
        " Orrin will develop it as OR-880."
    )
    assert th.aliases(filed, vocab) == {"selvatug-vedotin": {"HB-2290", "OR-880"}}
    called = (
        "Approval\n\nTelvibart was discovered by Corran Bio; in Orrin's filings the antibody"
        " was called OR-1180 until it received its international name."
    )
    assert th.aliases(called, vocab) == {"telvibart": {"OR-1180"}}
    there = (
        "Results\n\nMelvabrutinib is a BTK inhibitor. Orrin and its partner Kaito Pharma,"
        " which develops the drug there as KP-3350, plan to file next year."
    )
    assert th.aliases(there, vocab) == {"melvabrutinib": {"KP-3350"}}
    # a code of another product stays its own
    other = (
        "Results\n\nMelvabrutinib is a BTK inhibitor. Kaito Pharma is testing KP-3350 in asthma."
    )
    assert _keys(other, vocab) == {"melvabrutinib", "kp-3350"}


def test_an_unknown_lower_case_name_takes_a_code_given_in_a_later_paragraph(
    vocab: Vocabulary,
) -> None:
    text = (
        "Approval\n\nThe Commission granted a licence to torvadelpar, Orrin's once-daily"
        " PPAR-delta agonist, for primary biliary cholangitis.\n\nOrrin developed the drug as"
        " OR-216 after licensing it from Kaito Pharma."
    )
    assert th.aliases(text, vocab) == {"torvadelpar": {"OR-216"}}


def test_a_protocol_number_that_extends_a_product_code_is_a_trial(vocab: Vocabulary) -> None:
    text = (
        "Abstract\n\nSalvamenib (KLT-417) in acute leukaemia: the phase 1 KLT-417-101 study."
        " Methods: KLT-417-101 is an open-label, first-in-human phase 1 study."
    )
    assert _keys(text, vocab) == {"salvamenib"}
    # a product's own code, said before "study", is still the product where it stands alone
    own = "Abstract\n\nKLT-417 is a menin inhibitor. Results of the KLT-417 study were presented."
    assert _keys(own, vocab) == {"klt-417"}
    # "X is the lead asset in the trial" says nothing about X being a trial
    lead = "News\n\nKLT-417 is the lead asset in the trial. KLT-417 is a menin inhibitor."
    assert _keys(lead, vocab) == {"klt-417"}


def test_a_code_that_starts_with_a_digit_is_a_product(vocab: Vocabulary) -> None:
    text = "Rivals\n\nKelso's 7KB3810, a nectin-4 ADC, is in a Phase 3 trial in China."
    assert _keys(text, vocab) == {"7kb3810"}
    assert th.phases(text, vocab) == {"7kb3810": "phase3"}
    # a quarter or a year is no code
    assert _keys("Results\n\nSales rose in 3Q2025 and 4Q25.", vocab) == set()


def test_beating_a_trials_other_arm_is_head_to_head(vocab: Vocabulary) -> None:
    trial = (
        "Approval\n\nNivolumab was approved in April 2025 after beating lenvatinib or"
        " sorafenib in CheckMate 9DW."
    )
    assert th.pairs(trial, vocab, "head_to_head") == {
        ("nivolumab", "lenvatinib"),
        ("nivolumab", "sorafenib"),
    }
    # without a trial it is a comparison the text makes; "the drug to beat" is none
    plain = "Views\n\nAnalysts say zanubrutinib beats ibrutinib. Ibrutinib is the drug to beat."
    assert th.pairs(plain, vocab, "head_to_head") == set()
    assert th.pairs(plain, vocab, "compared_with") == {("zanubrutinib", "ibrutinib")}
    # a second clause keeps its own design
    both = (
        "Trials\n\nIn ALPINE, zanubrutinib beat ibrutinib on response, and in ELEVATE-RR,"
        " acalabrutinib was non-inferior to ibrutinib."
    )
    out = extract(both, vocab, has_title=True)
    details = {
        (r.subject.key, r.object.key, r.detail) for r in out.relations if r.kind == "head_to_head"
    }
    assert details == {
        ("zanubrutinib", "ibrutinib", "head_to_head"),
        ("acalabrutinib", "ibrutinib", "non_inferiority"),
    }


def test_a_trial_against_a_drug_and_a_phase_3_in_which_one_is_tested(vocab: Vocabulary) -> None:
    trial = (
        "Approval\n\nDurvalumab is approved in Europe after the HIMALAYA trial against sorafenib."
    )
    assert th.pairs(trial, vocab, "head_to_head") == {("durvalumab", "sorafenib")}
    phase = (
        "Note\n\nOrrin plans a registrational Phase 3 in which velnatug vedotin is tested"
        " against investigator's choice of paclitaxel or topotecan."
    )
    assert th.pairs(phase, vocab, "head_to_head") == {
        ("velnatug-vedotin", "paclitaxel"),
        ("velnatug-vedotin", "topotecan"),
    }
    # "against" outside any trial stays a comparison
    plain = "Views\n\nVelnatug vedotin looks good against topotecan."
    assert th.pairs(plain, vocab, "head_to_head") == set()


def test_a_partner_set_off_after_the_comparator_is_not_compared(vocab: Vocabulary) -> None:
    text = (
        "Rivals\n\nKelso's velnatug vedotin has been pitted against docetaxel, in combination"
        " with toripalimab, in a Phase 3 trial."
    )
    assert th.pairs(text, vocab, "head_to_head") == {("velnatug-vedotin", "docetaxel")}
    # a comparator's own partner in a list stays an arm
    listed = (
        "Trial\n\nVelnatug vedotin is being tested against docetaxel and topotecan in a"
        " Phase 3 trial."
    )
    assert th.pairs(listed, vocab, "head_to_head") == {
        ("velnatug-vedotin", "docetaxel"),
        ("velnatug-vedotin", "topotecan"),
    }


def test_a_label_hoped_for_is_no_approval(vocab: Vocabulary) -> None:
    hoped = (
        "Note\n\nTorvacamten is in a phase 2 study. The company's pitch rests on a label"
        " without a REMS."
    )
    assert th.phases(hoped, vocab) == {"torvacamten": "phase2"}
    held = "Note\n\nTorvacamten is in a phase 2 study. Its label carries a boxed warning."
    assert th.phases(held, vocab) == {"torvacamten": "approved"}


def test_a_headline_noun_in_capitals_is_no_brand(vocab: Vocabulary) -> None:
    text = (
        "Forum\n\nDOPAMINERGIC PROGENITORS (SELVANEPROCEL, KLT-417) IN PARKINSON'S DISEASE:"
        " RESULTS OF THE PHASE 1 STUDY"
    )
    out = extract(text, vocab, has_title=True)
    assert [(t.key, t.phase, sorted(t.aliases)) for t in out.therapies] == [
        ("selvaneprocel", "phase1", ["KLT-417"])
    ]
    # a brand in capitals still is one
    brand = "News\n\nZORVELTA (selvaneprocel) was launched in Japan."
    assert th.phases(brand, vocab) == {"selvaneprocel": "approved"}


def test_a_stage_in_an_apposition_is_only_its_products(vocab: Vocabulary) -> None:
    text = (
        "Background: The products furthest ahead, selvaneprocel (Kelso Bio), now in a phase 3"
        " trial, and torvaneprocel (Amvera, Orrin Pharma), granted conditional, time-limited"
        " approval in Japan, were both given with immunosuppression."
    )
    assert th.phases(text, vocab) == {"selvaneprocel": "phase3", "torvaneprocel": "approved"}


def test_a_meeting_line_above_an_abstract_is_no_title() -> None:
    from tlkg.loaders.articles.text import parse_text_article

    raw = (
        "Northern Movement Disorders Forum 2026 -- Leeds, UK, 2-4 May 2026\n"
        "Late-breaking abstract LBA-7 | Session 2: Cell Therapies\n\n"
        "SELVANEPROCEL IN PARKINSON'S DISEASE: RESULTS OF THE PHASE 1 KESTREL STUDY\n\n"
        "Background: Cell therapies are placed in the putamen.\n"
    )
    assert parse_text_article(raw).title == (
        "SELVANEPROCEL IN PARKINSON'S DISEASE: RESULTS OF THE PHASE 1 KESTREL STUDY"
    )


def test_an_unknown_ingredient_joined_by_a_slash_is_part_of_the_combination(
    vocab: Vocabulary,
) -> None:
    text = "News\n\nPatients switched to fosvaladopa/foslevodopa (Duovela), an infusion."
    assert _keys(text, vocab) == {"fosvaladopa-foslevodopa"}
    # placebo is no ingredient
    assert _keys("Trial\n\nPatients received ibrutinib/placebo for a year.", vocab) == {"ibrutinib"}


def test_natriuretic_peptides_and_plasias(vocab: Vocabulary) -> None:
    text = "Approval\n\nCorvoritide is approved for children with achondroplasia."
    assert th.modalities(text, vocab) == {"corvoritide": "other-modality"}
    assert th.pairs(text, vocab, "has_indication") == {("corvoritide", "achondroplasia")}
    # "symptomatic" is no part of a disease's name
    hcm = (
        "Approval\n\nCorvoritide is approved for symptomatic obstructive hypertrophic"
        " cardiomyopathy."
    )
    assert th.pairs(hcm, vocab, "has_indication") == {
        ("corvoritide", "obstructive-hypertrophic-cardiomyopathy")
    }


def test_a_setting_of_the_disease_names_the_articles_disease_in_that_setting(
    vocab: Vocabulary,
) -> None:
    text = (
        "Note\n\nVelnatug vedotin is in phase 1 for platinum-resistant ovarian cancer. A"
        " second cohort will enrol patients with platinum-sensitive disease."
    )
    out = extract(text, vocab, has_title=True)
    assert {m.key for m in out.mentions if m.kind == "indication"} == {
        "platinum-resistant-ovarian-cancer",
        "platinum-sensitive-ovarian-cancer",
    }
    # with two diseases named, the article has no one disease to set
    two = (
        "Note\n\nVelnatug vedotin is in phase 1 for ovarian cancer and breast cancer, also"
        " in platinum-sensitive disease."
    )
    out = extract(two, vocab, has_title=True)
    assert "platinum-sensitive-disease" in {m.key for m in out.mentions if m.kind == "indication"}


def test_more_ways_a_treatment_is_tied_to_a_hospital(vocab: Vocabulary) -> None:
    both = (
        "News\n\nDocetaxel and cabazitaxel are chemotherapies. Both are given as an"
        " intravenous infusion every three weeks in a hospital day unit."
    )
    assert th.barriers(both, vocab) == {
        ("faces_barrier", "docetaxel", "treatment-centres"),
        ("faces_barrier", "cabazitaxel", "treatment-centres"),
    }
    restricted = "News\n\nKelvora (torvuximab beta) is restricted to hospital use."
    assert th.barriers(restricted, vocab) == {
        ("faces_barrier", "torvuximab-beta", "treatment-centres")
    }
    assert th.modalities(restricted, vocab) == {"torvuximab-beta": "monoclonal-antibody"}
    few = "News\n\nFor that reason selva-cel is given at only two hospitals."
    assert th.barriers(few, vocab) == {("faces_barrier", "selva-cel", "treatment-centres")}
    kept = (
        "News\n\nMavacamten and aficamten need echocardiograms. That echo schedule has kept"
        " the two drugs in specialist HCM centres."
    )
    assert th.barriers(kept, vocab) == {
        ("faces_barrier", "mavacamten", "treatment-centres"),
        ("faces_barrier", "aficamten", "treatment-centres"),
    }
    # an infusion at home ties nothing to a hospital
    home = "News\n\nCabazitaxel is given as an infusion every three weeks at home."
    assert ("faces_barrier", "cabazitaxel", "treatment-centres") not in th.barriers(home, vocab)


def test_a_relative_clause_after_a_long_apposition_is_its_products(vocab: Vocabulary) -> None:
    text = (
        "Abstract\n\nA randomised phase 2 study of selvaneprocel against continuous"
        " foslevodopa (Vyalev, AbbVie), the device-aided infusion approved by the FDA in 2024"
        " for motor fluctuations in advanced Parkinson's disease, which is started in a"
        " clinic and then delivered at home by a wearable pump, is planned."
    )
    assert th.barriers(text, vocab) == {("addresses_barrier", "foslevodopa", "treatment-centres")}


def test_targets_named_in_words_subtypes_and_numbered_proteins(vocab: Vocabulary) -> None:
    myosin = "Results\n\nTorvacamten, Orrin's once-daily oral cardiac myosin inhibitor, works."
    assert th.targets(myosin, vocab) == {"torvacamten": {"cardiac-myosin"}}
    subtype = (
        "Approval\n\nTorvadelpar is Orrin's once-daily PPAR-delta agonist. Kelvumab, which"
        " blocks the IL-4 receptor alpha subunit, is approved."
    )
    assert th.targets(subtype, vocab) == {
        "torvadelpar": {"ppar-delta"},
        "kelvumab": {"il-4-receptor-alpha"},
    }
    numbered = "Rivals\n\nKelso's 7KB3810, a nectin-4 ADC, is in phase 3."
    assert th.targets(numbered, vocab) == {"7kb3810": {"nectin-4"}}
    aimed = "Feature\n\nSelva-cel is made of CAR T cells aimed at GD2, a sugar-lipid molecule."
    assert th.targets(aimed, vocab) == {"selva-cel": {"gd2"}}
    # a trial's type or phase is no protein, nor is a numbered enzyme written in words
    plain = "News\n\nType-2 inhibitors like torvagliflozin and a phosphodiesterase-4 inhibitor."
    assert "type-2" not in {k for v in th.targets(plain, vocab).values() for k in v}
    assert "phosphodiesterase-4" not in {k for v in th.targets(plain, vocab).values() for k in v}


def test_an_antibody_and_its_beta_are_two_products(vocab: Vocabulary) -> None:
    text = "News\n\nTorvuximab beta (Kelvora) and torvuximab (Amvera) are approved."
    out = extract(text, vocab, has_title=True)
    assert {(t.key, tuple(t.aliases)) for t in out.therapies} == {
        ("torvuximab-beta", ("Kelvora",)),
        ("torvuximab", ("Amvera",)),
    }


def test_a_dated_apposition_states_the_compared_regimens_stage(vocab: Vocabulary) -> None:
    text = (
        "News\n\nCompared with atezolizumab plus bevacizumab, in 2020 the first immunotherapy"
        " combination approved for this use, velnibart offers no new mechanism."
    )
    assert th.phases(text, vocab) == {
        "atezolizumab": "approved",
        "bevacizumab": "approved",
        "velnibart": None,
    }


def test_the_enrolled_patients_marker_is_no_comparators_target(vocab: Vocabulary) -> None:
    text = (
        "Note\n\nOrrin plans a Phase 3 in which velnatug vedotin is tested against paclitaxel"
        " or topotecan in FRα-unselected patients."
    )
    assert th.targets(text, vocab) == {}
    positive = "Note\n\nVelnatug vedotin is tested against paclitaxel in HER2-positive patients."
    assert th.targets(positive, vocab) == {}
    # a drug's own target stays: "a HER2-positive ..." is no population here
    own = "Note\n\nVelnatug vedotin, a HER2-directed ADC, is tested against paclitaxel."
    assert th.targets(own, vocab) == {"velnatug-vedotin": {"her2"}}


def test_more_ways_to_name_a_maker(vocab: Vocabulary) -> None:
    camel = "News\n\nThe programme to beat is kiNova's KN-130, an AAV5 vector."
    assert th.pairs(camel, vocab, "developed_by") == {("kn-130", "kinova")}
    won = "News\n\nIn February, Orrin Pharma won accelerated approval for Kelvora (torvoritide)."
    assert th.pairs(won, vocab, "developed_by") == {("torvoritide", "orrin-pharma")}
    came = (
        "Note\n\nSelvanib is an ADC. The drug came from Kelso Biopharma, where it was made"
        " as KB-1561."
    )
    assert th.pairs(came, vocab, "developed_by") == {("selvanib", "kelso-biopharma")}
    based = (
        "Note\n\nTorvacamten is a myosin inhibitor. The molecule was discovered by"
        " Seoul-based Hanwee Pharmaceutical, which keeps the Korean rights."
    )
    assert th.pairs(based, vocab, "developed_by") == {("torvacamten", "hanwee-pharmaceutical")}
    slash = "News\n\nSelvaneprocel (Kelso Therapeutics/Bayer), now in phase 3, was given."
    assert th.pairs(slash, vocab, "developed_by") == {
        ("selvaneprocel", "kelso-therapeutics"),
        ("selvaneprocel", "bayer"),
    }
    # an ordinary lower-case word before a possessive is no company
    plain = "News\n\nThe team's KN-130 is an AAV5 vector."
    assert th.pairs(plain, vocab, "developed_by") == set()


def test_claim_levels_not_from_a_negated_approval_or_a_planned_trial() -> None:
    from tlkg.loaders.text.evidence import sentence_level

    assert sentence_level("It was discovered at Kelso and is not approved anywhere.", None) is None
    assert (
        sentence_level("It was discovered at Kelso and is approved in Japan.", None) == "approved"
    )
    planned = "Orrin's Phase 3, planned for the second half of 2027, is designed to show it."
    assert sentence_level(planned, "early-clinical") is None
    starting = (
        "Management guided to a phase 3 study, KESTREL-3, starting in the first half of 2027."
    )
    assert sentence_level(starting, "early-clinical") is None
    # a phase 3 trial that reported is pivotal evidence
    done = "The phase 3 KESTREL-3 study met its primary endpoint in 2025."
    assert sentence_level(done, "early-clinical") == "pivotal"


def test_a_name_sold_under_a_brand_in_brackets_or_owned_before_a_class(
    vocab: Vocabulary,
) -> None:
    sold = (
        "News\n\nKelso's torvadelpar (sold in the US as Livora), a selective PPAR-delta"
        " agonist, followed in 2025."
    )
    assert _keys(sold, vocab) == {"torvadelpar"}
    owned = "News\n\nOrrin's Kelvora, an FXR agonist, lost its footing in Europe."
    assert _keys(owned, vocab) == {"kelvora"}
    # a company's name set off by a comma is no brand
    company = "News\n\nCompared with resmetirom, Madrigal Pharmaceuticals' drug, it is safer."
    assert _keys(company, vocab) == {"resmetirom"}


def test_comparing_it_with_a_drug_in_a_phase_3b_study(vocab: Vocabulary) -> None:
    text = (
        "News\n\nTorvabrutinib is approved. Orrin is running a Phase 3b study comparing it"
        " with dupilumab."
    )
    assert th.pairs(text, vocab, "head_to_head") == {("torvabrutinib", "dupilumab")}
    # "it" with nothing it can stand for names no arm
    alone = "News\n\nOrrin is running a Phase 3b study comparing it with dupilumab."
    assert th.pairs(alone, vocab, "head_to_head") == set()


def test_a_class_word_right_before_a_name_is_that_products_kind(vocab: Vocabulary) -> None:
    text = (
        "News\n\nThe CD19-directed CAR-T selvacabtagene autoleucel is approved, but it requires"
        " apheresis and lymphodepletion."
    )
    assert th.barriers(text, vocab) == {
        ("faces_barrier", "selvacabtagene-autoleucel", "apheresis"),
        ("faces_barrier", "selvacabtagene-autoleucel", "lymphodepletion"),
    }
    # a plural class with its examples is still the class's claim
    plural = "News\n\nAutologous CAR-Ts, selvacabtagene autoleucel among them, require apheresis."
    assert ("faces_barrier", "car-t-autologous", "apheresis") in {
        (r.kind, r.subject.key, r.object.key)
        for r in extract(plural, vocab, has_title=True).relations
    }


def test_a_blocker_two_interleukins_and_a_glycoprotein_by_weight(vocab: Vocabulary) -> None:
    text = (
        "News\n\nOrrin's torvalimumab (Kelvora), a TNF blocker, was first; Kelso's"
        " selvakizumab, which blocks both IL-17A and IL-17F, followed."
    )
    assert th.targets(text, vocab) == {
        "torvalimumab": {"tnf"},
        "selvakizumab": {"il-17a", "il-17f"},
    }
    gp = "News\n\nTorvafusp, Orrin's gp100-directed engager, is the precedent."
    assert th.targets(gp, vocab) == {"torvafusp": {"gp100"}}


def test_a_targeted_class_reaches_its_examples_named_with_their_makers(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\n\nAutologous CD19 CAR-T therapies, such as Kelso Therapeutics' KLT-101 and"
        " Orrin Bio's selvacabtagene autoleucel, need apheresis."
    )
    assert th.targets(text, vocab) == {
        "klt-101": {"cd19"},
        "selvacabtagene-autoleucel": {"cd19"},
    }


def test_a_code_an_organisation_owns_in_the_body_is_no_bare_code(vocab: Vocabulary) -> None:
    listed = (
        "News\n\nRivals include Kelso Therapeutics' KLT-101 and Orrin Bio's selvacabtagene"
        " autoleucel."
    )
    assert _keys(listed, vocab) == {"klt-101", "selvacabtagene-autoleucel"}
    stopped = (
        "Deal\n\nOrrin licensed torvorexton, an orexin agonist. Kelso's first oral orexin"
        " agonist, KLS-994, was stopped in 2021, which is why investors will watch"
        " torvorexton's liver enzymes."
    )
    assert _keys(stopped, vocab) == {"torvorexton", "kls-994"}
    # a maker's bare code in a quote is still its programme's
    quoted = (
        "News\n\nKelso Therapeutics said torvorexton, its orexin agonist, met its endpoint."
        ' "We designed KLS-318 to last all day," the chief executive said.'
    )
    assert th.aliases(quoted, vocab) == {"torvorexton": {"KLS-318"}}


def test_a_figure_that_compares_with_a_rivals(vocab: Vocabulary) -> None:
    text = "News\n\nTorvaglutide's 21.4% compares with 20.9% for tirzepatide at its top dose."
    assert th.pairs(text, vocab, "compared_with") == {("torvaglutide", "tirzepatide")}
    # a figure compared with no rival names none
    alone = "News\n\nTorvaglutide's 21.4% compares with 20.9% in the placebo arm."
    assert th.pairs(alone, vocab, "compared_with") == set()
