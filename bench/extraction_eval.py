"""Precision, recall and F1 of the article extractor on every hand-annotated set.

    python bench/extraction_eval.py [-v] [--set tuning|holdout|holdout2|...|holdout5|all ...]
                                    [--vocab EXTRA.toml ...] [--rounds N]

The sets are those of ``tests/eval/score.py`` (``EVAL_SETS``): ``tuning``
(``tests/eval/articles/``), ``holdout`` and ``holdout2`` to ``holdout5``;
``--set all`` (the default) scores each of them on its own. Every set is labelled with
whether the rules were tuned on it (``SET_STATUS``): the tuning set, the first holdout
(since issue 17) and holdout2 (since session 9) were read to write rules; holdout3,
holdout4 and holdout5 are unseen, only ever run (``-v`` prints their details too: do not
pass it for an unseen set). The scoring is
``score.py``'s own (``evaluate``, ``format_report``, ``entity_identity``,
``summary_line``), shared with ``tests/test_extraction_eval.py``: nothing is computed here.

Printed: the full table per set (``-v`` adds every missing and extra item per article), a
side-by-side summary of the sets, the entity-identity table (how many therapy nodes each
annotated programme became, wrong merges; ``-v`` lists the split, merged and missed
programmes) and the extraction time per article on one core.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tlkg_eval_score", ROOT / "tests/eval/score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# Rows of the side-by-side summary: F1 of the item sets, accuracy of the rest.
SUMMARY_FIELDS = (
    "therapies",
    "modalities",
    "targets",
    "indications",
    "modality_mentions",
    "relations",
    "relations:has_target",
    "relations:has_indication",
    "relations:developed_by",
    "relations:faces_barrier",
    "relations:addresses_barrier",
    "barrier_attributions",
    "claim_levels",
)
SUMMARY_SCALARS = ("date", "evidence_level", "phase", "therapy targets")


def side_by_side(reports: dict[str, Any], status: dict[str, str]) -> str:
    """One column per set: the F1 of each item field, the accuracy of each scalar, and a
    header row saying whether the set was tuned on ("tuned") or is unseen."""
    names = list(reports)
    width = max(10, *(len(n) + 1 for n in names))
    head = f"{'':30}" + "".join(f"{n:>{width}}" for n in names)
    kind = f"{'':30}" + "".join(
        f"{('unseen' if status.get(n) == 'unseen' else 'tuned'):>{width}}" for n in names
    )
    count = f"{'articles':30}" + "".join(f"{len(reports[n].cases):>{width}}" for n in names)
    lines = [head, kind, count]
    for name in SUMMARY_FIELDS:
        cells = []
        for n in names:
            c = reports[n].fields.get(name)
            cells.append(
                f"{c.f1:>{width}.3f}" if c is not None and c.tp + c.fn else f"{'-':>{width}}"
            )
        lines.append(f"{name + ' F1':30}" + "".join(cells))
    for name in SUMMARY_SCALARS:
        cells = []
        for n in names:
            ok, total = reports[n].scalars.get(name, (0, 0))
            cells.append(f"{f'{ok}/{total}':>{width}}" if total else f"{'-':>{width}}")
        lines.append(f"{name + ' (accuracy)':30}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    score = _score_module()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--vocab", action="append", default=[], help="extra vocabulary file")
    parser.add_argument(
        "--set",
        action="append",
        dest="sets",
        choices=(*score.EVAL_SETS, "all"),
        help="a set to score (repeatable); all (the default): every set, each on its own. "
        + "; ".join(f"{n}: {score.SET_STATUS[n]}" for n in score.EVAL_SETS),
    )
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds (0: no timing)")
    args = parser.parse_args(argv)
    chosen = args.sets or ["all"]
    names = list(score.EVAL_SETS) if "all" in chosen else list(dict.fromkeys(chosen))

    from tlkg.loaders.text import extract
    from tlkg.ontology.vocab import load_vocabulary

    vocab = load_vocabulary(args.vocab)
    reports = {}
    for name in names:
        report = score.evaluate(vocab, *score.SETS[name])
        reports[name] = report
        print(f"== {name}: {len(report.cases)} articles, {score.SET_STATUS[name]}")
        print(score.format_report(report, verbose=args.verbose) + "\n")

    print("== Summary (F1 of item sets; accuracies; 'tuned': rules were written on it)")
    print(side_by_side(reports, score.SET_STATUS))
    print()
    for name, report in reports.items():
        print(f"{score.summary_line(name, report)} | {score.SET_STATUS[name]}")

    # Entity identity: one therapy node per real programme (articles with "entities").
    identity = {name: score.entity_identity(vocab, *score.SETS[name]) for name in names}
    print("\nEntity identity (nodes/prog: mean nodes per programme reached, goal <= 1.02)")
    print(score.format_identity(identity, verbose=args.verbose))

    if args.rounds <= 0:
        return 0
    # Timing: extraction alone (the automaton is built once, before the loop).
    extract.extract("warm-up", vocab)
    folders = [f for name in names for f in score.SETS[name]]
    texts = [score.load_article(doc, vocab).text for doc, _ in score.cases(*folders)]
    start = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            extract.extract(text, vocab)
    elapsed = time.perf_counter() - start
    per_kb = elapsed * 1000 / args.rounds / (sum(map(len, texts)) / 1024)
    per_s = args.rounds * len(texts) / elapsed
    print(
        f"\nextraction (one core): {per_s:.0f} articles/s, {per_kb:.2f} ms per KB of text"
        f" ({len(texts)} articles, {args.rounds} rounds)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
