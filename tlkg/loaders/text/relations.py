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
from collections import defaultdict

from tlkg.loaders.records import EntityRef, RelationKind
from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.barrier_words import RAPID_PROCESS
from tlkg.loaders.text.boilerplate import boilerplate_sentences
from tlkg.loaders.text.code_makers import code_makers
from tlkg.loaders.text.combinations import combinations
from tlkg.loaders.text.comparisons import comparisons, field_rivals
from tlkg.loaders.text.discourse import (
    ANAPHOR,
    Context,
    Sentence,
    anaphor_count,
)
from tlkg.loaders.text.groups import distinct, ordinal_predecessors, therapy_groups
from tlkg.loaders.text.layout_facts import layout_facts
from tlkg.loaders.text.model import BarrierMention, Mention
from tlkg.loaders.text.organisations import organisations
from tlkg.loaders.text.patterns import EXAMPLES
from tlkg.loaders.text.stages import branded_products, fits, stated_phases
from tlkg.loaders.text.targets import add_targets
from tlkg.ontology import concepts as C

_I = re.IGNORECASE
_CONDITIONAL = re.compile(
    r"^\s*if\b|,\s*if\b|\bif\s+(?:confirmed|successful|approved|validated|proven)\b", _I
)
_FACES = re.compile(P.FACES_CUE, _I)
_ADDRESSES = re.compile(P.ADDRESSES_CUE, _I)
_WEAK_ADDRESSES = re.compile(P.WEAK_ADDRESSES, _I)
_REQ_OR_Q = re.compile(P.REQUIREMENT_OR_QUESTION, _I)
_ADVERSE_NEUTRAL = re.compile(P.ADVERSE_NEUTRAL, _I)
_NEG_WORD = re.compile(P.NEGATION, _I)
_AFTER_NEG = re.compile(P.AFTER_NEGATED, _I)
_AFTER_ADDR = re.compile(P.AFTER_ADDRESSED, _I)
_SAFETY_CUE = re.compile(P.SAFETY_CUE, _I)
_THAT_REQUIRE = re.compile(r"^[\w\s,'’-]{0,40}?\b(?:that|which)\s+(?:\w+\s+){0,2}$", _I)
_REQUIRE_AFTER = re.compile(
    r"^\s+(?:still\s+|also\s+|typically\s+|usually\s+)?(?:require|need|demand|face)", _I
)
_NEG_BETWEEN = re.compile(r"\b(?:not|no|never)\b|n['’]t\b", _I)
# A clause whose subject is nobody: what it says was needed was not.
_NOBODY = re.compile(
    r"(?:^|(?<=[.;:,]\s))(?:no|none\s+of\s+the)\s+(?:[\w-]+\s+)?(?:patients?|participants?|one"
    r"|subjects?|infants?|children|adults)\b[^.;]{0,100}$",
    _I,
)
_RAPID = re.compile(RAPID_PROCESS, _I)
_GROUP_WINDOW = 5  # sentences back in which "both"/"the two ..." look for their pair


def add_relations(ctx: Context) -> None:
    current: list[Mention] = []
    previous: list[Mention] = []  # the previous sentence's therapies (same paragraph)
    recent: list[tuple[int, list[Mention]]] = []  # (sentence index, therapy group)
    paragraph = -1
    seen_modality: dict[str, Mention] = {}
    class_led = False  # the previous sentence's subject is a class with its examples
    boilerplate = boilerplate_sentences(ctx.sentences)
    for i, sent in enumerate(ctx.sentences):
        if i in boilerplate:
            continue
        if sent.span.paragraph != paragraph:
            paragraph = sent.span.paragraph
            current, previous = list(ctx.topic), []
        explicit = sent.explicit_subject()
        sent.lede_programme = _lede_programme(ctx, sent, explicit)
        explicit = sent.lede_programme or explicit
        if explicit or not _OTHER_PRODUCT.match(ctx.text, sent.start):
            if explicit:
                subject = explicit
            elif ctx.first_person(sent):
                subject = current = list(ctx.own)
            else:
                subject = _focus(sent, current, previous, recent, i, class_led)
        else:
            subject = []  # "Qalsody, from Biogen, received ...": a product no rule knows
        _has_modality(ctx, sent, seen_modality)
        add_targets(ctx, sent, subject if sent.anaphor is not None else [])
        _indications(ctx, sent, subject, explicit)
        comparisons(ctx, sent, subject if sent.anaphor is not None else current)
        field_rivals(ctx, sent, subject)
        combinations(ctx, sent, subject)
        _barriers(ctx, sent, subject)
        organisations(ctx, sent, subject)
        stated_phases(ctx, sent, subject)
        if explicit and not all(m.reference for m in explicit):
            current = [m for m in explicit if not m.reference] or explicit
        elif sent.anaphor is not None:
            current = subject  # "Both products ... They also ...": the chain goes on
        class_led = bool(explicit) and _class_with_examples(sent, explicit or [])
        groups = therapy_groups(sent)
        previous = [m for g in groups for m in g]
        recent = [(j, g) for j, g in recent if i - j < _GROUP_WINDOW] + [(i, g) for g in groups]
    layout_facts(ctx)
    branded_products(ctx)
    code_makers(ctx)


