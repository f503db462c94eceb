"""A programme's maker read from its code name, when no sentence says who develops it.

Companies build their codes from their own name (KLS for Kelsall Therapeutics, GFB for
Greyfield Biosciences: ``maker_codes.spells``), so an article about Kelsall's pipeline that
lists "KLS-340, a STEAP1xCD3 engager" without saying "Kelsall's" still tells the reader
whose it is. The rule (``code_makers``), run after every sentence rule: a therapy with no
developer yet, unknown to the vocabulary, whose code (its name or an alias) has a letter
prefix of three or more letters that spells exactly one organisation the article names,
is developed by that organisation. The evidence is the first sentence naming both, else
the first sentence naming the code. Two-letter prefixes ("MK", "AB") spell too many names
to count, and two organisations spelled by one prefix name neither.
"""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context
from tlkg.loaders.text.maker_codes import spells
from tlkg.loaders.text.model import Mention
from tlkg.ontology.names import name_kind

_PREFIX = re.compile(r"([A-Z]{3,})[- ]?\d")


def code_makers(ctx: Context) -> None:
    """Add developed_by for each coded programme whose code spells its maker's name."""
    orgs: dict[str, Mention] = {}
    for m in ctx.mentions:
        if m.kind == "organization":
            orgs.setdefault(m.key, m)
    if not orgs:
        return
    developed = {r.subject.key for r in ctx.relations if r.kind == "developed_by"}
    for t in ctx.therapies.values():
        if t.known or t.key in developed or t.category != "product":
            continue
        makers = _spelled(t.name, t.aliases, orgs)
        if len(makers) != 1:
            continue
        org = makers[0]
        mention = _evidence_mention(ctx, t.key, org)
        if mention is not None:
            sent = ctx.sentence_at(mention.start)
            ctx.add("developed_by", ctx.ref(mention), ctx.ref(org), sent)


def _spelled(name: str, aliases: list[str], orgs: dict[str, Mention]) -> list[Mention]:
    prefixes = {
        p.group(1)
        for n in (name, *aliases)
        if name_kind(n) == "code" and (p := _PREFIX.match(n)) is not None
    }
    return [o for o in orgs.values() if any(spells(p, o.name) for p in prefixes)]


def _evidence_mention(ctx: Context, key: str, org: Mention) -> Mention | None:
    """The therapy's first mention in a sentence naming ``org``, else its first mention."""
    own = [m for m in ctx.mentions if m.kind == "therapy" and m.key == key]
    for m in own:
        sent = ctx.sentence_at(m.start)
        if any(o.kind == "organization" and o.key == org.key for o in sent.mentions):
            return m
    return own[0] if own else None
