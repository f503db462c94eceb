"""Head-to-head comparisons a trial's arms or results say without a comparison word:
"patients were randomized 1:1 to A or B", "Participants received either A ... or B ...",
"Both trials randomize patients to A, placebo or B", "X beat placebo and Y in two Phase 3
trials", "It beat Y in TRIAL-2". Called by ``comparisons`` for each sentence; placebo is
no therapy, and what both arms share ("A plus C or B plus C") is no comparison."""

from __future__ import annotations

import re
from itertools import combinations, product

from tlkg.loaders.text.discourse import ANAPHOR, Context, Sentence
from tlkg.loaders.text.model import Mention

_I = re.IGNORECASE

# "randomized 1:1 to", "randomize patients to receive either", "were assigned to", "received
# either": what follows lists the arms.
_ARMS = re.compile(
    r"\b(?:(?:randomi[sz]ed|randomi[sz]es?|assigned)\b(?:\s+[\w:,-]+){0,3}?\s+to\s+(?:receive\s+)?"
    r"|received\s+)(?:either\s+)?",
    _I,
)
_OR = re.compile(r"\s(?:or|versus|vs\.?)\s", _I)
# Who the trial enrolled ends its arms: "A with B in patients whose ..." (``comparisons``
# too).
POPULATION = re.compile(
    r"\s(?:in|among)\s+(?:\w+\s+){0,2}?(?:patients|adults|people|children|women|men|participants)\b",
    _I,
)
# What every arm gets, or how they were balanced, ends the list: ", each with C", "; ..."
_ARMS_END = re.compile(r",\s+(?:each|both|all|stratified)\b|;", _I)
_ARM_LEAD = re.compile(r"(?:[\w/'’-]+\s+){0,6}")  # ("or to the investigator's choice of weekly A")
_CHOICE = re.compile(r"\bchoice\s+of\b|\bchosen\b", _I)
_NON_INFERIOR = re.compile(r"\bnon-?inferi", _I)
# "beat placebo and Otezla in two Phase 3 trials", "It beat Sotyktu in ICONIC-ADVANCE"
_BEAT_WORDS = ("beat", "outperformed", "bested", "topped")
_BEAT = re.compile(r"\b(?:beat|beats|outperformed|bested|topped)\s", _I)
_IN_TRIAL = re.compile(
    r"\s+in\s+(?:the\s+|a\s+|an\s+|its\s+|two\s+|three\s+|both\s+)?(?:[\w/-]+\s+){0,3}?"
    r"(?:trials?|stud(?:y|ies)\b|(?-i:[A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*)\b)",
    _I,
)


def trial_arms(ctx: Context, sent: Sentence, discourse: Mention | None) -> None:
    """Each therapy of one arm head to head with each of another arm's."""
    folded, s, e = ctx.folded, sent.start, sent.end
    if any(folded.find(w, s, e) >= 0 for w in ("randomi", "assigned", "either")):
        _randomized(ctx, sent)
    if any(folded.find(w, s, e) >= 0 for w in _BEAT_WORDS):
        _beaten(ctx, sent, discourse)


def _randomized(ctx: Context, sent: Sentence) -> None:
    text = ctx.text
    m = _ARMS.search(text, sent.start, sent.end)
    if m is None or ("received" in m.group(0) and "either" not in m.group(0).lower()):
        return  # "received A" alone names one arm
    end = sent.clause_end(m.end())
    for stop in (_ARMS_END.search(text, m.end(), end), POPULATION.search(text, m.end(), end)):
        end = stop.start() if stop else end
    inside = [c for c in sent.candidates if m.end() <= c.start < end and c.kind == "therapy"]
    arms: list[list[Mention]] = []
    last, choice = m.end(), False
    for c in inside:
        if not arms or (not choice and _arm_starts(text, last, c.start)):
            arms.append([])
        # "X or the investigator's choice of A, B or C": the rest is one arm
        choice = choice or _CHOICE.search(text, last, c.start) is not None
        arms[-1].append(c)
        last = c.end
    if len(arms) < 2:
        return
    shared = set.intersection(*({c.key for c in arm} for arm in arms))
    nxt = ctx.sentences[sent.index + 1] if sent.index + 1 < len(ctx.sentences) else None
    said = sent.text + (nxt.text if nxt and nxt.span.paragraph == sent.span.paragraph else "")
    detail = "non_inferiority" if _NON_INFERIOR.search(said) else "head_to_head"
    for arm, other in combinations(arms, 2):
        for a, b in product(arm, other):
            if a.key != b.key and a.key not in shared and b.key not in shared:
                ctx.add("head_to_head", ctx.ref(a), ctx.ref(b), sent, detail)


def _arm_starts(text: str, last: int, start: int) -> bool:
    """Whether the therapy at ``start`` opens another arm: an "or" right before it (a few
    words between: "or daily A"), not "or placebo, each added to A"."""
    splits = list(_OR.finditer(text, last, start))
    return bool(splits) and _ARM_LEAD.fullmatch(text, splits[-1].end(), start) is not None


def _beaten(ctx: Context, sent: Sentence, discourse: Mention | None) -> None:
    text = ctx.text
    for verb in _BEAT.finditer(text, sent.start, sent.end):
        end = sent.clause_end(verb.end())
        trial = _IN_TRIAL.search(text, verb.end(), end)
        if trial is None:
            continue
        beaten = [
            c
            for c in sent.candidates
            if verb.end() <= c.start < trial.start() and c.kind == "therapy"
        ]
        before = [c for c in sent.candidates if c.end <= verb.start() and c.kind == "therapy"]
        subj = before[-1] if before else None
        if subj is None and ANAPHOR.match(text, sent.start, verb.start()):
            subj = discourse
        if subj is None:
            continue
        for b in beaten:
            if b.key != subj.key:
                ctx.add("head_to_head", ctx.ref(subj), ctx.ref(b), sent, "head_to_head")
