"""Rules written in session 16 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): stages said of another product or not at all, a plural class word's apposed
members, rapid manufacturing, a requirement nobody needed, company forms, compared pairs
and drugs of a class named in apposition. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.evidence import evidence_level
from tlkg.ontology.vocab import Vocabulary


def test_an_infinitive_or_a_distance_from_approval_is_no_stage(vocab: Vocabulary) -> None:
    slow = "News\nHard to make, slow to approve: Fenwick's zorvatug vedotin is in phase 3."
    assert th.phases(slow, vocab)["zorvatug-vedotin"] == "phase3"
    far = (
        "Feature\nBrennacel's TRX-4410 entered a phase 1 trial in May.\n\nThe two"
        " therapies are also years from any approval, and nobody knows what they will cost."
    )
    assert th.phases(far, vocab)["trx-4410"] == "phase1"
    done = "News\nThe FDA approved zorvatug vedotin (Zorvia) for myeloma on Monday."
    assert th.phases(done, vocab)["zorvatug-vedotin"] == "approved"


def test_the_only_approved_member_of_a_class_is_not_the_subject(vocab: Vocabulary) -> None:
    text = (
        "News\nTellerby Genetics said its experimental gene therapy, pelvoctogene"
        " dulparvovec (TLG-808), kept factor VIII activity up at a dose a fifth of that"
        " used for the only approved gene therapy for the disease."
    )
    assert th.phases(text, vocab)["pelvoctogene-dulparvovec"] is None
    copula = "News\nPelvoctogene dulparvovec is the only approved gene therapy for the disease."
    assert th.phases(copula, vocab)["pelvoctogene-dulparvovec"] == "approved"


def test_a_stage_in_a_comparison_phrase_is_the_compared_ones(vocab: Vocabulary) -> None:
    text = (
        "Call\nEnrolment in WESTGATE-1, the registrational phase 2 study of dorvamenib"
        " (HRT-417), is complete. WESTGATE-1 is single-arm, like the studies behind the two"
        " approvals."
    )
    assert th.phases(text, vocab)["dorvamenib"] == "phase2"


def test_an_application_that_sought_approval_is_not_approval(vocab: Vocabulary) -> None:
    text = (
        "FDA turns down Hollesley's myeloma ADC\nThe FDA has issued a complete response"
        " letter to Hollesley Pharma for dorvitatug mafodotin, its BCMA-directed antibody-drug"
        " conjugate. The application sought approval of the drug in combination with"
        " pomalidomide.\n\nThe application rested on HAVEN-3, a randomized phase 3 trial of"
        " dorvitatug mafodotin in 480 patients; median progression-free survival was 26 months."
    )
    assert evidence_level(text, has_title=True) == "pivotal"
    assert th.phases(text, vocab)["dorvitatug-mafodotin"] == "phase3"


def test_a_plural_class_word_reaches_each_apposed_member(vocab: Vocabulary) -> None:
    text = (
        "Feature\nThe CD22xCD3 bispecific antibodies Tellvio (tellamig), from Orrin"
        " Therapeutics, and Bravona (bravotamig), from Kessock Bio, are off the shelf."
    )
    found = th.targets(text, vocab)
    assert found.get("tellamig") == {"cd22"}
    assert found.get("bravotamig") == {"cd22"}
    # a singular class word describes the one product beside it
    one = (
        "Feature\nThe CD22xCD3 bispecific antibody Tellvio (tellamig), from Orrin"
        " Therapeutics, is off the shelf, and Bravona (bravotamig), from Kessock Bio, too."
    )
    assert "bravotamig" not in th.targets(one, vocab)


def test_rapid_manufacturing_removes_the_manufacturing_wait(vocab: Vocabulary) -> None:
    text = (
        "Letter\nFelbricabtagene autoleucel (felbri-cel) is an autologous CD70-directed"
        " CAR-T product made with a next-day process without ex vivo expansion."
    )
    found = th.barriers(text, vocab)
    assert ("addresses_barrier", "felbricabtagene-autoleucel", "manufacturing-capacity") in found
    assert ("addresses_barrier", "felbricabtagene-autoleucel", "vein-to-vein-time") in found
    # said of a class word alone, it is no claim about the class
    lede = (
        "Note\nBottom line. The company's lead asset, an autologous CD19 CAR-T made in three"
        " days, produced remissions in 18 of 24 patients."
    )
    assert not any(b[1] == "car-t-autologous" for b in th.barriers(lede, vocab))


def test_a_hospital_stay_nobody_needed_is_addressed(vocab: Vocabulary) -> None:
    text = (
        "News\nNo patient in the HARBOUR-FL trial of dovlinamig had to be admitted to"
        " hospital for a dose."
    )
    assert ("addresses_barrier", "dovlinamig", "treatment-centres") in th.barriers(text, vocab)
    needed = (
        "News\nEvery patient in the HARBOUR-FL trial of dovlinamig had to be admitted to"
        " hospital for a dose."
    )
    assert ("faces_barrier", "dovlinamig", "treatment-centres") in th.barriers(needed, vocab)


def test_a_company_form_is_no_part_of_the_name(vocab: Vocabulary) -> None:
    text = (
        "News\nBrantwick licensed velmorsiran in 2024. It was discovered by Kagami Nucleic"
        " Acid Research Co. in Kyoto."
    )
    assert ("velmorsiran", "kagami-nucleic-acid-research") in th.pairs(text, vocab, "developed_by")
    merck = "News\nMerck & Co. develops velmorsiran."
    assert {o for _t, o in th.pairs(merck, vocab, "developed_by")} != {"merck"}


def test_the_maker_in_a_compared_products_apposition_is_its_own(vocab: Vocabulary) -> None:
    text = (
        "HTA\nThe company compared dal-cel with zorbagene autotemcel (Zorbia, zor-cel), the"
        " CRISPR-edited therapy from Ardenne Pharmaceuticals and CRISPR Therapeutics, which"
        " the council recommended in 2025."
    )
    found = th.pairs(text, vocab, "developed_by")
    assert ("zorbagene-autotemcel", "ardenne-pharmaceuticals") in found
    assert ("zorbagene-autotemcel", "crispr-therapeutics") in found
    assert not any(t == "dal-cel" for t, _o in found)
    # a list of two with one maker after it: both are the maker's
    both = "News\nVelmorsiran and dalmorsiran, both developed by Ardenne Pharmaceuticals, work."
    assert ("velmorsiran", "ardenne-pharmaceuticals") in th.pairs(both, vocab, "developed_by")


def test_a_word_said_to_be_a_small_molecule_is_a_drug_name(vocab: Vocabulary) -> None:
    text = (
        "News\nHarlow Pharma is also developing tuvalaplin, an oral small molecule that"
        " prevents the assembly of the particle."
    )
    assert th.modalities(text, vocab).get("tuvalaplin") == "small-molecule"
    disease = "News\nHemophilia, a gene therapy target, is rare. Tellerby makes TLG-808."
    assert "hemophilia" not in th.modalities(disease, vocab)


def test_a_class_word_is_given_no_indication(vocab: Vocabulary) -> None:
    text = (
        "Review\nAutologous CAR-T is now being tested in systemic sclerosis. Dervacabtagene"
        " autoleucel is being tested in systemic sclerosis too."
    )
    found = th.pairs(text, vocab, "has_indication")
    assert ("dervacabtagene-autoleucel", "systemic-sclerosis") in found
    assert not any(s.startswith("car-t") for s, _o in found)


def test_disease_names_keep_the_words_that_say_which(vocab: Vocabulary) -> None:
    cases = {
        "IgA nephropathy": "iga-nephropathy",
        "type 2 diabetes": "type-2-diabetes",
        "chronic inflammatory demyelinating polyneuropathy": (
            "chronic-inflammatory-demyelinating-polyneuropathy"
        ),
        "plaque psoriasis": "plaque-psoriasis",
        "relapsed or refractory myeloma": "relapsed-or-refractory-multiple-myeloma",
    }
    for disease, key in cases.items():
        text = f"News\nDorvatamab is being tested in {disease}."
        assert th.pairs(text, vocab, "has_indication") == {("dorvatamab", key)}, disease
    # a stage word in front is still no part of the name
    staged = "News\nDorvatamab is being tested in moderate-to-severe plaque psoriasis."
    assert th.pairs(staged, vocab, "has_indication") == {("dorvatamab", "plaque-psoriasis")}


def test_a_share_price_or_an_idiom_is_no_cost_barrier(vocab: Vocabulary) -> None:
    for text in (
        "Note\nPrice target: $61 (from $48) | Price (29 Sep close): $37.10 for dorvatamab.",
        "Deal\nDorvatamab's owners will receive $31 per share, a 74% premium to Friday's"
        " closing price.",
        "News\nDorvatamab produced high remission rates, at the cost of prolonged"
        " myelosuppression.",
        "News\nAcme develops dorvatamab with Beta Bio, which shares costs and profits.",
    ):
        assert not any(b[2] == "cost" for b in th.barriers(text, vocab)), text
    priced = "News\nDorvatamab costs $400,000 a course."
    assert ("faces_barrier", "dorvatamab", "cost") in th.barriers(priced, vocab)


def test_hospital_stays_written_other_ways_face_treatment_centres(vocab: Vocabulary) -> None:
    for text in (
        "News\nPatients given dorvatamab stay in hospital for monitoring after early doses.",
        "News\nFor dorvatamab, the first cycle is being given to inpatients.",
        "News\nDorvatamab requires monitoring for 22 to 24 hours after its first two doses.",
        "News\nPatients on dorvatamab are admitted for one to two days after early doses.",
        "News\nDorvatamab is injected by lumbar puncture, so patients must visit a hospital.",
        "News\nEach dose of dorvatamab means a visit to a retina clinic.",
    ):
        assert ("faces_barrier", "dorvatamab", "treatment-centres") in th.barriers(text, vocab), (
            text
        )
    home = "News\nPatients inject dorvatamab themselves at home."
    assert ("faces_barrier", "dorvatamab", "treatment-centres") not in th.barriers(home, vocab)


def test_targets_written_as_words_reach_their_drugs(vocab: Vocabulary) -> None:
    text = (
        "News\nTwo menin inhibitors are already on the US market: Halden's Dorvemya"
        " (dorvamenib), approved in 2024, and Kestrix (kestramenib) from Orrin Oncology."
    )
    found = th.targets(text, vocab)
    assert found.get("dorvamenib") == {"menin"}
    assert found.get("kestramenib") == {"menin"}
    coag = (
        "News\nTellvio (tellacimab), an antibody against tissue factor pathway inhibitor,"
        " is a weekly injection, and Brantis (brantusiran), an siRNA that lowers"
        " antithrombin, is given six times a year."
    )
    found = th.targets(coag, vocab)
    assert found.get("tellacimab") == {"tissue-factor-pathway-inhibitor"}
    assert found.get("brantusiran") == {"antithrombin"}
    # a month is no target
    month = "News\nDorvamenib entered a phase 1 trial in April."
    assert "dorvamenib" not in th.targets(month, vocab)


def test_a_brand_before_its_inn_and_short_form_is_an_alias(vocab: Vocabulary) -> None:
    text = (
        "News\nAstraZeneca's Dorvira (dorvatuzumab deruxtecan, Dorva-DXd) and Kelvira"
        " (kelvatuzumab deruxtecan, Kelva-DXd) are approved."
    )
    found = th.aliases(text, vocab)
    assert "Dorvira" in found["dorvatuzumab-deruxtecan"]
    assert "Kelvira" in found["kelvatuzumab-deruxtecan"]
    makers = th.pairs(text, vocab, "developed_by")
    assert ("kelvatuzumab-deruxtecan", "astrazeneca") in makers
    # two generic names in the brackets are a list, not one product's names
    listed = "News\nTreatments (dorvatuzumab deruxtecan, kelvatuzumab deruxtecan) vary."
    assert not any(th.aliases(listed, vocab).values())


def test_a_counted_maker_after_a_list_with_clauses_reaches_each(vocab: Vocabulary) -> None:
    text = (
        "News\nApproved antisense drugs, such as Velnora (velnorsen), which corrects"
        " splicing, and Talvora (talvorsen), which lowers SOD1, both sold by Biogen, are"
        " given by lumbar puncture."
    )
    makers = th.pairs(text, vocab, "developed_by")
    assert {("velnorsen", "biogen"), ("talvorsen", "biogen")} <= makers


def test_its_candidate_after_a_name_is_the_subject_companys(vocab: Vocabulary) -> None:
    text = "News\nPfizer dropped dorvaglipron, its oral obesity candidate, in April."
    assert ("dorvaglipron", "pfizer") in th.pairs(text, vocab, "developed_by")
    rival = "News\nPfizer compared dorvaglipron with kelvaglipron, its rival's pill."
    assert ("kelvaglipron", "pfizer") not in th.pairs(rival, vocab, "developed_by")


def test_a_company_inside_a_relative_clause_is_not_the_developer(vocab: Vocabulary) -> None:
    text = (
        "News\nOrrin Biotherapeutics, which Kessock Pharma agreed to acquire in 2025, is"
        " developing the CD20-directed ORB-2104."
    )
    makers = th.pairs(text, vocab, "developed_by")
    assert ("orb-2104", "orrin-biotherapeutics") in makers
    assert ("orb-2104", "kessock-pharma") not in makers
    plain = "News\nKessock Pharma is developing ORB-2104."
    assert ("orb-2104", "kessock-pharma") in th.pairs(plain, vocab, "developed_by")


def test_a_trial_in_the_compared_drugs_apposition_is_not_the_comparison(
    vocab: Vocabulary,
) -> None:
    text = (
        "Note\nCompared with kelvaglipron, Orrin's oral GLP-1 receptor agonist, which"
        " produced 12.4% weight loss in the Phase 3 HALDEN-1 trial, dorvaglipron's curve"
        " looks at least as steep."
    )
    assert ("dorvaglipron", "kelvaglipron") in th.pairs(text, vocab, "compared_with")
    assert not th.pairs(text, vocab, "head_to_head")
    design = (
        "News\nA randomized phase 3 trial is comparing dorvaglipron with kelvaglipron in 600"
        " adults."
    )
    assert ("dorvaglipron", "kelvaglipron") in th.pairs(design, vocab, "head_to_head")


def test_competing_with_both_reaches_the_two_named_before(vocab: Vocabulary) -> None:
    text = (
        "News\nThe BTK degraders ORB-16673 (Orrin Bio) and kelvabrutideg (KX-5948) are"
        " further ahead in the clinic, and dorvabrutideg will compete with both on"
        " tolerability."
    )
    found = th.pairs(text, vocab, "competes_with")
    assert ("dorvabrutideg", "orb-16673") in found
    assert ("dorvabrutideg", "kelvabrutideg") in found
    assert ("orb-16673", "kelvabrutideg") not in found


def test_combinations_written_other_ways_complement(vocab: Vocabulary) -> None:
    cases = [
        (
            "News\nA cohort combining dorvatamab with the anti-CD38 antibody daratumumab"
            " opens in 2026.",
            {frozenset({"dorvatamab", "daratumumab"})},
        ),
        (
            "News\nCombined with venetoclax, the BCL-2 inhibitor, ORB-611 cleared leukaemia.",
            {frozenset({"orb-611", "venetoclax"})},
        ),
        (
            "News\nIn mice, adding the BTK inhibitor ibrutinib (Imbruvica) to ORB-330"
            " improved expansion.",
            {frozenset({"ibrutinib", "orb-330"})},
        ),
        (
            "News\nIn the cardiomyopathy cohort, dorvesiran was given on top of tafamidis.",
            {frozenset({"dorvesiran", "tafamidis"})},
        ),
        (
            "News\nA cohort is testing a triplet of dorvolisib, palbociclib and fulvestrant.",
            {
                frozenset({"dorvolisib", "palbociclib"}),
                frozenset({"dorvolisib", "fulvestrant"}),
                frozenset({"palbociclib", "fulvestrant"}),
            },
        ),
    ]
    for text, want in cases:
        assert th.complements(text, vocab) == want, text
    compared = "News\nCompared with venetoclax, dorvatamab is given once."
    assert not th.complements(compared, vocab)
    sites = "News\nThe company is adding sites to the ORB-1 trial of dorvatamab."
    assert not th.complements(sites, vocab)


def test_no_cells_to_collect_removes_apheresis(vocab: Vocabulary) -> None:
    text = (
        "News\nCompared with KYV-101, dorvatamig is taken off the shelf, with no cells to"
        " collect, and needs no lymphodepleting chemotherapy."
    )
    assert ("addresses_barrier", "dorvatamig", "apheresis") in th.barriers(text, vocab)
    collected = "News\nFor dorvacel, the patient's cells to be collected go to a central lab."
    assert ("addresses_barrier", "dorvacel", "apheresis") not in th.barriers(collected, vocab)


def test_stages_said_of_a_class_or_of_the_last_two_named(vocab: Vocabulary) -> None:
    both = (
        "Note\nIn the oral segment, ORB-228 will compete with Orrin's TYK2 inhibitor Dorvexa"
        " (dorvacitinib) and Halden's PDE4 inhibitor kelvamilast (Kelvora), both approved"
        " for plaque psoriasis."
    )
    found = th.phases(both, vocab)
    assert found.get("orb-228") is None
    assert found["dorvacitinib"] == "approved"
    assert found["kelvamilast"] == "approved"
    every = (
        "Note\nEvery CD19-directed autologous CAR-T sold in the US carries a boxed warning,"
        " and we expect dorvacabtagene autoleucel's label to say the same."
    )
    assert th.phases(every, vocab)["dorvacabtagene-autoleucel"] is None
    counted = (
        "Note\nIf positive, dorvesiran would also compete with two approved stabilisers that"
        " cardiologists keep as first line."
    )
    assert th.phases(counted, vocab)["dorvesiran"] is None
    adjective = (
        "Note\nDorvavimab would compete with Orrin's approved maternal vaccine Kelvrio,"
        " which is given in pregnancy."
    )
    assert th.phases(adjective, vocab)["dorvavimab"] is None
    copula = "Note\nDorvavimab is an approved antibody for RSV."
    assert th.phases(copula, vocab)["dorvavimab"] == "approved"


def test_a_licensors_code_introduced_where_it_began_is_an_alias(vocab: Vocabulary) -> None:
    cases = {
        "News\nDorvatamig (TSB-2240) was discovered at Kessock Bio in Lund, where it carried"
        " the code KSB-07, and was licensed in 2021.": ("dorvatamig", "KSB-07"),
        "News\nOVT-1920 is an in vivo CAR-T. It was called BIGM-20 at the institute, where"
        " the vector was designed.": ("ovt-1920", "BIGM-20"),
        "News\nDorvitatug mafodotin, known as KSP-6120, was licensed from Bodman Biologics,"
        " where it began as BDB-44.": ("dorvitatug-mafodotin", "BDB-44"),
    }
    for text, (key, code) in cases.items():
        found = th.aliases(text, vocab)
        assert code in found.get(key, set()), text
        assert code.lower() not in found, text
    place = "News\nDorvatamig was discovered in Lund, where it was well tolerated in mice."
    assert th.aliases(place, vocab).get("dorvatamig", set()) == set()


def test_a_detached_code_reaches_an_adc_named_by_its_inn(vocab: Vocabulary) -> None:
    text = (
        "FDA grants accelerated approval to Dorvexa\nThe FDA on Tuesday granted accelerated"
        " approval to Dorvexa (dorvatug lixatecan-vqmz), an antibody-drug conjugate.\nOrrin"
        " Oncology developed the drug, known in trials as ORN-0703, with Kessock Biologics."
    )
    assert "ORN-0703" in th.aliases(text, vocab)["dorvatug-lixatecan"]
    # a chemotherapy named before is still no programme in focus
    chemo = (
        "News\nPatients received irinotecan first.\nThe company developed the drug, known in"
        " trials as ORN-0703, in-house."
    )
    assert "ORN-0703" not in th.aliases(chemo, vocab).get("irinotecan", set())


def test_infections_and_subtypes_are_indications(vocab: Vocabulary) -> None:
    cases = {
        "News\nDorvavimab protects infants against RSV lower respiratory tract infection.": (
            "respiratory-syncytial-virus-infection"
        ),
        "News\nDorvatamab is being tested in triple-negative breast cancer.": (
            "triple-negative-breast-cancer"
        ),
        "News\nDorvabuvir is being tested in adults with parainfluenza infection.": (
            "parainfluenza-infection"
        ),
        "News\nDorvasiran lowered elevated Lp(a) by 90%.": "elevated-lipoprotein-a",
    }
    for text, key in cases.items():
        assert {o for _s, o in th.pairs(text, vocab, "has_indication")} == {key}, text
    harm = "News\nSerious infections occurred in 10% of patients on dorvatamab."
    assert not th.pairs(harm, vocab, "has_indication")


def test_targets_in_a_relative_clause_or_an_apposition_of_action(vocab: Vocabulary) -> None:
    cases = {
        "News\nOrrin sells Dorvexa (dorvatamab), which targets PSMA in prostate cancer.": (
            "dorvatamab",
            "psma",
        ),
        "News\nTakeda's dorvabavir (Dorvira), an oral drug that blocks the viral UL97 kinase,"
        " is approved.": ("dorvabavir", "ul97"),
        "News\nOrrin will combine pelorimig with Dorvexa (dorvalimab), Halden's antibody"
        " against B-lymphocyte stimulator (BLyS).": ("dorvalimab", "blys"),
    }
    for text, (key, target) in cases.items():
        found = th.targets(text, vocab)
        assert found.get(key) == {target}, text
    assert "pelorimig" not in th.targets(list(cases)[2], vocab)
    # the apposition of a name no rule knows is nobody else's
    unnamed = (
        "News\nOrrin will combine pelorimig with Benlyra, Halden's antibody against"
        " B-lymphocyte stimulator (BLyS), to keep B cells away."
    )
    assert "pelorimig" not in th.targets(unnamed, vocab)
    # a virus an antibody acts against is no molecular target
    virus = (
        "News\nAmbleside licensed dorvovibart, a monoclonal antibody against respiratory"
        " syncytial virus (RSV)."
    )
    assert "dorvovibart" not in th.targets(virus, vocab)


def test_a_counted_or_comma_apposed_class_word_reaches_its_members(vocab: Vocabulary) -> None:
    both = (
        "News\nOrrin's ORB-101 and Halden Bio's dorva-cel, both autologous CD19 CAR-T"
        " products, have produced drug-free remissions."
    )
    found = th.targets(both, vocab)
    assert found.get("orb-101") == {"cd19"}
    assert found.get("dorva-cel") == {"cd19"}
    comma = (
        "News\nThe CD22-directed bispecifics, Orrin's dorvatamig and Halden's kelvatamig,"
        " are off the shelf too."
    )
    found = th.targets(comma, vocab)
    assert found.get("dorvatamig") == {"cd22"}
    assert found.get("kelvatamig") == {"cd22"}


def test_more_target_words_and_forms(vocab: Vocabulary) -> None:
    cases = {
        "News\nDorvatamab, an anti-amyloid antibody, slowed decline.": "amyloid-beta",
        "News\nDorvatamab targets the complement protein C5.": "c5",
        "News\nDorvagene dorparvovec delivers a gene for alpha-galactosidase A.": (
            "alpha-galactosidase-a"
        ),
    }
    for text, target in cases.items():
        found = th.targets(text, vocab)
        assert target in set().union(*found.values()), text
    assert th.modalities("News\nDorvadutide cut weight by 20%.", vocab).get("dorvadutide") == (
        "other-modality"
    )


def test_pushback_refusal_and_wanted_follow_up_are_faced(vocab: Vocabulary) -> None:
    cases = {
        "News\nDorvatamab faces pushback from payers.": ("dorvatamab", "reimbursement"),
        "News\nPayers have refused to cover dorvatamab.": ("dorvatamab", "reimbursement"),
        "News\nRegulators want 15 years of follow-up for dorvagene dorparvovec.": (
            "dorvagene-dorparvovec",
            "long-term-safety",
        ),
    }
    for text, (key, barrier) in cases.items():
        assert ("faces_barrier", key, barrier) in th.barriers(text, vocab), text
    neutral = "News\nPayers in Europe met in Brussels; dorvatamab was not discussed."
    assert not th.barriers(neutral, vocab)


def test_discovered_at_names_a_developer(vocab: Vocabulary) -> None:
    text = (
        "News\nDorvatamab was invented at the Kessock Institute for Immunology and licensed"
        " to Orrin Therapeutics."
    )
    makers = {o for _t, o in th.pairs(text, vocab, "developed_by")}
    assert {"kessock-institute-for-immunology", "orrin-therapeutics"} <= makers
    tested = "News\nDorvatamab was tested at the Kessock Institute for Immunology."
    assert not th.pairs(tested, vocab, "developed_by")


def test_developed_for_a_disease_is_its_use_not_an_event(vocab: Vocabulary) -> None:
    text = "News\nDorvatamab is being developed for obesity and type 2 diabetes."
    assert th.pairs(text, vocab, "has_indication") == {
        ("dorvatamab", "obesity"),
        ("dorvatamab", "type-2-diabetes"),
    }
    event = "News\nTwo patients on dorvatamab developed pneumonitis."
    assert not th.pairs(event, vocab, "has_indication")


def test_challengers_and_vying_rivals_compete(vocab: Vocabulary) -> None:
    for text in (
        "News\nDorvatamab is a potential challenger to kelvatamab.",
        "News\nDorvatamab and kelvatamab are both vying for the same patients.",
        "News\nDorvatamab trails kelvatamab, which is already approved.",
    ):
        assert ("dorvatamab", "kelvatamab") in th.pairs(text, vocab, "competes_with"), text
    assert not th.pairs("News\nThe trail of dorvatamab data is long.", vocab, "competes_with")


def test_tested_against_in_a_trial_is_head_to_head(vocab: Vocabulary) -> None:
    text = "News\nDorvatamab is being tested against kelvatamab in the HALDEN-3 trial."
    assert ("dorvatamab", "kelvatamab") in th.pairs(text, vocab, "head_to_head")
    better = "News\nIn the trial, dorvatamab did better against kelvatamab."
    assert not th.pairs(better, vocab, "head_to_head")


def test_an_inn_the_who_has_named_belongs_to_the_coded_programme(vocab: Vocabulary) -> None:
    text = (
        "News\nOrrin's ORB-1234 entered phase 2. The antibody, which the WHO has named"
        " dorvatamig, binds CD20."
    )
    assert th.aliases(text, vocab) == {"dorvatamig": {"ORB-1234"}}
    other = "News\nOrrin's ORB-1234 entered phase 2. Doctors have named kelvatamab the best."
    assert set(th.aliases(other, vocab)) == {"orb-1234", "kelvatamab"}


def test_more_introductions_of_a_code(vocab: Vocabulary) -> None:
    for text, key, code in (
        ("News\nDorvatamig (development code ORB-1234) is in phase 2.", "dorvatamig", "ORB-1234"),
        ("News\nHalden licensed ORB-1234 (now dorvatamig) to Orrin.", "dorvatamig", "ORB-1234"),
        ("News\nDorvatamig (ORB-1234/HLD-77) is in phase 2.", "dorvatamig", "HLD-77"),
        (
            "News\nDORVATAMIG (ORB-1234) is in phase 2. Dorvatamig was safe.",
            "dorvatamig",
            "ORB-1234",
        ),
    ):
        found = th.aliases(text, vocab)
        assert set(found) == {key} and code in found[key], text
    described = "News\nDorva-cel (a CD19/CD22 CAR-T) is in phase 2."
    assert th.aliases(described, vocab) == {"dorva-cel": set()}


def test_the_who_gave_a_code_a_name(vocab: Vocabulary) -> None:
    text = (
        "News\nOrrin Bio's lead, ORB-19, is a CD19 CAR-T. In March the WHO gave ORB-19 the"
        " name dorvacabtagene autoleucel."
    )
    assert th.aliases(text, vocab) == {"dorvacabtagene-autoleucel": {"ORB-19"}}


def test_a_companys_possessive_and_experimental_are_no_part_of_a_disease(vocab: Vocabulary) -> None:
    text = (
        "News\nKessock Genetics said that its experimental hemophilia A gene therapy,"
        " dorvagene dorparvovec (KSG-808), kept factor VIII activity up. Kessock's"
        " hemophilia A programme is its first."
    )
    assert {o for _s, o in th.pairs(text, vocab, "has_indication")} == {"hemophilia-a"}
    eponym = "News\nDorvatamab is being tested in Crohn's disease."
    assert th.pairs(eponym, vocab, "has_indication") == {("dorvatamab", "crohn-s-disease")}


def test_a_single_dose_in_disease_models_is_the_focus_programmes(vocab: Vocabulary) -> None:
    text = (
        "News\nOrrin reported data on ORB-118, a Claudin 18.2 ADC. In 12 models of gastric"
        " and pancreatic cancer, a single dose shrank tumours in nine."
    )
    found = {o for s, o in th.pairs(text, vocab, "has_indication") if s == "orb-118"}
    assert {"gastric-cancer", "pancreatic-cancer"} <= found
    no_dose = (
        "News\nOrrin reported data on ORB-118, a Claudin 18.2 ADC. Gastric and pancreatic"
        " cancer are common in Asia."
    )
    assert not th.pairs(no_dose, vocab, "has_indication")


def test_the_nth_of_a_class_after_others_shares_their_class(vocab: Vocabulary) -> None:
    text = (
        "News\nKelvexa (dorvatamig) is the fourth CD22xCD3 bispecific antibody authorised in"
        " the EU for follicular lymphoma, after Orrin's Tellvio (tellamig) in 2022 and"
        " Halden's Bravona (bravotamig)."
    )
    targets = th.targets(text, vocab)
    assert {k for k, v in targets.items() if "cd22" in v} == {
        "dorvatamig",
        "tellamig",
        "bravotamig",
    }
    inds = {s for s, o in th.pairs(text, vocab, "has_indication") if o == "follicular-lymphoma"}
    assert inds == {"dorvatamig", "tellamig", "bravotamig"}
    plain = (
        "News\nKelvexa (dorvatamig) is a CD22xCD3 bispecific antibody authorised for"
        " follicular lymphoma; Orrin's Tellvio (tellamig) followed it."
    )
    assert "tellamig" not in th.targets(plain, vocab)


def test_a_pipeline_tables_rows_belong_to_the_headlines_company(vocab: Vocabulary) -> None:
    text = (
        "Orrin Therapeutics third-quarter results call\nHere is the pipeline.\n\n"
        "| Programme | Target | Stage | Partner |\n|---|---|---|---|\n"
        "| dorvamenib (ORB-417) | menin | Phase 2 | Halden Pharmaceutical (Japan) |\n"
        "| kelvatinib (ORB-208) | FLT3 | Phase 1 | none |\n"
    )
    makers = th.pairs(text, vocab, "developed_by")
    assert {("dorvamenib", "orrin-therapeutics"), ("kelvatinib", "orrin-therapeutics")} <= makers
    assert ("dorvamenib", "halden-pharmaceutical") in makers
    review = text.replace(
        "Orrin Therapeutics third-quarter results call", "Menin inhibitors review"
    )
    assert not any(o == "orrin-therapeutics" for _s, o in th.pairs(review, vocab, "developed_by"))


def test_a_regimens_backbone_takes_no_target_and_every_pair_complements(
    vocab: Vocabulary,
) -> None:
    text = (
        "Orrin Therapeutics results call\nPipeline.\n\n"
        "| Programme | Target | Indication | Stage | Partner |\n|---|---|---|---|---|\n"
        "| dorvamenib + venetoclax + azacitidine | menin | AML | Phase 1b | none |\n"
    )
    assert th.targets(text, vocab) == {"dorvamenib": {"menin"}}
    assert frozenset({"dorvamenib", "azacitidine"}) in th.complements(text, vocab)
    located = "News\nPlymouth-based Fowey Biotherapeutics reported data on FWB-118, its ADC."
    assert th.pairs(located, vocab, "developed_by") == {("fwb-118", "fowey-biotherapeutics")}


def test_a_vague_word_before_infection_names_no_disease(vocab: Vocabulary) -> None:
    text = "News\nDorvagene dorparvovec protects better than natural infection."
    assert not th.pairs(text, vocab, "has_indication")
