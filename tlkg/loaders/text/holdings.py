"""Makers said by holding a product rather than by developing it, named before it: "GSK
also holds JNJ-3989", "Capstan Therapeutics and its CD19-directed product CPTX2309",
"Biogen is also in phase 3 with salanersen", "a newer C5 antibody from Roche,
crovalimab". The holder develops the product from then on; ``organisations`` adds these
beside its verb rules (a holder named after the product, "X, which Acme acquired", is
``maker_appositions``')."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.owners import developer_plausible

_I = re.IGNORECASE
# Between the organisation and the therapy.
_HOLDS = re.compile(
    r"\s+(?:also\s+|now\s+|still\s+)?(?:holds|owns|acquired|bought)\s+(?:the\s+(?:global\s+)?"
    r"rights\s+to\s+)?\Z"
    # "Capstan Therapeutics and its CD19-directed lipid nanoparticle product CPTX2309"
    r"|\s+and\s+its\s+(?:[\w-]+\s+){0,5}?(?:product|drug|candidate|programme|program|asset"
    r"|therapy|antibody|inhibitor|engager|conjugate|vaccine)\s+\Z"
    # "Biogen is also in phase 3 with salanersen"
    r"|\s+is\s+(?:also\s+|now\s+|already\s+)?in\s+(?:phase|stage)\s+[\w/]+\s+(?:trials?\s+)?with\s+\Z",
    _I,
)


# "A newer C5 antibody from Roche, crovalimab (PiaSky), ...": a class from a maker, then
# the name in apposition.
_CLASS_FROM = re.compile(
    r"\b(?:antibody|inhibitor|drug|therapy|agonist|antagonist|vaccine|conjugate|engager"
    r"|candidate|medicine|product|molecule|pill|injection)\s+from\s+\Z",
    _I,
)
_APPOSED_NAME = re.compile(r"\s*,\s*\Z")


def holdings(ctx: Context, sent: Sentence, orgs: list[Mention], therapies: list[Mention]) -> None:
    """Add developed_by for the products the sentence says an organisation holds."""
    text = ctx.text
    for org in orgs:
        for t in therapies:
            if _held(text, org, t) and developer_plausible(ctx, t, org):
                ctx.add("developed_by", ctx.ref(t), ctx.ref(org), sent)


def _held(text: str, org: Mention, t: Mention) -> bool:
    """Whether the text between ``org`` and ``t`` says the organisation holds the product."""
    if org.end > t.start:
        return False  # (a holder named after: ``maker_appositions``, "X, which Acme acquired")
    return bool(
        _HOLDS.fullmatch(text, org.end, t.start)
        or (
            _APPOSED_NAME.fullmatch(text, org.end, t.start)
            and _CLASS_FROM.search(text, max(0, org.start - 30), org.start)
        )
    )
