"""Score the article extractor against the hand-annotated evaluation set.

Each article in ``tests/eval/articles/`` (text, Markdown or HTML) has a JSON annotation
beside it with the same stem::

    {"title": ..., "date": ..., "evidence_level": ...,
     "therapies": [names], "modalities": {therapy name: modality key},
     "targets": [names], "indications": [names], "modality_mentions": [modality keys],
     "relations": [[kind, subject, object], ["head_to_head", s, o, detail], ...]}

Annotations use *names* (canonical names, aliases, or concept keys); they are resolved to
keys through the same vocabulary the extractor uses, so an annotation does not depend on
how the vocabulary spells its keys. Comparisons (head_to_head, compared_with,
competes_with, complements) are symmetric: the pair is scored unordered. The detail of
head_to_head (head_to_head | non_inferiority) is part of what must match; the detail of
compared_with is not scored.

Further fields, each scored only on the annotations that carry it:

- ``"phases"``: ``{therapy name: "phase1" | "phase2" | "phase3" | "approved"}``, the most
  advanced stage the article states for each programme; scored as accuracy against
  ``TherapyRef.phase`` (``phase`` in the table).
- ``"barrier_attributions"``: ``[[kind, product, barrier, "stated" | "via_modality"], ...]``
  with kind ``faces_barrier`` or ``addresses_barrier``: every product the article's
  barrier claims reach. Predicted: the record's product barrier relations plus, for each
  modality barrier relation, each therapy of the record whose modality is that modality or
  a narrower one (the ontology's skos:broader), as ``tlkg.graph.services.barriers`` does:
  a product with its own claim of the same stance keeps only that one ("stated"), one with
  its own opposite claim keeps its own (the inherited one is overridden, not counted).
  Scored on (kind, product, barrier); the rows ``barrier_attributions:stated`` and
  ``:via_modality`` split the annotated items by how they reach the product.

- ``"claim_levels"``: ``[[sentence start, level], ...]``, the sentences about another stage
  than the article's level (an approved comparator in a phase 1 story). Predicted: the
  ``Evidence.level`` of the record's relations, per sentence. Scored as P/R on (sentence,
  level): an annotated sentence none of whose relations carries the level is missed, a
  sentence carrying a level it is not annotated with is extra (``claim_levels``).

``evidence_level`` is scored as accuracy; ``therapy targets`` is the accuracy of each
annotated therapy's set of ``has_target`` objects (an exact match per therapy).

An annotation may also carry ``"entities"``: one group per real programme, each the list
of every surface form the article uses for it, canonical name first (``[["zorcabtagene
autoleucel", "zor-cel", "ZRX-101"], ["vexatamig", "VX-2207"]]``), and a free-text
``"note"``. ``entity_identity`` scores whether the extractor gives each programme exactly
one therapy node: fragmentation (nodes per programme), wrong merges (a node carrying the
names of two programmes) and recall of programmes. It does not change the scores above.

Used by ``bench/extraction_eval.py`` (prints the tables of every set) and
``tests/test_extraction_eval.py`` (asserts floors). No scoring logic lives anywhere else. Run
alone, it prints one summary line per set (relations, barrier attribution, date, evidence
level, phase, targets), ending with whether the rules were tuned on it (``SET_STATUS``)::

    python tests/eval/score.py [--set tuning|holdout|holdout2|...|holdout24|all ...] [-v]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tlkg.loaders import articles
from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.records import ArticleRecord
from tlkg.loaders.registry import parse_document
from tlkg.ontology.concepts import BARRIERS, MODALITIES
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary

ARTICLES = Path(__file__).resolve().parent / "articles"
ONTOLOGY = Path(__file__).resolve().parents[2] / "tlkg" / "ontology" / "tlkg.ttl"
# Written after the extractor was tuned on ARTICLES, and never tuned on: an honest check.
HOLDOUT = Path(__file__).resolve().parent / "holdout"
# Written later by an author who never saw the extractor (holdout2/README.md); read to write
# rules since session 9 (2026-12-06), so a regression guard like HOLDOUT.
HOLDOUT2 = Path(__file__).resolve().parent / "holdout2"
# Written after issue 17's tuning articles 18-29, by an author who never saw the extractor;
# never tuned on (only its summary line is read).
HOLDOUT3 = Path(__file__).resolve().parent / "holdout3"
# Written in session 8 by an author who never saw the extractor, to test how programmes
# are introduced with their other names; never tuned on.
HOLDOUT4 = Path(__file__).resolve().parent / "holdout4"
# Written in session 9 (2026-12-06) by two authors who never saw the extractor, alongside
# tuning articles 33-44; read to write rules since session 10, so a regression guard too.
HOLDOUT5 = Path(__file__).resolve().parent / "holdout5"
# Written in session 10 (2026-12-06) by two authors who never saw the extractor; scored
# blind once, then read to write rules the same day (holdout6/README.md).
HOLDOUT6 = Path(__file__).resolve().parent / "holdout6"
# Written in session 10 (2026-12-06) by two authors who never saw the extractor, after
# holdout6 was read; scored blind once, then read the same day (holdout7/README.md).
HOLDOUT7 = Path(__file__).resolve().parent / "holdout7"
# Written in session 10 (2026-12-06) by two authors who never saw the extractor, after
# holdout7 was read; scored blind once, then read the same day (holdout8/README.md).
HOLDOUT8 = Path(__file__).resolve().parent / "holdout8"
# Written in session 10 (2026-12-06) by two authors who never saw the extractor, after
# holdout8 was read; scored blind once, then read the same day (holdout9/README.md).
HOLDOUT9 = Path(__file__).resolve().parent / "holdout9"
# Written in session 10 (2026-12-06) by two authors who never saw the extractor, after
# holdout9 was read; scored blind once, then read in session 11 (holdout10/README.md).
HOLDOUT10 = Path(__file__).resolve().parent / "holdout10"
# Written in session 11 (2026-12-06) by two authors who never saw the extractor, before
# holdout10 was read; read from session 13 (holdout11/README.md).
HOLDOUT11 = Path(__file__).resolve().parent / "holdout11"
# Written in session 13 (2026-12-06) by two authors who never saw the extractor; scored
# blind twice, then read the same session (holdout12/README.md).
HOLDOUT12 = Path(__file__).resolve().parent / "holdout12"
# Written in session 13 (2026-12-06) by two authors who never saw the extractor, after
# holdout12 was scored blind twice; scored blind once, then read (holdout13/README.md).
HOLDOUT13 = Path(__file__).resolve().parent / "holdout13"
# Written in session 13 (2026-12-06) by two authors who never saw the extractor, after
# holdout13 was scored blind; on how programmes are named; scored blind once, then read in
# session 14 after holdout15 was commissioned (holdout14/README.md).
HOLDOUT14 = Path(__file__).resolve().parent / "holdout14"
# Written in session 14 (2026-12-06) by two authors who never saw the extractor, before
# holdout14 was read; scored blind at the session's end and once more at the start of
# session 15, then read there after holdout16 was commissioned (holdout15/README.md).
HOLDOUT15 = Path(__file__).resolve().parent / "holdout15"
# Written in session 15 (2026-12-07) by two authors who never saw the extractor, before
# holdout15 was read; scored blind once at that session's end, read in session 16 after
# holdout17 was commissioned (holdout16/README.md).
HOLDOUT16 = Path(__file__).resolve().parent / "holdout16"
# Written in session 16 (2026-12-07) by two authors who never saw the extractor, before
# holdout16 was read; scored blind (summary lines only) in session 16, read in session 17
# after holdout18 was commissioned (holdout17/README-a.md, README-b.md).
HOLDOUT17 = Path(__file__).resolve().parent / "holdout17"
# Written in session 17 (2026-12-07) by two authors who never saw the extractor, before
# holdout17 was read; scored blind (summary lines only) in session 17, read in session 18
# after holdout19 was commissioned (holdout18/README-a.md, README-b.md).
HOLDOUT18 = Path(__file__).resolve().parent / "holdout18"
# Written in session 18 (2026-12-07) by two authors who never saw the extractor, before
# holdout18 was read; scored blind (summary lines only) in session 18, read in session 19
# after holdout20 was commissioned (holdout19/README-a.md, README-b.md).
HOLDOUT19 = Path(__file__).resolve().parent / "holdout19"
# Written in session 19 (2026-12-07) by two authors who never saw the extractor,
# commissioned before holdout19 was read; scored blind (summary lines only) in session 19,
# read in session 20 after holdout21 was commissioned (holdout20/README-a.md, README-b.md).
HOLDOUT20 = Path(__file__).resolve().parent / "holdout20"
# Written in session 20 (2026-12-07) by two authors who never saw the extractor,
# commissioned before holdout20 was read; scored blind (summary lines only) in session 20,
# read in session 21 after holdout22 was commissioned (holdout21/README-a.md, README-b.md).
HOLDOUT21 = Path(__file__).resolve().parent / "holdout21"
# Written in session 21 (2026-12-07) by two authors who never saw the extractor,
# commissioned before holdout21 was read; scored blind (summary lines only) in session 21,
# read in session 22 after holdout23 was commissioned (holdout22/README-a.md, README-b.md).
HOLDOUT22 = Path(__file__).resolve().parent / "holdout22"
# Written in session 22 (2026-12-07) by two authors who never saw the extractor,
# commissioned before holdout22 was read; scored blind (summary lines only) in session 22,
# read in session 23 after holdout24 was commissioned (holdout23/README-a.md, README-b.md).
HOLDOUT23 = Path(__file__).resolve().parent / "holdout23"
# Written in session 23 (2026-12-08) by two authors who never saw the extractor,
# commissioned before holdout23 was read (holdout24/README-a.md, README-b.md).
HOLDOUT24 = Path(__file__).resolve().parent / "holdout24"
SETS = {
    "tuning": (ARTICLES,),
    "holdout": (HOLDOUT,),
    "holdout2": (HOLDOUT2,),
    "holdout3": (HOLDOUT3,),
    "holdout4": (HOLDOUT4,),
    "holdout5": (HOLDOUT5,),
    "holdout6": (HOLDOUT6,),
    "holdout7": (HOLDOUT7,),
    "holdout8": (HOLDOUT8,),
    "holdout9": (HOLDOUT9,),
    "holdout10": (HOLDOUT10,),
    "holdout11": (HOLDOUT11,),
    "holdout12": (HOLDOUT12,),
    "holdout13": (HOLDOUT13,),
    "holdout14": (HOLDOUT14,),
    "holdout15": (HOLDOUT15,),
    "holdout16": (HOLDOUT16,),
    "holdout17": (HOLDOUT17,),
    "holdout18": (HOLDOUT18,),
    "holdout19": (HOLDOUT19,),
    "holdout20": (HOLDOUT20,),
    "holdout21": (HOLDOUT21,),
    "holdout22": (HOLDOUT22,),
    "holdout23": (HOLDOUT23,),
    "holdout24": (HOLDOUT24,),
    "all": (ARTICLES, HOLDOUT),
}
# The sets scored one by one (here and in bench/extraction_eval.py), each with whether the
# rules were tuned on it: "unseen" sets are only ever run, never read to write rules.
EVAL_SETS = (
    "tuning",
    "holdout",
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
    "holdout10",
    "holdout11",
    "holdout12",
    "holdout13",
    "holdout14",
    "holdout15",
    "holdout16",
    "holdout17",
    "holdout18",
    "holdout19",
    "holdout20",
    "holdout21",
    "holdout22",
    "holdout23",
    "holdout24",
)
SET_STATUS = {
    "tuning": "tuned on",
    "holdout": "tuned on since issue 17 (a regression guard, no longer unseen)",
    "holdout2": "tuned on since session 9 (a regression guard, no longer unseen)",
    "holdout3": "unseen",
    "holdout4": "unseen",
    "holdout5": "tuned on since session 10 (a regression guard, no longer unseen)",
    "holdout6": "tuned on since session 10, after one blind score (a regression guard)",
    "holdout7": "tuned on since session 10, after one blind score (a regression guard)",
    "holdout8": "tuned on since session 10, after one blind score (a regression guard)",
    "holdout9": "tuned on since session 10, after one blind score (a regression guard)",
    "holdout10": "tuned on since session 11, after one blind score (a regression guard)",
    "holdout11": "tuned on since session 13, after two blind scores (a regression guard)",
    "holdout12": "tuned on since session 13, after two blind scores (a regression guard)",
    "holdout13": "tuned on since session 13, after one blind score (a regression guard)",
    "holdout14": "tuned on since session 14, after one blind score (a regression guard)",
    "holdout15": "tuned on since session 15, after one blind score (a regression guard)",
    "holdout16": "tuned on since session 16, after one blind score (a regression guard)",
    "holdout17": "tuned on since session 17, after summary-line blind scores (a regression guard)",
    "holdout18": "tuned on since session 18, after summary-line blind scores (a regression guard)",
    "holdout19": "tuned on since session 19, after summary-line blind scores (a regression guard)",
    "holdout20": "tuned on since session 20, after summary-line blind scores (a regression guard)",
    "holdout21": "tuned on since session 21, after summary-line blind scores (a regression guard)",
    "holdout22": "tuned on since session 22, after summary-line blind scores (a regression guard)",
    "holdout23": "tuned on since session 23, after summary-line blind scores (a regression guard)",
    "holdout24": "unseen",
}
SYMMETRIC = frozenset({"head_to_head", "compared_with", "competes_with", "complements"})
RELATION_KINDS = (
    "has_target",
    "has_indication",
    "developed_by",
    "acquired_by",
    "head_to_head",
    "compared_with",
    "competes_with",
    "complements",
    "faces_barrier",
    "addresses_barrier",
)
SET_FIELDS = ("therapies", "modalities", "targets", "indications", "modality_mentions")
ATTRIBUTION_TAGS = ("stated", "via_modality")
BARRIER_KINDS = ("faces_barrier", "addresses_barrier")
# Relations that are not scored as relations: a therapy's modality is scored as
# "modalities", its stated phase as "phase".
UNSCORED_RELATIONS = frozenset({"has_modality", "has_phase"})

Key = tuple[str, ...]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, expected: set[Key], predicted: set[Key]) -> None:
        self.tp += len(expected & predicted)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class CaseResult:
    name: str
    expected: dict[str, set[Key]]
    predicted: dict[str, set[Key]]
    scalars: dict[str, tuple[object, object]]  # field -> (expected, predicted)
    error: str | None = None


@dataclass
class Report:
    fields: dict[str, Counts] = field(default_factory=dict)
    scalars: dict[str, tuple[int, int]] = field(default_factory=dict)  # correct, total
    cases: list[CaseResult] = field(default_factory=list)

    def counts(self, name: str) -> Counts:
        return self.fields.setdefault(name, Counts())


def resolve(vocab: Vocabulary, name: str) -> str:
    """Key for an annotated name: a concept key as is, else the vocabulary, else a slug."""
    if name in MODALITIES or name in BARRIERS:
        return name
    for kind in ("therapy", "target", "indication", "organization"):
        entry = vocab.resolve(kind, name)
        if entry is not None:
            return entry.key
    return slugify(name)


def relation_key(kind: str, subject: str, obj: str, detail: str | None) -> Key:
    a, b = sorted((subject, obj)) if kind in SYMMETRIC else (subject, obj)
    if kind == "head_to_head":
        return (kind, a, b, detail or "")
    return (kind, a, b)


def expected_sets(annotation: dict, vocab: Vocabulary) -> dict[str, set[Key]]:
    r = lambda n: resolve(vocab, n)  # noqa: E731
    out: dict[str, set[Key]] = {
        "therapies": {(r(n),) for n in annotation.get("therapies", [])},
        "modalities": {(r(t), m) for t, m in annotation.get("modalities", {}).items()},
        "targets": {(r(n),) for n in annotation.get("targets", [])},
        "indications": {(r(n),) for n in annotation.get("indications", [])},
        "modality_mentions": {(m,) for m in annotation.get("modality_mentions", [])},
    }
    rels: set[Key] = set()
    for item in annotation.get("relations", []):
        kind, subj, obj = item[0], item[1], item[2]
        detail = item[3] if len(item) > 3 else None
        rels.add(relation_key(kind, r(subj), r(obj), detail))
    out["relations"] = rels
    return out


def predicted_sets(record: ArticleRecord) -> dict[str, set[Key]]:
    mentions = record.mentions
    return {
        "therapies": {(t.key,) for t in record.therapies},
        "modalities": {(t.key, t.modality) for t in record.therapies if t.modality},
        "targets": {(m.key,) for m in mentions if m.kind == "target"},
        "indications": {(m.key,) for m in mentions if m.kind == "indication"},
        "modality_mentions": {(m.key,) for m in mentions if m.kind == "modality"},
        "relations": {
            relation_key(x.kind, x.subject.key, x.object.key, x.detail)
            for x in record.relations
            if x.kind not in UNSCORED_RELATIONS
        },
    }


# ---- Product-level barrier attribution -----------------------------------------------------


def modality_narrower() -> dict[str, set[str]]:
    """Modality key -> itself and every narrower modality key (skos:broader of tlkg.ttl)."""
    global _NARROWER
    if _NARROWER is None:
        import rdflib
        from rdflib.namespace import SKOS

        from tlkg.ontology.namespace import key_of

        g = rdflib.Graph().parse(ONTOLOGY, format="turtle")
        parents: dict[str, set[str]] = {}
        for narrower, broader in g.subject_objects(SKOS.broader):
            n, b = key_of(str(narrower)), key_of(str(broader))
            if n in MODALITIES and b in MODALITIES:
                parents.setdefault(n, set()).add(b)
        down: dict[str, set[str]] = {m: {m} for m in MODALITIES}
        for m in MODALITIES:
            todo, seen = list(parents.get(m, ())), set()
            while todo:
                b = todo.pop()
                if b in seen:
                    continue
                seen.add(b)
                down.setdefault(b, {b}).add(m)
                todo.extend(parents.get(b, ()))
        _NARROWER = down
    return _NARROWER


_NARROWER: dict[str, set[str]] | None = None


def predicted_attributions(record: ArticleRecord) -> dict[Key, str]:
    """(kind, product key, barrier) -> "stated" | "via_modality" (module docstring)."""
    down = modality_narrower()
    own: dict[Key, str] = {}
    modality_claims: list[tuple[str, str, str]] = []
    for r in record.relations:
        if r.kind not in BARRIER_KINDS:
            continue
        if r.subject.kind == "therapy":
            own[(r.kind, r.subject.key, r.object.key)] = "stated"
        elif r.subject.kind == "modality":
            modality_claims.append((r.kind, r.subject.key, r.object.key))
    out = dict(own)
    opposite = dict(zip(BARRIER_KINDS, reversed(BARRIER_KINDS), strict=True))
    for kind, modality, barrier in modality_claims:
        for t in record.therapies:
            if t.modality not in down.get(modality, {modality}):
                continue
            key = (kind, t.key, barrier)
            if key in own or (opposite[kind], t.key, barrier) in own:
                continue  # the product's own statement wins
            out.setdefault(key, "via_modality")
    return out


def expected_attributions(annotation: dict, vocab: Vocabulary) -> dict[Key, str]:
    return {
        (kind, resolve(vocab, product), barrier): tag
        for kind, product, barrier, tag in annotation.get("barrier_attributions", [])
    }


def therapy_targets(relations: set[Key]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for k in relations:
        if k[0] == "has_target":
            out.setdefault(k[1], set()).add(k[2])
    return out


def _tally(report: Report, name: str, ok: bool) -> None:
    good, total = report.scalars.get(name, (0, 0))
    report.scalars[name] = (good + ok, total + 1)


def _score_extra(
    report: Report,
    annotation: dict,
    vocab: Vocabulary,
    record: ArticleRecord | None,
    expected: dict[str, set[Key]],
    predicted: dict[str, set[Key]],
    scalars: dict[str, tuple[object, object]],
) -> None:
    """Phase and therapy-target accuracy, product-level barrier attribution."""
    phases = {t.key: t.phase for t in record.therapies} if record else {}
    for name, phase in annotation.get("phases", {}).items():
        key = resolve(vocab, name)
        got = phases.get(key)
        _tally(report, "phase", got == phase)
        if got != phase:
            scalars[f"phase of {name}"] = (phase, got)
    exp_t, got_t = therapy_targets(expected["relations"]), therapy_targets(predicted["relations"])
    for therapy, targets in exp_t.items():
        _tally(report, "therapy targets", got_t.get(therapy, set()) == targets)
    if "claim_levels" in annotation:
        exp_c, got_c = claim_level_sets(annotation, record)
        expected["claim_levels"], predicted["claim_levels"] = exp_c, got_c
        report.counts("claim_levels").add(exp_c, got_c)
    if "barrier_attributions" not in annotation:
        return
    exp_a = expected_attributions(annotation, vocab)
    got_a = predicted_attributions(record) if record else {}
    expected["barrier_attributions"] = set(exp_a)
    predicted["barrier_attributions"] = set(got_a)
    report.counts("barrier_attributions").add(set(exp_a), set(got_a))
    for tag in ATTRIBUTION_TAGS:
        report.counts(f"barrier_attributions:{tag}").add(
            {k for k, v in exp_a.items() if v == tag}, {k for k, v in got_a.items() if v == tag}
        )


def _squash(text: str) -> str:
    # (an opening quotation mark is no part of the words an annotation starts a sentence with)
    return " ".join(text.split()).lstrip("\"“”'‘’ ")


def claim_level_sets(annotation: dict, record: ArticleRecord | None) -> tuple[set[Key], set[Key]]:
    """(expected, predicted) (sentence, level) pairs; a sentence is named by its first
    annotated words, or by its own text when no annotation names it."""
    predicted: set[tuple[str, str]] = set()
    for r in record.relations if record else []:
        if r.evidence.level:
            predicted.add((_squash(r.evidence.sentence), r.evidence.level))
    expected: set[Key] = set()
    named: dict[str, str] = {}  # predicted sentence -> the annotated start naming it
    for start, level in annotation.get("claim_levels", []):
        start = _squash(start)
        expected.add((start, level))
        for sentence, _level in predicted:
            if sentence.startswith(start):
                named[sentence] = start
    got = {(named.get(sentence, sentence), level) for sentence, level in predicted}
    return expected, got


def load_article(path: Path, vocab: Vocabulary) -> ArticleRecord:
    doc = Document(str(path), path.read_bytes())
    results = list(parse_document(doc, vocab, loaders=articles.LOADERS))
    for item in results:
        if isinstance(item, LoadError):
            raise item
    records = [x for x in results if isinstance(x, ArticleRecord)]
    if len(records) != 1:
        raise ValueError(f"{path}: expected one article, got {len(records)}")
    return records[0]


def cases(*folders: Path) -> list[tuple[Path, Path]]:
    out = []
    for ann in sorted(a for folder in folders or (ARTICLES,) for a in folder.glob("*.json")):
        folder = ann.parent
        docs = [p for p in folder.glob(ann.stem + ".*") if p.suffix != ".json"]
        if len(docs) != 1:
            raise ValueError(f"{ann}: expected exactly one article file beside it")
        out.append((docs[0], ann))
    return out


def evaluate(vocab: Vocabulary, *folders: Path) -> Report:
    """Scores over the articles of ``folders`` (default: the tuning set), micro-averaged."""
    report = Report()
    for doc_path, ann_path in cases(*folders):
        annotation = json.loads(ann_path.read_text("utf-8"))
        expected = expected_sets(annotation, vocab)
        try:
            record = load_article(doc_path, vocab)
        except (LoadError, ValueError) as exc:
            empty: dict[str, set[Key]] = {k: set() for k in expected}
            report.cases.append(CaseResult(doc_path.name, expected, empty, {}, str(exc)))
            for name, exp in expected.items():
                report.counts(name).add(exp, set())
            _score_extra(report, annotation, vocab, None, expected, empty, {})
            continue
        predicted = predicted_sets(record)
        for name in SET_FIELDS:
            report.counts(name).add(expected[name], predicted[name])
        report.counts("relations").add(expected["relations"], predicted["relations"])
        for kind in RELATION_KINDS:
            report.counts(f"relations:{kind}").add(
                {k for k in expected["relations"] if k[0] == kind},
                {k for k in predicted["relations"] if k[0] == kind},
            )
        scalars: dict[str, tuple[object, object]] = {}
        for name, value in (
            ("title", record.source.title),
            ("date", record.source.date),
            ("evidence_level", record.source.evidence_level),
            ("url", record.source.url),
            ("publisher", record.source.publisher),
        ):
            if name in annotation:
                scalars[name] = (annotation[name], value)
                ok, total = report.scalars.get(name, (0, 0))
                report.scalars[name] = (ok + (annotation[name] == value), total + 1)
        _score_extra(report, annotation, vocab, record, expected, predicted, scalars)
        report.cases.append(CaseResult(doc_path.name, expected, predicted, scalars))
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'field':34} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    order: Iterable[str] = [
        *SET_FIELDS,
        "relations",
        *(f"relations:{k}" for k in RELATION_KINDS),
        "barrier_attributions",
        *(f"barrier_attributions:{t}" for t in ATTRIBUTION_TAGS),
        "claim_levels",
    ]
    for name in order:
        c = report.fields.get(name)
        if c is None:
            continue
        prf = f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
        lines.append(f"{name:34} {prf} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
    for name, (ok, total) in report.scalars.items():
        share = f"{ok / total:6.3f}" if total else "     -"
        lines.append(f"{name + ' (accuracy)':34} {share} {ok}/{total}")
    if verbose:
        for case in report.cases:
            lines.append(f"\n== {case.name}" + (f"  ERROR: {case.error}" if case.error else ""))
            for name, (exp, got) in case.scalars.items():
                if exp != got:
                    lines.append(f"  {name}: expected {exp!r}, got {got!r}")
            for name in case.expected:
                missing = case.expected[name] - case.predicted.get(name, set())
                extra = case.predicted.get(name, set()) - case.expected[name]
                for k in sorted(missing):
                    lines.append(f"  MISSING {name}: {k}")
                for k in sorted(extra):
                    lines.append(f"  EXTRA   {name}: {k}")
    return "\n".join(lines)


# ---- Entity identity: one node per real programme ----------------------------------------

_NOT_ALNUM = re.compile(r"[\W_]+")


def identity_form(name: str) -> str:
    """A surface form for identity matching: case and punctuation (hyphens, spaces,
    brackets, dots) ignored, so "ZRX-101", "ZRX 101" and "zrx101" are one form."""
    return _NOT_ALNUM.sub("", name.casefold())


@dataclass
class IdentityCase:
    name: str
    groups: list[list[str]]  # gold: one list of surface forms per programme
    node_groups: dict[str, list[int]]  # extracted therapy key -> gold groups it matches
    node_names: dict[str, list[str]]  # extracted therapy key -> its name and aliases
    error: str | None = None

    def nodes_of(self, group: int) -> list[str]:
        return [k for k, gs in self.node_groups.items() if group in gs]

    @property
    def group_nodes(self) -> list[int]:
        """Number of distinct extracted nodes per gold group."""
        return [len(self.nodes_of(i)) for i in range(len(self.groups))]

    @property
    def merges(self) -> list[str]:
        """Extracted nodes carrying surface forms of two or more gold groups."""
        return [k for k, gs in self.node_groups.items() if len(gs) >= 2]

    @property
    def unmatched(self) -> list[str]:
        """Extracted nodes matching no gold group (not scored; listed for inspection)."""
        return [k for k, gs in self.node_groups.items() if not gs]


@dataclass
class IdentityReport:
    cases: list[IdentityCase] = field(default_factory=list)

    @property
    def groups(self) -> int:
        return sum(len(c.groups) for c in self.cases)

    @property
    def reached(self) -> int:
        """Gold groups reaching at least one extracted node."""
        return sum(1 for c in self.cases for n in c.group_nodes if n)

    @property
    def recall(self) -> float:
        return self.reached / self.groups if self.groups else 1.0

    @property
    def nodes_per_programme(self) -> float:
        """Mean number of nodes over the gold groups that reached at least one (goal 1.0)."""
        counts = [n for c in self.cases for n in c.group_nodes if n]
        return sum(counts) / len(counts) if counts else 1.0

    @property
    def split_groups(self) -> int:
        return sum(1 for c in self.cases for n in c.group_nodes if n > 1)

    @property
    def wrong_merges(self) -> int:
        return sum(len(c.merges) for c in self.cases)

    @property
    def unmatched(self) -> int:
        return sum(len(c.unmatched) for c in self.cases)


def identity_case(name: str, groups: Sequence[Sequence[str]], therapies: Iterable) -> IdentityCase:
    """Match extracted therapies (anything with ``key``, ``name`` and ``aliases``, such as
    ``TherapyRef``) against gold ``groups`` of surface forms. A node belongs to a group when
    its name or any alias, normalised by ``identity_form``, is one of the group's forms."""
    forms = [{identity_form(f) for f in g} for g in groups]
    names: dict[str, list[str]] = {}
    for t in therapies:
        seen = names.setdefault(t.key, [])
        for n in (t.name, *t.aliases):
            if n not in seen:
                seen.append(n)
    node_groups = {
        key: [i for i, fs in enumerate(forms) if fs & {identity_form(n) for n in ns}]
        for key, ns in names.items()
    }
    return IdentityCase(name, [list(g) for g in groups], node_groups, names)


