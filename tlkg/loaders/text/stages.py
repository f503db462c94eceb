"""Stated phases: the most advanced stage of development an article states for each
programme, each with its sentence (``has_phase`` relations; ``TherapyRef.phase`` is the
highest of them).

The rule (docs/extraction.md, "Stated phases"):

- **Cues.** A trial phase as written ("phase 3 trial", "Phase 1b", "phase I/II", "phase 2/3":
  the highest number counts), "pivotal", "registrational" or "confirmatory" (phase 3),
  "first-in-human" (phase 1); approval and label news ("approved", "approval", "marketing
  authorisation", "commercially available", "sells", "boxed warning", "label") give *approved*.
- **Asserted only.** A cue said as a condition, a plan or an intention ("would need to clear
  phase 3 trials", "plans to start a phase 1 trial", "hopes to open", "if approved", "filed for
  approval") or negated ("has not been approved", "no ... has completed a pivotal trial") sets
  nothing: plans never raise a phase (``evidence.asserted``).
- **Whose.** The therapies a relative clause right after them states it of ("X, which is
  approved", also in a comparison: "Compared with X, which is approved, Y ..."); the therapies
  the cue is said of ("approval of X", "a phase 3 trial of X"); else the therapies named in the
  cue's clause; when it names none, those of the whole sentence ("Two products are approved: A
  and B"); when the sentence names none, the sentence's subject from the discourse ("It is now
  in a phase 3 trial"). A stage said of a **class** ("all approved autologous CAR-T therapies",
  "the two approved BCMA CAR-Ts": a class word in the cue's clause, no therapy named, no
  anaphor) reaches the products the next sentence (even on the next line) names ("The change
  applies to A and B, and to C", not those after "not", "except"): two or more (exactly as many
  as a count word says), each of that class or a narrower one (or of no known modality), with
  both sentences as evidence; else nobody. Never a therapy set against the subject ("Unlike X,
  ..."), one named as the patients' earlier treatment ("after teclistamab", "previously treated
  with X"), nor a generic drug class (chemotherapy, corticosteroids).
"""

from __future__ import annotations

import re

from tlkg.loaders.records import EntityRef, StatedPhase
from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.aliases import unknown_word
from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.evidence import asserted, trial_approval
from tlkg.loaders.text.groups import class_count, last_named
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.owners import company_subject
from tlkg.loaders.text.phase_numbers import numbered_nearby
from tlkg.loaders.text.stage_plans import PLAN_NOUN_AFTER, PLANNED_AFTER, planned_predicate
from tlkg.loaders.text.trial_names import trial_programme
from tlkg.ontology import concepts as C

_I = re.IGNORECASE
_PHASE = re.compile(P.PHASE_CUE, _I)
_APPROVAL = re.compile(P.APPROVAL_CUE, _I)
_STAGE_NEGATED = re.compile(P.STAGE_NEGATED_BEFORE, _I)
_PRIOR = re.compile(P.PRIOR_THERAPY_BEFORE, _I)
# Cheap tests before each cue pattern runs (most sentences have none of these words):
# substring searches of the folded text, much faster than a case-insensitive pattern.
_PHASE_ANCHORS = ("phase", "pivotal", "registrat", "confirmatory", "first-in", "first in")
_APPROVAL_ANCHORS = ("approv", "authori", "commercially", "now available", "sell", "sold",
                     "marketed", "boxed", "label", " market", "launched")  # fmt: skip
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# The plural nouns of a class of products, and the plural class names of drug forms: one
# list for every rule below that reads a class ("the two approved CAR-Ts", "Three
# biologics were approved", "develops and markets specialty medicines").
_DRUG_NOUNS = (
    r"(?:drugs|medicines|products|therapies|treatments|therapeutics|agents|options|antibodies"
    r"|biologics|vaccines)"
)
_CLASS_PLURALS = (
    r"(?:[\w/-]*(?:CAR-?Ts|engagers|inhibitors|ADCs|bispecifics|conjugates|degraders|stabili[sz]ers"
    r"|agonists|antagonists|modulators|blockers|silencers))"
)
# "the only approved gene therapy for the disease": a set-apart class in the singular.
_CLASS_SINGULARS = (
    r"(?:drug|medicine|product|therapy|treatment|agent|antibody|biologic|vaccine"
    r"|[\w/-]*(?:CAR-?T|engager|inhibitor|ADC|bispecific|conjugate|degrader))"
)
# "the two approved BCMA CAR-Ts": a count word shortly before a class word.
_COUNT = re.compile(r"\b(?P<n>two|three|four|five|six|both)\b[^.;:,]{0,40}$", _I)
# "..., but not to X", "except X": not a member of the list.
_EXCEPT = re.compile(r"\b(?:not|except|excluding|other\s+than|unlike|nor)\b[^.;:]{0,30}$", _I)
# The order of stages, least advanced first ("approved" above every trial phase).
STAGE_ORDER: tuple[StatedPhase, ...] = ("phase1", "phase2", "phase3", "phase4", "approved")
STAGE_RANK = {p: n for n, p in enumerate(STAGE_ORDER)}


