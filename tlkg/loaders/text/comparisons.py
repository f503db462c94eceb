"""Comparisons in a sentence: "A versus B", "compared with B", a trial comparing A with B
(head to head), "Compared with X, Y ..." openings, rivals ("competes with"). Therapies
given together are ``combinations``'. Called by ``relations.add_relations`` for each
sentence; the negation and hypothetical rules are those of ``relations``."""

from __future__ import annotations

import re

from tlkg.loaders.records import RelationKind
from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.discourse import ANAPHOR, Context, Cue, Sentence, anaphor_count
from tlkg.loaders.text.groups import COUNT_WORDS
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.patterns import EXAMPLES
from tlkg.loaders.text.trial_arms import POPULATION, trial_arms
from tlkg.ontology import concepts as C

_I = re.IGNORECASE
_SOC = re.compile(P.STANDARD_OF_CARE, _I)


_EXCLUDED_COMPARATORS = (C.CORTICOSTEROID,)


def comparable(ctx: Context, m: Mention) -> bool:
    if m.kind == "therapy":
        t = ctx.therapies.get(m.key)
        return not (t and t.modality in _EXCLUDED_COMPARATORS)
    return m.key not in _EXCLUDED_COMPARATORS


_TRIAL_DESIGN = re.compile(
    r"\b(?:randomi[sz]ed|phase\s*(?:3|iii)[ab]?)\b[^.;]{0,80}?\b(?:trials?|stud(?:y|ies)"
    # "a randomised registrational Phase 2 part comparing X with Y": a trial's part
    r"|part|cohort|portion)\b"
    # "a randomised phase 3 would pit X against Y": the trial named by its phase alone
    r"|\b(?:randomi[sz]ed\s+)?phase\s*(?:3|iii)[ab]?\s+(?:would|will|is\s+to|to)\s+"
    r"(?:pit|compare|test)\b",
    _I,
)
_RESULT = re.compile(
    r"\b(?:reduc|improv|prolong|extend|lower|increas|cut|show)(?:e|es|ed|ing|s|ted)?\b", _I
)
_OVER_RESULT = re.compile(r"(?:improv|prolong|extend)\w*\s.*\bover$", _I | re.S)
# (not inside an arm: "compared a switch to X with continued treatment with Y")
_ARM_SPLIT = re.compile(
    r"(?<!switch)(?<!switching)(?<!treatment)(?<!therapy)\s(?:with|to|versus|vs\.?|against)\s", _I
)


# "X is not alone in the race", "would enter a crowded field", "is not the only company
# chasing the target": rivals exist, and the next sentence names them.
_FIELD = re.compile(
    r"\bnot\s+alone\b|\bnot\s+the\s+only\s+(?:company|one|drug|programme|program|product"
    r"|developer)\b|\b(?:enter|enters|entering|joins?|joining)\s+(?:a|an|the|one\s+of\s+the"
    r"\s+most)\s+(?:\w+\s+)?(?:crowded|competitive|busy)\s+(?:fields?|markets?|spaces?|class)\b",
    _I,
)


def field_rivals(ctx: Context, sent: Sentence, subject: list[Mention]) -> None:
    """ "Ferzotamig is not alone in the race. Rivals include ...", "the company's lead asset
    would enter a crowded field. Three CDK4/6 inhibitors, A, B and C, are approved": the
    subject competes with each therapy the next sentence of the paragraph names."""
    if not any(w in sent.text for w in ("alone", "only", "crowded", "competitive", "busy")):
        return
    cue = _FIELD.search(sent.text)
    nxt = ctx.sentences[sent.index + 1] if sent.index + 1 < len(ctx.sentences) else None
    if cue is None or nxt is None or nxt.span.paragraph != sent.span.paragraph:
        return
    if any(m.kind == "therapy" and m.start >= sent.start + cue.end() for m in sent.candidates):
        return  # the rivals are in this sentence
    own = [m for m in subject if m.kind == "therapy" and not m.reference]
    if len(own) != 1:
        return
    for m in nxt.candidates:
        if m.kind == "therapy" and m.key != own[0].key and not m.reference:
            ctx.add("competes_with", ctx.ref(own[0]), ctx.ref(m), sent, through=nxt)