def entity_identity(vocab: Vocabulary, *folders: Path) -> IdentityReport:
    """Entity-identity scores over the articles of ``folders`` (default: the tuning set)
    whose annotation has ``entities``; the extractor is run as ``evaluate`` runs it."""
    report = IdentityReport()
    for doc_path, ann_path in cases(*folders):
        annotation = json.loads(ann_path.read_text("utf-8"))
        groups = annotation.get("entities")
        if not groups:
            continue
        try:
            record = load_article(doc_path, vocab)
        except (LoadError, ValueError) as exc:
            case = identity_case(doc_path.name, groups, [])
            case.error = str(exc)
            report.cases.append(case)
            continue
        report.cases.append(identity_case(doc_path.name, groups, record.therapies))
    return report


def format_identity(reports: dict[str, IdentityReport], verbose: bool = False) -> str:
    """The "Entity identity" table: one row per set of articles."""
    head = f"{'set':10} {'articles':>8} {'groups':>6} {'reached':>7} {'recall':>6} "
    head += f"{'nodes/prog':>10} {'split':>5} {'wrong merges':>12} {'unmatched':>9}"
    lines = [head]
    for name, r in reports.items():
        lines.append(
            f"{name:10} {len(r.cases):8d} {r.groups:6d} {r.reached:7d} {r.recall:6.3f} "
            f"{r.nodes_per_programme:10.3f} {r.split_groups:5d} {r.wrong_merges:12d} "
            f"{r.unmatched:9d}"
        )
    if verbose:
        seen: set[str] = set()
        for r in reports.values():
            for case in r.cases:
                if case.name in seen:
                    continue
                seen.add(case.name)
                out = []
                for i, group in enumerate(case.groups):
                    nodes = case.nodes_of(i)
                    if not nodes:
                        out.append(f"  MISSED  {group}")
                    elif len(nodes) > 1:
                        out.append(f"  SPLIT   {group[0]!r} -> {nodes}")
                    names = {identity_form(n) for k in nodes for n in case.node_names[k]}
                    unseen = [f for f in group if nodes and identity_form(f) not in names]
                    if unseen:
                        out.append(f"  UNSEEN  {group[0]!r}: forms on no node {unseen}")
                for key in case.merges:
                    merged = [case.groups[i][0] for i in case.node_groups[key]]
                    out.append(f"  MERGED  {key!r} ({case.node_names[key]}) = {merged}")
                for key in case.unmatched:
                    out.append(f"  OTHER   {key!r} {case.node_names[key]}")
                if out or case.error:
                    err = f"  ERROR: {case.error}" if case.error else ""
                    lines.append(f"\n== {case.name}{err}")
                    lines.extend(out)
    return "\n".join(lines)