def _phase_of(m: re.Match[str]) -> StatedPhase:
    """The stage a phase cue names: the highest phase number written, else phase 3 for
    pivotal/registrational/confirmatory, phase 1 for first-in-human."""
    if m.group("num"):
        numbers = []
        for part in re.split(r"\s*(?:/|-|and|or)\s*", m.group("num").lower()):
            part = part.rstrip("ab") if part not in _ROMAN else part
            numbers.append(_ROMAN.get(part) or int(part) if part else 0)
        return STAGE_ORDER[max(1, min(4, max(numbers))) - 1]
    if m.group("pivotal"):
        return "phase3"
    return "phase1"


# "cash that funds the Phase 3 programme through its readout": money for a stage to come
_FUNDED_BEFORE = re.compile(
    r"\b(?:funds?|funding|finances?|financing|pays?\s+for)\s+(?:the|our|a)\s+$", _I
)


def _cues(sent: Sentence) -> list[tuple[int, StatedPhase]]:
    """(position, stage) of every asserted stage cue of the sentence."""
    text, folded = sent.ctx.text, sent.ctx.folded
    out: list[tuple[int, StatedPhase]] = []
    if any(folded.find(a, sent.start, sent.end) >= 0 for a in _PHASE_ANCHORS):
        for m in _PHASE.finditer(sent.text):
            if m.group("pivotal") and numbered_nearby(sent.text, m.start(), m.end()):
                continue  # "the pivotal phase 2 ALPHA3 trial": the number says the phase
            if _DOSE_AFTER.match(sent.text, m.end()) or PLAN_NOUN_AFTER.match(sent.text, m.end()):
                continue  # "the recommended Phase 2 dose", "the phase 3 plan": no stage
            out.append((sent.start + m.start(), _phase_of(m)))
    if "standard" in folded[sent.start : sent.end]:
        # "lenvatinib, one of the standard first-line drugs": said in an apposition only
        # (``stated_phases``), never of a trial's subject ("X versus standard therapy")
        for m in _STANDARD.finditer(sent.text):
            out.append((sent.start + m.start(), "approved"))
    if any(folded.find(a, sent.start, sent.end) >= 0 for a in _APPROVAL_ANCHORS):
        for m in _APPROVAL.finditer(sent.text):
            if _SELLING.match(m.group(0)) and (
                _MODAL_BEFORE.search(sent.text, max(0, m.start() - 60), m.start())
                or _GOODS_AFTER.match(sent.text, m.end())
            ):
                # "J&J can develop X faster and sell it": what a company could do;
                # "Kisaragi develops and markets specialty medicines": what a company does
                continue
            if _EITHER_STAGE.match(sent.text, m.end()):
                continue  # "on the market or in late-stage trials": either stage, no stage
            if _MARKETS_NOUN.match(m.group(0)) and _noun_markets(sent.text, m.start(), m.end()):
                continue  # "very different markets": the noun, not the verb
            if m.group(0).lower() == "approve" and _TO_BEFORE.search(
                sent.text, max(0, m.start() - 4), m.start()
            ):
                continue  # "slow to approve", "voted to approve": an act not done
            if _LIKE_BEFORE.search(sent.text, max(0, m.start() - 60), m.start()):
                continue  # "like the studies behind the two approvals": another's stage
            if not trial_approval(text, sent.start + m.start(), sent.start + m.end()):
                out.append((sent.start + m.start(), "approved"))
    return _under_review(sent) + [
        (pos, stage)
        for pos, stage in out
        if asserted(text, sent.start, pos)
        and not _negated(text, max(sent.start, pos - 60), pos, stage)
        and not _FUNDED_BEFORE.search(text, max(sent.start, pos - 30), pos)
        and not PLANNED_AFTER.match(text, pos, min(sent.end, pos + 80))
        and not planned_predicate(text, pos, sent.end)
    ]