_TRIAL_WORDS = r"\b(?:trials?|stud(?:y|ies)|phase\s*(?:[1-3]|i{1,3})[ab]?)\b"
_TRIAL_WORD = re.compile(_TRIAL_WORDS, _I)
# A trial named or spoken of: "in the phase 3 trial", "in CheckMate 9DW", "in ALPINE"
_TRIAL_CONTEXT = re.compile(
    _TRIAL_WORDS
    + r"|\bin\s+(?:the\s+)?(?-i:[A-Z]{4,}|[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z][A-Za-z]+-\d+)\b",
    _I,
)
_BEAT = re.compile(r"beat", _I)
_ARMS_AGAINST = re.compile(
    r"\b(?:tested|studied|evaluated|pitted|being\s+compared)\s+(?:head[- ]to[- ]head\s+)?against\Z"
    # "after the HIMALAYA trial against sorafenib": the trial's other arm
    r"|\b(?:trial|study)\s+against\Z",
    _I,
)


def _trial_design(sent: Sentence) -> bool:
    """Does the sentence name a randomized or phase 3 trial of its own comparison? Not one
    described in the compared therapy's apposition ("Compared with X, Lilly's pill, which
    produced 12% weight loss in the Phase 3 ATTAIN-1 trial, Y ..."): that is X's trial."""
    m = _TRIAL_DESIGN.search(sent.text)
    if m is None:
        return False
    at = sent.start + m.start()
    return not any(a <= at < b for a, b in sent.contrast_zones)


def _strong_cues(ctx: Context, sent: Sentence, cues: list[Cue]) -> tuple[list[Cue], list[str]]:
    """The cues that set their pairs head to head, and the detail they carry: a head-to-head
    or non-inferiority cue, else the arms of a trial the sentence names."""
    strong = [c for c in cues if c.kind in ("head_to_head", "non_inferiority")]
    # (a head-to-head trial designed to show non-inferiority is a non-inferiority design)
    h2h_details = (
        ["non_inferiority"]
        if any(c.kind == "non_inferiority" for c in strong)
        else ["head_to_head"]
    )
    if not strong and _TRIAL_WORD.search(sent.text):
        # "X is being tested against Y in the HALDEN-3 trial": a trial's arms
        strong = [
            c
            for c in cues
            if c.kind == "compared"
            and _ARMS_AGAINST.search(ctx.text, max(sent.start, c.start - 24), c.end)
        ]
        h2h_details = ["head_to_head"] if strong else []
    design = _trial_design(sent)
    if not strong and design and not _RESULT.search(sent.text):
        # "a randomized phase 3 trial comparing X with Y": the design sets the arms head to
        # head; a result ("the trial in which X reduced the risk ... compared with Y") is a
        # comparison the text reports, kept as compared_with.
        strong = [c for c in cues if c.kind == "compared"]
        h2h_details = ["head_to_head"] if strong else []
    elif not strong and design:
        # "extended survival over topotecan in the randomized phase 3 trial": a trial's
        # result over its other arm is that arm's head-to-head comparison
        strong = [
            c
            for c in cues
            if c.kind == "compared" and _OVER_RESULT.match(ctx.text[c.start : c.end])
        ]
        h2h_details = ["head_to_head"] if strong else []
    if not strong and _TRIAL_CONTEXT.search(sent.text):
        # "after beating lenvatinib or sorafenib in CheckMate 9DW": a trial's result over
        # its other arm
        strong = [c for c in cues if c.kind == "compared" and _BEAT.match(ctx.text, c.start)]
        h2h_details = ["head_to_head"] if strong else []
    return strong, h2h_details


