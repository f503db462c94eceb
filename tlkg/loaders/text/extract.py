"""Text -> entity mentions, therapies and relations, each relation with its sentence.

Pure functions of (text, vocabulary); no RDF. ``extract(text, vocab)`` is the entry point,
``evidence_level(text, vocab)`` the article's level of evidence.

How it reads a text
-------------------
1. **Sentences** with their character offsets (a line is a paragraph; the first line is the
   title when ``has_title``).
2. **Mentions.** Every vocabulary name and alias (therapies, targets, indications,
   organisations) through one Aho-Corasick automaton per vocabulary (built once, cached),
   case-insensitive except for names with inner capitals (acronyms and code names), with
   word boundaries checked. Then patterns: therapies unknown to the vocabulary by INN stem
   (``-cabtagene``/``-leucel``, ``-tamab``, ``-mab``, ``-tinib``, ADC payload words, ...), by
   company code name (``ABC-123``) and by short form (``xxx-cel``); targets by ``CD\\d+`` and
   ``X inhibitor`` / ``X-directed``; organisations by company suffix; modality class words
   ("in vivo CAR-T", "bispecific antibodies", "ADCs") and barrier words from
   ``tlkg.loaders.text.phrases``. Overlaps go to the longest match.
3. **Therapies** get their modality from the vocabulary, else (``modality_inferred``) from
   the INN stem, a class word said of them in the same sentence ("XYZ-101, an allogeneic
   CAR-T"), context words ("inside the patient", "off-the-shelf", "patient's own T cells"),
   or the article's dominant class word.
4. **Relations**, sentence by sentence (see ``_Sentence``): targets and indications go to
   the therapy they are said of; comparisons pair the nearest subject before the cue with
   what follows it; barriers go to the sentence's subject.

The discourse rule
------------------
A sentence's *subject* is its first therapy or class word that is not in a contrast or
comparison-object phrase ("Unlike ex vivo methods, ...", "... non-inferiority to X") and
not a reference class ("existing CAR-T", "approved products"). When a sentence names none,
or an anaphor ("it", "this approach", "the therapy") comes first, the subject is the
subject of the previous sentence of the same paragraph; at the start of a paragraph it is
the article's *topic*: the therapy or class word mentioned most (title mentions count
twice, ties go to a therapy; reference classes and contrasted mentions do not count).

Negation and hypotheticals: a comparison cue in a negated clause ("no head-to-head
comparison has been run", "complement rather than replace") asserts nothing; an adverse
event negated ("no signs of neurotoxicity", "was not reported") asserts nothing; a
procedural barrier negated ("without apheresis", "no lymphodepletion needed") is
*addressed*. A question is not a negation. Removal claims inside a condition ("If
confirmed, it could slash costs") are not asserted; requirements ("would need to clear
Phase III trials") are barriers faced.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import ahocorasick

from tlkg.loaders.records import (
    EntityRef,
    Evidence,
    EvidenceLevel,
    Relation,
    RelationKind,
    TherapyRef,
)
from tlkg.loaders.text import naming
from tlkg.loaders.text import phrases as P
from tlkg.ontology import concepts as C
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Entry, Vocabulary

_I = re.IGNORECASE
TITLE_WEIGHT = 2.0  # title mentions count double when choosing the topic
_VOCAB_KINDS = ("therapy", "target", "indication", "organization")
_CANDIDATE_KINDS = ("therapy", "modality")


# =======================================================================================
# Text normalisation and sentences
# =======================================================================================
_FOLD = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u00a0": " ",
        "\u202f": " ", "\u00d7": " ",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-cased text of the same length (offsets carry over), dashes and quotes unified."""
    t = text.translate(_FOLD)
    low = t.lower()
    if len(low) == len(t):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in t)


_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "al",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "fig",
        "figs",
        "u.s",
        "u.k",
        "e.u",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "mass",
        "calif",
        "ph.d",
        "m.d",
        "vol",
        "est",
        "dept",
        "gen",
        "sen",
        "rep",
        "jr",
        "sr",
        "ref",
        "refs",
        "eq",
    ]
)
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    paragraph: int


_BLANKS = re.compile(r"\s*(\S?)")
MAX_SENTENCE_CHARS = 1000
"""A longer "sentence" (a table flattened to one line, or hostile text) is cut at blanks
into pieces of at most this length, so that the per-sentence work (pairs of mentions,
cue windows) stays bounded whatever the input."""


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (stripped of surrounding blanks); a line break always ends one, and
    none is longer than ``MAX_SENTENCE_CHARS``."""
    spans: list[Span] = []
    offset = 0
    for para, line in enumerate(text.split("\n")):
        start = 0
        for m in _SENT_END.finditer(line):
            end = m.end()
            # (windows, not the whole rest of the line: a long line stays linear)
            before = line[max(start, m.start() - 100) : m.start()].split()
            token = before[-1].lower().rstrip(".") if before else ""
            nxt = _BLANKS.match(line, end).group(1)  # type: ignore[union-attr]
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“'‘([*"):
                continue
            _add_span(spans, line, offset, start, end, para)
            start = end
        _add_span(spans, line, offset, start, len(line), para)
        offset += len(line) + 1
    return spans


def _add_span(spans: list[Span], line: str, offset: int, start: int, end: int, para: int) -> None:
    chunk = line[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    while right - left > MAX_SENTENCE_CHARS:
        cut = chunk.rfind(" ", left + 1, left + MAX_SENTENCE_CHARS)
        cut = cut if cut > left else left + MAX_SENTENCE_CHARS
        piece = chunk[left:cut].rstrip()
        if piece:
            spans.append(Span(offset + start + left, offset + start + left + len(piece), para))
        left = _BLANKS.match(chunk, cut).start(1)  # type: ignore[union-attr]
    if right > left:
        spans.append(Span(offset + start + left, offset + start + right, para))


# =======================================================================================
# Mentions
# =======================================================================================
@dataclass
class Mention:
    kind: str  # therapy | target | indication | organization | modality
    key: str
    name: str  # canonical (vocabulary) or as written
    start: int
    end: int
    known: bool = True
    reference: bool = False  # a reference class: "existing CAR-T", "approved products"
    priority: int = 0  # ties of equal length: higher wins

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class BarrierMention:
    keys: tuple[str, ...]
    start: int
    end: int
    polarity: str | None  # fixed by the term itself, or None


class _Matcher:
    """Aho-Corasick automaton over every vocabulary name of one Vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, str, str, bool]]] = {}
        for kind in _VOCAB_KINDS:
            for name, key in vocab.surface_forms(kind):
                for form in _variants(name):
                    folded = fold(form)
                    if len(folded) < 2:
                        continue
                    sensitive = _case_sensitive(form, kind)
                    table.setdefault(folded, []).append((kind, key, form, sensitive))
        for folded, values in table.items():
            self.automaton.add_word(folded, (len(folded), tuple(values)))
        if table:
            self.automaton.make_automaton()
        self.empty = not table

    def find(self, text: str, folded: str, vocab: Vocabulary) -> list[Mention]:
        if self.empty:
            return []
        out: list[Mention] = []
        n = len(text)
        for end_idx, (length, values) in self.automaton.iter(folded):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            for kind, key, form, sensitive in values:
                stop = end
                if stop < n and folded[stop].isalnum():
                    # "BCMAxCD3"; plural indications ("lymphomas")
                    if (
                        kind == "target"
                        and folded[stop] == "x"
                        and text[stop + 1 : stop + 2].isupper()
                    ):
                        pass
                    elif (
                        kind in ("indication",)
                        and folded[stop] == "s"
                        and (stop + 1 >= n or not folded[stop + 1].isalnum())
                    ):
                        stop += 1
                    else:
                        continue
                if sensitive and text[start:end].translate(_FOLD) != form.translate(_FOLD):
                    continue
                entry = vocab.get(kind, key)
                name = entry.name if entry else form
                out.append(Mention(kind, key, name, start, stop, True, priority=3))
                break
        return out


def _variants(name: str) -> set[str]:
    forms = {name}
    if "-" in name:
        forms.add(name.replace("-", " "))
    if "'" in name or "’" in name:
        forms.add(name.replace("'", "").replace("’", ""))
    return forms


def _case_sensitive(form: str, kind: str) -> bool:
    """Acronyms, code names and organisation names match only as written; ordinary words
    and brand names ("Abecma", also written "ABECMA") match in any case."""
    if kind == "organization":
        return any(c.isupper() for c in form)
    return any(c.isupper() for c in form[1:]) or naming.is_code_name(form)


