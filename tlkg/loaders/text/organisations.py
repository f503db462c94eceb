"""Organisations in a sentence: the therapies they develop ("Acme's ABC-123", "ABC-123,
developed by Acme", "Acme said it dosed ABC-123", "Acme has submitted an application for
ABC-123", "ABC-123 (AC-12; Acme)", "two are from Acme: A and B"; "Acme is testing two
ADCs. ... The second, B, ...") and the companies they buy ("A acquires B", "B was acquired
by A", "the acquisition of B by A"). A list of developers ("developed by X, Y and Z", "X and
Y develop A") credits each member.
"""

from __future__ import annotations

import re
from itertools import pairwise

from tlkg.loaders.text.discourse import COORD_STRICT, Context, Sentence
from tlkg.loaders.text.groups import class_count, last_named
from tlkg.loaders.text.holdings import holdings
from tlkg.loaders.text.maker_appositions import apposed_makers
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.owners import (
    company_programme,
    developer_plausible,
    its_own,
    ordinal_programmes,
)
from tlkg.loaders.text.patterns import MAKER_AFTER
from tlkg.loaders.text.regimen_partners import partner_pairs, without_partners

_I = re.IGNORECASE

# ---- organisations -----------------------------------------------------------------------
# A company's seat may stand before its name: "from Seoul-based Acme".
_BASED = r"(?:[A-Z][\w.-]*-based\s+)?"
_DEV_VERB = re.compile(
    r"^[^.;]{0,100}?\b(?:develop(?:s|ed|ing)?|sells?|markets|marketed|to\s+market|makes?|manufactures?|discovered|owns?|licensed|invented"
    # a buyer owns what it bought: "Eli Lilly bought STX-478 from Scorpion"
    r"|acquired|bought|buys"
    # "Ascendis Pharma won accelerated approval for Yuviwel": the holder of an approval
    r"|(?:won|wins|received|receives|gained|secured)\s+(?:\w+\s+){0,2}?(?:approval|authori[sz]ation)"
    r"\s+(?:for|of))\b",
    _I,
)
_REPORT_VERB = re.compile(
    r"^(?:\s*,[^,]{0,120},)?\s*(?:\(\s*[^)]{0,40}\)\s*,?)?(?:[^.;]{0,20}?)\b(?:today\s+)?(?:said|says|announced|announces|reported|reports"
    r"|presented|presents|unveiled|disclosed|initiated|dosed|launched|launches"
    r"|submitted|filed|(?:is|are)\s+(?:also\s+)?(?:testing|running))\b",
    _I,
)
_ACQUIRE = re.compile(
    r"^\s+(?:has\s+|have\s+|had\s+)?(?:agreed\s+to\s+|will\s+|plans\s+to\s+|to\s+|is\s+to\s+|moved\s+to\s+)?"
    r"(?:acquire[sd]?|acquiring|buys?|bought|buying|purchase[sd]?|take\s+over|took\s+over)\s+$"
    # "A gained when it bought B", "A, which bought B"
    r"|^\s+[^.;()]{0,40}?\b(?:when|after|since|which|that)\s+(?:it\s+)?(?:acquired|bought|purchased)\s+$",
    _I,
)
# "B (which A acquired in 2025)", "B, which A bought": the buyer inside a relative clause.
_ACQUIRED_IN_RELATIVE = re.compile(r"^\s*[(,]\s*(?:which|that)\s+$", _I)
_ACQUIRED_AFTER = re.compile(r"\s+(?:has\s+|had\s+)?(?:acquired|bought|purchased)\b", _I)
_ACQUIRED_BY = re.compile(
    r"\b(?:was|were|has\s+been|is\s+being|will\s+be|being|been)?\s*acquired\s+by\s+$", _I
)
_ACQUISITION_OF = re.compile(
    r"^['’]s?\s+(?:\w+\s+)?(?:acquisition|purchase|buyout|takeover)\s+of\s+$", _I
)
# ("Novartis's Piqray with fulvestrant": what follows "with" is not Novartis's)
_POSSESSIVE = re.compile(
    r"^['’]s?\s+(?:(?!(?:with|plus|and|or|versus|vs|after|before|than)\b)[\w-]+,?\s+){0,4}$", _I
)
_OWN_PAREN = re.compile(r"^\s*\(\s*$")
_POSSESSIVE_APPOSITION = re.compile(r"^\s*\)?\s*,\s*$")  # "X (Brand), Acme's ..."
# "X (HBX-4410; Acme Bio)", "X (ABC-123, Acme)": the developer inside the introduction.
# ("X (BlueRock Therapeutics/Bayer)": two makers joined by a slash)
_IN_PARENS = re.compile(r"\([^()]{0,80}(?:[;,/]|[;,][^()]{0,40}\s(?:and|&))\s*$")
_LAST_IN_PARENS = re.compile(r"\s*(?:(?:and|&|/)\s*[A-Z][^()]{0,40})?\)")
# "Two of those are from Acme: A and B" (the list after the colon).
_FROM_COLON = re.compile(r"\bfrom\s+$", _I)
_BY_AFTER = re.compile(
    r"^[^.;]{0,120}?\b(?:developed|made|marketed|sold|discovered|licensed|manufactured|owned)\s+by\s+$"
    r"|^[^.;]{0,60}?\bfrom\s+" + _BASED + r"$"
    # "X was discovered at Halden Bio", "invented at the Kessock Institute"
    r"|^[^.;]{0,60}?\b(?:discovered|invented|designed|originated|created|engineered|began|started"
    r"|developed)"
    r"\s+at\s+(?:the\s+)?$"
    # "X ... was licensed in 2024 to Acme", "in-licensed from Beta"
    r"|^[^.;]{0,120}?\b(?:was\s+|were\s+|been\s+|and\s+|in-)licensed\s+(?:in\s+\d{4}\s+)?(?:to|from)\s+"
    + _BASED
    + r"$"
    # "... the name vorakimig by its developer, Pentreath Bio"
    r"|^\s+by\s+its\s+(?:developer|maker|owner|sponsor)\s*,?\s*$"
    # "X (Abecma; developed by Acme and Beta)": the makers after the brand, in the brackets
    r"|^\s*(?:\([^();]{0,40})?;\s*(?:developed|made|marketed|sold|discovered|licensed|manufactured"
    r"|owned)\s+by\s+$"
    # "X, an experimental conjugate for small cell lung cancer from Acme": an apposition (the
    # company's place may stand before its name: "from Seoul-based Acme")
    r"|^\s*\)?\s*,\s*(?:an?|the)\s+[^.;,()]{0,100}?\bfrom\s+" + _BASED + r"$",
    _I,
)
_WHOSE = re.compile(
    r"^\s*,?\s*(?:(?:a|an|the)\b[^,;.]{0,60}?)?\bwhose\s+(?:(?:\w+\s+){0,2}(?:candidate|product|programme|program|asset|drug|therapy)\s*,?\s*)?$"
    # "Acme, the developer of the BCMA-directed A"
    r"|^\s*,\s*(?:the|a)\s+(?:developer|maker|owner|originator)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    _I,
)

