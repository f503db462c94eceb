"""Precision, recall and F1 of the article extractor on the hand-annotated set.

    python bench/extraction_eval.py [-v] [--set tuning|holdout|all] [--vocab EXTRA.toml ...]

The articles and annotations are in ``tests/eval/articles/``; the scoring is
``tests/eval/score.py`` (shared with ``tests/test_extraction_eval.py``). ``-v`` lists every
missing and extra item per article. Also prints the entity-identity table (per set: how many
therapy nodes each annotated programme became, and wrong merges; ``-v`` lists the split,
merged and missed programmes) and the extraction time per article.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _score_module():
    spec = importlib.util.spec_from_file_location("tlkg_eval_score", ROOT / "tests/eval/score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--vocab", action="append", default=[], help="extra vocabulary file")
    parser.add_argument(
        "--set",
        choices=("tuning", "holdout", "holdout2", "all"),
        default="all",
        help="tuning: the articles the rules were developed on; "
        "holdout: written after them and never tuned on",
    )
    args = parser.parse_args(argv)

    from tlkg.loaders.text import extract
    from tlkg.ontology.vocab import load_vocabulary

    score = _score_module()
    vocab = load_vocabulary(args.vocab)
    folders = score.SETS[args.set]
    report = score.evaluate(vocab, *folders)
    print(score.format_report(report, verbose=args.verbose))

    # Entity identity: one therapy node per real programme (articles with "entities").
    names = ("tuning", "holdout", "all") if args.set == "all" else (args.set,)
    identity = {name: score.entity_identity(vocab, *score.SETS[name]) for name in names}
    print("\nEntity identity (nodes/prog: mean nodes per programme reached, goal <= 1.02)")
    print(score.format_identity(identity, verbose=args.verbose))

    # Timing: extraction alone (the automaton is built once, before the loop).
    extract.extract("warm-up", vocab)
    texts = [score.load_article(doc, vocab).text for doc, _ in score.cases(*folders)]
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for text in texts:
            extract.extract(text, vocab)
    elapsed = time.perf_counter() - start
    per_kb = elapsed * 1000 / rounds / (sum(map(len, texts)) / 1024)
    per_s = rounds * len(texts) / elapsed
    print(
        f"\nextraction (one core): {per_s:.0f} articles/s, {per_kb:.2f} ms per KB of text"
        f" ({len(texts)} articles, {rounds} rounds)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
