"""What competes with what on real registry records, scored against the trials' own designs.

    python bench/competition_eval.py [--set tune|holdout] [--top 10] [--json] [--examples N]

The records are real ClinicalTrials.gov API v2 studies in ``tests/eval/registry/<set>/``
(``tune/``: the team tunes on these; ``holdout/``: never tuned on, run only to report
before/after, see the README there). They are loaded through the real pipeline
(``tlkg.graph.ingest.pipeline.load``) into an in-memory Oxigraph store with the seed
vocabulary, and competitors are asked of the service (``competitors``) by the
intervention's registered name, as a user would.

Ground truth, read from the JSON only (never from tlkg). A design is a study whose
``designInfo.allocation`` is RANDOMIZED with at least one EXPERIMENTAL and one
ACTIVE_COMPARATOR arm. Its products are its DRUG, BIOLOGICAL, GENETIC or
COMBINATION_PRODUCT interventions that are not placeholders (placebo, sham, standard of
care, best available therapy, investigator's choice, "chemotherapy", "antibiotic" ...);
an intervention belongs to the arms that list it (``armGroupLabels``, or the arm's
``interventionNames``). Two interventions are one product when their base names agree
(``base``: the name before a comma, bracket or underscore, dose words dropped:
"Aflibercept ..._2 mg" and "Aflibercept ..._higher dose"; also a leading type label
"Drug:", a trailing "injection" and the FDA's four-letter biosimilar suffix:
"Bevacizumab-awwb" is bevacizumab, the same molecule). Then:

- backbones: products in both an experimental and a comparator arm, and a product of one
  side whose name is contained, as whole words, in a product name of the other side
  ("Azacytidine" under "Azacytidine, HAG Regimen");
- pairs: (experimental-only product, comparator-only product), every combination.

Metrics (``--top``, default 10):

- head-to-head recall: pairs whose comparator is in the experimental product's top list
  with a comparison reason (comparator, head_to_head or stated); a product the service
  does not find counts as a miss; an entry is a product when its name or id is one of the
  product's registered names or their ``base`` ("Cisplatin 75mg/m2" is cisplatin);
- backbone violations: a backbone of a design listed, in the top list of a product of
  that design, with a comparison reason citing that design's trial;
- self/variant hits: top-list entries that are the asked product under another name: the
  entry's name equals, contains or is contained in (whole words) a registered name of it,
  or has the same ``base`` (a biosimilar "Bevacizumab-awwb" is bevacizumab);
- padding: top-list entries whose only reason is a shared indication while a candidate
  with any other reason is ranked below the top list.

To score another tree (the "before" figures), put its package first on the path:
``PYTHONPATH=/path/to/old/tree python bench/competition_eval.py --set tune``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entity_eval import _raw_studies  # one reader of registry files for both evaluations

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/eval/registry"
DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})
COMPARISON_KINDS = frozenset({"comparator", "head_to_head", "stated"})
PLACEHOLDER = re.compile(
    r"\bplacebos?\b|\bsham\b|\bvehicle\b"
    r"|\bstandard (?:of care|chemo\w*|care|therapy|treatment|regimens?)\b|\bsoc\b|\bbat\b"
    r"|\bbest (?:available|supportive) (?:therapy|care|treatment)\b"
    r"|\b(?:investigator|physician|doctor)s? (?:s )?choice\b|\busual care\b"
    r"|\bno intervention\b|\bobservation\b"
    r"|^(?:\w+ )?chemotherapy(?: agents?| regimen(?: [a-z0-9]+)?)?$|^antibiotics?$"
    r"|^(?:experimental|control|active comparator|other)$"
)
_DOSE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg/kg|mg/m2|mg|g|mcg|ug|µg|ml|iu|units?|%)(?![\w/])"
    r"|\b(?:higher|high|low|lower|standard|reduced|full)[ -]dose\b|\bdose \w+\b"
)
_PUNCT = re.compile(r"[^0-9a-z]+")
# The intervention-type label some records repeat in the name ("Drug: Ivonescimab
# Injection"), and "injection", the dosage form, after the product's name.
_TYPE_LABEL = re.compile(
    r"^\s*(?:drug|biological|genetic|combination product|dietary supplement)\s*:\s*", re.I
)
_INJECTION = re.compile(r"\s+injections?\s*$", re.I)
# A biological product's FDA proper name: the INN and a meaningless four-letter
# lower-case suffix ("Bevacizumab-awwb"); the product is the INN's molecule.
_BIOSIMILAR = re.compile(r"^([A-Za-z]{6,})-[a-z]{4}$")
_LIST = re.compile(r",|\+|/|;|\band\b|\bwith\b", re.I)


def norm(text: str) -> str:
    """Case-folded, punctuation to single spaces, trimmed."""
    return _PUNCT.sub(" ", text.casefold()).strip()


def base(name: str) -> str:
    """The product a registered name denotes: before a comma, bracket or underscore, dose
    words dropped ("Aflibercept, VEGF Trap-Eye(Eylea)_2 mg" -> "aflibercept"); a leading
    type label, a trailing "injection" and a biosimilar suffix too ("Drug: Bevacizumab
    Injection" and "Bevacizumab-awwb" -> "bevacizumab")."""
    head = re.split(r"[,(_\[]", name, maxsplit=1)[0]
    head = _INJECTION.sub("", _TYPE_LABEL.sub("", head)).strip()
    head = _BIOSIMILAR.sub(r"\1", head)
    return norm(_DOSE.sub(" ", head.casefold())) or norm(name)


def contains_words(haystack: str, needle: str) -> bool:
    h, n = norm(haystack), norm(needle)
    return bool(n) and f" {n} " in f" {h} "


def is_placeholder(name: str) -> bool:
    return bool(PLACEHOLDER.search(norm(name)))


# ----------------------------------------------------------------- registry side


@dataclass(frozen=True)
class Product:
    name: str
    other_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)


