"""Rules written in session 18 from the misses of a read evaluation set, each checked on
short invented news items (programme, company and trial names are invented, never the
set's): a short form of a two-word INN in its introduction, a former name after "when it
was still called", plans a modal or a trial's name between makes, money for a stage to
come. Each rule has a case where it must not apply."""

from __future__ import annotations

import text_helpers as th

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def test_a_short_form_of_a_two_word_inn_is_an_alias_in_any_case(vocab: Vocabulary) -> None:
    text = (
        "News\nThe first patient received dorvaguran pelameran (dorva-p, KTX-318), an"
        " experimental base editor for beta thalassaemia. Dorva-p is developed by Kestrel"
        " Genomics. Unlike older products, dorva-p needs no apheresis."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key for t in out.therapies} == {"dorvaguran-pelameran"}
    assert th.aliases(text, vocab)["dorvaguran-pelameran"] >= {"dorva-p", "KTX-318"}
    assert ("dorvaguran-pelameran", "kestrel-genomics") in th.pairs(text, vocab, "developed_by")
    # letters that are not the name's own are no short form: the parentheses are no alias list
    other = "News\nPatients received dorvaguran pelameran (mito-q, KTX-318) in the study."
    assert "mito-q" not in th.aliases(other, vocab).get("dorvaguran-pelameran", set())


def test_a_former_name_after_when_it_was_still_called(vocab: Vocabulary) -> None:
    text = (
        "Call\nSelvocitinib, which we licensed from Harrow Pharmaceutical in 2023, when it was"
        " still called HP-3307, is developed by Wendale and Harrow together."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key for t in out.therapies} == {"selvocitinib"}
    assert "HP-3307" in th.aliases(text, vocab)["selvocitinib"]


def test_a_modal_or_a_named_programme_before_start_is_a_plan(vocab: Vocabulary) -> None:
    named = (
        "Call\nSelvocitinib reached its goal in the Phase 2b study. Our Phase 3 programme,"
        " GLADE-3A and GLADE-3B, will start in the fourth quarter."
    )
    assert th.phases(named, vocab)["selvocitinib"] == "phase2"
    modal = (
        "News\nIn the Phase 1b study, five adults received selvocitinib. The company said a"
        " registrational trial could follow in 2028 if the data hold."
    )
    assert th.phases(modal, vocab)["selvocitinib"] == "phase1"
    # a programme that started is the stage reached
    started = (
        "Call\nSelvocitinib reached its goal in the Phase 2b study. Our Phase 3 programme,"
        " GLADE-3A and GLADE-3B, started in the fourth quarter."
    )
    assert th.phases(started, vocab)["selvocitinib"] == "phase3"
    other_clause = (
        "News\nSelvocitinib moved into Phase 3 last year, and the company will start a second"
        " study in 2026."
    )
    assert th.phases(other_clause, vocab)["selvocitinib"] == "phase3"
    patients = (
        "News\nIn the ongoing Phase 3 trial of selvocitinib, patients will start treatment"
        " after a washout."
    )
    assert th.phases(patients, vocab)["selvocitinib"] == "phase3"


def test_money_for_a_phase_is_no_stage_reached(vocab: Vocabulary) -> None:
    text = (
        "Call\nSelvocitinib reached its goal in the Phase 2b study. We ended the quarter with"
        " $512 million, which we believe funds the Phase 3 programme through its readout."
    )
    assert th.phases(text, vocab)["selvocitinib"] == "phase2"
    run = "Call\nSelvocitinib reached its goal in the Phase 3 programme, which the grant funded."
    assert th.phases(run, vocab)["selvocitinib"] == "phase3"


def _h2h(text: str, vocab: Vocabulary) -> set[tuple[frozenset[str], str | None]]:
    out = extract(text, vocab, has_title=True)
    return {
        (frozenset((r.subject.key, r.object.key)), r.detail)
        for r in out.relations
        if r.kind == "head_to_head"
    }


def test_randomized_arms_are_head_to_head(vocab: Vocabulary) -> None:
    both = frozenset(("selvocitinib", "dorvatinib"))
    text = (
        "News\nSelvocitinib is an oral TYK2 inhibitor. Both trials randomize patients to"
        " selvocitinib, placebo or dorvatinib."
    )
    assert _h2h(text, vocab) == {(both, "head_to_head")}
    either = (
        "News\nParticipants received either selvocitinib every four months plus a placebo"
        " pill, or daily dorvatinib plus placebo injections. The trial was designed to show"
        " non-inferiority on the primary endpoint."
    )
    assert _h2h(either, vocab) == {(both, "non_inferiority")}
    # a drug both arms get, and a choice of comparators, are no rivals of each other
    shared = (
        "News\nPatients were randomized 1:1 to selvocitinib or dorvatinib, each with"
        " letrozole daily."
    )
    assert _h2h(shared, vocab) == {(both, "head_to_head")}
    choice = (
        "News\nPatients were randomized to selvocitinib or the investigator's choice of"
        " paclitaxel, topotecan or doxorubicin."
    )
    assert {p for p, _ in _h2h(choice, vocab)} == {
        frozenset(("selvocitinib", d)) for d in ("paclitaxel", "topotecan", "doxorubicin")
    }
    add_on = (
        "News\nPatients were randomly assigned to selvocitinib or placebo, each added to"
        " azacitidine, the standard chemotherapy."
    )
    assert not _h2h(add_on, vocab)
    one_arm = "News\nPatients received selvocitinib and dorvatinib in one cohort."
    assert not _h2h(one_arm, vocab)


