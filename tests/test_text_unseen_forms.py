"""Rules written in session 9 from articles by writers who never saw the extractor
(holdout2, made a tuning set then, and tuning articles 33-44): diseases, targets and drug
names recognised by their form when no vocabulary lists them, codes introduced away from
any name, counted anaphors, gapped developer lists, "given with" combinations and
"Unlike X, Y" comparisons. Every programme, company and code here is invented."""

from __future__ import annotations

import pytest
from conftest import relation_pairs as _pairs

from tlkg.loaders.text.diseases import disease_names
from tlkg.loaders.text.extract import extract
from tlkg.ontology import concepts as C
from tlkg.ontology import stems
from tlkg.ontology.vocab import Vocabulary


def _therapies(text: str, vocab: Vocabulary) -> dict[str, list[str]]:
    return {t.key: t.aliases for t in extract(text, vocab, has_title=True).therapies}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("adults with moderately to severely active ulcerative colitis", ["ulcerative colitis"]),
        ("approved in Crohn's disease", ["Crohn's disease"]),
        ("late-onset Pompe disease", ["late-onset Pompe disease"]),
        ("children with spinal muscular atrophy", ["spinal muscular atrophy"]),
        (
            "in relapsed or refractory follicular lymphoma",
            ["relapsed or refractory follicular lymphoma"],
        ),
        (
            "metastatic castration-resistant prostate cancer",
            ["metastatic castration-resistant prostate cancer"],
        ),
        (
            "advanced gastric or gastro-oesophageal junction cancer",
            ["gastric cancer", "gastro-esophageal junction cancer"],
        ),
        ("the diagnosis of lupus nephritis", ["lupus nephritis"]),
        ("lymphoma and leukemias", ["lymphoma", "leukemia"]),
        ("adults with generalized myasthenia gravis", ["generalized myasthenia gravis"]),
    ],
)
def test_diseases_by_form(text: str, names: list[str]) -> None:
    assert [d.name for d in disease_names(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "Eight patients had stable disease and two progressive disease.",
        "No minimal residual disease was found; there was no graft-versus-host disease.",
        "Cytokine release syndrome occurred in 30%.",
        "He works at the Halvern Cancer Center.",
        "Lupus Therapeutics said on Monday that advanced cancer remains hard to treat.",
        "The diagnosis was confirmed by a specialist.",
    ],
)
def test_no_disease_in_outcomes_complications_or_names(text: str) -> None:
    assert disease_names(text) == []


def test_an_unseen_disease_becomes_the_indication(vocab: Vocabulary) -> None:
    text = "News\nKorvale's tesramig is in a phase 2 study in adults with Crohn's disease."
    assert ("tesramig", "crohn-s-disease") in _pairs(text, vocab, "has_indication")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("News\nVarlimab blocks IL-23 and is given monthly.", ("varlimab", "il-23")),
        ("News\nNolvabart, an FcRn blocker, lowers IgG.", ("nolvabart", "fcrn")),
        (
            "News\nTelzamab vedotin is an ADC targeting Claudin 18.2.",
            ("telzamab-vedotin", "claudin-18-2"),
        ),
        ("News\nKLS-340 is an androgen-receptor degrader.", ("kls-340", "androgen-receptor")),
        (
            "News\nHVX-12 is an AAV gene therapy that delivers a working copy of the GAA gene.",
            ("hvx-12", "acid-alpha-glucosidase"),  # the seed names GAA by its enzyme
        ),
    ],
)
def test_targets_whose_symbol_is_not_all_capitals(
    vocab: Vocabulary, text: str, pair: tuple[str, str]
) -> None:
    assert pair in _pairs(text, vocab, "has_target")


def test_disease_acronyms_after_against_stay_no_targets(vocab: Vocabulary) -> None:
    assert _pairs("News\nABX-101 is a therapy against AML and CLL.", vocab, "has_target") == set()


