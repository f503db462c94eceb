"""Combination partners keep their own makers: in "Orrell's paxameran plus pembrolizumab"
or "BioNTech's A, combined with pembrolizumab," the company develops the first product,
not the partner it is given with (a maker named after the partner may be the partner's:
"A with Benlysta (belimumab), GSK's antibody")."""

from __future__ import annotations

import re

from tlkg.loaders.text.model import Mention

# "X's A plus B", "A, combined with B,": B is the partner A is given with, not X's.
_COMBINED_WITH = re.compile(
    r"\s*\)?\s*,?\s*(?:(?:combined|given|taken|used)\s+)?(?:in\s+combination\s+|together\s+)?"
    r"(?:plus|with|\+|added\s+to)\s+\Z",
    re.IGNORECASE,
)


def without_partners(
    text: str, devs: list[Mention], therapies: list[Mention], org: Mention
) -> list[Mention]:
    """``devs`` without the combination partners of another product of the sentence
    named after ``org`` (right before them, with "plus" or "with"); a maker named after the
    partner may be the partner's ("A with Benlysta (belimumab), GSK's ...")."""
    return [
        t
        for t in devs
        if not any(
            d.key != t.key
            and org.end <= d.start
            and d.end <= t.start
            and _COMBINED_WITH.match(text[d.end : t.start])
            # ("compared A with B": a comparison's other arm)
            and not _COMPARED_BEFORE.search(text, max(0, d.start - 40), d.start)
            for d in therapies
        )
    ]


_COMPARED_BEFORE = re.compile(r"\bcompar\w*\s+(?:[\w-]+\s+){0,3}\Z", re.IGNORECASE)
