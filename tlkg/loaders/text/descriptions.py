"""Products described before (or instead of) being named: news ledes often open with "An
antibody-drug conjugate from Morrow Bay Biologics improved survival ..." or "Acme's
experimental bispecific ..." and give the name a sentence later. Such a class word, made
specific by an indefinite article and a maker ("a/an <class> from|by <org>", "<org>'s
<class>"), stands for the one product of that class (or a narrower one) the article names
that is new to the vocabulary; with none, or several, it stays a class word. Run once the
therapies and their modalities are known, before the relations are read."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.model import Mention

_I = re.IGNORECASE
_INDEFINITE_BEFORE = re.compile(r"\b(?:an?|one)\s+(?:[\w-]+\s+){0,3}\Z", _I)
_INDEFINITE_START = re.compile(r"(?:an?|one)\s", _I)  # the class word's own article
_MAKER_AFTER = re.compile(r"\s+(?:from|by|developed\s+by|made\s+by)\s+", _I)
_NAMED_NEXT = re.compile(r"\s*[,(]?\s*(?:called|named|known\s+as)?\s*", _I)
_POSSESSIVE_BEFORE = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,3}\Z")


def resolve_descriptions(ctx: Context) -> None:
    """Re-key each specific class mention to the one new product of its class."""
    for sent in ctx.sentences:
        for i, m in enumerate(sent.candidates):
            if m.kind != "modality" or m.reference or not _specific(ctx, sent, m):
                continue
            product = _only_new_product(ctx, m.key, headline=sent.index == 0)
            if product is None:
                continue
            named = Mention("therapy", product, ctx.therapies[product].name, m.start, m.end, False)
            sent.candidates[i] = named
            sent.mentions = [named if x is m else x for x in sent.mentions]


def _specific(ctx: Context, sent: Sentence, m: Mention) -> bool:
    """ "an ADC from Acme", "Acme's experimental ADC": a class word made one product."""
    if any(c.kind == "therapy" and c.end <= m.start for c in sent.candidates):
        return False  # "X, Roche's ADC ...", "X is Acme's ADC": said of the product named
    following = next((c for c in sent.candidates if c.start >= m.end), None)
    if following is not None and _NAMED_NEXT.fullmatch(ctx.text, m.end, following.start):
        return False  # "Roche's ADC polatuzumab vedotin", "an ADC, zelvatuzumab vedotin,"
    orgs = [o for o in sent.mentions if o.kind == "organization"]
    before = ctx.text[max(sent.start, m.start - 60) : m.start]
    if _INDEFINITE_BEFORE.search(before) or _INDEFINITE_START.match(ctx.text, m.start, m.end):
        nxt = next((o for o in orgs if o.start >= m.end), None)
        if nxt is not None and _MAKER_AFTER.fullmatch(ctx.text, m.end, nxt.start):
            return True
    prev = next((o for o in reversed(orgs) if o.end <= m.start), None)
    return (
        prev is not None and _POSSESSIVE_BEFORE.fullmatch(ctx.text, prev.end, m.start) is not None
    )


def _only_new_product(ctx: Context, modality: str, headline: bool = False) -> str | None:
    """The key of the one therapy new to the vocabulary whose modality is ``modality`` or
    a narrower one, or None; in a headline, of several such, the article's topic ("Acme
    pays $180 million for Qianhai's BTK degrader" above a story that names two rivals)."""
    keys = [
        t.key
        for t in ctx.therapies.values()
        if not t.known
        and t.modality is not None
        and (t.modality == modality or t.modality.startswith(modality + "-"))
    ]
    if len(keys) > 1 and headline and ctx.topic and ctx.topic[0].key in keys:
        return ctx.topic[0].key
    return keys[0] if len(keys) == 1 else None
