"""The level of evidence an article is about (preclinical, early-clinical, pivotal,
approved), from weighted cue phrases; independent of the rest of the extractor.

The rule (docs/extraction.md, "Evidence level"):

1. Every cue phrase of ``phrases.EVIDENCE_CUES`` votes for its level with its weight:
   approval and label news for *approved*; phase 3, pivotal, registrational and
   randomised results for *pivotal*; phase 1 and 2, first-in-human, dose escalation, first
   patient dosed, healthy volunteers and "being tested in patients" for *early-clinical*;
   animal, in vitro and preclinical work for *preclinical*. A cue in the title counts three
   times, one in the lead paragraph (the first line of 12 words or more, not a dateline)
   twice: they say what the article is about.
2. A cue votes only when its sentence asserts it: not as a condition or of the future
   ("would need to clear phase 3 trials", "if approved": ``HYPOTHETICAL_BEFORE``), not as a
   plan or intention anywhere earlier in its sentence ("intends to start a randomized
   phase 3 study", "will initiate a pivotal trial", "plans to file for approval":
   ``PLAN_BEFORE``), not planned after it ("Phase 1 study planned for 2026"), and not
   negated ("has not been approved"). So plans never raise the level.
3. The headline (title and lead paragraph) decides: the level with the most headline
   votes wins (a paragraph in the first person, "We report ...", outranks it: a letter's
   own news); without a headline cue, the first paragraph reporting results ("showed
   results from", "We report"), then the first paragraph with a cue, then the whole
   article's votes, then the higher level decide; no vote, no level. The
   body of a news story or abstract is background (approved comparators, earlier
   studies, plans) and never outvotes what the headline reports.

**Per claim** (``claim_levels``): a sentence whose own asserted cues vote for another level
than the article's is about that stage ("Ide-cel and cilta-cel are approved" in a phase 1
story; "In mice, ..." or "the phase 1 data behind the approval" in approval news), and
each relation of that sentence carries it (``Evidence.level``). A stated stage
(``has_phase``) is its own claim's level: phase 1 and 2 early-clinical, phase 3 pivotal,
phase 4 and approval approved. The sentence's votes are
counted as above without the headline weights; a tie keeps the article's level, then goes
to the higher level. A sentence without a cue, or whose cues are only planned, has the
article's level and carries none.
"""

from __future__ import annotations

import re
from collections import defaultdict

from tlkg.loaders.records import EvidenceLevel, Relation
from tlkg.loaders.text import phrases as P

_I = re.IGNORECASE
_NEGATION_WINDOW = 300  # characters before a cue searched for its sentence start
_PLAN_WINDOW = 120  # characters before a cue searched for a plan (PLAN_BEFORE looks 80 back)
_HYPOTHETICAL_WINDOW = 60  # the same for HYPOTHETICAL_BEFORE (40 back, after a short word)
_NEG_WORD = re.compile(P.NEGATION, _I)
_REVIEW_ONLY = re.compile(P.UNDER_REVIEW, _I)
_PHASE_WORD = re.compile(P.PHASE_CUE, _I)