# ---- Command line: one summary line per set ----------------------------------------------

SUMMARY_SCALARS = ("date", "evidence_level", "phase", "therapy targets")


def summary_line(name: str, report: Report) -> str:
    """Relations P/R/F1, barrier attribution and the accuracies of one set, on one line."""
    c = report.counts("relations")
    out = f"{name:9} relations P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
    b = report.fields.get("barrier_attributions")
    if b is not None:
        out += f" | barriers P {b.precision:.3f} R {b.recall:.3f}"
    cl = report.fields.get("claim_levels")
    if cl is not None:
        out += f" | claim levels P {cl.precision:.3f} R {cl.recall:.3f} ({cl.tp}/{cl.tp + cl.fn})"
    for scalar in SUMMARY_SCALARS:
        if scalar in report.scalars:
            ok, total = report.scalars[scalar]
            out += f" | {scalar} {ok}/{total}"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    from tlkg.ontology.vocab import load_vocabulary

    parser = argparse.ArgumentParser(description="Score the article extractor per set.")
    parser.add_argument("--set", action="append", choices=tuple(SETS), dest="sets")
    parser.add_argument("-v", "--verbose", action="store_true", help="the full table per set")
    args = parser.parse_args(argv)
    vocab = load_vocabulary()
    for name in args.sets or EVAL_SETS:
        report = evaluate(vocab, *SETS[name])
        print(summary_line(name, report) + f" | {SET_STATUS.get(name, 'pooled')}")
        if args.verbose:
            print(format_report(report, verbose=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
