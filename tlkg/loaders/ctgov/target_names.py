"""Targets named in the registry's wording: "CD123 CAR-T", "anti-BCMA", "CD19/CD22
bivalent", "BCMAxCD3" (CD3 is the engager arm, never the target), "an inhibitor of BCL-2",
"GLP-1 receptor agonist". Used on intervention names, other names, descriptions and arm
labels (``interventions.py``) and on appositions beside a therapy's name
(``appositions.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from tlkg.loaders.records import EntityRef
from tlkg.loaders.text.patterns import NOT_TARGET
from tlkg.ontology.ids import slugify
from tlkg.ontology.stems import is_code_name
from tlkg.ontology.vocab import Vocabulary

# A target symbol: "CD19", "EGFR", "BCL-2", "GLP-1", "PD-L1" (a ligand written "-L1"),
# "BCR-ABL1" (the fusion kinase), "Bcl-2" (protein case, only with a number: a capitalised
# word without one, "Menin", could be any noun). The hyphenated forms come first, or
# "anti-PD-L1" would stop at "PD"; a free "AAA-BBB" form is not one ("BCMA-CAR").
_TGT = (
    r"(?:CD\d{1,3}[a-z]?|[A-Z]{2,5}-L\d|BCR-ABL1?"
    r"|[A-Z][A-Z0-9]{1,6}(?:-\d{1,2}[A-Z]?)?|[A-Z][a-z]{2}-\d{1,2})"
)
TGT_LIST = rf"{_TGT}(?:\s?/\s?{_TGT})*"
# Class words that say a symbol before them is what the product acts on.
_CLASS_WORD = (
    r"bivalent|bispecific|dual|tandem|targeted|targeting|directed|redirected|specific|"
    r"inhibitors?|TKIs?|(?:tyrosine\s+)?kinase\s+inhibitors?|antagonists?|blockers?|"
    r"degraders?|(?:monoclonal\s+)?antibod(?:y|ies)|mAbs?"
)
_TARGET_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<![\w-])(?i:anti)[-\s]?({TGT_LIST})(?![\w])"),
    re.compile(
        rf"(?<![\w/-])({TGT_LIST})[\s-]+(?:(?i:{_CLASS_WORD})\b|"
        rf"(?:CAR|STAR|TCR)(?:[\s-]?(?:T|NK))?\b|BiTE\b|(?:BB|28)?[zζ]\b)"
    ),
    re.compile(rf"(?<![\w-])({_TGT})\s?[x×]\s?CD3\b"),
    re.compile(rf"\bCD3\s?[x×]\s?({_TGT})(?![\w])"),
    # "an inhibitor of BCL-2", "a tyrosine kinase inhibitor of EGFR", "antibody against CD20"
    re.compile(
        rf"(?i:inhibitor|antagonist|blocker|degrader|antibody|TKI)s?\s+"
        rf"(?i:of|against|targeting)\s+(?:the\s+)?({_TGT})(?![\w-])"
    ),
    # "GLP-1 receptor agonist": the receptor, not its ligand, is the target.
    re.compile(
        rf"(?<![\w/-])({_TGT}[\s-]+receptor)\s+"
        rf"(?i:agonists?|antagonists?|blockers?|modulators?)\b"
    ),
)
_CAR_NUMBER = re.compile(r"\bCART?-?(\d{1,3})(?!\d)")
# Never a target: CD3 (the engager arm), words that look like symbols ("AML", "TKI", "PD"
# of "PD-L1" or progressive disease), and the drug-metabolising enzymes and transporters
# that descriptions name in drug-interaction notes ("strong CYP3A4 inhibitors").
_NOT_A_TARGET = frozenset(
    {*NOT_TARGET, "CD3", "T", "STAR", "TCR", "HLA", "ALL", "AML", "CLL", "CML", "MDS",
     "NHL", "MM", "CART", "BBZ", "TCRZ", "IL", "II", "III", "IV", "GMP", "PBMC", "HSCT",
     "TKI", "MAB", "PD", "CD3 RECEPTOR", "CYP3A", "CYP3A4", "CYP2D6", "P-GP"}
)  # fmt: skip


# Characters that match an ASCII letter of a case-insensitive pattern without lowering
# to it with ``str.lower`` (the regex engine's own equivalences: dotless i, long s; the
# Kelvin sign and the dotted capital I lower to ASCII by the simple case mapping).
_FOLD = str.maketrans({"\u0130": "i", "\u212a": "k", "\u0131": "i", "\u017f": "s"})
# The words the patterns of ``_TARGET_RES`` need, in any case (looked for in the folded
# text) or as written, and the last word "z", "BBz", "28z" or "ζ" of a CAR construct.
_CLASS_OF = ("inhibitor", "antagonist", "blocker", "degrader", "antibod", "tki")
_CLASS_MORE = ("specific", "target", "directed", "bivalent", "dual", "tandem", "mab")
_CLASS_CASED = ("CAR", "STAR", "TCR", "BiTE")
_RECEPTOR_CLASS = ("agonist", "blocker", "modulator")
_Z_END = re.compile(r"[\s\-B8][zζ]\b")


def folded(text: str) -> str:
    """``text`` in lower case with the characters the regex engine also takes for ASCII
    letters under IGNORECASE made those letters: a word found case-insensitively in
    ``text`` is in it."""
    return (text if text.isascii() else text.translate(_FOLD)).lower()


def _has_class_word(text: str, lower: str) -> bool:
    return (
        any(w in lower for w in (*_CLASS_OF, *_CLASS_MORE))
        or any(w in text for w in _CLASS_CASED)
        or _Z_END.search(text) is not None
    )


# Each pattern with what a text (as written, and folded) must hold for it to match: the
# guard is implied by its pattern, so a pattern skipped could not have matched, and a few
# substring searches cost much less than running the patterns over a long description.
_GUARDED: tuple[tuple[re.Pattern[str], Callable[[str, str], bool]], ...] = tuple(
    zip(
        _TARGET_RES,
        (
            lambda text, lower: "anti" in lower,
            _has_class_word,
            lambda text, lower: "CD3" in text,
            lambda text, lower: "CD3" in text,
            lambda text, lower: any(w in lower for w in _CLASS_OF),
            lambda text, lower: "receptor" in text and any(w in lower for w in _RECEPTOR_CLASS),
        ),
        strict=True,
    )
)


def may_name_target(text: str) -> bool:
    """Whether any pattern here could match ``text``; also true of every text a phrase
    reader built on this module's words needs (a class word before or after a symbol,
    "targeting", "directed against", "receptor agonist": ``appositions``)."""
    lower = folded(text)
    return (
        any(guard(text, lower) for _, guard in _GUARDED)
        or "receptor" in text
        or any(w in lower for w in _RECEPTOR_CLASS)
    )


def target_names(text: str) -> list[str]:
    names: list[str] = []
    lower = folded(text)
    for pattern, guard in _GUARDED:
        if guard(text, lower):
            for match in pattern.finditer(text):
                names += [t.strip() for t in match.group(1).split("/")]
    if "CAR" in text:  # what _CAR_NUMBER needs
        names += [f"CD{n}" for n in _CAR_NUMBER.findall(text)]
    return [n for n in names if n.upper() not in _NOT_A_TARGET and not is_code_name(n)]


def registry_targets(texts: list[str], vocab: Vocabulary) -> list[EntityRef]:
    """Targets named in ``texts`` (the first text that names any gives them)."""
    for text in texts:
        found: dict[str, EntityRef] = {}
        for name in target_names(text):
            entry = vocab.resolve("target", name)
            ref = (
                EntityRef(kind="target", key=entry.key, name=entry.name)
                if entry
                else EntityRef(kind="target", key=slugify(name), name=name, known=False)
            )
            found.setdefault(ref.key, ref)
        if found:
            return list(found.values())
    return []