_MATCHERS: weakref.WeakKeyDictionary[Vocabulary, tuple[tuple[int, int], _Matcher]] = (
    weakref.WeakKeyDictionary()
)


def matcher(vocab: Vocabulary) -> _Matcher:
    """The automaton of ``vocab``, built once and rebuilt only if the vocabulary grew."""
    stamp = (len(vocab), len(vocab.files))
    cached = _MATCHERS.get(vocab)
    if cached is None or cached[0] != stamp:
        cached = (stamp, _Matcher(vocab))
        _MATCHERS[vocab] = cached
    return cached[1]


# ---- compiled phrase tables ----------------------------------------------------------------
# CAR-T class words: find "CAR"/"chimeric antigen receptor" (fast, literal), then read the
# class word to the right and its modifiers (reference word, in vivo/allogeneic/...,
# target) to the left.
_CAR_HIT = re.compile(r"\bCAR|\b[Cc]himeric\s+antigen\s+receptor")
_CAR_BODY = re.compile(
    r"(?P<core>"
    + P.CAR_CORE
    + r"|(?-i:CARs?)\b(?=\s+(?:therap|products?|approach|programm?e?s?|candidates?)|\s*[,.;)]"
    + r"|\s+(?:and|or|is|are|was|were|could|may|has|have|in|for)\b))"
    + r"(?P<post>\s+(?:generated\s+|made\s+|produced\s+)?in[- ]vivo\b)?",
    _I,
)
_CAR_PREFIX = re.compile(
    r"(?<![\w-])(?P<ref>"
    + P.REFERENCE_MODIFIER
    + r"\s+)?(?P<mods>(?:(?:"
    + "|".join(p for p, _ in P.CAR_MODIFIERS)
    + r")[\s,-]+){0,3})"
    + P._TGT
    + r"\Z",
    _I,
)
_TGT_PREFIX = re.compile(r"(?<![\w-])" + P._TGT + r"\Z", _I)
_TARGETED_CLASSES = frozenset({C.BISPECIFIC, C.ADC, C.MONOCLONAL_ANTIBODY})
_IN_VIVO_SUBTYPES = (C.CAR_T_IN_VIVO_LNP, C.CAR_T_IN_VIVO_LENTIVIRAL)
_CAR_MOD_RES = [(re.compile(p, _I), key) for p, key in P.CAR_MODIFIERS]
_MODALITY_RES = [(re.compile(p, _I), key, anchors) for p, key, anchors in P.MODALITY_PHRASES]
_REFERENCE_BEFORE = re.compile(P.REFERENCE_MODIFIER + r"[\s-]+(?:[\w-]+\s+){0,2}\Z", _I)
_BARRIER_RES = [
    (re.compile(p, _I), keys, pol, anchors) for p, keys, pol, anchors in P.BARRIER_TERMS
]
_FALLBACK_IND = [(re.compile(p, _I), name, anchors) for p, name, anchors in P.FALLBACK_INDICATIONS]

_CD_TARGET = re.compile(r"\b(CD\d{1,3}[a-z]?)(?![\w+])")
_SYMBOL_TARGET = re.compile(
    r"\b(?:anti-)?([A-Z][A-Z0-9]{1,6}(?:-[A-Z0-9]{1,3})?)(?:-(?:directed|targeted|targeting|specific)\b|\s+(?:inhibitors?|inhibition|antagonists?|degraders?)\b)"
)
_NOT_TARGET = frozenset(
    {"FDA", "EMA", "CAR", "NK", "ADC", "RNA", "DNA", "MRNA", "LNP", "USA", "EU", "UK", "JAK"}
)
_T_CELL_MARKERS = frozenset({"cd3", "cd4", "cd8", "cd28", "cd137", "cd27", "cd45"})

_CODE = re.compile(
    r"(?<![\w-])([A-Z][A-Z0-9]{1,5}(?:-[A-Z]{1,4})?(?:-|\s)?\d{2,8}[A-Z]?(?:-\d{1,3})?)(?![\w-])"
)
_CODE_STOP_PREFIX = frozenset(
    [
        "NCT",
        "TP",
        "HER",
        "FLT",
        "IDH",
        "KRAS",
        "BRCA",
        "EGFR",
        "ALK",
        "ROS",
        "MET",
        "RET",
        "NTRK",
        "PD",
        "CTLA",
        "TNF",
        "FY",
        "CY",
        "Q",
        "H",
        "ASH",
        "ASCO",
        "EHA",
        "ESMO",
        "AACR",
        "SABCS",
        "ISO",
        "ICD",
        "COVID",
        "SARS",
        "HIV",
        "HPV",
        "EBV",
        "CMV",
        "MM",
        "ECOG",
        "NYHA",
        "WHO",
        "UK",
        "US",
        "EU",
        "ISBN",
        "DOI",
        "USD",
        "EUR",
        "GBP",
        "CFR",
        "IND",
        "BLA",
        "NDA",
        "MAA",
        "PMID",
        "PMC",
        "CD",
        "IL",
        "HLA",
        "CAR",
        "ORR",
        "PFS",
        "OS",
    ]
)
_TRIAL_AFTER = re.compile(r"^\s+(?:study|trial|cohort|protocol|program(?:me)?\s+study)\b", _I)
_EXTRA_STEMS: tuple[tuple[str, str], ...] = (
    ("methasone", C.CORTICOSTEROID),
    ("nisolone", C.CORTICOSTEROID),
    ("nisone", C.CORTICOSTEROID),
    ("platin", C.CHEMOTHERAPY),
    ("taxel", C.CHEMOTHERAPY),
    ("rubicin", C.CHEMOTHERAPY),
    ("citabine", C.CHEMOTHERAPY),
    ("mustine", C.CHEMOTHERAPY),
)
# Stems too common in ordinary words to find drugs in free text.
_TEXT_SKIP_STEMS = frozenset({"ment", "tug", "bart", "cept", "gene", "vec", "cel", "mig"})
_ORG_SUFFIX = (
    r"(?:Therapeutics|Pharmaceuticals?|Pharma|Biosciences|BioTherapeutics|Biotherapeutics|Biotech(?:nology)?"
    r"|Bio|Biopharma|Biologics|Oncology|Medicines|Sciences|Genetics|Holdings|Labs|Laboratories|Immunotherapeutics"
    r"|Inc\.?|Ltd\.?|Corp(?:oration)?\.?|AG|SA|plc|GmbH|Co\.)"
)
_ORG = re.compile(
    r"\b((?:[A-Z][A-Za-z0-9&'-]+\s+){0,3}[A-Z][A-Za-z0-9&-]*\s+" + _ORG_SUFFIX + r")(?![A-Za-z])"
)
_ORG_LEAD_STOP = frozenset(
    [
        "The",
        "In",
        "At",
        "For",
        "A",
        "An",
        "And",
        "But",
        "On",
        "By",
        "With",
        "From",
        "Both",
        "While",
        "As",
        "After",
        "Before",
        "Its",
        "Their",
        "Our",
        "This",
        "That",
        "Analysts",
        "Shares",
        "Researchers",
    ]
)


def _overlaps(a: Mention | BarrierMention, b: Mention | BarrierMention) -> bool:
    return a.start < b.end and b.start < a.end