_EVIDENCE_RES: list[tuple[re.Pattern[str], EvidenceLevel, float]] = [
    (re.compile(p, _I), level, w) for p, level, w in P.EVIDENCE_CUES
]
_HYPOTHETICAL = re.compile(P.HYPOTHETICAL_BEFORE, _I)
_PLAN = re.compile(P.PLAN_BEFORE, _I)
_CONTRAST_CLAUSE = re.compile(r"[,;]\s*(?:though|although|but|whereas|while|yet)\b|;", _I)
# Words one of which every match of each cue of ``phrases.EVIDENCE_CUES`` holds (lower
# case, in the cues' order): a cue whose words are absent is not searched for, as most
# sentences hold none (``tests/test_text_claim_levels.py`` checks the pairing).
CUE_ANCHORS: tuple[tuple[str, ...], ...] = (
    ("approv", "authori", "commercially", "clear", "licensed", "nice", "assessment", "hta",
     "g-ba", "iqwig", "cadth", "pbac"),
    ("boxed", "label"),
    ("phase", "pivotal", "registrat"),
    ("phase", "first", "early", "dose"),
    ("dosed", "healthy", "tested", "evaluated", "studied", "assessed", "early", "clinical"),
    ("randomi",),
    ("clinical", "mice", "mouse", "murine", "animal", "primate", "xenograft", "vitro", "cell",
     "rats", "monkey", "dogs", "organoid", "rat ", "rodent", "not yet", "never", "ind-enabling"),
)  # fmt: skip
_ANCHORED = tuple(zip(_EVIDENCE_RES, CUE_ANCHORS, strict=True))
_STAGE_LEVEL: dict[str, EvidenceLevel] = {
    "phase1": "early-clinical",
    "phase2": "early-clinical",
    "phase3": "pivotal",
    "phase4": "approved",  # a post-marketing study: the product is approved
    "approved": "approved",
}
_PLANNED_AFTER = re.compile(
    # ("Ferrowby's Phase 3, planned for 2027, ...", "a phase 3 study, LOWTHER-3, starting in
    # the first half of 2027")
    r"[^.;,]{0,40}?(?:,\s*)?\b(?:(?:is|are)\s+)?(?:planned|scheduled|slated"
    r"|expected\s+to\s+(?:start|begin|open))\b"
    r"|[^.;,]{0,30}?(?:,\s*[^.;,]{1,30},)?\s+(?:starting|to\s+start|beginning)\s+(?:in\s+)?"
    r"(?:the\s+)?(?:(?:first|second|early|late|mid)\b|20\d\d)",
    _I,
)
_LEAD_WORDS = 12  # the lead paragraph is the first line this long (not a dateline)
_FIRST_PERSON_REPORT = r"we\s+(?:report|present|describe)|here\s+we"
_OWN_REPORT = re.compile(rf"\b(?:{_FIRST_PERSON_REPORT})\b", _I)
_REPORT = re.compile(
    rf"\b(?:{_FIRST_PERSON_REPORT}"
    r"|(?:showed|presented|reported|unveiled)\s+(?:(?:new|positive|updated|the|first)\s+)?"
    r"(?:results|data)\s+(?:from|of)\b)",
    _I,
)
_LEVEL_RANK = {"preclinical": 0, "early-clinical": 1, "pivotal": 2, "approved": 3}


def asserted(text: str, sentence_start: int, cue_start: int) -> bool:
    """Is a stage cue at ``cue_start`` asserted, not conditional, planned or negated?
    (Shared with the stated phases of ``stages``.)"""
    # A plan's or a condition's scope ends at a contrastive clause ("... will work beyond
    # myeloma, though preclinical studies suggest ...": the studies are done).
    start = max(sentence_start, cue_start - _PLAN_WINDOW)
    for m in _CONTRAST_CLAUSE.finditer(text, start, cue_start):
        start = m.end()
    # HYPOTHETICAL_BEFORE looks 40 characters back from the cue: search a window, not the
    # whole sentence (this runs for every stage cue), starting at a word boundary.
    lo = max(start, cue_start - _HYPOTHETICAL_WINDOW)
    if lo > start:
        lo = text.find(" ", lo, cue_start) + 1 or cue_start
    if _HYPOTHETICAL.search(text, lo, cue_start):
        return False
    if _PLAN.search(text, start, cue_start):
        return False
    return not _NEG_WORD.search(text[max(sentence_start, cue_start - 25) : cue_start])


def _planned_after(text: str, cue: int) -> bool:
    """Is the cue's trial planned, said after it ("First-in-human Phase 1 study planned for
    the second half of 2026")? ("A phase 3 trial will compare ..." is the design of a trial
    that is starting, not a plan.)"""
    return _PLANNED_AFTER.match(text, cue) is not None


def evidence_level(text: str, *, has_title: bool = False) -> EvidenceLevel | None:
    """The level of evidence the article is about (module docstring)."""
    score: dict[EvidenceLevel, float] = defaultdict(float)
    head: dict[EvidenceLevel, float] = defaultdict(float)
    # Without a headline cue, the first paragraph with one: a story reports its own news
    # before it turns to comparators ("X, which is approved ...").
    first: dict[EvidenceLevel, float] = defaultdict(float)
    # ... unless a later paragraph reports results ("X showed results from the Phase 1
    # part of its study", "We report ..."): that is the news, the first was background.
    report: dict[EvidenceLevel, float] = defaultdict(float)
    own: dict[EvidenceLevel, float] = defaultdict(float)
    lead_seen = False
    for i, line in enumerate(text.split("\n")):
        if has_title and i == 0:
            weight = 3.0
        elif not lead_seen and len(line.split()) >= _LEAD_WORDS:
            weight, lead_seen = 2.0, True
        else:
            weight = 1.0  # a dateline or byline before the lead is no lead
        votes = _votes(line)
        for level, v in votes.items():
            score[level] += weight * v
            if weight > 1.0:
                head[level] += weight * v
        if votes and not first and not head:
            first.update(votes)
        if votes and not report and _REPORT.search(line):
            report.update(votes)
            if _OWN_REPORT.search(line):
                own.update(votes)  # a letter's or abstract's "We report ...": its news
    if not score:
        return None
    return max(
        score, key=lambda lv: (own[lv], head[lv], report[lv], first[lv], score[lv], _LEVEL_RANK[lv])
    )