# A company that names a molecule is its developer: "which Holmsworth calls toltarimig".
_NAMES = re.compile(r"^\s+(?:now\s+|internally\s+)?calls\s+(?:it\s+|them\s+|the\s+[\w-]+\s+)?$", _I)


# Between two organisations of one list ("X, Y and Z", "X and its partner Y").
_ORG_LIST = re.compile(
    # a member's country may follow it: "X, Y in Japan and the Z"
    r"(?:\s+(?:in|of|from)\s+(?:the\s+)?[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)?)?"
    # and a relative clause or a seat: "X, Y, which designed the CAR, and the Z", "X,
    # based in Umeå, Sweden, and Y"
    r"(?:\s*,\s*(?:which|who|based\s+in)\s+[^;()]{1,120}?(?=\s*,))?"
    # ("by X, by our licensor Y, ... and by Z": "by" said again)
    r"\s*(?:,|and|&|as\s+well\s+as|with|together\s+with)?\s*(?:,?\s*(?:and|&)\s+)?(?:by\s+)?"
    r"(?:(?:its|their|our)\s+(?:[\w-]+\s+){0,3}(?:partners?|licensees?|licensors?|collaborators?"
    r"|co-developers?)\s+)?(?:the\s+)?",
    _I,
)


_ANAPHOR_DEVELOPED = re.compile(
    r"^\W*(?:it|they|both|the\s+\w+)\s+(?:was|were|is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:(?:developed|discovered|invented|engineered|designed|created)\s+(?:\w+\s+)?(?:by|at)"
    # "Both are sold by Novartis": who sells a product makes it
    r"|(?:sold|marketed|made|manufactured|owned)\s+by"
    r"|(?:in-)?licensed\s+from)\s+"
    + _BASED
    # "The drug came from Hefei Tianrui Biopharma"
    + r"|^\W*(?:it|they|the\s+\w+)\s+(?:came|comes)\s+from\s+",
    _I,
)


