"""Text normalisation and sentence splitting: ``fold`` gives a lower-cased copy with the same
offsets, ``split_sentences`` the sentence spans (a line is a paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOLD = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u00a0": " ",
        "\u202f": " ", "\u00d7": " ",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-cased text of the same length (offsets carry over), dashes and quotes unified."""
    t = text.translate(FOLD)
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
            if token in _ABBREVIATIONS or (_is_initial(token, before)):
                continue
            if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“'‘([*"):
                continue
            _add_span(spans, line, offset, start, end, para)
            start = end
        _add_span(spans, line, offset, start, len(line), para)
        offset += len(line) + 1
    return spans


def _is_initial(token: str, before: list[str]) -> bool:
    """ "J. Doe", "John F. Kennedy": a lone letter after a name (or nothing) is an initial;
    after a lower-case word ("monomethyl auristatin E.", "hepatitis B.") it ends a name and
    the sentence."""
    if len(token) != 1 or not token.isalpha():
        return False
    if len(before) < 2:
        return True
    prev = before[-2].lower().strip(",;:(")
    return not before[-2][:1].islower() or prev in _BEFORE_NAMES


# Words a person's initial follows ("by J. Doe", "said A. Smith", "and R. Roe").
_BEFORE_NAMES = frozenset(
    [
        "by",
        "from",
        "and",
        "or",
        "with",
        "of",
        "to",
        "at",
        "for",
        "said",
        "says",
        "told",
        "wrote",
        "per",
        "dr",
        "prof",
        "author",
        "authors",
    ]
)


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


# A rough sentence end for rules that look around one position without the article's
# sentence spans: a stop before a capital or a quote, or a line break.
ROUGH_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"\u201c])|\n")


def rough_sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding ``pos`` (``ROUGH_SENTENCE_END``; at most 600 back)."""
    lo = max(0, pos - 600)
    starts = [m.end() for m in ROUGH_SENTENCE_END.finditer(text, lo, pos + 1) if m.end() <= pos]
    return starts[-1] if starts else lo
