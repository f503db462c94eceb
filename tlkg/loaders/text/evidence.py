"""The level of evidence an article is about (preclinical, early-clinical, pivotal,
approved), from weighted cue phrases; independent of the rest of the extractor.
"""

from __future__ import annotations

import re
from collections import defaultdict

from tlkg.loaders.records import EvidenceLevel
from tlkg.loaders.text import phrases as P

_I = re.IGNORECASE
_NEGATION_WINDOW = 300  # characters before a cue searched for its sentence start
_NEG_WORD = re.compile(P.NEGATION, _I)

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