def _apposed_in_zone(sent: Sentence, start: int, pos: int) -> list[Mention]:
    """The one therapy a contrast zone names before ``pos`` when the cue stands in its
    apposition (a comma right after it, no other name between)."""
    inside = [m for m in sent.candidates if start <= m.start < pos]
    if len(inside) != 1 or inside[0].kind != "therapy":
        return []
    gap = sent.ctx.text[inside[0].end : pos]
    return [inside[0]] if gap.startswith(",") and ";" not in gap and len(gap) <= 80 else []


def _under_review(sent: Sentence) -> list[tuple[int, StatedPhase]]:
    """ "its application is under FDA priority review with an action date of ...": filed
    after a completed phase 3 (the application is the point, no plan; not "that timeline
    is under review", nor "not yet under review")."""
    if "review" not in sent.ctx.folded[sent.start : sent.end]:
        return []
    out: list[tuple[int, StatedPhase]] = []
    for m in _UNDER_REVIEW.finditer(sent.text):
        pos = sent.start + m.start()
        if _NOT_A_PRODUCT.search(sent.text, max(0, m.start() - 25), m.start()):
            continue
        if not _negated(sent.ctx.text, max(sent.start, pos - 60), pos, "phase3"):
            out.append((pos, "phase3"))
    return out


_UNDER_REVIEW = re.compile(P.UNDER_REVIEW, _I)
_NOT_A_PRODUCT = re.compile(
    r"\b(?:timeline|plans?|strategy|decision|budget|guidance|policy|programme\s+design)\s+"
    r"(?:is|are|was|remains?)\s+\Z",
    _I,
)


def _negated(text: str, lo: int, pos: int, stage: StatedPhase) -> bool:
    """Whether the stage at ``pos`` is denied ("not approved", "yet to enter phase 3"); a
    failed trial was still run ("failed two phase 2 trials" reached phase 2), a failed
    approval never came."""
    neg = _STAGE_NEGATED.search(text, lo, pos)
    if neg is None:
        return False
    return stage == "approved" or not neg.group(0).lower().startswith("failed")


_STANDARD = re.compile(
    r"\bstandard(?:[- ]of[- ]care)?\s+(?:(?:first|second|third)[- ]line\s+)?(?:drugs?|medicines?"
    r"|treatments?|therap(?:y|ies)|options?)\b",
    _I,
)
_DOSE_AFTER = re.compile(r"\s+(?:doses?|dosing)\b(?!-)", _I)
_SELLING = re.compile(r"(?:sells?|sold|markets|marketed)$", _I)
_MARKETS_NOUN = re.compile(r"markets$", _I)
_FIRM_MARKETS = re.compile(r"[A-Z][\w&-]*\s+Markets\Z")
_NOUN_BEFORE = re.compile(
    r"\b(?:different|new|other|key|major|emerging|large|small|big|these|those|both|two|three"
    r"|many|several|the|its|their|our|global|developed|ex-US|US|European|Asian|some|all)\s+$",
    _I,
)


