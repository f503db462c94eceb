"""The extractor: text + vocabulary -> mentions, therapies, relations (with sentences)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tlkg.loaders import articles
from tlkg.loaders.base import Document
from tlkg.loaders.records import ArticleRecord
from tlkg.loaders.registry import parse_document
from tlkg.loaders.text import extract
from tlkg.ontology import concepts as C
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

FOUNDING = (
    Path(__file__).parent / "fixtures" / "articles" / "in-vivo-car-t-faster-path-2026-03-25.txt"
)
IDE_CEL = slugify("idecabtagene vicleucel")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def rels(result) -> set[tuple[str, str, str]]:
    return {(r.kind, r.subject.key, r.object.key) for r in result.relations}


def rels_d(result) -> set[tuple[str, str, str, str | None]]:
    return {(r.kind, r.subject.key, r.object.key, r.detail) for r in result.relations}


def run(text: str, vocab: Vocabulary) -> extract.Extraction:
    return extract.extract(text, vocab)


# ---- the founding article: what the done-criteria ask -------------------------------
@pytest.fixture(scope="module")
def founding(vocab) -> ArticleRecord:
    doc = Document(str(FOUNDING), FOUNDING.read_bytes())
    (rec,) = list(parse_document(doc, vocab, loaders=articles.LOADERS))
    assert isinstance(rec, ArticleRecord)
    return rec


def test_founding_indication_and_comparison(founding):
    got = rels_d(founding)
    assert ("has_indication", C.CAR_T_IN_VIVO, "multiple-myeloma", None) in got
    assert ("head_to_head", C.CAR_T_IN_VIVO, IDE_CEL, "non_inferiority") in got


@pytest.mark.parametrize("barrier", [C.APHERESIS, C.MANUFACTURING])
def test_founding_barriers_addressed(founding, barrier):
    assert ("addresses_barrier", C.CAR_T_IN_VIVO, barrier) in rels(founding)


@pytest.mark.parametrize(
    "barrier",
    [C.LONG_TERM_SAFETY, C.REGULATORY, C.MANUFACTURING, C.REIMBURSEMENT, C.INFRASTRUCTURE],
)
def test_founding_barriers_faced(founding, barrier):
    assert ("faces_barrier", C.CAR_T_IN_VIVO, barrier) in rels(founding)


def test_founding_complements_and_competes_with_ex_vivo(founding):
    got = rels(founding)
    assert ("complements", C.CAR_T_IN_VIVO, C.CAR_T_AUTOLOGOUS) in got
    assert ("competes_with", C.CAR_T_IN_VIVO, C.CAR_T_AUTOLOGOUS) in got


def test_founding_metadata(founding):
    assert founding.source.evidence_level == "early-clinical"
    assert founding.source.date == "2026-03-25"
    assert founding.source.title == "In vivo CAR-T: A faster path—or just another promise?"


def test_founding_class_words_are_modalities_not_therapies(founding):
    assert [t.key for t in founding.therapies] == [IDE_CEL]
    ide = founding.therapies[0]
    assert ide.modality == C.CAR_T_AUTOLOGOUS and not ide.modality_inferred
    modalities = {m.key for m in founding.mentions if m.kind == "modality"}
    assert {C.CAR_T_IN_VIVO, C.CAR_T_AUTOLOGOUS} <= modalities


def test_founding_hypothetical_phase_iii_is_a_barrier_not_the_level(founding):
    rel = next(
        r
        for r in founding.relations
        if r.object.key == C.REGULATORY and "Phase III" in r.evidence.sentence
    )
    assert rel.kind == "faces_barrier"
    assert rel.evidence.sentence.startswith("The therapy would need to clear Phase III trials")


def test_every_relation_keeps_its_sentence(founding):
    for r in founding.relations:
        assert founding.text[r.evidence.start : r.evidence.end] == r.evidence.sentence
        assert r.evidence.sentence == r.evidence.sentence.strip()


# ---- therapies: vocabulary, naming patterns, context ---------------------------------------
def test_vocabulary_names_and_aliases_give_one_key(vocab):
    text = "Abecma (ide-cel, bb2121) and ABECMA: idecabtagene vicleucel is one product."
    res = run(text, vocab)
    assert [t.key for t in res.therapies] == [IDE_CEL]
    assert not res.therapies[0].modality_inferred


def test_word_boundaries_and_case(vocab):
    res = run("Side-cells and bb21210 are not products; neither is 'bcma' in lower case.", vocab)
    assert res.therapies == []
    assert not [m for m in res.mentions if m.kind == "target"]
    res = run("The BCMAxCD3 bispecific teclistamab binds BCMA.", vocab)
    assert ("has_target", "teclistamab", "bcma") in rels(res)


def test_acronym_aliases_are_case_sensitive():
    v = Vocabulary()
    v.add_file(
        "test.toml",
        '[[indication]]\nname = "acute lymphoblastic leukaemia"\naliases = ["ALL"]\n'
        '[[therapy]]\nname = "blinatumomab"\nindications = ["ALL"]\n',
    )
    res = extract.extract("Blinatumomab was given to all patients.", v)
    assert not [m for m in res.mentions if m.kind == "indication"]
    res = extract.extract("Blinatumomab is approved in ALL.", v)
    assert ("has_indication", "blinatumomab", "acute-lymphoblastic-leukaemia") in rels(res)


@pytest.mark.parametrize(
    ("text", "key", "modality"),
    [
        ("Zelvatuzumab vedotin improved survival.", "zelvatuzumab-vedotin", C.ADC),
        ("Velbrutinib met its primary endpoint.", "velbrutinib", C.KINASE_INHIBITOR),
        ("Obnitamab is a new T-cell engager.", "obnitamab", C.BISPECIFIC),
        ("Lorvicabtagene autoleucel was infused.", "lorvicabtagene-autoleucel", C.CAR_T_AUTOLOGOUS),
        ("Tarlimab is being tested.", "tarlimab", C.MONOCLONAL_ANTIBODY),
        ("Delzomib was combined with steroids.", "delzomib", C.PROTEASOME_INHIBITOR),
    ],
)
def test_unknown_therapies_from_inn_stems(vocab, text, key, modality):
    res = run(text, vocab)
    therapy = next(t for t in res.therapies if t.key == key)
    assert therapy.modality == modality and therapy.modality_inferred and not therapy.known


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("XYZ-101, an allogeneic CD19 CAR-T cell therapy, entered the clinic.", C.CAR_T_ALLOGENEIC),
        ("XYZ-101 is an off-the-shelf CAR-T made from healthy donors.", C.CAR_T_ALLOGENEIC),
        ("XYZ-101 is a CAR-T therapy generated inside the patient.", C.CAR_T_IN_VIVO),
        ("XYZ-101 is a CAR-T made from the patient's own T cells.", C.CAR_T_AUTOLOGOUS),
        (
            "XYZ-101 delivers CAR mRNA in a lipid nanoparticle to T cells in vivo.",
            C.CAR_T_IN_VIVO_LNP,
        ),
        ("XYZ-101, an in vivo CAR-T, uses a lentiviral vector.", C.CAR_T_IN_VIVO_LENTIVIRAL),
    ],
)
def test_unknown_code_name_modality_from_context(vocab, text, modality):
    res = run(text, vocab)
    (therapy,) = res.therapies
    assert therapy.key == "xyz-101" and therapy.name == "XYZ-101"
    assert therapy.modality == modality and therapy.modality_inferred


@pytest.mark.parametrize(
    "text",
    [
        "The trial is registered as NCT01245062 and was presented at ASH 2025.",
        "CD19, IL-6 and COVID-19 are not products, nor is the TP53 mutation or FY2025.",
        "The CRB-401 study enrolled patients in the DREAMM-7 and SOLACE-2 trials.",
    ],
)
def test_code_name_lookalikes_are_not_therapies(vocab, text):
    assert run(text, vocab).therapies == []


def test_class_words_are_modality_mentions(vocab):
    text = (
        "CAR-T cell therapies, bispecific antibodies, ADCs and monoclonal antibodies have "
        "changed myeloma care, while in vivo CAR-T and allogeneic CAR-T are still experimental."
    )
    res = run(text, vocab)
    assert res.therapies == []
    keys = {m.key for m in res.mentions if m.kind == "modality"}
    assert {
        C.CAR_T,
        C.BISPECIFIC,
        C.ADC,
        C.MONOCLONAL_ANTIBODY,
        C.CAR_T_IN_VIVO,
        C.CAR_T_ALLOGENEIC,
    } <= keys


def test_lymphodepleting_chemotherapy_is_a_barrier_not_a_modality(vocab):
    res = run("Cilta-cel requires lymphodepleting chemotherapy before infusion.", vocab)
    assert C.CHEMOTHERAPY not in {m.key for m in res.mentions if m.kind == "modality"}
    assert ("faces_barrier", "ciltacabtagene-autoleucel", C.LYMPHODEPLETION) in rels(res)


# ---- targets, indications, organisations --------------------------------------------------
def test_targets_and_indications_attach_to_what_they_are_said_of(vocab):
    text = (
        "Talquetamab, which targets GPRC5D, is added to linvoseltamab in patients with "
        "multiple myeloma. XYZ-101 targets CD70 in renal cell carcinoma."
    )
    got = rels(run(text, vocab))
    assert ("has_target", "talquetamab", "gprc5d") in got
    assert ("has_target", "linvoseltamab", "gprc5d") not in got  # vocabulary says BCMA
    assert ("has_target", "xyz-101", "cd70") in got
    assert ("has_indication", "linvoseltamab", "multiple-myeloma") in got


def test_t_cell_arm_of_a_bispecific_is_not_its_target(vocab):
    got = rels(run("XYZ-202 is a bispecific antibody that binds CD20 and CD3.", vocab))
    assert ("has_target", "xyz-202", "cd20") in got and ("has_target", "xyz-202", "cd3") not in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elranatamab, developed by Pfizer, is a bispecific.",
            ("developed_by", "elranatamab", "pfizer"),
        ),
        ("Pfizer's elranatamab is a bispecific.", ("developed_by", "elranatamab", "pfizer")),
        (
            "Nordhaven Therapeutics said its lead product XYZ-101 is ready.",
            ("developed_by", "xyz-101", "nordhaven-therapeutics"),
        ),
        (
            "AbbVie acquired Capstan Therapeutics in 2025.",
            ("acquired_by", "capstan-therapeutics", "abbvie"),
        ),
        ("EsoBiotec was acquired by AstraZeneca.", ("acquired_by", "esobiotec", "astrazeneca")),
        (
            "The deal follows AstraZeneca's acquisition of EsoBiotec.",
            ("acquired_by", "esobiotec", "astrazeneca"),
        ),
        (
            "Kite agreed to acquire Interius BioTherapeutics for $350 million.",
            ("acquired_by", "interius-biotherapeutics", "kite"),
        ),
    ],
)
def test_organisations(vocab, text, expected):
    assert expected in rels(run(text, vocab))


def test_developer_contradicting_the_vocabulary_is_dropped(vocab):
    got = rels(run("Pfizer's teclistamab rival elranatamab launched.", vocab))
    assert ("developed_by", "teclistamab", "pfizer") not in got


# ---- comparisons ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A phase 3 trial will compare linvoseltamab head-to-head with teclistamab.",
            ("head_to_head", "linvoseltamab", "teclistamab", "head_to_head"),
        ),
        (
            "Velbrutinib showed non-inferiority to ibrutinib.",
            ("head_to_head", "velbrutinib", "ibrutinib", "non_inferiority"),
        ),
        (
            "Belantamab mafodotin was compared with daratumumab, the standard of care.",
            ("compared_with", "belantamab-mafodotin", "daratumumab", "versus_soc"),
        ),
        (
            "Zelvatuzumab vedotin reduced the risk of death compared with chemotherapy.",
            ("compared_with", "zelvatuzumab-vedotin", C.CHEMOTHERAPY, "stated"),
        ),
        (
            "Bispecific antibodies could compete with CAR-T for the same patients.",
            ("competes_with", C.BISPECIFIC, C.CAR_T, None),
        ),
    ],
)
def test_comparisons(vocab, text, expected):
    assert expected in rels_d(run(text, vocab))


def test_complement_rather_than_replace(vocab):
    got = rels(run("Experts expect bispecifics to complement rather than replace CAR-T.", vocab))
    assert ("complements", C.BISPECIFIC, C.CAR_T) in got
    assert not any(k == "competes_with" for k, _, _ in got)


def test_regimen_corticosteroid_is_not_a_rival(vocab):
    got = rels(run("Teclistamab was compared with daratumumab and dexamethasone.", vocab))
    assert ("compared_with", "teclistamab", "daratumumab") in got
    assert ("compared_with", "teclistamab", "dexamethasone") not in got


# ---- negation, hypotheticals, questions ---------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "No head-to-head comparison has been run between ide-cel and cilta-cel.",
        "A head-to-head trial of ide-cel against cilta-cel has not been conducted.",
        "Arvenza has not run a head-to-head trial against zanubrutinib.",
    ],
)
def test_negated_comparisons_assert_nothing(vocab, text):
    got = rels(run(text, vocab))
    assert not [r for r in got if r[0] in ("head_to_head", "compared_with", "competes_with")]


@pytest.mark.parametrize(
    "text",
    [
        "Teclistamab showed no signs of neurotoxicity.",
        "In the study of ide-cel, neurotoxicity was not reported.",
        "Cilta-cel was given without CRS in most patients.",
    ],
)
def test_negated_adverse_events_assert_nothing(vocab, text):
    got = rels(run(text, vocab))
    assert not [r for r in got if r[2] in (C.NEUROTOXICITY, C.CRS)]


def test_a_question_is_not_a_negation(vocab):
    text = "In vivo CAR-T is new. Will it complement existing CAR-T, or compete with it?"
    got = rels(run(text, vocab))
    assert ("complements", C.CAR_T_IN_VIVO, C.CAR_T_AUTOLOGOUS) in got
    assert ("competes_with", C.CAR_T_IN_VIVO, C.CAR_T_AUTOLOGOUS) in got


# ---- barriers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XYZ-101 skips the need for apheresis.", ("addresses_barrier", "xyz-101", C.APHERESIS)),
        ("ESO-T01 works without apheresis.", ("addresses_barrier", "eso-t01", C.APHERESIS)),
        (
            "With ESO-T01 no lymphodepletion was needed.",
            ("addresses_barrier", "eso-t01", C.LYMPHODEPLETION),
        ),
        (
            "Cilta-cel requires lymphodepleting chemotherapy.",
            ("faces_barrier", "ciltacabtagene-autoleucel", C.LYMPHODEPLETION),
        ),
        (
            "Talquetamab carries a boxed warning for cytokine release syndrome.",
            ("faces_barrier", "talquetamab", C.CRS),
        ),
        (
            "Cilta-cel carries a boxed warning for secondary hematological malignancies.",
            ("faces_barrier", "ciltacabtagene-autoleucel", C.SECONDARY_MALIGNANCY),
        ),
        (
            "For ESO-T01, long-term safety remains untested.",
            ("faces_barrier", "eso-t01", C.LONG_TERM_SAFETY),
        ),
        (
            "ESO-T01 faces manufacturing consistency issues.",
            ("faces_barrier", "eso-t01", C.MANUFACTURING),
        ),
        (
            "Ide-cel is limited by access barriers like reimbursement and infrastructure.",
            ("faces_barrier", IDE_CEL, C.REIMBURSEMENT),
        ),
        (
            "Ide-cel is limited by access barriers like reimbursement and infrastructure.",
            ("faces_barrier", IDE_CEL, C.INFRASTRUCTURE),
        ),
        (
            "Ide-cel patients wait weeks for manufacturing slots; the vein-to-vein time is long.",
            ("faces_barrier", IDE_CEL, C.VEIN_TO_VEIN),
        ),
    ],
)
def test_barriers(vocab, text, expected):
    assert expected in rels(run(text, vocab))


def test_conditional_benefits_are_not_claims(vocab):
    text = "In vivo CAR-T is promising. If confirmed in larger trials, it could slash costs."
    assert not [r for r in rels(run(text, vocab)) if r[2] == C.COST]


def test_barrier_without_a_named_subject_goes_to_the_article_topic(vocab):
    text = (
        "In vivo CAR-T: a new approach\n"
        "In vivo CAR-T generates the cells inside the patient.\n"
        "The long-term safety profile remains untested."
    )
    res = extract.extract(text, vocab, has_title=True)
    assert ("faces_barrier", C.CAR_T_IN_VIVO, C.LONG_TERM_SAFETY) in rels(res)


def test_contrasted_class_is_not_the_subject(vocab):
    text = (
        "In vivo CAR-T is here. Unlike traditional ex vivo methods, this approach skips apheresis."
    )
    got = rels(run(text, vocab))
    assert ("addresses_barrier", C.CAR_T_IN_VIVO, C.APHERESIS) in got
    assert ("addresses_barrier", C.CAR_T_AUTOLOGOUS, C.APHERESIS) not in got


# ---- evidence level ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("The CAR-NK cells cleared tumours in mice in a preclinical study.", "preclinical"),
        ("Early clinical data were reported from a phase 1 study.", "early-clinical"),
        ("The phase 3 trial met its primary endpoint; the pivotal data are strong.", "pivotal"),
        ("The drug was approved by the FDA in 2024.", "approved"),
        (
            "This is early clinical data. The therapy would need to clear Phase III trials.",
            "early-clinical",
        ),
        ("If approved, the drug would compete. It is in a phase 2 study.", "early-clinical"),
        ("Nothing here says anything about trials.", None),
    ],
)
def test_evidence_level(text, level):
    assert extract.evidence_level(text) == level


# ---- sentences, caching, speed, layering ---------------------------------------------------
def test_sentences_keep_abbreviations_and_offsets():
    text = (
        'As Dr. Carl June noted, "It works." The U.S. Food and Drug Administration agreed.'
        "\nNext line"
    )
    spans = [text[s.start : s.end] for s in extract.split_sentences(text)]
    assert spans == [
        'As Dr. Carl June noted, "It works."',
        "The U.S. Food and Drug Administration agreed.",
        "Next line",
    ]


def test_automaton_is_built_once_per_vocabulary(vocab):
    assert extract.matcher(vocab) is extract.matcher(vocab)
    other = load_vocabulary()
    assert extract.matcher(other) is not extract.matcher(vocab)
    before = extract.matcher(other)
    other.add_file("extra.toml", '[[therapy]]\nname = "zorpocabtagene autoleucel"\n')
    assert extract.matcher(other) is not before
    assert [
        t.key for t in extract.extract("Zorpocabtagene autoleucel worked.", other).therapies
    ] == ["zorpocabtagene-autoleucel"]


def test_extraction_of_a_3kb_article_is_fast(vocab):
    text = FOUNDING.read_text("utf-8")
    assert 2500 < len(text.encode()) < 3500
    extract.extract(text, vocab)  # warm-up: automaton and regexes
    times = []
    for _ in range(7):
        start = time.perf_counter()
        extract.extract(text, vocab)
        times.append(time.perf_counter() - start)
    assert sorted(times)[3] < 0.050


def test_extract_does_not_import_rdflib():
    code = (
        "import sys, tlkg.loaders.text.extract, tlkg.loaders.articles; "
        "print('rdflib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
