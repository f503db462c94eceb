"""Makers named in an apposition on a product, right after its name: "Xtandi
(enzalutamide), the androgen receptor inhibitor that Astellas sells with Pfizer",
"Voretigene neparvovec, marketed in the US by Spark Therapeutics", "Elevidys
(delandistrogene moxeparvovec), the Sarepta Therapeutics gene therapy". The apposition
describes the product it follows, so its maker is that product's, whatever else the
sentence says. The maker must be an organisation the text names (a suffix, the
vocabulary or a maker's slot); "the Harkstone team says" is no product's maker."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.model import Mention

_I = re.IGNORECASE

# From the product's end to the maker: a bracket of other names, a comma, then
# "the <class words> that|which" (a relative clause whose subject is the maker), or a
# participle with "by", or "the" right before the maker's name (an attributive maker).
# ("X, which Acme acquired", "X (Brand), which Orrin developed and Acme sells": a bare
# "which", and a second maker after another's clause)
_RELATIVE = re.compile(
    r"\s*\)?\s*(?:\([^()]{0,60}\)\s*)?,\s+(?:(?:the|an?)\s+(?:[\w/-]+\s+){0,6}?(?:that|which)"
    r"|which)\s+(?:[^,;.()]{0,60}?\band\s+)?\Z",
    _I,
)
_BY = re.compile(
    r"\s*\)?\s*(?:\([^()]{0,60}\)\s*)?,\s+(?:(?:also|now|originally)\s+)?(?:marketed|sold|made"
    r"|developed|discovered|manufactured|distributed)\s+(?:[\w.-]+\s+){0,4}?by\s+(?:the\s+)?\Z",
    _I,
)
_ATTRIBUTIVE = re.compile(r"\s*\)?\s*(?:\([^()]{0,60}\)\s*)?,\s+the\s+\Z", _I)
# What the maker does to the product in the relative clause ("that Astellas sells with
# Pfizer", "which J&J markets in Europe", "which AstraZeneca acquired": a holder develops
# what it holds).
_MAKER_VERB = re.compile(
    r"\s+(?:(?:also|now|still|co-?|had|has)\s*)?(?:sells|markets|makes|manufactures|developed"
    r"|develops|discovered|invented|owns|holds|licensed|in-licensed|acquired|bought|gained"
    r"|obtained|co-developed|co-markets|commercialises|commercializes)\b",
    _I,
)
# A partner after the verb: "sells with Pfizer", "co-markets with Bayer".
_WITH_PARTNER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?with\s+\Z", _I)
# After an attributive maker: the product's class words, then the clause goes on.
# ("the Harkstone team says" names people, no product)
_CLASS_AFTER = re.compile(
    r"\s+(?:[\w/-]+\s+){0,3}?(?:inhibitor|antibody|therapy|drug|conjugate|vaccine|engager"
    r"|bispecific|agonist|antagonist|degrader|product|medicine|treatment|CAR-T|siRNA|pill"
    r"|injection|infusion|tablet)s?\b",
    _I,
)


def apposed_makers(
    ctx: Context, sent: Sentence, orgs: list[Mention]
) -> list[tuple[Mention, Mention]]:
    """(product, maker) pairs the sentence's appositions state."""
    text = ctx.text
    therapies = [m for m in sent.candidates if m.kind == "therapy"]
    out: list[tuple[Mention, Mention]] = []
    for i, org in enumerate(orgs):
        before = [t for t in therapies if t.end <= org.start]
        if not before:
            continue
        product = before[-1]
        gap = (product.end, org.start)
        if _BY.fullmatch(text, *gap) or (
            _ATTRIBUTIVE.fullmatch(text, *gap) and _CLASS_AFTER.match(text, org.end)
        ):
            out.append((product, org))
        elif _RELATIVE.fullmatch(text, *gap) and (verb := _MAKER_VERB.match(text, org.end)):
            out.append((product, org))
            nxt = orgs[i + 1] if i + 1 < len(orgs) else None
            if nxt is not None and _WITH_PARTNER.fullmatch(text, verb.end(), nxt.start):
                out.append((product, nxt))  # "that Astellas sells with Pfizer"
    return out