def _noun_markets(text: str, start: int, end: int) -> bool:
    """Is "markets" the noun ("different markets.", "in both markets", "Acme Capital Markets")?"""
    return (
        bool(re.match(r"\s*(?:[.,;:)]|$|and\b|or\b)", text[end:]))
        or bool(_NOUN_BEFORE.search(text, max(0, start - 20), start))
        or _FIRM_MARKETS.search(text, max(0, start - 30), end) is not None
    )


# A company's line of business: selling a kind of goods, no product named.
_GOODS_AFTER = re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?(?:{_DRUG_NOUNS}|brands|portfolio)\b", _I)
_EITHER_STAGE = re.compile(
    r"[^.;,()]{0,20}?\s+or\s+(?:in\s+)?(?:late-stage|clinical|development|trials?|phase|testing)\b",
    _I,
)
_MODAL_BEFORE = re.compile(r"\b(?:can|could|may|might|would|will)\b[^.;]{0,60}$", _I)
# "slow to approve", "voted to approve": the infinitive of an act not (yet) done.
_TO_BEFORE = re.compile(r"\bto\s+$", _I)
# "..., like the studies behind the two approvals": a stage said in a comparison's phrase
# that names no therapy belongs to what is compared, not to the clause's subject.
_LIKE_BEFORE = re.compile(r"(?:^|[,;(]\s*|\bjust\s+)(?:un)?like\s+(?!\s)[^.;,()]{0,50}$", _I)


def _eligible(ctx: Context, sent: Sentence, m: Mention) -> bool:
    if m.kind != "therapy" or sent.in_contrast_zone(m):
        return False
    t = ctx.therapies.get(m.key)
    if t is not None and t.category != "product":
        return False
    return not (_PRIOR.search(ctx.text, max(sent.start, m.start - 60), m.start) or sent.prior(m))


# "approval of X", "a phase 3 trial of X", "the pivotal study evaluating X": the stage is
# X's, not that of the other therapies of the clause ("The approval of X in 2021 paved the
# way for Y").
_OF = re.compile(
    r"[\w\s/-]{0,40}?\b(?:of|for|with|evaluating|testing|investigating|assessing|comparing)\s+(?:the\s+)?$",
    _I,
)


_COMBINED = re.compile(r"\b(?:combination|combined|together|alongside|plus)\b", _I)


def _of_group(
    ctx: Context, sent: Sentence, pos: int, end: int, eligible: list[Mention]
) -> list[Mention]:
    """The therapies a cue at ``pos`` is said of by "<cue> of X (and Y)", or none."""
    after = [m for m in eligible if pos < m.start < end]
    if not after:
        return []
    cue_end = pos + len(ctx.text[pos : after[0].start].split(None, 1)[0])
    if not _OF.match(ctx.text, cue_end, after[0].start) or _COMBINED.search(
        ctx.text, cue_end, after[0].start
    ):
        return []  # ("approved in combination with X": the subject's stage, and X's)
    group = sent.group(after[0], strict=True)
    return [m for m in group if m in eligible]


def fits(ctx: Context, m: Mention, modality: str) -> bool:
    """Is the therapy of ``modality`` or a narrower one (modality keys nest by prefix:
    car-t > car-t-in-vivo > car-t-in-vivo-lnp-mrna), or of no known modality?"""
    t = ctx.therapies.get(m.key)
    own = t.modality if t is not None else None
    if not own or own == modality or own.startswith(modality + "-"):
        return True
    return modality == C.CELL_THERAPY and (own.startswith(C.CAR_T) or own == C.OTHER_CELL_THERAPY)


