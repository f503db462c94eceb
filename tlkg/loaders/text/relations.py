"""The relation rules, sentence by sentence: modalities, targets and indications go to the
therapy they are said of, comparisons pair a subject with what follows the cue, barriers go to
the sentence's subject, organisations to the therapies they develop or the companies they buy.

Negation and hypotheticals: a comparison cue in a negated clause ("no head-to-head
comparison has been run", "complement rather than replace") asserts nothing; an adverse
event negated ("no signs of neurotoxicity", "was not reported") asserts nothing; a
procedural barrier negated ("without apheresis", "no lymphodepletion needed") is
*addressed*. A question is not a negation. Removal claims inside a condition ("If
confirmed, it could slash costs") are not asserted; requirements ("would need to clear
Phase III trials") are barriers faced.
"""

from __future__ import annotations

import re

from tlkg.loaders.records import EntityRef
from tlkg.loaders.text.barrier_claims import PLURAL_CLASS, barriers
from tlkg.loaders.text.boilerplate import boilerplate_sentences
from tlkg.loaders.text.branded_stages import branded_products
from tlkg.loaders.text.code_makers import code_makers
from tlkg.loaders.text.combinations import combinations
from tlkg.loaders.text.comparisons import comparisons, field_rivals
from tlkg.loaders.text.discourse import (
    ANAPHOR,
    Context,
    Sentence,
    anaphor_count,
)
from tlkg.loaders.text.focus import focus
from tlkg.loaders.text.groups import ordinal_predecessors, therapy_groups
from tlkg.loaders.text.layout_facts import layout_facts
from tlkg.loaders.text.listed_uses import approved_list_uses
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.organisations import organisations
from tlkg.loaders.text.patterns import EXAMPLES, ORG_POSSESSIVE
from tlkg.loaders.text.stages import fits, stated_phases
from tlkg.loaders.text.target_links import drop_family_targets
from tlkg.loaders.text.targets import add_targets

_I = re.IGNORECASE
_NEG_BETWEEN = re.compile(r"\b(?:not|no|never)\b|n['’]t\b", _I)
# Nothing but a speaker's label before a sentence-first anaphor ("CEO: Both list ...").
_SPEAKER = re.compile(r"\s*(?:[^:.\"“]{0,80}:\s*)?")
_PARTNER_BEFORE = re.compile(r",\s*(?:with|plus)\s+\Z", re.IGNORECASE)


def _partner_aside(text: str, group: list[Mention]) -> bool:
    """ "..., with cetuximab, in June 2024": a partner said in passing."""
    return bool(
        _PARTNER_BEFORE.search(text, max(0, group[0].start - 12), group[0].start)
        and text[group[-1].end : group[-1].end + 1] == ","
    )


_GROUP_WINDOW = 5  # sentences back in which "both"/"the two ..." look for their pair


