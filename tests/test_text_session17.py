"""Rules written in session 17 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): names an audience knows a drug by, trials named like codes, a pivotal word beside a
numbered phase, charities and countries in developer lists, drugs a label warns about, add-on
trials against placebo, makers inside a list, spending that is no price, a discoverer and a
developer in one sentence, hospital monitoring, and a class word's examples. Each rule has a
case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_a_name_the_audience_knows_is_an_alias(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib, which many of you still know as HRT-4417, is our oral menin"
        " inhibitor for acute myeloid leukemia."
    )
    assert th.aliases(text, vocab)["dorvamenib"] == {"HRT-4417"}


def test_a_code_used_as_a_trial_name_is_no_therapy(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib is our menin inhibitor. We completed enrollment of the registrational"
        " cohort of PLOVER-101, our phase 1/2 study. We plan a randomized phase 3 trial,"
        " PLOVER-301, of dorvamenib. Spending rose mainly on PLOVER-101 enrollment."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"dorvamenib"}
    # a code after "the trial," with no closing comma is the drug the sentence is about
    drug = "News\nIn the phase 3 trial, ABX-101 reduced the risk of progression by 40%."
    assert "abx-101" in {t.key for t in extract(drug, vocab, has_title=True).therapies}


def test_a_numbered_phase_beside_a_pivotal_word_says_the_phase(vocab: Vocabulary) -> None:
    cohort = (
        "Call\nWe completed enrollment of the registrational cohort of dorvamenib's phase 1/2"
        " study in AML."
    )
    assert th.phases(cohort, vocab)["dorvamenib"] == "phase2"
    said = (
        "Call\nDorvamenib is in a single-arm phase 2 cohort; it is pivotal in the sense that"
        " the FDA agreed it could support accelerated approval."
    )
    assert th.phases(said, vocab)["dorvamenib"] == "phase2"
    later = "News\nAfter a phase 2 study, Hartwell started a pivotal trial of dorvamenib."
    assert th.phases(later, vocab)["dorvamenib"] == "phase3"


def test_a_charity_in_a_developer_list_with_a_country_between(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib is our menin inhibitor for acute myeloid leukemia. It is developed by"
        " Hartwell Bio, Tonami Pharmaceutical in Japan and the Elmfield Leukaemia Research"
        " Trust, which ran the chemistry programme."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert {o for s, o in devs if s == "dorvamenib"} == {
        "hartwell-bio",
        "tonami-pharmaceutical",
        "elmfield-leukaemia-research-trust",
    }
    # the disease word inside the charity's name is no indication
    inds = {o for s, o in th.pairs(text, vocab, "has_indication") if s == "dorvamenib"}
    assert inds == {"acute-myeloid-leukaemia"}


def test_drugs_a_label_warns_about_are_no_target(vocab: Vocabulary) -> None:
    text = (
        "News\nThe dose of dorvamenib, a menin inhibitor, has to be adjusted when patients take"
        " strong CYP3A4 inhibitors."
    )
    assert th.targets(text, vocab)["dorvamenib"] == {"menin"}
    own = "News\nCobravir, a CYP3A4 inhibitor, boosts the levels of other antivirals."
    assert "cyp3a4" in th.targets(own, vocab).get("cobravir", set())


def test_an_add_on_trial_against_placebo_names_no_rival(vocab: Vocabulary) -> None:
    text = (
        "Call\nWe plan a randomized phase 3 trial of dorvamenib added to venetoclax and"
        " azacitidine versus placebo plus venetoclax and azacitidine."
    )
    assert th.pairs(text, vocab, "head_to_head") == set()
    assert {frozenset(("dorvamenib", "venetoclax"))} <= th.complements(text, vocab)
    rival = (
        "News\nA phase 3 trial compares dorvamenib plus azacitidine with venetoclax plus"
        " azacitidine."
    )
    assert th.pairs(rival, vocab, "head_to_head") == {("dorvamenib", "venetoclax")}


def test_each_member_with_its_maker_is_combined(vocab: Vocabulary) -> None:
    text = (
        "News\nJohnson & Johnson's bleximenib and Kura's ziftomenib are also being combined with"
        " venetoclax and azacitidine."
    )
    found = th.complements(text, vocab)
    for drug in ("bleximenib", "ziftomenib"):
        assert frozenset((drug, "venetoclax")) in found
        assert frozenset((drug, "azacitidine")) in found


def test_spending_a_year_ago_is_no_price(vocab: Vocabulary) -> None:
    text = (
        "Call\nDorvamenib is our menin inhibitor. Research and development expense was $58.3"
        " million, up from $41.0 million a year ago, mainly on dorvamenib."
    )
    assert not any(b == "cost" for _, _, b in th.barriers(text, vocab))
    price = "News\nDorvamenib will cost $21,000 a month in the US."
    assert ("faces_barrier", "dorvamenib", "cost") in th.barriers(price, vocab)


def test_a_discoverer_and_a_developer_in_one_sentence(vocab: Vocabulary) -> None:
    text = (
        "Abstract\nCorvatamig (FBO-3318) is a DLL3xCD3 engager discovered by Qinhe Biologics and"
        " developed by Fellgate Therapeutics."
    )
    devs = {o for s, o in th.pairs(text, vocab, "developed_by") if s == "corvatamig"}
    assert devs == {"qinhe-biologics", "fellgate-therapeutics"}


def test_monitoring_in_hospital_written_other_ways(vocab: Vocabulary) -> None:
    usual = (
        "News\nDorvatamig, a DLL3xCD3 engager, is started with step-up doses under extended"
        " monitoring, usually in hospital."
    )
    assert ("faces_barrier", "dorvatamig", "treatment-centres") in th.barriers(usual, vocab)
    hours = (
        "News\nCompared with tarlatamab, whose label calls for 22 to 24 hours of monitoring"
        " after each of the first two doses, dorvatamig was given without overnight observation."
    )
    assert ("faces_barrier", "tarlatamab", "treatment-centres") in th.barriers(hours, vocab)


def test_a_class_word_with_examples_states_the_class_barrier(vocab: Vocabulary) -> None:
    text = (
        "Abstract\nDLL3 T-cell engagers, tarlatamab and Boehringer Ingelheim's obrixtamig among"
        " them, cause cytokine release syndrome."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "bispecific-t-cell-engager", "cytokine-release-syndrome") in found
    assert not any(s in ("tarlatamab", "obrixtamig") for _, s, _ in found)  # inherited
    assert th.targets(text, vocab)["obrixtamig"] == {"dll3"}
    like = "News\nLike every autologous CAR-T, pelvacabtagene autoleucel still requires apheresis."
    assert ("faces_barrier", "pelvacabtagene-autoleucel", "apheresis") in th.barriers(like, vocab)


def test_developer_lists_with_relative_clauses_and_seats(vocab: Vocabulary) -> None:
    text = (
        "News\nTamsin Cell Therapeutics said its CAR-T, dorvacabtagene ansoleucel (dorva-cel,"
        " TCT-702), put 40% of patients in remission.\n\nDorva-cel is made from donor cells. It"
        " is developed by Tamsin, Qinghe Cell Bio, which designed the CAR and tested it in"
        " China as QCB-1922, and the Eldon Cancer Institute in Leeds, which ran the first"
        " cohort."
    )
    devs = {o for s, o in th.pairs(text, vocab, "developed_by") if s == "dorvacabtagene-ansoleucel"}
    assert devs == {"tamsin-cell-therapeutics", "qinghe-cell-bio", "eldon-cancer-institute"}
    seat = (
        "News\nVolmera, known in development as NRB-177P, is developed by Norvik Radiopharma,"
        " based in Umeå, Sweden, and Fenhaven Isotopes, which supplies the isotope."
    )
    devs = {o for s, o in th.pairs(seat, vocab, "developed_by")}
    assert devs == {"norvik-radiopharma", "fenhaven-isotopes"}


def test_a_like_opening_with_a_makers_apposition(vocab: Vocabulary) -> None:
    text = (
        "News\nLike cema-cel (cemacabtagene ansegedleucel), Allogene Therapeutics' anti-CD19"
        " allogeneic product, dorvacabtagene ansoleucel still needs lymphodepleting"
        " chemotherapy before infusion."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "dorvacabtagene-ansoleucel", "lymphodepletion") in found
    devs = th.pairs(text, vocab, "developed_by")
    assert ("cemacabtagene-ansegedleucel", "allogene-therapeutics") in devs
    assert ("dorvacabtagene-ansoleucel", "allogene-therapeutics") not in devs


def test_a_slash_pair_and_an_agent_the_cells_resist(vocab: Vocabulary) -> None:
    text = (
        "News\nDorvacabtagene ansoleucel is edited to resist an anti-CD52 antibody, and carries"
        " a CD19/CD22 bispecific CAR."
    )
    assert th.targets(text, vocab)["dorvacabtagene-ansoleucel"] == {"cd19", "cd22"}
    own = "News\nAlvemtuzumab, an anti-CD52 antibody, is approved in multiple sclerosis."
    assert th.targets(own, vocab)["alvemtuzumab"] == {"cd52"}


def test_cell_waits_written_other_ways(vocab: Vocabulary) -> None:
    quick = (
        "News\nTamsin said its CAR-T, dorvacabtagene ansoleucel, produced responses, with every"
        " patient infused within five days of enrolment."
    )
    found = th.barriers(quick, vocab)
    assert ("addresses_barrier", "dorvacabtagene-ansoleucel", "vein-to-vein-time") in found
    assert not any(s == "car-t-allogeneic" or s == "car-t" for _, s, _ in found)
    slow = (
        "News\nAutologous CAR-T products, Yescarta and Breyanzi among them, take two to four"
        " weeks to manufacture."
    )
    found = th.barriers(slow, vocab)
    assert ("faces_barrier", "car-t-autologous", "manufacturing-capacity") in found
    assert ("faces_barrier", "car-t-autologous", "vein-to-vein-time") in found


def test_a_non_inferiority_trial_of_one_versus_another(vocab: Vocabulary) -> None:
    text = (
        "News\nTamsin plans a randomized phase 3 non-inferiority trial, KESTREL-3, of"
        " dorvacabtagene ansoleucel against investigator's choice of Yescarta or Breyanzi."
    )
    out = extract(text, vocab, has_title=True)
    found = {
        (r.subject.key, r.object.key, r.detail) for r in out.relations if r.kind == "head_to_head"
    }
    assert found == {
        ("dorvacabtagene-ansoleucel", "axicabtagene-ciloleucel", "non_inferiority"),
        ("dorvacabtagene-ansoleucel", "lisocabtagene-maraleucel", "non_inferiority"),
    }
    shown = "News\nDorvacabtagene ansoleucel showed non-inferiority to Yescarta."
    assert th.pairs(shown, vocab, "head_to_head") == {
        ("dorvacabtagene-ansoleucel", "axicabtagene-ciloleucel")
    }


def test_a_headline_class_word_without_article_is_the_new_programme(vocab: Vocabulary) -> None:
    text = (
        "Off-the-shelf CD19/CD22 CAR-T from Tamsin posts first lymphoma data, eyes"
        " non-inferiority trial against Yescarta\nTamsin Cell Therapeutics said its CAR-T,"
        " dorvacabtagene ansoleucel, put 40% of patients in remission."
    )
    out = extract(text, vocab, has_title=True)
    title = {
        (r.kind, r.subject.key, r.object.key)
        for r in out.relations
        if r.evidence and r.evidence.sentence.startswith("Off-the-shelf")
    }
    assert ("has_target", "dorvacabtagene-ansoleucel", "cd22") in title
    assert ("has_indication", "dorvacabtagene-ansoleucel", "lymphoma") in title
    assert ("head_to_head", "dorvacabtagene-ansoleucel", "axicabtagene-ciloleucel") in title
    assert ("has_indication", "axicabtagene-ciloleucel", "lymphoma") not in title
    plural = (
        "Anti-amyloid antibodies for early Alzheimer's disease\nThe policy adds tessovanemab, an"
        " antibody against amyloid beta."
    )
    inds = th.pairs(plural, vocab, "has_indication")
    assert ("tessovanemab", "early-alzheimer-s-disease") not in inds


def test_clinical_scores_are_no_codes(vocab: Vocabulary) -> None:
    text = "News\nAt week 24, 58% of patients on sarvolibart reached EASI-75 and 40% PASI 90."
    assert {t.key for t in extract(text, vocab, has_title=True).therapies} == {"sarvolibart"}


def test_radioligand_makers_shelf_life_and_short_supply(vocab: Vocabulary) -> None:
    text = (
        "News\nVolmera (lutetium Lu 177 norvapotide tetraxetan) is approved for men not yet"
        " candidates for chemotherapy. The ligand itself was discovered at the Hallstrom"
        " Institute in Oslo under the name HSI-44. Radioligand therapies, Pluvicto among"
        " them, can only be given in nuclear medicine departments, and every dose decays"
        " within days of production. In 2022 Novartis could not make enough of Pluvicto.\n\n"
        "Norvik is also testing an actinium-225 version of the ligand, NRB-225P, in a phase 1"
        " study, and a switch to abiraterone is the control arm."
    )
    out = extract(text, vocab, has_title=True)
    mods = {t.key: t.modality for t in out.therapies}
    assert mods["nrb-225p"] == "radiotherapy"  # not the background chemotherapy
    assert mods["abiraterone"] == "small-molecule"
    devs = th.pairs(text, vocab, "developed_by")
    # the code the institute gave the ligand names the product (the radioligand INN is an
    # INN, so the code is one of its names, as the read sets' annotators have it)
    assert ("lutetium-lu-177-norvapotide-tetraxetan", "hallstrom-institute") in devs
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "radiotherapy", "manufacturing-capacity") in found
    assert (
        "faces_barrier",
        "lutetium-lu-177-vipivotide-tetraxetan",
        "manufacturing-capacity",
    ) in found
    assert not any(k == "addresses_barrier" and b == "vein-to-vein-time" for k, _, b in found)


def test_the_patients_earlier_treatment_holds_nothing(vocab: Vocabulary) -> None:
    text = (
        "News\nKestrel Bio has licensed zelobrutideg, an oral BTK degrader.\n\n## The data\n\n"
        "The package rests on a phase 1 study in 64 patients with relapsed chronic lymphocytic"
        " leukemia, most of whom had received both a covalent BTK inhibitor and venetoclax."
    )
    out = extract(text, vocab, has_title=True)
    phases = {t.key: t.phase for t in out.therapies}
    assert phases == {"zelobrutideg": "phase1", "venetoclax": None}
    inds = th.pairs(text, vocab, "has_indication")
    assert not any(s == "venetoclax" for s, _ in inds)
    arms = (
        "News\nKestrel plans a randomized phase 3 trial comparing zelobrutideg head-to-head with"
        " pirtobrutinib in patients whose CLL progressed on a covalent BTK inhibitor."
    )
    assert th.pairs(arms, vocab, "head_to_head") == {("zelobrutideg", "pirtobrutinib")}


def test_a_path_or_a_plan_to_take_it_further_sets_no_phase(vocab: Vocabulary) -> None:
    text = (
        'News\nKestrel showed phase 1 data for zelobrutideg. "KST-4471 gives us a registrational'
        ' path in CLL," its chief executive said. Its partner said it would use the money to'
        " take zelobrutideg into a phase 2 study."
    )
    assert th.phases(text, vocab)["zelobrutideg"] == "phase1"


def test_a_plural_class_word_with_a_closed_list_of_members(vocab: Vocabulary) -> None:
    text = "News\nBTK inhibitors, ibrutinib, acalabrutinib and zanubrutinib, are taken every day."
    targets = th.targets(text, vocab)
    assert all(targets.get(d) == {"btk"} for d in ("ibrutinib", "acalabrutinib", "zanubrutinib"))
    unlike = "News\nUnlike BTK inhibitors, venetoclax is given for a fixed time."
    assert "venetoclax" not in th.targets(unlike, vocab)


def test_a_headline_class_word_of_the_topic_and_headings(vocab: Vocabulary) -> None:
    text = (
        "# Kestrel pays $180 million for Qinghe's BTK degrader, plans head-to-head fight with"
        " Jaypirca\n\nKestrel has licensed zelobrutideg, an oral BTK degrader, from Qinghe."
        " Zelobrutideg was discovered by Qinghe. Nurix's bexobrutideg is another BTK degrader."
        " Zelobrutideg is in phase 1.\n\n## The cost argument\n\nBTK inhibitors cost $15,000 a"
        " month."
    )
    assert ("zelobrutideg", "pirtobrutinib") in th.pairs(text, vocab, "head_to_head")
    found = th.barriers(text, vocab)
    assert not any(s == "zelobrutideg" for _, s, _ in found)  # the heading claims nothing


def test_regimens_and_formulations_named_as_products(vocab: Vocabulary) -> None:
    text = (
        "News\nChemotherapy for advanced pancreatic cancer, gemcitabine with nab-paclitaxel or"
        " the FOLFIRINOX combination, means a chair in an infusion unit every week."
    )
    mods = th.modalities(text, vocab)
    assert mods["nab-paclitaxel"] == "chemotherapy" and mods["folfirinox"] == "chemotherapy"
    inds = th.pairs(text, vocab, "has_indication")
    assert ("folfirinox", "pancreatic-cancer") in inds


def test_an_institution_short_form_and_a_technologies_company(vocab: Vocabulary) -> None:
    text = (
        "News\nFBX-7207 is an in vivo CAR-T. It was designed at the Delby Institute for"
        " Immunotherapy in Oxford and is being developed by Ferrowick Bio, the Delby Institute"
        " and Nordby Lipid Technologies, which makes the nanoparticle."
    )
    devs = {o for s, o in th.pairs(text, vocab, "developed_by") if s == "fbx-7207"}
    assert devs == {
        "ferrowick-bio",
        "delby-institute-for-immunotherapy",
        "nordby-lipid-technologies",
    }
    plc = "News\nSkelby Therapeutics plc said SKB-101 works. Skelby Therapeutics develops it."
    assert {o for _, o in th.pairs(plc, vocab, "developed_by")} <= {
        "skelby-therapeutics",
        "skelby-therapeutics-plc",
    }


def test_a_products_form_is_no_disease_word(vocab: Vocabulary) -> None:
    text = "FDA puts Kestrel's off-the-shelf lupus CAR-T on hold\nKestrel said sivacabtagene"
    text += " gedaleucel, its allogeneic CAR-T, was paused."
    inds = {o for _, o in th.pairs(text, vocab, "has_indication")}
    assert inds <= {"systemic-lupus-erythematosus"}


def test_both_after_a_partner_said_in_passing(vocab: Vocabulary) -> None:
    text = (
        "News\nAmgen's Lumakras (sotorasib) was approved in 2021 for KRAS G12C lung cancer,"
        " and in 2025, with panitumumab, for colorectal cancer. Krazati (adagrasib) followed"
        " in colorectal cancer, with cetuximab, in June 2024. Both bind only the inactive form"
        " of KRAS G12C."
    )
    both = {s for s, o in th.pairs(text, vocab, "has_target") if o == "kras-g12c"}
    assert {"sotorasib", "adagrasib"} <= both and "cetuximab" not in both
    aside = "News\nTwo patients on sotorasib had neurotoxicity, both low grade."
    assert th.pairs(aside, vocab, "has_target") == set()


def test_a_bispecific_with_two_arms_neither_cd3_is_an_antibody(vocab: Vocabulary) -> None:
    text = (
        "News\nIts candidate, dorstanemig, is a bispecific antibody that binds amyloid-beta with"
        " one arm and transferrin receptor 1 with the other."
    )
    assert th.modalities(text, vocab)["dorstanemig"] == "monoclonal-antibody"
    engager = (
        "News\nDorstanemig is a bispecific that binds BCMA with one arm and CD3 with the other."
    )
    assert th.modalities(engager, vocab)["dorstanemig"] == "bispecific-t-cell-engager"


def test_its_candidate_and_a_company_presenting_its_data(vocab: Vocabulary) -> None:
    text = (
        "News\nLeqembi, from Eisai and Biogen, is infused every two weeks.\n\nCorrieside"
        " Neuroscience, based in Dundee, is betting on a brain shuttle. Its candidate,"
        " dorstanemig (CSN-4127), is an antibody against amyloid beta.\n\nAt the CTAD"
        " conference this week, Corrieside presented results from LOCHLAN, a Phase 1b study"
        " in 41 people."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert ("dorstanemig", "corrieside-neuroscience") in devs
    assert ("dorstanemig", "eisai") not in devs
    assert th.phases(text, vocab)["dorstanemig"] == "phase1"


def test_a_protein_ligand_is_no_code(vocab: Vocabulary) -> None:
    text = "News\nThe antibody blocks the OX40 ligand, which drives inflammation."
    assert extract(text, vocab, has_title=True).therapies == []


def test_an_approved_class_compared_and_a_trial_being_designed(vocab: Vocabulary) -> None:
    text = (
        "Abstract\nA single injection of dorafagene salparvovec reduced lesion growth by as much"
        " as reported for approved complement inhibitors. A randomised Phase 2b/3 trial"
        " comparing dorafagene salparvovec with pegcetacoplan is being designed with"
        " regulators.\n\nPEARLSTONE is an open-label Phase 1/2 trial of dorafagene salparvovec."
    )
    assert th.phases(text, vocab)["dorafagene-salparvovec"] == "phase2"
    assert not any(b == "regulatory" for _, _, b in th.barriers(text, vocab))
    other = (
        "News\nThat warning was added to Kymriah, Breyanzi and the other approved autologous"
        " CAR-Ts."
    )
    assert th.phases(other, vocab)["tisagenlecleucel"] == "approved"


def test_clinic_returns_follow_up_and_a_protein_regulator(vocab: Vocabulary) -> None:
    text = (
        "Abstract\nPegcetacoplan and avacincaptad pegol are approved. Both are given every month,"
        " without a planned end, so patients return to a retina clinic up to twelve times a"
        " year. Dorafagene salparvovec delivers complement factor H, the natural regulator of"
        " C3. Patients will remain in a 5-year follow-up study."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "pegcetacoplan", "treatment-centres") in found
    assert ("faces_barrier", "dorafagene-salparvovec", "long-term-safety") in found
    assert not any(b == "regulatory" for _, _, b in found)
    home = (
        "News\nCorlosiran is given once a year. Patients could inject it at home instead of"
        " returning to a clinic for an injection."
    )
    assert ("faces_barrier", "corlosiran", "treatment-centres") not in th.barriers(home, vocab)


def test_a_risk_programme_is_a_regulatory_barrier_until_lifted(vocab: Vocabulary) -> None:
    text = (
        "News\nThe C5 inhibitors eculizumab and ravulizumab are approved in generalized MG. Both"
        " are sold only through REMS programmes because of the risk of meningococcal infection."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "eculizumab", "regulatory") in found
    assert not any(b == "treatment-centres" for _, _, b in found)
    lifted = "News\nKymriah is approved. The FDA dropped its REMS in June 2025."
    assert not any(b == "regulatory" for _, _, b in th.barriers(lifted, vocab))


def test_abstract_headers_are_no_title(vocab: Vocabulary) -> None:
    from tlkg.loaders.articles.text import parse_text_article

    text = (
        "Annual Meeting 2026 - Retina Section - Poster Abstract B0417\nSession: Geographic"
        " atrophy: new mechanisms\nPresented: May 5, 2026\n\nTwelve-month results of a Phase"
        " 1/2 trial of dorafagene salparvovec in geographic atrophy\n\nBackground\nText."
    )
    parsed = parse_text_article(text)
    assert parsed.title is not None and parsed.title.startswith("Twelve-month results")
    assert parsed.date == "2026-05-05"
    release = "Abstract release date: May 21, 2026\n\nDorvatamig in small cell lung cancer\n\nText."
    assert parse_text_article(release).date == "2026-05-21"


def test_receptors_named_in_words_and_a_long_apposition(vocab: Vocabulary) -> None:
    text = (
        "Call\nPelvaglutide is a long-acting dual agonist of the GLP-1 receptor and the amylin"
        " receptor, developed by Castlewick Pharma, Nanling Peptide Sciences and the Fellbrook"
        " Metabolic Institute, which discovered the molecule."
    )
    assert th.targets(text, vocab)["pelvaglutide"] == {"glp-1-receptor", "amylin-receptor"}
    devs = {o for s, o in th.pairs(text, vocab, "developed_by") if s == "pelvaglutide"}
    assert devs == {
        "castlewick-pharma",
        "nanling-peptide-sciences",
        "fellbrook-metabolic-institute",
    }
    words = (
        "News\nFilverra (sarpentan), a dual endothelin and angiotensin receptor antagonist, is"
        " approved. Fabrona (ivtacopan), a factor B inhibitor, is approved too."
    )
    targets = th.targets(words, vocab)
    assert targets["sarpentan"] == {"endothelin-receptor", "angiotensin-receptor"}
    assert targets["ivtacopan"] == {"factor-b"}


def test_a_combination_with_an_analogue(vocab: Vocabulary) -> None:
    text = "News\nThe combination pairs semaglutide with the amylin analogue cagrilintide."
    text += " Novo combines semaglutide with the amylin analogue cagrilintide."
    assert frozenset(("semaglutide", "cagrilintide")) in th.complements(text, vocab)


def test_a_speakers_topic_and_a_pair_named_later(vocab: Vocabulary) -> None:
    text = (
        "Call\nPelvaglutide met its endpoints.\n\nAnalyst, Fenwood Securities: Pricing.\n\nCEO:"
        " Both list at over $1,000 a month, and neither Wegovy nor Zepbound is covered by"
        " Medicare for obesity."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "semaglutide", "cost") in found
    assert ("faces_barrier", "tirzepatide", "reimbursement") in found
    assert not any(s == "pelvaglutide" for _, s, _ in found)


def test_a_discoverers_code_given_with_its_city(vocab: Vocabulary) -> None:
    text = (
        "News\nNemvabart was discovered by Hokuto Antibody Laboratories in Kanazawa, Japan, as"
        " HAB-1102 and licensed to Quarrenby in 2022."
    )
    assert th.aliases(text, vocab)["nemvabart"] == {"HAB-1102"}


def test_a_plural_class_before_its_members_and_an_owners_unit(vocab: Vocabulary) -> None:
    text = (
        "News\nThe C5 inhibitors eculizumab (Soliris) and ravulizumab (Ultomiris) from"
        " AstraZeneca's Alexion and UCB's self-injected zilucoplan (Zilbrysq) are approved."
    )
    targets = th.targets(text, vocab)
    assert targets["eculizumab"] == {"c5"} and targets["ravulizumab"] == {"c5"}
    devs = th.pairs(text, vocab, "developed_by")
    assert ("eculizumab", "alexion") in devs and ("eculizumab", "astrazeneca") not in devs
    one = "News\nAmgen's PDE4 inhibitor apremilast and deucravacitinib are oral drugs."
    assert th.targets(one, vocab).get("deucravacitinib", set()) == set()


def test_a_company_has_two_listed_after_a_colon(vocab: Vocabulary) -> None:
    text = (
        "News\nNovartis has two: Fabrona (ivtacopan), a factor B inhibitor, and Vantrella"
        " (arbasentan), an endothelin A receptor antagonist, both cleared under accelerated"
        " approval."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert {("ivtacopan", "novartis"), ("arbasentan", "novartis")} <= devs


def test_a_verb_is_no_disease_word(vocab: Vocabulary) -> None:
    text = "News\nDual-targeting CAR-NK cells clear myeloma in mice, Fatehill said of FT-5522."
    assert th.pairs(text, vocab, "has_indication") == {("ft-5522", "multiple-myeloma")}


def test_guards_for_this_sessions_rules(vocab: Vocabulary) -> None:
    # an approved class with its members in brackets states their stage
    members = (
        "Abstract\nApproved enzyme replacement therapies for Fabry disease (agalsidase alfa and"
        " agalsidase beta) are given as infusions every two weeks."
    )
    assert th.phases(members, vocab)["agalsidase-beta"] == "approved"
    # a company's pivotal study that "would start" is a plan
    plan = (
        "News\nCalderby Oncology presented Phase 1/2 data for pelvorasib. Calderby said a"
        " pivotal study would start in 2027."
    )
    assert th.phases(plan, vocab)["pelvorasib"] == "phase2"
    # the class of drugs the patients failed is not the programme's target
    prior = (
        "Abstract\nAdults with inadequate response or intolerance to at least one anti-TNF agent"
        " were randomized to ravokizumab."
    )
    assert "ravokizumab" not in th.targets(prior, vocab)