@dataclass
class Design:
    nct: str
    phases: tuple[str, ...]
    experimental: list[Product] = field(default_factory=list)  # experimental-only
    comparator: list[Product] = field(default_factory=list)  # comparator-only
    backbone: list[Product] = field(default_factory=list)

    @property
    def pairs(self) -> list[tuple[Product, Product]]:
        return [(e, c) for e in self.experimental for c in self.comparator]


def _arm_products(protocol: dict[str, Any]) -> dict[str, list[tuple[str, Product]]]:
    """Arm type -> (arm label, product) for every product intervention of the study."""
    module = protocol.get("armsInterventionsModule") or {}
    arms = module.get("armGroups") or []
    by_label = {str(a.get("label", "")): str(a.get("type", "")) for a in arms}
    out: dict[str, list[tuple[str, Product]]] = {}
    for iv in module.get("interventions") or []:
        name = str(iv.get("name", ""))
        if iv.get("type") not in DRUG_TYPES or not name or is_placeholder(name):
            continue
        product = Product(name, tuple(str(o) for o in iv.get("otherNames") or ()))
        labels = set(iv.get("armGroupLabels") or ())
        labels |= {
            str(a.get("label", ""))
            for a in arms
            if f"{str(iv.get('type', '')).title().replace('_', ' ')}: {name}".casefold()
            in {str(n).casefold() for n in a.get("interventionNames") or ()}
        }
        for label in labels:
            out.setdefault(by_label.get(label, ""), []).append((label, product))
    return out


