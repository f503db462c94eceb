"""Which therapy a target named in a sentence belongs to, when the target's form decides
it: inside a class word ("BCMA-directed bispecific": the therapy beside that class word,
a counted class's therapies, the products a class's next sentence lists), or in a class
right before a name ("the PDE4 inhibitor apremilast"). ``targets.add_targets`` applies
these before its positional rules; a known therapy takes only the targets its
vocabulary entry lists."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.groups import (
    class_count,
    last_named,
    ordinal_predecessors,
    therapy_groups,
)
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.patterns import EXAMPLES, ORG_POSSESSIVE
from tlkg.loaders.text.stages import class_members

_I = re.IGNORECASE


def vocab_allows(ctx: Context, therapy: Mention, key: str) -> bool:
    """A known therapy takes only the targets its vocabulary entry lists (when it lists any)."""
    entry = ctx.vocab.get("therapy", therapy.key)
    return entry is None or not entry.targets or key in entry.targets


# "CD19 CAR-T therapies, such as Kyverna Therapeutics' KYV-101 and ...": an example may
# carry its maker
_OWNED_EXAMPLE = re.compile(
    # ("Other DLL3-directed engagers are in clinical trials, including X's Y")
    r"(?:\s+(?:are|were)\s+[^,;.()]{1,50},)?" + EXAMPLES.pattern + r"(?:" + ORG_POSSESSIVE + r")?",
    _I,
)
_BESIDE_AFTER = re.compile(r"^\s*(?:,\s*|\(\s*|(?:called|named)\s+)?$", _I)
_BESIDE_BEFORE = re.compile(
    r"^\s*\)?\s*(?:,|\(|is|was)\s*(?:(?:an?|the|its|their)\s+)?(?:[\w'’-]+\s+){0,3}$", _I
)


# "the TYK2 inhibitor Sotyktu", "Amgen's PDE4 inhibitor apremilast": a class with the
# target right before a name.
_CLASS_BEFORE_NAME = re.compile(
    r"[\s-]*(?:[\w-]+\s+){0,2}?(?:inhibitors?|antibody|antibodies|antagonists?|agonists?"
    r"|degraders?|blockers?|bispecifics?|conjugates?|engagers?)\s+\Z",
    re.IGNORECASE,
)


# "its own EGFR antibody, Vectibix": an owner's class set off before the name (not "X, the
# BCL-2 inhibitor, Y", an apposition of the name before it)
_OWNED_CLASS = re.compile(r"\b(?:its|their)\s+(?:own\s+)?\Z|['’]s\s+own\s+\Z", _I)


def named_by_class(ctx: Context, sent: Sentence, tgt: Mention) -> Mention | None:
    """The therapy named right after "<target> inhibitor" (or antibody, agonist ...)."""
    nxt = next((m for m in sent.candidates if m.start >= tgt.end), None)
    if nxt is None or nxt.kind != "therapy" or nxt.start - tgt.end > 40:
        return None
    gap = ctx.text[tgt.end : nxt.start]
    if gap.endswith(", ") and _OWNED_CLASS.search(ctx.text, max(0, tgt.start - 20), tgt.start):
        gap = gap[:-2] + " "
    return nxt if _CLASS_BEFORE_NAME.match(gap) else None


# "the first direct comparison of two BCMA-directed bispecific antibodies"
# A class word's participle phrase, then its members in apposition: "BCMA-directed T-cell
# engagers already approved in relapsed myeloma, A (Brand), B and C, ...".
_APPOSED = re.compile(
    r"\s+(?:already\s+|now\s+)?(?:approved|marketed|licensed|available|authori[sz]ed)\b"
    r"[^,;:.()]{0,60}[,:]\s*",
    _I,
)
# The end of a class's examples in apposition: "A, B and C among them", "A included".
_AMONG_THEM = re.compile(
    r"\s*(?:\([^()]{0,40}\)\s*)?(?:among\s+them|included|for\s+example|for\s+instance)\b", _I
)
# What may stand between a plural class word and its first apposed member: nothing, a
# bracket, or a comma and the member's maker ("The CD20-directed bispecifics, Roche's A and
# AbbVie and Genmab's B, ...").
_APPOSED_GAP = re.compile(
    r"\s*\(?\s*|\s*,\s*(?:(?:[A-Z][\w&.-]*\s+)*(?:and\s+)?)*[A-Z][\w&.-]*['’]s?\s+", re.ASCII
)
_COMMA = re.compile(r"\s*,\s*")
_CLOSED = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?,")
# ", both autologous CD19 CAR-T products", ", all three BCMA-directed engagers".
_COUNTED_APPOSED = re.compile(r",\s*(?P<n>both|all\s+(?:three|four))\s+(?:[\w-]+\s+){0,2}\Z", _I)
# A class word in the plural ("antibodies", "CAR-Ts", "inhibitors"), at its end.
_PLURAL_END = re.compile(r"(?:ies|[^s\W]s|Ts)$")
_COUNTED_CLASS = re.compile(r"\b(?P<n>two|both|three|four)\s+(?:[\w-]+\s+)?$", _I)


def class_word_target(ctx: Context, sent: Sentence, tgt: Mention, inside: Mention) -> None:
    """A target in a class word ("BCMA-directed bispecific") is said of the therapy that
    class word describes, right beside it; a counted class word ("two BCMA-directed
    bispecifics") of the sentence's therapies when it names exactly that many; else of
    none."""
    beside = []
    for t in sent.candidates:
        if t.kind != "therapy" or not vocab_allows(ctx, t, tgt.key):
            continue
        if (t.start >= inside.end and _BESIDE_AFTER.match(ctx.text[inside.end : t.start])) or (
            t.end <= inside.start and _BESIDE_BEFORE.match(ctx.text[t.end : inside.start])
        ):
            beside.append(t)
    after = next((t for t in sent.candidates if t.start >= inside.end), None)
    beside = _apposed_members(ctx, sent, tgt, inside, after, beside)
    examples = (
        not beside
        and after is not None
        and after.kind == "therapy"
        and (
            _OWNED_EXAMPLE.fullmatch(ctx.text, inside.end, after.start) is not None
            or _APPOSED.fullmatch(ctx.text, inside.end, after.start) is not None
        )
    )
    if examples and after is not None:
        # "Autologous CD19 CAR-T products such as A and B", "BCMA-directed engagers already
        # approved in myeloma, A (Brand), B and C, ...": the class's examples
        group = _members(sent, after)
        beside = [t for t in group if vocab_allows(ctx, t, tgt.key)]
    count = _COUNTED_CLASS.search(ctx.text, max(sent.start, inside.start - 30), inside.start)
    if not beside and count is not None:
        # the compared pair counts too ("X ... with Y, ... of two ...")
        named = [t for t in sent.candidates if t.kind == "therapy" and not sent.in_contrast_zone(t)]
        if len({t.key for t in named}) == class_count(count["n"]):
            beside = [t for t in named if vocab_allows(ctx, t, tgt.key)]
    through = None
    if (
        not beside
        and not inside.reference
        and not any(t.kind == "therapy" for t in sent.candidates)
    ):
        # "... the CD20xCD3 bispecific antibodies. Three are approved: A, B and C": the
        # class's target reaches the products the next sentence lists, as a class's stage
        # does (not from a reference class: "the two approved BCMA CAR-Ts" is background).
        listed, through = class_members(ctx, sent, inside.start, inside.end)
        beside = [t for t in listed if vocab_allows(ctx, t, tgt.key)]
    for t in beside:
        ctx.add("has_target", ctx.ref(t), ctx.ref(tgt), sent, through=through)


def _members(sent: Sentence, first: Mention) -> list[Mention]:
    """The therapies listed from ``first`` on: coordinated, or each with its makers when
    that list is longer ("A and Boehringer Ingelheim's B", "A (Brand) from X, B from Y and
    Z, and C")."""
    group = sent.group(first, strict=True)
    return next((g for g in therapy_groups(sent) if first in g and len(g) > len(group)), group)


def _apposed_members(
    ctx: Context,
    sent: Sentence,
    tgt: Mention,
    inside: Mention,
    after: Mention | None,
    beside: list[Mention],
) -> list[Mention]:
    """The members a class word holding ``tgt`` names around it: its examples "among
    them", a plural class word's apposed members, the products an ordinal class follows
    ("the fourth ..., after A and B"), the last few before ", both <class>"; else
    ``beside``."""
    text = ctx.text
    if after is not None and after in beside:
        group = _members(sent, after)
        if _AMONG_THEM.match(text, group[-1].end):
            # "BTK inhibitors, A, B, C and D among them, cost ...": each example
            beside = [t for t in group if vocab_allows(ctx, t, tgt.key)]
    if (
        after is not None
        and after.kind == "therapy"
        and _PLURAL_END.search(text, inside.start, inside.end)
        and _APPOSED_GAP.fullmatch(text, inside.end, after.start)
    ):
        # "the CD20xCD3 bispecific antibodies Columvi (glofitamab), from Roche, and Epkinly
        # (epcoritamab), from AbbVie", "The CD20-directed bispecifics, Roche's A and ...": a
        # plural class word's apposed members, each with its maker or brand
        members = next((g for g in therapy_groups(sent) if after in g), [after])
        beside = [t for t in members if vocab_allows(ctx, t, tgt.key)]
    elif (
        after is not None
        and after.kind == "therapy"
        and _PLURAL_END.search(text, inside.start, inside.end)
    ):
        # "BTK inhibitors, A, B, C and D, are taken ...": an apposition closed by a comma
        members = next((g for g in therapy_groups(sent) if after in g), [after])
        if _COMMA.fullmatch(text, inside.end, after.start) and _CLOSED.match(text, members[-1].end):
            beside = [t for t in members if vocab_allows(ctx, t, tgt.key)]
    if beside:
        lo, hi, earlier = ordinal_predecessors(sent)
        if lo <= inside.start < hi:
            # "X is the fourth CD20xCD3 bispecific authorised for FL, after A and B": theirs
            beside += [t for t in earlier if vocab_allows(ctx, t, tgt.key)]
    counted = _COUNTED_APPOSED.search(text, max(sent.start, inside.start - 16), inside.start)
    if counted is not None:
        # "KYV-101 and rese-cel, both autologous CD19 CAR-T products": the last n named
        before = [t for t in sent.candidates if t.kind == "therapy" and t.end <= inside.start]
        named = last_named(before, class_count(counted["n"]))
        if named:
            beside = [t for t in named if vocab_allows(ctx, t, tgt.key)]
    return beside


_MEMBER_SUFFIX = re.compile(r"[0-9][a-z0-9]?")


def drop_family_targets(ctx: Context) -> None:
    """A family's symbol ("JAK", written in "the oral JAK inhibitors") is no target of a
    therapy the article also gives a member of the family ("JAK1"): the member is the
    precise target."""
    targets: dict[str, set[str]] = {}
    for r in ctx.relations:
        if r.kind == "has_target":
            targets.setdefault(r.subject.key, set()).add(r.object.key)
    family = {
        (subject, key)
        for subject, keys in targets.items()
        for key in keys
        if any(o.startswith(key) and _MEMBER_SUFFIX.fullmatch(o[len(key) :]) for o in keys)
    }
    if family:
        ctx.relations[:] = [
            r
            for r in ctx.relations
            if r.kind != "has_target" or (r.subject.key, r.object.key) not in family
        ]
