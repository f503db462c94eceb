"""One therapy per programme in an article, however it is introduced: parenthetical and
"also known as" introductions, "-cel" short forms, new-style antibody INNs and ADC names
(``tlkg.loaders.text.aliases``, ``tlkg.loaders.text.naming``).

Every programme here is made up (INNs, codes, brands, companies): the rules are general,
and the vocabulary knows none of these names.
"""

from __future__ import annotations

import pytest

from tlkg.graph.rdf.terms import Lit
from tlkg.graph.rdf.triples import P, article_triples, entity_iri_text
from tlkg.loaders import articles
from tlkg.loaders.base import Document
from tlkg.loaders.records import ArticleRecord
from tlkg.loaders.registry import parse_document
from tlkg.loaders.text import extract, naming
from tlkg.ontology import concepts as C
from tlkg.ontology import stems
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def run(text: str, vocab: Vocabulary) -> extract.Extraction:
    return extract.extract(text, vocab, has_title=True)


def therapies(ex: extract.Extraction) -> dict[str, extract.TherapyRef]:
    return {t.key: t for t in ex.therapies}


def rels(ex: extract.Extraction, kind: str) -> set[tuple[str, str]]:
    return {(r.subject.key, r.object.key) for r in ex.relations if r.kind == kind}


def load_article(text: str, vocab: Vocabulary) -> ArticleRecord:
    """``text`` (title line, then body) through the text article loader."""
    title, body = text.split("\n", 1)
    data = f"{title}\nPublished: Mar 02, 2026 at 10:00 UTC\n\n{body}".encode()
    out = list(parse_document(Document("news.txt", data), vocab, loaders=articles.LOADERS))
    assert len(out) == 1 and isinstance(out[0], ArticleRecord), out
    return out[0]


CAR_T_ARTICLE = "\n".join(
    [
        "Harlow Bio's BCMA CAR-T wins breakthrough designation",
        "Harlow Bio said zorvacabtagene autoleucel (zorva-cel, HBX-201), a BCMA-directed "
        "autologous CAR-T, received breakthrough therapy designation for relapsed or "
        "refractory multiple myeloma.",
        "In the phase 1 study (NCT01234567), zorva-cel produced responses in heavily "
        "pretreated patients (n = 34).",
        "Zorva-cel was associated with cytokine release syndrome in most patients.",
        "HBX-201 is manufactured in nine days.",
    ]
)


# ---- rule 1: introductions ------------------------------------------------------------------
def test_car_t_introduced_with_short_form_and_code_is_one_therapy(vocab):
    ex = run(CAR_T_ARTICLE, vocab)
    ts = therapies(ex)
    assert list(ts) == ["zorvacabtagene-autoleucel"]
    t = ts["zorvacabtagene-autoleucel"]
    assert t.name == "zorvacabtagene autoleucel"
    assert {"zorva-cel", "HBX-201"} <= set(t.aliases)
    assert len({a.lower() for a in t.aliases}) == len(t.aliases)  # once, whatever the case
    assert t.modality == C.CAR_T_AUTOLOGOUS
    # Relations said of any of its names are credited to the one therapy.
    assert ("zorvacabtagene-autoleucel", "cytokine-release-syndrome") in rels(ex, "faces_barrier")
    assert ("zorvacabtagene-autoleucel", "bcma") in rels(ex, "has_target")
    assert ("zorvacabtagene-autoleucel", "harlow-bio") in rels(ex, "developed_by")
    assert {r.subject.key for r in ex.relations if r.subject.kind == "therapy"} == {
        "zorvacabtagene-autoleucel"
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Quorvan Bio is testing davorcabtagene autoleucel (QRV-118; davor-cel) in lupus.",
        "Quorvan Bio is testing davorcabtagene autoleucel (formerly QRV-118) in lupus.",
        "Quorvan Bio is testing davorcabtagene autoleucel (QRV-118; marketed as Davora).",
        "Quorvan Bio is testing davorcabtagene autoleucel (QRV-118, NCT01234567) in lupus.",
        "Lupus trials of davorcabtagene autoleucel (QRV-118; Quorvan Bio) have begun.",
        "Quorvan Bio is testing davorcabtagene autoleucel, also known as QRV-118, in lupus.",
        "Davorcabtagene autoleucel, known during development as QRV-118, is in lupus trials.",
        "Quorvan Bio is testing davorcabtagene autoleucel, known in Japan as QRV-118.",
        "Davorcabtagene autoleucel, which Quorvan Bio developed under the code QRV-118, works.",
        "Quorvan Bio is testing davorcabtagene autoleucel (developed under the code QRV-118).",
        "Quorvan Bio is testing davorcabtagene autoleucel (code-named QRV-118) in lupus.",
        "Quorvan Bio is testing QRV-118 (davorcabtagene autoleucel) in lupus.",
        "Quorvan Bio said davorcabtagene autoleucel (QRV-118), a CD19 CAR-T, is in lupus trials.",
    ],
)
def test_introduction_forms_give_one_therapy_named_by_its_inn(vocab, sentence):
    text = f"Lupus update\n{sentence} QRV-118 was well tolerated."
    ts = therapies(run(text, vocab))
    assert list(ts) == ["davorcabtagene-autoleucel"]
    assert "QRV-118" in ts["davorcabtagene-autoleucel"].aliases