_BY_LIST = re.compile(
    r"\b(?:co-?)?(?:developed|discovered|invented|engineered|designed|created|made"
    r"|manufactured|sold|marketed|owned)\s+(?:\w+\s+)?by\s+(?:the\s+)?"
    + _BASED
    + r"|\blicensed\s+from\s+(?:the\s+)?|\b(?:came|comes)\s+from\s+"
    r"|\b(?:discovered|invented|developed|created)\s+at\s+(?:the\s+)?",
    _I,
)


def _developed_by_anaphor(
    ctx: Context, sent: Sentence, orgs: list[Mention], subject: list[Mention]
) -> None:
    """ "It was developed by X and Y": the sentence names no therapy, so its anaphor's
    therapies (the focus) are each developer's in the list that follows "by"."""
    head = _ANAPHOR_DEVELOPED.match(sent.text)
    if head is None or sent.anaphor is None:
        return
    members: list[Mention] = []
    # "It was discovered by X and is co-developed by X, Y and Z": each list after "by"
    for by in _BY_LIST.finditer(ctx.text, sent.start, sent.end):
        listed = [o for o in orgs if o.start >= by.end()]
        if not listed or listed[0].start != by.end():
            continue
        members.append(listed[0])
        for prev, o in pairwise(listed):
            if not _ORG_LIST.fullmatch(ctx.text, prev.end, o.start):
                break
            members.append(o)
    for t in subject:
        if t.kind != "therapy":
            continue
        for org in members:
            if developer_plausible(ctx, t, org):
                ctx.add("developed_by", ctx.ref(t), ctx.ref(org), sent)


# An abstract's header or footer naming who runs the study: "Authors: A. Doe, ..., for Acme
# Bio and the University of X", "Funding: Acme Bio", "Sponsor: Acme Bio".
_STUDY_OWNER = re.compile(
    r"\W*(?:(?:authors?|investigators?)\s*:[^\n]*?\bfor\s+(?:the\s+)?"
    r"|(?:funding|funded\s+by|(?:research\s+|study\s+|trial\s+)?sponsors?|sponsored\s+by)"
    r"\s*:?\s*(?:the\s+)?"
    r"|(?:[A-Z][a-z]+\s*:\s*)?(?:the|this)\s+(?:study|trial)\s+(?:is|was)\s+(?:sponsored|funded)"
    r"\s+by\s+)$",
    _I,
)


def _study_owners(ctx: Context, sent: Sentence, orgs: list[Mention]) -> None:
    """The sponsors an abstract names develop the programme it is about (its topic)."""
    topic = [m for m in ctx.topic if m.kind == "therapy"]
    if not topic or not _STUDY_OWNER.match(ctx.text, sent.start, orgs[0].start):
        return
    members = orgs[:1]
    for o in orgs[1:]:
        if not _ORG_LIST.fullmatch(ctx.text, members[-1].end, o.start):
            break
        members.append(o)
    for org in members:
        if developer_plausible(ctx, topic[0], org):
            ctx.add("developed_by", ctx.ref(topic[0]), ctx.ref(org), sent)


