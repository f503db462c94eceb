"""Per-claim evidence levels (``evidence.sentence_level``, ``claim_levels``: a sentence
about another stage than its article carries that stage, mapped as ``tlkg:evidenceLevel``
on its ``tlkg:Evidence``) and a stage said of a class reaching the products the next
sentence lists (``stages``). All programme names are invented; the rules name none."""

from __future__ import annotations

import pytest
import rdflib
import text_helpers as th

from tlkg.graph.exports.validate import validate_graph
from tlkg.graph.rdf.terms import triple_to_rdflib
from tlkg.graph.rdf.triples import T, article_triples, concept
from tlkg.loaders import articles
from tlkg.loaders.base import Document
from tlkg.loaders.records import ArticleRecord
from tlkg.loaders.registry import parse_document
from tlkg.loaders.text.evidence import sentence_level
from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def load(text: str, vocab: Vocabulary) -> ArticleRecord:
    out = list(parse_document(Document("doc", text.encode()), vocab, loaders=articles.LOADERS))
    assert len(out) == 1 and isinstance(out[0], ArticleRecord), out
    return out[0]


# ---- one sentence's level --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "article", "level"),
    [
        ("Teclistamab was approved by the FDA in 2022.", "early-clinical", "approved"),
        ("The approval rests on the phase 3 KORVA-2 trial.", "approved", "pivotal"),
        ("In mice, ABX-101 cleared the tumour.", "early-clinical", "preclinical"),
        ("In a phase 1 study, ABX-101 caused no neurotoxicity.", "approved", "early-clinical"),
        ("ABX-101 is in a phase 1 study.", "early-clinical", None),  # the article's own
        ("ABX-101 needs apheresis.", "approved", None),  # no cue: the article's level
        ("Orvane plans to start a phase 3 trial next year.", "early-clinical", None),  # a plan
        ("ABX-101 has not been approved.", "early-clinical", None),  # negated
        # one vote each: the article's level is kept
        (
            "Unlike drugs that were approved on phase 3 data, ABX-101 is in phase 1.",
            "early-clinical",
            None,
        ),
        ("ABX-101 is in phase 1 while ABX-202 is in phase 3.", "early-clinical", None),
    ],
)
def test_sentence_level(sentence: str, article: str, level: str | None) -> None:
    assert sentence_level(sentence, article) == level  # type: ignore[arg-type]


STORY = "\n".join(
    [
        "Orvane doses first patient with ABX-101 in phase 1 trial",
        "BOSTON, Dec. 3, 2026 /PRNewswire/ -- Orvane Bio today announced that the first"
        " patient was dosed in a phase 1 trial of ABX-101, an allogeneic CAR-T therapy, in"
        " relapsed lymphoma.",
        "ABX-101 is designed to avoid apheresis.",
        "Axicabtagene ciloleucel was approved in 2017 and requires apheresis.",
        "In mice, ABX-101 cleared CD19-positive tumours.",
    ]
)


def test_claim_levels_on_an_article(vocab: Vocabulary) -> None:
    rec = load(STORY, vocab)
    assert rec.source.evidence_level == "early-clinical"
    assert rec.source.date == "2026-12-03"
    levels = {(r.kind, r.subject.key, r.object.key): r.evidence.level for r in rec.relations}
    assert levels[("addresses_barrier", "abx-101", "apheresis")] is None
    assert levels[("faces_barrier", "axicabtagene-ciloleucel", "apheresis")] == "approved"
    assert levels[("has_target", "abx-101", "cd19")] == "preclinical"


def _graph(rec: ArticleRecord) -> rdflib.Graph:
    graph = rdflib.Graph()
    st = article_triples(rec)
    for t in st.data + st.meta:
        graph.add(triple_to_rdflib(t))
    return graph


def test_claim_levels_in_rdf_conform_to_the_shapes(vocab: Vocabulary) -> None:
    rec = load(STORY, vocab)
    graph = _graph(rec)
    level = rdflib.URIRef(T["evidenceLevel"])
    approved = rdflib.URIRef(concept("evidence_level", "approved"))
    on_evidence = [s for s, o in graph.subject_objects(level) if "/evidence/" in str(s)]
    assert on_evidence and approved in {graph.value(s, level) for s in on_evidence}
    assert validate_graph(graph).conforms
    graph.add((on_evidence[0], level, rdflib.URIRef(concept("evidence_level", "pivotal"))))
    report = validate_graph(graph)  # one level per claim: the shape refuses two
    assert not report.conforms
    assert any(v.path == T["evidenceLevel"] for v in report.violations)


# ---- a class's stage reaches the products listed next -------------------------------------

CLASS_STAGE = "\n".join(
    [
        "FDA widens CAR-T warning",
        "The FDA said all approved autologous CAR-T therapies must carry a boxed warning. The"
        " change applies to Zorvacabtagene autoleucel, Pelracabtagene autoleucel and"
        " Quintacabtagene autoleucel.",
        "Separately, the two approved BCMA CAR-Ts face long waits. Rimvacabtagene autoleucel"
        " and Sotracabtagene autoleucel are made from each patient's cells.",
    ]
)


