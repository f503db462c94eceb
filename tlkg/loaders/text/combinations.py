"""Therapies given together, which complement each other (tlkg:complements: "combined or
sequenced rather than chosen between"): "A plus B", "A in combination with B", "combining A
with the BCL-2 inhibitor B", "adding A to B", "A on top of B", "a triplet of A, B and C",
"Combined with B, A ...". Called by ``relations.add_relations`` for each sentence."""

from __future__ import annotations

import re
from itertools import pairwise

from tlkg.loaders.text.comparisons import comparable
from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.groups import PLUS_GAP
from tlkg.loaders.text.model import Mention
from tlkg.ontology import concepts as C

_I = re.IGNORECASE


# Two therapies given together complement each other (tlkg:complements: "combined or
# sequenced rather than chosen between"): "A plus B", "A in combination with B",
# "combining A with B", "A is being tested with B and C", "received A with B".
_COMBINED_WITH = re.compile(
    r"^\s*\)?\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*(?:from|by)\s+[^,;()]{2,40},\s*)?"
    # "venetoclax (Venclexta), a BCL-2 inhibitor, is given with obinutuzumab"
    r"(?:,\s*(?:an?|the)\s+[^,;()]{2,60},\s*)?(?:,\s*)?"
    r"(?:plus|\+|in\s+combination\s+with|combined\s+with|each\s+with"
    r"|together\s+with|(?:is|are|was|were)\s+(?:(?:being|now|also|still)\s+){0,2}"
    r"(?:tested|studied|evaluated|given|used|approved|combined)\s+(?:\w+\s+)?with"
    # "Amtagvi is also followed by high-dose aldesleukin"
    r"|(?:is|are|was|were)\s+(?:also\s+)?(?:followed|preceded)\s+by\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:(?:dose|doses|course|infusion)\s+of\s+)?"
    r"|(?:given|administered|dosed)\s+(?:\w+\s+)?with)\s*"
    # ("combined with intravenous pembrolizumab": the partner's route)
    r"(?:(?:intravenous|oral|subcutaneous|intravesical|standard|low-dose|high-dose)\s+)?"
    # "A plus 24 weeks of B": how long the partner is given
    r"(?:(?:\d+|one|two|three|four|six|twelve)\s+(?:weeks?|months?|doses?|cycles?|courses?)"
    r"\s+of\s+)?$",
    _I,
)
_COMBINING = re.compile(r"\b(?:combin(?:ing|es|ed)|received|receiving|given)\s+$", _I)
# "combining A with the anti-CD38 antibody B": a class of B's between.
_WITH_CLASS = re.compile(
    r"\s+with\s+(?:(?:the|an?)\s+(?:[\w/()-]+\s+){0,4}?(?:antibody|inhibitor|agonist|antagonist"
    r"|drug|blocker|conjugate|ADC|engager|bispecific|degrader|agent|analogue|analog)\s+)?",
    _I,
)
# "A was given on top of B", "A added to B", "A added on top of B".
_ON_TOP = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:(?:is|are|was|were)\s+)?(?:given\s+|used\s+)?(?:added\s+)?"
    r"(?:on\s+top\s+of|added\s+to)\s+",
    _I,
)
# "adding the BTK inhibitor ibrutinib (Imbruvica) to SBG-330": A added to B.
_ADDING = re.compile(
    r"\badd(?:ing|s|ed)?\s+(?:the\s+|an?\s+)?(?:[\w/()-]+\s+){0,4}?(?:[\w-]+\s*\(\s*)?\Z", _I
)
_TO = re.compile(r"\s*\)?\s*(?:\([^()]{0,40}\)\s*)?to\s+", _I)
# "a triplet of A, B and C", "the doublet of A and B": each pair of the regimen.
_REGIMEN_OF = re.compile(r"\b(?:doublet|triplet|quadruplet)\s+of\s+\Z", _I)
# "Combined with venetoclax, the BCL-2 inhibitor, QRD-611 ...": the opening's partner and
# the clause's subject.
_COMBINED_OPENING = re.compile(r"\W*(?:combined|given|together)\s+with\s+\Z", _I)
_APPOSED_BEFORE = re.compile(r"\b(?:the|an?)\s+(?:[\w/()-]+\s+){0,4}\Z", _I)
# "A ... is approved for X together with B": the combination word ends the clause's tail.
_COMBINED_LATE = re.compile(
    r"\b(?:together\s+with|in\s+combination\s+with|combined\s+with)\s*$", _I
)