class _Disjoint:
    """Disjoint intervals, sorted: "does [start, end) overlap one of them?" in O(log n)
    (a scan of all of them made long texts quadratic)."""

    def __init__(self, items: Sequence[Mention | BarrierMention] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for item in sorted(items, key=lambda i: i.start):
            self.starts.append(item.start)
            self.ends.append(item.end)

    def overlaps(self, item: Mention | BarrierMention) -> bool:
        # The intervals starting before item.end are starts[:i]; being disjoint, the last
        # of them ends last.
        i = bisect_left(self.starts, item.end)
        return i > 0 and self.ends[i - 1] > item.start

    def add(self, item: Mention | BarrierMention) -> None:
        i = bisect_left(self.starts, item.start)
        self.starts.insert(i, item.start)
        self.ends.insert(i, item.end)


def _resolve_overlaps(items: list[Mention]) -> list[Mention]:
    """Longest match wins; equal lengths go to the higher priority, then the earlier."""
    chosen: list[Mention] = []
    taken = _Disjoint()
    for m in sorted(items, key=lambda m: (-m.length, -m.priority, m.start)):
        if not taken.overlaps(m):
            chosen.append(m)
            taken.add(m)
    return sorted(chosen, key=lambda m: m.start)


def _car_modality(mods: str) -> str:
    for pattern, key in _CAR_MOD_RES:
        if pattern.search(mods):
            return key
    return C.CAR_T


def _modality_mentions(text: str, folded: str) -> list[Mention]:
    out: list[Mention] = []
    for hit in _CAR_HIT.finditer(text):
        m = _CAR_BODY.match(text, hit.start())
        if m is None:
            continue
        pre = _CAR_PREFIX.search(text, max(0, hit.start() - 100), hit.start())
        mods = pre.group("mods") if pre else ""
        ref = bool(pre and pre.group("ref"))
        core = m.group("core")
        if not re.match(r"CARs?[- ]?T|chimeric", core, _I) and not mods:
            continue  # a bare "CAR" only with a modifier ("in vivo CAR")
        key = _car_modality(mods) if mods else (C.CAR_T_IN_VIVO if m.group("post") else C.CAR_T)
        start = pre.start() if pre and (mods or ref) else hit.start()
        reference = ref or bool(_REFERENCE_BEFORE.search(text, max(0, start - 40), start))
        if reference and key == C.CAR_T:
            key = P.REFERENCE_CAR_MODALITY
        out.append(
            Mention("modality", key, text[start : m.end()], start, m.end(), True, reference, 1)
        )
    for pattern, key, anchors in _MODALITY_RES:
        if not any(a in folded for a in anchors):
            continue
        for m in pattern.finditer(text):
            start = m.start()
            if key in _TARGETED_CLASSES:
                pre = _TGT_PREFIX.search(text, max(0, start - 60), start)
                if pre is not None and pre.start() < start:
                    start = pre.start()
            reference = bool(_REFERENCE_BEFORE.search(text, max(0, start - 40), start))
            out.append(
                Mention("modality", key, text[start : m.end()], start, m.end(), True, reference, 1)
            )
    return out


def _barrier_mentions(text: str, folded: str) -> list[BarrierMention]:
    found: list[BarrierMention] = []
    for pattern, keys, polarity, anchors in _BARRIER_RES:
        if not any(a in folded for a in anchors):
            continue
        for m in pattern.finditer(text):
            found.append(BarrierMention(keys, m.start(), m.end(), polarity))
    chosen: list[BarrierMention] = []
    taken = _Disjoint()
    for b in sorted(found, key=lambda b: (-(b.end - b.start), b.start)):
        if not taken.overlaps(b):
            chosen.append(b)
            taken.add(b)
    return sorted(chosen, key=lambda b: b.start)


def _inn_modality(word: str) -> str | None:
    w = word.lower()
    for stem, key in _EXTRA_STEMS:
        if w.endswith(stem) and len(w) > len(stem) + 2:
            return key
    if w in naming.ADC_PAYLOADS:
        return None
    for stem, _key in naming.INN_STEMS:
        if w.endswith(stem):
            if stem in _TEXT_SKIP_STEMS:
                return None
            return naming.stem_modality(w)
    return None


_STEM_ENDINGS = tuple(
    {stem for stem, _ in naming.INN_STEMS if stem not in _TEXT_SKIP_STEMS and " " not in stem}
    | {stem for stem, _ in _EXTRA_STEMS}
)
_LOWER_WORD = re.compile(r"[a-z][a-z-]{3,}[a-z]")


def _pattern_therapies(text: str, folded: str) -> list[Mention]:
    """Therapies the vocabulary may not know: INN stems, xxx-cel short forms, code names."""
    out: list[Mention] = []
    for m in _LOWER_WORD.finditer(folded):
        word = m.group(0)
        if m.start() > 0 and (folded[m.start() - 1].isalnum()):
            continue
        start, end = m.start(), m.end()
        if word.endswith("-cel") and 3 <= len(word) - 4 <= 8 and "-" not in word[:-4]:
            out.append(Mention("therapy", slugify(word), word, start, end, False, priority=1))
            continue
        if (
            "-" in word
            or not word.endswith(_STEM_ENDINGS)
            or (end < len(folded) and folded[end].isalnum())
        ):
            continue
        if not _inn_modality(word):
            continue
        name = word
        nxt = _LOWER_WORD.match(folded, end + 1) if folded[end : end + 1] == " " else None
        if nxt is not None:
            second = nxt.group(0)
            if second in naming.ADC_PAYLOADS or (
                second.endswith("leucel") and word.endswith("gene")
            ):
                end, name = nxt.end(), f"{word} {second}"
        out.append(Mention("therapy", slugify(name), name, start, end, False, priority=1))
    if "gene " in folded:
        for m in re.finditer(r"\b([a-z]{4,}gene)\s+([a-z]*leucel)\b", folded):
            name = f"{m.group(1)} {m.group(2)}"
            out.append(
                Mention("therapy", slugify(name), name, m.start(), m.end(), False, priority=1)
            )
    for m in _CODE.finditer(text):
        code = m.group(1)
        if not _plausible_code(code, text, m.end()):
            continue
        out.append(Mention("therapy", slugify(code), code, m.start(1), m.end(1), False, priority=1))
    return out


def _plausible_code(code: str, text: str, end: int) -> bool:
    """A company code name (ABC-123, REGN5458, KTE-X19, BI 764532), not an antigen, gene,
    trial registration, conference or fiscal year, and not a trial's own name."""
    prefix = re.match(r"[A-Z]+", code)
    if prefix is None or len(prefix.group(0)) < 2 or prefix.group(0) in _CODE_STOP_PREFIX:
        return False
    if sum(c.isupper() for c in code) < 2:
        return False
    digits = re.findall(r"\d+", code)[-1]
    if re.fullmatch(r"(?:19|20)\d\d", digits) and not re.search(r"\d-\d|[A-Z]-[A-Z]", code):
        return False  # ASH 2025, FY2025
    if " " in code and len(digits) < 3:
        return False
    return not _TRIAL_AFTER.match(text[end : end + 30])


def _pattern_targets(text: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    for m in _CD_TARGET.finditer(text):
        name = m.group(1)
        entry = vocab.resolve("target", name)
        key = entry.key if entry else slugify(name)
        out.append(
            Mention("target", key, entry.name if entry else name, m.start(1), m.end(1), bool(entry))
        )
    for m in _SYMBOL_TARGET.finditer(text):
        name = m.group(1)
        if name in _NOT_TARGET or (naming.is_code_name(name) and re.search(r"\d{2}", name)):
            continue
        entry = vocab.resolve("target", name)
        key = entry.key if entry else slugify(name)
        out.append(
            Mention("target", key, entry.name if entry else name, m.start(1), m.end(1), bool(entry))
        )
    return out


def _fallback_indications(text: str, folded: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    for pattern, canonical, anchors in _FALLBACK_IND:
        if not any(a in folded for a in anchors):
            continue
        for m in pattern.finditer(text):
            entry = vocab.resolve("indication", canonical)
            key = entry.key if entry else slugify(canonical)
            name = entry.name if entry else canonical
            out.append(Mention("indication", key, name, m.start(), m.end(), bool(entry)))
    return out


def _pattern_orgs(text: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    for m in _ORG.finditer(text):
        name = m.group(1)
        words = name.split()
        while words and words[0] in _ORG_LEAD_STOP:
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words).rstrip(".,")
        start = m.end(1) - len(" ".join(words))
        entry = vocab.resolve("organization", name)
        key = entry.key if entry else slugify(name)
        out.append(
            Mention(
                "organization",
                key,
                entry.name if entry else name,
                start,
                start + len(name),
                bool(entry),
            )
        )
    # Short forms of the suffixed names ("Arvenza" for "Arvenza Pharma").
    short = {o.name.split()[0]: o for o in out if not o.known and len(o.name.split()[0]) > 3}
    for word, org in short.items():
        for m in re.finditer(r"\b" + re.escape(word) + r"\b(?!\s+" + _ORG_SUFFIX + ")", text):
            out.append(Mention("organization", org.key, org.name, m.start(), m.end(), False))
    return out


# =======================================================================================
# Extraction result
# =======================================================================================
@dataclass
class Extraction:
    mentions: list[EntityRef] = field(default_factory=list)
    therapies: list[TherapyRef] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def indication_ref(entry: Entry) -> EntityRef:
    return EntityRef(kind="indication", key=entry.key, name=entry.name, known=True)


@dataclass
class _Therapy:
    key: str
    name: str
    known: bool
    modality: str | None = None
    inferred: bool = False
    aliases: list[str] = field(default_factory=list)
    category: str = "product"


# =======================================================================================
# Sentences with their zones
# =======================================================================================
_CLAUSE_BREAK = re.compile(
    r";|:|\s[-–—]\s|—|,\s+(?:which|while|whereas|although|though|but|so|and\s+that|as)\b|\s+but\s+|\?",
    _I,
)
_SUBORDINATE = re.compile(
    r"^(?:because|since|although|though|while|whereas|when|if|as|after|before|despite|once|until|unlike|in\s+contrast\s+to)\b[^,]*,",
    _I,
)
_ANAPHOR = re.compile(
    r"\b(?:it|its|they|their|both\s+(?:approved\s+)?(?:products|therapies|drugs)"
    r"|(?:this|these)(?=\s+(?:is|are|was|were|could|would|may|might|will|can|has|have|had|does|do|did"
    r"|remains?|means?|shows?|suggests?|offers?|works?)\b)"
    r"|the\s+(?:two|both)\s+(?:drugs|products|therapies|treatments|classes|approaches|agents)"
    r"|the\s+(?:therapy|treatment|drug|approach|product|candidate|technology|platform|method|strategy|agent"
    r"|molecule|antibody|compound|construct|programme|program|asset|infusion|cells)"
    r"|this\s+(?:approach|therapy|treatment|drug|product|candidate|technology|platform|method|strategy))\b",
    _I,
)
_REPORTED = re.compile(
    r"\b(?:said|says|say|announced|believes?|expects?|hopes?|thinks?|argues?|notes?|noted|stated|added)\s+(?:that\s+)?$",
    _I,
)
_NAMED_AFTER = re.compile(r"^\s*(?:,\s*(?:called|named|known\s+as|dubbed)\s+|,\s*|\(\s*|\s+)$", _I)
_NEGATION_WINDOW = 300  # characters before a cue searched for a negation (bounds the cost)
_NEGATION = re.compile(
    P.NEGATION + r"|\brather\s+than\b|\binstead\s+of\b|\byet\s+to\b|\bnor\b|\bneither\b", _I
)
_COORD_STRICT = re.compile(
    r"^(?:\s*(?:,|and(?:/or)?|or|&|/|plus|as\s+well\s+as|in\s+combination\s+with|combined\s+with|with|\(|\))\s*)*$",
    _I,
)
_COORD_LOOSE = re.compile(
    r"^(?:\s*(?:,|and(?:/or)?|or|&|/|plus|as\s+well\s+as|in\s+combination\s+with|combined\s+with|like|such\s+as"
    r"|including|e\.g\.,?|\(|\)|-)\s*)*$",
    _I,
)
_EXAMPLE_LINK = re.compile(r"^\s*(?:,\s*)?(?:like|such\s+as|including|e\.g\.,?)\s*$", _I)
_CONDITIONAL = re.compile(
    r"^\s*if\b|,\s*if\b|\bif\s+(?:confirmed|successful|approved|validated|proven)\b", _I
)

_H2H = re.compile(P.HEAD_TO_HEAD_CUE, _I)
_NI = re.compile(P.NON_INFERIORITY_CUE, _I)
_CMP = re.compile(P.COMPARED_CUE, _I)
_COMPETE = re.compile(P.COMPETES_CUE, _I)
_COMPLEMENT = re.compile(P.COMPLEMENTS_CUE, _I)
_CONTRAST = re.compile(P.CONTRAST_OPENERS, _I)
_SOC = re.compile(P.STANDARD_OF_CARE, _I)
_FACES = re.compile(P.FACES_CUE, _I)
_ADDRESSES = re.compile(P.ADDRESSES_CUE, _I)
_WEAK_ADDRESSES = re.compile(P.WEAK_ADDRESSES, _I)
_REQ_OR_Q = re.compile(P.REQUIREMENT_OR_QUESTION, _I)
_ADVERSE_NEUTRAL = re.compile(P.ADVERSE_NEUTRAL, _I)
_NEG_WORD = re.compile(P.NEGATION, _I)
_AFTER_NEG = re.compile(P.AFTER_NEGATED, _I)
_AFTER_ADDR = re.compile(P.AFTER_ADDRESSED, _I)
_SAFETY_CUE = re.compile(P.SAFETY_CUE, _I)
_THAT_REQUIRE = re.compile(r"^[\w\s,'’-]{0,40}?\b(?:that|which)\s+(?:\w+\s+){0,2}$", _I)
_REQUIRE_AFTER = re.compile(
    r"^\s+(?:still\s+|also\s+|typically\s+|usually\s+)?(?:require|need|demand|face)", _I
)
_NEG_BETWEEN = re.compile(r"\b(?:not|no|never)\b|n['’]t\b", _I)


@dataclass
class _Cue:
    kind: str  # head_to_head | non_inferiority | compared | competes | complements
    start: int
    end: int
    negated: bool


class _Sentence:
    """One sentence: its candidates (therapies and class words), organisations, targets,
    indications, barrier words, and the zones that decide who is subject."""

    def __init__(self, ctx: _Context, span: Span) -> None:
        self.ctx = ctx
        self.span = span
        self.start, self.end = span.start, span.end
        self.text = ctx.text[span.start : span.end]
        lo, hi = (bisect_left(ctx.mention_starts, p) for p in (span.start, span.end))
        self.mentions = [m for m in ctx.mentions[lo:hi] if m.end <= span.end]
        self.candidates = _merge_same(
            [m for m in self.mentions if m.kind in _CANDIDATE_KINDS], ctx.text
        )
        lo, hi = (bisect_left(ctx.barrier_starts, p) for p in (span.start, span.end))
        self.barriers = [b for b in ctx.barriers[lo:hi] if b.end <= span.end]
        self.clause_ends = [span.start + m.start() for m in _CLAUSE_BREAK.finditer(self.text)] + [
            span.end
        ]
        # Negations found once per sentence (a search per cue made cue-dense text slow).
        negations = [
            (span.start + m.start(), span.start + m.end()) for m in _NEGATION.finditer(self.text)
        ]
        self.negation_starts = [s for s, _ in negations]
        self.negation_ends = [e for _, e in negations]
        self.cues = self._cues()
        self.object_zones = [(c.end, self.clause_end(c.end)) for c in self.cues]
        self.contrast_zones = []
        for m in _CONTRAST.finditer(self.text):
            s = span.start + m.end()
            self.contrast_zones.append((s, self._contrast_end(s)))
        sub = _SUBORDINATE.match(self.text)
        self.subordinate_end = span.start + sub.end() if sub else span.start

    # ---- zones -------------------------------------------------------------------------
    def clause_end(self, pos: int) -> int:
        i = bisect_right(self.clause_ends, pos)
        return self.clause_ends[i] if i < len(self.clause_ends) else self.end

    def clause_start(self, pos: int) -> int:
        i = bisect_right(self.clause_ends, pos) - 1
        while i >= 0 and self.clause_ends[i] >= pos:
            i -= 1
        return self.clause_ends[i] if i >= 0 else self.start

    def _contrast_end(self, pos: int) -> int:
        comma = self.ctx.text.find(",", pos, self.end)
        return min(comma if comma >= 0 else self.end, self.clause_end(pos))

    def in_object_zone(self, m: Mention) -> bool:
        return any(s <= m.start < e for s, e in self.object_zones)

    def in_contrast_zone(self, m: Mention) -> bool:
        return any(s <= m.start < e for s, e in self.contrast_zones)

    def eligible(self, m: Mention) -> bool:
        return not (self.in_object_zone(m) or self.in_contrast_zone(m))

    def _negated_at(self, pos: int) -> bool:
        cs = max(self.clause_start(pos), pos - _NEGATION_WINDOW)
        # A negation between the clause start and the cue (matches do not overlap, so
        # the first one starting after cs is also the first to end).
        i = bisect_left(self.negation_starts, cs)
        if i < len(self.negation_starts) and self.negation_ends[i] <= pos:
            return True
        after = self.ctx.text[pos : self.clause_end(pos)]
        return bool(
            re.match(
                r"^\S*\s+(?:\w+\s+){0,3}(?:has|have|had|was|were)\s+(?:not|never|yet)\b", after, _I
            )
        )

    def _cues(self) -> list[_Cue]:
        cues = []
        for kind, pattern in (
            ("head_to_head", _H2H),
            ("non_inferiority", _NI),
            ("compared", _CMP),
            ("competes", _COMPETE),
            ("complements", _COMPLEMENT),
        ):
            for m in pattern.finditer(self.text):
                s, e = self.start + m.start(), self.start + m.end()
                cues.append(_Cue(kind, s, e, self._negated_at(s)))
        return sorted(cues, key=lambda c: c.start)

    # ---- subject -----------------------------------------------------------------------
    def explicit_subject(self) -> list[Mention] | None:
        """The sentence's own subject group, or None (anaphor first, or nothing eligible)."""
        ctx = self.ctx
        semi = ctx.text.find(";", self.start, self.end)
        limit = semi if semi >= 0 else self.end
        eligible = [m for m in self.candidates if self.eligible(m) and m.start < limit]
        main = [m for m in eligible if m.start >= self.subordinate_end]
        sub = [m for m in eligible if m.start < self.subordinate_end]
        anaphor = None
        for a in _ANAPHOR.finditer(ctx.text, self.subordinate_end, limit):
            if _REPORTED.search(ctx.text[max(self.start, a.start() - 40) : a.start()]):
                continue  # "AstraZeneca has said it sees ...": "it" is the speaker
            anaphor = a
            break
        first = main[0] if main else None
        if anaphor is not None and (first is None or anaphor.start() < first.start):
            named = next(
                (
                    m
                    for m in main
                    if m.start >= anaphor.end()
                    and _NAMED_AFTER.match(ctx.text[anaphor.end() : m.start])
                ),
                None,
            )
            if named is not None:
                return self.group(named, strict=True)
            if sub:
                return self.group(sub[0], strict=True)
            return None
        if first is not None:
            return self.group(first, strict=True)
        if sub:
            return self.group(sub[0], strict=True)
        return None

    def group(self, first: Mention, strict: bool) -> list[Mention]:
        pattern = _COORD_STRICT if strict else _COORD_LOOSE
        out = [first]
        cands = [m for m in self.candidates if m.start > first.start]
        last = first
        for m in cands:
            gap = self.ctx.text[last.end : m.start]
            if not pattern.match(gap):
                break
            out.append(m)
            last = m
        return out


def _merge_same(cands: list[Mention], text: str) -> list[Mention]:
    """ "Ciltacabtagene autoleucel (Carvykti)": one candidate, not two."""
    out: list[Mention] = []
    for m in cands:
        if (
            out
            and out[-1].key == m.key
            and re.fullmatch(r"\s*[(,]?\s*", text[out[-1].end : m.start])
        ):
            prev = out[-1]
            out[-1] = Mention(
                prev.kind,
                prev.key,
                prev.name,
                prev.start,
                m.end,
                prev.known,
                prev.reference,
                prev.priority,
            )
            continue
        out.append(m)
    return out


# =======================================================================================
# The extraction context
# =======================================================================================
class _Context:
    def __init__(self, text: str, vocab: Vocabulary, has_title: bool) -> None:
        self.text = text
        self.vocab = vocab
        self.has_title = has_title
        folded = fold(text)
        self.barriers = _barrier_mentions(text, folded)
        self.mentions = self._mentions(folded)
        self.mention_starts = [m.start for m in self.mentions]  # sorted: _mentions sorts
        self.barrier_starts = [b.start for b in self.barriers]  # sorted too
        self.spans = split_sentences(text)
        self.therapies: dict[str, _Therapy] = {}
        self.relations: list[Relation] = []
        self._seen: set[tuple] = set()
        self.sentences = [_Sentence(self, s) for s in self.spans]
        self.topic = self._topic()

    # ---- mentions ----------------------------------------------------------------------
    def _mentions(self, folded: str) -> list[Mention]:
        text, vocab = self.text, self.vocab
        known = matcher(vocab).find(text, folded, vocab)
        pattern_th = []
        for m in _pattern_therapies(text, folded):
            entry = vocab.resolve("therapy", m.name)
            if entry is None:
                pattern_th.append(m)
            else:
                known.append(
                    Mention("therapy", entry.key, entry.name, m.start, m.end, True, priority=3)
                )
        layer = [
            *known,
            *pattern_th,
            *_modality_mentions(text, folded),
            *_fallback_indications(text, folded, vocab),
            *_pattern_orgs(text, vocab),
        ]
        main = [m for m in layer if m.kind != "target"]
        # Class words and indications inside barrier words are part of the barrier
        # ("lymphodepleting chemotherapy", "T-cell lymphomas" after CAR-T).
        barriers = _Disjoint(self.barriers)
        main = [
            m for m in main if m.kind in ("therapy", "organization") or not barriers.overlaps(m)
        ]
        chosen = _resolve_overlaps(main)
        therapies = _Disjoint([m for m in chosen if m.kind == "therapy"])
        targets = [m for m in layer if m.kind == "target"] + _pattern_targets(text, vocab)
        targets = [t for t in targets if not therapies.overlaps(t)]
        chosen += _resolve_overlaps(targets)
        chosen = _merge_inn_heads(chosen)
        return sorted(chosen, key=lambda m: (m.start, -m.length))

    # ---- topic -------------------------------------------------------------------------
    def _topic(self) -> list[Mention]:
        score: dict[tuple[str, str], float] = defaultdict(float)
        first: dict[tuple[str, str], Mention] = {}
        for sent in self.sentences:
            weight = TITLE_WEIGHT if self.has_title and sent.span.paragraph == 0 else 1.0
            for m in sent.candidates:
                k = (m.kind, m.key)
                first.setdefault(k, m)
                if m.reference or not sent.eligible(m):
                    continue
                if m.kind == "modality" and m.key in (C.CHEMOTHERAPY, C.CORTICOSTEROID):
                    continue
                score[k] += weight
        if not score:
            return []
        best = max(score, key=lambda k: (score[k], k[0] == "therapy", -first[k].start))
        mention = first[best]
        if best == ("modality", C.CAR_T):
            subtypes = {
                k[1]
                for k in score
                if k[0] == "modality"
                and k[1]
                in (
                    C.CAR_T_AUTOLOGOUS,
                    C.CAR_T_ALLOGENEIC,
                    C.CAR_T_IN_VIVO,
                    C.CAR_T_IN_VIVO_LENTIVIRAL,
                    C.CAR_T_IN_VIVO_LNP,
                )
            }
            if len(subtypes) == 1:
                key = subtypes.pop()
                mention = next(m for m in self.mentions if m.kind == "modality" and m.key == key)
        return [mention]

    # ---- therapies ---------------------------------------------------------------------
    def build_therapies(self) -> None:
        dominant = self._dominant_modality()
        for sent in self.sentences:
            for m in sent.mentions:
                if m.kind != "therapy":
                    continue
                t = self.therapies.get(m.key)
                surface = self.text[m.start : m.end]
                if t is None:
                    entry = self.vocab.get("therapy", m.key)
                    t = _Therapy(m.key, entry.name if entry else m.name, entry is not None)
                    if entry is not None and entry.modality:
                        t.modality = entry.modality
                    self.therapies[m.key] = t
                if (
                    surface != t.name
                    and surface not in t.aliases
                    and surface.lower() != t.name.lower()
                ):
                    t.aliases.append(surface)
                if t.modality is None or (
                    t.inferred and t.modality in (C.CAR_T, C.CELL_THERAPY, C.CAR_T_IN_VIVO)
                ):
                    guess = self._infer_modality(sent, m, t.modality)
                    if guess and guess != t.modality:
                        t.modality, t.inferred = guess, True
        for t in self.therapies.values():
            if t.modality is None and dominant and _looks_like_code(t.name):
                t.modality, t.inferred = dominant, True
            if t.modality in (C.CHEMOTHERAPY, C.CORTICOSTEROID):
                t.category = "generic"

    def _infer_modality(self, sent: _Sentence, m: Mention, current: str | None) -> str | None:
        stem = naming.guess_modality(m.name) if not _looks_like_code(m.name) else None
        if stem is None:
            stem = _inn_modality(m.name.split()[0]) if not _looks_like_code(m.name) else None
        if stem and stem not in (C.CELL_THERAPY, C.CAR_T):
            return stem
        # A class word said of the therapy: right before it, or in apposition after it.
        near = [
            c
            for c in sent.candidates
            if c.kind == "modality"
            and sent.eligible(c)
            and not c.reference
            and c.key not in (C.CHEMOTHERAPY, C.CORTICOSTEROID)
        ]
        best = None
        for c in near:
            dist = c.start - m.end if c.start >= m.end else m.start - c.end
            if dist <= 120 and (best is None or dist < best[0]):
                best = (dist, c.key)
        guess = best[1] if best else None
        context = naming.context_modality(sent.text)
        # Context words refine a generic guess; in vivo only to its own subtypes.
        vague = (None, C.CAR_T, C.CELL_THERAPY)
        if (
            context
            and context != C.CAR_T
            and (guess in vague or (guess == C.CAR_T_IN_VIVO and context in _IN_VIVO_SUBTYPES))
        ):
            guess = context
        if guess == C.CAR_T_IN_VIVO and re.search(r"lentivir", sent.text, _I):
            guess = C.CAR_T_IN_VIVO_LENTIVIRAL
        if guess is None and stem:
            guess = stem if current is None else current
        if guess is None and context:
            guess = context
        return guess or current

    def _dominant_modality(self) -> str | None:
        score: dict[str, float] = defaultdict(float)
        for sent in self.sentences:
            weight = TITLE_WEIGHT if self.has_title and sent.span.paragraph == 0 else 1.0
            for m in sent.candidates:
                if m.kind == "modality" and not m.reference and sent.eligible(m):
                    score[m.key] += weight
        return max(score, key=lambda k: score[k]) if score else None

    # ---- relation building -----------------------------------------------------------------
    def ref(self, m: Mention) -> EntityRef:
        if m.kind == "therapy":
            t = self.therapies.get(m.key)
            return EntityRef(kind="therapy", key=m.key, name=t.name if t else m.name, known=m.known)
        if m.kind == "modality":
            return EntityRef(kind="modality", key=m.key, name=m.key, known=True)
        return EntityRef(kind=m.kind, key=m.key, name=m.name, known=m.known)

    def add(
        self,
        kind: RelationKind,
        subject: EntityRef,
        obj: EntityRef,
        sent: _Sentence,
        detail: str | None = None,
    ) -> None:
        if subject.key == obj.key and subject.kind == obj.kind:
            return
        sig = (kind, subject.kind, subject.key, obj.kind, obj.key, detail, sent.start)
        if sig in self._seen:
            return
        self._seen.add(sig)
        self.relations.append(
            Relation(
                kind=kind,
                subject=subject,
                object=obj,
                evidence=Evidence(sentence=sent.text, start=sent.start, end=sent.end),
                detail=detail,
            )
        )


def _looks_like_code(name: str) -> bool:
    return bool(re.search(r"\d", name)) and bool(re.search(r"[A-Z]", name))


def _merge_inn_heads(mentions: list[Mention]) -> list[Mention]:
    """A lone first word of a two-word INN in the same text ("belantamab" for
    "belantamab mafodotin") is that therapy."""
    heads = {
        m.name.split()[0].lower(): m for m in mentions if m.kind == "therapy" and " " in m.name
    }
    out = []
    for m in mentions:
        if m.kind == "therapy" and " " not in m.name and m.name.lower() in heads and not m.known:
            h = heads[m.name.lower()]
            m = Mention("therapy", h.key, h.name, m.start, m.end, h.known, priority=m.priority)
        out.append(m)
    return out


# =======================================================================================
# Relations per sentence
# =======================================================================================
def _relations(ctx: _Context) -> None:
    current: list[Mention] = []
    paragraph = -1
    seen_modality: dict[str, Mention] = {}
    for sent in ctx.sentences:
        if sent.span.paragraph != paragraph:
            paragraph = sent.span.paragraph
            current = list(ctx.topic)
        explicit = sent.explicit_subject()
        subject = explicit if explicit else current
        _has_modality(ctx, sent, seen_modality)
        _targets(ctx, sent)
        _indications(ctx, sent, subject, explicit)
        _comparisons(ctx, sent, current)
        _barriers(ctx, sent, subject)
        _organisations(ctx, sent)
        if explicit and not all(m.reference for m in explicit):
            current = [m for m in explicit if not m.reference] or explicit


def _has_modality(ctx: _Context, sent: _Sentence, seen: dict[str, Mention]) -> None:
    for m in sent.mentions:
        if m.kind != "therapy" or m.key in seen:
            continue
        t = ctx.therapies.get(m.key)
        if t is None or not t.modality:
            continue
        seen[m.key] = m
        obj = EntityRef(kind="modality", key=t.modality, name=t.modality, known=True)
        ctx.add("has_modality", ctx.ref(m), obj, sent)


_COMBINATION = re.compile(
    r"^\s*,[^,;]{0,80},\s*(?:in\s+combination\s+with|plus|combined\s+with|together\s+with|and)\s*$",
    _I,
)


def _therapy_groups(sent: _Sentence) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    therapies = [m for m in sent.candidates if m.kind == "therapy"]
    for m in therapies:
        if groups:
            prev = groups[-1][-1]
            gap = sent.ctx.text[prev.end : m.start]
            if _COORD_STRICT.match(gap) or _COMBINATION.match(gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _vocab_allows(ctx: _Context, therapy: Mention, key: str) -> bool:
    """A known therapy takes only the targets its vocabulary entry lists (when it lists any)."""
    entry = ctx.vocab.get("therapy", therapy.key)
    return entry is None or not entry.targets or key in entry.targets


_BESIDE_AFTER = re.compile(r"^\s*(?:,\s*|\(\s*|(?:called|named)\s+)?$", _I)
_BESIDE_BEFORE = re.compile(
    r"^\s*(?:,|\(|is|was)\s*(?:(?:an?|the|its|their)\s+)?(?:[\w'’-]+\s+){0,3}$", _I
)


def _targets(ctx: _Context, sent: _Sentence) -> None:
    targets = [m for m in sent.mentions if m.kind == "target" and m.key not in _T_CELL_MARKERS]
    if not targets:
        return
    groups = _therapy_groups(sent)
    for tgt in targets:
        inside = next(
            (
                m
                for m in sent.mentions
                if m.kind == "modality" and m.start <= tgt.start and tgt.end <= m.end
            ),
            None,
        )
        if inside is not None:
            # A target in a class word ("BCMA-directed bispecific") is said of the therapy
            # that class word describes, right beside it, or of none.
            for t in sent.candidates:
                if t.kind != "therapy" or not _vocab_allows(ctx, t, tgt.key):
                    continue
                if (
                    t.start >= inside.end and _BESIDE_AFTER.match(ctx.text[inside.end : t.start])
                ) or (
                    t.end <= inside.start and _BESIDE_BEFORE.match(ctx.text[t.end : inside.start])
                ):
                    ctx.add("has_target", ctx.ref(t), ctx.ref(tgt), sent)
            continue
        before = [g for g in groups if g[-1].end <= tgt.start]
        after = [g for g in groups if g[0].start >= tgt.end]
        ordered = list(reversed(before)) + after
        for group in ordered:
            allowed = [t for t in group if _vocab_allows(ctx, t, tgt.key)]
            if not allowed:
                continue
            if any(
                _NEG_BETWEEN.search(ctx.text[min(t.end, tgt.end) : max(t.start, tgt.start)])
                for t in allowed
            ):
                break
            for t in allowed:
                ctx.add("has_target", ctx.ref(t), ctx.ref(tgt), sent)
            break


def _indications(
    ctx: _Context, sent: _Sentence, subject: list[Mention], explicit: list[Mention] | None
) -> None:
    inds = [m for m in sent.mentions if m.kind == "indication"]
    if not inds:
        return
    groups = _therapy_groups(sent)
    has_anaphor = bool(_ANAPHOR.search(sent.text))
    for ind in inds:
        holders: list[Mention] = []
        before = [g for g in groups if g[-1].end <= ind.start]
        after = [g for g in groups if g[0].start >= ind.end]
        if before:
            g = before[-1]
            holders.extend(g)
            if any(sent.in_object_zone(t) for t in g) and explicit:
                holders.extend(m for m in explicit if m.kind == "therapy")
        elif after:
            holders.extend(after[0])
        if not groups and explicit and explicit[0].kind == "modality" and not explicit[0].reference:
            holders.extend(m for m in explicit if m.kind == "modality")
        if not holders and not groups and (explicit is None and has_anaphor):
            holders.extend(subject)
        for h in holders:
            between = ctx.text[min(h.end, ind.end) : max(h.start, ind.start)]
            if sent.start <= h.start < ind.start and _NEG_BETWEEN.search(between):
                continue
            ctx.add("has_indication", ctx.ref(h), ctx.ref(ind), sent)


_EXCLUDED_COMPARATORS = (C.CORTICOSTEROID,)


def _comparable(ctx: _Context, m: Mention) -> bool:
    if m.kind == "therapy":
        t = ctx.therapies.get(m.key)
        return not (t and t.modality in _EXCLUDED_COMPARATORS)
    return m.key not in _EXCLUDED_COMPARATORS


def _comparisons(ctx: _Context, sent: _Sentence, current: list[Mention]) -> None:
    cues = [c for c in sent.cues if not c.negated]
    if not cues:
        return
    strong = [c for c in cues if c.kind in ("head_to_head", "non_inferiority")]
    h2h_details = sorted(
        {"head_to_head" if c.kind == "head_to_head" else "non_inferiority" for c in strong}
    )
    soc = bool(_SOC.search(sent.text))
    discourse = current[0] if current else None
    for cue in cues:
        if cue.kind in ("head_to_head", "non_inferiority", "compared"):
            if strong:
                pairs_kind: RelationKind = "head_to_head"
                details: list[str | None] = list(h2h_details)
            else:
                pairs_kind, details = "compared_with", ["versus_soc" if soc else "stated"]
        elif cue.kind == "competes":
            pairs_kind, details = "competes_with", [None]
        else:
            pairs_kind, details = "complements", [None]
        for subj, obj in _cue_pairs(ctx, sent, cue, discourse):
            for detail in details:
                ctx.add(pairs_kind, ctx.ref(subj), ctx.ref(obj), sent, detail)


_MODIFIER_OF_STUDY = re.compile(
    r"^\s+(?:trials?|stud(?:y|ies)|comparisons?|data|results|field|race|market)\b", _I
)


def _cue_pairs(
    ctx: _Context, sent: _Sentence, cue: _Cue, discourse: Mention | None
) -> list[tuple[Mention, Mention]]:
    """(subject, object) pairs for one comparison cue.

    Objects: the first candidate after the cue in its clause, with those coordinated with
    it ("with A, B and C"); a class word given only as the kind of a named product ("CAR-T
    products like ide-cel") yields to the product. Subject: the nearest free candidate
    before the cue (a therapy before a class word), else the discourse subject when an
    anaphor stands before the cue ("The therapy would need to show non-inferiority to X").
    Without an object, competition and complement cues pair what precedes them ("the two
    drugs compete", "complement existing CAR-T, or compete with it")."""
    cands = [m for m in sent.candidates if _comparable(ctx, m)]
    end = sent.clause_end(cue.end)
    after = [
        m
        for m in cands
        if cue.end <= m.start < end and not _MODIFIER_OF_STUDY.match(ctx.text[m.end : m.end + 30])
    ]
    objects: list[Mention] = []
    if after:
        objects = sent.group(after[0], strict=False)
        objects = [o for o in objects if _comparable(ctx, o)]
        if any(o.kind == "therapy" for o in objects):
            kept = []
            for i, o in enumerate(objects):
                nxt = objects[i + 1] if i + 1 < len(objects) else None
                if (
                    o.kind == "modality"
                    and nxt is not None
                    and _EXAMPLE_LINK.match(ctx.text[o.end : nxt.start])
                ):
                    continue
                kept.append(o)
            objects = kept
    before = [m for m in cands if m.end <= cue.start and not sent.in_contrast_zone(m)]
    # Candidates that are objects of an earlier cue are not subjects of this one.
    free_before = [m for m in before if not sent.in_object_zone(m)]
    if re.match(r"\s*between\b", ctx.text[cue.end : cue.end + 12], _I) and len(objects) >= 2:
        return [(objects[0], o) for o in objects[1:]]
    if objects:
        therapies_before = [m for m in free_before if m.kind == "therapy"]
        subj = (
            therapies_before[-1] if therapies_before else (free_before[-1] if free_before else None)
        )
        if (
            subj is None
            and discourse is not None
            and _ANAPHOR.search(ctx.text, sent.start, cue.start)
        ):
            subj = discourse
        if subj is None:
            return []
        return [(subj, o) for o in objects if o.key != subj.key]
    # No object after the cue: "the two drugs compete", "or compete with it".
    if cue.kind not in ("competes", "complements"):
        return []
    if len(free_before) >= 2:
        return [(free_before[0], free_before[1])]
    if before and discourse is not None and before[-1].key != discourse.key:
        return [(discourse, before[-1])]
    return []


def _barriers(ctx: _Context, sent: _Sentence, subject: list[Mention]) -> None:
    if not sent.barriers:
        return
    conditional = bool(_CONDITIONAL.search(sent.text))
    faces_cue = bool(_FACES.search(sent.text))
    question = sent.text.rstrip().endswith("?")
    for b in sent.barriers:
        polarity = _barrier_polarity(ctx, sent, b, faces_cue, question)
        if polarity is None:
            continue
        if polarity == "addresses" and conditional:
            continue
        holders = _segment_subject(sent, b) or subject
        # "... the apheresis that autologous CAR-T products require": said of those.
        rel_holders = _relative_clause_holders(ctx, sent, b)
        for key in b.keys:
            obj = EntityRef(kind="barrier", key=key, name=key, known=True)
            for h in holders:
                kind: RelationKind = (
                    "addresses_barrier" if polarity == "addresses" else "faces_barrier"
                )
                ctx.add(kind, ctx.ref(h), obj, sent)
            for h in rel_holders:
                ctx.add("faces_barrier", ctx.ref(h), obj, sent)


def _segment_subject(sent: _Sentence, b: BarrierMention) -> list[Mention] | None:
    """In a sentence of several ';' parts, the part's own subject before the barrier word."""
    seg = sent.ctx.text.rfind(";", sent.start, b.start)
    if seg < 0:
        return None
    own = [m for m in sent.candidates if seg < m.start < b.start and sent.eligible(m)]
    return sent.group(own[0], strict=True) if own else None


def _barrier_polarity(
    ctx: _Context, sent: _Sentence, b: BarrierMention, faces_cue: bool, question: bool
) -> str | None:
    text = ctx.text
    adverse = any(k in P.ADVERSE for k in b.keys)
    implicit = all(k in P.IMPLICIT for k in b.keys)
    if b.polarity == "needs-cue":
        if not _SAFETY_CUE.search(sent.text):
            return None
        adverse = implicit = True
    elif b.polarity == "addresses":
        return "addresses"
    window_start = max(
        sent.clause_start(b.start) if not _in_list(text, sent, b) else sent.start,
        b.start - 70,
        sent.start,
    )
    before = text[window_start : b.start]
    after = text[b.end : min(sent.end, b.end + 40)]
    if adverse:
        if _AFTER_NEG.match(after) or _NEG_WORD.search(before[-45:]):
            return None
        if re.search(
            r"\b(?:eliminat\w*|avoid\w*|bypass\w*|obviat\w*|remov\w*|circumvent\w*|spar(?:e|es|ing))\b",
            before,
            _I,
        ):
            return "addresses"
        clause = text[sent.clause_start(b.start) : sent.clause_end(b.end)]
        if _ADVERSE_NEUTRAL.search(clause):
            return None
        return "faces"
    if _AFTER_ADDR.match(after):
        return "addresses"
    addr = list(_ADDRESSES.finditer(before))
    if addr:
        last = addr[-1]
        if _WEAK_ADDRESSES.fullmatch(last.group(0)) and (
            question or _REQ_OR_Q.search(text[sent.start : window_start + last.start()])
        ):
            return "faces"
        return "addresses"
    if implicit or faces_cue:
        return "faces"
    return None


def _in_list(text: str, sent: _Sentence, b: BarrierMention) -> bool:
    """Is the barrier word one item of a list ("without apheresis, cell manufacturing or
    lymphodepleting chemotherapy")? Then the cue before the list governs it."""
    cs = sent.clause_start(b.start)
    return cs > sent.start and text[cs] == "," and b.start - cs < 40


def _relative_clause_holders(ctx: _Context, sent: _Sentence, b: BarrierMention) -> list[Mention]:
    for m in sent.candidates:
        if m.start <= b.end or m.start - b.end > 60:
            continue
        if _THAT_REQUIRE.match(ctx.text[b.end : m.start]) and _REQUIRE_AFTER.match(
            ctx.text[m.end : m.end + 30]
        ):
            return [m]
    return []


# ---- organisations -----------------------------------------------------------------------
_DEV_VERB = re.compile(
    r"^[^.;]{0,100}?\b(?:develop(?:s|ed|ing)?|sells?|markets?|makes?|manufactures?|discovered|owns?|licensed|invented)\b",
    _I,
)
_REPORT_VERB = re.compile(
    r"^(?:\s*,[^,]{0,120},)?\s*(?:\(\s*[^)]{0,40}\)\s*,?)?(?:[^.;]{0,20}?)\b(?:today\s+)?(?:said|says|announced|announces|reported|reports"
    r"|presented|presents|unveiled|disclosed|initiated|dosed|launched|launches)\b",
    _I,
)
_ACQUIRE = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+)?(?:agreed\s+to\s+|will\s+|plans\s+to\s+|to\s+|is\s+to\s+|moved\s+to\s+)?"
    r"(?:acquire[sd]?|acquiring|buys?|bought|buying|purchase[sd]?|take\s+over|took\s+over)\s+$",
    _I,
)
_ACQUIRED_BY = re.compile(
    r"\b(?:was|were|has\s+been|is\s+being|will\s+be|being|been)?\s*acquired\s+by\s+$", _I
)
_ACQUISITION_OF = re.compile(
    r"^['’]s?\s+(?:\w+\s+)?(?:acquisition|purchase|buyout|takeover)\s+of\s+$", _I
)
_POSSESSIVE = re.compile(r"^['’]s?\s+(?:[\w-]+,?\s+){0,4}$")
_POSSESSIVE_APPOSITION = re.compile(r"^\s*,\s*$")
_BY_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?:developed|made|marketed|sold|discovered|licensed|manufactured|owned)\s+by\s+$|^[^.;]{0,60}?\bfrom\s+$",
    _I,
)
_WHOSE = re.compile(
    r"^\s*,?\s*(?:(?:a|an|the)\b[^,;.]{0,60}?)?\bwhose\s+(?:\w+\s+){0,2}(?:candidate|product|programme|program|asset|drug|therapy)\s*,?\s*$",
    _I,
)