@pytest.mark.parametrize(
    ("word", "modality"),
    [
        ("selvadamig", C.BISPECIFIC),
        ("tovrelitug", C.MONOCLONAL_ANTIBODY),
        ("nolfenbart", C.MONOCLONAL_ANTIBODY),
        ("orlatug", C.MONOCLONAL_ANTIBODY),
    ],
)
def test_new_style_stems_without_a_listed_infix(word: str, modality: str) -> None:
    assert stems.new_style_modality(word) == modality


def test_ment_still_needs_its_infix() -> None:
    assert stems.new_style_modality("lunoxament") is None
    assert stems.new_style_modality("statement") is None


def test_a_word_introduced_with_a_code_names_an_unseen_programme(vocab: Vocabulary) -> None:
    text = (
        "News\nOrrin Vale said its conjugate lunoxament (OVB-402) shrank tumours.\n"
        "Lunoxament is a small antibody fragment. The antibody (OVB-17) is older."
    )
    ts = _therapies(text, vocab)
    assert "lunoxament" in ts and ts["lunoxament"] == ["OVB-402"]
    assert "antibody" not in ts


def test_a_code_introduced_away_from_any_name_joins_the_main_programme(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nIn the phase 3 trial, nolvabart lowered IgG. Nolvabart is given monthly.\n"
        "Pennacott, which had tested the drug under the code PNC-0931, will file this year."
    )
    assert _therapies(text, vocab) == {"nolvabart": ["PNC-0931"]}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("News\nCorvaglogene velparvovec is an AAV gene therapy.", "corvaglogene-velparvovec"),
        ("News\nMost patients take alglucosidase alfa every two weeks.", "alglucosidase-alfa"),
        ("News\nMost were also taking pyridostigmine.", "pyridostigmine"),
    ],
)
def test_two_word_and_stemmed_inns(vocab: Vocabulary, text: str, key: str) -> None:
    assert key in _therapies(text, vocab)


def test_a_lone_unknown_capitalised_word_after_an_inn_is_its_brand(vocab: Vocabulary) -> None:
    text = "News\nTelzuximab (Vorvexa) is approved. Vorvexa is given every three weeks."
    assert _therapies(text, vocab) == {"telzuximab": ["Vorvexa"]}
    plain = "News\nTelzuximab (Phase) is approved."
    assert _therapies(plain, vocab) == {"telzuximab": []}


def test_all_three_stands_for_the_three_of_the_last_sentence(vocab: Vocabulary) -> None:
    text = (
        "News\nA trial compares varlimab with a combination of elotuzumab, pomalidomide and"
        " dexamethasone.\n"
        "Varlimab joins teclistamab, from Johnson & Johnson, and elranatamab, from Pfizer. All"
        " three drugs carry a boxed warning for cytokine release syndrome."
    )
    faces = {s for s, b in _pairs(text, vocab, "faces_barrier") if b == "cytokine-release-syndrome"}
    assert faces == {"varlimab", "teclistamab", "elranatamab"}


def test_a_gapped_developer_list_credits_each_maker(vocab: Vocabulary) -> None:
    text = (
        "News\nAbecma and Breyanzi are developed by Bristol Myers Squibb, Carvykti by Johnson &"
        " Johnson and Legend Biotech, and Kymriah by Novartis."
    )
    pairs = _pairs(text, vocab, "developed_by")
    assert {
        ("ciltacabtagene-autoleucel", "johnson-johnson"),
        ("ciltacabtagene-autoleucel", "legend-biotech"),
        ("tisagenlecleucel", "novartis"),
    } <= pairs
    assert ("tisagenlecleucel", "legend-biotech") not in pairs


def test_given_with_is_a_combination(vocab: Vocabulary) -> None:
    text = "News\nIn the study, varlimab given with pomalidomide produced responses."
    pairs = {frozenset(p) for p in _pairs(text, vocab, "complements")}
    assert frozenset({"varlimab", "pomalidomide"}) in pairs