# "A subcutaneous T-cell engager produced ...", "An autologous CAR-T aimed at CD19 and CD22
# put 81% of adults ...": a news lede opening on an indefinite class word, before any name.
_LEDE_CLASS = re.compile(r"\s*(?:an?|one)\s+(?:[\w/-]+\s+){0,3}\Z", re.IGNORECASE)
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
        or any(m.kind == "therapy" for m in sent.candidates)
        or not _LEDE_CLASS.fullmatch(ctx.text, sent.start, explicit[0].start)
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


def _class_with_examples(sent: Sentence, explicit: list[Mention]) -> bool:
    """ "Autologous CAR-T therapies such as A and B ...": a class word as subject, followed
    by the products it gives as examples."""
    if explicit[0].kind != "modality":
        return False
    last = explicit[-1]
    after = next((m for m in sent.candidates if m.start >= last.end), None)
    return after is not None and bool(EXAMPLES.fullmatch(sent.ctx.text, last.end, after.start))


def _focus(
    sent: Sentence,
    current: list[Mention],
    previous: list[Mention],
    recent: list[tuple[int, list[Mention]]],
    index: int,
    class_led: bool = False,
) -> list[Mention]:
    """The subject of a sentence that names none (docs/extraction.md, "Discourse"): the
    entities in focus. A counted anaphor ("both", "the two drugs") stands for the latest
    group of that many therapies named together in the last few sentences; another plural
    ("they", "these therapies") for the therapies of the previous sentence when it named
    several; anything else ("it", "the therapy", "Every course ...") for the previous
    sentence's subject, at a paragraph start the article's topic."""
    if sent.anaphor is None:
        return current
    count = anaphor_count(sent.anaphor.group(0))
    if count:
        counted = _counted_group(recent, count)
        if counted:
            return counted
    if count == 0 and class_led:
        return current  # "... such as A and B. They require ...": the class, and so A and B
    if count is not None and len({m.key for m in previous}) >= 2:
        return distinct(previous)
    if sent.anaphor.group(0).lower() == "it" and len({m.key for m in current}) >= 2:
        # "It will compete with ...": one of the group, the article's topic if it is there
        topic = [m for m in current if any(m.key == t.key for t in sent.ctx.topic)]
        return topic[:1] or current
    return current


def _counted_group(recent: list[tuple[int, list[Mention]]], count: int) -> list[Mention]:
    """The latest sentence's group of ``count`` therapies named together, or else all of
    its therapies when they are ``count`` ("X joins Y, from A, and Z, from B. All three
    ..."), looking back sentence by sentence."""
    by_sentence: dict[int, list[list[Mention]]] = defaultdict(list)
    for j, group in recent:
        by_sentence[j].append(group)
    for j in sorted(by_sentence, reverse=True):
        groups = by_sentence[j]
        for group in reversed(groups):
            if len({m.key for m in group}) == count:
                return distinct(group)
        whole = distinct([m for g in groups for m in g])
        if len(whole) == count:
            return whole
    return []


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


# A combination partner written after the products it is taken with.
_PARTNER_GAP = re.compile(
    r"\s*,?\s*(?:(?:taken|given|used|administered|combined)\s+)?(?:together\s+)?(?:with|plus)\s+"
    r"(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){0,3}",
    re.IGNORECASE,
)