def _organisations(ctx: _Context, sent: _Sentence) -> None:
    text = ctx.text
    orgs = [m for m in sent.mentions if m.kind == "organization"]
    if not orgs:
        return
    therapies = [m for m in sent.candidates if m.kind == "therapy"]
    # acquisitions
    for i, a in enumerate(orgs):
        for b in orgs[i + 1 :]:
            gap = text[a.end : b.start]
            if _ACQUIRE.match(gap) or _ACQUISITION_OF.match(gap):
                ctx.add("acquired_by", ctx.ref(b), ctx.ref(a), sent)
            elif a is orgs[0] and _ACQUIRED_BY.search(gap):
                ctx.add("acquired_by", ctx.ref(a), ctx.ref(b), sent)
    for m in re.finditer(r"acquisition\s+of\s+", sent.text, _I):
        pos = sent.start + m.end()
        target = next((o for o in orgs if o.start == pos), None)
        if target is None:
            continue
        buyer = next(
            (
                o
                for o in orgs
                if o.start > target.end and re.match(r"^\s+by\s+$", text[target.end : o.start])
            ),
            None,
        )
        if buyer is not None:
            ctx.add("acquired_by", ctx.ref(target), ctx.ref(buyer), sent)
    if not therapies:
        return
    for org in orgs:
        devs: list[Mention] = []
        later = [t for t in therapies if t.start >= org.end]
        earlier = [t for t in therapies if t.end <= org.start]
        if later:
            gap = text[org.end : later[0].start]
            if (
                _POSSESSIVE.match(gap)
                and not any(o.start > org.end and o.end <= later[0].start for o in orgs)
            ) or _WHOSE.match(gap):
                devs.append(later[0])
            elif _DEV_VERB.match(text[org.end : later[0].start + 1]) and _no_org_between(
                orgs, org.end, later[0].start
            ):
                devs.extend(sent.group(later[0], strict=True))
        if earlier:
            t = earlier[-1]
            gap = text[t.end : org.start]
            possessive = _POSSESSIVE_APPOSITION.match(gap) and text[org.end : org.end + 2] in (
                "'s",
                "’s",
            )
            if (possessive or _BY_AFTER.match(gap)) and _no_org_between(orgs, t.end, org.start):
                devs.append(t)
        if (
            org is orgs[0]
            and org.start - sent.start < 60
            and _REPORT_VERB.match(text[org.end : sent.end])
        ):
            lead = text[sent.start : org.start]
            if not re.search(r"\b(?:said|says|announced|reported)\b", lead, _I):
                for t in later:
                    if sent.eligible(t) and _no_org_between(orgs, org.end, t.start):
                        devs.append(t)
        for t in devs:
            if _developer_plausible(ctx, t, org):
                ctx.add("developed_by", ctx.ref(t), ctx.ref(org), sent)


