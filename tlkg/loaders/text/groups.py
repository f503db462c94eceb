"""Therapies named together in one sentence: coordinated ("A, B and C"), combined ("A plus
B"), each with its maker or a parenthesis ("A from X and B from Y", "A (Brand, Maker) and
B"); the relation rules give such a group one fact together (docs/extraction.md,
"Discourse")."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import COORD_STRICT, Sentence
from tlkg.loaders.text.model import Mention

_I = re.IGNORECASE


# The numbers counting words say ("both", "all three"), for "A and B, both ..." rules.
COUNT_WORDS = {
    "two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "all three": 3, "all four": 4,
}  # fmt: skip
# What joins the members of a regimen written "A + B + C" or "A plus B".
PLUS_GAP = re.compile(r"\s*(?:\+|plus)\s*", _I)


def class_count(words: str) -> int:
    """The number a counting phrase says ("both", "all  three", "All\nfour")."""
    return COUNT_WORDS[" ".join(words.lower().split())]


def last_named(mentions: list[Mention], n: int) -> list[Mention]:
    """The last ``n`` distinct therapies of ``mentions`` (in text order), or none when
    fewer are named: "A, which ..., and B, which ..., both sold by X"."""
    named = list({m.key: m for m in reversed(mentions)}.values())
    return named[:n][::-1] if len(named) >= n else []


def distinct(mentions: list[Mention]) -> list[Mention]:
    """One mention per therapy, in order."""
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.key, m)
    return list(seen.values())


_COMBINATION = re.compile(
    r"^\s*,[^,;]{0,80},\s*(?:in\s+combination\s+with|plus|combined\s+with|together\s+with|and)\s*$",
    _I,
)


# "A with B or the FOLFIRINOX combination": the last member with its article.
_THE_GAP = re.compile(r"^\s*,?\s*(?:(?:and|or)\s+the|nor)\s+$", _I)  # (and "neither A nor B")
# "A (Vyvgart, argenx) and B": a parenthesis after a member, then the coordinator.
_PAREN_GAP = re.compile(r"^\s*\([^()]{1,60}\)\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$", _I)


def therapy_groups(sent: Sentence) -> list[list[Mention]]:
    """The therapies named together: coordinated, combined, each with its maker or a
    parenthesis; never across the end of an opening comparison ("Compared with A from X
    and B from Y, C ...": A and B, then C)."""
    groups: list[list[Mention]] = []
    therapies = [m for m in sent.candidates if m.kind == "therapy"]
    for m in therapies:
        if groups:
            prev = groups[-1][-1]
            gap = sent.ctx.text[prev.end : m.start]
            joined = (
                COORD_STRICT.match(gap)
                or _THE_GAP.match(gap)
                or _COMBINATION.match(gap)
                or _PAREN_GAP.match(gap)
                or _by_maker(sent, prev, m)
            )
            if joined and sent.in_contrast_zone(prev) == sent.in_contrast_zone(m):
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


# "A from X and B from Y", "A (Acme) and B (Beta)": each member keeps its maker in the list.
_MAKER_GAP = re.compile(
    r"^\s*\)?\s*,?\s*(?:from|by)?\s*\(?\s*ORG\s*\)?\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$", _I
)


# "X's A (Brand), Y's B (Brand) and Z's C": each member with its maker before it.
_OWNER_GAP = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*|\)\s*)?(?:,\s*(?:and\s+)?|and\s+|or\s+)ORG['’]s?\s+$", re.IGNORECASE
)


def _by_maker(sent: Sentence, prev: Mention, m: Mention) -> bool:
    orgs = [o for o in sent.mentions if o.kind == "organization" and prev.end <= o.start < m.start]
    if not 1 <= len(orgs) <= 2:
        return False
    text = sent.ctx.text
    gap, at = "", prev.end
    for o in orgs:
        gap += text[at : o.start] + "ORG"
        at = o.end
    # "B from AbbVie and Genmab, and C": the makers of one member
    gap = _TWO_MAKERS.sub("ORG", gap + text[at : m.start])
    return _MAKER_GAP.match(gap) is not None or _OWNER_GAP.match(gap) is not None


_TWO_MAKERS = re.compile(r"ORG\s+and\s+ORG")


# "X is the fourth CD20xCD3 bispecific authorised for FL, after A in 2022 and B and C": the
# class, stage and disease X shares with the products named after "after".
_ORDINAL_AFTER = re.compile(
    r"\bthe\s+(?:second|third|fourth|fifth|sixth|latest|newest)\s+[^.;]{0,160}?,?\s+after\s+", _I
)


def ordinal_predecessors(sent: Sentence) -> tuple[int, int, list[Mention]]:
    """(start, end) of "the fourth <class> ... after" and the therapies named after it;
    (0, 0, []) when the sentence has no such phrase."""
    m = _ORDINAL_AFTER.search(sent.text)
    if m is None:
        return 0, 0, []
    start, end = sent.start + m.start(), sent.start + m.end()
    after = [t for t in sent.candidates if t.kind == "therapy" and t.start >= end]
    return start, end, distinct(after)