def test_beating_a_drug_in_a_trial_is_head_to_head(vocab: Vocabulary) -> None:
    text = (
        "Call\nKestrel's selvocitinib beat placebo and Otezla in two Phase 3 trials last"
        " December, and it has registered a head-to-head trial against Sotyktu."
    )
    assert {p for p, _ in _h2h(text, vocab)} == {
        frozenset(("selvocitinib", "apremilast")),
        frozenset(("selvocitinib", "deucravacitinib")),
    }
    anaphor = "Call\nAnd selvocitinib? It beat Sotyktu in GLADE-ADVANCE and it is on the market."
    assert {p for p, _ in _h2h(anaphor, vocab)} == {frozenset(("selvocitinib", "deucravacitinib"))}
    # beating expectations is no trial against a drug
    assert not _h2h("News\nSelvocitinib sales beat Otezla estimates this quarter.", vocab)


def test_a_head_to_head_trial_without_a_subject_is_the_programme_in_focus(
    vocab: Vocabulary,
) -> None:
    text = (
        "Kestrel: selvocitinib wins in PrEP\nSelvocitinib is Kestrel's long-acting integrase"
        " inhibitor. Yeztugo (lenacapavir) is Gilead's.\n\nKestrel plans a"
        " second phase 3, and a head-to-head study against Yeztugo to start in 2027."
    )
    assert frozenset(("selvocitinib", "lenacapavir")) in {p for p, _ in _h2h(text, vocab)}


def test_trial_arms_stop_at_the_population_and_skip_the_kind(vocab: Vocabulary) -> None:
    text = (
        "News\nKestrel announced results from GLADE-3, the Phase 3 trial comparing"
        " selvocitinib (KST-221), its investigational oral selective estrogen receptor"
        " degrader, with fulvestrant in patients whose disease progressed after an aromatase"
        " inhibitor and a CDK4/6 inhibitor."
    )
    assert {p for p, _ in _h2h(text, vocab)} == {frozenset(("selvocitinib", "fulvestrant"))}


def test_a_class_and_its_listed_members_each_with_makers(vocab: Vocabulary) -> None:
    text = (
        "News\nCD20xCD3 bispecific antibodies already authorised in the EU for this"
        " population, Lunsumio (mosunetuzumab) from Roche, Tepkinly (epcoritamab) from AbbVie"
        " and Genmab, and Ordspono (odronextamab) from Regeneron, all carry a risk of cytokine"
        " release syndrome, which is why each is started with step-up doses under close"
        " monitoring."
    )
    members = {"mosunetuzumab", "epcoritamab", "odronextamab"}
    assert {k for k, v in th.targets(text, vocab).items() if "cd20" in v} == members
    assert th.barriers(text, vocab) == {
        ("faces_barrier", "bispecific-t-cell-engager", "cytokine-release-syndrome")
    }
    # a new main clause after ", and" is its own subject's
    own = (
        "News\nLunsumio (mosunetuzumab) is given for a fixed time, and Ordspono (odronextamab)"
        " carries a risk of cytokine release syndrome."
    )
    assert th.barriers(own, vocab) == {
        ("faces_barrier", "odronextamab", "cytokine-release-syndrome")
    }


def test_developers_with_by_said_again_and_a_joint_owner(vocab: Vocabulary) -> None:
    text = (
        "Call\nSelvofamig is our engager for myeloma. It is developed by Carrick Therapeutics,"
        " by our licensor Kisolo Biologics, which keeps the rights in Japan, and by Branwell"
        " Pharma, our partner for Europe."
    )
    assert {o for s, o in th.pairs(text, vocab, "developed_by") if s == "selvofamig"} >= {
        "kisolo-biologics",
        "branwell-pharma",
    }
    joint = (
        "News\nArvella and Pfizer's selvestrant, an oral estrogen receptor degrader, was"
        " compared with fulvestrant."
    )
    assert {o for s, o in th.pairs(joint, vocab, "developed_by") if s == "selvestrant"} == {
        "arvella",
        "pfizer",
    }
    # a list's last two are no joint owner: "A, Brand and Acme's B"
    listed = (
        "News\nThe gene therapies, Casgevy, Lyfgenia and Beam Therapeutics' experimental"
        " BEAM-101 among them, are made from the patient's own cells."
    )
    assert ("beam-101", "lyfgenia") not in th.pairs(listed, vocab, "developed_by")