def organisations(ctx: Context, sent: Sentence, subject: list[Mention] | None = None) -> None:
    """Add the developed_by and acquired_by relations the sentence states."""
    orgs = [m for m in sent.mentions if m.kind == "organization"]
    ordinal_programmes(ctx, sent, orgs)
    company_programme(ctx, sent)
    if not orgs:
        return
    _acquisitions(ctx, sent, orgs)
    _acquisitions_of(ctx, sent, orgs)
    therapies = [m for m in sent.candidates if m.kind == "therapy"]
    if not therapies:
        _developed_by_anaphor(ctx, sent, orgs, subject or [])
        _study_owners(ctx, sent, orgs)
        for org in orgs:  # "Tamsin has licensed rights in Japan to Ravenglass": the focus's
            for t in _partnered(ctx, sent, org, [], subject or []):
                if developer_plausible(ctx, t, org):
                    ctx.add("developed_by", ctx.ref(t), ctx.ref(org), sent)
        return
    # "It is developed by X, Y, which tested it as CODE, and Z": the sentence's anaphor
    # stands for the therapy it names (another name of it), or for none it names
    if {t.key for t in therapies} <= {m.key for m in subject or []}:
        _developed_by_anaphor(ctx, sent, orgs, subject or [])
    its_own(ctx, sent, orgs, therapies)
    holdings(ctx, sent, orgs, therapies)
    for t, org in apposed_makers(ctx, sent, orgs):
        if developer_plausible(ctx, t, org):
            ctx.add("developed_by", ctx.ref(t), ctx.ref(org), sent)
    found = [_developed(ctx.text, sent, org, orgs, therapies) for org in orgs]
    for i, org in enumerate(orgs):
        if not found[i]:
            found[i] = _partnered(ctx, sent, org, therapies, subject or [])
    _share_in_lists(ctx.text, orgs, found)
    pairs = partner_pairs(ctx, sent) if any(found) else set()  # (read once per sentence)
    for org, devs in zip(orgs, found, strict=True):
        for t in without_partners(pairs, devs, therapies, org):
            if developer_plausible(ctx, t, org):
                ctx.add("developed_by", ctx.ref(t), ctx.ref(org), sent)


def _share_in_lists(text: str, orgs: list[Mention], found: list[list[Mention]]) -> None:
    """A list of developers ("developed by X, Y and Z", "X and Y develop A"): a member
    without therapies of its own takes those of its neighbour in the list; "from
    AstraZeneca's Alexion": the owner's unit is the maker."""
    for i in range(len(orgs) - 1):
        if found[i] and _ORG_OF_ORG.fullmatch(text, orgs[i].end, orgs[i + 1].start):
            found[i + 1], found[i] = found[i], []
    for step in (1, -1):
        idx = range(1, len(orgs)) if step == 1 else range(len(orgs) - 2, -1, -1)
        for i in idx:
            j = i - step
            a, b = (orgs[j], orgs[i]) if step == 1 else (orgs[i], orgs[j])
            if not found[i] and found[j] and _ORG_LIST.fullmatch(text, a.end, b.start):
                found[i] = found[j]


def _acquisitions(ctx: Context, sent: Sentence, orgs: list[Mention]) -> None:
    """ "A acquires B", "A's acquisition of B", "A was acquired by B"."""
    for i, a in enumerate(orgs):
        for b in orgs[i + 1 :]:
            gap = ctx.text[a.end : b.start]
            if _ACQUIRE.match(gap) or _ACQUISITION_OF.match(gap):
                ctx.add("acquired_by", ctx.ref(b), ctx.ref(a), sent)
            elif (a is orgs[0] and _ACQUIRED_BY.search(gap)) or (
                _ACQUIRED_IN_RELATIVE.match(gap) and _ACQUIRED_AFTER.match(ctx.text, b.end)
            ):
                ctx.add("acquired_by", ctx.ref(a), ctx.ref(b), sent)