def add_relations(ctx: Context) -> None:
    current: list[Mention] = []
    previous: list[Mention] = []  # the previous sentence's therapies (same paragraph)
    recent: list[tuple[int, list[Mention]]] = []  # (sentence index, therapy group)
    subjects: list[tuple[int, Mention]] = []  # sentences whose own subject is one product
    paragraph = -1
    seen_modality: dict[str, Mention] = {}
    class_led = False  # the previous sentence's subject is a class with its examples
    led_by: list[Mention] = []  # that class, when it gave its examples ("A and B among them")
    boilerplate = boilerplate_sentences(ctx.sentences)
    for i, sent in enumerate(ctx.sentences):
        if i in boilerplate:
            continue
        if sent.span.paragraph != paragraph:
            paragraph = sent.span.paragraph
            current, previous, subjects = list(ctx.topic), [], []
        explicit = _like_opening(sent, sent.explicit_subject())
        sent.lede_programme = _lede_programme(ctx, sent, explicit)
        explicit = sent.lede_programme or explicit
        counted_opening = _COUNTED_OPENING.match(sent.text)
        if counted_opening and (
            not explicit or explicit[0].start >= sent.start + counted_opening.end()
        ):
            subject = []  # "Two regimens are already approved ...": those named next
        elif explicit or not _OTHER_PRODUCT.match(ctx.text, sent.start):
            if explicit:
                subject = explicit
            elif ctx.first_person(sent):
                subject = current = list(ctx.own)
            else:
                subject = focus(sent, current, previous, recent, i, class_led, subjects)
        else:
            subject = []  # "Qalsody, from Biogen, received ...": a product no rule knows
        _has_modality(ctx, sent, seen_modality)
        add_targets(ctx, sent, subject if sent.anaphor is not None else [])
        _indications(ctx, sent, subject, explicit)
        approved_list_uses(ctx, sent)
        comparisons(ctx, sent, subject if sent.anaphor is not None else current)
        field_rivals(ctx, sent, subject)
        combinations(ctx, sent, subject)
        barriers(ctx, sent, _class_of(sent, led_by, subject) if not explicit else subject)
        organisations(ctx, sent, subject)
        stated_phases(ctx, sent, subject)
        if explicit and not all(m.reference for m in explicit):
            current = [m for m in explicit if not m.reference] or explicit
        elif sent.anaphor is not None:
            current = subject  # "Both products ... They also ...": the chain goes on
        class_led = bool(explicit) and _class_with_examples(sent, explicit or [])
        led_by = _class_among(sent, explicit) if explicit else []
        groups = therapy_groups(sent)
        previous = [m for g in groups for m in g]
        if explicit and len(explicit) == 1 and explicit[0].kind == "therapy":
            subjects.append((i, explicit[0]))
        # (a combination partner is no member of what "both" counts: "A followed in CRC,
        # with cetuximab, in 2024. Both bind ...": A and the drug named before it)
        recent = [(j, g) for j, g in recent if i - j < _GROUP_WINDOW] + [
            (i, g) for g in groups if not _partner_aside(ctx.text, g)
        ]
    layout_facts(ctx)
    branded_products(ctx)
    code_makers(ctx)
    drop_family_targets(ctx)


# A sentence opening on a count of products it has not named yet.
_COUNTED_OPENING = re.compile(
    r"\W*(?:two|three|four|five|several)\s+(?:other\s+)?(?:[\w-]+\s+)?(?:regimens|drugs|products"
    r"|therapies|treatments|medicines|options|antibodies|inhibitors)\s+(?:are|were|have)\b",
    re.IGNORECASE,
)


_LIKE_OPENING = re.compile(r"\W*(?:just\s+|much\s+)?like\s", re.IGNORECASE)


def _like_opening(sent: Sentence, explicit: list[Mention] | None) -> list[Mention] | None:
    """ "Like X (INN), Acme's allogeneic product, Y still needs Z": Y as well as X."""
    m = _LIKE_OPENING.match(sent.text)
    if m is None or not explicit:
        return explicit
    end = sent.contrast_end(sent.start + m.end())
    after = [c for c in sent.candidates if c.start >= end and c.kind == "therapy"]
    if not after or explicit[0].start >= end or not sent.eligible(after[0]):
        return explicit
    return explicit + [c for c in sent.group(after[0], strict=True) if c not in explicit]


# "A subcutaneous T-cell engager produced ...", "An autologous CAR-T aimed at CD19 and CD22
# put 81% of adults ...": a news lede opening on an indefinite class word, before any name.
_LEDE_CLASS = re.compile(r"\s*(?:an?|one)\s+(?:[\w/-]+\s+){0,3}\Z", re.IGNORECASE)
_TITLE_CLASS = re.compile(r"\s*(?:[\w/'’-]+\s+){0,3}", re.IGNORECASE)
_LEDE_SENTENCES = 3  # the first sentences (a title counts) in which a lede may stand
_LEDE_NAMED_WITHIN = 2  # sentences after it in which the programme must be named


