"""Which therapies a target named in a sentence belongs to (docs/extraction.md, "Targets
from text"): none for a biomarker, a marker of the patients' disease or a prior
treatment's class; the therapy a class word holding the target describes
(``target_links``); the members of a counted class; the therapies an anaphor stands for
when the sentence names none; else the nearest therapy group. CD3 and the other T-cell
markers are the engager's arm, never a target."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.groups import PLUS_GAP, class_count, distinct, therapy_groups
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.target_links import (
    class_word_target,
    named_by_class,
    vocab_allows,
)
from tlkg.ontology import concepts as C

_I = re.IGNORECASE
T_CELL_MARKERS = frozenset({"cd3", "cd4", "cd8", "cd28", "cd137", "cd27", "cd45"})
_NEG_BETWEEN = re.compile(r"\b(?:not|no|never)\b|n['’]t\b", _I)

# "responses regardless of folate receptor alpha (FRα) expression", "independently of FRα
# status": a biomarker the patients were not selected on, not what the drug binds.
# A class in a list of the patients' earlier treatments: its target is not the subject's.
_PRIOR_LIST = re.compile(
    r"\b(?:prior\s+(?:lines?\s+of\s+)?(?:therapy|therapies|treatments?|regimens?)"
    r"|(?:had|have|has)\s+received|(?:after|following)\s+(?:at\s+least\s+)?(?:\w+\s+)?lines?\s+of"
    r"|previously\s+(?:treated|received)|refractory\s+to|exposed\s+to"
    r"|(?:inadequate|insufficient|lost)\s+response|intoleran(?:ce|t)\s+to|failed)\b[^.;]{0,120}$",
    _I,
)
_CLASS_AFTER = re.compile(
    r"[\s-]*(?:(?:directed|targeting|targeted)\s+)?(?:monoclonal\s+)?(?:antibody|antibodies|agents?"
    r"|drugs?|therap(?:y|ies)|inhibitors?|blockers?)\b",
    _I,
)
_BIOMARKER_ANYWAY = re.compile(
    r"\b(?:regardless|irrespective|independent(?:ly)?)\s+of\s+[^.;,]{0,40}$"
    # a prior therapy's target: "progressed on or after a CDK4/6 inhibitor", "after a
    # BTK inhibitor", "previously treated with an anti-CD38 antibody"
    r"|\b(?:progress(?:ed|ing)|relaps(?:ed|ing)|refractory|fail(?:ed|ing|s)?|after|following"
    r"|previously\s+treated|pretreated|prior)\s+(?:on\s+|to\s+|with\s+)?(?:or\s+after\s+)?"
    r"(?:(?:a|an|one|two|both|at\s+least\s+one)\s+)?(?:prior\s+)?(?:anti-)?$",
    _I,
)


def add_targets(ctx: Context, sent: Sentence, anaphoric: list[Mention]) -> None:
    """``anaphoric``: the therapies an anaphor of the sentence stands for ("Both lower IgG
    by blocking FcRn"), who hold its targets when it names no therapy."""
    targets = [m for m in sent.mentions if m.kind == "target" and m.key not in T_CELL_MARKERS]
    # "the estrogen receptor (ER)": the short form in brackets is the same target, said once
    targets = [
        m
        for i, m in enumerate(targets)
        if not (i and _ABBREVIATION.fullmatch(ctx.text, targets[i - 1].end, m.start))
    ]
    if not targets:
        return
    groups = therapy_groups(sent)
    last: tuple[Mention, list[Mention]] | None = None  # the previous target and its holders
    for tgt in targets:
        if _nobodys_target(ctx, sent, tgt):
            continue
        inside = next(
            (
                m
                for m in sent.mentions
                if m.kind == "modality" and m.start <= tgt.start and tgt.end <= m.end
            ),
            None,
        )
        if last is not None and ctx.text[last[0].end : tgt.start].strip() in ("/", "x", "×"):
            # "a CD19/CD22 bispecific CAR", "an EGFR×HER3 bispecific conjugate": the pair's
            # second is theirs too
            holders = last[1]
        elif sent.lede_programme and _in_lede_class(ctx, sent, tgt, inside):
            holders = sent.lede_programme  # "Off-the-shelf CD19/CD22 CAR-T from X ...": its
        elif inside is not None:
            class_word_target(ctx, sent, tgt, inside)
            continue
        elif not groups and anaphoric:
            holders = [t for t in anaphoric if t.kind == "therapy"]
        else:
            holders = _target_holders(ctx, sent, tgt, groups)
        last = (tgt, holders)
        for t in holders:
            if vocab_allows(ctx, t, tgt.key):
                ctx.add("has_target", ctx.ref(t), ctx.ref(tgt), sent)


_PLURAL_CLASS_AFTER = re.compile(
    r"[\s-]*(?:[\w-]+\s+){0,2}?(?:inhibitors|antibodies|antagonists|agonists|degraders|blockers)\b",
    re.IGNORECASE,
)


def _in_lede_class(ctx: Context, sent: Sentence, tgt: Mention, inside: Mention | None) -> bool:
    """Is ``tgt`` said in (or right before) the lede's class word ("CD19/CD22 CAR-T")?"""
    if inside is not None:
        return inside.kind == "modality"
    cls = next((m for m in sent.candidates if m.kind == "modality"), None)
    return cls is not None and _TARGET_RUN.fullmatch(ctx.text, tgt.end, cls.start) is not None


_TARGET_RUN = re.compile(r"[\s/\w-]{0,16}")


def _target_holders(
    ctx: Context, sent: Sentence, tgt: Mention, groups: list[list[Mention]]
) -> list[Mention]:
    """The therapies a target outside any class word belongs to (docs/extraction.md)."""
    listed = _counted_class_members(ctx, sent, tgt)
    if listed:  # "Two KRAS G12C inhibitors are approved ...: A with X and B with Y"
        return listed
    counted = _COUNTED_BEFORE.search(ctx.text, max(sent.start, tgt.start - 20), tgt.start)
    if counted is not None:
        # "A (Brand), from X, and Y's B, both CD20-directed": the last two named
        named = distinct(
            [t for t in sent.candidates if t.kind == "therapy" and t.end <= tgt.start][::-1]
        )
        n = class_count(counted["n"])
        if len(named) >= n:
            return named[:n]
    own = next(
        (
            t
            for t in reversed(sent.candidates)
            if t.kind == "therapy"
            and t.end <= tgt.start
            and (
                _IN_OWN_BRACKETS.fullmatch(ctx.text, t.end, tgt.start)
                or _OWN_APPOSITION.fullmatch(ctx.text, t.end, tgt.start)
            )
        ),
        None,
    )
    if own is not None:
        return [own]
    if _UNNAMED_OWNER.search(ctx.text, max(sent.start, tgt.start - 160), tgt.start) and not any(
        t.kind == "therapy"
        and 0 < tgt.start - t.end < 160
        and _OWN_APPOSITION.fullmatch(ctx.text, t.end, tgt.start)
        for t in sent.candidates
    ):
        # "... with Benlysta, GSK's antibody against BLyS": the apposition is said of a
        # capitalised name no rule knows, not of the therapies named before it
        return []
    by_class = named_by_class(ctx, sent, tgt)
    if by_class is not None:  # "Amgen's PDE4 inhibitor apremilast": apremilast's alone
        if _PLURAL_CLASS_AFTER.match(ctx.text, tgt.end):
            # "The C5 inhibitors A (Brand) and B (Brand) from X": each member named
            return next((g for g in groups if by_class in g), [by_class])
        return [by_class]
    before = [g for g in groups if g[-1].end <= tgt.start]
    after = [g for g in groups if g[0].start >= tgt.end]
    # Inside a listed group ("A, which binds X, and B, which binds Y"): the member
    # right before the target.
    within = [
        [m for m in g if m.end <= tgt.start][-1:]
        for g in groups
        if g[0].end <= tgt.start and tgt.end <= g[-1].start
    ]
    backbone: list[Mention] = []
    joined: Mention | None = None  # the first member of a regimen's backbone group
    for group in within + list(reversed(before)) + after:
        allowed = [t for t in group if vocab_allows(ctx, t, tgt.key)]
        if joined is not None:
            if not PLUS_GAP.fullmatch(ctx.text, group[-1].end, joined.start):
                return backbone
            joined = group[0]
        if not allowed:
            continue
        if any(
            _NEG_BETWEEN.search(ctx.text[min(t.end, tgt.end) : max(t.start, tgt.start)])
            for t in allowed
        ):
            return []
        # "dorvamenib + venetoclax + azacitidine | menin": a regimen's chemotherapy and
        # steroid backbone takes no target of the programme it is given with
        programmes = [t for t in allowed if not _backbone(ctx, t)]
        if programmes:
            return programmes
        backbone, joined = backbone or allowed, group[0]
    return backbone


# "HR-positive, HER2-negative breast cancer", "KRAS G12C-mutated NSCLC": the patients'
# disease described by a marker, not what a drug binds.
_MARKER_STATUS = re.compile(
    r"[-\s](?:negative|low|null|mutated|mutant|mutation-positive|amplified|altered|deficient"
    # "in FRα-unselected patients", "in HER2-positive patients": who was enrolled
    r"|(?:un)?selected|positive\s+(?:patients|participants|people|subjects))\b"
    # "KRAS G12C inhibitor-naive patients": the patients' earlier treatment, by its absence
    r"|[-\s](?:(?:inhibitor|antibody|therapy|treatment)[-\s])?na[iï]ve\b"
    # "ER+/HER2- breast cancer": a status in signs
    r"|\+(?!\w)|-(?=[\s/,;)])",
    _I,
)


_ABBREVIATION = re.compile(r"\s*\(\s*")
_COUNT_BEFORE = re.compile(r"\b(?P<n>two|three|four)\s+(?:[\w-]+\s+)?\Z", _I)
_CLASS_NOUN_AFTER = re.compile(r"[\s-]+(?:[\w-]+\s+)?(?:inhibitors|antibodies|drugs|agents)\b", _I)
_PARTNER_BEFORE = re.compile(r"\b(?:with|plus)\s+\Z", _I)


def _counted_class_members(ctx: Context, sent: Sentence, tgt: Mention) -> list[Mention]:
    """ "Two KRAS G12C inhibitors are approved ..., each with an anti-EGFR antibody: A with
    X and B with Y": the counted class's members named after it, without the partners
    each is given with; none unless exactly that many."""
    text = ctx.text
    count = _COUNT_BEFORE.search(text, max(sent.start, tgt.start - 30), tgt.start)
    if count is None or not _CLASS_NOUN_AFTER.match(text, tgt.end):
        return []
    after = [
        t
        for t in sent.candidates
        if t.kind == "therapy"
        and t.start > tgt.end
        and not _PARTNER_BEFORE.search(text, max(sent.start, t.start - 8), t.start)
    ]
    members = distinct(after)
    return members if len(members) == class_count(count["n"]) else []


def _backbone(ctx: Context, t: Mention) -> bool:
    therapy = ctx.therapies.get(t.key)
    return therapy is not None and therapy.modality in (C.CHEMOTHERAPY, C.CORTICOSTEROID)


def _nobodys_target(ctx: Context, sent: Sentence, tgt: Mention) -> bool:
    """A biomarker ("regardless of PD-L1"), or a prior therapy's target ("after a BTK
    inhibitor", "at least three prior lines of therapy, including ... an anti-CD38
    antibody"): no programme's of the sentence."""
    text = ctx.text
    if _BIOMARKER_ANYWAY.search(text, max(sent.start, tgt.start - 60), tgt.start):
        return True
    if _MARKER_STATUS.match(text, tgt.end):
        return True
    if _CARRIER_AFTER.match(text, tgt.end):
        return True  # "uses transferrin receptor 1 (TfR1) to carry itself across ...": a shuttle
    if _OTHER_AGENT_BEFORE.search(text, max(sent.start, tgt.start - 40), tgt.start):
        return True  # "edited to resist an anti-CD52 antibody": another agent's target
    if _SPARED_BEFORE.search(text, max(sent.start, tgt.start - 30), tgt.start):
        return True  # "It spares wild-type EGFR": what the drug is made not to hit
    return bool(
        _PRIOR_LIST.search(text, max(sent.start, tgt.start - 140), tgt.start)
        and _CLASS_AFTER.match(text, tgt.end)
    )


_SPARED_BEFORE = re.compile(
    r"\b(?:spares?|sparing|avoids?|avoiding|selectivity\s+over|selective\s+over)\s+"
    r"(?:the\s+)?(?:wild-type\s+|normal\s+)?\Z",
    re.IGNORECASE,
)
# An unnamed agent given beside the programme, or one its cells are made to withstand:
# "to resist an anti-CD52 antibody", "adds its anti-CD52 antibody".
_OTHER_AGENT_BEFORE = re.compile(
    r"\b(?:resist(?:s|ant|ance)?(?:\s+to)?|withstand|survive|adds?|added|plus)\s+"
    r"(?:an?|the|its|their)\s+(?:[\w-]+\s+){0,2}?anti-\Z",
    re.IGNORECASE,
)
# A receptor a drug rides on, not what it treats: "uses TfR1 to cross the blood-brain
# barrier", "a TfR1 shuttle".
_CARRIER_AFTER = re.compile(
    r"(?:\s*\([^()]{1,12}\)|\))?\s+(?:to\s+(?:carry|ferry|shuttle|transport|cross|get|move)\b"
    r"|(?:brain\s+)?shuttles?\b|(?:-mediated\s+)?(?:transcytosis|delivery)\b)",
    re.IGNORECASE,
)


# ", both CD20-directed", "all three BCMA-targeted": a target said of the last few named.
_COUNTED_BEFORE = re.compile(
    r"[,(]\s*(?P<n>both|all\s+(?:three|four))\s+(?:anti-)?\Z", re.IGNORECASE
)
# "Benlysta (belimumab), GSK's antibody against B-lymphocyte stimulator (BLyS)", "maribavir,
# an oral drug that blocks the viral UL97 kinase": an apposition saying what the drug
# before it acts on.
_APPOSED_ACTION = (
    r",\s*(?:(?:[A-Z][\w&.-]*\s+){0,2}[A-Z][\w&.-]*['’]s?\s+|an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:antibody|inhibitor|antagonist|agonist|drug|siRNA|molecule|pill"
    r"|conjugate|protein|oligonucleotide)\s+(?:against|of|to|that\s+\w+|which\s+\w+)\s+"
    r"(?:the\s+)?(?:[A-Za-z][\w-]*\s+){0,5}?(?:\(\s*)?"
)
_OWN_APPOSITION = re.compile(r"\s*\)?\s*(?:\([^()]{0,40}\)\s*)?" + _APPOSED_ACTION, re.IGNORECASE)
_UNNAMED_OWNER = re.compile(
    r"(?<![\w-])(?-i:[A-Z][a-z]{3,})" + _APPOSED_ACTION + r"\Z", re.IGNORECASE
)
# "dupilumab (anti-IL-4Rα)": the target in the brackets right after one name is its own.
_IN_OWN_BRACKETS = re.compile(r"\s*\(\s*(?:an?\s+)?(?:anti-)?", re.IGNORECASE)
