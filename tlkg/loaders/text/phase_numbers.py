"""When a "pivotal", "registrational" or "confirmatory" word stands beside a numbered
phase, the number says the trial's phase ("the pivotal phase 2 ALPHA3 trial", "the
registrational cohort of X, our phase 1/2 study", "a single-arm phase 2 cohort; it is
pivotal in the sense that ..."); the word says phase 3 only on its own (``stages``)."""

from __future__ import annotations

import re

_I = re.IGNORECASE

_NUMBER_NEXT = re.compile(r"\s+phase\s*(?:\d|i)", _I)
# A numbered phase near a "pivotal" or "registrational" word, with no word of sequence
# between: "the registrational cohort of X, our phase 1/2 study"; "a single-arm phase 2
# cohort; it is pivotal in the sense that ..."
_NUMBERED = re.compile(r"\bphase\s*(?:\d|i{1,3}\b|iv\b)", _I)
_SEQUENCE = re.compile(
    r"\b(?:after|follow\w*|then|before|next|later|once|until|while|whereas)\b", _I
)


_PREDICATE = re.compile(r"\b(?:is|was|are|were|be|been)\s+(?:\w+\s+)?\Z", _I)


def numbered_nearby(text: str, start: int, end: int) -> bool:
    """Whether a numbered phase within 80 characters of the cue at ``start:end`` says the
    phase of the trial the cue describes."""
    if _NUMBER_NEXT.match(text, end):
        return True
    after = _NUMBERED.search(text, end, end + 80)
    if after is not None and not _SEQUENCE.search(text, end, after.start()):
        return True
    if not _PREDICATE.search(text, max(0, start - 20), start):
        return False  # (before it, only when the word is said of that trial: "it is pivotal")
    before = [m for m in _NUMBERED.finditer(text, max(0, start - 80), start)]
    return bool(before) and not _SEQUENCE.search(text, before[-1].end(), start)