def comparisons(ctx: Context, sent: Sentence, current: list[Mention]) -> None:
    trial_arms(ctx, sent, current[0] if current else None)
    cues = [c for c in sent.cues if not c.negated]
    if not cues:
        return
    strong, h2h_details = _strong_cues(ctx, sent, cues)
    soc = bool(_SOC.search(sent.text))
    discourse = current[0] if current else None
    for cue in cues:
        if cue.design:
            continue  # (its arms are the next cue's)
        if cue.kind in ("head_to_head", "non_inferiority", "compared"):
            if strong:
                pairs_kind: RelationKind = "head_to_head"
                # (a result over the other arm: "A beat B, and C was non-inferior to B")
                details: list[str | None] = (
                    ["head_to_head"] if _BEAT.match(ctx.text, cue.start) else list(h2h_details)
                )
            else:
                pairs_kind, details = "compared_with", ["versus_soc" if soc else "stated"]
        elif cue.kind == "competes":
            pairs_kind, details = "competes_with", [None]
        else:
            pairs_kind, details = "complements", [None]
        pairs = _cue_pairs(ctx, sent, cue, _rivals_of(ctx, sent, cue, discourse))
        if discourse is not None and len(current) > 1 and _plural_anaphor(ctx, sent, cue):
            # "both improved PFS over docetaxel": each of the pair the anaphor stands for
            pairs += [(m, o) for s, o in pairs if s is discourse for m in current[1:]]
        for subj, obj in pairs:
            if sent.lede_programme and subj.kind == "modality":
                subj = sent.lede_programme[0]  # a headline's class word stands for it
            for detail in details:
                ctx.add(pairs_kind, ctx.ref(subj), ctx.ref(obj), sent, detail)
            if _up_against(ctx, cues, cue):  # "... go up against A, and against B"
                ctx.add("competes_with", ctx.ref(subj), ctx.ref(obj), sent)


def _rivals_of(ctx: Context, sent: Sentence, cue: Cue, discourse: Mention | None) -> Mention | None:
    """Whose rivals "The nearest competitor in development, X, ..." names: the article's
    own programme (its topic), unless a possessive says whose ("Its main rivals are X")."""
    opening = sent.rivals_opening(cue) if cue.kind == "competes" else None
    if opening is None or opening.group("owner") or not ctx.topic:
        return discourse
    topic = ctx.topic[0]
    if topic.kind == "therapy":
        return topic
    # (a headline's class word stands for the programme it introduces)
    lede = next((s.lede_programme for s in ctx.sentences if s.lede_programme), None)
    return lede[0] if lede else discourse


def _plural_anaphor(ctx: Context, sent: Sentence, cue: Cue) -> bool:
    """Whether the sentence's subject before ``cue`` is a plural anaphor ("both", "the two
    drugs", "they")."""
    a = sent.anaphor
    return a is not None and a.end() <= cue.start and anaphor_count(a.group(0)) is not None


def _up_against(ctx: Context, cues: list[Cue], cue: Cue) -> bool:
    """Whether ``cue`` is a later "against" of a sentence that goes "up against" someone."""
    if ctx.text[cue.start : cue.end].lower() != "against":
        return False
    return any(
        c.kind == "competes" and c.end < cue.start and "against" in ctx.text[c.start : c.end]
        for c in cues
    )


_MODIFIER_OF_STUDY = re.compile(
    r"^\s+(?:trials?|stud(?:y|ies)|comparisons?|data|results|field|race|market)\b", _I
)