# "X, which is approved for the same use": a relative clause right after X states X's
# stage, even when X is the object of a comparison ("Compared with X, which ...").
# An apposition may stand between ("X, Acme's CD3 engager, which is approved").
# A bracket right after a name, one level of brackets inside: "(VYLOY(R))"
_BRACKET = r"(?:\)|\((?:[^()]|\([^()]{0,4}\)){0,40}\))?"
_RELATIVE = re.compile(
    r"^\s*" + _BRACKET + r"\s*(?:(?:from|by)\s+[^,;()]{1,50})?,\s*(?:[^,;()]{1,80},\s*)?"
    r"(?:which|that|who|whose)\b[^,;()]{0,70}$"
    # "X plus Y, a regimen already approved for Z": an apposition that holds the cue
    # ("Riluzole and edaravone, older drugs approved for ALS", "lenvatinib, one of the
    # standard first-line drugs")
    r"|^\s*"
    + _BRACKET
    # ("X plus Y, in 2020 the first immunotherapy combination approved for this use")
    + r"\s*,\s*(?:in\s+\d{4}\s+)?(?:an?|the|one\s+of\s+the|(?:[\w-]+\s+){0,2}"
    + _DRUG_NOUNS
    + r")\s+[^,;()]{0,90}$"
    # "alpelisib (Piqray), approved in 2019 with fulvestrant": a participle right after X
    r"|^\s*" + _BRACKET + r"\s*,\s*(?:(?:first|already|fully|conditionally|recently)\s+)?$"
    # ("Y (Brand), granted conditional, time-limited approval", "X, now in a phase 3")
    # (from inside the brackets too: "(Amchepry, Sumitomo Pharma), granted ...")
    r"|^\s*(?:" + _BRACKET + r"|[^();]{0,40}\))\s*,\s*"
    r"(?:(?:granted|awarded|given)\s+[^;()]{0,50}|now\s+in\s+[^,;()]{0,50})$",
    _I,
)


def _relative_of(ctx: Context, sent: Sentence, pos: int) -> list[Mention]:
    """The therapies a cue in a relative clause right after them is said of, or none."""
    before = [m for m in sent.candidates if m.kind == "therapy" and m.end <= pos]
    if not before or not _RELATIVE.match(ctx.text[before[-1].end : pos]):
        return []
    last = before[-1]
    if _PRIOR.search(ctx.text, max(sent.start, last.start - 60), last.start):
        return []
    # "X and Y, which are approved", "B plus C, a regimen approved": the group ending at
    # the last therapy, never across "with" (the other arm of a comparison)
    group = [last]
    for m in reversed(before[:-1]):
        if not _LISTED.fullmatch(ctx.text, m.end, group[0].start):
            break
        group.insert(0, m)
    return group


_LISTED = re.compile(
    r"\s*(?:\(\s*|\)\s*)?(?:(?:from|by)\s+[^,;()]{1,40}?\s*)?(?:,|,?\s*and|&|plus|\+|/)?\s*", _I
)


def _said_of_class(sent: Sentence, lo: int, hi: int) -> bool:
    """Is a class word in the clause ``lo:hi`` before any anaphor ("all approved autologous
    CAR-T therapies ... their labels": the class's; "It is the first in vivo CAR-T ...": the
    focus's)?"""
    # (not the comparator: "in the phase 3 trial against platinum-based chemotherapy")
    first = next(
        (
            m
            for m in sent.candidates
            if m.kind == "modality" and lo <= m.start < hi and not sent.in_object_zone(m)
        ),
        None,
    )
    return first is not None and (sent.anaphor is None or first.start < sent.anaphor.start())


