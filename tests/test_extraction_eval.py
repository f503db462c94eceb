"""Floors on the hand-annotated evaluation set (``tests/eval/``), scored by the same code as
``bench/extraction_eval.py`` (``tests/eval/score.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import load_module

from tlkg.loaders.records import TherapyRef
from tlkg.ontology.concepts import BARRIERS, MODALITIES
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

EVAL = Path(__file__).parent / "eval"


score = load_module("tlkg_eval_score", EVAL / "score.py")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture(scope="module")
def report_all(vocab):
    return score.evaluate(vocab, *score.SETS["all"])


@pytest.fixture(scope="module")
def report_tuning(vocab):
    return score.evaluate(vocab, *score.SETS["tuning"])


@pytest.fixture(scope="module")
def report_holdout(vocab):
    return score.evaluate(vocab, *score.SETS["holdout"])


def test_eval_set_is_large_and_varied():
    cases = score.cases(*score.SETS["all"])
    assert len(score.cases(score.ARTICLES)) >= 12
    suffixes = {doc.suffix for doc, _ in cases}
    assert {".txt", ".md", ".html"} <= suffixes


@pytest.mark.parametrize("ann", sorted(p.name for f in score.SETS["all"] for p in f.glob("*.json")))
def test_annotations_are_well_formed(ann):
    path = next(p for f in score.SETS["all"] for p in f.glob(ann))
    data = json.loads(path.read_text("utf-8"))
    assert set(data) <= {
        "title", "date", "url", "publisher", "evidence_level", "therapies", "modalities",
        "targets", "indications", "modality_mentions", "relations", "entities", "note",
        "phases", "barrier_attributions", "claim_levels",
    }  # fmt: skip
    for start, level in data.get("claim_levels", []):
        assert level in {"preclinical", "early-clinical", "pivotal", "approved"}, level
        assert level != data["evidence_level"] and start.strip(), (start, level)
    assert set(data.get("phases", {})) <= set(data["therapies"])
    assert set(data.get("phases", {}).values()) <= {"phase1", "phase2", "phase3", "approved"}
    for kind, product, barrier, tag in data.get("barrier_attributions", []):
        assert kind in score.BARRIER_KINDS and barrier in BARRIERS, (kind, barrier)
        assert product in data["therapies"] and tag in score.ATTRIBUTION_TAGS, (product, tag)
    assert set(data["modalities"]) <= set(data["therapies"])
    assert all(m in MODALITIES for m in data["modalities"].values())
    assert all(m in MODALITIES for m in data["modality_mentions"])
    for rel in data["relations"]:
        assert rel[0] in score.RELATION_KINDS, rel
        if rel[0] in ("faces_barrier", "addresses_barrier"):
            assert rel[2] in BARRIERS, rel
        if rel[0] == "head_to_head":
            assert rel[3] in ("head_to_head", "non_inferiority"), rel


def test_every_article_loads(report_all):
    assert [c.name for c in report_all.cases if c.error] == []


def test_floors_on_the_whole_set(report_all):
    assert report_all.fields["therapies"].f1 >= 0.9
    # 0.80 before six harder held-out articles (h6-h11) joined the set; measured 0.799.
    # Issue 17 (discourse, lists, openings): measured 0.819. With tuning articles 18-29:
    # 0.886. Three articles moved from holdout3 to tuning (30-32, session 8): measured 0.867.
    # Session 9, with 28 more tuning articles (33-60): 0.741 (indications 0.841, targets
    # 0.827, therapies 0.983).
    assert report_all.fields["relations"].f1 >= 0.73
    assert report_all.fields["indications"].f1 >= 0.8
    assert report_all.fields["targets"].f1 >= 0.8


def test_metadata_is_exact(report_all, report_tuning):
    for name in ("title", "date", "url", "publisher"):
        ok, total = report_all.scalars[name]
        assert ok == total, name
    # Session 9: 59 of the 60 tuning articles. The miss (47) shows animal data in a story
    # of an IND approval and a first patient dosed, which this rule reads as early-clinical.
    ok, total = report_tuning.scalars["evidence_level"]
    assert total >= 60 and ok >= total - 1
    # Held out: two articles (a filing, phase 1 data) read as "approved": a plan or an
    # earlier stage must not raise the level (issue 17). Measured 24 of 26; 38 of 40 with
    # articles 18-29. Session 9: 67 of 71; holdout's h5 ("moves into a registrational
    # trial", annotated pivotal before the rule that a trial only started gives no pivotal
    # level) is the new miss.
    ok, total = report_all.scalars["evidence_level"]
    assert ok >= total - 4


def test_floors_on_the_tuning_set(report_tuning):
    # Issue 17, measured on the tuning set: relations 0.988 (0.970 before); stated phase
    # 16 of 22, then 27 of 27 with a class's stage reaching the products listed next;
    # therapy targets 17 of 18; product-level barrier attribution recall 1.000, precision
    # 0.964; publication dates 17 of 17; per-claim levels 13 of 13, precision 1.000.
    # Then twelve articles by a writer who never saw the extractor joined (18-29): with
    # them relations 0.811 (P 0.890, R 0.744), barrier attribution R 0.749 / P 0.899,
    # phase 51/54, targets 39/51. After the rules they prompted (conditioning agents,
    # hospital stays, trial designs, combinations, sponsors, class targets, ...):
    # relations 0.949 (P 0.964, R 0.935); attribution R 0.951, P 0.965; phase 54/54;
    # targets 46/51 (the rest need vocabulary entries: mesothelin, FRα, MET); dates 29/29;
    # claim levels 27/27. On articles 01-17 alone relations went 0.989 -> 0.981: three
    # extras where their annotations leave out a combination (complements) or a hospital
    # stay (treatment-centres) that 18-29 annotate. Session 8: three held-out articles
    # moved here (30-32) to study their entity splits; only the alias-introduction rule
    # they prompted was written ("known during development as", "developed under the
    # code"), the rest is first contact: relations 0.918 (P 0.950), phase 60/63,
    # attribution R 0.929.
    # Session 9: 28 more articles by writers who never saw the extractor (33-60) joined,
    # and holdout2 became a tuning set too (its own floors below). First contact with
    # 33-44: relations 0.537 (P 0.766, R 0.414) on 33-36 and 39-42; the 60 articles scored
    # 0.665 (P 0.839, R 0.550) with the rules of session 8. After the session's general
    # rules (diseases, targets and names by form, descriptions, detached codes, partners,
    # prices, plans, ...): 0.743 (P 0.837, R 0.669); articles 01-32 alone 0.918 -> 0.909;
    # phase 134 -> 164 of 180; therapy targets 100 -> 123 of 177; attribution R 0.632 ->
    # 0.724, P 0.820 -> 0.877; claim levels 62 -> 72 of 101 (P 0.878); dates 60/60.
    assert report_tuning.fields["relations"].f1 >= 0.73
    assert report_tuning.fields["relations"].precision >= 0.82
    ok, total = report_tuning.scalars["phase"]
    assert total >= 180 and ok / total >= 0.95  # 175 of 180 since session 12
    ok, total = report_tuning.scalars["date"]
    assert total >= 60 and ok == total
    # Session 12: a product named by a brand is on the market (branded_stages.branded_products):
    # phase 166 -> 175 of 180, and the brand's sentence carries the approved level, so
    # claim levels went 73 -> 74 of 101 at precision 0.880 -> 0.831 (the annotations mark
    # some of the sentences naming a marketed brand, not all); the precision floor was
    # lowered from 0.86 to 0.82 for it.
    claims = report_tuning.fields["claim_levels"]
    assert claims.tp >= 70 and claims.recall >= 0.7 and claims.precision >= 0.82
    ok, total = report_tuning.scalars["therapy targets"]
    assert total >= 177 and ok / total >= 0.68
    attribution = report_tuning.fields["barrier_attributions"]
    assert attribution.recall >= 0.71 and attribution.precision >= 0.86


def test_floors_on_the_held_out_articles(report_holdout):
    # Written after the rules were tuned and never tuned on: a guard against regressions
    # that only show on text the rules were not shaped by.
    # h1-h5 alone still meet the first floors (0.9, 0.7, 0.85: measured 0.947, 0.733,
    # 0.892); h6-h11, written to test names and aliases, are harder (0.800, 0.530,
    # 0.628). Measured on all eleven: 0.844, 0.596, 0.713 (bench/RESULTS.md).
    assert report_holdout.fields["therapies"].f1 >= 0.82
    # Issue 17 (run, never read): relations 0.596 -> 0.622, recall 0.512 -> 0.550,
    # precision 0.713 -> 0.715; therapy targets 10 -> 11 of 26. Then its relation misses
    # were read to find general patterns (developers, binding-verb targets, where a drug is
    # given), so since then it is a regression guard, not a held-out set (holdout3-5 are):
    # relations 0.622 -> 0.707 (P 0.766, R 0.656); therapy targets 12 of 26; dates 11/11.
    # Rules from tuning articles 18-29: 0.707 (P 0.766), the same: two extras where its
    # annotation leaves out a combination and a "first doses given in hospital", two fewer
    # ("against" a target is no comparison).
    # Session 9: 0.727 (P 0.757, R 0.700).
    assert report_holdout.fields["relations"].f1 >= 0.71
    assert report_holdout.fields["relations"].precision >= 0.74
    ok, total = report_holdout.scalars["therapy targets"]
    assert ok / total >= 0.45
    ok, total = report_holdout.scalars["date"]
    assert ok == total


def test_floors_on_holdout2(vocab):
    # Unseen until session 9 (relations 0.558, P 0.653, R 0.487; phase 18/26; therapy
    # targets 23/32; attribution R 0.829, P 0.805), then read to write rules: a regression
    # guard. Measured after: 0.729 (P 0.822, R 0.655); phase 22/26; targets 27/32;
    # attribution R 0.899, P 0.885. After session 16: 0.750 (P 0.845).
    report = score.evaluate(vocab, *score.SETS["holdout2"])
    assert report.fields["relations"].f1 >= 0.73
    assert report.fields["relations"].precision >= 0.82
    ok, total = report.scalars["phase"]
    assert total >= 26 and ok >= 21
    attribution = report.fields["barrier_attributions"]
    assert attribution.recall >= 0.88 and attribution.precision >= 0.87


def test_floors_on_holdout5(vocab):
    # Unseen until session 10 (relations 0.561, P 0.664, R 0.486; one node per programme
    # 1.077 with one wrong merge), then read to write rules: a regression guard. Measured
    # after the alias rules: 0.614 (P 0.711, R 0.541); 1.000 nodes per programme, no merge.
    # After session 16: 0.690 (P 0.771).
    report = score.evaluate(vocab, *score.SETS["holdout5"])
    assert report.fields["relations"].f1 >= 0.67
    assert report.fields["relations"].precision >= 0.75


@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("tuning", 1.005),
        ("holdout2", 1.005),
        ("holdout5", 1.005),
        ("holdout6", 1.005),
        ("holdout7", 1.005),
        ("holdout8", 1.005),
        ("holdout9", 1.005),
    ],
)
def test_one_node_per_programme_on_the_tuned_sets(name, most, vocab):
    # Session 10, after reading each set: 1.000 nodes per programme and no wrong merge.
    report = score.entity_identity(vocab, *score.SETS[name])
    assert report.wrong_merges == 0
    assert report.nodes_per_programme <= most


@pytest.mark.parametrize(
    ("name", "f1", "precision"),
    [
        ("holdout6", 0.74, 0.81),
        ("holdout7", 0.66, 0.79),
        ("holdout8", 0.67, 0.81),
        ("holdout9", 0.69, 0.78),
    ],
)
def test_relation_floors_on_the_sets_read_in_session_10(name, f1, precision, vocab):
    # Blind once, then read (their READMEs): measured after 0.639 / 0.554 / 0.558 / 0.589
    # (P 0.723, 0.695, 0.764, 0.711); before the session 0.509 / 0.466 / 0.477 / 0.502.
    # After session 16: 0.750 / 0.669 / 0.695 / 0.701 (P 0.827, 0.802, 0.832, 0.792).
    # After session 17: 0.761 / 0.679 / 0.695 / 0.713 (P 0.828, 0.809, 0.832, 0.793).
    report = score.evaluate(vocab, *score.SETS[name])
    assert report.fields["relations"].f1 >= f1
    assert report.fields["relations"].precision >= precision


@pytest.mark.parametrize(
    ("name", "f1", "precision", "most"),
    [
        ("holdout10", 0.66, 0.73, 1.02),
        ("holdout11", 0.86, 0.90, 1.02),
        ("holdout12", 0.73, 0.81, 1.02),
        ("holdout13", 0.71, 0.81, 1.02),
        ("holdout14", 0.71, 0.76, 1.02),
        ("holdout15", 0.80, 0.83, 1.02),
        ("holdout16", 0.76, 0.82, 1.02),
        ("holdout17", 0.77, 0.86, 1.02),
        ("holdout18", 0.71, 0.80, 1.02),
        ("holdout19", 0.74, 0.80, 1.03),
        ("holdout20", 0.76, 0.83, 1.01),
        ("holdout21", 0.63, 0.78, 1.02),
        ("holdout22", 0.68, 0.80, 1.01),
        ("holdout23", 0.63, 0.78, 1.02),
    ],
)
def test_floors_on_the_sets_read_in_sessions_11_to_23(name, f1, precision, most, vocab):
    # Blind first, then read (their READMEs). holdout10: 0.469 blind (session 11), 0.549
    # (P 0.619) and 1.017 nodes per programme after session 12, 0.572 (P 0.650) after
    # session 13. holdout11: 0.714 blind at session 11's start, 0.756 at session 12's end,
    # 0.849 (P 0.896) and 1.019 after the rules written from it in session 13. holdout12:
    # 0.599 and 0.616 blind (session 13), 0.651 (P 0.751) and 1.015 once read. holdout13:
    # 0.520 and 1.030 blind (session 13), 0.614 (P 0.719) and 1.000 once read. holdout14:
    # 0.585 and 1.206 blind (session 13), 0.599 (P 0.703) and 1.000 once read (session 14).
    # holdout15: 0.654 and 1.062 blind (session 14), 0.741 (P 0.774) and 1.000 once read
    # (session 15). holdout16: 0.684 and 1.039 blind (session 15), 0.748 (P 0.819) and
    # 1.000 once read (session 16). After session 16 (bench/RESULTS.md): holdout10-16
    # relations F1 0.651 / 0.878 / 0.733 / 0.714 / 0.734 / 0.798 / 0.774. holdout17: 0.627
    # and 1.029 blind (session 16), 0.784 (P 0.873) and 1.000 once read (session 17).
    # After session 17: holdout10-16 0.676 / 0.882 / 0.744 / 0.730 / 0.734 / 0.820 / 0.782.
    # holdout18: 0.661 and 1.062 (one wrong merge) blind (session 17), 0.721 (P 0.818) and
    # 1.015, no wrong merge, once read (session 18). holdout19: 0.701 and 1.029 blind
    # (session 18), 0.757 (P 0.818) and 1.028, no wrong merge, once read (session 19).
    # holdout20: 0.621 and 1.048 blind (session 19), 0.771 (P 0.850) and 1.000, no wrong
    # merge, once read (session 20). holdout21: 0.462 and 1.033 (one wrong merge) blind
    # (session 20), 0.650 (P 0.794) and 1.014, no wrong merge, once read (session 21; the
    # split is a combination's component its annotators folded into the combination).
    # holdout22: 0.590 and 1.060 blind (session 21), 0.697 (P 0.824) and 1.000, no wrong
    # merge, once read (session 22). holdout23: 0.517 and 1.042 (one wrong merge) blind
    # (session 22), 0.691 (P 0.824) and 1.013, no wrong merge, once read (session 23).
    report = score.evaluate(vocab, *score.SETS[name])
    assert report.fields["relations"].f1 >= f1
    assert report.fields["relations"].precision >= precision
    identity = score.entity_identity(vocab, *score.SETS[name])
    assert identity.wrong_merges == 0
    assert identity.nodes_per_programme <= most


# ---- Entity identity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "ann",
    sorted(
        p.name
        for f in score.SETS["all"]
        for p in f.glob("*.json")
        if "entities" in json.loads(p.read_text("utf-8"))
    ),
)
def test_entity_groups_are_well_formed(ann, vocab):
    path = next(p for f in score.SETS["all"] for p in f.glob(ann))
    data = json.loads(path.read_text("utf-8"))
    doc = next(d for d, a in score.cases(path.parent) if a == path)
    text = doc.read_text("utf-8").casefold()
    groups = data["entities"]
    assert groups and all(isinstance(g, list) and g for g in groups)
    assert all(isinstance(f, str) and f.strip() for g in groups for f in g)
    # One group per programme, each programme of "therapies" once, through its canonical name.
    assert sorted(score.resolve(vocab, g[0]) for g in groups) == sorted(
        score.resolve(vocab, t) for t in data["therapies"]
    )
    # Every surface form after the canonical name is written in the article.
    for group in groups:
        for form in group[1:]:
            assert form.casefold() in text, (ann, form)
    # No surface form in two groups.
    forms = [score.identity_form(f) for g in groups for f in set(map(score.identity_form, g))]
    assert len(forms) == len(set(forms)), ann


def test_entity_annotations_cover_both_sets():
    def multi_form(folder):
        return [
            a
            for _, a in score.cases(folder)
            if any(len(g) > 1 for g in json.loads(a.read_text("utf-8")).get("entities", []))
        ]

    assert len(multi_form(score.ARTICLES)) >= 5
    assert len(multi_form(score.HOLDOUT)) >= 5


def test_attribution_scorer_applies_modality_claims_to_members():
    """Modality claims reach each therapy of that modality or a narrower one; a product's
    own claim of the same stance stays "stated", its own opposite claim wins."""
    from tlkg.loaders.records import ArticleRecord, EntityRef, Evidence, Relation, SourceMeta

    def rel(kind, subject, obj):
        s_kind = "modality" if subject in MODALITIES else "therapy"
        return Relation(
            kind=kind,
            subject=EntityRef(kind=s_kind, key=subject, name=subject),
            object=EntityRef(kind="barrier", key=obj, name=obj),
            evidence=Evidence(sentence="s", start=0, end=1),
        )

    therapies = [
        TherapyRef(key="auto", name="auto", modality="car-t-autologous"),
        TherapyRef(key="invivo", name="invivo", modality="car-t-in-vivo-lnp-mrna"),
        TherapyRef(key="bis", name="bis", modality="bispecific-t-cell-engager"),
    ]
    relations = [
        rel("faces_barrier", "car-t", "apheresis"),
        rel("faces_barrier", "car-t-autologous", "manufacturing-capacity"),
        rel("addresses_barrier", "invivo", "apheresis"),
        rel("faces_barrier", "bis", "cost"),
        rel("faces_barrier", "auto", "apheresis"),
    ]
    meta = SourceMeta(id="x", kind="article", content_hash="h", loader="t", loader_version="1")
    record = ArticleRecord(source=meta, text="s", therapies=therapies, relations=relations)
    assert score.predicted_attributions(record) == {
        ("faces_barrier", "auto", "apheresis"): "stated",
        ("faces_barrier", "auto", "manufacturing-capacity"): "via_modality",
        ("addresses_barrier", "invivo", "apheresis"): "stated",
        ("faces_barrier", "bis", "cost"): "stated",
    }


def test_claim_levels_match_a_quoted_sentence_by_its_words():
    """A sentence that opens with a quotation mark is named by its first words, as the
    annotations write them; another start is still another sentence."""
    from tlkg.loaders.records import ArticleRecord, EntityRef, Evidence, Relation, SourceMeta

    def rel(sentence):
        return Relation(
            kind="has_phase",
            subject=EntityRef(kind="therapy", key="x", name="x"),
            object=EntityRef(kind="phase", key="phase3", name="phase3"),
            evidence=Evidence(sentence=sentence, start=0, end=1, level="pivotal"),
        )

    meta = SourceMeta(id="x", kind="article", content_hash="h", loader="t", loader_version="1")
    record = ArticleRecord(
        source=meta,
        text="s",
        relations=[
            rel('"The closest rival is X, with phase 3 data coming.'),
            rel("Y is in phase 3."),
        ],
    )
    annotation = {"claim_levels": [["The closest rival is X", "pivotal"], ["Z is", "pivotal"]]}
    expected, got = score.claim_level_sets(annotation, record)
    assert expected & got == {("The closest rival is X", "pivotal")}
    assert ("Y is in phase 3.", "pivotal") in got - expected


def _t(key, name, *aliases):
    return TherapyRef(key=key, name=name, aliases=list(aliases))


def test_identity_scorer_counts_splits_merges_and_misses():
    groups = [
        ["alphacabtagene autoleucel", "alpha-cel", "ABC-101"],
        ["betatamig", "BTX-2207"],
        ["gammatug", "GMX-9"],
    ]
    therapies = [
        _t("alphacabtagene-autoleucel", "alphacabtagene autoleucel", "alpha-cel"),
        # a split of the first programme, and a wrong merge with the second one
        # (case and punctuation are ignored: "btx 2207" is "BTX-2207")
        _t("abc-101", "ABC-101", "btx 2207"),
        _t("delta", "deltamab"),  # matches no programme
    ]
    case = score.identity_case("synthetic", groups, therapies)
    assert case.group_nodes == [2, 1, 0]
    assert case.merges == ["abc-101"]
    assert case.unmatched == ["delta"]
    report = score.IdentityReport([case])
    assert report.nodes_per_programme == pytest.approx(1.5)  # (2 + 1) / 2: misses left out
    assert report.wrong_merges == 1
    assert report.split_groups == 1
    assert (report.reached, report.groups) == (2, 3)
    assert report.recall == pytest.approx(2 / 3)
    table = score.format_identity({"synthetic": report}, verbose=True)
    assert "SPLIT" in table and "MERGED" in table and "MISSED" in table


def test_identity_scorer_on_a_perfect_extraction():
    groups = [["zeta-cel", "ZT-1"], ["etamig"]]
    case = score.identity_case(
        "ok", groups, [_t("zeta-cel", "zeta-cel", "ZT 1"), _t("e", "Etamig")]
    )
    report = score.IdentityReport([case])
    assert (report.nodes_per_programme, report.wrong_merges, report.recall) == (1.0, 0, 1.0)


def test_entity_identity_runs_on_the_annotated_articles(vocab):
    report = score.entity_identity(vocab, *score.SETS["all"])
    assert len(report.cases) >= 20
    assert [c.name for c in report.cases if c.error] == []