def _acquisitions_of(ctx: Context, sent: Sentence, orgs: list[Mention]) -> None:
    """ "the acquisition of B by A"."""
    for m in re.finditer(r"acquisition\s+of\s+", sent.text, _I):
        pos = sent.start + m.end()
        target = next((o for o in orgs if o.start == pos), None)
        if target is None:
            continue
        buyer = next(
            (
                o
                for o in orgs
                if o.start > target.end and re.match(r"^\s+by\s+$", ctx.text[target.end : o.start])
            ),
            None,
        )
        if buyer is not None:
            ctx.add("acquired_by", ctx.ref(target), ctx.ref(buyer), sent)


# "KYV-101 (Kyverna Therapeutics)": the maker alone in the parentheses after the name.
_ORG_IN_PARENS = re.compile(r"\s*\(\s*\Z")
# "X, an antibody that Acme discovered and develops with ...": a relative clause naming the
# maker of the therapy before it.
_RELATIVE_MAKER = re.compile(
    r"(?:that|which)\s+\Z",
    _I,
)
_MAKER_VERB_AFTER = re.compile(
    r"\s+(?:has\s+|had\s+)?(?:co-?)?(?:discovered|develops|developed|invented|designed|licensed"
    r"|created|engineered|owns|markets|makes|manufactures)\b",
    _I,
)
# "... develops with its Korean partner Y", "licensed rights in Japan to Y", "co-develops the
# drug with Y": a partner of the sentence's programme.
_PARTNER_BEFORE = re.compile(
    r"(?:(?:co-?)?develop(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?with(?:\s+(?-i:[a-z][\w-]*)){0,2}"
    r"|partner(?:ed|ing|s)?\s+with"
    r"|(?:its|their|a|the)\s+(?:[\w-]+\s+){0,3}partners?|licen[sc]ed\s+(?:[\w-]+\s+){0,8}?to"
    r"|collaboration\s+with|(?:out-)?licen[sc]ed\s+(?:it\s+)?to)\s+(?:the\s+)?\Z",
    _I,
)


def _partnered(
    ctx: Context, sent: Sentence, org: Mention, therapies: list[Mention], subject: list[Mention]
) -> list[Mention]:
    """The therapies an organisation is named as maker or partner of outside the usual
    forms: "X (Acme)", "X, which Acme discovered", "... develops with its partner Acme",
    "licensed rights in Japan to Acme" (the sentence's programme)."""
    text = ctx.text
    before = [t for t in therapies if t.end <= org.start]
    in_parens = before and _ORG_IN_PARENS.fullmatch(text, before[-1].end, org.start)
    if in_parens and _LAST_IN_PARENS.match(text, org.end, org.end + 48):
        return [before[-1]]  # (or the first of two: "(BlueRock Therapeutics/Bayer)")
    lead = text[max(sent.start, org.start - 80) : org.start]
    if before and _RELATIVE_MAKER.search(lead) and _MAKER_VERB_AFTER.match(text, org.end):
        return [before[-1]]
    if _PARTNER_BEFORE.search(lead):
        own = [t for t in therapies if t.start < org.start and sent.eligible(t)][:1]
        return own or [t for t in subject if t.kind == "therapy"][:1]
    return []


# "Pfizer agreed in May to pay 3SBio $1.25 billion upfront for ex-China rights to SSGJ-707":
# the payer and the payee of a licence both develop the programme.
_PAYS = re.compile(r"\s+(?:[\w-]+\s+){0,4}?(?:pay|pays|paid|paying)\s+", _I)
_FOR_RIGHTS = re.compile(
    r"(?:[^.;]|\.\d){0,80}?\b(?:rights|licen[cs]e|option|upfront)\b[^.;]{0,60}?\b(?:to|for|on)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?",
    _I,
)