def _cue_pairs(
    ctx: Context, sent: Sentence, cue: Cue, discourse: Mention | None
) -> list[tuple[Mention, Mention]]:
    """(subject, object) pairs for one comparison cue.

    Objects: the first candidate after the cue in its clause, with those coordinated with
    it ("with A, B and C"); a class word given only as the kind of a named product ("CAR-T
    products like ide-cel") yields to the product. Subject: the nearest free candidate
    before the cue (a therapy before a class word), else the discourse subject when an
    anaphor stands before the cue ("The therapy would need to show non-inferiority to X").
    Without an object, competition and complement cues pair what precedes them ("the two
    drugs compete", "complement existing CAR-T, or compete with it")."""
    cands = [m for m in sent.candidates if comparable(ctx, m)]
    if sent.opens_with(cue):
        return _opening_pairs(sent, cue, cands, discourse)
    if re.fullmatch(r"compar(?:e|ing|es|ed)", ctx.text[cue.start : cue.end], _I):
        # (an arm is not the patients' earlier treatment: "comparing A with B in patients
        # whose disease progressed on a BTK inhibitor")
        return _arm_pairs(sent, cue, [m for m in cands if not sent.prior(m)], discourse)
    end = sent.clause_end(cue.end)
    after = [
        m
        for m in cands
        if cue.end <= m.start < end and not _MODIFIER_OF_STUDY.match(ctx.text[m.end : m.end + 30])
    ]
    objects: list[Mention] = []
    if after:
        objects = sent.group(after[0], strict=False)
        # ("pitted against chemotherapy, in combination with toripalimab, in a Phase 3":
        # the aside names the subject's partner, not a second comparator)
        objects = [
            o
            for i, o in enumerate(objects)
            if comparable(ctx, o)
            and not (i and _ASIDE_PARTNER.search(ctx.text, max(sent.start, o.start - 40), o.start))
        ]
        if any(o.kind == "therapy" for o in objects):
            kept = []
            for i, o in enumerate(objects):
                nxt = objects[i + 1] if i + 1 < len(objects) else None
                if (
                    o.kind == "modality"
                    and nxt is not None
                    and EXAMPLES.fullmatch(ctx.text, o.end, nxt.start)
                ):
                    continue
                kept.append(o)
            objects = kept
    before = [m for m in cands if m.end <= cue.start and not sent.in_contrast_zone(m)]
    # Candidates that are objects of an earlier cue are not subjects of this one.
    free_before = [m for m in before if not sent.in_object_zone(m)]
    if re.match(r"\s*between\b", ctx.text[cue.end : cue.end + 12], _I) and len(objects) >= 2:
        return [(objects[0], o) for o in objects[1:]]
    if objects:
        # "A plus C ... compared with B plus C": C, on both sides, is no arm
        shared = {m.key for m in after}
        therapies_before = [
            m for m in free_before if m.kind == "therapy" and m.key not in shared
        ] or [m for m in free_before if m.kind == "therapy"]
        # (none left: "A added to C versus placebo plus C" names no rival)
        objects = _other_arm(ctx.text, cue, objects, shared & {m.key for m in free_before})
        subj = _subject(sent, cue, free_before, therapies_before, discourse)
        if subj is None:
            return []
        return [(subj, o) for o in objects if o.key != subj.key]
    # No object after the cue: "the two drugs compete", "or compete with it".
    if cue.kind not in ("competes", "complements"):
        return []
    counted = _COUNTED_OBJECT.match(ctx.text, cue.end)
    if counted is not None and len(free_before) >= 2:
        # "A and B are further ahead, and C will compete with both": C against each of
        # the ones named before it
        subj, earlier = free_before[-1], list({m.key: m for m in free_before[:-1]}.values())
        n = COUNT_WORDS.get(" ".join(counted["n"].lower().split()), len(earlier))
        return [(subj, o) for o in earlier[-n:] if o.key != subj.key]
    if len(free_before) >= 2:
        return [(free_before[0], free_before[1])]
    if before and discourse is not None and before[-1].key != discourse.key:
        return [(discourse, before[-1])]
    return []


def _subject(
    sent: Sentence,
    cue: Cue,
    free_before: list[Mention],
    therapies_before: list[Mention],
    discourse: Mention | None,
) -> Mention | None:
    """The subject of a comparison with objects: the nearest therapy before the cue (else
    candidate), the discourse subject for an anaphor or a trial design without one."""
    text = sent.ctx.text
    subj = therapies_before[-1] if therapies_before else (free_before[-1] if free_before else None)
    if subj is not None and therapies_before and _IT_CLAUSE.search(text, subj.end, cue.start):
        return therapies_before[0]  # "A beat B, and it has registered a trial against C"
    for lead in reversed(therapies_before[:-1]):
        # "A plus C is non-inferior to B": the arm is A's, C its partner
        if subj is None or not _PARTNER.fullmatch(text, lead.end, subj.start):
            break
        subj = lead
    if subj is not None or discourse is None:
        return subj
    if (
        ANAPHOR.search(text, sent.start, cue.start)
        or _rivals_opening(sent, cue)
        # "Acme plans ... a head-to-head study against X": the programme in focus
        or _DESIGN_BEFORE.search(text, max(sent.start, cue.start - 40), cue.start)
    ):
        return discourse
    return None