@pytest.mark.parametrize(
    "sentence",
    [
        "Davorcabtagene autoleucel, best known as a rival to obecabtagene autoleucel, works.",
        "Davorcabtagene autoleucel, known for fewer infections than QRV-118, works.",
    ],
)
def test_known_as_needs_an_introduction(vocab, sentence):
    """A "known ... as" introduces another name only right after the name, with at most a few
    words of context before "as"; other uses of "known" merge nothing."""
    ts = therapies(run(f"Lupus update\n{sentence}", vocab))
    assert len(ts) == 2


def test_bispecific_with_new_style_inn_is_named_by_it(vocab):
    text = (
        "Harlow Bio doses first patient\n"
        "Harlow Bio is developing pelvotamig (HBX-3307), a GPRC5D x CD3 bispecific antibody, "
        "in multiple myeloma (MM).\n"
        "HBX-3307 competes with talquetamab in multiple myeloma."
    )
    ex = run(text, vocab)
    ts = therapies(ex)
    assert set(ts) == {"pelvotamig", "talquetamab"}
    assert ts["pelvotamig"].aliases == ["HBX-3307"]
    assert ts["pelvotamig"].modality == C.BISPECIFIC
    assert ("pelvotamig", "talquetamab") in rels(ex, "competes_with")
    assert ("pelvotamig", "gprc5d") in rels(ex, "has_target")


def test_known_therapy_takes_an_unknown_code_as_alias(vocab):
    text = (
        "Myeloma notes\n"
        "Teclistamab (QXT-555) was given weekly. QXT-555 caused cytokine release syndrome."
    )
    ex = run(text, vocab)
    ts = therapies(ex)
    assert list(ts) == ["teclistamab"]
    assert ts["teclistamab"].known and "QXT-555" in ts["teclistamab"].aliases
    assert ("teclistamab", "cytokine-release-syndrome") in rels(ex, "faces_barrier")


POSITIVE = " Separately, qorvacabtagene autoleucel (qorva-cel) was dosed."


@pytest.mark.parametrize(
    ("sentence", "apart"),
    [
        ("HBX-410 (NCT01234567) enrolled patients.", {"hbx-410"}),
        ("HBX-410 (BCMA) is in myeloma.", {"hbx-410"}),
        ("HBX-410 (n = 34) was tested.", {"hbx-410"}),
        ("HBX-410 (ORR 73%) was tested.", {"hbx-410"}),
        ("Teclistamab (Johnson & Johnson) is approved.", {"teclistamab"}),
        ("HBX-410 (CAR-T) is a cell therapy.", {"hbx-410"}),
        ("HBX-410 is tested in multiple myeloma (MM).", {"hbx-410"}),
        (
            "HBX-410 (teclistamab and talquetamab) was discussed.",
            {"hbx-410", "teclistamab", "talquetamab"},
        ),
        ("Daratumumab (lenalidomide, dexamethasone) was given.", {"daratumumab", "lenalidomide"}),
        ("Teclistamab (talquetamab) was given.", {"teclistamab", "talquetamab"}),
        ("Pelvotamig (davorcabtagene autoleucel) was given.", {"pelvotamig"}),
    ],
)
def test_parentheses_that_are_not_aliases_keep_therapies_apart(vocab, sentence, apart):
    ts = therapies(run("Notes\n" + sentence + POSITIVE, vocab))
    # The introduction after it still works ...
    assert ts["qorvacabtagene-autoleucel"].aliases == ["qorva-cel"]
    # ... but these parentheses name no alias: each therapy stays itself, alone.
    assert apart <= set(ts), ts.keys()
    assert all(ts[key].aliases == [] for key in apart)
    if "pelvotamig" in apart:
        assert "davorcabtagene-autoleucel" in ts  # two INNs are two drugs