def _lede_programme(
    ctx: Context, sent: Sentence, explicit: list[Mention] | None
) -> list[Mention] | None:
    """The article's own programme for a lede's indefinite class word (docs/extraction.md,
    "Discourse"): the first programme no vocabulary knows that the next two sentences name,
    of that class or a narrower one; None when the sentence is no such lede."""
    if (
        not explicit
        or len(explicit) != 1
        or explicit[0].kind != "modality"
        or sent.index >= _LEDE_SENTENCES
        or any(m.kind == "therapy" and sent.eligible(m) for m in sent.candidates)
        or not (
            _LEDE_CLASS.fullmatch(ctx.text, sent.start, explicit[0].start)
            # a headline drops the article: "Off-the-shelf CD19/CD22 CAR-T from X posts ..."
            or (
                sent.index == 0
                and _TITLE_CLASS.fullmatch(ctx.text, sent.start, explicit[0].start)
                and not PLURAL_CLASS.match(ctx.text, explicit[0].end - 1)
            )
        )
    ):
        return None
    for nxt in ctx.sentences[sent.index + 1 : sent.index + 1 + _LEDE_NAMED_WITHIN]:
        for m in nxt.candidates:
            if m.kind == "therapy" and not m.known and fits(ctx, m, explicit[0].key):
                return [m]
    return None


# A sentence that opens on a name and its maker ("Qalsody, from Biogen and Ionis, received
# accelerated approval") is about that product even when no rule knows the name: it never
# falls back to the focus.
_OTHER_PRODUCT = re.compile(
    r"\s*(?-i:[A-Z][a-z]{3,}[A-Za-z]*),\s+(?:from|made\s+by|developed\s+by|marketed\s+by|sold\s+by)\s+(?-i:[A-Z])"
)


def _class_of(sent: Sentence, led_by: list[Mention], subject: list[Mention]) -> list[Mention]:
    """ "Autologous CAR-Ts, A and B among them, need apheresis. These therapies also carry
    warnings ...": a plural anaphor right after a class with its examples states the
    class's barrier (its members inherit it), as the class sentence did."""
    if not led_by or sent.anaphor is None or anaphor_count(sent.anaphor.group(0)) != 0:
        return subject
    return led_by


def _class_among(sent: Sentence, explicit: list[Mention]) -> list[Mention]:
    """The class word of a subject that lists its examples ("Autologous CAR-T therapies,
    A (a) and B (b) among them, ..."), else none."""
    members = [m for m in explicit[1:] if m.kind == "therapy"]
    if explicit[0].kind != "modality" or not members:
        return []
    if not _AMONG_THEM.match(sent.ctx.text, members[-1].end):
        return []
    return [explicit[0]]


_AMONG_THEM = re.compile(
    r"\s*\)?\s*(?:\([^()]{1,60}\)\s*)?,?\s*among\s+(?:them|others)\b", re.IGNORECASE
)


def _class_with_examples(sent: Sentence, explicit: list[Mention]) -> bool:
    """ "Autologous CAR-T therapies such as A and B ...": a class word as subject, followed
    by the products it gives as examples."""
    if explicit[0].kind != "modality":
        return False
    last = explicit[-1]
    after = next((m for m in sent.candidates if m.start >= last.end), None)
    return after is not None and bool(EXAMPLES.fullmatch(sent.ctx.text, last.end, after.start))


def _has_modality(ctx: Context, sent: Sentence, seen: dict[str, Mention]) -> None:
    for m in sent.mentions:
        if m.kind != "therapy" or m.key in seen:
            continue
        t = ctx.therapies.get(m.key)
        if t is None or not t.modality:
            continue
        seen[m.key] = m
        obj = EntityRef(kind="modality", key=t.modality, name=t.modality, known=True)
        ctx.add("has_modality", ctx.ref(m), obj, sent)


