"""Whose programme a therapy is when the sentence says it by position, not by a verb:
"its oral obesity candidate" after a name in a sentence that opens on a company, "the
company's second T-cell engager, X", "Acme is testing two ADCs ... The first, A, ...";
and whether an organisation may develop a known therapy at all (its vocabulary entry's
developers and their acquirers)."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.model import Mention

_I = re.IGNORECASE


# "Pfizer dropped danuglipron, its oral obesity candidate, ...": the subject's own programme.
_ITS_AFTER = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?,\s+(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:candidate|drug|program(?:me)?|product|asset|antibody|therapy|molecule|compound|medicine"
    r"|engager|conjugate|ADC|bispecific|inhibitor|degrader|vaccine|pill)\b",
    _I,
)


def its_own(ctx: Context, sent: Sentence, orgs: list[Mention], therapies: list[Mention]) -> None:
    """A therapy in apposition with "its <candidate>" is the sentence subject's, when the
    sentence opens on that organisation."""
    first = min(sent.mentions, key=lambda m: m.start, default=None)
    if first is None or first.kind != "organization":
        return
    for t in therapies:
        if (
            t.start > first.end
            and _ITS_AFTER.match(ctx.text, t.end)
            and not any(first.end <= o.start < t.start for o in orgs)
            and developer_plausible(ctx, t, first)
        ):
            ctx.add("developed_by", ctx.ref(t), ctx.ref(first), sent)


# "The company's second T-cell engager, PHB-2209, ...", "Its second program, FNW-318, ...":
# a programme of the company the article is about.
_COMPANY_PROGRAMME = re.compile(
    r"\b(?:the\s+company['’]s|its|their)\s+(?:(?:first|second|third|lead|leading|new|next"
    r"|other|most\s+advanced|experimental|investigational|earlier|later)\s+)*(?:[\w-]+\s+){0,2}?"
    r"(?:program(?:me)?|candidate|product|drug|asset|molecule|therapy|engager|antibody|conjugate"
    r"|ADC|bispecific|compound)\s*,\s*\Z",
    _I,
)


def company_programme(ctx: Context, sent: Sentence) -> None:
    """A therapy introduced as the company's own ("Its second program, FNW-318") is
    developed by the company the article names most."""
    for t in sent.candidates:
        if t.kind != "therapy" or t.known:
            continue
        if not _COMPANY_PROGRAMME.search(ctx.text, max(sent.start, t.start - 90), t.start):
            continue
        company = _previous_subject(ctx, sent) or main_company(ctx)
        if company is not None and developer_plausible(ctx, t, company):
            ctx.add("developed_by", ctx.ref(t), ctx.ref(company), sent)


def _previous_subject(ctx: Context, sent: Sentence) -> Mention | None:
    """The company the previous sentence of the paragraph opens on ("Corriebrae, based in
    Dundee, is betting ... Its candidate, X, ..."): what "its" stands for."""
    if sent.index == 0:
        return None
    prev = ctx.sentences[sent.index - 1]
    if prev.span.paragraph != sent.span.paragraph:
        return None
    first = min(prev.mentions, key=lambda m: m.start, default=None)
    return first if first is not None and first.kind == "organization" else None


def main_company(ctx: Context) -> Mention | None:
    """The organisation the article names most (the first named on a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for m in ctx.mentions:
        if m.kind == "organization":
            counts[m.key] = counts.get(m.key, 0) + 1
            first.setdefault(m.key, m)
    if not counts:
        return None
    return first[max(counts, key=lambda k: (counts[k], -first[k].start))]


_OWNS_SEVERAL = re.compile(
    r"\b(?:is|are)\s+(?:also\s+|now\s+)?(?:running|developing|testing|advancing)\s+(?:two|three|four)\b",
    _I,
)
_ORDINAL_OPENING = re.compile(r"^\W{0,4}(?:the\s+)?(?:first|second|third|fourth|other)\s*,\s*$", _I)
_OWNER_WINDOW = 8  # sentences after the owner's in which an ordinal sentence may name one


def ordinal_programmes(ctx: Context, sent: Sentence, orgs: list[Mention]) -> None:
    """ "Acme is testing two ADCs ... The first, A, ... The second, B, ...": A and B are
    Acme's, with the evidence running from the owner's sentence to the ordinal one."""
    owner = ctx.programme_owner
    if owner is not None and sent.index - owner[0].index <= _OWNER_WINDOW:
        first = next((m for m in sent.candidates if m.kind == "therapy"), None)
        if first is not None and _ORDINAL_OPENING.match(ctx.text[sent.start : first.start]):
            ctx.add("developed_by", ctx.ref(first), ctx.ref(owner[1]), owner[0], through=sent)
    if not any(w in sent.text for w in (" two ", " three ", " four ")):
        return  # a substring test first: almost no sentence counts programmes
    several = _OWNS_SEVERAL.search(sent.text)
    if several is not None:
        before = [o for o in orgs if o.end <= sent.start + several.start()]
        if before:
            ctx.programme_owner = (sent, before[0])


def developer_plausible(ctx: Context, therapy: Mention, org: Mention) -> bool:
    """May ``org`` develop ``therapy``? A known therapy's developers (or their acquirers)
    only, when its vocabulary entry lists any."""
    entry = ctx.vocab.get("therapy", therapy.key)
    if entry is None or not entry.developers:
        return True
    if org.key in entry.developers:
        return True
    # the acquirer of a developer counts too
    for dev in entry.developers:
        seen = set()
        e = ctx.vocab.get("organization", dev)
        while e is not None and e.acquired_by and e.acquired_by not in seen:
            if e.acquired_by == org.key:
                return True
            seen.add(e.acquired_by)
            e = ctx.vocab.get("organization", e.acquired_by)
    return False


def company_subject(ctx: Context, sent: Sentence, before: int) -> list[Mention]:
    """ "At the CTAD conference, Corriebrae presented results from LOCHAN, a Phase 1b
    study": a sentence naming no therapy whose first company, before ``before``, develops
    one programme of the article speaks of that programme."""
    org = next((m for m in sent.mentions if m.kind == "organization"), None)
    if org is None or org.start >= before:
        return []
    own = {
        r.subject.key: r.subject
        for r in ctx.relations
        if r.kind == "developed_by" and r.object.key == org.key and r.subject.kind == "therapy"
    }
    if len(own) != 1:
        return []
    ref = next(iter(own.values()))
    return [Mention("therapy", ref.key, ref.name, org.start, org.end, ref.known)]