def test_class_stage_reaches_the_products_listed_next(vocab: Vocabulary) -> None:
    out = extract(CLASS_STAGE, vocab, has_title=True)
    phases = {t.key: t.phase for t in out.therapies}
    assert phases == dict.fromkeys(
        [
            "zorvacabtagene-autoleucel",
            "pelracabtagene-autoleucel",
            "quintacabtagene-autoleucel",
            "rimvacabtagene-autoleucel",
            "sotracabtagene-autoleucel",
        ],
        "approved",
    )
    ev = next(r.evidence for r in out.relations if r.kind == "has_phase")
    # the evidence is both sentences: the class's stage and the list
    assert ev.sentence.startswith("The FDA said all approved") and ev.sentence.endswith(
        "Quintacabtagene autoleucel."
    )
    assert CLASS_STAGE[ev.start : ev.end] == ev.sentence


@pytest.mark.parametrize(
    "text",
    [
        # a count that does not match the list
        "News\nThe two approved autologous CAR-T therapies need apheresis. Zorvacabtagene "
        "autoleucel, Pelracabtagene autoleucel and Quintacabtagene autoleucel are made in "
        "Europe.",
        # a list of one
        "News\nAll approved autologous CAR-T therapies need apheresis. Zorvacabtagene "
        "autoleucel is made in Europe.",
        # the products are not the next sentence's
        "News\nAll approved autologous CAR-T therapies need apheresis. They are costly. "
        "Zorvacabtagene autoleucel and Pelracabtagene autoleucel are made in Europe.",
        # the listed products are excluded
        "News\nAll approved autologous CAR-T therapies need apheresis. This does not apply "
        "to Zorvacabtagene autoleucel or Pelracabtagene autoleucel.",
        # a product of another class
        "News\nAll approved autologous CAR-T therapies need apheresis. Zorvacabtagene "
        "autoleucel and teclistamab are used in myeloma.",
        # a plan is no stage
        "News\nThe FDA plans to approve autologous CAR-T therapies for lupus. Zorvacabtagene "
        "autoleucel and Pelracabtagene autoleucel are in trials.",
    ],
)
def test_class_stage_needs_a_fitting_list_next(vocab: Vocabulary, text: str) -> None:
    assert all(p is None for p in th.phases(text, vocab).values())


def test_class_stage_reaches_a_list_on_the_next_line(vocab: Vocabulary) -> None:
    text = (
        "News\nThe FDA required the makers of all approved autologous CAR-T therapies to add"
        " a boxed warning to their labels.\nThe change applies to Zorvacabtagene autoleucel"
        " in myeloma, and to Pelracabtagene autoleucel and Quintacabtagene autoleucel in"
        " lymphoma, but not to teclistamab."
    )
    phases = th.phases(text, vocab)
    assert phases.pop("teclistamab") is None
    assert set(phases.values()) == {"approved"} and len(phases) == 3


def test_class_stage_is_not_the_focus(vocab: Vocabulary) -> None:
    text = (
        "News\nZorvacabtagene autoleucel is in a phase 1 trial in lupus. All approved "
        "autologous CAR-T therapies carry a boxed warning."
    )
    assert th.phases(text, vocab)["zorvacabtagene-autoleucel"] == "phase1"


CUE_SAMPLES = (
    "FDA approves X. X was approved. X has been approved. It granted conditional approval."
    " Marketing authorisation. Commercially available. Approval of X. A boxed warning on the"
    " label. Phase 3, phase III, phase 2/3, pivotal, registrational, phase 1b, Phase I/II,"
    " first-in-human, first in patients, early-clinical, early phase, dose escalation, early"
    " data. First patient dosed; healthy volunteers; is being tested in patients; early"
    " clinical testing; clinical-stage. A randomized trial showed results. Preclinical,"
    " pre-clinical, in mice, mouse model, murine, animal models, non-human primates,"
    " xenografts, in vitro, cell lines, in rats, in monkeys, organoids."
)


def test_every_cue_match_holds_one_of_its_anchor_words() -> None:
    """The substring pre-test of ``sentence_level`` never hides a cue: every match of
    each cue pattern, in the samples and the tuning articles, holds one of its words."""
    from pathlib import Path

    from tlkg.loaders.text.evidence import _EVIDENCE_RES, CUE_ANCHORS

    folder = Path(__file__).parent / "eval" / "articles"
    texts = [CUE_SAMPLES] + [p.read_text("utf-8") for p in sorted(folder.glob("*.*"))]
    seen = [0] * len(CUE_ANCHORS)
    for text in texts:
        for i, ((pattern, _level, _w), anchors) in enumerate(
            zip(_EVIDENCE_RES, CUE_ANCHORS, strict=True)
        ):
            for m in pattern.finditer(text):
                seen[i] += 1
                assert any(a in m.group(0).lower() for a in anchors), (m.group(0), anchors)
    assert all(seen), seen
