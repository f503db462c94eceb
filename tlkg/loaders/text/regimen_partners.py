"""Combination partners keep their own makers: in "Orrell's paxameran plus pembrolizumab"
or "BioNTech's A, combined with pembrolizumab," the company develops the first product,
not the partner it is given with (a maker named after the partner may be the partner's:
"A with Benlysta (belimumab), GSK's antibody"). The partners are the sentence's
``complements`` pairs (``combinations``), found before the makers are."""

from __future__ import annotations

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.model import Mention

Pairs = set[frozenset[str]]


def partner_pairs(ctx: Context, sent: Sentence) -> Pairs:
    """The sentence's ``complements`` pairs, each as the set of its two keys."""
    return {
        frozenset((r.subject.key, r.object.key))
        for r in ctx.relations
        if r.kind == "complements" and r.evidence.start == sent.start
    }


def without_partners(
    pairs: Pairs, devs: list[Mention], therapies: list[Mention], org: Mention
) -> list[Mention]:
    """``devs`` without the combination partners (``pairs``: ``partner_pairs``) of another
    product of the sentence named after ``org`` and before them."""
    return [
        t
        for t in devs
        if not any(
            d.key != t.key
            and org.end <= d.start
            and d.end <= t.start
            and frozenset((d.key, t.key)) in pairs
            for d in therapies
        )
    ]