def _votes(text: str, *, one_sentence: bool = False) -> dict[EvidenceLevel, float]:
    """The weighted votes of ``text``'s asserted cues. A line of an article: each cue is
    read in its own sentence; ``one_sentence``: the whole text is that sentence."""
    folded = text.lower()
    votes: dict[EvidenceLevel, float] = defaultdict(float)
    for (pattern, level, w), anchors in _ANCHORED:
        if not any(a in folded for a in anchors):
            continue  # substring tests are much cheaper than the pattern
        for m in pattern.finditer(text):
            if one_sentence:
                start = 0
            else:
                lo = max(0, m.start() - _NEGATION_WINDOW)
                start = max(lo, text.rfind(". ", lo, m.start()) + 1)
            if not asserted(text, start, m.start()) or _planned_after(text, m.start()):
                continue
            if level == "approved" and _NEG_WORD.search(m.group(0)):
                continue  # "is not approved anywhere" (a preclinical cue is worded so: "not yet")
            if level == "approved" and trial_approval(text, m.start(), m.end()):
                continue
            if level == "pivotal" and _only_started(text, start, m.start()):
                continue
            votes[level] += w
    return votes


_TRIAL_APPROVAL_BEFORE = re.compile(P.TRIAL_APPROVAL_BEFORE, _I)
_TRIAL_APPROVAL_AFTER = re.compile(P.TRIAL_APPROVAL_AFTER, _I)
# A pivotal trial that has only started ("the Phase 3 trial the biotech began enrolling
# this month"): no pivotal data yet, so no pivotal vote, unless the sentence reports results.
_STARTED = re.compile(
    r"\b(?:began|begun|begins?|start(?:ed|s)?|initiat\w+|enrol+(?:ing|s)?|recruit\w*|first\s+patients?"
    r"|under\s*way|ongoing|is\s+running|are\s+running|opened|opens)\b",
    _I,
)
_RESULTS = re.compile(
    r"\b(?:met|meets|showed|shows|results?|data|improved|reduced|extended|prolonged|hazard\s+ratio"
    r"|primary\s+endpoint|response\s+rates?|survival|read\s*-?\s*out|topline|missed|failed)\b",
    _I,
)


def _only_started(text: str, start: int, cue: int) -> bool:
    end = text.find(". ", cue)
    sentence = text[start : end if end >= 0 else len(text)]
    return bool(_STARTED.search(sentence)) and not _RESULTS.search(sentence)


def trial_approval(text: str, start: int, end: int) -> bool:
    """Is the approval cue at ``start:end`` one of a trial (an IND or a protocol), not of a
    product? (Shared with the stated phases of ``stages``.)"""
    if _TRIAL_APPROVAL_BEFORE.search(text, max(0, start - 20), start):
        return True
    return _TRIAL_APPROVAL_AFTER.match(text, start, min(len(text), end + 60)) is not None


def sentence_level(sentence: str, article: EvidenceLevel | None) -> EvidenceLevel | None:
    """The level a sentence's own asserted cues vote for, when it is not ``article``
    (module docstring, "Per claim"); None when the sentence is about the article's level."""
    votes = _votes(sentence, one_sentence=True)
    if not votes:
        return None
    best = max(votes, key=lambda lv: (votes[lv], lv == article, _LEVEL_RANK[lv]))
    return None if best == article else best


def claim_levels(relations: list[Relation], article: EvidenceLevel | None) -> None:
    """Give each relation whose sentence is about another stage than ``article`` that
    stage (``Evidence.level``); one reading per sentence."""
    by_sentence: dict[int, EvidenceLevel | None] = {}
    for rel in relations:
        ev = rel.evidence
        if rel.kind == "has_phase":  # a stated stage is its own claim's level
            level: EvidenceLevel | None = _STAGE_LEVEL[rel.object.key]
            if _REVIEW_ONLY.search(ev.sentence) and not _PHASE_WORD.search(ev.sentence):
                level = None  # "X is under FDA review": a stage, but no trial's claim
        else:
            if ev.start not in by_sentence:
                by_sentence[ev.start] = sentence_level(ev.sentence, article)
            level = by_sentence[ev.start]
        if level is not None and level != article:  # (None is the default: no setattr)
            ev.level = level