def _indications(
    ctx: Context, sent: Sentence, subject: list[Mention], explicit: list[Mention] | None
) -> None:
    inds = [m for m in sent.mentions if m.kind == "indication"]
    if not inds:
        return
    groups = therapy_groups(sent)
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
        holders: list[Mention] = []
        before = [g for g in groups if g[-1].end <= ind.start]
        after = [g for g in groups if g[0].start >= ind.end]
        if before:
            g = before[-1]
            holders.extend(g)
            if len(before) > 1 and _PARTNER_GAP.fullmatch(ctx.text, before[-2][-1].end, g[0].start):
                holders.extend(before[-2])  # "A and B, and C taken with D, are approved for X"
            if any(sent.in_object_zone(t) for t in g) and explicit:
                holders.extend(m for m in explicit if m.kind == "therapy")
        elif after:
            holders.extend(after[0])
        if not holders and unnamed:
            if has_anaphor or _trial_subject(sent):
                holders.extend(subject)
            elif _DOSE_RESULT.search(sent.text):
                holders.extend(m for m in subject if m.kind == "therapy")  # a product's dose
        holders.extend(_approved_use_of(sent, ind))
        if holders and lo <= ind.start < hi:
            holders.extend(earlier)  # "the fourth ... authorised for FL, after A and B"
        for h in holders:
            between = ctx.text[min(h.end, ind.end) : max(h.start, ind.start)]
            if sent.start <= h.start < ind.start and _NEG_BETWEEN.search(between):
                continue
            ctx.add("has_indication", ctx.ref(h), ctx.ref(ind), sent)


