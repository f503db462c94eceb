"""A brand says the product is on the market: a product the article names by a brand is
``approved`` unless the sentence naming the brand says it is only proposed or under review
(docs/extraction.md, "Stated phases")."""

from __future__ import annotations

import re

from tlkg.loaders.records import EntityRef, StatedPhase
from tlkg.loaders.text.aliases import unknown_word
from tlkg.loaders.text.discourse import Context
from tlkg.ontology.names import SHORT_CEL, name_kind

# A sentence that names a brand before the product is on the market says so.
_NOT_YET = re.compile(
    r"\b(?:proposed|if\s+approved|would\s+be|will\s+be\s+(?:sold|marketed|launched)|plans?\s+to"
    r"\s+(?:sell|market|launch)|intends?\s+to|pending|under\s+review|submitted|filed|seeks?"
    # a filing accepted or under review ("FDA accepts filing for Oruvexa")
    r"|filings?|(?:biologics?|new\s+drug|marketing\s+authori[sz]ation)\s+(?:license\s+)?"
    r"application|s?BLA|s?NDA|MAA|PDUFA|priority\s+review)\b",
    re.IGNORECASE,
)
APPROVED: StatedPhase = "approved"
# One word (``aliases.unknown_word`` checks its shape), perhaps with a strength or form
# ("Eylea HD").
_BRAND_SHAPE = re.compile(r"^\S+(?:\s(?:[A-Z]{1,3}|XR|SC|HD))?$")


def branded_products(ctx: Context) -> None:
    """A product the article names by a brand is on the market: ``approved``, with the
    first sentence naming the brand as evidence ("Today most people receive Eylea",
    "Patients can instead take Galafold (migalastat)"), unless that sentence says the
    brand is only proposed or the product under review. A brand is an alias shaped like
    one (capitalised, no digits, no INN stem) and never written in lower case."""
    approved = {
        r.subject.key for r in ctx.relations if r.kind == "has_phase" and r.object.key == APPROVED
    }
    for t in ctx.therapies.values():
        if t.category != "product" or t.key in approved:
            continue
        # (not the INN's first letters: "Daso" for dasolimogene merherparepvec)
        brands = {
            a
            for a in t.aliases
            if _brand_shaped(a)
            and unknown_word(ctx.text, a.split()[0])
            and not t.name.lower().startswith(a.lower())
        }
        if not brands:
            continue
        mention = next(
            (
                m
                for m in ctx.mentions
                if m.kind == "therapy" and m.key == t.key and ctx.text[m.start : m.end] in brands
            ),
            None,
        )
        if mention is None:
            continue
        sent = ctx.sentence_at(mention.start)
        if _NOT_YET.search(sent.text):
            continue
        obj = EntityRef(kind="phase", key=APPROVED, name=APPROVED, known=True)
        ctx.add("has_phase", ctx.ref(mention), obj, sent)


def _brand_shaped(alias: str) -> bool:
    """One word and perhaps a form, no digits, no INN stem, no short "-cel" form (a generic
    name at a sentence's start is shaped so too: the caller checks the word is never
    written in lower case)."""
    return (
        bool(_BRAND_SHAPE.match(alias))
        and name_kind(alias) == "brand"
        and not (SHORT_CEL.match(alias))
    )
