"""The discourse model: sentences with their zones (clauses, contrast and comparison-object
phrases, cues), each sentence's subject, and the article's topic.

A sentence's *subject* is its first therapy or class word that is not in a contrast or
comparison-object phrase ("Unlike ex vivo methods, ...", "... non-inferiority to X") and
not a reference class ("existing CAR-T", "approved products"). When a sentence names none,
or an anaphor ("it", "this approach", "the therapy") comes first, the subject is the
subject of the previous sentence of the same paragraph; at the start of a paragraph it is
the article's *topic*: the therapy or class word mentioned most (title mentions count
twice, ties go to a therapy; reference classes and contrasted mentions do not count).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from tlkg.loaders.records import EntityRef, Evidence, Relation, RelationKind
from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.conditioning import drop_conditioning_agents
from tlkg.loaders.text.mentions import barrier_mentions, find_mentions
from tlkg.loaders.text.model import Mention, Therapy
from tlkg.loaders.text.sentences import Span, fold, split_sentences
from tlkg.loaders.text.topic import article_topic, done_without
from tlkg.ontology.vocab import Vocabulary

_I = re.IGNORECASE
# The first person of a maker (an interview's answers, a press release), and a question
# put to it ("your product").
FIRST_PERSON = re.compile(
    r"\b(?:we|our|ours)\b|\byour\s+(?:product|programme|program|drug|therapy|molecule"
    r"|candidate|cells|treatment|asset)\b",
    re.IGNORECASE,
)
# Who speaks for a maker.
EXECUTIVE = re.compile(
    r"\bchief\s+(?:executive|medical|scientific|operating|business|technology|development)"
    r"\s+officer\b|\b(?-i:CEO|CMO|CSO)\b|\b(?:co-?)?founder\b|\bhead\s+of\s+(?:R&D|research)\b",
    re.IGNORECASE,
)
_CANDIDATE_KINDS = ("therapy", "modality")

# ", the radioligand from Acme", ", Amgen's CD19-directed bispecific": an apposition.
_APPOSITION_AFTER = re.compile(
    r",\s+(?:the|an?|(?-i:[A-Z][\w&.-]*)(?:\s+(?-i:[A-Z][\w&.-]*)){0,2}['’]s?)\s", re.IGNORECASE
)
# The patients' earlier treatment ("was approved ... after platinum chemotherapy"): never
# the sentence's subject.
_PRIOR_BEFORE = re.compile(
    r"\b(?:after|following|refractory\s+to|relapsed\s+(?:after|on)|progress\w*\s+(?:on|after)"
    r"|previously\s+treated\s+with"
    # "14 of 18 patients continued tafamidis": the patients' background drug, an object
    r"|(?:patients|participants|people|adults|children|subjects)\s+(?:\w+\s+){0,2}?(?:continued"
    r"|received|took|were\s+(?:given|treated\s+with|taking)|stayed\s+on|remained\s+on)"
    # "most of whom had received both a covalent BTK inhibitor and venetoclax"
    r"|(?:who|whom)\s+had\s+(?:already\s+)?(?:received|taken|been\s+(?:treated\s+with|given)))"
    r"\s+(?:both\s+[^.;,]{0,60}?\s+and\s+)?(?:[\w-]+\s+){0,2}\Z",
    re.IGNORECASE,
)
_PRIOR_WORD = re.compile(r"\b(?:prior|previous)\s+\Z", re.IGNORECASE)
_RELATIVE_NEXT = re.compile(r",\s+(?:which|who|whose)\b", re.IGNORECASE)
_LIST_GOES_ON = re.compile(r",\s+(?:and|or)\s+(?-i:[A-Z])", re.IGNORECASE)
_NAME_NEXT = re.compile(
    r",\s+(?:[a-z]{5,}|[a-z]{2,}-[a-z]{2,}|[A-Z][a-z]+|[A-Z]{2,}[- ]?\d+|[A-Z]{4,})\b"
    r"(?!\s+(?:the|a|an)\b)"
)
_CLAUSE_BREAK = re.compile(
    r";|:|\s[-–—]\s|—|,\s+(?:which|while|whereas|although|though|but|so|and\s+that|as)\b|\s+but\s+|\?"
    # "..., and in ELEVATE-RR, acalabrutinib was non-inferior": a new clause with its setting
    r"|,\s+and\s+in\s+(?-i:[A-Z])",
    _I,
)
_SUBORDINATE = re.compile(
    r"^(?:because|since|although|though|while|whereas|when|if|as|after|before|despite|once|until|unlike|in\s+contrast\s+to)\b[^,]*,",
    _I,
)
ANAPHOR = re.compile(P.ANAPHOR, _I)
_REPORTED = re.compile(
    r"\b(?:said|says|say|announced|believes?|expects?|hopes?|thinks?|argues?|notes?|noted|stated|added)\s+(?:that\s+)?$",
    _I,
)
_NAMED_AFTER = re.compile(r"^\s*(?:,\s*(?:called|named|known\s+as|dubbed)\s+|,\s*|\(\s*|\s+)$", _I)
_NEGATION_WINDOW = 300  # characters before a cue searched for a negation (bounds the cost)
_NEGATION = re.compile(
    P.NEGATION + r"|\brather\s+than\b|\binstead\s+of\b|\byet\s+to\b|\bnor\b|\bneither\b", _I
)
COORD_STRICT = re.compile(
    # ("Both A's and B's labels ...": possessive members)
    r"^(?:['’]s\s*,?\s*(?:and|or)\s+"
    r"|(?:\s*(?:,|and(?:/or)?|or|&|/|plus|as\s+well\s+as|in\s+combination\s+with|combined\s+with|with|\(|\))\s*)*)$",
    _I,
)
_COORD_LOOSE = re.compile(
    r"^(?:\s*(?:,|and(?:/or)?|or|&|/|plus|as\s+well\s+as|in\s+combination\s+with|combined\s+with|like|such\s+as"
    r"|including|e\.g\.,?|\(|\)|-)\s*)*$",
    _I,
)
_OWNER_BEFORE = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)")
_POSSESSIVE = re.compile(r"['’]s?\s+")
_FROM_MAKER = re.compile(r"\s*\)?\s*(?:\([^()]{1,40}\)\s*)?,?\s*(?:from|by)\s+", _I)
_H2H = re.compile(P.HEAD_TO_HEAD_CUE, _I)
# A gene-like symbol ("EGFR", "B7-H3"), not a study or patient group ("CAR-T patients").
_TARGET_AFTER = re.compile(r"\s+(?-i:[A-Z][A-Z0-9-]{1,9})\b(?!\s+(?:patients|trials?))")
_NI = re.compile(P.NON_INFERIORITY_CUE, _I)
_CMP = re.compile(P.COMPARED_CUE, _I)
_COMPETE = re.compile(P.COMPETES_CUE, _I)
_COMPLEMENT = re.compile(P.COMPLEMENTS_CUE, _I)
_CONTRAST = re.compile(P.CONTRAST_OPENERS, _I)
_DESIGN_NOUN = re.compile(
    r"[\s-]+(?:(?:phase\s*\w+|randomi[sz]ed|open-label)\s+)*(?:trials?|stud(?:y|ies))\b", _I
)
# Each cue pattern with words one of which every match holds (lower case): a sentence
# with none of them is not searched (``tests/test_text_unseen_forms.py`` checks the pairing).
_CUE_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("head_to_head", _H2H, ("head",)),
    ("non_inferiority", _NI, ("inferior",)),
    (
        "compared",
        _CMP,
        (
            "compar",
            "unlike",
            "versus",
            "vs",
            "against",
            "relative",
            "superior",
            "outperform",
            "better than",
            "match",
            " over",
            "beat",
        ),
    ),
    (
        "competes",
        _COMPETE,
        (
            "compet",
            "rival",
            "alternative",
            "replac",
            "displac",
            "supplant",
            "up against",
            *("challenger", "vy", "vie", "trail", "threat to"),
            "field in which",
            "enter",
        ),
    ),
    ("complements", _COMPLEMENT, ("complement",)),
)
# What may stand before an opening comparison cue ("When compared with X, ...").
# (A speaker's label first: "A: Compared with X, ...", "Q: Unlike X, ...".)
_OPENING = re.compile(
    r"(?:(?-i:[A-Z][\w.]{0,20})\s*:\s*)?[\s\"“‘'(]*(?:(?:and|but|so|yet|when|as|if|also)\s+)?", _I
)


# "Rivals include X", "The closest rival is X", "Its main competitors are X", "The most
# direct rival is now X": the rivals of the programme the text is about (the words before
# the cue).
_RIVALS_OPENING = re.compile(
    r"[\s\"“]*(?:(?P<owner>its|their|his|her)\s+|the\s+)?(?:(?:most\s+)?(?:main|closest|nearest"
    r"|biggest|chief|advanced|direct|only|other|leading|obvious|strongest)\s+)?",
    _I,
)
# What may follow the cue before the rival is named ("in development, X", "is now X").
_RIVAL_NAMED = re.compile(
    r"\s*(?:(?:in\s+development|in\s+the\s+clinic|so\s+far|today)\s*)?"
    r"(?:,\s*|\s+(?:is|are|was)\s+(?:now\s+|still\s+)?)",
    _I,
)


def _outer_comma(text: str, start: int, end: int) -> int:
    """The first comma of ``text[start:end]`` outside parentheses ("Compared with A
    (Brand, Maker) and B, C ...": the one after B), or -1."""
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            return i
    return -1


def anaphor_count(anaphor: str) -> int | None:
    """How many entities an anaphor stands for: 2 for "both" or "the two ...", 3 or 4
    for "the three/four ...", 0 for any other plural ("they", "these drugs"), None for a
    singular ("it", "the therapy")."""
    words = anaphor.lower().split()
    for word, n in (("both", 2), ("two", 2), ("neither", 2), ("three", 3), ("four", 4)):
        if word in words:
            return n
    if words[0] in ("they", "their", "them", "these", "those", "all", "each"):
        return 0
    return None


@dataclass
class Cue:
    kind: str  # head_to_head | non_inferiority | compared | competes | complements
    start: int
    end: int
    negated: bool
    design: bool = False  # "a non-inferiority trial of X versus Y": X, Y are the next cue's


_NEGATED_AFTER = re.compile(
    r"^\S*\s+(?:[\w-]+\s+){0,3}(?:has|have|had|was|were)\s+(?:not|never|yet)\b", re.IGNORECASE
)
_DENIED_BEFORE = re.compile(r"\b(?:no|without)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


class Sentence:
    """One sentence: its candidates (therapies and class words), organisations, targets,
    indications, barrier words, and the zones that decide who is subject."""

    def __init__(self, ctx: Context, span: Span) -> None:
        self.ctx = ctx
        self.span = span
        self.index = 0  # position in ctx.sentences (set by Context)
        self.start, self.end = span.start, span.end
        self.text = ctx.text[span.start : span.end]
        lo, hi = (bisect_left(ctx.mention_starts, p) for p in (span.start, span.end))
        self.mentions = [m for m in ctx.mentions[lo:hi] if m.end <= span.end]
        self.candidates = _merge_same(
            [m for m in self.mentions if m.kind in _CANDIDATE_KINDS], ctx.text
        )
        lo, hi = (bisect_left(ctx.barrier_starts, p) for p in (span.start, span.end))
        self.barriers = [b for b in ctx.barriers[lo:hi] if b.end <= span.end]
        self.clause_ends = [span.start + m.start() for m in _CLAUSE_BREAK.finditer(self.text)] + [
            span.end
        ]
        # Negations found once per sentence (a search per cue made cue-dense text slow).
        negations = [
            (span.start + m.start(), span.start + m.end()) for m in _NEGATION.finditer(self.text)
        ]
        self.negation_starts = [s for s, _ in negations]
        self.negation_ends = [e for _, e in negations]
        self.cues = self._cues()
        self.object_zones = [
            (c.end, self.contrast_end(c.end) if self.opens_with(c) else self.clause_end(c.end))
            for c in self.cues
            if not c.design
        ]
        self.contrast_zones = []
        for m in _CONTRAST.finditer(self.text):
            s = span.start + m.end()
            self.contrast_zones.append((s, self.contrast_end(s)))
        sub = _SUBORDINATE.match(self.text)
        self.subordinate_end = span.start + sub.end() if sub else span.start
        self.anaphor: re.Match[str] | None = None  # the anaphor standing as subject, if any
        # a lede's indefinite class word stands for this programme (relations._lede_programme)
        self.lede_programme: list[Mention] | None = None

    # ---- zones -------------------------------------------------------------------------
    def clause_end(self, pos: int) -> int:
        i = bisect_right(self.clause_ends, pos)
        return self.clause_ends[i] if i < len(self.clause_ends) else self.end

    def clause_start(self, pos: int) -> int:
        i = bisect_right(self.clause_ends, pos) - 1
        while i >= 0 and self.clause_ends[i] >= pos:
            i -= 1
        return self.clause_ends[i] if i >= 0 else self.start

    def opens_with(self, cue: Cue) -> bool:
        """ "Compared with X, Y ...": a comparison cue opening the sentence names only its
        object before the comma; the subject follows it."""
        if cue.kind != "compared":
            return False
        # "...; unlike X, which blocks BTK, Y removes it": a clause after a semicolon opens too
        semi = self.ctx.text.rfind(";", self.start, cue.start)
        start = semi + 1 if semi >= 0 else self.start
        return _OPENING.fullmatch(self.ctx.text, start, cue.start) is not None

    def contrast_end(self, pos: int) -> int:
        text = self.ctx.text
        comma = _outer_comma(text, pos, self.end)
        relative = comma >= 0 and _RELATIVE_NEXT.match(text, comma) is not None
        if comma >= 0 and (relative or _APPOSITION_AFTER.match(text, comma)):
            # "Compared with X (Brand), the radioligand from Acme that is approved for Y, Z
            # ...": the apposition describing X belongs to the contrast, and so do its
            # relative clause ("..., Amgen's bispecific, which runs ... in hospital, Z")
            # and the list going on after one ("Compared with X, which ..., and Y (...), Z")
            nxt = comma if relative else _outer_comma(text, comma + 1, self.end)
            while nxt >= 0 and (_RELATIVE_NEXT.match(text, nxt) or _LIST_GOES_ON.match(text, nxt)):
                after = _outer_comma(text, nxt + 1, self.end)
                if _RELATIVE_NEXT.match(text, nxt) and self._names_therapy(nxt, after):
                    nxt = -1  # "..., which in lymphoma means A, B or C, ...": not skipped
                    break
                nxt = after
            if nxt >= 0 and _NAME_NEXT.match(text, nxt):
                return nxt  # only when a name follows: the main clause's subject
        return min(comma if comma >= 0 else self.end, self.clause_end(pos))

    def _names_therapy(self, start: int, end: int) -> bool:
        """Does a therapy's name start in ``text[start:end]`` (``end`` -1: the sentence's end)?"""
        stop = self.end if end < 0 else end
        return any(m.kind == "therapy" and start <= m.start < stop for m in self.candidates)

    def in_object_zone(self, m: Mention) -> bool:
        return any(s <= m.start < e for s, e in self.object_zones)

    def in_contrast_zone(self, m: Mention) -> bool:
        return any(s <= m.start < e for s, e in self.contrast_zones)

    def eligible(self, m: Mention) -> bool:
        return not (self.in_object_zone(m) or self.in_contrast_zone(m))

    def _negated_at(self, pos: int) -> bool:
        cs = max(self.clause_start(pos), pos - _NEGATION_WINDOW)
        # A negation between the clause start and the cue (matches do not overlap, so
        # the first one starting after cs is also the first to end).
        i = bisect_left(self.negation_starts, cs)
        if i < len(self.negation_starts) and self.negation_ends[i] <= pos:
            return True
        after = self.ctx.text[pos : self.clause_end(pos)]
        return _NEGATED_AFTER.match(after) is not None

    def _cues(self) -> list[Cue]:
        cues = []
        folded = self.ctx.folded
        for kind, pattern, anchors in _CUE_PATTERNS:
            if not any(folded.find(a, self.start, self.end) >= 0 for a in anchors):
                continue  # a substring test is much cheaper than the pattern
            for m in pattern.finditer(self.text):
                s, e = self.start + m.start(), self.start + m.end()
                if kind == "compared" and self._binds_target(m.group(0), e):
                    continue  # "an antibody against EGFR and MET": binding, not comparison
                cues.append(Cue(kind, s, e, self._negated_at(s)))
        cues.sort(key=lambda c: c.start)
        for c in cues:
            if c.kind in ("head_to_head", "non_inferiority") and _DESIGN_NOUN.match(
                self.ctx.text, c.end
            ):
                end = self.clause_end(c.end)
                # ("a head-to-head trial designed to show that A is non-inferior to B")
                arms = [
                    o
                    for o in cues
                    if o.kind in ("compared", "non_inferiority") and c.end < o.start < end
                ]
                c.design = bool(arms)
                for o in arms:  # "a head-to-head trial of A against B has not been run"
                    o.negated |= c.negated
        return cues

    def _binds_target(self, cue: str, end: int) -> bool:
        """ "against" followed by a target ("an antibody against EGFR and MET") binds it."""
        if cue.lower() != "against":
            return False
        nxt = _TARGET_AFTER.match(self.ctx.text, end, min(self.end, end + 16))
        return nxt is not None or any(
            m.kind == "target" and end < m.start <= end + 2 for m in self.mentions
        )

    def rivals_opening(self, cue: Cue) -> re.Match[str] | None:
        """ "The closest rival is X", "Its main competitors are X": the words before a
        competition cue that opens the sentence, else None."""
        return _RIVALS_OPENING.fullmatch(self.ctx.text, self.start, cue.start)

    def _named_rival(self) -> Mention | None:
        """The rival a sentence opens on ("The nearest competitor in development, X
        (Maker), which targets ..."): the subject of the rest of the sentence."""
        for cue in self.cues:
            if cue.kind != "competes" or self.rivals_opening(cue) is None:
                continue
            named = _RIVAL_NAMED.match(self.ctx.text, cue.end)
            if named is None:
                return None
            return next(
                (m for m in self.candidates if m.kind == "therapy" and m.start == named.end()),
                None,
            )
        return None

    # ---- subject -----------------------------------------------------------------------
    def explicit_subject(self) -> list[Mention] | None:
        """The sentence's own subject group, or None (anaphor first, or nothing eligible)."""
        ctx = self.ctx
        rival = self._named_rival() if self.cues else None
        if rival is not None:
            return self.group(rival, strict=True)
        semi = ctx.text.find(";", self.start, self.end)
        limit = semi if semi >= 0 else self.end
        eligible = [
            m
            for m in self.candidates
            if self.eligible(m)
            and m.start < limit
            and not self.prior(m)
            # "There is no apheresis, no busulfan and no cell manufacturing for each
            # patient": a kind of treatment denied is what the focus does without (but "No
            # CAR-T therapy is approved for ..." is about the class)
            and not (m.kind == "modality" and self._denied(m))
            and not done_without(ctx.text, m)
        ]
        main = [m for m in eligible if m.start >= self.subordinate_end]
        sub = [m for m in eligible if m.start < self.subordinate_end]
        anaphor = None
        for a in ANAPHOR.finditer(ctx.text, self.subordinate_end, limit):
            if _REPORTED.search(ctx.text[max(self.start, a.start() - 40) : a.start()]):
                continue  # "AstraZeneca has said it sees ...": "it" is the speaker
            anaphor = a
            break
        first = main[0] if main else None
        self.anaphor = (
            anaphor if first is None or (anaphor and anaphor.start() < first.start) else None
        )
        if anaphor is not None and (first is None or anaphor.start() < first.start):
            named = next(
                (
                    m
                    for m in main
                    if m.start >= anaphor.end()
                    and _NAMED_AFTER.match(ctx.text[anaphor.end() : m.start])
                ),
                None,
            )
            if named is not None:
                return self.group(named, strict=True)
            if sub:
                return self.group(sub[0], strict=True)
            return None
        if first is not None:
            return self.group(first, strict=True)
        if sub:
            return self.group(sub[0], strict=True)
        return None

    def prior(self, m: Mention) -> bool:
        """Is ``m`` the patients' earlier treatment ("after X", "had received X", "the
        post-X setting")? (Never the sentence's subject nor the article's topic.)"""
        if self.ctx.folded.endswith("post-", max(0, m.start - 5), m.start):
            return True
        if _PRIOR_WORD.search(self.ctx.text, max(self.start, m.start - 12), m.start):
            return True  # "Prior luspatercept was allowed", "previous BTK inhibitors"
        return bool(_PRIOR_BEFORE.search(self.ctx.text, max(self.start, m.start - 90), m.start))

    def _denied(self, m: Mention) -> bool:
        text = self.ctx.text
        denied = _DENIED_BEFORE.search(text, max(self.start, m.start - 20), m.start)
        return denied is not None and bool(text[self.start : denied.start()].strip())

    def group(self, first: Mention, strict: bool) -> list[Mention]:
        pattern = COORD_STRICT if strict else _COORD_LOOSE
        out = [first]
        cands = [m for m in self.candidates if m.start > first.start]
        last = first
        for m in cands:
            gap = self.ctx.text[last.end : m.start]
            if not (pattern.match(gap) or self._owned_next(last, m)):
                break
            out.append(m)
            last = m
        return out

    def _owned_next(self, last: Mention, m: Mention) -> bool:
        """ "A and Boehringer Ingelheim's B", "A from Kite and B": the next member with its
        maker before it, or the last one's maker between them."""
        orgs = [
            o for o in self.mentions if o.kind == "organization" and last.end <= o.start < m.start
        ]
        if len(orgs) != 1:
            return False
        text = self.ctx.text
        return bool(
            _OWNER_BEFORE.fullmatch(text, last.end, orgs[0].start)
            and _POSSESSIVE.fullmatch(text, orgs[0].end, m.start)
        ) or bool(
            _FROM_MAKER.fullmatch(text, last.end, orgs[0].start)
            and _OWNER_BEFORE.fullmatch(text, orgs[0].end, m.start)
        )


def _merge_same(cands: list[Mention], text: str) -> list[Mention]:
    """ "Ciltacabtagene autoleucel (Carvykti)": one candidate, not two."""
    out: list[Mention] = []
    for m in cands:
        if (
            out
            and out[-1].key == m.key
            and re.fullmatch(r"\s*[(,]?\s*", text[out[-1].end : m.start])
        ):
            prev = out[-1]
            out[-1] = Mention(
                prev.kind,
                prev.key,
                prev.name,
                prev.start,
                m.end,
                prev.known,
                prev.reference,
                prev.priority,
            )
            continue
        out.append(m)
    return out


class Context:
    """One text being read: its mentions, sentences and topic, the therapies found so far
    and the relations added (each at most once per sentence)."""

    def __init__(self, text: str, vocab: Vocabulary, has_title: bool) -> None:
        self.text = text
        self.vocab = vocab
        self.has_title = has_title
        folded = fold(text)
        self.folded = folded  # lower-cased, same offsets: cheap substring tests per sentence
        self.barriers = barrier_mentions(text, folded)
        self.spans = split_sentences(text)
        mentions = find_mentions(text, folded, vocab, self.barriers, self.spans)
        self.mentions = drop_conditioning_agents(mentions, self.spans, folded, vocab)
        self.mention_starts = [m.start for m in self.mentions]  # sorted: find_mentions sorts
        self.barrier_starts = [b.start for b in self.barriers]  # sorted too
        self.therapies: dict[str, Therapy] = {}
        self.relations: list[Relation] = []
        # The organisation a sentence says runs several programmes ("Acme is testing two
        # ADCs"), for the ordinal sentences naming them next ("The first, A, ...").
        self.programme_owner: tuple[Sentence, Mention] | None = None
        self._seen: set[tuple] = set()
        self.sentences = [Sentence(self, s) for s in self.spans]
        for i, sent in enumerate(self.sentences):
            sent.index = i
        self.sentence_starts = [s.start for s in self.sentences]
        self.topic = article_topic(text, self.sentences, self.mentions, has_title)
        self.own = self._own()

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence holding offset ``pos`` (the last one starting at or before it)."""
        return self.sentences[max(0, bisect_right(self.sentence_starts, pos) - 1)]

    def _own(self) -> list[Mention]:
        """The article's own programme, which its first person speaks for when it quotes
        a maker's executive (an interview with a company's medical officer, a press
        release): the first product no vocabulary knows (a company speaks of its new
        programme), else the first product. None when no executive speaks: a clinician's
        or an analyst's "we" is not a maker's."""
        if not EXECUTIVE.search(self.text):
            return []
        named = [m for m in self.mentions if m.kind == "therapy" and not m.reference]
        return ([m for m in named if not m.known] or named)[:1]

    def first_person(self, sent: Sentence) -> bool:
        """Whether ``sent``, naming no subject and no anaphor, speaks in the first person
        ("We still collect cells by apheresis", "Does your product escape any of
        that?"): it is then about the article's own programme."""
        return bool(self.own) and sent.anaphor is None and bool(FIRST_PERSON.search(sent.text))

    # ---- relation building -----------------------------------------------------------------
    def ref(self, m: Mention) -> EntityRef:
        if m.kind == "therapy":
            t = self.therapies.get(m.key)
            return EntityRef(kind="therapy", key=m.key, name=t.name if t else m.name, known=m.known)
        if m.kind == "modality":
            return EntityRef(kind="modality", key=m.key, name=m.key, known=True)
        return EntityRef(kind=m.kind, key=m.key, name=m.name, known=m.known)

    def add(
        self,
        kind: RelationKind,
        subject: EntityRef,
        obj: EntityRef,
        sent: Sentence,
        detail: str | None = None,
        through: Sentence | None = None,
    ) -> None:
        """Add a relation with ``sent`` as its evidence (from ``sent`` to ``through`` when
        the claim takes two sentences: a class's stage and the products listed next)."""
        if subject.key == obj.key and subject.kind == obj.kind:
            return
        sig = (kind, subject.kind, subject.key, obj.kind, obj.key, detail, sent.start)
        if sig in self._seen:
            return
        self._seen.add(sig)
        end, text = (sent.end, sent.text) if through is None else (through.end, "")
        text = text or self.text[sent.start : end]
        self.relations.append(
            Relation(
                kind=kind,
                subject=subject,
                object=obj,
                evidence=Evidence(sentence=text, start=sent.start, end=end),
                detail=detail,
            )
        )
