"""Products listed as a class's approved members with no disease in the sentence ("Four
monoclonal antibodies are approved: erenumab (Aimovig), fremanezumab ..."): they are
approved for the disease the article is speaking of: its main disease (named most often),
else the one named last nearby before the sentence (``disease_anaphors.disease_before``).
Not when the sentence says for what else ("approved for solid cancers: ...")."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.disease_anaphors import disease_before, main_disease
from tlkg.loaders.text.model import Mention

# "... are approved:", "Three are approved in the US and Europe:", "... are approved for
# prevention:" (the verb's clause runs to the colon)
_APPROVED_COLON = re.compile(
    r"\b(?:are|were|have\s+been)\s+(?:now\s+|both\s+|all\s+|already\s+)?(?:approved|authori[sz]ed"
    r"|licensed|marketed)\b(?:(?!\bfor\s+(?!prevention|treatment|use\b))[^.;:()]){0,50}:",
    re.IGNORECASE,
)


def approved_list_uses(ctx: Context, sent: Sentence) -> None:
    """Add a use to each product listed after "are approved:" when the sentence names no
    disease."""
    if ":" not in sent.text or any(m.kind == "indication" for m in sent.mentions):
        return
    listed = _APPROVED_COLON.search(ctx.text, sent.start, sent.end)
    if listed is None:
        return
    products = [
        m
        for m in sent.candidates
        if m.kind == "therapy" and m.start >= listed.end() and not sent.prior(m)
    ]
    disease = _disease_spoken_of(ctx, sent) if products else None
    if disease is None:
        return
    for m in products:
        ctx.add("has_indication", ctx.ref(m), ctx.ref(disease), sent)


def _disease_spoken_of(ctx: Context, sent: Sentence) -> Mention | None:
    diseases = [m for m in ctx.mentions if m.kind == "indication"]  # (in text order)
    return main_disease(ctx.mentions) or disease_before(diseases, sent.start)