def class_members(
    ctx: Context, sent: Sentence, lo: int, hi: int
) -> tuple[list[Mention], Sentence | None]:
    """The products a stage said of a class word in the clause ``lo:hi`` reaches: those
    the next sentence names (docs/extraction.md), and that sentence."""
    classes = [m for m in sent.candidates if m.kind == "modality" and lo <= m.start < hi]
    nxt = ctx.sentences[sent.index + 1] if sent.index + 1 < len(ctx.sentences) else None
    # The next sentence even across a line break: news often sets each sentence apart.
    if not classes or nxt is None:
        return [], None
    listed = [
        m
        for m in nxt.candidates
        if m.kind == "therapy"
        and _eligible(ctx, nxt, m)
        and not _EXCEPT.search(ctx.text, max(nxt.start, m.start - 40), m.start)
    ]
    # ("Daratumumab and isatuximab are each approved in combination with pomalidomide":
    # a member's combination partners are no members)
    partners = [
        m
        for m in listed
        if not fits(ctx, m, classes[0].key)
        and _PARTNER_BEFORE.search(ctx.text, max(nxt.start, m.start - 60), m.start)
    ]
    listed = [m for m in listed if m not in partners]
    keys = {m.key for m in listed}
    count = _COUNT.search(ctx.text, max(lo, classes[0].start - 50), classes[0].start)
    wanted = class_count(count["n"]) if count else None
    if len(keys) < 2 or (wanted is not None and len(keys) != wanted):
        return [], None
    if not all(fits(ctx, m, classes[0].key) for m in listed):
        return [], None
    return listed, nxt


_PARTNER_BEFORE = re.compile(
    r"\b(?:with|plus|combination\s+with|combined\s+with)\s+(?:[\w-]+\s+){0,3}(?:and\s+)?$", _I
)


# "X is being compared with chemotherapy in the Phase 3 IDeate-Lung02 trial": the stage of
# the trial making the comparison, the subject's (not said of what X is compared with).
_TRIAL_OF_COMPARISON = re.compile(
    r"\s*[^,;()]{1,80}?\s(?:in|within)\s+(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}\Z", _I
)


def stated_phases(ctx: Context, sent: Sentence, subject: list[Mention]) -> None:
    """Add a ``has_phase`` relation for each (therapy, stage) the sentence states."""
    cues = _cues(sent)
    if not cues:
        return
    # (the patients' earlier treatment names no programme: "patients who had received X")
    named = [m for m in sent.candidates if m.kind == "therapy" and not sent.prior(m)]
    eligible = [m for m in named if _eligible(ctx, sent, m)]
    # (therapy, stage) pairs first: a sentence often repeats a cue ("approved ... label"),
    # and building the relation records is the costly part.
    # (therapy, stage) -> (its mention, the next sentence when it lists a class's products)
    found: dict[tuple[str, StatedPhase], tuple[Mention, Sentence | None]] = {}
    text = ctx.text
    # "Both approved drugs carry boxed warnings": every cue of a sentence about a class
    # it names no member of is the class's, not the focus's.
    of_class = not named and any(_CLASS_ADJECTIVE.match(text, pos) for pos, _ in cues)
    for pos, stage in cues:
        lo, hi = sent.clause_start(pos), sent.clause_end(pos)
        holders = _relative_of(ctx, sent, pos)
        if not holders and _STANDARD.match(text, pos):
            continue  # a standard of care is a stage only in an apposition on its name
        zone = next(((a, b) for a, b in sent.contrast_zones if a <= pos < b), None)
        if not holders and zone and not _TRIAL_OF_COMPARISON.match(text, zone[0], pos):
            # "Compared with X, Kaito's antibody in Phase 3, Y ...": X's own apposition
            holders = _apposed_in_zone(sent, zone[0], pos)
            if not holders:
                continue  # "Compared with the marketed X, Y ...": X's stage, not Y's
        holders = holders or _counted_apposition(sent, pos, eligible)
        holders = holders or _qualified(sent, pos, hi, eligible)
        holders = holders or _of_group(ctx, sent, pos, hi, eligible)
        if not holders and _OTHER_BEFORE.search(text, max(sent.start, pos - 30), pos):
            holders = _listed_before(sent, pos, eligible)
            if not holders:
                continue
        if not holders and eligible and _class_said(text, lo, pos):
            continue  # "Every ... CAR-T sold in the US", "Pfizer's approved vaccine Abrysvo"
        if not holders and eligible and _counted_class(text, sent.start, pos):
            continue  # "X was non-inferior to the two approved CAR-Ts": theirs, not X's
        holders = holders or [m for m in eligible if lo <= m.start < hi] or eligible
        through: Sentence | None = None
        if not holders and not named and sent.lede_programme:
            holders = sent.lede_programme  # a lede's class word: the programme named next
        elif not holders and not named and _said_of_class(sent, lo, hi):
            # the class's stage: the products listed next, or nobody
            holders, through = class_members(ctx, sent, lo, hi)
        elif not holders and not named and not of_class and not _someone_else(text, lo, pos):
            holders = (
                trial_programme(ctx, sent)
                or company_subject(ctx, sent, pos)
                or [m for m in subject if m.kind == "therapy"]
            )
        for h in holders:
            found.setdefault((h.key, stage), (h, through))
    for (_key, stage), (h, through) in found.items():
        obj = EntityRef(kind="phase", key=stage, name=stage, known=True)
        ctx.add("has_phase", ctx.ref(h), obj, sent, through=through)