def _other_arm(text: str, cue: Cue, objects: list[Mention], both_sides: set[str]) -> list[Mention]:
    """The objects not on both sides of the comparison ("A plus C ... compared with B plus
    C": B), all of them when every one is; none for "A added to C versus placebo plus C"
    (an add-on trial has no rival)."""
    placebo = _PLACEBO_ARM.match(text, cue.end, objects[0].start)
    if placebo and both_sides >= {o.key for o in objects}:
        return []
    return [o for o in objects if o.key not in both_sides] or objects


_ASIDE_PARTNER = re.compile(r",\s*(?:in\s+combination|combined|together)\s+with\s+\Z", _I)
_PARTNER = re.compile(r"\s+(?:plus|\+|in\s+combination\s+with|combined\s+with)\s+", _I)
_IT_CLAUSE = re.compile(r",\s+(?:and|but)\s+it\s+(?:has|had|is|was|will|also)\b", _I)
_DESIGN_BEFORE = re.compile(r"\b(?:head[- ]to[- ]head|non-?inferiority)\s+(?:trial|study)\s+\Z", _I)
_PLACEBO_ARM = re.compile(r"\s*(?:a\s+|matching\s+)?placebos?\b", _I)
_COUNTED_OBJECT = re.compile(
    r"\s*(?:with|against)?\s*(?P<n>both|all\s+three|all\s+four|them)\b", _I
)


def _rivals_opening(sent: Sentence, cue: Cue) -> bool:
    return cue.kind == "competes" and sent.rivals_opening(cue) is not None


def _arm_pairs(
    sent: Sentence, cue: Cue, cands: list[Mention], discourse: Mention | None = None
) -> list[tuple[Mention, Mention]]:
    """ "a trial comparing A plus C with B plus C": each therapy of one arm against each of
    the other (what both arms share is no comparison); a class word right after a therapy
    names its kind ("topotecan chemotherapy"), not another arm. "comparing it with B": the
    sentence's first therapy before the cue, else the discourse subject."""
    text = sent.ctx.text
    end = sent.clause_end(cue.end)
    population = POPULATION.search(text, cue.end, end)  # "... with B in patients whose ..."
    end = population.start() if population else end
    split = _ARM_SPLIT.search(text, cue.end, end)
    if split is None:
        return []
    inside = [m for m in cands if cue.end <= m.start < end]
    kept = [
        m
        for i, m in enumerate(inside)
        if not (
            m.kind == "modality"
            and i
            and (
                text[inside[i - 1].end : m.start].isspace()
                # "A (CODE), its investigational oral SERD, with B": A's kind
                or _KIND_APPOSITION.fullmatch(text, inside[i - 1].end, m.start)
            )
        )
    ]
    left = [m for m in kept if m.start < split.start()]
    right = [m for m in kept if m.start >= split.end()]
    if not left and _IT_ARM.fullmatch(text, cue.end, split.start()):
        before = [m for m in cands if m.end <= cue.start and m.kind == "therapy"]
        left = before[:1] or ([discourse] if discourse is not None else [])
    if right:
        # "... with B, the first direct comparison of two bispecifics": an apposition
        # after the arm describes the trial, it adds no arm
        apposition = _APPOSITION.search(text, right[0].end, end)
        if apposition is not None:
            # "... with B, an anti-CD38 antibody, plus C and D": the arm goes on after it
            resumed = _ARM_RESUMES.search(text, apposition.end(), end)
            right = [
                m
                for m in right
                if m.start < apposition.start() or (resumed and m.start >= resumed.end())
            ]
    shared = {m.key for m in left} & {m.key for m in right}
    return [
        (a, b)
        for a in left
        for b in right
        if a.key not in shared and b.key not in shared and a.key != b.key
    ]


