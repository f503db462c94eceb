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

Used by ``bench/extraction_eval.py`` (prints the table) and ``tests/test_extraction_eval.py``
(asserts floors). No scoring logic lives anywhere else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
# Written after the extractor was tuned on ARTICLES, and never tuned on: an honest check.
HOLDOUT = Path(__file__).resolve().parent / "holdout"
SETS = {"tuning": (ARTICLES,), "holdout": (HOLDOUT,), "all": (ARTICLES, HOLDOUT)}
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
            if x.kind != "has_modality"
        },
    }


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
        report.cases.append(CaseResult(doc_path.name, expected, predicted, scalars))
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'field':32} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    order: Iterable[str] = [*SET_FIELDS, "relations", *(f"relations:{k}" for k in RELATION_KINDS)]
    for name in order:
        c = report.fields.get(name)
        if c is None:
            continue
        prf = f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
        lines.append(f"{name:32} {prf} {c.tp:5d} {c.fp:5d} {c.fn:5d}")
    for name, (ok, total) in report.scalars.items():
        lines.append(f"{name + ' (accuracy)':32} {ok}/{total}")
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