def parse_design(raw: dict[str, Any]) -> Design | None:
    """The design of one randomized study with experimental and comparator arms."""
    protocol = raw.get("protocolSection")
    if not isinstance(protocol, dict):
        return None
    design = protocol.get("designModule") or {}
    if (design.get("designInfo") or {}).get("allocation") != "RANDOMIZED":
        return None
    arms = _arm_products(protocol)
    if not arms.get("EXPERIMENTAL") or not arms.get("ACTIVE_COMPARATOR"):
        return None
    nct = str((protocol.get("identificationModule") or {}).get("nctId", ""))
    exp = {base(p.name): p for _l, p in arms["EXPERIMENTAL"]}
    comp = {base(p.name): p for _l, p in arms["ACTIVE_COMPARATOR"]}
    both = exp.keys() & comp.keys()
    # A product of one side named inside a product of the other ("Azacytidine" under
    # "Azacytidine, HAG Regimen") is given on both sides too.
    both |= {k for k in comp if any(contains_words(p.name, k) for p in exp.values())}
    both |= {k for k in exp if any(contains_words(p.name, k) for p in comp.values())}
    return Design(
        nct,
        tuple(design.get("phases") or ()),
        [p for k, p in sorted(exp.items()) if k not in both],
        [p for k, p in sorted(comp.items()) if k not in both],
        [p for k, p in sorted({**exp, **comp}.items()) if k in both],
    )


def read_designs(folder: Path) -> list[Design]:
    seen: dict[str, Design | None] = {}
    for path in sorted(folder.glob("*.json")):
        for raw in _raw_studies(json.loads(path.read_text(encoding="utf-8"))):
            nct = str(
                ((raw.get("protocolSection") or {}).get("identificationModule") or {}).get(
                    "nctId", ""
                )
            )
            if nct and nct not in seen:
                seen[nct] = parse_design(raw)
    return [d for d in seen.values() if d is not None]


# ----------------------------------------------------------------- tlkg side


def load_store(folder: Path) -> tuple[Any, Any, float]:
    """The set loaded through the real pipeline: (store, vocabulary, seconds)."""
    from tlkg.graph.ingest.pipeline import load
    from tlkg.graph.store.oxigraph import OxigraphStore
    from tlkg.ontology.vocab import load_vocabulary

    vocab = load_vocabulary([])
    store = OxigraphStore(None)
    start = time.perf_counter()
    load(store, [folder], vocab, workers=1)
    return store, vocab, time.perf_counter() - start


def ask(store: Any, vocab: Any, product: Product, limit: int) -> list[Any] | None:
    """The competitors of ``product`` by its first registered name tlkg knows."""
    from tlkg.graph.services.competition import competitors

    for name in product.names:
        try:
            return list(competitors(store, vocab, name, limit=limit))
        except LookupError:
            continue
    return None


def is_named(entry: Any, product: Product) -> bool:
    """The entry is ``product``: its name or id is one of the product's registered names,
    as written or as the product ``base`` (the identity the designs use: "Cisplatin
    75mg/m2" is cisplatin)."""
    names = {norm(entry.therapy.name), norm(entry.therapy.id.replace("-", " "))}
    return any(norm(n) in names or base(n) in names for n in product.names)


def is_variant(entry: Any, product: Product) -> bool:
    """The entry is ``product`` under another name (a combination or formulation of it)."""
    shown = (entry.therapy.name, entry.therapy.id.replace("-", " "))
    # An "other name" that lists a regimen's components ("Fludarabine,Cytarabine,busulfan")
    # names other products, not this one.
    names = [n for n in product.names if not _LIST.search(n)]
    bases = {base(n) for n in names}  # "Drug: Bevacizumab Injection" is "Bevacizumab-awwb"
    return any(
        contains_words(s, n) or contains_words(n, s) or base(s) in bases
        for s in shown
        for n in names
    )


def _cites(reason: Any, nct: str) -> bool:
    return nct in reason.detail or any(s.id == nct for s in reason.sources)


@dataclass
class Scores:
    designs: int = 0
    pairs: int = 0
    found: int = 0
    backbones: int = 0
    backbone_violations: int = 0
    asked: int = 0
    variant_hits: int = 0
    padding: int = 0
    misses: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    padded: list[str] = field(default_factory=list)