def _no_org_between(orgs: list[Mention], start: int, end: int) -> bool:
    return not any(start <= o.start and o.end <= end for o in orgs)


def _developer_plausible(ctx: _Context, therapy: Mention, org: Mention) -> bool:
    entry = ctx.vocab.get("therapy", therapy.key)
    if entry is None or not entry.developers:
        return True
    if org.key in entry.developers:
        return True
    # the acquirer of a developer counts too
    for dev in entry.developers:
        seen = set()
        e = ctx.vocab.get("organization", dev)
        while e is not None and e.acquired_by and e.acquired_by not in seen:
            if e.acquired_by == org.key:
                return True
            seen.add(e.acquired_by)
            e = ctx.vocab.get("organization", e.acquired_by)
    return False


# =======================================================================================
# Public entry points
# =======================================================================================
def extract(text: str, vocab: Vocabulary, *, has_title: bool = False) -> Extraction:
    """Mentions, therapies and relations of ``text`` (evidence offsets index ``text``)."""
    ctx = _Context(text, vocab, has_title)
    ctx.build_therapies()
    _relations(ctx)
    mentions: list[EntityRef] = []
    seen: set[tuple[str, str]] = set()
    for m in ctx.mentions:
        if (m.kind, m.key) in seen:
            continue
        seen.add((m.kind, m.key))
        mentions.append(ctx.ref(m))
    for r in ctx.relations:
        if r.object.kind == "barrier" and ("barrier", r.object.key) not in seen:
            seen.add(("barrier", r.object.key))
            mentions.append(r.object)
    therapies = [
        TherapyRef(
            key=t.key,
            name=t.name,
            known=t.known,
            aliases=t.aliases,
            modality=t.modality,
            modality_inferred=t.inferred,
            category=t.category,
        )
        for t in ctx.therapies.values()
    ]
    return Extraction(mentions=mentions, therapies=therapies, relations=ctx.relations)


