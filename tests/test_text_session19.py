"""Rules written in session 19 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): the evidence level of approval news told by the regulator's act, a lead paragraph
after a dateline, a trial planned after its phase, an asset no patient has received, and a
paragraph reporting results after background about approved rivals; a bispecific whose
arms are not CD3, or that engages NK cells, is an antibody, not a T-cell engager. Each
rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.evidence import evidence_level
from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_a_regulators_act_is_approval_news() -> None:
    text = (
        "Agency clears Tamsworth's twice-yearly asthma drug\nMarch 3, 2026\nBy A. Writer\n\n"
        "The U.S. Food and Drug Administration on Monday approved Tamsworth Bio's rolvakibart"
        " for severe asthma in adults.\n\nThe approval rests on CORRIE-2, a randomized phase 3"
        " trial in 400 patients.\n\nAnalysts see the phase 3 drug from Helm as its rival."
    )
    assert evidence_level(text, has_title=True) == "approved"
    # the regulator clearing a trial is no approval
    trial = (
        "Tamsworth starts a study\n\nThe FDA cleared the IND for rolvakibart, and Tamsworth"
        " will run a phase 1 study in healthy volunteers this spring."
    )
    assert evidence_level(trial, has_title=True) != "approved"


def test_a_trial_planned_after_its_phase_and_an_asset_no_patient_received() -> None:
    text = (
        "---\ntitle: Pellow licenses a bispecific\n---\n\n"
        "- Pellow gains rights to dovasimig (PL-220)\n"
        "- First-in-human Phase 1 study planned for the second half of 2026\n\n"
        "PELLOW, May 2, 2026 -- Pellow Bio today announced a licence agreement for dovasimig,"
        " an antibody that has not yet been given to a patient.\n\n"
        "In mouse models of colitis, dovasimig reduced inflammation. IND-enabling toxicology"
        " studies are complete."
    )
    assert evidence_level(text) == "preclinical"
    # a phase 1 study said to be under way is early clinical
    running = text.replace("planned for the second half of 2026", "dosed its first patient")
    running = running.replace("that has not yet been given to a patient", "in the clinic")
    assert evidence_level(running) == "early-clinical"


def test_a_paragraph_reporting_results_outranks_background_about_approved_rivals() -> None:
    text = (
        "The long wait for cell therapy\n\nMr Doe waited six weeks for his cells, and his"
        " lymphoma grew while he waited at home.\n\nTwo CD19 CAR-Ts are approved in"
        " second-line lymphoma and both need apheresis.\n\n"
        "At the meeting, Harnby showed results from the Phase 1 part of its KESTON-1 study of"
        " an off-the-shelf CAR-T in 40 patients.\n\nHarnby's chief executive said the company"
        " hopes to start a pivotal trial next year."
    )
    assert evidence_level(text, has_title=True) == "early-clinical"
    # a letter's own "We report" outranks even a lead paragraph about approved drugs
    letter = (
        "Starting a drug without a ramp-up\n\nVenoclara has been approved for leukaemia since"
        " 2016 and is now the backbone of fixed-duration treatment in most centres.\n\nWe"
        " report the Phase 1b cohort of a first-in-human study of dalmovax in 38 patients."
    )
    assert evidence_level(letter, has_title=True) == "early-clinical"
    assert evidence_level(letter.replace("We report", "Others report"), has_title=True) == (
        "approved"
    )
    # without the report, the first paragraph with a cue tells the level, as before
    background = text.replace("showed results from", "is running")
    assert evidence_level(background, has_title=True) == "approved"


def test_a_bispecific_without_a_cd3_arm_is_an_antibody(vocab: Vocabulary) -> None:
    text = (
        "News\nHelvorimig, a PD-1xVEGF bispecific antibody from Tarn Bio, frees T cells from"
        " the PD-1 brake and starves tumours of VEGF. In a phase 2 study, helvorimig beat"
        " pembrolizumab."
    )
    assert th.modalities(text, vocab)["helvorimig"] == "monoclonal-antibody"
    out = extract(text, vocab, has_title=True)
    classes = {m.key for m in out.mentions if m.kind == "modality"}
    assert "bispecific-t-cell-engager" not in classes
    nk = (
        "News\nCorvalimig, a BCMA-directed natural killer (NK) cell engager, is licensed to"
        " Brent Pharma, which will test corvalimig alongside a T-cell engager."
    )
    assert th.modalities(nk, vocab)["corvalimig"] == "monoclonal-antibody"
    # a CD3 arm, or the words "T-cell engager" said of it, keep the engager
    cd3 = text.replace("PD-1xVEGF", "BCMAxCD3")
    assert th.modalities(cd3, vocab)["helvorimig"] == "bispecific-t-cell-engager"
    tce = "News\nHelvorimig, a T-cell engager from Tarn Bio, beat pembrolizumab in a phase 2 study."
    assert th.modalities(tce, vocab)["helvorimig"] == "bispecific-t-cell-engager"


def test_a_trials_randomised_part_and_an_arms_lead_drug(vocab: Vocabulary) -> None:
    part = (
        "News\nTopotecan and Zepzelca (lurbinectedin) are used after platinum. A randomised"
        " Phase 2 part comparing dorvatug vedotin with investigator's choice of topotecan or"
        " lurbinectedin is planned to start in 2026."
    )
    assert th.pairs(part, vocab, "head_to_head") >= {
        ("dorvatug-vedotin", "topotecan"),
        ("dorvatug-vedotin", "lurbinectedin"),
    }
    # a result reported against the other arm stays a comparison
    result = part.replace(
        "A randomised Phase 2 part comparing dorvatug vedotin with",
        "In the randomised part, dorvatug vedotin improved survival compared with",
    )
    assert ("dorvatug-vedotin", "topotecan") not in th.pairs(result, vocab, "head_to_head")
    lead = (
        "News\nA randomised phase 3 trial will show whether selvoclax plus zanubrutinib is"
        " non-inferior to venetoclax plus obinutuzumab in untreated CLL."
    )
    h2h = th.pairs(lead, vocab, "head_to_head")
    assert {("selvoclax", "venetoclax"), ("selvoclax", "obinutuzumab")} <= h2h
    assert not any("zanubrutinib" in p for p in h2h)


def test_unseen_small_molecules_by_their_class_stem(vocab: Vocabulary) -> None:
    text = (
        "News\nVESTRA-9 randomizes 400 patients to velmosiran every six months or to"
        " amlodipine daily. Rimegepant and atogepant prevent migraine; aficamten treats"
        " cardiomyopathy."
    )
    mods = th.modalities(text, vocab)
    for name in ("amlodipine", "rimegepant", "atogepant", "aficamten"):
        assert mods[name] == "small-molecule"
    assert ("velmosiran", "amlodipine") in th.pairs(text, vocab, "head_to_head")
    # an English word sharing the letters is no drug ("stool", "vibrate")
    plain = "News\nPhones vibrate; the protocol asks patients to avoid a stool softener."
    assert th.modalities(plain, vocab) == {}


def test_angioedema_a_stage_that_would_follow_and_neither_drug(vocab: Vocabulary) -> None:
    hae = "News\nThe FDA approved pelvorsiran for hereditary angioedema in adults."
    assert ("pelvorsiran", "hereditary-angioedema") in th.pairs(hae, vocab, "has_indication")
    follow = (
        "News\nVESTRA-7, a phase 2b trial of velmosiran, began enrolling in May. A phase 3"
        " outcomes trial would follow if that succeeds."
    )
    assert th.phases(follow, vocab)["velmosiran"] == "phase2"
    assert th.phases(follow.replace("would follow", "followed"), vocab)["velmosiran"] == "phase3"
    neither = (
        "News\nVelmosiran and zilebesiran both suppress angiotensinogen. Neither drug will be"
        " cheap, and payers will ask why they should fund an injection."
    )
    found = th.barriers(neither, vocab)
    assert {("faces_barrier", t, "cost") for t in ("velmosiran", "zilebesiran")} <= found
    assert not any(kind == "addresses_barrier" for kind, _, _ in found)


def test_a_family_symbol_and_lower_case_symbols_are_targets(vocab: Vocabulary) -> None:
    text = (
        "News\nThe oral JAK inhibitors Rinvoq (upadacitinib) and Cibinqo (abrocitinib) carry"
        " boxed warnings. Torvalimus, an mTOR inhibitor, is approved for kidney cancer."
    )
    targets = th.targets(text, vocab)
    assert targets["upadacitinib"] == {"jak"} and targets["abrocitinib"] == {"jak"}
    assert th.modalities(text, vocab)["torvalimus"] == "small-molecule"
    assert targets["torvalimus"] == {"mtor"}
    # the family yields to its member named for the same drug
    member = text.replace("carry boxed warnings", "block JAK1 and carry boxed warnings")
    assert th.targets(member, vocab)["upadacitinib"] == {"jak1"}


def test_the_vocabulary_names_a_programme_by_its_inn_over_its_former_code(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nAutologous CD19 CAR-T cells, among them mivocabtagene autoleucel (miv-cel,"
        " formerly KYV-101), need apheresis. Kyverna tested KYV-101 in lupus nephritis."
    )
    out = extract(text, vocab, has_title=True)
    assert [t.key for t in out.therapies] == ["mivocabtagene-autoleucel"]
    assert {"miv-cel", "KYV-101"} <= th.aliases(text, vocab)["mivocabtagene-autoleucel"]


def test_label_warnings_of_blood_cancers_supply_and_a_six_figure_bill(vocab: Vocabulary) -> None:
    text = (
        "News\nThe radioligands Lutathera and Pluvicto need nuclear medicine units. Both"
        " Lutathera's and Pluvicto's labels warn of myelodysplastic syndrome and acute"
        " leukaemia. They also depend on a fragile supply chain."
    )
    found = th.barriers(text, vocab)
    for drug in ("lutetium-lu-177-dotatate", "lutetium-lu-177-vipivotide-tetraxetan"):
        assert ("faces_barrier", drug, "secondary-malignancy") in found
        assert ("faces_barrier", drug, "manufacturing-capacity") in found
    # a harm a label warns of is no use of the drug
    assert not any(
        d in ("myelodysplastic-syndromes", "acute-leukemia")
        for _, d in th.pairs(text, vocab, "has_indication")
    )
    bill = (
        "News\nTecvayli (teclistamab) and Talvey (talquetamab) are approved. They are given"
        " until the disease progresses, so each adds up to a six-figure bill per patient."
    )
    assert {("faces_barrier", t, "cost") for t in ("teclistamab", "talquetamab")} <= (
        th.barriers(bill, vocab)
    )
    # a supply said to be ample is no barrier
    ample = text.replace("a fragile supply chain", "an ample supply chain")
    assert not any(b == "manufacturing-capacity" for _, _, b in th.barriers(ample, vocab))


def test_the_two_opening_a_sentence_and_follow_up_for_years(vocab: Vocabulary) -> None:
    text = (
        "News\nGene therapies, Roctavian (valoctocogene roxaparvovec) and Hemgenix (etranacogene"
        " dezaparvovec) among them, need weekly liver tests. Patients are followed up for years"
        " afterwards. The two still on the market are among the most expensive medicines."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "gene-therapy", "long-term-safety") in found
    for drug in ("valoctocogene-roxaparvovec", "etranacogene-dezaparvovec"):
        assert ("faces_barrier", drug, "cost") in found
    # a trial's follow-up of a number of years is no burden
    trial = text.replace("followed up for years afterwards", "followed up for two years")
    assert ("faces_barrier", "gene-therapy", "long-term-safety") not in th.barriers(trial, vocab)


def test_a_brand_a_makers_possessive_describes(vocab: Vocabulary) -> None:
    text = (
        "News\nTorvalia, a long-acting antibody, was approved. Unlike Renvexo, Harlow Bio's"
        " RSV vaccine that is given to the mother, Torvalia acts in the baby. Benlysta is"
        " GSK's antibody."
    )
    assert ("renvexo", "harlow-bio") in th.pairs(text, vocab, "developed_by")
    assert ("torvalia", "renvexo") in th.pairs(text, vocab, "compared_with")
    # a brand the vocabulary knows resolves to its INN
    assert "belimumab" in {t.key for t in extract(text, vocab, has_title=True).therapies}
    # a company described by its maker's possessive is no product
    plain = "News\nUnlike Harlow, Pfizer's research unit in Kent, Torvalia needs no lab."
    assert "harlow" not in {t.key for t in extract(plain, vocab, has_title=True).therapies}


def test_hospital_monitoring_and_coming_back_to_the_clinic(vocab: Vocabulary) -> None:
    text = (
        "News\nTecvayli (teclistamab) is started with step-up doses that require hospital"
        " monitoring. Epkinly (epcoritamab) is given until progression, and patients keep coming"
        " back to the clinic for months."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "teclistamab", "treatment-centres") in found
    assert ("faces_barrier", "epcoritamab", "treatment-centres") in found
    # monitoring said to be unneeded is the barrier removed
    lifted = text.replace("that require hospital monitoring", "that need no hospital monitoring")
    assert ("faces_barrier", "teclistamab", "treatment-centres") not in th.barriers(lifted, vocab)


def test_capacity_a_maker_added_and_products_made_for_each_patient(vocab: Vocabulary) -> None:
    text = (
        "News\nTLV-118, an individualised neoantigen vaccine, has to be manufactured for each"
        " patient. TVR-240 comes out of a vial, so nothing has to be made to order. Halden has"
        " qualified a second manufacturing plant for TVR-240."
    )
    found = th.barriers(text, vocab)
    assert ("faces_barrier", "tlv-118", "manufacturing-capacity") in found
    assert ("addresses_barrier", "tvr-240", "manufacturing-capacity") in found
    assert ("faces_barrier", "tvr-240", "manufacturing-capacity") not in found


def test_rivals_listed_each_with_its_maker_after_it(vocab: Vocabulary) -> None:
    text = (
        "News\nLambourne develops dorvacabtagene autoleucel (dorva-cel). If approved, dorva-cel"
        " would compete with axicabtagene ciloleucel (Yescarta) from Kite and lisocabtagene"
        " maraleucel (Breyanzi) from Bristol Myers Squibb."
    )
    rivals = th.pairs(text, vocab, "competes_with")
    assert ("dorvacabtagene-autoleucel", "axicabtagene-ciloleucel") in rivals
    assert ("dorvacabtagene-autoleucel", "lisocabtagene-maraleucel") in rivals
    # a maker followed by a new clause ends the list
    clause = text.replace(
        "from Kite and lisocabtagene", "from Kite, and Lambourne said lisocabtagene"
    )
    rivals = th.pairs(clause, vocab, "competes_with")
    assert ("dorvacabtagene-autoleucel", "lisocabtagene-maraleucel") not in rivals


def test_the_phase_of_the_trial_making_a_comparison_is_the_subjects(vocab: Vocabulary) -> None:
    text = (
        "News\nDorvatug vedotin is being compared with treatment of physician's choice in the"
        " Phase 3 KELDA-2 trial."
    )
    assert th.phases(text, vocab)["dorvatug-vedotin"] == "phase3"
    # a stage said of what the subject is compared with stays that one's
    other = "News\nCompared with teclistamab, which is approved, dorvamig is in a phase 1 study."
    assert th.phases(other, vocab)["dorvamig"] == "phase1"
    # "whose" opens a relative clause on the compared product as "which" does
    whose = (
        "News\nUnlike selvodrostat, Acme's oral inhibitor, whose phase 3 trial lowered pressure,"
        " velmosiran has been tested only in a phase 2 study."
    )
    assert th.phases(whose, vocab) == {"selvodrostat": "phase3", "velmosiran": "phase2"}
    # a relative clause may run some way before its stage
    far = (
        "News\nCompared with BKX-101, which has produced higher levels of fetal haemoglobin in"
        " its Phase 1/2 KELPIE trial, the in vivo editor velmogene is preclinical."
    )
    assert th.phases(far, vocab)["bkx-101"] == "phase2"


def test_licensed_to_a_company_and_begun_at_an_institute(vocab: Vocabulary) -> None:
    text = (
        "News\nTavolirsen was made in the laboratory of Professor Ruth Adeyemi as WX-ATX2-07 and"
        " licensed in 2024 to Tarnbrook Neurotherapeutics, a spin-out. Ravoctocogene"
        " sileparvovec began at Veldhoven Capsid Sciences, a Dutch vector company."
    )
    makers = th.pairs(text, vocab, "developed_by")
    assert ("tavolirsen", "tarnbrook-neurotherapeutics") in makers
    assert ("ravoctocogene-sileparvovec", "veldhoven-capsid-sciences") in makers
    # a company a drug is only compared at is no maker
    other = "News\nTavolirsen was compared at Tarnbrook Neurotherapeutics with nusinersen."
    assert not th.pairs(other, vocab, "developed_by")


def test_targets_acted_on_named_in_brackets_or_as_a_slash_pair(vocab: Vocabulary) -> None:
    text = (
        "News\nBelorbant, an oral inhibitor of retinol-binding protein 4 (RBP4), is in phase 3."
        " Tovacicept, a dual BAFF/APRIL inhibitor, was studied in the ORIGIN 3 trial."
    )
    targets = th.targets(text, vocab)
    assert targets["belorbant"] == {"rbp4"}
    assert targets["tovacicept"] == {"baff", "april"}
    # a pathogen in brackets is no target
    virus = "News\nTelvobart, an antibody against respiratory syncytial virus (RSV), is approved."
    assert not th.targets(virus, vocab).get("telvobart")