def _deal(text: str, orgs: list[Mention], org: Mention, therapies: list[Mention]) -> list[Mention]:
    """The programme a licence deal ``org`` pays for or is paid for, or none."""
    i = orgs.index(org)
    pairs = [(orgs[j], orgs[j + 1]) for j in (i - 1, i) if j >= 0 and j + 1 < len(orgs)]
    for payer, payee in pairs:
        if not _PAYS.fullmatch(text, payer.end, payee.start):
            continue
        target = next((t for t in therapies if t.start > payee.end), None)
        if target is not None and _FOR_RIGHTS.fullmatch(text, payee.end, target.start):
            return [target]
    return []


def _developed(
    text: str, sent: Sentence, org: Mention, orgs: list[Mention], therapies: list[Mention]
) -> list[Mention]:
    """The therapies the sentence says ``org`` develops, in the order they were found."""
    later = [t for t in therapies if t.start >= org.end]
    earlier = [t for t in therapies if t.end <= org.start]
    devs: list[Mention] = []
    # "Like A (INN), Acme's anti-CD19 product, B still needs ...": the possessive is A's
    apposed = (
        bool(earlier and later)
        and _POSSESSIVE_APPOSITION.match(text[earlier[-1].end : org.start]) is not None
        and text[org.end : later[0].start].rstrip().endswith(",")
    )
    if later and not apposed:
        devs.extend(_developed_after(text, sent, org, orgs, later[0]))
    if earlier:
        owns_next = (
            bool(later)
            and not apposed
            and _POSSESSIVE.match(text[org.end : later[0].start]) is not None
        )
        devs.extend(_developed_before(text, org, orgs, earlier[-1], earlier, sent.start, owns_next))
    if org is orgs[0]:
        devs.extend(_reported_by(text, sent, org, orgs, later))
    if len(orgs) > 1 and org in orgs[:2]:
        devs.extend(_co_reported(text, sent, orgs, later))
    devs.extend(_deal(text, orgs, org, therapies))
    if later and (
        _FROM_COLON.search(text, max(sent.start, org.start - 8), org.start)
        or _HAS_COLON.match(text, org.end)
    ):
        devs.extend(_colon_list(text, org, orgs, later))
    return devs


def _colon_list(
    text: str, org: Mention, orgs: list[Mention], later: list[Mention]
) -> list[Mention]:
    """ "Two of those are from Acme: A, which ..., and B", "Novartis has two: A and B":
    the therapies after the colon."""
    if not (re.match(r"\s*:", text[org.end : org.end + 3]) or _HAS_COLON.match(text, org.end)):
        return []
    return [t for t in later if _no_org_between(orgs, org.end, t.start)]


def _developed_after(
    text: str, sent: Sentence, org: Mention, orgs: list[Mention], first: Mention
) -> list[Mention]:
    """ "Acme's ABC-123", "Acme, whose lead candidate ABC-123", "Acme develops A and B"."""
    gap = text[org.end : first.start]
    if _POSSESSIVE.match(gap) and not any(o.start > org.end and o.end <= first.start for o in orgs):
        return _until_next_org(text, sent.group(first, strict=True), orgs)  # "Acme's A and B"
    if _UNDER_NAME.match(gap) and _DISCOVERED_AT.search(text, max(0, org.start - 40), org.start):
        return [first]  # "discovered at the X Institute in Oslo under the name HSI-44"
    if _WHOSE.match(gap) or _OWN_PAREN.match(gap) or _NAMES.match(gap):
        # "Kyverna Therapeutics (KYV-101)", "the molecule, which Holmsworth calls X"
        return [first]
    if _in_relative_clause(text, org, first.start):
        return []  # "A, which Kite agreed to buy, is developing X": A's, not Kite's
    others = [o for o in orgs if not _in_relative_clause(text, o, first.start)]
    if _DEV_VERB.match(text[org.end : first.start + 1]) and _no_org_between(
        others, org.end, first.start
    ):
        return sent.group(first, strict=True)
    return []


_HAS_COLON = re.compile(
    r"\s+(?:has|have|owns|markets|sells)\s+(?:two|three|four|both|several)(?:\s+[\w-]+)?\s*:", _I
)
_ORG_OF_ORG = re.compile(r"['’]s?\s+")
_UNDER_NAME = re.compile(
    r"^\s+(?:in\s+[A-Z][\w-]+\s+)?under\s+(?:the|its|a)\s+(?:code\s*)?(?:name|code)\s+$", _I
)
_DISCOVERED_AT = re.compile(
    r"\b(?:discovered|invented|developed|created|made)\s+at\s+(?:the\s+)?\Z", _I
)


