"""Targets from the record's own wording: a target phrase in apposition to a therapy's name.

A study's titles, summary, detailed description and arm and intervention descriptions
(``record_texts``) often say what a product acts on right beside its name:

- after it, with a comma and an article: "CYC140, a PLK-1 inhibitor, in ...",
  "X, a BCMAxCD3 bispecific", also when commas list its adjectives ("X, a selective,
  oral FLT3 inhibitor, ...");
- after it, in parentheses: "osimertinib (an EGFR tyrosine kinase inhibitor)",
  "pembrolizumab (anti-PD-1)";
- after it as the subject of its sentence: "Venetoclax is an inhibitor of Bcl-2.";
- before it, as a modifier ending in a class word: "the anti-PD-1 antibody pembrolizumab",
  "oral histone deacetylase inhibitor chidamide", "CD20-directed antibody X".

The phrase must stay within one sentence and next to one therapy: a phrase that names
another therapy of the record, lists ("and", "or", "such as", "other", "than" ...), or ends
in a plural class ("EGFR TKIs": a class of several) gives nothing, and two therapies
whose names overlap at a place give nothing there. Targets are read from the phrase with
the registry's target patterns (``target_names.target_names``: symbols before a class
word, "anti-X", "XxCD3", "inhibitor of X") and with long names before a class word (a
vocabulary target's name or alias, "epidermal growth factor receptor"; the molecule of a
MeSH pharmacological action, "histone deacetylase" -> HDAC, ``pharmacology.LONG_NAMES``).
CD3, the T-cell arm of an engager, is never a target.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from tlkg.loaders.ctgov.fields import obj_field, obj_list_field, str_field
from tlkg.loaders.ctgov.pharmacology import LONG_NAMES, target_ref
from tlkg.loaders.ctgov.target_names import TGT_LIST, may_name_target, target_names
from tlkg.loaders.records import EntityRef, TherapyRef
from tlkg.ontology.ids import normalise_name
from tlkg.ontology.vocab import Vocabulary

# Sentence ends: ". " before a capital, a digit or a bracket, and line breaks (the
# registry's texts are paragraphs and bullet lists). Each separator starts with its
# punctuation or line break, so a run of spaces is consumed once (no quadratic time on a
# hostile description); the end mark goes with the separator.
_SENTENCES = re.compile(r"[.!?]\s+(?=[A-Z0-9(\[\"'])|\n\s*")
# How far from a name an apposition is looked for: a phrase is at most 150 characters, a
# modifier at most six words; the bound keeps a long sentence linear.
_REACH = 400
# Where an appositive after a comma or a verb ends: punctuation, or a word that starts
# a new clause or phrase ("in patients", "that targets", "with chemotherapy").
_STOP = (
    r"(?=\s*(?:[,;:()\[\]]|\.(?:\s|$)|$)|\s+(?:that|which|who|in|into|for|with|and|or|to|"
    r"as|at|on|by|from|is|was|are|has|have|will|being|administered|given|when|if|"
    r"versus|vs\.?|plus|compared)\b)"
)
# An appositive may list its adjectives with commas ("X, a selective, oral FLT3 inhibitor,
# ..."): up to three plain words (no digit, no inner capital), each before a comma.
_ADJECTIVES = r"(?:(?-i:[A-Za-z][a-z-]*),\s+){0,3}"
_AFTER_COMMA = re.compile(
    rf"\s*,\s*((?:a|an|the)\s{_ADJECTIVES}[^,;:()\[\]]{{1,150}}?){_STOP}", re.I
)
_AFTER_VERB = re.compile(
    rf"\s+(?:is|was)\s+((?:a|an)\s{_ADJECTIVES}[^,;:()\[\]]{{1,150}}?){_STOP}", re.I
)
_IN_PARENS = re.compile(r"\s*[(\[]\s*([^()\[\]]{1,150}?)\s*[)\]]")
# Words that make a phrase about several products ("and", "such as", "than") or about
# something else than the product: the patients ("anti-CD38 refractory", "EGFR-mutant"),
# a regimen ("containing", "with"), a dose or a schedule.
_LIST_WORDS = re.compile(
    r"\b(?:and|or|other|such|like|including|e\.g|i\.e|versus|vs|plus|combined|"
    r"combination|compared|than|followed|after|before|prior|previous\w*|both|either|"
    r"with|without|contain\w*|refractory|resistant|exposed|na[iï]ve|fail\w*|relaps\w*|"
    r"(?:pre-?)?treated|positive|negative|mutant|mutat\w*|express\w*|patients?|subjects?|"
    r"participants?|cohorts?|arms?|groups?|doses?|cycles?|days?|weeks?|mg)\b",
    re.I,
)
_CD3_PARTNER = re.compile(r"\s+(?:and|&)\s+CD3\b|\bCD3\s+(?:and|&)\s+", re.I)
_PLURAL_CLASS = re.compile(
    r"\b(?:inhibitors|antagonists|agonists|blockers|degraders|antibodies|mAbs|TKIs|"
    r"agents|drugs|therapies|conjugates|bispecifics|engagers)\W*$",
    re.I,
)
# A modifier before a name ends in a singular class word: "the anti-PD-1 antibody X".
_CLASS_END = re.compile(
    r"(?:inhibitor|antagonist|agonist|blocker|degrader|modulator|antibody|mAb|TKI|"
    r"bispecific|engager|BiTE|ADC|conjugate|immunotoxin|CAR[- ]?T|agent|drug)\s*$",
    re.I,
)
# What ends a modifier run, looking back from the name.
_MODIFIER_BREAK = re.compile(
    r"[,;:()\[\]]|\b(?:and|or|with|plus|versus|vs|then|followed|than|of|to|in|for)\b", re.I
)
_MAX_MODIFIER_WORDS = 6
# Class words after a long name ("epidermal growth factor receptor tyrosine kinase
# inhibitor") and a verb before a symbol ("a bispecific antibody targeting BCMA").
_LONG_NAME_CLASS = re.compile(
    r"\s+(?:(?:tyrosine\s+)?kinase\s+)?(?:inhibitor|antagonist|agonist|blocker|modulator|"
    r"degrader|antibody)s?\b",
    re.I,
)
_TARGETING = re.compile(
    rf"\b(?i:targeting|targets|directed\s+(?:against|at|to))\s+(?:the\s+)?({TGT_LIST})(?![\w-])"
)
_WORD = re.compile(r"[\w'()+/-]+")


def record_texts(study: Mapping[str, Any]) -> list[str]:
    """The record's own prose, in the order it is read: brief and official title, brief
    summary, detailed description, arm-group descriptions, intervention descriptions."""
    P = "protocolSection"
    ps = obj_field(study, P, "study")
    ident = obj_field(ps, "identificationModule", P)
    desc = obj_field(ps, "descriptionModule", P)
    arms = obj_field(ps, "armsInterventionsModule", P)
    W_AI = f"{P}.armsInterventionsModule"
    texts = [
        str_field(ident, "briefTitle", f"{P}.identificationModule"),
        str_field(ident, "officialTitle", f"{P}.identificationModule"),
        str_field(desc, "briefSummary", f"{P}.descriptionModule"),
        str_field(desc, "detailedDescription", f"{P}.descriptionModule"),
    ]
    for key in ("armGroups", "interventions"):
        for i, raw in enumerate(obj_list_field(arms, key, W_AI)):
            texts.append(str_field(raw, "description", f"{W_AI}.{key}[{i}]"))
    return [t for t in texts if t and t.strip()]


class _Mention(NamedTuple):  # a tuple: made for every name found, cheaply
    start: int
    end: int
    which: int  # the therapy named (its index)


@lru_cache(maxsize=16384)
def _name_forms(names: tuple[str, ...]) -> tuple[str, ...]:
    """A therapy's names in lower case, longest first, three characters at least (cached:
    registry records name the same products over and over)."""
    forms = {n.strip().lower() for n in names if len(n.strip()) >= 3}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def _is_word_edge(text: str, i: int) -> bool:
    """Whether position ``i`` of ``text`` is outside a word: as the pattern
    ``(?<![\\w-])`` / ``(?![\\w-])`` would say, without compiling one per therapy (a
    registry names thousands of products once each, and compiling was half the cost of
    loading a study)."""
    if i < 0 or i >= len(text):
        return True
    ch = text[i]
    return not (ch.isalnum() or ch in "_-")


def _lower(text: str) -> str:
    """``text`` in lower case, character for character (a character whose lower case is
    longer stays as written, so offsets hold)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lower