# A plural verb of use: its subject may be several groups ("A and B ... and C are also
# approved in X").
_PLURAL_USE = re.compile(
    r"\b(?:are|were|have\s+been)\s+(?:also\s+|each\s+|both\s+|all\s+|now\s+)?(?:approved|indicated"
    r"|licensed|authori[sz]ed|used)\b",
    re.IGNORECASE,
)
# A combination partner written after the products it is taken with.
_PARTNER_GAP = re.compile(
    r"\s*,?\s*(?:(?:taken|given|used|administered|combined)\s+)?(?:together\s+)?(?:with|plus)\s+"
    r"(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){0,3}",
    re.IGNORECASE,
)


# "A is in phase 3 (in combination) with B in X": the partner after the predicate.
_WITH_PARTNER = re.compile(
    r"\b(?:in\s+combination\s+|together\s+|combined\s+|alongside\s+)?(?:with|plus)\s+"
    r"(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){0,2}\Z",
    re.IGNORECASE,
)
# ... but not a comparison or the patients' earlier treatment ("compared with B", "after
# treatment with B", "switched from A to B").
_NOT_PARTNER = re.compile(
    r"\b(?:compar\w*|versus|vs|than|against|head[- ]to[- ]head|treated|after|previously|prior"
    r"|fail\w*|switch\w*|from|instead|rather|unlike|like|whereas|while)\b|[;:]",
    re.IGNORECASE,
)


# "authorisation to A, X's oral BET inhibitor, for use with B in ...": the licensed use.
_FOR_USE_WITH = re.compile(r"\bfor\s+use\s+(?:in\s+combination\s+|together\s+)?with\s+\Z", re.I)