def combinations(ctx: Context, sent: Sentence, subject: list[Mention]) -> None:
    cands = [
        m
        for m in sent.candidates
        if comparable(ctx, m) and not m.reference and not _generic_class(m)
    ]
    text = ctx.text
    for i, b in enumerate(cands[1:], 1):
        a = cands[i - 1]
        gap = text[a.end : b.start]
        partner = None
        plain = False  # "A with B and C with D": pairs, no lists
        if (
            (gap == "-" and a.kind == b.kind == "therapy")  # "carboplatin-paclitaxel"
            or _COMBINED_WITH.match(gap)
            or _ON_TOP.fullmatch(gap)
            or (
                _WITH_CLASS.fullmatch(gap)
                and _COMBINING.search(text, max(sent.start, a.start - 20), a.start)
            )
            or (_ADDING.search(text, max(sent.start, a.start - 60), a.start) and _TO.fullmatch(gap))
        ):
            partner = a
        elif (
            _PLAIN_WITH.fullmatch(gap)
            and a.kind == "therapy"
            and not _COMPARED_BEFORE.search(text, max(sent.start, a.start - 60), a.start)
        ):
            partner, plain = a, True  # "Truqap (capivasertib) with fulvestrant": a regimen
        elif _COMBINED_LATE.search(text, max(sent.start, b.start - 30), b.start):
            # the therapy the clause is about, when the gap holds no other candidate
            partner = next((m for m in reversed(cands[:i]) if m.kind == "therapy"), None)
            if partner is not None and _CLAUSE_BREAK_IN.search(gap):
                partner = None
        if partner is None or partner.key == b.key:
            continue
        listed = [b]  # "with lenalidomide and rituximab": each member of the list
        for m in cands[i + 1 :] if partner is a and not plain else []:
            hyphen = text[listed[-1].end : m.start] == "-"  # "A plus B-C": C too
            if not (hyphen or _AND_LIST.fullmatch(text, listed[-1].end, m.start)):
                break
            listed.append(m)
        # "A and B are each approved in combination with C": each of the pair too
        partners = [partner]
        for m in reversed(cands[: i - 1]) if partner is a and not plain else []:
            if not _AND_MAKER.fullmatch(text, m.end, partners[0].start):
                break
            partners.insert(0, m)
        for p in partners:
            for m in listed:
                if m.key != p.key and (p is partner or p.kind == "therapy"):
                    ctx.add("complements", ctx.ref(p), ctx.ref(m), sent)
    pairs = [*_regimen_pairs(ctx, sent, cands), *_opening_pair(ctx, sent, cands)]
    for a, b in pairs + _plus_chains(ctx, cands):
        ctx.add("complements", ctx.ref(a), ctx.ref(b), sent)


def _plus_chains(ctx: Context, cands: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Each pair of a regimen of three or more written "A + B + C" (adjacent pairs are
    found above; this adds A with C)."""
    out: list[tuple[Mention, Mention]] = []
    run = cands[:1]
    for prev, m in pairwise(cands):
        if PLUS_GAP.fullmatch(ctx.text, prev.end, m.start):
            run.append(m)
            continue
        out += _all_pairs(run)
        run = [m]
    return out + _all_pairs(run)


def _all_pairs(run: list[Mention]) -> list[tuple[Mention, Mention]]:
    if len(run) < 3:
        return []
    return [(a, b) for i, a in enumerate(run) for b in run[i + 1 :] if a.key != b.key]


def _regimen_pairs(
    ctx: Context, sent: Sentence, cands: list[Mention]
) -> list[tuple[Mention, Mention]]:
    """Each pair of "a triplet of A, B and C"."""
    text = ctx.text
    for i, first in enumerate(cands):
        if not _REGIMEN_OF.search(text, max(sent.start, first.start - 30), first.start):
            continue
        members = [first]
        for m in cands[i + 1 :]:
            if not _AND_LIST.fullmatch(text, members[-1].end, m.start):
                break
            members.append(m)
        return [(a, b) for j, a in enumerate(members) for b in members[j + 1 :] if a.key != b.key]
    return []


def _opening_pair(
    ctx: Context, sent: Sentence, cands: list[Mention]
) -> list[tuple[Mention, Mention]]:
    """ "Combined with B, the BCL-2 inhibitor, A ...": A with B."""
    if not cands or not _COMBINED_OPENING.fullmatch(ctx.text, sent.start, cands[0].start):
        return []
    partner = cands[0]
    for m in cands[1:]:
        gap = ctx.text[partner.end : m.start]
        if m.kind == "therapy" and "," in gap and not _APPOSED_BEFORE.search(gap):
            return [(m, partner)] if m.key != partner.key else []
    return []


# "X (Brand) with Y" with no comparison before X: the two given together.
_PLAIN_WITH = re.compile(r"\s*\)?\s*(?:\([^()]{0,40}\)\s*)?with\s+", _I)
_COMPARED_BEFORE = re.compile(
    r"\b(?:compar\w+|versus|vs|against|than|replac\w+|switch\w+|instead|treated|patients"
    r"|dosed|start\w*|randomi[sz]ed)\b[^.;]*$",
    _I,
)
_AND_LIST = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)(?:\s+with)?\s*", _I)
# "J&J's A and Kura's B are also being combined with C": a member may carry its maker
_AND_MAKER = re.compile(
    r"\s*(?:,|,?\s*and|,?\s*or)\s*(?:(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*['’]s\s+)?"
)


_CLAUSE_BREAK_IN = re.compile(r";|\.\s", _I)


def _generic_class(m: Mention) -> bool:
    """A class word other than chemotherapy is no combination partner ("with ADCs")."""
    return m.kind == "modality" and m.key != C.CHEMOTHERAPY