# Joins the texts of a record for one search per name (``_mentions_in``); never part of
# a word, so a text's ends stay word edges.
_JOIN = "\x00"


def _kept(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hits left to right; at one place the longest wins and the search goes on after it
    (as a regex alternation, longest first)."""
    hits.sort(key=lambda h: (h[0], -h[1]))
    kept: list[tuple[int, int]] = []
    for start, end in hits:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _occurrences(lower: str, forms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the forms occur as whole words, left to right (``_kept``)."""
    hits: list[tuple[int, int]] = []
    for form in forms:
        pos = lower.find(form)
        while pos != -1:
            end = pos + len(form)
            if _is_word_edge(lower, pos - 1) and _is_word_edge(lower, end):
                hits.append((pos, end))
            pos = lower.find(form, pos + 1)
    return _kept(hits)


def _unclash(found: list[_Mention]) -> list[_Mention]:
    """Mentions by position; where two therapies' names overlap, neither."""
    found.sort(key=lambda m: (m.start, m.end))
    clash: set[int] = set()
    for n, a in enumerate(found):  # sorted by start: only the next ones can overlap a
        for k in range(n + 1, len(found)):
            if found[k].start >= a.end:
                break
            if found[k].which != a.which:
                clash |= {n, k}
    return [a for n, a in enumerate(found) if n not in clash]


def _mentions(text: str, forms: Sequence[tuple[str, ...]]) -> list[_Mention]:
    """The therapies named in a text, by position; where two therapies' names overlap,
    neither."""
    lower = _lower(text)
    return _unclash(
        [
            _Mention(start, end, i)
            for i, names in enumerate(forms)
            for start, end in _occurrences(lower, names)
        ]
    )


def _mentions_in(texts: Sequence[str], forms: Sequence[tuple[str, ...]]) -> list[list[_Mention]]:
    """``_mentions`` of each text, found with one search per name over all the texts
    joined (most names occur in few of a record's texts: a text is not searched once per
    name)."""
    if any(_JOIN in form for names in forms for form in names):
        return [_mentions(text, forms) for text in texts]
    joined = _JOIN.join(texts)
    lowered = joined.lower()
    # Lowered at once when no character grows in lower case (a final sigma, lowered by
    # its context, is left to the texts one by one).
    if len(lowered) == len(joined) and "\u03a3" not in joined:
        joined = lowered
    else:
        joined = _JOIN.join(_lower(text) for text in texts)
    offsets: list[int] = []
    at = 0
    for text in texts:
        offsets.append(at)
        at += len(text) + 1
    # hits[text][therapy]: where the therapy's forms occur in that text (no hit spans a
    # join, so the longest-first choice over the joined texts is each text's own)
    hits: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for i, names in enumerate(forms):
        for pos, end in _occurrences(joined, names):
            k = bisect_right(offsets, pos) - 1
            base = offsets[k]
            hits.setdefault(k, {}).setdefault(i, []).append((pos - base, end - base))
    out: list[list[_Mention]] = [[] for _ in texts]
    for k, by_therapy in hits.items():
        if len(by_therapy) == 1:  # one therapy named: nothing can clash
            ((i, spans),) = by_therapy.items()
            out[k] = [_Mention(start, end, i) for start, end in spans]
            continue
        out[k] = _unclash(
            [_Mention(start, end, i) for i in sorted(by_therapy) for start, end in by_therapy[i]]
        )
    return out


# The last letters of the class words of ``_CLASS_END``, in either case, with the
# letters the regex engine also takes for "i" under IGNORECASE.
_CLASS_END_LETTERS = frozenset("rtybicengRTYBICENG\u0130\u0131")


def _may_end_in_class(before: str) -> bool:
    """Whether ``before`` may end in a class word (``_CLASS_END``: one, then blanks):
    its last non-blank character must end one."""
    rest = before.rstrip()
    return bool(rest) and rest[-1] in _CLASS_END_LETTERS


def _segments(sentence: str, mention: _Mention) -> list[tuple[int, int]]:
    """The spans of the phrases in apposition to one mention (see the module doc)."""
    spans: list[tuple[int, int]] = []
    rest = sentence[mention.end : mention.end + _REACH]
    patterns = [_IN_PARENS, _AFTER_COMMA]
    if mention.start < _REACH and not sentence[: mention.start].strip():  # the subject
        patterns.append(_AFTER_VERB)
    for pattern in patterns:
        m = pattern.match(rest)
        if m:
            spans.append((mention.end + m.start(1), mention.end + m.end(1)))
    offset = max(0, mention.start - _REACH)
    before = sentence[offset : mention.start]
    if _may_end_in_class(before) and _CLASS_END.search(before[-40:]):  # a class word is short
        breaks = list(_MODIFIER_BREAK.finditer(before))
        start = breaks[-1].end() if breaks else 0
        words = list(_WORD.finditer(before, start))[-_MAX_MODIFIER_WORDS:]
        if words:
            spans.append((offset + words[0].start(), offset + len(before.rstrip())))
    return spans


def _names_another(
    mentions: Sequence[_Mention], starts: Sequence[int], index: int, start: int, end: int
) -> bool:
    """Whether the span names a therapy other than the one it is in apposition to
    (``mentions`` sorted by start, ``starts`` their starts; a name is shorter than the
    reach, so only mentions starting within it can overlap)."""
    first = bisect_left(starts, start - _REACH)
    last = bisect_left(starts, end)
    return any(o.which != index and o.start < end and start < o.end for o in mentions[first:last])


def _usable(phrase: str) -> bool:
    """A phrase about one product: no list, no plural class."""
    return not _LIST_WORDS.search(_CD3_PARTNER.sub(" ", phrase)) and not _PLURAL_CLASS.search(
        phrase
    )


def _long_names(phrase: str, vocab: Vocabulary) -> list[EntityRef]:
    """Targets named in full before a class word: the longest run of the words before
    it that is a vocabulary target's name or a pharmacological action's molecule."""
    refs: list[EntityRef] = []
    for cls in _LONG_NAME_CLASS.finditer(phrase):
        words = _WORD.findall(phrase[: cls.start()])
        for n in range(min(len(words), _MAX_MODIFIER_WORDS), 0, -1):
            name = " ".join(words[-n:])
            known = vocab.resolve("target", name)
            if known is not None:
                refs.append(target_ref(known.name, vocab))
                break
            long_name = LONG_NAMES.get(normalise_name(name))
            if long_name:
                refs.append(target_ref(long_name, vocab))
                break
    return refs


def phrase_targets(phrase: str, vocab: Vocabulary) -> list[EntityRef]:
    """The targets an appositive phrase names, CD3 (the engager arm) never among them."""
    if not _usable(phrase):
        return []
    names = target_names(phrase) + [m.group(1) for m in _TARGETING.finditer(phrase)]
    refs = [target_ref(n.strip(), vocab) for n in names if n.strip()]
    refs += _long_names(phrase, vocab)
    cd3 = target_ref("CD3", vocab).key
    unique: dict[str, EntityRef] = {}
    for ref in refs:
        if ref.key != cd3:
            unique.setdefault(ref.key, ref)
    return list(unique.values())


def _sentences(text: str, mentions: Sequence[_Mention]) -> Iterator[tuple[str, list[_Mention]]]:
    """The sentences of ``text`` that name a therapy, each with its mentions (positions
    within the sentence); a mention across a sentence end belongs to none."""
    if not mentions:
        return
    bounds: list[tuple[int, int]] = []
    start = 0
    for sep in _SENTENCES.finditer(text):
        bounds.append((start, sep.start()))
        start = sep.end()
    bounds.append((start, len(text)))
    starts = [b[0] for b in bounds]
    grouped: dict[int, list[_Mention]] = {}
    for m in mentions:
        grouped.setdefault(bisect_right(starts, m.start) - 1, []).append(m)
    for k, group in grouped.items():
        first, last = bounds[k]
        local = [_Mention(m.start - first, m.end - first, m.which) for m in group if m.end <= last]
        if local:
            yield text[first:last], local


def apposition_targets(
    texts: Sequence[str], names: Sequence[Sequence[str]], vocab: Vocabulary
) -> list[list[EntityRef]]:
    """For each therapy (its names in ``names``), the targets the texts put in apposition
    to one of its names, in the order found. Names are found in a whole text first: a
    text that names no therapy is not split into sentences."""
    patterns = [_name_forms(tuple(n)) for n in names]
    found: list[dict[str, EntityRef]] = [{} for _ in names]
    for text, in_text in zip(texts, _mentions_in(texts, patterns), strict=True):
        if not in_text or not may_name_target(text):
            continue
        for sentence, mentions in _sentences(text, in_text):
            starts = [m.start for m in mentions]
            for mention in mentions:
                for start, end in _segments(sentence, mention):
                    if _names_another(mentions, starts, mention.which, start, end):
                        continue
                    for ref in phrase_targets(sentence[start:end], vocab):
                        found[mention.which].setdefault(ref.key, ref)
    return [list(f.values()) for f in found]


def therapy_names(therapy: TherapyRef, vocab: Vocabulary) -> list[str]:
    """The names a record may use for a therapy: its name, aliases and the wording it was
    registered under, and its vocabulary names (never the regimen it was split from,
    which names other drugs too)."""
    entry = vocab.get("therapy", therapy.key) if therapy.known else None
    return [
        therapy.name,
        *therapy.aliases,
        *therapy.hidden_labels,
        *(entry.all_names if entry else []),
    ]


def apply_appositions(
    therapies: Sequence[TherapyRef], texts: Sequence[str], vocab: Vocabulary
) -> None:
    """Give each therapy without targets (of its own name or of its vocabulary entry) the
    targets the record's texts put in apposition to its name."""
    if not texts or not therapies:
        return

    def needs(t: TherapyRef) -> bool:
        entry = vocab.get("therapy", t.key) if t.known else None
        return not t.targets and not (entry and entry.targets)

    if not any(needs(t) for t in therapies):
        return  # every therapy has its targets: nothing to look for (most of the cost)
    names = [therapy_names(t, vocab) for t in therapies]
    for therapy, refs in zip(therapies, apposition_targets(texts, names, vocab), strict=True):
        entry = vocab.get("therapy", therapy.key) if therapy.known else None
        if refs and not therapy.targets and not (entry and entry.targets):
            therapy.targets = refs
