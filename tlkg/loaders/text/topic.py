"""The article's topic: the therapy or class word it mentions most (title mentions count
twice, ties go to a therapy), leaving out reference classes, contrasted mentions, and what
the article's programme comes after or does without ("progressed on X", "the
post-X gap", "given without BCG")."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.sentences import Span
from tlkg.ontology import concepts as C


class _Sentence(Protocol):
    """What the topic reads of a sentence (``discourse.Sentence``)."""

    span: Span
    start: int
    candidates: list[Mention]

    def eligible(self, m: Mention) -> bool: ...

    def prior(self, m: Mention) -> bool: ...


TITLE_WEIGHT = 2.0  # title mentions count double when choosing the topic
# Classes too broad to be what an article is about ("A BTK degrader clears ..." is about
# one small molecule, not the class): never the topic.
_NEVER_TOPIC = frozenset({C.CHEMOTHERAPY, C.CORTICOSTEROID, C.SMALL_MOLECULE})
_CAR_SUBTYPES = (
    C.CAR_T_AUTOLOGOUS,
    C.CAR_T_ALLOGENEIC,
    C.CAR_T_IN_VIVO,
    C.CAR_T_IN_VIVO_LENTIVIRAL,
    C.CAR_T_IN_VIVO_LNP,
)
_OPENING_AFTER = re.compile(r"\W*(?:after|following)\s+", re.I)
_WITHOUT_BEFORE = re.compile(r"\b(?:without|failed|instead\s+of|rather\s+than)\s+\Z", re.I)


def article_topic(
    text: str, sentences: Sequence[_Sentence], mentions: list[Mention], has_title: bool
) -> list[Mention]:
    score: dict[tuple[str, str], float] = defaultdict(float)
    # (what the programme comes after counts only when nothing else is named: "In the
    # study, five adults received X.")
    earlier: dict[tuple[str, str], float] = defaultdict(float)
    first: dict[tuple[str, str], Mention] = {}
    for sent in sentences:
        weight = TITLE_WEIGHT if has_title and sent.span.paragraph == 0 else 1.0
        for m in sent.candidates:
            k = (m.kind, m.key)
            first.setdefault(k, m)
            if m.reference or not sent.eligible(m):
                continue
            if m.kind == "modality" and m.key in _NEVER_TOPIC:
                continue
            (earlier if _earlier(text, sent, m) else score)[k] += weight
    score = score or earlier
    if not score:
        return []
    best = max(score, key=lambda k: (score[k], k[0] == "therapy", -first[k].start))
    mention = first[best]
    if best == ("modality", C.CAR_T):
        subtypes = {k[1] for k in score if k[0] == "modality" and k[1] in _CAR_SUBTYPES}
        if len(subtypes) == 1:
            key = subtypes.pop()
            mention = next(m for m in mentions if m.kind == "modality" and m.key == key)
    return [mention]


def _earlier(text: str, sent: _Sentence, m: Mention) -> bool:
    """What the article's programme comes after or does without ("progressed on X",
    "given without BCG"), never its topic; but an opening "After X, ..." tells when, not
    what patients had."""
    if _OPENING_AFTER.fullmatch(text, sent.start, m.start):
        return False
    return sent.prior(m) or done_without(text, m)


def done_without(text: str, m: Mention) -> bool:
    """ "given without BCG", "patients who failed BCG": what the article's programme does
    without or comes after, never a sentence's subject nor the article's topic."""
    return _WITHOUT_BEFORE.search(text, max(0, m.start - 20), m.start) is not None