def score(store: Any, vocab: Any, designs: list[Design], top: int) -> Scores:
    s = Scores(designs=len(designs))
    answers: dict[Product, list[Any] | None] = {}

    def answer(p: Product) -> list[Any]:
        if p not in answers:
            answers[p] = ask(store, vocab, p, 200)
        return answers[p] or []

    for d in designs:
        s.backbones += len(d.backbone)
        for e, c in d.pairs:
            s.pairs += 1
            got = answer(e)
            hit = any(
                is_named(x, c) and {r.kind for r in x.reasons} & COMPARISON_KINDS for x in got[:top]
            )
            s.found += hit
            if not hit:
                rank = next((n for n, x in enumerate(got, 1) if is_named(x, c)), None)
                where = "not found" if answers[e] is None else f"rank {rank}"
                s.misses.append(f"{d.nct}: {e.name} -> {c.name} ({where})")
        for p in {*d.experimental, *d.comparator}:
            s.violations += _backbone_violations(d, p, answer(p)[:top])
    s.backbone_violations = len(s.violations)
    for p, got in answers.items():
        if got is not None:
            s.asked += 1
            _ranking_faults(s, p, got, top)
    return s


def _backbone_violations(d: Design, p: Product, listed: list[Any]) -> list[str]:
    return [
        f"{d.nct}: {b.name} listed for {p.name}"
        for x in listed
        for b in d.backbone
        if is_named(x, b)
        and any(r.kind in COMPARISON_KINDS and _cites(r, d.nct) for r in x.reasons)
    ]


def _ranking_faults(s: Scores, p: Product, got: list[Any], top: int) -> None:
    """Self/variant hits and padding in the top list of ``p``."""
    for x in got[:top]:
        if is_variant(x, p):
            s.variant_hits += 1
            s.variants.append(f"{p.name}: {x.therapy.name}")
    if any({r.kind for r in x.reasons} - {"shared_indication"} for x in got[top:]):
        for x in got[:top]:
            if {r.kind for r in x.reasons} == {"shared_indication"}:
                s.padding += 1
                s.padded.append(f"{p.name}: {x.therapy.name}")


def report(s: Scores, seconds: float, examples: int) -> dict[str, Any]:
    recall = s.found / s.pairs if s.pairs else None
    out: dict[str, Any] = {
        "designs": s.designs,
        "pairs": s.pairs,
        "head_to_head_recall": None if recall is None else round(recall, 3),
        "pairs_found": s.found,
        "backbones": s.backbones,
        "backbone_violations": s.backbone_violations,
        "products_asked": s.asked,
        "self_variant_hits": s.variant_hits,
        "padding": s.padding,
        "load_seconds": round(seconds, 1),
    }
    for name, rows in (
        ("misses", s.misses),
        ("violations", s.violations),
        ("variants", s.variants),
        ("padded", s.padded),
    ):
        out[name] = rows[:examples]
    return out


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--set", choices=("tune", "holdout"), default="tune")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args(list(argv) if argv is not None else None)
    folder = DATA / args.set
    designs = read_designs(folder)
    store, vocab, seconds = load_store(folder)
    out = report(score(store, vocab, designs, args.top), seconds, args.examples)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(
        f"set {args.set}: {out['designs']} randomized designs, {out['pairs']} pairs,"
        f" {out['backbones']} backbones, {out['products_asked']} products asked"
        f" (load {out['load_seconds']} s)"
    )
    recall = out["head_to_head_recall"]
    print(
        f"  head-to-head recall (top {args.top}): "
        f"{'n/a' if recall is None else recall} ({out['pairs_found']}/{out['pairs']})"
    )
    print(f"  backbone violations: {out['backbone_violations']}")
    print(f"  self/variant hits:   {out['self_variant_hits']}")
    print(f"  padding:             {out['padding']}")
    for name in ("misses", "violations", "variants", "padded"):
        for row in out[name]:
            print(f"    {name[:-1] if name != 'misses' else 'miss'}: {row}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