# "The approved products", "marketed therapies": the stage of a class no sentence names,
# not of the programme in focus.
_CLASS_ADJECTIVE = re.compile(
    rf"(?:approved|marketed|licensed)\s+(?:[\w/-]+\s+){{0,3}}?{_DRUG_NOUNS}\b", _I
)
# "the two approved CAR-Ts": a stage said of a counted class, unless a copula makes it the
# subject's ("X and Y are the two approved"). ("A, B and the other approved CAR-Ts" says A
# and B are approved too.)
_COUNTED_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:two|three|four|five|both|several|many|only|sole|other)\s+$", _I
)
_COPULA_BEFORE = re.compile(r"\b(?:is|are|was|were|remains?|became|become)\s+(?:\w+\s+){0,2}$", _I)
_PLURAL_CLASS = re.compile(
    rf"\w+\s+(?:[\w/-]+\s+){{0,3}}?(?:{_CLASS_PLURALS}|{_DRUG_NOUNS}|{_CLASS_SINGULARS})\b", _I
)


# The clause's own subject is a class or a name no rule knows ("Three biologics were
# approved for HS by 2024", "Qalsody was approved on a neurofilament argument"): the stage
# is theirs, not the focus's.
_CLASS_SUBJECT = re.compile(
    r"(?:^|[.:!?\n*]\s*)(?:(?:the|all|both|two|three|four|five|several|many|some|other|most)\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?(?:{_CLASS_PLURALS}|{_DRUG_NOUNS})\s+(?:were|are|have\s+been|had\s+been)"
    r"\s+(?:\w+\s+)?$",
    _I,
)
_NAMED_SUBJECT = re.compile(
    r"(?:^|[.:!?\n*]\s*)(?-i:([A-Z][a-z]{3,}))\s+(?:is|was|were|are|has\s+been|had\s+been)\s+(?:\w+\s+)?$",
)


def _someone_else(text: str, lo: int, pos: int) -> bool:
    clause = text[lo:pos]
    if _CLASS_SUBJECT.search(clause):
        return True
    named = _NAMED_SUBJECT.search(clause)
    return (
        named is not None
        and named.group(1).lower() not in _NOT_NAMES
        and unknown_word(text, named.group(1))
    )


# Capitalised words that open a clause without naming anything new.
_NOT_NAMES = frozenset(
    {"it", "this", "that", "these", "those", "both", "they", "each", "all", "most", "some",
     "many", "several", "neither", "either", "none", "such", "other", "others", "which",
     "what", "there", "here", "today", "now", "then", "also", "still", "only", "once"}
)  # fmt: skip


# ", both approved for plaque psoriasis", ", all three approved": the last few named.
_COUNTED_APPOSITION = re.compile(r",\s*(?P<n>both|all\s+(?:three|four))\s+\Z", _I)


def _counted_apposition(sent: Sentence, pos: int, eligible: list[Mention]) -> list[Mention]:
    m = _COUNTED_APPOSITION.search(sent.ctx.text, max(sent.start, pos - 16), pos)
    if m is None:
        return []
    return last_named([t for t in eligible if t.end <= pos], class_count(m["n"]))