def _with_partner(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, between a product and the next, makes the next its
    combination partner in one clause ("A is now in phase 3 with B"; across an apposition
    only in a licensed use: "A, X's BET inhibitor, for use with B")."""
    gap = text[start:end]
    if _NOT_PARTNER.search(gap) is not None:
        return False
    if len(gap) <= 120 and _FOR_USE_WITH.search(gap) is not None:
        return True
    return len(gap) <= 80 and _WITH_PARTNER.search(gap) is not None and "," not in gap


def _indications(
    ctx: Context, sent: Sentence, subject: list[Mention], explicit: list[Mention] | None
) -> None:
    inds = [m for m in sent.mentions if m.kind == "indication"]
    if not inds:
        return
    # (not the patients' earlier treatment: "patients who had received A and B")
    groups = [g for g in therapy_groups(sent) if not sent.prior(g[0])]
    if sent.lede_programme:  # a headline's rivals are not what its disease is said of
        groups = [g for g in groups if not all(sent.in_object_zone(t) for t in g)]
    # an anaphor before the indication ("It is now in a phase 2 study in FL") or a subject
    # pronoun after it ("Given to mice with pancreatic tumours, it caused ..."), not a
    # possessive after it ("Results in lupus nephritis ...: most patients stop their drugs")
    anaphors = [(sent.start + a.start(), a.group(0).lower()) for a in ANAPHOR.finditer(sent.text)]
    # (once per sentence: "the fourth ... for FL, after A and B")
    lo, hi, earlier = ordinal_predecessors(sent)
    unnamed = not groups and explicit is None  # no therapy named, no explicit subject
    for ind in inds:
        if _adverse_event(ctx.text, sent, ind):
            continue
        has_anaphor = any(pos < ind.start or word not in ("its", "their") for pos, word in anaphors)
        apposed = _apposed_use(ctx.text, groups, ind)
        # "A, Acme's gp100-directed engager for uveal melanoma, and B, ...": A's alone
        holders = [apposed] if apposed else _group_holders(ctx, sent, ind, groups, explicit)
        if not holders:
            holders = _unnamed_holders(sent, subject, unnamed, has_anaphor)
        holders.extend(_approved_use_of(sent, ind))
        if holders and lo <= ind.start < hi:
            holders.extend(earlier)  # "the fourth ... authorised for FL, after A and B"
        for h in holders:
            between = ctx.text[min(h.end, ind.end) : max(h.start, ind.start)]
            if sent.start <= h.start < ind.start and _NEG_BETWEEN.search(between):
                continue
            ctx.add("has_indication", ctx.ref(h), ctx.ref(ind), sent)


# "tebentafusp, Immunocore's gp100-directed engager for uveal melanoma, and ...": a use
# inside the apposition on a listed product is that product's alone.
_APPOSED_USE = re.compile(
    r"\s*(?:\([^()]{0,60}\)\s*)?,\s+(?:" + ORG_POSSESSIVE + r"|an?\s+|the\s+)"
    r"[^,;:()]{0,60}?\b(?:for|in)\s+(?:(?:adults|patients|people)\s+with\s+)?\Z",
    re.IGNORECASE,
)


def _apposed_use(text: str, groups: list[list[Mention]], ind: Mention) -> Mention | None:
    named = [m for g in groups for m in g if m.end <= ind.start]
    last = max(named, key=lambda m: m.end, default=None)
    if last is None or _APPOSED_USE.fullmatch(text, last.end, ind.start) is None:
        return None
    return last


def _group_holders(
    ctx: Context,
    sent: Sentence,
    ind: Mention,
    groups: list[list[Mention]],
    explicit: list[Mention] | None,
) -> list[Mention]:
    """The therapies a disease of the sentence is said of by position: the group before it
    (with a partner's or a plural subject's groups), else the group after it (with the
    products a colon or "treated with" lists)."""
    holders: list[Mention] = []
    before = [g for g in groups if g[-1].end <= ind.start]
    after = [g for g in groups if g[0].start >= ind.end]
    if before:
        g = before[-1]
        holders.extend(g)
        if len(before) > 1 and (
            _PARTNER_GAP.fullmatch(ctx.text, before[-2][-1].end, g[0].start)
            or _with_partner(ctx.text, before[-2][-1].end, g[0].start)
        ):
            holders.extend(before[-2])  # "A and B, and C taken with D, are approved for X"
        if len(before) > 1 and _PLURAL_USE.search(ctx.text, before[-2][-1].end, ind.start):
            # "A and B from Alexion and UCB's C are also approved in gMG": a plural
            # subject spans the groups its makers split
            start = sent.clause_start(g[0].start)
            holders.extend(m for h in before[:-1] for m in h if m.start >= start)
        if any(sent.in_object_zone(t) for t in g) and explicit:
            holders.extend(m for m in explicit if m.kind == "therapy")
    elif after:
        holders.extend(after[0])
        listed = _LISTED_AFTER.search(ctx.text, ind.end, after[0][0].start)
        if listed is not None:
            # "Three biologics are approved in atopic dermatitis: A (a); B (b); and C",
            # "People with HCC are treated first with A given with B, or with C": the
            # use is each listed product's (a colon's list runs to the sentence's end)
            end = sent.end if listed.group(0) == ":" else sent.clause_end(ind.end)
            holders.extend(m for g in after[1:] for m in g if m.start < end)
    return holders


# What lists the products a disease is treated with after it: a colon, or "treated
# (first) with", "options include".
_LISTED_AFTER = re.compile(
    r":|\b(?:treated|managed)\s+(?:\w+\s+){0,2}?with\b|\b(?:options|treatments|therapies)"
    r"\s+(?:\w+\s+){0,2}?include\b",
    re.IGNORECASE,
)


def _unnamed_holders(
    sent: Sentence, subject: list[Mention], unnamed: bool, has_anaphor: bool
) -> list[Mention]:
    """Who a disease is said of when no therapy group is beside it: a headline's
    programme, else (no therapy named, no explicit subject) the focus after an anaphor or
    a trial's name, or the focus's product whose dose the sentence reports."""
    if sent.lede_programme:
        return list(sent.lede_programme)
    if not unnamed:
        return []
    if has_anaphor or _trial_subject(sent):
        return list(subject)
    if _DOSE_RESULT.search(sent.text):
        return [m for m in subject if m.kind == "therapy"]  # a product's dose
    return []


# "TIDEWAY enrolled 24 adults with hereditary ATTR amyloidosis ...": a trial named by its
# acronym as the subject is the trial of the programme in focus.
_TRIAL_SUBJECT = re.compile(
    # ("The trial enrolled 748 patients with ...": the trial just named)
    r"\W*(?:(?:The\s+)?(?-i:[A-Z][A-Z0-9]{3,}(?:-[A-Z0-9]+)?)\s+(?:(?:trial|study)\s+)?"
    r"|(?:the|this|that|its|our)\s+(?:[\w-]+\s+){0,3}?(?:trial|study)\s+)(?:enrolled|enrols"
    r"|enrolls|randomi[sz]ed|included|recruited|treated|tested|evaluated|is\s+enrolling)\b",
    _I,
)


# "In 12 models of gastric and pancreatic cancer, a single dose shrank tumours in nine": a
# dose of the programme in focus, given in those diseases.
_DOSE_RESULT = re.compile(
    r"\b(?:a\s+single|one|each|every|the\s+(?:first|highest|top))\s+(?:\w+\s+)?(?:dose|infusion|injection)"
    r"\b[^.;]{0,60}?\b(?:shrank|cleared|reduced|eliminated|induced|produced|improved|halted)\b",
    _I,
)


def _trial_subject(sent: Sentence) -> bool:
    return _TRIAL_SUBJECT.match(sent.text) is not None


# A disease that happens on treatment is a finding, not what the drug treats: "new-onset
# neovascular AMD occurred in 5% of patients", "cases of pneumonitis were reported".
_EVENT_BEFORE = re.compile(
    r"\b(?:new[- ]onset|incident|cases?\s+of|incidence\s+of|rates?\s+of|episodes?\s+of"
    r"|developed(?!\s+(?:for|as|by|in|to|with)\b)|conversion\s+to|progression\s+to|risk\s+of"
    # "labels warn of myelodysplastic syndrome and acute leukaemia": a harm, not a use
    r"|warn(?:s|ing|ings)?\s+(?:\w+\s+){0,2}?(?:of|about|for)(?:(?:\s+[\w-]+){1,3},?\s+and)?"
    # "Geographic atrophy, the advanced form of dry AMD": the broader disease described in
    # an apposition (but "in a genetic form of ALS" is the use)
    r"|,\s+(?:the|an?)\s+(?:[\w-]+\s+){0,2}(?:form|type|subtype|complication|stage)\s+of)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    _I,
)
_EVENT_AFTER = re.compile(
    r"\s+(?:occurred|was\s+(?:reported|seen|observed|diagnosed)|were\s+(?:reported|seen|observed)"
    # ("a gene therapy for DMD developed by Acme": a maker follows, not an event)
    r"|developed(?!\s+(?:by|at|with|jointly|together|under|in\s+partnership)\b)"
    r"|emerged|signals?|events?)\b",
    _I,
)


def _adverse_event(text: str, sent: Sentence, ind: Mention) -> bool:
    return bool(
        _EVENT_BEFORE.search(text, max(sent.start, ind.start - 40), ind.start)
        or _EVENT_AFTER.match(text, ind.end)
    )


# "X, which is approved with Y for Z": the use a relative clause on X states is X's too.
_APPROVED_USE = re.compile(
    r"\s*\)?\s*,\s*(?:which|that)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+"
    r"(?:\w+\s+)?(?:approved|indicated|used|licensed|authori[sz]ed)\b[^,;]*$",
    _I,
)


def _approved_use_of(sent: Sentence, ind: Mention) -> list[Mention]:
    before = [m for m in sent.candidates if m.kind == "therapy" and m.end <= ind.start]
    for m in reversed(before):
        if _APPROVED_USE.match(sent.ctx.text, m.end, ind.start):
            return [m]
    return []