def test_a_plan_pending_talks_and_marker_status_and_a_bracketed_short_target(
    vocab: Vocabulary,
) -> None:
    pending = (
        "News\nSelvotug vedotin was tested in a Phase 1b study. A randomized Phase 3 trial"
        " comparing selvotug vedotin with paclitaxel is planned to start in the second half"
        " of 2026, pending discussion with regulators."
    )
    assert th.phases(pending, vocab)["selvotug-vedotin"] == "phase1"
    status = (
        "News\nSelvestrant improved survival versus fulvestrant in patients with ER+/HER2-"
        " advanced breast cancer. Selvestrant binds the estrogen receptor (ER) and degrades it."
    )
    assert th.targets(status, vocab) == {"selvestrant": {"estrogen-receptor"}}


def test_makers_in_brackets_after_the_brand(vocab: Vocabulary) -> None:
    text = (
        "News\nThe stabilisers tafamidis (Vyndamax, Pfizer) and selvoramidis (Attrava,"
        " BridgeVale) are daily oral drugs. The antisense drug selvotersen (Wainova; Ionis and"
        " AstraZeneca) is given monthly."
    )
    devs = th.pairs(text, vocab, "developed_by")
    assert ("selvoramidis", "bridgevale") in devs
    assert {o for s, o in devs if s == "selvotersen"} == {"ionis-pharmaceuticals", "astrazeneca"}
    # a disease in the brackets is no maker
    disease = "News\nSelvoramidis (Attrava; ATTR-CM) is a daily oral drug."
    assert not th.pairs(disease, vocab, "developed_by")


def test_step_therapy_in_words_and_a_price_still_to_set(vocab: Vocabulary) -> None:
    text = (
        "Call\nSelvocitinib is our oral TYK2 inhibitor. The injectable biologics, Skyrizi"
        " (risankizumab) and Tremfya (guselkumab) among them, list at tens of thousands of"
        " dollars a year, and most commercial plans make patients fail a cheaper drug before"
        " they will pay."
    )
    assert ("faces_barrier", "risankizumab", "reimbursement") in th.barriers(text, vocab)
    asked = "Call\nAnalyst: And will you price selvocitinib against the biologics?"
    assert not th.barriers(asked, vocab)


def test_manufacturing_time_in_words(vocab: Vocabulary) -> None:
    months = (
        "Feature\nAutologous gene therapies need apheresis, and manufacturing then takes months."
    )
    assert ("faces_barrier", "gene-therapy", "vein-to-vein-time") in th.barriers(months, vocab)
    grown = (
        "Feature\nSelvoleucel is a TIL therapy. Its cells are expanded over about three weeks"
        " in a central facility."
    )
    assert ("faces_barrier", "selvoleucel", "vein-to-vein-time") in th.barriers(grown, vocab)
    shelf = (
        "News\nSelvotamig is a CD20xCD3 bispecific. It comes off the shelf: there is no cell"
        " collection and no wait for manufacturing."
    )
    assert ("addresses_barrier", "selvotamig", "vein-to-vein-time") in th.barriers(shelf, vocab)
    years = "News\nThe Selvoleucel programme expanded over three years into four countries."
    assert not th.barriers(years, vocab)


def test_an_mrna_inn_and_its_short_form_hold_the_focus(vocab: Vocabulary) -> None:
    text = (
        "Feature\nShe received dorvaguran pelameran (dorva-p, KTX-318), an experimental base"
        " editor. Casgevy (exagamglogene autotemcel) and Lyfgenia (lovotibeglogene"
        " autotemcel) are approved; Casgevy lists at $2.2 million.\n\nDorva-p is developed by"
        " Kestrel Genomics and Osmund Therapeutics. Osmund, which designed the lipid"
        " nanoparticle, ran the preclinical work under the code OSM-19 before licensing the"
        " programme to Kestrel."
    )
    names = th.aliases(text, vocab)
    assert "OSM-19" in names["dorvaguran-pelameran"]
    assert "OSM-19" not in names["exagamglogene-autotemcel"]


def test_a_gene_written_like_a_code_is_no_code_name(vocab: Vocabulary) -> None:
    text = (
        "News\nBrackwell Therapeutics dosed the first patient with dorvaguran pelameran"
        " (BKW-451), an in vivo editor. Casgevy (exagamglogene autotemcel), which disrupts"
        " the erythroid enhancer of BCL11A, is approved."
    )
    assert "BCL11A" not in th.aliases(text, vocab).get("dorvaguran-pelameran", set())
    assert th.phases(text, vocab).get("dorvaguran-pelameran") != "approved"


def test_a_salt_before_a_brand_is_no_name(vocab: Vocabulary) -> None:
    text = (
        "News\nParticipants received daily emtricitabine/tenofovir disoproxil fumarate"
        " (Truvada) plus placebo injections."
    )
    assert "fumarate" not in {t.key for t in extract(text, vocab, has_title=True).therapies}
    # the drug named with its salt before its brand still is one
    named = "News\nPatients took selvotinib mesylate (Selvora) once daily."
    assert {t.key for t in extract(named, vocab, has_title=True).therapies} == {"selvotinib"}