def test_unlike_x_compares(vocab: Vocabulary) -> None:
    text = (
        "News\nNorvatinib works in resistant disease. Unlike osimertinib, which binds"
        " covalently, norvatinib binds the receptor reversibly."
    )
    assert ("norvatinib", "osimertinib") in _pairs(text, vocab, "compared_with")


def test_they_after_a_class_with_examples_is_the_class(vocab: Vocabulary) -> None:
    text = (
        "News\nAutologous CAR-T therapies such as idecabtagene vicleucel and ciltacabtagene"
        " autoleucel are made for each patient. They require apheresis."
    )
    faces = _pairs(text, vocab, "faces_barrier")
    assert ("car-t-autologous", "apheresis") in faces
    assert ("idecabtagene-vicleucel", "apheresis") not in faces


def test_a_described_product_in_the_lede_is_the_product(vocab: Vocabulary) -> None:
    text = (
        "ADC extends survival\nAn antibody-drug conjugate from Morrow Bay Biologics improved"
        " overall survival in gastric cancer. The drug, corzutamab vedotin, was tested in"
        " the CLARION-G trial."
    )
    assert ("corzutamab-vedotin", "gastric-cancer") in _pairs(text, vocab, "has_indication")
    assert ("corzutamab-vedotin", "morrow-bay-biologics") in _pairs(text, vocab, "developed_by")


def test_an_apposition_naming_the_product_is_no_description(vocab: Vocabulary) -> None:
    text = (
        "News\nZelvatuzumab vedotin is new. Polatuzumab vedotin, Roche's ADC against the same"
        " antigen, is approved."
    )
    assert ("zelvatuzumab-vedotin", "roche") not in _pairs(text, vocab, "developed_by")


@pytest.mark.parametrize(
    ("text", "barrier"),
    [
        ("News\nAll three list at well over $100,000 a year.", "cost"),
        ("News\nBoth launched at $3.5 million.", "cost"),
        ("News\nBoth list at tens of thousands of dollars a year.", "cost"),
        ("News\nUS insurers want to see failed cheaper drugs before they pay.", "reimbursement"),
        ("News\nProduction and release take three to five weeks.", "vein-to-vein-time"),
        (
            "News\nEach must be given every two weeks in a hospital infusion unit.",
            "treatment-centres",
        ),
    ],
)
def test_prices_insurers_durations_and_infusion_units(
    vocab: Vocabulary, text: str, barrier: str
) -> None:
    lede = "News\nVarlimab and telzamab are approved. " + text.split("\n", 1)[1]
    assert barrier in {b for _s, b in _pairs(lede, vocab, "faces_barrier")}


def test_a_deal_sum_is_no_price(vocab: Vocabulary) -> None:
    text = "News\nCorrasca will acquire Wrenmoor for $1.4 billion, gaining varlimab."
    assert _pairs(text, vocab, "faces_barrier") == set()


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        ("News\nThe Phase 2 study of varlimab read out. A Phase 3 trial is planned.", "phase2"),
        ("News\nThe Phase 2 study of varlimab read out. Phase 3 starting in 2027.", "phase2"),
        (
            "News\nVarlimab finished phase 2. This release contains forward-looking statements"
            " about the design of a Phase 3 trial of varlimab.",
            "phase2",
        ),
        ("News\nThree such drugs are already on the US market, among them varlimab.", "approved"),
    ],
)
def test_planned_phases_do_not_count(vocab: Vocabulary, text: str, phase: str) -> None:
    out = extract(text, vocab, has_title=True)
    assert {t.key: t.phase for t in out.therapies}["varlimab"] == phase


def test_a_stage_inside_a_contrast_is_not_the_subjects(vocab: Vocabulary) -> None:
    text = (
        "News\nIn the Phase 3 trial nolvabart worked. Compared with the marketed FcRn blockers,"
        " nolvabart is given monthly."
    )
    out = extract(text, vocab, has_title=True)
    assert {t.key: t.phase for t in out.therapies}["nolvabart"] == "phase3"