def test_code_name_spellings_are_one_therapy(vocab):
    text = "Lupus\nHBX-201 is a CD19 CAR-T for lupus. HBX201 was well tolerated; HBX 201 is next."
    ts = therapies(run(text, vocab))
    assert list(ts) == ["hbx-201"]
    assert {"HBX201", "HBX 201"} <= set(ts["hbx-201"].aliases)


def test_marked_brand_is_an_alias_and_survives_the_loader(vocab):
    text = (
        "Kovalia approved\n"
        "Regulators approved Kovalia® (kovacabtagene autoleucel) for lymphoma. "
        "Kovalia was well tolerated, and HBX-500 (Zorvexa™) is next."
    )
    rec = load_article(text, vocab)
    ts = {t.key: t for t in rec.therapies}
    assert ts["kovacabtagene-autoleucel"].name == "kovacabtagene autoleucel"
    assert ts["kovacabtagene-autoleucel"].aliases == ["Kovalia"]
    assert ts["zorvexa"].name == "Zorvexa" and ts["zorvexa"].aliases == ["HBX-500"]
    assert "®" in rec.text and "™" in rec.text


@pytest.mark.parametrize(
    ("sentence", "key", "name", "aliases"),
    [
        # A marked brand ranks as a brand even when it ends in an INN stem.
        (
            "Regulators approved ZORVACEL® (zorvacabtagene autoleucel) for myeloma.",
            "zorvacabtagene-autoleucel",
            "zorvacabtagene autoleucel",
            ["ZORVACEL"],
        ),
        (
            "Regulators approved Zorvacel® (zorvacabtagene autoleucel) for myeloma.",
            "zorvacabtagene-autoleucel",
            "zorvacabtagene autoleucel",
            ["Zorvacel"],
        ),
        # An INN by an ending outside the modality stems ("-rasib") names its programme.
        (
            "Vexa Bio said vexorasib (VX-2207) entered phase 1.",
            "vexorasib",
            "vexorasib",
            ["VX-2207"],
        ),
        # A short form ranks below a brand, whichever is written first.
        ("Harlow Bio said zorva-cel (Zorvexa®) was approved.", "zorvexa", "Zorvexa", ["zorva-cel"]),
    ],
)
def test_a_group_is_named_by_its_best_kind_of_name(vocab, sentence, key, name, aliases):
    ts = therapies(run("Notes\n" + sentence, vocab))
    assert list(ts) == [key]
    assert ts[key].name == name and ts[key].aliases == aliases


def test_two_inns_by_any_stem_stay_apart(vocab):
    # "-rasib" is an INN ending of ``names.name_kind``: two INNs are two drugs.
    ts = therapies(run("Notes\nVexa Bio said vexorasib (zorvatinib) entered phase 1.", vocab))
    assert set(ts) == {"vexorasib", "zorvatinib"}
    assert ts["vexorasib"].aliases == [] and ts["zorvatinib"].aliases == []


def test_aliases_become_alternative_labels_in_rdf(vocab):
    rec = load_article(CAR_T_ARTICLE, vocab)
    data = article_triples(rec).data
    iri = entity_iri_text("therapy", "zorvacabtagene-autoleucel")
    alt = {o.value for s, p, o in data if s == iri and p == P.alt and isinstance(o, Lit)}
    assert {"zorva-cel", "HBX-201"} <= alt
    assert not any(
        s == entity_iri_text("therapy", k) for s, _p, _o in data for k in ("zorva-cel", "hbx-201")
    )


