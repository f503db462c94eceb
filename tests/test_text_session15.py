"""Rules written in session 15 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): what a company's line of business, a class of approved products or a plan says
about a programme's stage. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_a_company_that_markets_medicines_puts_no_programme_on_the_market(
    vocab: Vocabulary,
) -> None:
    text = (
        "Tollard reports phase 2 data\nTollard Bio reported phase 2 data for"
        " quenvosiran (TLB-310), an siRNA against ANGPTL3.\n\nAbout Marlow Pharma\nMarlow"
        " Pharma, based in Leeds, develops and markets specialty medicines in Europe."
    )
    assert th.phases(text, vocab)["quenvosiran"] == "phase2"
    sold = "News\nMarlow Pharma markets quenvosiran (Quenvia) in Europe since 2024."
    assert th.phases(sold, vocab)["quenvosiran"] == "approved"


def test_a_counted_class_of_approved_products_is_not_the_subject(vocab: Vocabulary) -> None:
    text = (
        "Phase 3 results\nDervacabtagene autoleucel, Tolland Cell's CD19-directed CAR-T,"
        " was non-inferior to the two approved CAR-Ts it was tested against in the"
        " randomized phase 3 ORCA-3 trial."
    )
    assert th.phases(text, vocab)["dervacabtagene-autoleucel"] == "phase3"
    # a copula makes the counted class the subject's
    same = (
        "Review\nVelnocabtagene autoleucel and dervacabtagene autoleucel are the two"
        " approved CAR-Ts in this disease."
    )
    phases = th.phases(same, vocab)
    assert phases["dervacabtagene-autoleucel"] == "approved"
    assert phases["velnocabtagene-autoleucel"] == "approved"


def test_a_class_with_a_boxed_warning_is_not_the_programme_in_focus(vocab: Vocabulary) -> None:
    text = (
        "Interview\nOrmsby Neuro reported phase 1b data for torvanemig (ORM-550), an"
        " anti-amyloid antibody. **Both approved drugs carry boxed warnings for ARIA. What"
        " about yours?** Our rate of ARIA is low so far."
    )
    assert th.phases(text, vocab)["torvanemig"] == "phase1"
    named = "Interview\nTorvanemig (Torvia) carries a boxed warning for ARIA."
    assert th.phases(named, vocab)["torvanemig"] == "approved"


def test_on_the_market_or_in_trials_is_no_stage(vocab: Vocabulary) -> None:
    text = (
        "Feature\nEvery anti-amyloid antibody on the market or in late-stage trials,"
        " selvanemab included, needs a PET scan before the first dose."
    )
    assert th.phases(text, vocab)["selvanemab"] is None
    sold = "Feature\nSelvanemab has been on the market since 2024 and needs a PET scan."
    assert th.phases(sold, vocab)["selvanemab"] == "approved"


def test_a_trial_talked_of_or_paid_for_raises_no_phase(vocab: Vocabulary) -> None:
    text = (
        "Analyst note\nBRAMBLE-1 is a phase 1 study of relvobrutideg (HTX-771) in CLL."
        " Management guided to a pivotal-study design discussion with the FDA in early 2027."
        ' "The Series C lets us run the phase 3 ourselves," the chief executive said.'
        " A phase 2b with about 300 patients starts in the first half of 2027."
    )
    assert th.phases(text, vocab)["relvobrutideg"] == "phase1"
    done = (
        "Analyst note\nBRAMBLE-1 is a phase 1 study of relvobrutideg (HTX-771) in CLL."
        " The pivotal study of relvobrutideg met its primary endpoint."
    )
    assert th.phases(done, vocab)["relvobrutideg"] == "phase3"


def test_forward_looking_statements_state_no_barrier(vocab: Vocabulary) -> None:
    release = (
        "Tollard reports phase 2 data\nTollard Bio reported phase 2 data for quenvosiran"
        " (TLB-310).\n\nForward-Looking Statements\nThese statements are subject to risks,"
        " including that regulators may require additional data and that manufacturing"
        " capacity may be limited.\n\nMedia contact\npress@example.org"
    )
    assert th.barriers(release, vocab) == set()
    # the same words in the news itself are a claim
    news = (
        "Tollard reports phase 2 data\nTollard Bio reported phase 2 data for quenvosiran"
        " (TLB-310). Its manufacturing capacity is limited to one plant."
    )
    assert ("faces_barrier", "quenvosiran", "manufacturing-capacity") in th.barriers(news, vocab)


def test_a_clause_after_while_has_its_own_subject(vocab: Vocabulary) -> None:
    text = (
        "Review\nVelmosiran is injected by a healthcare professional every three months,"
        " usually in a clinic, while quenvosiran is taken at home."
    )
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "velmosiran", "treatment-centres") in barriers
    assert ("addresses_barrier", "quenvosiran", "treatment-centres") in barriers
    assert ("addresses_barrier", "velmosiran", "treatment-centres") not in barriers


def test_regulators_asking_for_follow_up_name_long_term_safety(vocab: Vocabulary) -> None:
    text = (
        "News\nWX-771 is a gene-edited CAR-T. Because the cells are edited, regulators are"
        " expected to ask for 15 years of follow-up of every patient treated with WX-771."
    )
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "wx-771", "long-term-safety") in barriers
    assert ("faces_barrier", "wx-771", "regulatory") not in barriers
    # regulators who stop a programme are the regulatory barrier itself
    stopped = "News\nWX-771 is a gene-edited CAR-T. WX-771 faces regulatory hurdles in Europe."
    assert ("faces_barrier", "wx-771", "regulatory") in th.barriers(stopped, vocab)


def test_long_term_effects_not_yet_known_are_a_long_term_safety_concern(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nQuenvosiran lowered TTR by 92%. The long-term effects of near-complete TTR"
        " suppression are not yet known."
    )
    assert ("faces_barrier", "quenvosiran", "long-term-safety") in th.barriers(text, vocab)
    known = "News\nQuenvosiran lowered TTR by 92%. The long-term effects on survival were large."
    assert ("faces_barrier", "quenvosiran", "long-term-safety") not in th.barriers(known, vocab)


def test_a_kind_of_treatment_denied_is_not_the_subject(vocab: Vocabulary) -> None:
    text = (
        "Ormsby reports data\nOrsavigene tesaparvovec (ORS-451) is an in vivo gene therapy"
        " for sickle cell disease.\nA single infusion designed to need no stem-cell"
        " collection and no chemotherapy conditioning."
    )
    barriers = th.barriers(text, vocab)
    assert ("addresses_barrier", "orsavigene-tesaparvovec", "apheresis") in barriers
    assert not any(s == "chemotherapy" for _, s, _ in barriers)
    # a class denied at the sentence's start is still what the sentence is about: the
    # product in focus before it takes none of its facts
    classed = (
        "Review\nOrsavi (orsavigene tesaparvovec) is approved for sickle cell disease.\nNo"
        " CAR-T therapy is approved for lupus yet."
    )
    found = th.pairs(classed, vocab, "has_indication")
    assert ("orsavigene-tesaparvovec", "sickle-cell-disease") in found
    assert ("orsavigene-tesaparvovec", "systemic-lupus-erythematosus") not in found


def test_a_bispecific_of_two_other_targets_is_no_t_cell_engager(vocab: Vocabulary) -> None:
    text = (
        "Deal news\nHalsey Oncology will pay $300 million for rights to dorvelitamig, a"
        " PD-1xVEGF bispecific antibody, the companies said."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key: t.modality for t in out.therapies}["dorvelitamig"] == "monoclonal-antibody"
    assert th.targets(text, vocab)["dorvelitamig"] == {"pd-1", "vegf-a"}
    engager = (
        "Deal news\nHalsey Oncology will pay $300 million for rights to dorvelitamig, a"
        " BCMAxCD3 bispecific antibody, the companies said."
    )
    out = extract(engager, vocab, has_title=True)
    assert {t.key: t.modality for t in out.therapies}["dorvelitamig"] == (
        "bispecific-t-cell-engager"
    )
    assert th.targets(engager, vocab)["dorvelitamig"] == {"bcma"}


def test_a_receptor_a_drug_rides_on_is_not_its_target(vocab: Vocabulary) -> None:
    text = (
        "Interview\nOrmsby Neuro reported phase 1b data for torvanemig (ORM-550), a"
        " bispecific antibody that binds amyloid-beta and uses transferrin receptor 1 (TfR1)"
        " to carry itself across the blood-brain barrier."
    )
    out = extract(text, vocab, has_title=True)
    assert th.targets(text, vocab)["torvanemig"] == {"amyloid-beta"}
    assert {t.key: t.modality for t in out.therapies}["torvanemig"] == "monoclonal-antibody"
    bound = "Interview\nOrmsby's ORM-551, an anti-TFR1 antibody, is in a phase 1 trial."
    assert "tfr1" in th.targets(bound, vocab)["orm-551"]


def test_a_licensors_code_given_as_where_it_was_or_discovered_as(vocab: Vocabulary) -> None:
    text = (
        "Approval\nMorvatamig was discovered by Suzhou Linhe Biologics as SLB-2103 and"
        " licensed to Tenby Bio in 2022.\nAnalyst note\nTarvobrutideg (TBX-551) is Tenby's"
        " oral BTK degrader. It was in-licensed from Orwell Labs in 2023, where it was"
        " ORL-2271.\nDeal\nCarrow Oncology licensed velsitamig from Hengrun. Carrow will also"
        " use its own code, CRW-310."
    )
    aliases = th.aliases(text, vocab)
    assert "SLB-2103" in aliases["morvatamig"]
    assert "ORL-2271" in aliases["tarvobrutideg"]
    assert "CRW-310" in aliases["velsitamig"]
    # a code in the same shape that names a stage, not a name, is no alias
    staged = "News\nTarvobrutideg (TBX-551) was tested in Japan, where it was well tolerated."
    assert th.aliases(staged, vocab)["tarvobrutideg"] == {"TBX-551"}


def test_a_maker_in_the_brackets_keeps_the_code_with_its_drug(vocab: Vocabulary) -> None:
    text = (
        "Analyst note\nTarvobrutideg (TBX-551) is Tenby's oral BTK degrader. The BTK"
        " degraders BQ-16673 (Beiwell) and dexobrutideg (NQ-5948, discovered by Nurmont"
        " Therapeutics) are further ahead, and tarvobrutideg will compete with both."
    )
    aliases = th.aliases(text, vocab)
    assert "NQ-5948" in aliases["dexobrutideg"]
    assert "NQ-5948" not in aliases["tarvobrutideg"]


def test_a_company_without_a_suffix_in_a_makers_slot(vocab: Vocabulary) -> None:
    text = (
        "News\nVelmira (orsavirsen), an antisense oligonucleotide from Quorra and Tansley,"
        " is approved. The most advanced, dorvimab, is developed by Ashwin and its licensee"
        " Pellow Therapeutics. CamdenBio's torsiran (Torsiva) is approved too.\nMarlowe"
        " Neuroscience reported phase 1b data last week for lorvatamig (MNS-550)."
    )
    developers = th.pairs(text, vocab, "developed_by")
    assert {
        ("orsavirsen", "quorra"),
        ("orsavirsen", "tansley"),
        ("dorvimab", "ashwin"),
        ("dorvimab", "pellow-therapeutics"),
        ("torsiran", "camdenbio"),
        ("lorvatamig", "marlowe-neuroscience"),
    } <= developers
    # researchers reporting data, and a word the text also writes in lower case, are no
    # company
    plain = (
        "News\nResearchers reported phase 1b data for lorvatamig (MNS-550). Dorvimab, a"
        " drug from Summit, was tested at the summit."
    )
    assert th.pairs(plain, vocab, "developed_by") == set()


def test_a_short_company_name_takes_the_full_name_the_text_gives(vocab: Vocabulary) -> None:
    text = (
        "News\nLisbury Ophthalmics reported that ocrivotug (LSB-552) slowed lesion growth."
        " Ocrivotug was discovered by Lisbury and is developed with Kisaragi Pharma."
    )
    assert ("ocrivotug", "lisbury-ophthalmics") in th.pairs(text, vocab, "developed_by")


def test_disease_names_with_a_latin_adjective_an_acronym_or_a_manifestation(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nRovaretigene telparvovec treats X-linked retinitis pigmentosa. Quenvosiran is"
        " tested in hereditary AL amyloidosis with polyneuropathy and in AA amyloidosis with"
        " nephropathy."
    )
    found = th.pairs(text, vocab, "has_indication")
    assert ("rovaretigene-telparvovec", "x-linked-retinitis-pigmentosa") in found
    assert ("quenvosiran", "hereditary-al-amyloidosis-with-polyneuropathy") in found
    assert ("quenvosiran", "aa-amyloidosis-with-nephropathy") in found
    # an acronym before a cancer names its site, not its kind
    site = "News\nZelbetuximab is tested in gastric or GEJ adenocarcinoma."
    assert not any("gej" in d for _, d in th.pairs(site, vocab, "has_indication"))


def test_a_class_target_reaches_each_example_among_them(vocab: Vocabulary) -> None:
    text = (
        "News\nBTK inhibitors, velbrutinib, corabrutinib and zalbrutinib among them, are"
        " taken every day until progression."
    )
    targets = th.targets(text, vocab)
    assert all(targets.get(k) == {"btk"} for k in ("velbrutinib", "corabrutinib", "zalbrutinib"))
    # without "among them" the names after the class are not its examples
    apart = "News\nBTK inhibitors, velbrutinib said the trial lead, are taken with corabrutinib."
    assert "corabrutinib" not in th.targets(apart, vocab)


def test_a_word_before_two_brands_in_one_bracket_is_a_drug(vocab: Vocabulary) -> None:
    text = "News\nNorvel's pemafidis (Pemvia/Pemvax) is approved for the cardiomyopathy."
    out = extract(text, vocab, has_title=True)
    assert "pemafidis" in {t.key for t in out.therapies}
    assert ("pemafidis", "norvel") in th.pairs(text, vocab, "developed_by")
    # a bracket of two place names after an ordinary word names no drug
    places = "News\nThe company opened offices (Boston/Basel) this year."
    assert extract(places, vocab, has_title=True).therapies == []


def test_both_sides_of_a_licence_deal_develop_the_programme(vocab: Vocabulary) -> None:
    text = (
        "Deals\nHalsey agreed in May to pay 4TBio $1.25 billion upfront for ex-China rights to"
        " TQ-707, a PD-1xVEGF antibody, and in June Corrow Pharma agreed to pay Marden"
        " Therapeutics $1.5 billion upfront to share dorvitamig."
    )
    developers = th.pairs(text, vocab, "developed_by")
    assert {
        ("tq-707", "halsey"),
        ("tq-707", "4tbio"),
        ("dorvitamig", "corrow-pharma"),
        ("dorvitamig", "marden-therapeutics"),
    } <= developers
    assert ("dorvitamig", "halsey") not in developers
    # a price paid is no deal
    price = "News\nPatients pay Corrow Pharma $900 a month for dorvitamig."
    assert th.pairs(price, vocab, "developed_by") <= {("dorvitamig", "corrow-pharma")}


def test_a_disease_that_happens_on_treatment_is_no_indication(vocab: Vocabulary) -> None:
    text = (
        "News\nOcrivotug slowed geographic atrophy in the phase 3 HALYARD-1 trial. New-onset"
        " neovascular age-related macular degeneration occurred in 5% of patients, and"
        " specialists will watch whether the wet AMD signal grows."
    )
    found = th.pairs(text, vocab, "has_indication")
    assert ("ocrivotug", "geographic-atrophy") in found
    assert not any("macular" in d for _, d in found)
    treated = (
        "News\nOcrivotug is tested in wet AMD and in a genetic form of amyotrophic lateral"
        " sclerosis."
    )
    found = th.pairs(treated, vocab, "has_indication")
    assert ("ocrivotug", "neovascular-age-related-macular-degeneration") in found
    assert ("ocrivotug", "amyotrophic-lateral-sclerosis") in found


def test_short_forms_of_diseases_outside_oncology(vocab: Vocabulary) -> None:
    text = "News\nBrelvosiran is approved in ATTR-CM and tested in hATTR-PN."
    found = th.pairs(text, vocab, "has_indication")
    assert ("brelvosiran", "transthyretin-amyloid-cardiomyopathy") in found
    assert ("brelvosiran", "hereditary-transthyretin-amyloidosis-with-polyneuropathy") in found


def test_a_price_a_company_keeps_a_share_price_or_a_trials_cost_is_no_cost_barrier(
    vocab: Vocabulary,
) -> None:
    text = (
        "Analyst note\nThornfield Bio: Initiating at Outperform, price target $34. Velurtamig"
        " is its lead drug. It has not disclosed a price. Dr. Ana Halloran-Price led the"
        " trial. Thornfield needs a partner to share the cost of the phase 3 trial."
    )
    assert not any(b == "cost" for _, _, b in th.barriers(text, vocab))
    priced = "News\nVelurtamig is expensive: its price is $30,000 a month."
    assert ("faces_barrier", "velurtamig", "cost") in th.barriers(priced, vocab)


def test_hospital_visits_lumbar_punctures_and_designated_centres(vocab: Vocabulary) -> None:
    text = (
        "News\nQalvora (tolersen) is injected into the spinal fluid by lumbar puncture. Each"
        " dose of Zintera (morsinersen) means a hospital visit. The plan limits"
        " dervacabtagene autoleucel to its designated cell therapy centres."
    )
    barriers = th.barriers(text, vocab)
    for key in ("tolersen", "morsinersen", "dervacabtagene-autoleucel"):
        assert ("faces_barrier", key, "treatment-centres") in barriers
    home = "News\nTolersen is a monthly injection under the skin that patients give at home."
    assert ("faces_barrier", "tolersen", "treatment-centres") not in th.barriers(home, vocab)


def test_a_company_named_like_an_antisense_drug_is_no_drug(vocab: Vocabulary) -> None:
    text = (
        "News\nTolvorsen Oncology reported phase 3 data for ferolisib. Tolvorsen plans to"
        " file in 2027. Contact: ir@tolvorsenoncology.com"
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"ferolisib"}
    drug = "News\nTolvorsen Oncology reported data for valvorsen, its antisense drug."
    assert "valvorsen" in {t.key for t in extract(drug, vocab, has_title=True).therapies}


def test_a_possessive_stops_at_with(vocab: Vocabulary) -> None:
    text = "News\nOptions include Norvel's Pemvio with fulvestrant and other drugs."
    assert ("fulvestrant", "norvel") not in th.pairs(text, vocab, "developed_by")
    own = "News\nOptions include Norvel's oral ferolisib, approved in 2024."
    assert ("ferolisib", "norvel") in th.pairs(own, vocab, "developed_by")


def test_approved_in_combination_with_a_partner_is_the_subjects_stage_too(
    vocab: Vocabulary,
) -> None:
    text = (
        "Background\nDaratumumab and isatuximab are each approved in combination with"
        " pomalidomide and dexamethasone. Midostaurin (Rydapt) is approved with chemotherapy."
    )
    phases = th.phases(text, vocab)
    assert phases["daratumumab"] == phases["isatuximab"] == "approved"
    assert phases["midostaurin"] == "approved"
    # the approved X right after the cue is X's alone
    adjective = "News\nVelzatinib beat the approved BCL-2 inhibitor venetoclax in mice."
    phases = th.phases(adjective, vocab)
    assert phases["venetoclax"] == "approved"
    assert phases["velzatinib"] is None


def test_a_standard_of_care_or_older_drugs_in_an_apposition_are_approved(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nCompared with lenvatinib, one of the standard first-line drugs for liver"
        " cancer, the compound did better. Riluzole and edaravone, older drugs approved for"
        " ALS, slow the disease only modestly."
    )
    phases = th.phases(text, vocab)
    assert phases["lenvatinib"] == phases["riluzole"] == phases["edaravone"] == "approved"
    trial = "News\nVelzatinib was compared with standard therapy in a phase 2 trial."
    assert th.phases(trial, vocab)["velzatinib"] != "approved"


def test_forecasts_filings_classes_and_other_names_give_the_focus_no_approval(
    vocab: Vocabulary,
) -> None:
    text = (
        "Analyst note\nVelurtamig is in a phase 1 trial. Our $34 target assumes US approval in"
        " 2030. We model a US filing in 2H27 and approval in 2028. Tenby plans to submit a"
        " Biologics License Application to the FDA and a Marketing Authorisation Application"
        " to the EMA. Three biologics were approved for HS by 2024. Q: Qalvia was approved on"
        " a biomarker argument. HS and MS are very different markets."
    )
    assert th.phases(text, vocab)["velurtamig"] == "phase1"
    # the focus's own approval still counts
    approved = "News\nVelurtamig is in a phase 1 trial. It was approved in Japan last week."
    assert th.phases(approved, vocab)["velurtamig"] == "approved"


def test_the_other_approved_products_make_the_list_before_them_approved(
    vocab: Vocabulary,
) -> None:
    text = (
        "Interview\nDorvacabtagene autoleucel is in a phase 1 trial. That warning was added to"
        " Kymriah, Breyanzi and the other approved autologous CAR-Ts, and regulators will"
        " expect us to watch for it with dorvacabtagene autoleucel."
    )
    phases = th.phases(text, vocab)
    assert phases["dorvacabtagene-autoleucel"] == "phase1"
    assert phases["tisagenlecleucel"] == phases["lisocabtagene-maraleucel"] == "approved"


def test_shortages_face_and_scale_removes_the_manufacturing_barrier(vocab: Vocabulary) -> None:
    text = (
        "News\nPemaglutide and corzepatide lead the market. Both spent long stretches on the"
        " FDA's drug shortage list. Velglipron, a pill, can be produced at a scale peptides"
        " struggle to match. For orza-cel, one manufacturing run yields doses for more than"
        " 100 patients."
    )
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "pemaglutide", "manufacturing-capacity") in barriers
    assert ("faces_barrier", "corzepatide", "manufacturing-capacity") in barriers
    assert ("addresses_barrier", "velglipron", "manufacturing-capacity") in barriers
    plain = "News\nPemaglutide was given weekly; supply was never a problem for the trial."
    assert not any(b == "manufacturing-capacity" for _, _, b in th.barriers(plain, vocab))


def test_hta_refusals_and_coverage_conditions_face_reimbursement(vocab: Vocabulary) -> None:
    text = (
        "News\nNICE has not recommended Ostavell (dirvacogene lamparvovec) in draft guidance."
        " Medicare requires prescribers of velanemab to enter patients in a registry as a"
        " condition of coverage."
    )
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "dirvacogene-lamparvovec", "reimbursement") in barriers
    assert ("faces_barrier", "velanemab", "reimbursement") in barriers
    clinical = "News\nVelanemab is not recommended in pregnancy, its label says."
    assert not any(b == "reimbursement" for _, _, b in th.barriers(clinical, vocab))


def test_hours_in_hospital_and_monitoring_for_hours_face_treatment_centres(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nDorlatamab's label requires monitoring for 22 to 24 hours in a healthcare"
        " setting after each of the first two doses. Velnotamig's step-up doses are followed"
        " by 24 to 48 hours in hospital."
    )
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "dorlatamab", "treatment-centres") in barriers
    assert ("faces_barrier", "velnotamig", "treatment-centres") in barriers


def test_the_patients_background_drug_is_not_the_next_sentences_subject(
    vocab: Vocabulary,
) -> None:
    text = (
        "Phase 2 data\nQuenvosiran lowered TTR by 90%. In the cardiomyopathy cohort, 14 of 18"
        " patients continued venetoclax throughout the study. The second dose was given at"
        " home by the patient in most cases."
    )
    barriers = th.barriers(text, vocab)
    assert ("addresses_barrier", "quenvosiran", "treatment-centres") in barriers
    assert ("addresses_barrier", "venetoclax", "treatment-centres") not in barriers


def test_regimens_written_with_with(vocab: Vocabulary) -> None:
    text = (
        "News\nDaratumumab and velatuximab are each approved in combination with pomalidomide."
        " Options include Acme's Truvio (corvasertib) with fulvestrant. Two drugs are approved,"
        " each with an antibody: adagrasib with cetuximab and sotorasib with panitumumab."
    )
    pairs = th.complements(text, vocab)
    assert frozenset(("daratumumab", "pomalidomide")) in pairs
    assert frozenset(("velatuximab", "pomalidomide")) in pairs
    assert frozenset(("corvasertib", "fulvestrant")) in pairs
    assert frozenset(("adagrasib", "cetuximab")) in pairs
    assert frozenset(("adagrasib", "sotorasib")) not in pairs
    assert frozenset(("cetuximab", "panitumumab")) not in pairs
    compared = "News\nThe trial compared corvasertib with fulvestrant."
    assert frozenset(("corvasertib", "fulvestrant")) not in th.complements(compared, vocab)


def test_a_surname_like_an_inn_is_no_drug_and_antibody_peptide_conjugates_are_one(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nDr. Ana Tolvorsen-Reid led the study of velzorsen. Amgen's maridebart"
        " cafraglutide is in phase 3."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"velzorsen", "maridebart-cafraglutide"}
    suffixed = "News\nThe FDA approved ardikibart-qvtn for ulcerative colitis."
    assert "ardikibart" in {t.key for t in extract(suffixed, vocab, has_title=True).therapies}


def test_brands_alone_name_their_approved_drug(vocab: Vocabulary) -> None:
    text = (
        "Interview\nWegovy and Zepbound both spent long stretches on the FDA's drug shortage"
        " list. Amvuttra is injected every three months. Compared with cema-cel, the new"
        " CAR-T adds a CD20 binder."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"semaglutide", "tirzepatide", "vutrisiran", "cemacabtagene-ansegedleucel"}
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "semaglutide", "manufacturing-capacity") in barriers


def test_a_class_target_reaches_the_next_sentences_members_not_their_partners(
    vocab: Vocabulary,
) -> None:
    text = (
        "Background\nAnti-CD38 monoclonal antibodies are a backbone of myeloma treatment."
        " Daratumumab and velatuximab are each approved in combination with pomalidomide.\n"
        "News\nAll three antibodies bind the RSV F protein: nirsevimab, clesrovimab and"
        " tenavibart."
    )
    targets = th.targets(text, vocab)
    assert targets.get("daratumumab") == {"cd38"} and targets.get("velatuximab") == {"cd38"}
    assert "pomalidomide" not in targets
    assert all(
        targets.get(k) == {"rsv-f-protein"} for k in ("nirsevimab", "clesrovimab", "tenavibart")
    )


def test_a_trial_acronym_as_subject_speaks_of_the_programme_in_focus(
    vocab: Vocabulary,
) -> None:
    text = (
        "Phase 2 data\nTollard reported 12-month results from the phase 2 TIDEMARK study of"
        " quenvosiran (TLB-310).\nTIDEMARK enrolled 24 adults with hereditary ATTR amyloidosis"
        " with polyneuropathy."
    )
    assert (
        "quenvosiran",
        "hereditary-transthyretin-amyloidosis-with-polyneuropathy",
    ) in th.pairs(text, vocab, "has_indication")


def test_people_and_trial_words_before_a_disease_head_name_no_disease(vocab: Vocabulary) -> None:
    text = (
        "Dervacabtagene autoleucel wins head-to-head lymphoma trial\nIndependent lymphoma"
        " specialists were cautious about dervacabtagene autoleucel."
    )
    found = {d for _, d in th.pairs(text, vocab, "has_indication")}
    assert "head-to-head-lymphoma" not in found
    assert "independent-lymphoma" not in found


def test_rather_than_after_a_comparison_gives_the_compared_therapys_barriers(
    vocab: Vocabulary,
) -> None:
    text = (
        "Note\nCompared with liso-cel (Breyanzi), the CAR-T approved in CLL, tarvobrutideg is"
        " a pill taken at home rather than a one-time infusion given at a specialised centre"
        " after apheresis."
    )
    barriers = th.barriers(text, vocab)
    assert ("faces_barrier", "lisocabtagene-maraleucel", "apheresis") in barriers
    assert ("faces_barrier", "lisocabtagene-maraleucel", "treatment-centres") in barriers
    assert ("addresses_barrier", "tarvobrutideg", "treatment-centres") in barriers
    assert ("faces_barrier", "tarvobrutideg", "apheresis") not in barriers
