"""Rules written in session 20 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): diseases by more head words and anaphoric "disease", class stems that also make a
name an INN, names introduced away from their product, one-word cell therapy INNs,
camel-case brands, regulators that are no makers, targets before "antibodies" and
"agonist", and trials that "compared" their arms. Each rule has a case where it must not
apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.disease_anaphors import eponym_short_forms
from tlkg.loaders.text.diseases import disease_names
from tlkg.loaders.text.evidence import evidence_level
from tlkg.loaders.text.extract import extract
from tlkg.loaders.text.model import Mention
from tlkg.ontology.vocab import Vocabulary


def _indications(text: str, vocab: Vocabulary) -> set[tuple[str, str]]:
    return th.pairs(text, vocab, "has_indication")


def test_a_makers_clause_after_a_disease_is_no_adverse_event(vocab: Vocabulary) -> None:
    text = (
        "Kelby's gene therapy\n\nCAIRN is a phase 1 study of borvadistrogene"
        " tilparvovec, a gene therapy for Duchenne muscular dystrophy developed by Kelby Bio."
    )
    assert ("borvadistrogene-tilparvovec", "duchenne-muscular-dystrophy") in _indications(
        text, vocab
    )
    # a disease that developed on treatment is still a finding, not a use
    event = (
        "Safety update\n\nIn the phase 1 study of zorvatinib, interstitial lung disease"
        " developed in two patients."
    )
    assert not _indications(event, vocab)


def test_more_disease_heads_and_the_type_after_the_head() -> None:
    names = [d.name for d in disease_names(
        "adults with paroxysmal nocturnal haemoglobinuria, narcolepsy type 1 or"
        " idiopathic hypersomnia, but not persistent proteinuria"
    )]  # fmt: skip
    assert names == [
        "paroxysmal nocturnal hemoglobinuria",
        "narcolepsy type 1",
        "idiopathic hypersomnia",
    ]


def test_one_disease_whichever_side_its_type_is_written(vocab: Vocabulary) -> None:
    text = (
        "Orexin race\n\nAcme's zolvorexton is approved for narcolepsy type 1. Its rival"
        " belorexton is in phase 2 in type 1 narcolepsy."
    )
    assert _indications(text, vocab) == {
        ("zolvorexton", "narcolepsy-type-1"),
        ("belorexton", "narcolepsy-type-1"),
    }


def test_an_anaphoric_disease_is_the_one_named_last_else_the_articles(
    vocab: Vocabulary,
) -> None:
    text = (
        "A new drug for myelofibrosis\n\nTarnow's zelvatinib is in a phase 2 study in"
        " myelofibrosis. Two drugs are approved in myelofibrosis already.\n\n"
        "Standard treatments for relapsed disease include ruxolitinib and fedratinib."
    )
    found = _indications(text, vocab)
    assert {("ruxolitinib", "myelofibrosis"), ("fedratinib", "myelofibrosis")} <= found
    near = (
        "Kessel's plans\n\nKessel's dorvacabtagene autoleucel is in a study in lupus"
        " nephritis. In lupus nephritis it leads the field.\n\nKessel reported results of"
        " dor-cel in stiff person syndrome and plans to seek approval in that disease."
    )
    found = _indications(near, vocab)
    assert ("dorvacabtagene-autoleucel", "stiff-person-syndrome") in found
    # response categories are no anaphors: "stable disease" names no disease
    stable = (
        "Results\n\nIn myelofibrosis, zelvatinib is in phase 2. In myelofibrosis the"
        " spleen shrank.\n\nMost patients treated with ruxolitinib had stable disease."
    )
    assert ("ruxolitinib", "myelofibrosis") not in _indications(stable, vocab)


def test_class_stems_name_unseen_drugs_and_make_them_inns(vocab: Vocabulary) -> None:
    text = (
        "Kessel licenses an orexin agonist\n\nKessel Neuroscience has licensed"
        " dolvorexton, an oral orexin agonist. The compound, also known as KN-2231 at"
        " Kessel and as HB-118 at Harlow, is in preclinical studies.\n\n"
        "Harlow's velofermin and Pryce's tolatirome are in phase 2 in liver disease, and"
        " Pryce's orvacopan is a factor B inhibitor."
    )
    mods = th.modalities(text, vocab)
    assert mods["dolvorexton"] == "small-molecule"
    assert mods["velofermin"] == "other-modality"
    assert mods["tolatirome"] == "small-molecule"
    assert mods["orvacopan"] == "small-molecule"
    assert th.aliases(text, vocab)["dolvorexton"] >= {"KN-2231", "HB-118"}


def test_it_began_as_a_code(vocab: Vocabulary) -> None:
    text = (
        "Marlby's CAR-T\n\nThe regulator approved zorvacabtagene autoleucel (Zorvexa) in"
        " January. It began as KIH-22 at an academic centre and was renamed MCT-1922."
    )
    assert th.aliases(text, vocab)["zorvacabtagene-autoleucel"] >= {"KIH-22", "MCT-1922"}


def test_a_radioligands_ligand_alone_names_it(vocab: Vocabulary) -> None:
    text = (
        "A new radioligand\n\nAldby's lutetium Lu 177 corvotide targets FAP. In the"
        " study, corvotide was given every six weeks."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert keys == {"lutetium-lu-177-corvotide"}


def test_a_one_word_cell_therapy_inn_is_no_car_t(vocab: Vocabulary) -> None:
    text = (
        "Islet cells\n\nVelmora's kolvislecel is in phase 1 in type 1 diabetes, and"
        " Harby's torvaleucel is in phase 2 in melanoma. Nobody will cancel either."
    )
    mods = th.modalities(text, vocab)
    assert mods == {"kolvislecel": "other-cell-therapy", "torvaleucel": "other-cell-therapy"}


def test_brands_in_camel_case_and_brands_of_vocabulary_drugs(vocab: Vocabulary) -> None:
    text = (
        "PNH options\n\nA newer antibody from Rocha, zorvalimab (ZorSky), is approved."
        " Patients can switch to pegcetacoplan (Aspavelo), a C3 inhibitor."
    )
    found = th.aliases(text, vocab)
    assert "ZorSky" in found["zorvalimab"]
    assert "Aspavelo" in found["pegcetacoplan"]
    # its maker in parentheses is no brand
    maker = "Sites\n\nA study of pegcetacoplan (Apellis Pharmaceuticals) opened."
    assert not any("Apellis" in a for a in th.aliases(maker, vocab)["pegcetacoplan"])


def test_regulators_and_assessment_bodies_make_no_products(vocab: Vocabulary) -> None:
    text = (
        "NICE backs corvasiran\n\nWrenfield Therapeutics makes corvasiran.\n\nIn draft"
        " guidance published on Wednesday, the National Institute for Health and Care"
        " Excellence (NICE) said corvasiran should be available as an option for adults."
    )
    assert th.pairs(text, vocab, "developed_by") == {("corvasiran", "wrenfield-therapeutics")}


def test_targets_before_antibodies_and_agonist_but_never_a_virus(vocab: Vocabulary) -> None:
    text = (
        "PNH and MASH\n\nThe C5 antibodies, zorvalimab (Zorlis) and belvalimab (Belmiris)"
        " among them, are given in hospital. Tolatirome, Pryce's THR-β agonist, is in"
        " phase 2. Kelvimab, an RSV antibody, is approved for infants."
    )
    found = th.targets(text, vocab)
    assert found["zorvalimab"] == {"c5"} and found["belvalimab"] == {"c5"}
    assert len(found["tolatirome"]) == 1
    assert "kelvimab" not in found


def test_a_trial_that_compared_its_arms(vocab: Vocabulary) -> None:
    text = (
        "NICE backs corvasiran\n\nThe main evidence came from CASTLE-3, a randomized phase"
        " 3 trial that compared a switch to corvasiran with continued treatment with"
        " eculizumab or ravulizumab."
    )
    found = th.pairs(text, vocab, "head_to_head")
    assert found == {("corvasiran", "eculizumab"), ("corvasiran", "ravulizumab")}
    # "compared with" after a result stays a reported comparison, no trial design
    result = (
        "Results\n\nIn the trial, corvasiran raised haemoglobin more than it fell when"
        " compared with eculizumab."
    )
    assert not th.pairs(result, vocab, "head_to_head")


def test_an_arm_goes_on_after_an_apposition(vocab: Vocabulary) -> None:
    text = (
        "Myeloma trial\n\nThe application rested on TARN-3, a randomized phase 3 trial that"
        " compared torvatug mafodotin plus pomalidomide and dexamethasone with daratumumab,"
        " an anti-CD38 antibody, plus pomalidomide and dexamethasone."
    )
    found = th.pairs(text, vocab, "head_to_head")
    assert {tuple(sorted(p)) for p in found} == {("daratumumab", "torvatug-mafodotin")}


def test_any_therapeutics_word_ends_a_company_and_sellers_make(vocab: Vocabulary) -> None:
    text = (
        "A radioligand\n\nZorvatinib binds FAP. It is developed by Aldby Radiotherapeutics.\n\n"
        "Pluvicto (lutetium Lu 177 vipivotide tetraxetan) is approved for prostate cancer, and"
        " Lutathera (lutetium Lu 177 dotatate) for neuroendocrine tumours. Both are sold by"
        " Novartis."
    )
    found = th.pairs(text, vocab, "developed_by")
    assert ("zorvatinib", "aldby-radiotherapeutics") in found
    assert {
        ("lutetium-lu-177-vipivotide-tetraxetan", "novartis"),
        ("lutetium-lu-177-dotatate", "novartis"),
    } <= found
    # who buys a product from its seller is no maker
    bought = "Deal\n\nZorvatinib binds FAP. It is bought by hospitals from Aldby Therapeutics."
    assert not th.pairs(bought, vocab, "developed_by")


def test_an_eponym_alone_names_its_disease(vocab: Vocabulary) -> None:
    text = (
        "Gene therapy\n\nKelby's borvadistrogene tilparvovec is in phase 1 for Duchenne muscular"
        " dystrophy.\n\nGene therapies for Duchenne, whether Zorvexa or Acme's ACM-202, come"
        " with steroids.\n\nDr. Duchenne treated patients with zorvatinib."
    )
    found = _indications(text, vocab)
    assert ("acm-202", "duchenne-muscular-dystrophy") in found
    assert ("zorvatinib", "duchenne-muscular-dystrophy") not in found


def test_a_readout_that_would_come_later_is_no_stage(vocab: Vocabulary) -> None:
    text = (
        "Analyst note\n\nOstby presented data from its Phase 1 study of velvaciclib. A pivotal"
        " readout would not come before 2029 in our model."
    )
    assert th.phases(text, vocab)["velvaciclib"] == "phase1"
    done = text.replace("would not come before 2029 in our model", "came in March")
    assert th.phases(done, vocab)["velvaciclib"] == "phase3"


def test_a_health_technology_assessment_decision_is_approval_news() -> None:
    text = (
        "NICE backs twice-yearly corvasiran for PNH in draft guidance\nBy A. Writer\n\n"
        "England's health technology assessment body has provisionally recommended"
        " Wrenfield's corvasiran for adults with paroxysmal nocturnal haemoglobinuria.\n\n"
        "The main evidence came from a randomized phase 3 trial in 141 adults."
    )
    assert evidence_level(text, has_title=True) == "approved"
    # a recommended phase 2 dose is no recommendation of a product
    dose = (
        "Dose found\n\nThe company chose the recommended phase 2 dose of corvasiran in its"
        " phase 1 study in 30 patients."
    )
    assert evidence_level(dose, has_title=True) == "early-clinical"


def test_arms_after_or_to_the_investigators_choice(vocab: Vocabulary) -> None:
    text = (
        "Phase 3\n\nPatients were randomized 1:1 to luvotamab sutetecan every three weeks or to"
        " the investigator's choice of weekly paclitaxel, pegylated liposomal doxorubicin or"
        " topotecan."
    )
    found = th.pairs(text, vocab, "head_to_head")
    assert found == {
        ("luvotamab-sutetecan", "paclitaxel"),
        ("luvotamab-sutetecan", "pegylated-liposomal-doxorubicin"),
        ("luvotamab-sutetecan", "topotecan"),
    }


def test_care_brought_home_addresses_treatment_centres(vocab: Vocabulary) -> None:
    text = (
        "PNH\n\nCorvasiran is a small interfering RNA. It is injected under the skin by a"
        " homecare nurse every six months. Savings from fewer hospital visits helped its case."
    )
    found = th.barriers(text, vocab)
    assert found == {("addresses_barrier", "corvasiran", "treatment-centres")}
    clinic = "PNH\n\nZorvalimab is an antibody. It is given every two weeks in hospital visits."
    assert ("addresses_barrier", "zorvalimab", "treatment-centres") not in th.barriers(
        clinic, vocab
    )


def test_a_class_patients_leave_is_no_drugs_target(vocab: Vocabulary) -> None:
    text = (
        "PNH\n\nPatients who still have anaemia on a C5 antibody can switch to pegcetacoplan,"
        " a C3 inhibitor. Zorvalimab, a C5 antibody, is approved."
    )
    found = th.targets(text, vocab)
    assert found["pegcetacoplan"] == {"c3"}
    assert found["zorvalimab"] == {"c5"}


def test_immunosuppression_and_transplant_centres(vocab: Vocabulary) -> None:
    text = (
        "Islet cells\n\nIslet cell therapies, Lantidra (donislecel) and Vertex's kolvislecel"
        " among them, require lifelong immunosuppressive drugs. Both are also infused into the"
        " portal vein, a procedure performed by interventional radiologists at transplant"
        " centres.\n\nTarby's relvislecel is implanted in muscle and given without"
        " immunosuppression."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "donislecel", "treatment-centres") in found
    assert ("faces_barrier", "kolvislecel", "treatment-centres") in found
    assert ("addresses_barrier", "relvislecel", "long-term-safety") in found
    assert any(k == "faces_barrier" and b == "long-term-safety" for k, _, b in found)
    # a remission without the patients' own drugs is no safety claim
    remission = (
        "Lupus\n\nAll patients given zorvacabtagene autoleucel were free of disease activity"
        " and without any immunosuppressive medicine."
    )
    assert not th.barriers(remission, vocab)


def test_these_therapies_after_a_class_with_its_examples_is_the_class(
    vocab: Vocabulary,
) -> None:
    text = (
        "CAR-T\n\nAutologous CAR-T therapies, Kymriah (tisagenlecleucel) and Aucatzyl"
        " (obecabtagene autoleucel) among them, start with apheresis. These therapies also"
        " carry warnings about secondary T-cell malignancies."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "car-t-autologous", "secondary-malignancy") in found
    assert ("faces_barrier", "tisagenlecleucel", "secondary-malignancy") not in found
    # named products stay the subject of their own sentence
    named = text.replace("These therapies also", "Kymriah and Aucatzyl also")
    assert ("faces_barrier", "tisagenlecleucel", "secondary-malignancy") in th.barriers(
        named, vocab
    )


def test_vocabulary_names_an_acronym_only_disease(vocab: Vocabulary) -> None:
    text = "MASH\n\nPryce's tolatirome met its primary endpoint in F2-F3 MASH in phase 2."
    assert ("tolatirome", "metabolic-dysfunction-associated-steatohepatitis") in _indications(
        text, vocab
    )


def test_a_head_to_head_trial_designed_to_show_non_inferiority(vocab: Vocabulary) -> None:
    text = (
        "Deal\n\nPellby intends to run the registrational study as a head-to-head trial designed"
        " to show that ravotamab plus lazertinib is non-inferior to amivantamab plus"
        " lazertinib on progression-free survival."
    )
    out = extract(text, vocab, has_title=True)
    found = {
        (r.subject.key, r.object.key, r.detail) for r in out.relations if r.kind == "head_to_head"
    }
    assert found == {("ravotamab", "amivantamab", "non_inferiority")}
    # a head-to-head trial of A against B is a head-to-head design
    plain = "Trial\n\nA head-to-head trial of ravotamab against amivantamab is enrolling."
    out = extract(plain, vocab, has_title=True)
    found = {
        (r.subject.key, r.object.key, r.detail) for r in out.relations if r.kind == "head_to_head"
    }
    assert found == {("ravotamab", "amivantamab", "head_to_head")}


def test_an_agonist_of_a_hormone_acts_on_its_receptor(vocab: Vocabulary) -> None:
    text = (
        "Obesity\n\nPfizer stopped its own oral GLP-1 agonist, danuglipron. Zolvorexton is an"
        " OX2R agonist."
    )
    found = th.targets(text, vocab)
    assert found["danuglipron"] == {"glp-1-receptor"}
    assert found["zolvorexton"] == {"ox2r"}


def test_products_listed_after_a_disease(vocab: Vocabulary) -> None:
    text = (
        "Eczema\n\nThree biologics are approved in atopic dermatitis: Dupixent (dupilumab;"
        " Sanofi), an IL-4Ra antibody; Ebglyss (lebrikizumab; Lilly); and nemolizumab.\n\n"
        "People with advanced hepatocellular carcinoma are usually treated first with"
        " atezolizumab given with bevacizumab, or with a kinase inhibitor such as lenvatinib."
    )
    found = _indications(text, vocab)
    assert {(t, "atopic-dermatitis") for t in ("dupilumab", "lebrikizumab", "nemolizumab")} <= found
    assert {
        (t, "hepatocellular-carcinoma") for t in ("atezolizumab", "bevacizumab", "lenvatinib")
    } <= found
    # without a list, a disease goes to the first group after it only
    plain = "Eczema\n\nIn atopic dermatitis dupilumab works better than ruxolitinib cream."
    assert ("ruxolitinib", "atopic-dermatitis") not in _indications(plain, vocab)


def test_a_plural_subject_split_by_its_makers(vocab: Vocabulary) -> None:
    text = (
        "Myasthenia\n\nThe C5 inhibitors eculizumab (Soliris) and ravulizumab (Ultomiris) from"
        " Alexion and UCB's self-injected zilucoplan (Zilbrysq) are also approved in"
        " generalized myasthenia gravis. Daratumumab and isatuximab are each approved in"
        " combination with pomalidomide for multiple myeloma."
    )
    found = _indications(text, vocab)
    assert {
        (t, "generalized-myasthenia-gravis") for t in ("eculizumab", "ravulizumab", "zilucoplan")
    } <= found
    assert {("daratumumab", "multiple-myeloma"), ("isatuximab", "multiple-myeloma")} <= found
    # a singular verb keeps the use to its own group
    single = (
        "Myasthenia\n\nEculizumab was first, and Argenx's efgartigimod alfa is approved in"
        " generalized myasthenia gravis."
    )
    assert ("eculizumab", "generalized-myasthenia-gravis") not in _indications(single, vocab)


def test_a_word_that_opens_a_line_or_is_written_in_lower_case_is_no_eponym() -> None:
    text = (
        "Relapsed or Refractory Leukaemia\n\nRelapsed patients did well. Gene therapies for"
        " Duchenne muscular dystrophy and for Duchenne, and multiple products."
    )
    title = Mention("indication", "r-r-leukemia", "Relapsed or Refractory Leukaemia", 0, 32)
    start = text.index("Duchenne muscular")
    dmd = Mention("indication", "dmd", "Duchenne muscular dystrophy", start, start + 27)
    found = eponym_short_forms(text, [title, dmd])
    assert [(m.key, text[m.start : m.end]) for m in found] == [("dmd", "Duchenne")]


def test_a_makers_apposition_on_a_product(vocab: Vocabulary) -> None:
    text = (
        "Makers\n\nXtandi (enzalutamide), the androgen receptor inhibitor that Astellas sells"
        " with Pfizer for prostate cancer, is approved. Voretigene neparvovec, marketed in the"
        " US by Spark Therapeutics, is approved. Compared with Elevidys (delandistrogene"
        " moxeparvovec), the Sarepta Therapeutics gene therapy, the new one uses less vector."
    )
    found = th.pairs(text, vocab, "developed_by")
    assert {
        ("enzalutamide", "astellas-pharma"),
        ("enzalutamide", "pfizer"),
        ("voretigene-neparvovec", "spark-therapeutics"),
        ("delandistrogene-moxeparvovec", "sarepta-therapeutics"),
    } <= found
    # an attributive company before people is no maker of the product before it
    team = (
        "Mice\n\nCompared with NX-5948, the Harkstone Bio team says, zorvatinib reaches lymph"
        " nodes better."
    )
    assert ("nx-5948", "harkstone-bio") not in th.pairs(team, vocab, "developed_by")