_EVIDENCE_RES: list[tuple[re.Pattern[str], EvidenceLevel, float]] = [
    (re.compile(p, _I), level, w) for p, level, w in P.EVIDENCE_CUES
]
_HYPOTHETICAL = re.compile(P.HYPOTHETICAL_BEFORE, _I)
_LEVEL_RANK = {"preclinical": 0, "early-clinical": 1, "pivotal": 2, "approved": 3}


def evidence_level(text: str, *, has_title: bool = False) -> EvidenceLevel | None:
    """The level of evidence the article is about: the level whose cues weigh most (title
    ×3, lead paragraph ×2), skipping cues said as a condition, of the future or negated
    ("would need to clear Phase III trials", "if approved"). Ties go to the higher level."""
    score: dict[EvidenceLevel, float] = defaultdict(float)
    body_line = 0
    for i, line in enumerate(text.split("\n")):
        if has_title and i == 0:
            weight = 3.0
        else:
            body_line += 1
            weight = 2.0 if body_line == 1 else 1.0
        for pattern, level, w in _EVIDENCE_RES:
            for m in pattern.finditer(line):
                lo = max(0, m.start() - _NEGATION_WINDOW)
                sentence_start = max(lo, line.rfind(". ", lo, m.start()) + 1)
                if _HYPOTHETICAL.search(line[sentence_start : m.start()]):
                    continue
                if _NEG_WORD.search(line[max(sentence_start, m.start() - 25) : m.start()]):
                    continue
                score[level] += weight * w
    if not score:
        return None
    return max(score, key=lambda lv: (score[lv], _LEVEL_RANK[lv]))