def test_compare_sets_the_arms_head_to_head(vocab: Vocabulary) -> None:
    text = (
        "News\nThe randomized Phase 3 trial will compare pelvoparib plus enzalutamide with"
        " talazoparib plus enzalutamide, a regimen already approved, in 900 patients."
    )
    pairs = {frozenset(p) for p in _pairs(text, vocab, "head_to_head")}
    assert pairs == {frozenset({"pelvoparib", "talazoparib"})}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "News\nKorvana's pelt-cel, previously designated KVB-019, works.",
            {"pelt-cel": ["KVB-019"]},
        ),
        (
            "News\nBrivatuzumab zonatecan (code: BRK-704) works.",
            {"brivatuzumab-zonatecan": ["BRK-704"]},
        ),
        (
            "News\nMeridale will develop ravodelmig under its own code, MDT-310.",
            {"ravodelmig": ["MDT-310"]},
        ),
        (
            "News\nAshgrove first disclosed the antibody as AGI-88. AGI-88 binds C5. The antibody,"
            " now named dorvelimab, is in phase 2.",
            {"dorvelimab": ["AGI-88"]},
        ),
        (
            "News\nTremvatamig, a trispecific from Westmere, known in the protocol as RDC-4410, is"
            " early.",
            {"tremvatamig": ["RDC-4410"]},
        ),
        (
            "Pipeline\n| pelvoparib | KLS-101 | PARP1 inhibitor | Phase 2 |",
            {"pelvoparib": ["KLS-101"]},
        ),
    ],
)
def test_more_ways_of_introducing_another_name(
    vocab: Vocabulary, text: str, expected: dict[str, list[str]]
) -> None:
    assert _therapies(text, vocab) == expected


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "News\nUnlike KYV-101 (Kyverna Therapeutics), varlimab is new.",
            ("mivocabtagene-autoleucel", "kyverna-therapeutics"),
        ),
        (
            "News\nNolvabart, an antibody that Pennacott Immunology discovered and develops with"
            " its Korean partner Daegwang Life Sciences, lowers IgG.",
            ("nolvabart", "daegwang-life-sciences"),
        ),
        (
            "News\nNorvatinib is approved in the US. Tamsin Pharmaceuticals has licensed rights in"
            " Japan to Ravenglass Pharma.",
            ("norvatinib", "ravenglass-pharma"),
        ),
    ],
)
def test_makers_and_partners_outside_the_usual_forms(
    vocab: Vocabulary, text: str, pair: tuple[str, str]
) -> None:
    assert pair in _pairs(text, vocab, "developed_by")


def test_an_ind_approval_is_no_product_approval(vocab: Vocabulary) -> None:
    from tlkg.loaders.text.evidence import evidence_level

    text = (
        "Linghe Announces NMPA IND Approval and First Patient Dosed for LH-1207\n"
        "The NMPA has approved the Investigational New Drug (IND) application for LH-1207."
        " The first patient has been dosed in a Phase 1/2 study of LH-1207."
    )
    assert evidence_level(text, has_title=True) == "early-clinical"
    out = extract(text, vocab, has_title=True)
    assert {t.key: t.phase for t in out.therapies}["lh-1207"] == "phase2"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("adults with generalised myasthenia gravis", ["generalized myasthenia gravis"]),
        ("paediatric acute lymphoblastic leukaemia", ["acute lymphoblastic leukemia"]),
        (
            "in ANCA-associated vasculitis and granulomatosis with polyangiitis",
            ["ANCA-associated vasculitis", "granulomatosis with polyangiitis"],
        ),
        ("organ-threatening disease and antibody-positive disease", []),
        ("to prevent graft-versus-host disease", []),
    ],
)
def test_disease_names_in_us_spelling_and_with_their_own_words(text: str, names: list[str]) -> None:
    assert [d.name for d in disease_names(text)] == names


