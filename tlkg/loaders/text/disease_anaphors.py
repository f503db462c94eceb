"""Other words for a disease the article names: a bare "disease", a setting of it
("platinum-sensitive disease": that setting of the article's one disease), and an eponym
alone.

An anaphoric "disease" ("added to chemotherapy in newly diagnosed disease", "Standard
treatments for relapsed disease include A, B and C", "plans to seek approval in that
disease") names the disease named last within about two sentences before it, else the
disease the article names most often (in an article about two diseases equally, none).
Only a stage or line of treatment, or a determiner, before "disease", after a preposition
of use ("in", "for", "with"): response categories ("stable disease", "measurable residual
disease") and findings ("CD19-negative disease") are not anaphors.

An eponym alone ("Gene therapies for Duchenne, whether ...") names the eponymous disease
the article names in full ("Duchenne muscular dystrophy"): a capitalised first word the
text never writes in lower case and that does not merely open a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from tlkg.loaders.text.model import Mention
from tlkg.ontology.ids import slugify

_STAGE = (
    r"newly[- ]diagnosed|relapsed(?:[^\S\n]+(?:or|and|and/or)[^\S\n]+refractory|/refractory)?"
    r"|refractory|untreated|treatment-na[iï]ve|previously[- ]treated|pre-?treated"
    r"|first-line|front-?line|second-line|later-line|earlier-line|advanced|metastatic"
    r"|early|earlier|late-stage|early-stage|recurrent|resistant"
    # a biomarker subgroup written as its short form ("for dMMR disease", "MSI-H disease")
    r"|(?-i:[dp]MMR|MMR[dp]|MSI-H|MSI-high|MSS)"
)
_ANAPHOR = re.compile(
    r"(?i)(?<![\w-])(?:in|for|with)[^\S\n]+(?:(?:the|this|that|their|such)[^\S\n]+)?"
    r"(?:(?:" + _STAGE + r")[^\S\n]+)?(disease)(?![\w-])"
)
_DETERMINED = re.compile(r"(?i)\b(?:the|this|that|their|such)[^\S\n]+disease$")


# How far back a disease named before the anaphor is what it refers to (about two
# sentences: "... in stiff person syndrome, and plans to seek approval in that disease").
_NEAR = 400


def disease_anaphors(text: str, mentions: list[Mention]) -> list[Mention]:
    """An indication mention at each anaphoric "disease": the disease named last before
    it, nearby, else the article's main disease."""
    main = main_disease(mentions)
    diseases = sorted((m for m in mentions if m.kind == "indication"), key=lambda m: m.start)
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for m in _ANAPHOR.finditer(text):
        phrase = m.group(0)
        if phrase.lower().split()[1] == "disease" and not _DETERMINED.search(phrase):
            continue  # a bare "in disease" names no disease
        start, end = m.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        ref = disease_before(diseases, start) or main
        if ref is not None:
            out.append(Mention("indication", ref.key, ref.name, start, end, ref.known))
    return out


# "platinum-resistant disease", "HER2-negative disease": a setting of the article's disease
_SETTING = (
    r"(?:[\w-]+-)?(?:resistant|sensitive|refractory|negative|positive|mutant|mutated"
    r"|rearranged|deficient|proficient)"
)
_SETTING_WORD = re.compile(_SETTING, re.IGNORECASE)
_SETTING_DISEASE = re.compile(r"(" + _SETTING + r")[^\S\n]+diseases?", re.IGNORECASE)


def setting_diseases(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each "<setting> disease" ("platinum-resistant disease") named as
    that setting of the article's main disease ("platinum-resistant ovarian cancer"), when
    the article has one."""
    named = {
        m.key: m
        for m in mentions
        if m.kind == "indication" and not _SETTING_DISEASE.fullmatch(m.name)
    }
    main = main_disease(mentions) or (next(iter(named.values())) if len(named) == 1 else None)
    if main is None or main.name.lower().endswith("disease"):
        return mentions
    # (the main disease's own setting gives way: "platinum-sensitive" + "platinum-resistant
    # ovarian cancer" is "platinum-sensitive ovarian cancer")
    first, _, rest = main.name.partition(" ")
    base = rest if rest and _SETTING_WORD.fullmatch(first) else main.name
    out = []
    for m in mentions:
        hit = _SETTING_DISEASE.fullmatch(m.name) if m.kind == "indication" else None
        if hit is not None:
            name = f"{hit.group(1)} {base}"
            m = replace(m, key=slugify(name), name=name, known=False)
        out.append(m)
    return out


def disease_before(diseases: list[Mention], pos: int) -> Mention | None:
    """The disease of ``diseases`` (sorted by start) named last before ``pos``, nearby."""
    before = [d for d in diseases if pos - _NEAR <= d.end <= pos]
    return before[-1] if before else None


def main_disease(mentions: list[Mention]) -> Mention | None:
    counts = Counter(m.key for m in mentions if m.kind == "indication")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return next(m for m in mentions if m.kind == "indication" and m.key == ranked[0][0])


# An eponym alone, as a possessive or before a lower-case word or punctuation ("Gene
# therapies for Duchenne, whether ...", "Pompe's"), never before another capitalised word
# ("Duchenne Parent Project") nor after a title ("Dr. Duchenne").
_EPONYM = re.compile(r"[A-Z][a-z]{3,}")
_TITLE_BEFORE = re.compile(r"(?:Dr|Prof|Professor|Mr|Ms|Mrs)\.?\s+$")
_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:\n]\s*|\n)\Z")


def eponym_short_forms(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Duchenne" for "Duchenne muscular dystrophy" where the article names that disease:
    an indication mention at each lone use of the first word of an eponymous disease."""
    found: dict[str, Mention] = {}
    for m in mentions:
        words = m.name.split()
        if m.kind != "indication" or len(words) < 2 or words[1].lower() == "chromosome":
            continue
        head = words[0].removesuffix("'s").removesuffix("’s")
        if (
            _EPONYM.fullmatch(head)
            and text[m.start : m.start + len(head)] == head
            and not _SENTENCE_OPEN.search(text, max(0, m.start - 3), m.start)
            and re.search(rf"\b{re.escape(head.lower())}\b", text) is None
        ):
            found.setdefault(head, m)  # ("Multiple sclerosis ..." opens a sentence)
    if not found:
        return []
    taken = [(m.start, m.end) for m in mentions]
    out = []
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, found)) + r")(?:['’]s)?\b(?![\w-])")
    for hit in pattern.finditer(text):
        start, end = hit.span()
        after = text[end : end + 2]
        if after[:1] == " " and after[1:2].isupper():
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        if _TITLE_BEFORE.search(text, max(0, start - 12), start):
            continue
        d = found[hit.group(1)]
        out.append(Mention("indication", d.key, d.name, start, end, d.known))
    return out
