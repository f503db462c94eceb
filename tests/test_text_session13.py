"""Rules prompted by holdout11 once it was read (session 13, after holdout12 was written
and scored blind): "Both" after an opening comparison of two named products; a class's
stage ("The approved products") is not the focus's; "no X-lowering therapy has been
approved"; a target class with its members in apposition; a target in the list of the
patients' earlier treatments; admission to hospital for monitoring and the drug bill as
barriers. Programme and company names are invented; each rule has a case where it must
not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_both_after_an_opening_comparison_are_the_two_compared(vocab: Vocabulary) -> None:
    # A parenthesis with a brand and a maker after each name, commas inside it.
    text = (
        "News\nTarnwick Biologics said ferovatug met its goal. Compared with efgartigimod"
        " alfa (Vyvgart, argenx) and rozanolixizumab (Rystiggo, UCB), ferovatug is dosed"
        " less often, the company said. Both are approved for generalized myasthenia gravis."
    )
    phases = th.phases(text, vocab)
    assert phases["efgartigimod-alfa"] == phases["rozanolixizumab"] == "approved"
    assert phases["ferovatug"] is None


def test_both_after_a_comparison_with_makers_leaves_out_the_subject(vocab: Vocabulary) -> None:
    text = (
        "News\nPennard said dravelsiran works. Compared with olpasiran from Amgen and"
        " lepodisiran from Eli Lilly, dravelsiran's reduction was smaller. Both are now in"
        " phase 3 outcomes trials."
    )
    phases = th.phases(text, vocab)
    assert phases["olpasiran"] == phases["lepodisiran"] == "phase3"
    assert phases["dravelsiran"] is None


def test_a_class_adjective_stage_is_not_the_programme_in_focus(vocab: Vocabulary) -> None:
    text = (
        "News\nHolbeck Cell Therapeutics reported data for holvacabtagene autoleucel in a"
        " phase 2 trial.\n\nThe approved products\n\nThree CAR-T products are approved in"
        " the US."
    )
    assert th.phases(text, vocab)["holvacabtagene-autoleucel"] == "phase2"
    # a stage without a class adjective still reaches the programme in focus
    plain = "News\nHolvacabtagene autoleucel was tested in 40 patients.\n\nApproval came in 2025."
    assert th.phases(plain, vocab)["holvacabtagene-autoleucel"] == "approved"


def test_no_therapy_of_a_kind_approved_is_a_negation(vocab: Vocabulary) -> None:
    text = (
        "News\nDravelsiran lowered Lp(a) in a Phase 2b trial. Elevated lipoprotein(a) is an"
        " inherited risk factor, and no Lp(a)-lowering therapy has been approved."
    )
    assert th.phases(text, vocab)["dravelsiran"] == "phase2"


def test_a_target_class_reaches_its_members_in_apposition(vocab: Vocabulary) -> None:
    text = (
        "News\nBCMA-directed T-cell engagers already approved in relapsed or refractory"
        " multiple myeloma, teclistamab (Tecvayli), elranatamab (Elrexfio) and linvoseltamab"
        " (Lynozyfic), can cause cytokine release syndrome."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {("teclistamab", "bcma"), ("elranatamab", "bcma"), ("linvoseltamab", "bcma")} <= pairs
    # a class word with no participle before the names: not an apposition of members
    other = "News\nBCMA-directed T-cell engagers work in myeloma, and daratumumab works too."
    assert ("daratumumab", "bcma") not in th.pairs(other, vocab, "has_target")


def test_a_target_in_the_list_of_earlier_treatments_is_nobodys(vocab: Vocabulary) -> None:
    text = (
        "News\nCorbury reported results for corvatamig, a BCMAxCD3 engager, in patients who"
        " had received at least three prior lines of therapy, including a proteasome"
        " inhibitor, an immunomodulatory drug and an anti-CD38 antibody."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert ("corvatamig", "bcma") in pairs
    assert ("corvatamig", "cd38") not in pairs
    # after the earlier treatments, the subject's own target still counts
    later = (
        "News\nIn patients previously treated with an anti-CD38 antibody, the GPRC5D-directed"
        " corvatamig worked."
    )
    assert ("corvatamig", "gprc5d") in th.pairs(later, vocab, "has_target")


def test_admission_for_monitoring_and_the_drug_bill_are_barriers(vocab: Vocabulary) -> None:
    text = (
        "News\nTeclistamab is given weekly. Patients are usually admitted to hospital for"
        " monitoring after the first doses. Teclistamab is given until progression, so the"
        " drug bill keeps growing."
    )
    pairs = th.pairs(text, vocab, "faces_barrier")
    assert ("teclistamab", "treatment-centres") in pairs
    assert ("teclistamab", "cost") in pairs
    # admitted with an adverse event is a safety finding, not where the drug is given
    event = (
        "News\nThe FDA placed a hold on the study of corvaglutide after one participant was"
        " admitted to hospital with acute liver injury."
    )
    assert ("corvaglutide", "treatment-centres") not in th.pairs(event, vocab, "faces_barrier")


def _compared(text: str, vocab: Vocabulary) -> set[frozenset[str]]:
    return {frozenset(p) for p in th.pairs(text, vocab, "compared_with")}


def test_an_opening_comparison_runs_over_a_relative_clause_and_the_list(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nLanmere reported data for sorvacabtagene geraleucel (sorva-cel). Compared with"
        " Carvykti, which produced responses in 97% of patients in CARTITUDE-1, and Abecma (73%"
        " in KarMMa), sorva-cel's response rate looks modest."
    )
    compared = _compared(text, vocab)
    assert frozenset({"sorvacabtagene-geraleucel", "ciltacabtagene-autoleucel"}) in compared
    assert frozenset({"sorvacabtagene-geraleucel", "idecabtagene-vicleucel"}) in compared
    assert frozenset({"ciltacabtagene-autoleucel", "idecabtagene-vicleucel"}) not in compared
    # a relative clause naming the class's members is not skipped: they are its examples
    examples = (
        "News\nBispecifics are off the shelf. Compared with CAR-T therapy, which in lymphoma"
        " means axicabtagene ciloleucel or tisagenlecleucel, they can be given to older patients."
    )
    assert frozenset({"car-t", "tisagenlecleucel"}) not in _compared(examples, vocab)


def test_a_barrier_in_the_relative_clause_of_an_apposition_is_the_objects(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nFernhill reported data for ferovacabtagene autoleucel in B-ALL. Compared with"
        " blinatumomab (Blincyto), Amgen's CD19-directed bispecific, which runs as a continuous"
        " infusion and starts with several days in hospital, ferovacabtagene autoleucel is"
        " given as a single infusion."
    )
    faces = th.pairs(text, vocab, "faces_barrier")
    assert ("blinatumomab", "treatment-centres") in faces
    assert ("ferovacabtagene-autoleucel", "treatment-centres") not in faces
    assert frozenset({"ferovacabtagene-autoleucel", "blinatumomab"}) in _compared(text, vocab)


def test_makers_after_a_brand_in_brackets_and_a_biomedical_company(vocab: Vocabulary) -> None:
    text = (
        "News\nThe two BCMA-directed CAR-Ts approved in myeloma, idecabtagene vicleucel (Abecma;"
        " developed by Bristol Myers Squibb and 2seventy bio) and ciltacabtagene autoleucel"
        " (Carvykti; developed by Johnson & Johnson and Legend Biotech), are autologous."
        " Sorva-cel is developed by Hangzhou Qiantai Biomedical."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert ("idecabtagene-vicleucel", "bristol-myers-squibb") in devs
    assert ("ciltacabtagene-autoleucel", "legend-biotech") in devs
    assert ("idecabtagene-vicleucel", "legend-biotech") not in devs
    assert ("sorva-cel", "hangzhou-qiantai-biomedical") in devs


def test_a_blocking_form_and_an_anaphor_hold_a_target(vocab: Vocabulary) -> None:
    text = (
        "News\nTarnwick's FcRn-blocking antibody ferovatug met its goal. Compared with"
        " efgartigimod alfa (Vyvgart, argenx) and rozanolixizumab (Rystiggo, UCB), ferovatug is"
        " dosed less often. Both lower IgG by blocking FcRn."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {
        ("ferovatug", "fcrn"),
        ("efgartigimod-alfa", "fcrn"),
        ("rozanolixizumab", "fcrn"),
    } <= pairs
    # a target after "It" in the list of earlier treatments stays nobody's
    prior = (
        "News\nTrelvani (selvobrutideg) is a BTK degrader. It is approved after at least two"
        " lines of therapy, including a BTK inhibitor and a BCL-2 inhibitor."
    )
    assert ("selvobrutideg", "bcl-2") not in th.pairs(prior, vocab, "has_target")


def test_selling_rights_is_a_deal_not_a_product_on_the_market(vocab: Vocabulary) -> None:
    text = (
        "News\nDunmore sold worldwide rights to dunvatamig, a DLL3-directed T-cell engager."
        " Acme sells zorvatinib in Europe."
    )
    phases = th.phases(text, vocab)
    assert phases["dunvatamig"] is None
    assert phases["zorvatinib"] == "approved"


def test_monitoring_in_another_main_clause_leaves_an_adverse_event_faced(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nT-cell engagers in small cell lung cancer, led by Amgen's DLL3-directed"
        " tarlatamab (Imdelltra), cause cytokine release syndrome and neurotoxicity, and the"
        " first two doses are followed by about a day of monitoring in a healthcare setting."
    )
    faces = th.pairs(text, vocab, "faces_barrier")
    assert {
        ("bispecific-t-cell-engager", "cytokine-release-syndrome"),
        ("bispecific-t-cell-engager", "neurotoxicity"),
        ("bispecific-t-cell-engager", "treatment-centres"),
    } <= faces
    # monitored for the event in the same clause: an evaluation, not a barrier faced
    counted = "News\nPatients given tarlatamab were monitored for cytokine release syndrome."
    assert ("tarlatamab", "cytokine-release-syndrome") not in th.pairs(
        counted, vocab, "faces_barrier"
    )


def test_the_patients_earlier_treatment_is_not_the_sentences_subject(vocab: Vocabulary) -> None:
    text = (
        "News\nTarlatamab has been an important advance. Amgen's drug binds DLL3 and was"
        " approved in 2024 after platinum chemotherapy. But it carries a boxed warning for"
        " cytokine release syndrome."
    )
    faces = th.pairs(text, vocab, "faces_barrier")
    assert ("tarlatamab", "cytokine-release-syndrome") in faces
    assert ("chemotherapy", "cytokine-release-syndrome") not in faces


def test_a_definite_description_of_the_product_is_the_programme_in_focus(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nBrackley said its phase 1 study of BRK-319, since renamed brackabtagene"
        " autoleucel, went well. The autologous CAR-T product recognises both CD19 and BCMA."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {("brackabtagene-autoleucel", "cd19"), ("brackabtagene-autoleucel", "bcma")} <= pairs
    # a hospital's programme is no drug
    clinic = (
        "News\nDr. Okafor directs the lymphoma programme at Tarnside Hospital. CAR-T therapy"
        " is given there."
    )
    assert ("car-t", "lymphoma") not in th.pairs(clinic, vocab, "has_indication")


def test_the_complement_system_is_no_combination(vocab: Vocabulary) -> None:
    text = (
        "News\nLisford's lisvabart met its goal. In 2023 the FDA approved pegcetacoplan, which"
        " inhibits complement C3, and avacincaptad pegol, which inhibits C5. Lisvabart"
        " complements pegcetacoplan."
    )
    pairs = {frozenset(p) for p in th.pairs(text, vocab, "complements")}
    assert pairs == {frozenset({"lisvabart", "pegcetacoplan"})}


def test_a_maker_in_the_brackets_after_a_brand_and_a_dated_launch_price(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nZolgensma (onasemnogene abeparvovec, Novartis), for spinal muscular atrophy,"
        " launched in the US in 2019 at about $2.1 million, and Luxturna (voretigene"
        " neparvovec, Spark Therapeutics), for an inherited retinal dystrophy, at $850,000."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert ("onasemnogene-abeparvovec", "novartis") in devs
    assert ("voretigene-neparvovec", "spark-therapeutics") in devs
    assert ("onasemnogene-abeparvovec", "spark-therapeutics") not in devs
    assert ("onasemnogene-abeparvovec", "cost") in th.pairs(text, vocab, "faces_barrier")


def test_a_ledes_indefinite_class_word_is_the_programme_named_next(vocab: Vocabulary) -> None:
    text = (
        "Engager resets B cells in lupus\nA subcutaneous T-cell engager produced deep B-cell"
        " depletion in a small phase 1 trial in systemic lupus erythematosus, Holbury reported."
        " The molecule, which Holbury calls holtarimig, pairs an anti-CD19 arm with a CD3 arm."
    )
    assert th.phases(text, vocab)["holtarimig"] == "phase1"
    # not a class statement later in the article, and not a product the vocabulary knows
    later = (
        "News\nHoltarimig was tested in lupus. Teclistamab is approved in myeloma.\n\nA"
        " T-cell engager in a phase 3 trial would need a hospital start. Blinatumomab is one."
    )
    phases = th.phases(later, vocab)
    assert phases["holtarimig"] is None and phases.get("blinatumomab") is None


def test_a_marker_describing_the_patients_disease_is_no_target(vocab: Vocabulary) -> None:
    text = (
        "News\nTindley's tindolisib, a PI3Kα inhibitor, is tested with fulvestrant in HR-positive,"
        " HER2-negative breast cancer. Ozaforasib is tested in KRAS G12C-mutated NSCLC."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert ("tindolisib", "her2") not in pairs and ("fulvestrant", "her2") not in pairs
    assert ("ozaforasib", "kras-g12c") not in pairs
    assert any(s == "tindolisib" for s, _o in pairs)  # its own target still counts


def test_a_contrast_with_an_apposition_ends_before_a_brand_in_capitals(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nRosmere's Veltrova (movaltug vedotin) was approved. Unlike zolbetuximab"
        " (VYLOY(R)), a CLDN18.2-directed monoclonal antibody approved in 2024 with"
        " chemotherapy, VELTROVA carries an auristatin payload."
    )
    compared = _compared(text, vocab)
    assert frozenset({"movaltug-vedotin", "zolbetuximab"}) in compared
    assert frozenset({"monoclonal-antibody", "zolbetuximab"}) not in compared


def test_tcr_therapies_in_words_are_a_cell_therapy_class(vocab: Vocabulary) -> None:
    text = (
        "News\nLanmoor presented data for LNM-305, an autologous T-cell receptor (TCR) therapy"
        " aimed at PRAME. Autologous TCR therapies such as Tecelra start with leukapheresis."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key: t.modality for t in out.therapies}["lnm-305"] == "other-cell-therapy"
    faces = {(r.subject.key, r.object.key) for r in out.relations if r.kind == "faces_barrier"}
    assert ("other-cell-therapy", "apheresis") in faces


def test_stage_words_that_state_no_stage(vocab: Vocabulary) -> None:
    text = (
        "News\nTovorasib met its goal in a phase 2 trial. We raise our target on a higher"
        " probability of approval. Tovorasib's maker plans to open a cohort in 2026 and to"
        " meet the FDA to discuss a registrational path. A randomized phase 3 trial, TOV-3,"
        " comparing tovorasib with adagrasib is planned. Calvacabtagene autoleucel is in the"
        " pivotal phase 2 CALV-2 trial."
    )
    phases = th.phases(text, vocab)
    assert phases["tovorasib"] == "phase2"
    assert phases.get("adagrasib") is None
    assert phases["calvacabtagene-autoleucel"] == "phase2"
    # a trial already running is no plan; a plan's predicate before ", and ..." too
    running = "News\nA randomized phase 3 trial comparing tovorasib with adagrasib is enrolling."
    assert th.phases(running, vocab)["tovorasib"] == "phase3"
    mixed = (
        "News\nA phase 3 programme, including a head-to-head trial against dupilumab, is planned"
        " to start in 2027, and a phase 2 study of corvomilast added to dupilumab is enrolling."
    )
    assert th.phases(mixed, vocab).get("dupilumab") != "phase3"


def test_the_flu_cy_pair_is_conditioning_and_an_in_vivo_car_t_inn_keeps_its_class(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nMarwick reported data for tepravagene solentivec, a CD19-directed in vivo CAR-T"
        " therapy delivered by a lentiviral vector. No patient underwent leukapheresis or"
        " received fludarabine or cyclophosphamide."
    )
    out = extract(text, vocab, has_title=True)
    modalities = {t.key: t.modality for t in out.therapies}
    assert modalities == {"tepravagene-solentivec": "car-t-in-vivo-lentiviral"}
    addresses = {
        (r.subject.key, r.object.key) for r in out.relations if r.kind == "addresses_barrier"
    }
    assert ("tepravagene-solentivec", "lymphodepletion") in addresses
    # a gene therapy INN the text does not call a CAR-T stays a gene therapy
    aav = "News\nHolvagene durparvovec, an AAV vector, restored the enzyme in Fabry disease."
    assert {t.key: t.modality for t in extract(aav, vocab).therapies}["holvagene-durparvovec"] == (
        "gene-therapy"
    )


def test_a_counted_target_class_leaves_out_the_partners(vocab: Vocabulary) -> None:
    text = (
        "News\nTwo KRAS G12C inhibitors are approved for previously treated colorectal cancer,"
        " each in combination with an anti-EGFR antibody: adagrasib with cetuximab and"
        " sotorasib with panitumumab. Cohort A enrolled KRAS G12C inhibitor-naive patients"
        " after irinotecan."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {("adagrasib", "kras-g12c"), ("sotorasib", "kras-g12c")} <= pairs
    assert not {("cetuximab", "kras-g12c"), ("panitumumab", "kras-g12c")} & pairs
    assert ("irinotecan", "kras-g12c") not in pairs


def test_an_institution_for_something_ends_before_another_company(vocab: Vocabulary) -> None:
    text = (
        "News\nSRB-106 is an allogeneic CAR-T. It was developed by Sorrelby Bio, the Penwick"
        " Institute for Cancer Research and Suzhou Hengmao Cell Therapeutics. The Elstree Centre"
        " for Cell and Gene Therapy ran the trial."
    )
    out = extract(text, vocab, has_title=True)
    orgs = {m.key for m in out.mentions if m.kind == "organization"}
    assert {"penwick-institute-for-cancer-research", "suzhou-hengmao-cell-therapeutics"} <= orgs
    assert "elstree-centre-for-cell-and-gene-therapy" in orgs


def test_acquisitions_in_a_when_clause_and_a_relative_clause(vocab: Vocabulary) -> None:
    text = (
        "News\nCPTX2309 is the in vivo CAR-T that AbbVie gained when it bought Capstan"
        " Therapeutics in 2025. ESO-T01 comes from EsoBiotec (which AstraZeneca acquired in"
        " 2025). Umoja Biopharma, which partners with AbbVie, makes UB-VV111."
    )
    pairs = th.pairs(text, vocab, "acquired_by")
    assert ("capstan-therapeutics", "abbvie") in pairs
    assert ("esobiotec", "astrazeneca") in pairs
    assert ("umoja-biopharma", "abbvie") not in pairs


def test_an_antibody_oligonucleotide_conjugate_is_one_two_word_inn(vocab: Vocabulary) -> None:
    text = (
        "News\nCalderwick's renvacibart tolamirsen (CLW-441) links an antisense oligonucleotide"
        " to an antibody against TfR1."
    )
    therapies = {t.key: t.modality for t in extract(text, vocab, has_title=True).therapies}
    assert therapies == {"renvacibart-tolamirsen": "other-modality"}


def test_a_receptor_agonist_names_its_receptor_as_the_target(vocab: Vocabulary) -> None:
    text = (
        "News\nHalmere's telvaglipron, an oral small-molecule GLP-1 receptor agonist, cut weight"
        " by 12%. Tirzepatide is a GIP and GLP-1 receptor agonist. Cagrilintide is an amylin"
        " receptor agonist."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {
        ("telvaglipron", "glp-1-receptor"),
        ("tirzepatide", "gip-receptor"),
        ("tirzepatide", "glp-1-receptor"),
        ("cagrilintide", "amylin-receptor"),
    } <= pairs
    assert ("telvaglipron", "gip-receptor") not in pairs


def test_a_target_in_a_names_own_brackets_is_its_alone(vocab: Vocabulary) -> None:
    text = (
        "News\nApproved biologics for atopic dermatitis, namely dupilumab (anti-IL-4Rα),"
        " tralokinumab and lebrikizumab (both anti-IL-13) and nemolizumab (anti-IL-31RA), are"
        " effective."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {
        ("tralokinumab", "il-13"),
        ("lebrikizumab", "il-13"),
        ("nemolizumab", "il-31ra"),
    } <= pairs
    assert {o for s, o in pairs if s == "dupilumab"} - {"il-13", "il-31ra"} and not {
        ("dupilumab", "il-31ra"),
        ("tralokinumab", "il-31ra"),
    } & pairs


def test_skipping_a_hospital_stay_and_a_timed_admission(vocab: Vocabulary) -> None:
    text = (
        "Trispecific brenvotamig clears myeloma and skips the hospital stay\nBrenvotamig"
        " responses were deep. Every step-up dose of brenvotamig was given without a hospital"
        " admission. Talquetamab is started with patients admitted to hospital for up to 48"
        " hours after the early doses."
    )
    out = extract(text, vocab, has_title=True)
    kinds = {(r.kind, r.subject.key) for r in out.relations if r.object.key == "treatment-centres"}
    assert ("addresses_barrier", "brenvotamig") in kinds
    assert ("faces_barrier", "brenvotamig") not in kinds
    assert ("faces_barrier", "talquetamab") in kinds


def test_a_regional_code_and_a_radioligand_brand_join_their_programme(vocab: Vocabulary) -> None:
    text = (
        "News\nVellmore reported results for elsovatug vexotecan (VLM-118; HR-2208 in Greater"
        " China), an investigational ADC. The FDA approved Lumzara (lutetium Lu 177"
        " zadoripide), a PSMA-directed radioligand. The trial compared Lumzara, formerly known"
        " as PVM-021, with enzalutamide."
    )
    names = {t.key: set(t.aliases) for t in extract(text, vocab, has_title=True).therapies}
    assert {"VLM-118", "HR-2208"} <= names["elsovatug-vexotecan"]
    assert {"Lumzara", "PVM-021"} <= names["lutetium-lu-177-zadoripide"]
    assert "hr-2208" not in names and "pvm-021" not in names


def test_company_names_without_a_country_possessive_and_radiopharmaceuticals(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nPenwell Radiopharmaceuticals said its Lumvera (lutetium Lu 177 zadoripide) was"
        " approved. Japan's Sanmere Pharma licensed orvacabtagene autoleucel."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert ("lutetium-lu-177-zadoripide", "penwell-radiopharmaceuticals") in devs
    assert ("orvacabtagene-autoleucel", "sanmere-pharma") in devs


def test_a_dose_named_after_a_phase_and_what_a_company_could_sell(vocab: Vocabulary) -> None:
    text = (
        "News\nFalvabrutideg was tested in a Phase 1 dose-escalation study. Primary endpoints"
        " are safety and the recommended Phase 2 dose. Rivals can develop tovremetamig faster"
        " and sell it widely."
    )
    phases = th.phases(text, vocab)
    assert phases["falvabrutideg"] == "phase1"
    assert phases.get("tovremetamig") is None


def test_a_gene_editing_two_word_inn(vocab: Vocabulary) -> None:
    text = (
        "News\nBrackmoor dosed the first participant with davoguran tesameran (BKM-451)."
        " Davoguran tesameran is an in vivo base editor."
    )
    therapies = {
        t.key: (t.modality, t.aliases) for t in extract(text, vocab, has_title=True).therapies
    }
    assert therapies == {"davoguran-tesameran": ("gene-therapy", ["BKM-451"])}


def test_two_companies_reporting_together_and_a_company_form(vocab: Vocabulary) -> None:
    text = (
        "News\nVellmont Therapeutics, Inc. (Nasdaq: VLMT) and Suzhou Hengmao Biopharmaceutical"
        " Co., Ltd. today announced results from the phase 2 trial of elsovatug vexotecan"
        " (VLM-118) in gastric cancer."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert ("elsovatug-vexotecan", "vellmont-therapeutics") in devs
    assert ("elsovatug-vexotecan", "suzhou-hengmao-biopharmaceutical") in devs


def test_tcr_t_cell_therapies_and_a_hyphenated_antigen(vocab: Vocabulary) -> None:
    text = (
        "News\nAutologous TCR T-cell therapies, Tecelra and the NY-ESO-1-directed lete-cel"
        " included, start with leukapheresis."
    )
    out = extract(text, vocab, has_title=True)
    faces = {(r.subject.key, r.object.key) for r in out.relations if r.kind == "faces_barrier"}
    assert ("other-cell-therapy", "apheresis") in faces
    targets = {(r.subject.key, r.object.key) for r in out.relations if r.kind == "has_target"}
    assert ("lete-cel", "ny-eso-1") in targets


def test_lowering_and_silencer_target_forms(vocab: Vocabulary) -> None:
    text = (
        "News\nWraymoor reported results for zelvosiran, its once-yearly TTR-lowering siRNA."
        " TTR silencers, vutrisiran and eplontersen today, face payer hurdles."
    )
    pairs = th.pairs(text, vocab, "has_target")
    assert {("zelvosiran", "ttr"), ("vutrisiran", "ttr"), ("eplontersen", "ttr")} <= pairs


def test_a_phase_plan_is_no_phase(vocab: Vocabulary) -> None:
    text = (
        "News\nRavenmoor's selvokibart met its goal in a phase 2 trial. We spoke to its chief"
        " executive about the data and the phase 3 plan."
    )
    assert th.phases(text, vocab)["selvokibart"] == "phase2"


def test_a_disease_in_a_title_case_headline(vocab: Vocabulary) -> None:
    text = (
        "Vellmont Reports Phase 2 Results for Elsovatug Vexotecan in Previously Treated"
        " CLDN18.2-Positive Gastric Cancer\nThe company said the data were strong."
    )
    pairs = th.pairs(text, vocab, "has_indication")
    assert ("elsovatug-vexotecan", "gastric-cancer") in pairs
    # a vocabulary disease in a Title Case line keeps its vocabulary name
    known = "Lutmora Plus Lenalidomide in Relapsed or Refractory Follicular Lymphoma\nBody."
    keys = {o for _s, o in th.pairs(known, vocab, "has_indication")}
    assert "follicular-lymphoma" in keys


def test_il23p19_crohns_and_prior_authorisation(vocab: Vocabulary) -> None:
    text = (
        "News\nRavenmoor's selvokibart is an anti-IL-23p19 antibody. There are three approved"
        " IL-23p19 antibodies in Crohn's: risankizumab, guselkumab and mirikizumab. All three"
        " sit behind prior authorisation, and many plans make patients fail an anti-TNF first."
    )
    out = extract(text, vocab, has_title=True)
    rel = {(r.kind, r.subject.key, r.object.key) for r in out.relations}
    assert ("has_target", "selvokibart", "il-23p19") in rel
    assert ("has_target", "guselkumab", "il-23p19") in rel
    assert ("has_indication", "mirikizumab", "crohn-s-disease") in rel
    assert ("faces_barrier", "risankizumab", "reimbursement") in rel
    assert ("has_target", "risankizumab", "tnf") not in rel


def test_an_unseen_conjugate_with_its_us_suffix_is_one_drug(vocab: Vocabulary) -> None:
    text = (
        "News\nHalvern Bio said the FDA approved melvatug sovotecan-xkrp for platinum-resistant"
        " ovarian cancer. Melvatug sovotecan targets B7-H4."
    )
    out = extract(text, vocab, has_title=True)
    keys = {t.key for t in out.therapies}
    assert "melvatug-sovotecan" in keys
    # the payload with its suffix is not a second drug
    assert "sovotecan" not in keys
    indications = {
        (r.subject.key, r.object.key) for r in out.relations if r.kind == "has_indication"
    }
    assert ("melvatug-sovotecan", "platinum-resistant-ovarian-cancer") in indications