def test_a_new_disease_lies_under_the_one_its_name_ends_with(vocab: Vocabulary) -> None:
    text = (
        "News\nNarvotamig was tested in relapsed or refractory follicular lymphoma. It also"
        " works in late-onset Pompe disease and in Pompe disease."
    )
    links = {(b.narrower, b.broader) for b in extract(text, vocab, has_title=True).broader}
    assert links == {
        ("relapsed-or-refractory-follicular-lymphoma", "follicular-lymphoma"),
        ("late-onset-pompe-disease", "pompe-disease"),
    }


def test_went_by_and_a_target_called_by_name(vocab: Vocabulary) -> None:
    text = (
        "News\nTalvobrutideg, which went by ARW-661 until last spring, is an oral molecule"
        " that binds BTK. Sabatolimab, which targets a different immune checkpoint called"
        " TIM-3, failed."
    )
    assert _therapies(text, vocab)["talvobrutideg"] == ["ARW-661"]
    assert ("sabatolimab", "tim-3") in _pairs(text, vocab, "has_target")


def test_both_target_directed_after_a_list(vocab: Vocabulary) -> None:
    text = (
        "News\nApprovals came: epcoritamab (Epkinly), from Genmab and AbbVie, and Roche's"
        " glofitamab (Columvi), both CD20-directed, in large B-cell lymphoma."
    )
    pairs = _pairs(text, vocab, "has_target")
    assert {("epcoritamab", "cd20"), ("glofitamab", "cd20")} <= pairs


def test_an_apposition_never_runs_into_the_next_sentence(vocab: Vocabulary) -> None:
    text = (
        "News\nPatients got veltrolimab or placebo, each added to azacitidine, the standard"
        " chemotherapy for the disease.\nVeltrolimab, also known as PLB-090, blocks CD47."
    )
    ts = _therapies(text, vocab)
    assert ts["veltrolimab"] == ["PLB-090"] and ts["azacitidine"] == []


def test_a_detached_code_names_the_programme_in_focus_not_the_most_mentioned(
    vocab: Vocabulary,
) -> None:
    text = (
        "News\nTarlatamab is approved. Tarlatamab needs a hospital stay. Tarlatamab works.\n"
        "Pellworth is preparing to file for vorsatamig, a masked engager. In monkeys,"
        " vorsatamig produced less interleukin-6. Pellworth, which calls the molecule PWB-310"
        " internally, expects to start a Phase 1 study."
    )
    ts = _therapies(text, vocab)
    assert ts["vorsatamig"] == ["PWB-310"] and ts["tarlatamab"] == []


def test_a_detached_code_in_a_new_paragraph_names_the_articles_topic(vocab: Vocabulary) -> None:
    text = (
        "FDA approves Corvexa (norvatinib)\nThe FDA approved norvatinib for lung cancer.\n"
        "The combination of amivantamab and lazertinib (Lazcluze) is also approved.\n"
        "Tamsin developed the drug under the code TMS-4471. Norvatinib binds reversibly."
    )
    ts = _therapies(text, vocab)
    assert "TMS-4471" in ts["norvatinib"] and "TMS-4471" not in ts.get("lazertinib", [])


def test_every_comparison_cue_match_holds_one_of_its_anchor_words() -> None:
    """The substring pre-test of ``Sentence._cues`` never hides a cue: every match of each
    cue pattern in the tuning articles holds one of its words."""
    from pathlib import Path

    from tlkg.loaders.text.discourse import _CUE_PATTERNS

    folder = Path(__file__).parent / "eval" / "articles"
    seen = dict.fromkeys((kind for kind, _p, _a in _CUE_PATTERNS), 0)
    for path in sorted(folder.glob("*.*")):
        text = path.read_text("utf-8")
        for kind, pattern, anchors in _CUE_PATTERNS:
            for m in pattern.finditer(text):
                seen[kind] += 1
                assert any(a in m.group(0).lower() for a in anchors), (m.group(0), anchors)
    assert all(seen.values()), seen