# ---- rule 2: "-cel" short forms -------------------------------------------------------------
def test_short_form_names_the_article_inn_without_introduction(vocab):
    text = (
        "Lymphoma data\n"
        "Velocabtagene autoleucel is an autologous CD19 CAR-T in lymphoma.\n"
        "Velo-cel caused neurotoxicity in two patients."
    )
    ex = run(text, vocab)
    ts = therapies(ex)
    assert list(ts) == ["velocabtagene-autoleucel"]
    assert ts["velocabtagene-autoleucel"].aliases == ["Velo-cel"]
    assert ("velocabtagene-autoleucel", "neurotoxicity") in rels(ex, "faces_barrier")


def test_ambiguous_short_form_prefix_gives_no_link(vocab):
    text = (
        "Two CAR-Ts\n"
        "Velarcabtagene autoleucel and velsorcabtagene autoleucel are CD19 CAR-Ts. "
        "Vel-cel was not dosed. Tesocabtagene autoleucel is a third; teso-cel is autologous."
    )
    ts = therapies(run(text, vocab))
    assert "vel-cel" in ts  # "vel" starts both INNs: no link
    assert {"velarcabtagene-autoleucel", "velsorcabtagene-autoleucel"} <= set(ts)
    assert "teso-cel" not in ts and "teso-cel" in ts["tesocabtagene-autoleucel"].aliases


def test_short_form_names_a_vocabulary_inn_the_article_does_not_name():
    vocab = load_vocabulary()
    vocab.add_file(
        "extra.toml",
        '[[therapy]]\nname = "fenocabtagene autoleucel"\nmodality = "car-t-autologous"\n',
    )
    ts = therapies(run("Update\nFeno-cel produced durable responses in lymphoma.", vocab))
    assert list(ts) == ["fenocabtagene-autoleucel"]
    t = ts["fenocabtagene-autoleucel"]
    assert t.known and t.name == "fenocabtagene autoleucel" and t.aliases == ["Feno-cel"]


# ---- rule 3: new-style INNs and ADC names ---------------------------------------------------
@pytest.mark.parametrize(
    ("word", "modality"),
    [
        ("pelvotamig", C.BISPECIFIC),
        ("rostovistomig", C.BISPECIFIC),
        ("corvatatug", C.MONOCLONAL_ANTIBODY),
        ("meravibart", C.MONOCLONAL_ANTIBODY),
        ("lidokiment", C.MONOCLONAL_ANTIBODY),
    ],
)
def test_new_style_inn_is_a_therapy(vocab, word, modality):
    assert stems.new_style_modality(word) == modality
    ts = therapies(run(f"Pipeline\nHarlow Bio moved {word} into a phase 1 study.", vocab))
    assert list(ts) == [word] and ts[word].modality == modality


def test_english_words_and_acronyms_are_never_new_style_inns(vocab):
    text = (
        "Pipeline\n"
        "The treatment agreement, the management statement, the enrollment, the testament, "
        "the refinement and the revetment were signed; a tug, Bart and a MIG welder. "
        "TOVAMIG and the PELVOTAMIG acronym are not names. Pelvotamig is."
    )
    assert list(therapies(run(text, vocab))) == ["pelvotamig"]
    for word in ("treatment", "management", "enrollment", "agreement", "statement", "testament"):
        assert stems.new_style_modality(word) is None


def test_adc_with_a_payload_word_of_any_age_is_one_two_word_name(vocab):
    text = (
        "ADCs\n"
        "Vorlatamab tirumotecan and corvatatug deruxtecan are ADCs; "
        "cetuximab and irinotecan are given together."
    )
    ts = therapies(run(text, vocab))
    assert {"vorlatamab-tirumotecan", "corvatatug-deruxtecan"} <= set(ts)
    assert ts["vorlatamab-tirumotecan"].modality == C.ADC
    assert ts["corvatatug-deruxtecan"].modality == C.ADC
    assert "tirumotecan" not in ts and "vorlatamab" not in ts
    assert naming.guess_modality("vorlatamab tirumotecan") == C.ADC
    assert not stems.is_adc_payload("irinotecan")