# An organisation inside a relative clause ("Interius, which Kite agreed to acquire in 2025,
# is developing X") is not the subject of the verb after the clause.
_RELATIVE_BEFORE = re.compile(r",\s*(?:which|that|whom|whose)\s+(?:\w+\s+)?\Z", _I)


def _in_relative_clause(text: str, org: Mention, end: int) -> bool:
    """Is ``org`` inside a relative clause that closes (a comma) before ``end``?"""
    return (
        _RELATIVE_BEFORE.search(text, max(0, org.start - 12), org.start) is not None
        and "," in text[org.end : end]
    )


# "..., both sold by X", "all three developed by X": the last few therapies named.
_COUNTED_BY = re.compile(
    r",\s*(?P<n>both|all\s+(?:three|four))\s+(?:\w+\s+)?(?:developed|made|marketed|sold"
    r"|discovered|licensed|manufactured|owned)\s+(?:\w+\s+(?:and\s+)?\w+\s+)?by\s+$",
    _I,
)
# A list that leaves out its verb after the first item ("A is developed by X, B by Y and Z,
# and C by W"): a bare "by" after the verb said once.
_GAPPED_BY = re.compile(r"^\s+by\s+$", _I)
_BY_VERB = re.compile(
    r"\b(?:developed|made|marketed|sold|discovered|licensed|manufactured|owned)\s+by\b", _I
)


def _until_next_org(text: str, group: list[Mention], orgs: list[Mention]) -> list[Mention]:
    """The members of a coordinated group up to the first one another organisation's name
    stands before ("Sanofi's A and B, and Amicus' C": A and B)."""
    out = group[:1]
    for prev, m in pairwise(group):
        if not _no_org_between(orgs, prev.end, m.start):
            break
        out.append(m)
    # "Amgen's A and B, from Acme": B names its own maker after it
    while len(out) > 1 and MAKER_AFTER.match(text, out[-1].end):
        out.pop()
    return out


def _developed_before(
    text: str,
    org: Mention,
    orgs: list[Mention],
    last: Mention,
    therapies: list[Mention],
    sent_start: int,
    owns_next: bool = False,
) -> list[Mention]:
    """ "ABC-123, Acme's lead candidate", "ABC-123, developed by Acme" (not when the
    possessive is the next therapy's: "A (Brand), Acme's B", ``owns_next``)."""
    prev = [o for o in orgs if o.end <= org.start and o.start >= last.end]
    if prev and _CHAINED_BY.fullmatch(text, prev[-1].end, org.start):
        # "X ... discovered by A and developed by B": B's too, as A's
        return _developed_before(text, prev[-1], orgs, last, therapies, sent_start)
    gap = text[last.end : org.start]
    # "X, Acme's lead candidate", "X, Gilead Sciences' antibody"
    possessive = (
        _POSSESSIVE_APPOSITION.match(gap)
        and re.match(r"['’](?:s\b|\s)", text[org.end : org.end + 2])
        and not owns_next
    )
    if possessive and _no_org_between(orgs, last.end, org.start):
        return [last]
    if (
        _BY_AFTER.match(gap)
        or (_GAPPED_BY.match(gap) and _BY_VERB.search(text, sent_start, last.start))
    ) and _no_org_between(orgs, last.end, org.start):
        counted = _COUNTED_BY.search(gap)
        named = last_named(therapies, class_count(counted["n"])) if counted else []
        if named:  # "A, which ..., and B, which ..., both sold by X"
            return named
        return _group_ending(text, therapies, last)  # "A and B, both developed by X"
    return _introduced_with(text, org, therapies)


