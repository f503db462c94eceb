"""Rules from naming-pattern probes written for session 14 (short invented news items, not
from any evaluation set): a filing accepted for a brand is not an approval; a name a
company "will rename" a programme to is its alias; targeted protein degraders are small
molecules, and a class so broad is never an article's topic. Programme and company names
are invented; each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_an_accepted_filing_for_a_brand_is_no_approval(vocab: Vocabulary) -> None:
    text = (
        "FDA accepts filing for Oruvexa\nThe FDA accepted Bellmont Pharma's biologics license"
        " application for Oruvexa (sotrelimab-xktz) in atopic dermatitis. In the phase 3"
        " ORBIT-1 trial, Oruvexa cleared skin in 41% of patients."
    )
    assert th.phases(text, vocab)["sotrelimab"] == "phase3"
    # a brand named without any word of a filing still means the product is sold
    sold = (
        "News\nPatients with alopecia can now take Zyntrelo (delvocitinib), which Tarvo"
        " Pharma sells in the US."
    )
    assert th.phases(sold, vocab)["delvocitinib"] == "approved"


def test_a_name_to_come_is_an_alias_of_the_programme(vocab: Vocabulary) -> None:
    text = (
        "News\nMeridian Oncology licensed QL-2109, a PD-1-targeted IL-2 fusion protein, from"
        " Qilan Biopharma. Meridian said QL-2109, which it will rename MRD-2109, complements"
        " its PD-1 antibody sintalimab."
    )
    out = extract(text, vocab, has_title=True)
    by_key = {t.key: t for t in out.therapies}
    assert "MRD-2109" in by_key["ql-2109"].aliases
    assert "MRD-2109" not in by_key["sintalimab"].aliases


def test_degraders_are_small_molecules_and_never_the_topic(vocab: Vocabulary) -> None:
    text = (
        "A BTK degrader clears resistant leukaemia cells in mice\nHarkmoor Bio's HKB-4417"
        " destroys BTK rather than blocking it. KQ-5948, an oral STAT6 degrader, is in"
        " trials too.\n\nHarkmoor is not alone. Nurmont's NM-5948 and Beiwell's BW-16673,"
        " both BTK degraders, are already in clinical trials."
    )
    modalities = th.modalities(text, vocab)
    assert modalities["kq-5948"] == "small-molecule"
    assert modalities["nm-5948"] == "small-molecule"
    out = extract(text, vocab, has_title=True)
    rivals = {(r.subject.key, r.object.key) for r in out.relations if r.kind == "competes_with"}
    # the article is about HKB-4417, not about the class its title names
    assert ("hkb-4417", "nm-5948") in rivals
    # a degrader joined to an antibody is no small molecule
    conjugate = "News\nAB-1234 is a degrader-antibody conjugate in phase 1 trials."
    assert th.modalities(conjugate, vocab).get("ab-1234") != "small-molecule"


def test_other_names_set_off_by_or_and_named_by_the_who(vocab: Vocabulary) -> None:
    text = (
        "News\nCorbel agreed to buy Hartwell Genetics to gain HGT-301, an AAV gene therapy"
        " for hemophilia B. HGT-301, or verbidogene anzaparvovec, delivers a factor IX gene."
    )
    keys = {t.key for t in extract(text, vocab, has_title=True).therapies}
    assert "hgt-301" not in keys and "verbidogene-anzaparvovec" in keys
    # two names of one kind are a list's alternatives
    alternatives = "News\nPatients received pembrolizumab, or nivolumab, before enrolling."
    keys = {t.key for t in extract(alternatives, vocab, has_title=True).therapies}
    assert {"pembrolizumab", "nivolumab"} <= keys
    named = (
        "News\nTessaly Bio dosed the first patient with TSY-101, a DLL3 x CD3 T-cell engager."
        " The bispecific, named tessitamig by the WHO, is given every three weeks."
    )
    keys = {t.key for t in extract(named, vocab, has_title=True).therapies}
    assert keys == {"tessitamig"}


def test_who_names_or_sponsors_a_programme_develops_it(vocab: Vocabulary) -> None:
    calls = (
        "News\nThe molecule, which Holmsworth Immunotherapeutics calls toltarimig, pairs an"
        " anti-CD19 arm with an arm that binds CD3."
    )
    assert ("toltarimig", "holmsworth-immunotherapeutics") in th.pairs(calls, vocab, "developed_by")
    abstract = (
        "Tizanorasib in KRAS G12C colorectal cancer\nBackground: Tizanorasib (KNT-881) is a"
        " KRAS G12C inhibitor. Results: 40% of patients responded.\nResearch Sponsor:"
        " Oakhanger Therapeutics."
    )
    devs = th.pairs(abstract, vocab, "developed_by")
    assert ("tizanorasib", "oakhanger-therapeutics") in devs


def test_a_short_form_spelling_only_the_last_words_names_them(vocab: Vocabulary) -> None:
    text = (
        "News\nDravenirsen is an experimental treatment for sporadic amyotrophic lateral"
        " sclerosis (ALS). Patients could keep taking riluzole and edaravone, the older"
        " approved ALS drugs, during the study."
    )
    pairs = th.pairs(text, vocab, "has_indication")
    assert ("dravenirsen", "sporadic-amyotrophic-lateral-sclerosis") in pairs
    assert ("riluzole", "amyotrophic-lateral-sclerosis") in pairs
    assert ("dravenirsen", "amyotrophic-lateral-sclerosis") not in pairs
    # a short form spelling the whole name is that name
    csu = "News\nChronic spontaneous urticaria (CSU) is common. Remibrutinib treats CSU."
    assert ("remibrutinib", "chronic-spontaneous-urticaria") in th.pairs(
        csu, vocab, "has_indication"
    )


def test_staying_near_the_centre_and_a_few_centres_are_barriers(vocab: Vocabulary) -> None:
    text = (
        "News\nYescarta and Breyanzi are approved. Each also asks patients to stay near the"
        " treating centre for two weeks after infusion."
    )
    faces = th.pairs(text, vocab, "faces_barrier")
    assert ("axicabtagene-ciloleucel", "treatment-centres") in faces
    few = (
        "News\nVoretigene neparvovec is given by subretinal injection at a small number of"
        " specialist centres."
    )
    assert ("voretigene-neparvovec", "treatment-centres") in th.pairs(few, vocab, "faces_barrier")
    # a centre named without a limit is no barrier
    plain = "News\nVoretigene neparvovec was studied at specialist centres in Europe."
    assert ("voretigene-neparvovec", "treatment-centres") not in th.pairs(
        plain, vocab, "faces_barrier"
    )


def test_a_result_over_the_other_arm_for_both_of_a_pair(vocab: Vocabulary) -> None:
    text = (
        "News\nThe KRAS G12C inhibitors sotorasib and adagrasib are approved in lung cancer."
        " In randomised phase 3 trials, both improved progression-free survival (PFS) over"
        " docetaxel, but responses were often short-lived."
    )
    h2h = th.pairs(text, vocab, "head_to_head")
    assert {("sotorasib", "docetaxel"), ("adagrasib", "docetaxel")} <= h2h
    # outside a trial the same words report a comparison, not a head-to-head trial
    loose = (
        "News\nSotorasib and adagrasib are approved. Both improved quality of life over"
        " docetaxel, doctors said."
    )
    assert ("adagrasib", "docetaxel") in th.pairs(loose, vocab, "compared_with")
    assert not th.pairs(loose, vocab, "head_to_head")


def test_entering_a_market_where_a_rival_is_used(vocab: Vocabulary) -> None:
    text = (
        "News\nKelderwick's tarvimilast was approved for COPD. Tarvimilast also enters a"
        " market where ensifentrine (Ohtuvayre) is already used as maintenance therapy."
    )
    assert ("tarvimilast", "ensifentrine") in th.pairs(text, vocab, "competes_with")
    # entering a market says nothing of a drug named as the market's own history
    other = (
        "News\nTarvimilast enters the US market in May, the company said; ensifentrine was"
        " approved in 2024."
    )
    assert not th.pairs(other, vocab, "competes_with")


def test_a_code_spelling_its_makers_name(vocab: Vocabulary) -> None:
    text = (
        "Kelsall Therapeutics Q3: PARP1 drug heads to phase 3\nKelsall Therapeutics used its"
        " third-quarter call to walk investors through its prostate cancer pipeline. KLS-340,"
        " a STEAP1xCD3 engager, entered the clinic in August."
    )
    assert ("kls-340", "kelsall-therapeutics") in th.pairs(text, vocab, "developed_by")
    # a prefix that spells two organisations of the article names neither
    two = (
        "News\nKelsall Therapeutics and Kolswick Bio presented data. KLS-340, a STEAP1xCD3"
        " engager, entered the clinic in August."
    )
    assert not th.pairs(two, vocab, "developed_by")


def test_an_english_plural_before_an_apposition_is_no_drug(vocab: Vocabulary) -> None:
    text = (
        "News\nNebrolitug is developed by Tavistrand Biologics, Okura-Maeda Pharmaceutical and"
        " the Lindqvist Consortium. In Japan, where Okura-Maeda holds the rights, the"
        " antibody is known as OMP-2207. Nebrolitug met its goal."
    )
    out = extract(text, vocab, has_title=True)
    assert "rights" not in {t.key for t in out.therapies}
    # a drug name ending in a vowel and s still counts
    named = "News\nMoravidis is an antibody that blocks FcRn."
    assert "moravidis" in {t.key for t in extract(named, vocab, has_title=True).therapies}


def _node_of(text: str, vocab: Vocabulary) -> dict[str, str]:
    """Each surface name of the article's therapies -> its node's key."""
    out = extract(text, vocab, has_title=True)
    return {a: t.key for t in out.therapies for a in (t.name, *t.aliases)}


def test_names_in_the_leading_cells_of_a_table_row_are_one_programme(vocab: Vocabulary) -> None:
    text = (
        "Landscape\nThree CLDN18.2 programmes are in late trials.\n"
        "| INN | Brand and codes | Sponsor | Class | Stage |\n"
        "|---|---|---|---|---|\n"
        "| velotatug sovitecan | Zenvora, VTX-343, TKD-921 | Vellmont / Takedo | CLDN18.2 ADC |"
        " Phase 3 |\n"
        "| Corvexa; Corvexa Pen | morvanemab-irmb | MRV2401 | Maravel | IV every 2 weeks |\n"
    )
    nodes = _node_of(text, vocab)
    assert nodes["VTX-343"] == nodes["TKD-921"] == "velotatug-sovitecan"
    assert nodes["MRV2401"] == "morvanemab"
    # products side by side in a header row stay apart
    header = "Comparison\n| | ABX-101 | QRT-202 |\n|---|---|---|\n| CRS | 12% | 30% |\n"
    nodes = _node_of(header, vocab)
    assert nodes["ABX-101"] != nodes["QRT-202"]


def test_a_partners_code_given_with_it_or_the_same_antibody(vocab: Vocabulary) -> None:
    text = (
        "News\nAustwell licensed rights to AWB-2210, now named tuvelsimab, an antibody against"
        " RSV. Austwell licensed Greater China rights to Lianmo Biopharm, which is testing the"
        " same antibody in Chinese infants as LMB-6021. Corvale will list it in its own"
        " pipeline as CRV-0447. Qiantai Biologics, which supplies it in mainland China as"
        " QT-0512, paid $20 million."
    )
    nodes = _node_of(text, vocab)
    assert nodes["LMB-6021"] == nodes["CRV-0447"] == nodes["QT-0512"] == "tuvelsimab"


def test_gene_therapy_short_forms_and_a_partners_letters_in_a_code(vocab: Vocabulary) -> None:
    text = (
        "News\nRetinal AAV gene therapies, including surlegene lomparvovec (ABBV-RGX-514,"
        " surl-vec) from AbbVie and Adverent's ixolagene soroparvovec (ixol-vec), are in"
        " phase 3. Ixol-vec is given once."
    )
    nodes = _node_of(text, vocab)
    assert nodes["ABBV-RGX-514"] == nodes["surl-vec"] == "surlegene-lomparvovec"
    assert nodes["ixol-vec"] == "ixolagene-soroparvovec"


def test_a_tables_sponsor_class_and_name_columns(vocab: Vocabulary) -> None:
    text = (
        "Landscape\nLate-stage programmes in gastric cancer.\n"
        "| Programme | Other names | Sponsor | Class | Stage |\n"
        "|---|---|---|---|---|\n"
        "| velotatug sovitecan | VTX-343 | Vellmont / Takedo | CLDN18.2 ADC | Phase 3 |\n"
        "| obrixtamig | OBX-12 | Harrowgate Bio | DLL3xCD3 engager | Phase 1 |\n"
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert {("velotatug-sovitecan", "vellmont"), ("velotatug-sovitecan", "takedo")} <= devs
    targets = th.pairs(text, vocab, "has_target")
    assert ("velotatug-sovitecan", "cldn18-2") in targets
    assert ("obrixtamig", "cd3") not in targets  # the engager's arm


def test_a_plain_text_table_and_a_brand_column_no_rule_knows(vocab: Vocabulary) -> None:
    text = (
        "Editor's note\nThe TTR field.\n\n"
        "Drug          | Brand(s)            | Code(s)  | Mechanism      | Maker\n"
        "corvasiran    | Zentaro, Zentara    | CRV-10   | TTR silencer   | Corvane Pharma\n"
        "\n"
        "| Brand | Active ingredient | Development code | Manufacturer |\n"
        "|---|---|---|---|\n"
        "| Lumequa | tessolanemab-irmb | TSL2401 | Oakwell Neuro, Biomont |\n"
    )
    nodes = _node_of(text, vocab)
    assert nodes["CRV-10"] == "corvasiran"
    assert ("corvasiran", "ttr") in th.pairs(text, vocab, "has_target")
    devs = th.pairs(text, vocab, "developed_by")
    assert ("corvasiran", "corvane-pharma") in devs
    assert {("tessolanemab", "oakwell-neuro"), ("tessolanemab", "biomont")} <= devs
    # one line with pipes is no table
    header = "ACME SECURITIES | Biotechnology | Company Update\nCorvasiran met its goal."
    assert not th.pairs(header, vocab, "developed_by")


def test_a_tables_brand_column_names_the_rows_brands(vocab: Vocabulary) -> None:
    text = (
        "Policy\nProducts covered by this policy\n"
        "| Brand | Active ingredient | Development code | Manufacturer |\n"
        "|---|---|---|---|\n"
        "| Lumequa; Lumequa Pen | tessolanemab-irmb | TSL2401 | Oakwell Neuro, Biomont |\n"
    )
    out = extract(text, vocab, has_title=True)
    by_key = {t.key: t for t in out.therapies}
    assert "Lumequa" in by_key["tessolanemab"].aliases
    assert by_key["tessolanemab"].phase == "approved"  # a brand means the market


def test_a_stage_column_names_the_disease_and_a_sponsor_cell_every_maker(
    vocab: Vocabulary,
) -> None:
    text = (
        "Landscape\nLate-stage programmes.\n"
        "| Programme | Sponsor | Stage in gastric cancer |\n"
        "|---|---|---|\n"
        "| velotatug sovitecan | Innovel / Takeda | Phase 3 |\n"
    )
    assert ("velotatug-sovitecan", "gastric-cancer") in th.pairs(text, vocab, "has_indication")
    devs = {o for s, o in th.pairs(text, vocab, "developed_by") if s == "velotatug-sovitecan"}
    assert "innovel" in devs and len(devs) == 2  # Takeda as the vocabulary keys it
    # a header naming no stage gives no indication ("Gastric cancer trials: n")
    plain = text.replace("Stage in gastric cancer", "Gastric cancer trials")
    assert ("velotatug-sovitecan", "gastric-cancer") not in th.pairs(plain, vocab, "has_indication")