# The cue's own clause is about a class: "Every BCMA-directed CAR-T sold in the US",
# "each approved drug"; or the cue qualifies a class noun whose product no rule knows
# ("Pfizer's approved maternal vaccine Abrysvo") and no copula makes it the subject's.
_EVERY_CLASS = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but)\s+)(?:every|each|any)\s+(?:[\w/-]+\s+){0,4}?"
    rf"(?:{_CLASS_SINGULARS}|{_CLASS_PLURALS}|{_DRUG_NOUNS})\b[^.;]*\Z",
    _I,
)
_CLASS_ADJECTIVE_ONE = re.compile(
    rf"(?:approved|marketed|licensed)\s+(?:[\w/-]+\s+){{0,3}}?{_CLASS_SINGULARS}\b"
    # or a plural class a result is set against: "... reported for approved complement
    # inhibitors" (but "Approved ERTs (A, B and C) are ..." is theirs)
    rf"|(?:(?<=\bfor\s)|(?<=\bwith\s)|(?<=\bthan\s))(?:approved|marketed|licensed)\s+(?:[\w/-]+\s+){{0,3}}?"
    rf"(?:{_CLASS_PLURALS}|{_DRUG_NOUNS})\b(?!\s*\()",
    _I,
)


def _class_said(text: str, lo: int, pos: int) -> bool:
    if _EVERY_CLASS.search(text[lo:pos]):
        return True
    return bool(
        _CLASS_ADJECTIVE_ONE.match(text, pos)
        and not _COPULA_BEFORE.search(text, max(lo, pos - 40), pos)
        and not _RELATIVE.search(text, max(lo, pos - 60), pos)
    )


_OTHER_BEFORE = re.compile(r"(?:,|\band|\bor)\s+(?:all\s+)?the\s+other\s+$", _I)


def _listed_before(sent: Sentence, pos: int, eligible: list[Mention]) -> list[Mention]:
    """ "Kymriah, Breyanzi and the other approved CAR-Ts": the list before "the other"."""
    before = [m for m in eligible if m.end <= pos]
    if not before:
        return []
    return [m for m in sent.group(before[-1], strict=False) if m in eligible]


def _counted_class(text: str, sentence_start: int, pos: int) -> bool:
    """Is the cue at ``pos`` an adjective of a counted or set-apart plural class?"""
    before = text[max(sentence_start, pos - 40) : pos]
    count = _COUNTED_BEFORE.search(before)
    if count is None or _COPULA_BEFORE.search(before, 0, count.start()):
        return False
    return _PLURAL_CLASS.match(text, pos) is not None


# "the approved BCL-2 inhibitor venetoclax": the stage as an adjective of the next name.
# (a preposition ends it: "are each approved in combination with X" is not X's stage alone)
_ADJECTIVE_CUE = re.compile(
    r"(?:approved|marketed|licensed)\s+"
    r"(?:(?!(?:in|with|for|as|by|on|at|to|since|after|and|or)\b)[\w/-]+\s+){0,4}",
    _I,
)


def _qualified(sent: Sentence, pos: int, hi: int, eligible: list[Mention]) -> list[Mention]:
    """The therapies an adjective cue qualifies, when a name follows it in a few words:
    that name with those coordinated with it ("the approved regimen of A and B")."""
    text = sent.ctx.text
    for t in eligible:
        if pos < t.start <= min(hi, pos + 80) and _ADJECTIVE_CUE.fullmatch(text, pos, t.start):
            return [m for m in sent.group(t, strict=False) if m in eligible]
    return []


def highest(stages: list[StatedPhase]) -> StatedPhase | None:
    """The most advanced of ``stages`` (None when there is none)."""
    best: StatedPhase | None = None
    for stage in stages:
        if best is None or STAGE_RANK[stage] > STAGE_RANK[best]:
            best = stage
    return best