_CHAINED_BY = re.compile(
    r"\s*,?\s+and\s+(?:(?:is|was|now|being|later|then)\s+)?(?:co-?)?(?:developed|licensed"
    r"|manufactured|marketed|commercialized|commercialised|sold)\s+(?:\w+\s+)?by\s+",
    _I,
)


def _introduced_with(text: str, org: Mention, therapies: list[Mention]) -> list[Mention]:
    """ "X (x-cel; XB-101; Acme Bio)": the therapy whose introduction names the org last."""
    # (two makers: "(Wainua; Ionis and AstraZeneca)")
    if not _LAST_IN_PARENS.match(text, org.end, org.end + 48):
        return []
    paren = text.rfind("(", max(0, org.start - 80), org.start)
    if paren < 0 or not _IN_PARENS.match(text, paren, org.start):
        return []
    # the name before the brackets, or one mention holding both ("Zolgensma (onasemnogene
    # abeparvovec, Novartis)": the brand and the INN in brackets are read as one name)
    named = [
        t
        for t in therapies
        if (t.end <= paren and not text[t.end : paren].strip()) or t.start < paren < t.end
    ]
    return named[-1:]


def _group_ending(text: str, therapies: list[Mention], last: Mention) -> list[Mention]:
    """The therapies coordinated with ``last`` before it ("A, B and C"), in order."""
    out = [last]
    for m in reversed([t for t in therapies if t.end <= last.start]):
        if not COORD_STRICT.match(text[m.end : out[0].start]):
            break
        if _POSSESSED.search(text, max(0, m.start - 60), m.start):
            break  # "Amgen's A and B, from Acme": A has its own maker
        if _COMPARED_PAIR.search(text, max(0, m.start - 40), out[0].start):
            break  # "compared A with B (Brand), the therapy from Acme": B's maker only
        out.insert(0, m)
    return out


_COMPARED_PAIR = re.compile(
    r"\b(?:compar\w*|benchmark\w*|contrast\w*)\s+(?:\S+\s+){0,6}?with\s+\S*\Z|\b(?:versus|vs\.?)\s+\S*\Z",
    _I,
)
_POSSESSED = re.compile(r"(?-i:[A-Z])[\w&.-]*['’]s?\s+(?:[\w-]+\s+){0,2}\Z")


def _reported_by(
    text: str, sent: Sentence, org: Mention, orgs: list[Mention], later: list[Mention]
) -> list[Mention]:
    """A sentence opening with "Acme said/announced/dosed ...": the therapies it goes on to
    name (its subjects, with no other organisation before them) are Acme's."""
    if org.start - sent.start >= 60 or not _REPORT_VERB.match(text[org.end : sent.end]):
        return []
    lead = text[sent.start : org.start]
    if re.search(r"\b(?:said|says|announced|reported)\b", lead, _I):
        return []
    return [t for t in later if sent.eligible(t) and _no_org_between(orgs, org.end, t.start)]


_CORP = r"\.?(?:,?\s*(?:Inc|Ltd|Co|Corp|plc|AG|SA|LLC|GmbH|Limited)\.?)*\s*(?:\([^()]{0,40}\)\s*)?"
# "A, Inc. (Nasdaq: AAA) and B Co., Ltd. today announced ...": two companies reporting.
_CO_REPORT = re.compile(
    _CORP
    + r",?\s*and\s+ORG"
    + _CORP
    + r"(?:today\s+)?(?:announced|announce|reported|report|said|say"
    r"|presented|present)\b",
    _I,
)


def _co_reported(
    text: str, sent: Sentence, orgs: list[Mention], later: list[Mention]
) -> list[Mention]:
    """The therapies a sentence opening with two reporting companies goes on to name."""
    a, b = orgs[0], orgs[1]
    if a.start - sent.start >= 60:
        return []
    gap = text[a.end : b.start] + "ORG" + text[b.end : min(sent.end, b.end + 80)]
    if _CO_REPORT.match(gap) is None:
        return []
    return [t for t in later if t.start > b.end and sent.eligible(t)]


def _no_org_between(orgs: list[Mention], start: int, end: int) -> bool:
    return not any(start <= o.start and o.end <= end for o in orgs)