# "TIDEWAY enrolled 24 adults with hereditary ATTR amyloidosis ...": a trial named by its
# acronym as the subject is the trial of the programme in focus.
_TRIAL_SUBJECT = re.compile(
    r"\W*(?:The\s+)?(?-i:[A-Z][A-Z0-9]{3,}(?:-[A-Z0-9]+)?)\s+(?:(?:trial|study)\s+)?(?:enrolled|enrols"
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
    # "Geographic atrophy, the advanced form of dry AMD": the broader disease described in
    # an apposition (but "in a genetic form of ALS" is the use)
    r"|,\s+(?:the|an?)\s+(?:[\w-]+\s+){0,2}(?:form|type|subtype|complication|stage)\s+of)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    _I,
)
_EVENT_AFTER = re.compile(
    r"\s+(?:occurred|was\s+(?:reported|seen|observed|diagnosed)|were\s+(?:reported|seen|observed)"
    r"|developed|emerged|signals?|events?)\b",
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


def _barriers(ctx: Context, sent: Sentence, subject: list[Mention]) -> None:
    if not sent.barriers:
        return
    conditional = bool(_CONDITIONAL.search(sent.text))
    faces_cue = bool(_FACES.search(sent.text))
    question = sent.text.rstrip().endswith("?")
    for i, b in enumerate(sent.barriers):
        if i and _abbreviates(ctx.text, sent.barriers[i - 1], b):
            continue
        if _regulators_asking(sent, b):
            continue
        polarity = _barrier_polarity(ctx, sent, b, faces_cue, question)
        if polarity is None:
            continue
        if polarity == "addresses" and conditional:
            continue
        holders = _class_only(
            ctx, _relative_holder(sent, b) or _segment_subject(sent, b) or subject
        )
        if _RAPID.fullmatch(ctx.text, b.start, b.end):
            holders = [h for h in holders if h.kind == "therapy"]
        kind: RelationKind = "addresses_barrier" if polarity == "addresses" else "faces_barrier"
        # "Compared with X, Y is a pill taken at home rather than an infusion given at a
        # specialised centre after apheresis": X faces them too (Y's stance as above);
        # "... the apheresis that autologous CAR-T products require": said of those.
        facing = [*_compared_rather_than(sent, b), *_relative_clause_holders(ctx, sent, b)]
        for key in b.keys:
            obj = EntityRef(kind="barrier", key=key, name=key, known=True)
            for h in holders:
                ctx.add(kind, ctx.ref(h), obj, sent)
            for h in facing:
                ctx.add("faces_barrier", ctx.ref(h), obj, sent)


def _class_only(ctx: Context, holders: list[Mention]) -> list[Mention]:
    """ "DLL3 T-cell engagers, A and B among them, cause CRS": a class word with its
    examples states the class's barrier; its members of the class inherit it (as
    ``via_modality`` attributions), unless they say otherwise."""
    if not holders or holders[0].kind != "modality" or holders[0].reference:
        return holders
    if _LIKE_CLASS.search(ctx.text, max(0, holders[0].start - 30), holders[0].start):
        return holders  # "Like every autologous CAR-T, pelt-cel still requires apheresis"
    cls = holders[0].key
    return [h for h in holders if h.kind != "therapy" or not _member_of(ctx, h, cls)]


_LIKE_CLASS = re.compile(
    r"\b(?:like|unlike|as\s+with)\s+(?:(?:every|all|other|most|any|many)\s+)*\Z", _I
)


def _member_of(ctx: Context, m: Mention, modality: str) -> bool:
    t = ctx.therapies.get(m.key)
    return t is not None and bool(t.modality) and fits(ctx, m, modality)


_RATHER_THAN = re.compile(r"\b(?:rather\s+than|instead\s+of|as\s+opposed\s+to)\b", _I)


def _compared_rather_than(sent: Sentence, b: BarrierMention) -> list[Mention]:
    """The therapies of an opening comparison when ``b`` stands after "rather than" (what
    the compared therapy needs), else none."""
    cue = _RATHER_THAN.search(sent.ctx.text, sent.start, b.start)
    if cue is None:
        return []
    return [m for m in sent.candidates if m.kind == "therapy" and sent.in_contrast_zone(m)]


def _regulators_asking(sent: Sentence, b: BarrierMention) -> bool:
    """ "regulators expect years of follow-up", "the question regulators will press hardest
    is long-term liver safety": regulators as the ones asking for another barrier's answer
    name that barrier, not a regulatory one."""
    if C.REGULATORY not in b.keys or not _REGULATORS.match(sent.ctx.text, b.start):
        return False
    lo, hi = sent.clause_start(b.start), sent.clause_end(b.start)
    others = (o for o in sent.barriers if o is not b and C.REGULATORY not in o.keys)
    return any(lo <= o.start < hi for o in others)


_REGULATORS = re.compile(r"regulators\b", _I)


def _abbreviates(text: str, prev: BarrierMention, b: BarrierMention) -> bool:
    """ "neurotoxicity syndrome (ICANS)": the bracketed short form is the same mention, so
    it shares the long form's stance (a negation before the long form is out of reach)."""
    return prev.keys == b.keys and re.fullmatch(r"\s*\(\s*", text[prev.end : b.start]) is not None


# (An apposition may come between: "X (Brand), Amgen's CD19-directed bispecific, which ...")
_RELATIVE_GAP = re.compile(
    r"^\s*\)?\s*(?:\([^)]*\)\s*)?(?:,\s*(?:the|an?|(?-i:[A-Z][\w&.-]*)['’]s)\s[^,;()]{0,60})?"
    r",\s*(?:which|whose|who)\b[^,;]*$",
    _I,
)


def _relative_holder(sent: Sentence, b: BarrierMention) -> list[Mention] | None:
    """ "Compared with X, which is given intravenously and whose first infusion is split over
    two days in the clinic, Y ...": a barrier inside a relative clause is said of the
    therapy the clause hangs on, not of the sentence's subject."""
    before = [m for m in sent.candidates if m.end <= b.start and m.kind == "therapy"]
    if before and _RELATIVE_GAP.match(sent.ctx.text[before[-1].end : b.start]):
        return [before[-1]]
    return None


# ", and the FDA added ... to X": a second main clause with its own actors.
# ("..., while eplontersen is a self-injection": "while" and "whereas" always begin one.)
_CLAUSE_JOIN = re.compile(r";|,\s+(?:and|but)\s+(?=the\b|[A-Z])|,\s+(?:while|whereas)\s+")


def _segment_subject(sent: Sentence, b: BarrierMention) -> list[Mention] | None:
    """In a sentence of several main clauses ("...; ...", "..., and the agency ..."), the
    barrier's own clause's subject: its first candidate before the barrier word, else (for
    a clause joined by ", and ...") one after it in the same clause ("..., and the FDA added a
    warning on secondary malignancies to autologous CAR-T products")."""
    text = sent.ctx.text
    joins = [m for m in _CLAUSE_JOIN.finditer(text, sent.start, b.start)]
    if not joins:
        return None
    seg, semicolon = joins[-1].end(), joins[-1].group(0) == ";"
    own = [m for m in sent.candidates if seg <= m.start < b.start and sent.eligible(m)]
    if own:
        return sent.group(own[0], strict=True)
    if semicolon:
        return None
    nxt = _CLAUSE_JOIN.search(text, b.end, sent.end)
    end = nxt.start() if nxt else sent.end
    later = [m for m in sent.candidates if b.end <= m.start < end and sent.eligible(m)]
    return sent.group(later[0], strict=True) if later else None


def _requirement_lifted(sent: Sentence, b: BarrierMention) -> bool:
    """Is a requirement the barrier words name lifted ("do not need a hospital stay",
    "skips the hospital stay", "No patient in the trial had to be admitted to hospital")?"""
    text = sent.ctx.text
    before = text[max(sent.start, b.start - 45) : b.start]
    if _NEG_WORD.search(before) or _LIFTED.search(before):
        return True
    return bool(_NOBODY.search(text[max(sent.clause_start(b.start), b.start - 120) : b.start]))


def _barrier_polarity(
    ctx: Context, sent: Sentence, b: BarrierMention, faces_cue: bool, question: bool
) -> str | None:
    text = ctx.text
    adverse = any(k in P.ADVERSE for k in b.keys)
    implicit = all(k in P.IMPLICIT for k in b.keys)
    if b.polarity == "needs-cue":
        if not _SAFETY_CUE.search(sent.text):
            return None
        adverse = implicit = True
    elif b.polarity == "addresses":
        return "addresses"
    elif b.polarity == "faces":
        return "addresses" if _requirement_lifted(sent, b) else "faces"
    window_start = max(
        sent.clause_start(b.start) if not _in_list(text, sent, b) else sent.start,
        b.start - 70,
        sent.start,
    )
    before = text[window_start : b.start]
    after = text[b.end : min(sent.end, b.end + 40)]
    if adverse:
        if _DOES_NOT_CAUSE.search(before[-45:]):
            return "addresses"  # a property ("the conjugate does not cause CRS"), not a count
        if _AFTER_NEG.match(after) or _NEG_WORD.search(before[-45:]):
            return None
        if _BECAUSE_OF.search(before[-70:]):
            return "faces"  # the reason for a requirement ("monitored ... because of CRS")
        if re.search(
            r"\b(?:eliminat\w*|avoid\w*|bypass\w*|obviat\w*|remov\w*|circumvent\w*|spar(?:e|es|ing))\b",
            before,
            _I,
        ):
            return "addresses"
        end = sent.clause_end(b.end)
        joined = _NEXT_MAIN_CLAUSE.search(text, b.end, end)  # ", and the first doses ..."
        clause = text[sent.clause_start(b.start) : joined.start() if joined else end]
        if _ADVERSE_NEUTRAL.search(clause) and not _STILL_OCCURS.search(clause):
            return None  # "lower rates of CRS"; but "less common ... but does occur" faces
        return "faces"
    if _AFTER_ADDR.match(after):
        return "addresses"
    addr = list(_ADDRESSES.finditer(before))
    if addr:
        last = addr[-1]
        if _WEAK_ADDRESSES.fullmatch(last.group(0)) and (
            question or _REQ_OR_Q.search(text[sent.start : window_start + last.start()])
        ):
            return "faces"
        return "addresses"
    if implicit or faces_cue:
        return "faces"
    return None


_LIFTED = re.compile(
    r"\b(?:skip\w*|avoid\w*|eliminat\w*|bypass\w*|obviat\w*|remov\w*|spar(?:e|es|ing))\b[^.;,]{0,30}$",
    _I,
)
_DOES_NOT_CAUSE = re.compile(
    r"\b(?:does|do)(?:\s+not|n['’]t)\s+(?:cause|trigger|induce)\s+(?:\w+\s+)?$", _I
)
_BECAUSE_OF = re.compile(
    r"\b(?:because\s+of|due\s+to|owing\s+to)\s+(?:the\s+)?(?:risks?\s+of\s+)?"
    r"(?:[\w-]+\s+){0,4}?(?:(?:and|or)\s+)?$",
    _I,
)
# ", and the first two doses are followed by monitoring": a main clause of its own.
_NEXT_MAIN_CLAUSE = re.compile(r",\s+and\s+(?:the|a|an|its|their|patients|most|each)\b", _I)
_STILL_OCCURS = re.compile(r"\bbut\s+(?:does|do|still|can|may)\s+(?:still\s+)?(?:occur|happen)", _I)


def _in_list(text: str, sent: Sentence, b: BarrierMention) -> bool:
    """Is the barrier word one item of a list ("without apheresis, cell manufacturing or
    lymphodepleting chemotherapy")? Then the cue before the list governs it."""
    cs = sent.clause_start(b.start)
    return (
        cs > sent.start
        and text[cs] == ","
        and b.start - cs < 40
        # ", although patients still need X" opens a clause of its own, not a list item
        and _CLAUSE_OPENER.match(text, cs) is None
    )


_CLAUSE_OPENER = re.compile(r",\s+(?:which|while|whereas|although|though|but|so|as)\b", _I)


def _relative_clause_holders(ctx: Context, sent: Sentence, b: BarrierMention) -> list[Mention]:
    for m in sent.candidates:
        if m.start <= b.end or m.start - b.end > 60:
            continue
        if _THAT_REQUIRE.match(ctx.text[b.end : m.start]) and _REQUIRE_AFTER.match(
            ctx.text[m.end : m.end + 30]
        ):
            return [m]
    return []