_APPOSITION = re.compile(r",\s+(?:the|a|an|which|who|whose|its|their)\b", _I)
_IT_ARM = re.compile(r"\s+(?:it|them)", _I)
_ARM_RESUMES = re.compile(r",\s+(?:plus|with|and|in\s+combination\s+with)\s", _I)
_KIND_APPOSITION = re.compile(
    r"\)?\s*(?:\([^()]*\))?,\s+(?:its|their|an?|the)\s+(?:[\w-]+\s+){0,6}", _I
)
_OBJECT_RELATIVE = re.compile(r",\s*(?:which|who|whose)\b[^,;]*", _I)


# "Compared with these chronic treatments", "Unlike those drugs": the therapies the
# sentence before named.
_PLURAL_OBJECT = re.compile(
    r"\s+(?:these|those|the\s+two|the\s+three|both|such)\s+(?:[\w-]+\s+){0,2}?(?:treatments|drugs"
    r"|therapies|medicines|products|options|agents|antibodies|injectables|pills)\b",
    _I,
)


def _previous_therapies(sent: Sentence) -> list[Mention]:
    """The therapies the previous sentence of the paragraph names, once each."""
    if sent.index == 0:
        return []
    prev = sent.ctx.sentences[sent.index - 1]
    if prev.span.paragraph != sent.span.paragraph:
        return []
    seen: dict[str, Mention] = {}
    for m in prev.candidates:
        if m.kind == "therapy" and not m.reference:
            seen.setdefault(m.key, m)
    return list(seen.values())


_LIST_ITEM = re.compile(r",\s+(?:and|or)\s+\Z", re.IGNORECASE)


def _opening_pairs(
    sent: Sentence, cue: Cue, cands: list[Mention], discourse: Mention | None
) -> list[tuple[Mention, Mention]]:
    """ "Compared with X (and Y), Z ...": the objects stand between the cue and the comma,
    the subject is the main clause's own (or, for "Compared with X, it ...", the
    discourse subject)."""
    zone_end = next((e for s, e in sent.object_zones if s == cue.end), sent.end)
    objects = [m for m in cands if cue.end <= m.start < zone_end]
    if objects:
        listed = [objects[0]] + [
            m
            for m in objects[1:]
            if _LIST_ITEM.search(sent.ctx.text, max(0, m.start - 12), m.start)
        ]
        # "Compared with X, which ..., and Y (...), Z": X's group and each one the list
        # goes on with after a relative clause
        objects = [o for m in listed for o in sent.group(m, strict=False) if o.start < zone_end]
        objects = list({o.key: o for o in objects}.values())
    elif _PLURAL_OBJECT.match(sent.ctx.text, cue.end, zone_end):
        objects = _previous_therapies(sent)  # "Compared with these chronic treatments, X"
    if not objects:
        return []
    # "Compared with X, which in lymphoma means A, B or C, they ...": the relative clause
    # describes the object; the subject comes after it.
    relative = _OBJECT_RELATIVE.match(sent.ctx.text, zone_end, sent.end)
    after = [m for m in cands if m.start >= zone_end and sent.eligible(m)]
    main = zone_end
    if relative is not None:
        inner = [m for m in after if m.start < relative.end()]
        described = sent.group(inner[0], strict=False) if inner else []
        main = max([relative.end()] + [m.end for m in described])
        after = [m for m in after if m.start >= main]
    subjects: list[Mention] = []
    if after and not ANAPHOR.search(sent.ctx.text, main, after[0].start):
        subjects = sent.group(after[0], strict=True)
    elif discourse is not None:
        subjects = [discourse]
    return [(s, o) for s in subjects for o in objects if o.key != s.key]
