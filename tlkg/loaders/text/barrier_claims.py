"""Barrier claims, sentence by sentence: what a sentence's barrier words are said of (its
subject, a relative clause's holder, a clause's own subject, a class word rather than the
examples it gives) and with what stance (faces or addresses: negation, requirement,
condition). Called by ``relations.add_relations`` for each sentence."""

from __future__ import annotations

import re

from tlkg.loaders.records import EntityRef, RelationKind
from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.barrier_words import RAPID_PROCESS
from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.groups import therapy_groups
from tlkg.loaders.text.model import BarrierMention, Mention
from tlkg.loaders.text.stages import fits
from tlkg.ontology import concepts as C

_I = re.IGNORECASE
_HEADING = re.compile(r"#{1,6}\s")
# A speaker's label, then a word or two: no clause, no claim.
_FRAGMENT = re.compile(r"(?:[^:.]{0,80}:\s*)?\W*[\w-]+(?:\s+[\w-]+)?\W*\Z")
_CONDITIONAL = re.compile(
    r"^\s*[\"“'‘]?\s*if\b|,\s*if\b|\bif\s+(?:confirmed|successful|approved|validated|proven)\b", _I
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
# A clause whose subject is nobody: what it says was needed was not.
_NOBODY = re.compile(
    r"(?:^|(?<=[.;:,]\s))(?:no|none\s+of\s+the)\s+(?:[\w-]+\s+)?(?:patients?|participants?|one"
    r"|subjects?|infants?|children|adults)\b[^.;]{0,100}$",
    _I,
)
_RAPID = re.compile(RAPID_PROCESS, _I)


def barriers(ctx: Context, sent: Sentence, subject: list[Mention]) -> None:
    """The barrier claims of the sentence, each given to what it is said of (none in a
    section heading: "## The cost argument" names a topic, it claims nothing)."""
    if not sent.barriers or (sent.index > 0 and _HEADING.match(sent.text)):
        return
    if _FRAGMENT.match(sent.text):
        return  # "Analyst, Fenwick Securities: Pricing.": a topic named, nothing claimed
    conditional = bool(_CONDITIONAL.search(sent.text))
    faces_cue = bool(_FACES.search(sent.text))
    question = sent.text.rstrip().endswith("?")
    for i, b in enumerate(sent.barriers):
        if i and _abbreviates(ctx.text, sent.barriers[i - 1], b):
            continue
        if _regulators_asking(sent, b):
            continue
        polarity = _barrier_polarity(ctx, sent, b, faces_cue, question)
        if polarity is None or _lifted_by_regulator(ctx.text, b):
            continue
        if polarity == "addresses" and conditional:
            continue
        holders = _class_only(
            ctx,
            _modified(sent, b)
            or _relative_holder(sent, b)
            or _segment_subject(sent, b)
            or _colon_elaboration(sent, b)
            or subject,
        )
        if _RAPID.fullmatch(ctx.text, b.start, b.end):
            holders = [h for h in holders if h.kind == "therapy"]
        kind: RelationKind = "addresses_barrier" if polarity == "addresses" else "faces_barrier"
        # "Compared with X, Y is a pill taken at home rather than an infusion given at a
        # specialised centre after apheresis": X faces them too (Y's stance as above);
        # "... the apheresis that autologous CAR-T products require": said of those.
        facing = [*_compared_rather_than(sent, b), *_relative_clause_holders(ctx, sent, b)]
        if polarity == "addresses":
            facing += _unlike(sent, b)  # "Unlike Enhertu, velzertinib needs no infusion visits"
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
    if not PLURAL_CLASS.match(ctx.text, holders[0].end - 1):
        # "its donor-derived CAR-T, X, ...": one product's description, the product's claim
        own = _OWN_CLASS.search(ctx.text, max(0, holders[0].start - 30), holders[0].start)
        rest = [h for h in holders[1:] if h.kind == "therapy"]
        if own and rest:
            return rest
        # "The CD19-directed CAR-T lisocabtagene maraleucel ... requires apheresis": the
        # class word is the kind of the product named right after it
        named = _named_after(ctx, holders[0])
        return [named, *holders[1:]] if named is not None else holders
    if _LIKE_CLASS.search(ctx.text, max(0, holders[0].start - 30), holders[0].start):
        return holders  # "Like every autologous CAR-T, pelt-cel still requires apheresis"
    cls = holders[0].key
    return [h for h in holders if h.kind != "therapy" or not _member_of(ctx, h, cls)]


# A plural class word: "engagers", "CAR-Ts", "CAR-T products", "gene therapies"
PLURAL_CLASS = re.compile(r"(?:s|\w\s+(?:products|therapies|drugs|medicines|treatments))\b", _I)
_OWN_CLASS = re.compile(r"\b(?:its|their|our)\s+(?:[\w-]+\s+){0,2}?\Z", _I)
_LIKE_CLASS = re.compile(
    r"\b(?:like|unlike|as\s+with)\s+(?:(?:every|all|other|most|any|many)\s+)*\Z", _I
)


def _named_after(ctx: Context, cls: Mention) -> Mention | None:
    """The product named right after a class word ("the CAR-T lisocabtagene maraleucel"),
    in the class word's own sentence, which may be the one before (a discourse subject)."""
    gap = _SPACE.match(ctx.text, cls.end)
    if gap is None:
        return None
    at = gap.end()
    return next(
        (m for m in ctx.mentions if m.kind == "therapy" and m.start == at and not m.reference),
        None,
    )


_SPACE = re.compile(r"[^\S\n]+")


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


def _modified(sent: Sentence, b: BarrierMention) -> list[Mention] | None:
    """ "UCB's self-injected zilucoplan": a barrier word used as the adjective of the name
    right after it is said of that therapy."""
    text = sent.ctx.text
    nxt = next((m for m in sent.mentions if m.kind == "therapy" and m.start >= b.end), None)
    if nxt is None or text[b.end : nxt.start].strip() or not text[b.end : nxt.start]:
        return None
    return [nxt]


def _colon_elaboration(sent: Sentence, b: BarrierMention) -> list[Mention] | None:
    """ "Both regimens still send patients to the infusion chair: cetuximab is given every
    week, and panitumumab every two weeks": a claim whose clause names no therapy, spelt out
    after a colon by the therapies that bear it."""
    text = sent.ctx.text
    colon = text.find(":", b.end, sent.end)
    if colon < 0 or any(
        m.kind in ("therapy", "modality") and sent.start <= m.start < b.start for m in sent.mentions
    ):
        return None  # (a claim said of a class first: "Gene therapies cost millions: A, B")
    named = [m for m in sent.candidates if m.kind == "therapy" and m.start > colon]
    return named or None


_UNLIKE = re.compile(r"\bunlike\b", _I)


def _unlike(sent: Sentence, b: BarrierMention) -> list[Mention]:
    """The therapies an "Unlike X, Y needs no B" sentence contrasts with Y: X needs B."""
    return [
        m
        for m in sent.mentions
        if m.kind == "therapy"
        and m.end <= b.start
        and sent.in_contrast_zone(m)
        and _UNLIKE.search(sent.ctx.text, max(sent.start, m.start - 12), m.start)
    ]


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
    # (a long apposition too: "X (Brand), the device-aided infusion approved by the FDA in
    # 2024 for motor fluctuations, which is started in a clinic and then delivered at home")
    r"^\s*\)?\s*(?:\([^)]*\)\s*)?(?:,\s*(?:the|an?|(?-i:[A-Z][\w&.-]*)['’]s)\s[^,;()]{0,120})?"
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
    listed = next((g for g in therapy_groups(sent) if own and own[0] in g and g[0].start < seg), [])
    if listed:  # "A from X, B from Y, and C from Z, all carry ...": the list, with its class
        return _with_class(sent, listed)
    if own:
        return sent.group(own[0], strict=True)
    if semicolon:
        return None
    nxt = _CLAUSE_JOIN.search(text, b.end, sent.end)
    end = nxt.start() if nxt else sent.end
    later = [m for m in sent.candidates if b.end <= m.start < end and sent.eligible(m)]
    return sent.group(later[0], strict=True) if later else None


def _with_class(sent: Sentence, listed: list[Mention]) -> list[Mention]:
    """``listed``, after the class word it is the apposition of, if one stands before it
    with no therapy between ("CD20xCD3 bispecific antibodies already authorised, A from X,
    B from Y, and C from Z, all carry ...")."""
    before = [m for m in sent.candidates if m.end <= listed[0].start and sent.eligible(m)]
    if before and before[-1].kind == "modality":
        return [before[-1], *listed]
    return listed


# "the FDA dropped their REMS": a requirement a regulator lifted is no barrier now (nor one
# the products remove)
_REGULATOR_LIFTED = re.compile(
    r"\b(?:dropp|remov|eliminat|lift|end|scrapp|waiv|rescind)\w*\s+(?:the\s+|their\s+|its\s+)?"
    r"(?:[\w-]+\s+)?\Z",
    _I,
)


def _lifted_by_regulator(text: str, b: BarrierMention) -> bool:
    return b.keys == (C.REGULATORY,) and bool(
        _REGULATOR_LIFTED.search(text, max(0, b.start - 40), b.start)
    )


def _requirement_lifted(sent: Sentence, b: BarrierMention) -> bool:
    """Is a requirement the barrier words name lifted ("do not need a hospital stay",
    "skips the hospital stay", "No patient in the trial had to be admitted to hospital")?"""
    text = sent.ctx.text
    # (within the barrier's clause: "..., without a planned end, so patients return to a
    # clinic" keeps the visits)
    # ("Neither drug will be cheap, and payers will ask ...": the negation is the first
    # main clause's)
    lo = _own_main_clause(text, max(sent.clause_start(b.start), b.start - 45), b)
    before = text[lo : b.start]
    if _NEG_WORD.search(before) or _LIFTED.search(before):
        return True
    return bool(_NOBODY.search(text[max(sent.clause_start(b.start), b.start - 120) : b.start]))


def _window_start(text: str, sent: Sentence, b: BarrierMention) -> int:
    """Where the words that give a barrier's stance may start: its clause (its sentence
    when it is in a list), at most 70 characters back, after a second main clause's start
    ("X will be cheap, and payers ...": the payers' clause)."""
    start = max(
        sent.clause_start(b.start) if not _in_list(text, sent, b) else sent.start,
        b.start - 70,
        sent.start,
    )
    return _own_main_clause(text, start, b)


def _own_main_clause(text: str, start: int, b: BarrierMention) -> int:
    """``start``, or later the start of the last main clause joined before the barrier
    words (", and payers ...")."""
    for joined in _NEXT_MAIN_CLAUSE.finditer(text, start, b.end):
        start = joined.start() + 1
    return start


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
        # "It cannot be self-administered": the way round the barrier denied
        negated = _CANNOT.search(text, max(sent.start, b.start - 30), b.start)
        return "faces" if negated else "addresses"
    elif b.polarity == "faces":
        return "addresses" if _requirement_lifted(sent, b) else "faces"
    window_start = _window_start(text, sent, b)
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


_CANNOT = re.compile(
    r"\b(?:cannot|can\s+not|can['’]t|could\s+not|couldn['’]t|is\s+not|isn['’]t|are\s+not"
    r"|aren['’]t|never)\s+(?:be\s+)?(?:\w+\s+)?\Z",
    _I,
)
_LIFTED = re.compile(
    r"\b(?:skip\w*|avoid\w*|eliminat\w*|bypass\w*|obviat\w*|remov\w*|spar(?:e|es|ing)|instead\s+of"
    r"|rather\s+than)\b[^.;,]{0,30}$",
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
# (", which is why each is started under close monitoring": a consequence of the barrier)
_NEXT_MAIN_CLAUSE = re.compile(
    r",\s+and\s+(?:the|a|an|its|their|patients|payers|doctors|insurers|most|each)\b"
    r"|,\s+which\s+is\s+why\b",
    _I,
)
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
