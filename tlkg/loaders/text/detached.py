"""Names introduced away from the name they belong to (rule 3 of ``aliases``): a code
introduced as an earlier name where no name stands beside it ("Acme, which had tested the
drug under the code AC-101, ..."), an INN introduced as a later name ("The antibody, now
named dorvelimab, ..."), and a brand said of the drug ("Sorrelby will market the drug as
Halcyra"). Each goes to the programme in focus (``in_focus``)."""

from __future__ import annotations

import re

from tlkg.loaders.text.alias_groups import Groups
from tlkg.loaders.text.alias_words import ALIAS_WORDS, CALLS
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.sentences import ROUGH_SENTENCE_END, rough_sentence_start
from tlkg.ontology import concepts as C
from tlkg.ontology.names import ISOTOPE, NameKind, name_kind
from tlkg.ontology.stems import stem_modality

_I = re.IGNORECASE

# "Sorrelby will market the drug as Halcyra": a brand for the programme in focus.
_MARKET_AS = re.compile(
    r"\bmarket(?:s|ed)?\s+(?:it|the\s+(?:drug|therapy|product|antibody|treatment|medicine"
    r"|vaccine|injection|pill|infusion|gene\s+therapy|cell\s+therapy))\s+as\s+"
    r"([A-Z][a-z]{2,}|[A-Z]{3,})(?![\w-])"
)


def detached_brands(text: str, therapies: list[Mention], brands: list[Mention]) -> None:
    """ "Rookwood will market the therapy as Tessaly": the brand of the programme in focus."""
    if "market" not in text:
        return
    named = {m.start for m in therapies}
    for hit in _MARKET_AS.finditer(text):
        if hit.start(1) in named:
            continue
        focus = in_focus(text, therapies, hit.start(), ("inn", "code"))
        if focus is not None:
            brands.append(Mention("brand", focus.key, hit.group(1), hit.start(1), hit.end(1)))


# "Acme, which had tested the drug under the code AC-101, said ...", "The product, which Acme
# ran under the code AC-101 until last year, ...": the words before the code say it is an
# earlier name, but no name stands beside it.
_DETACHED_CODE = re.compile(
    r"(?:under\s+the\s+(?:development\s+)?name|" + ALIAS_WORDS + r")\s*\Z",
    _I,
)


def detached_codes(
    text: str, therapies: list[Mention], groups: Groups, brands: frozenset[str] = frozenset()
) -> None:
    """A code name introduced as an earlier name of something the sentence does not name
    ("Acme, which had tested the drug under the code AC-101, ...") names the programme in
    focus (``in_focus``). Nothing is linked when the code already belongs to a named
    programme (other spellings of the code do not count), or no such name precedes it, or
    it is introduced right after one of ``brands`` ("Lumzeda, formerly known as PVR-021":
    the brand's own, linked once brands are mentions)."""
    named = {m.key for m in therapies if name_kind(m.name) != "code"}
    previous: Mention | None = None
    for m in therapies:
        prior, previous = previous, m
        if m.known or name_kind(m.name) != "code":
            continue
        c = groups.cluster[groups.find(m.key)]
        if c.known or c.keys & named:
            continue  # a named programme's code ("Relgalsidase alfa (FBX-212)")
        if prior is not None and _second_code(text, prior, m):
            groups.union([prior.key, m.key])
            continue
        isotope = _ISOTOPE_VERSION.match(text, m.end)
        if isotope is not None:
            # "CRB-417, the actinium version, ...": the radioligand of that isotope
            versions = {t.key for t in therapies if t.name.lower().startswith(isotope.group(1))}
            if len(versions) == 1:
                groups.union([versions.pop(), m.key])
            continue
        detached = _DETACHED_CODE.search(text, max(0, m.start - 100), m.start)
        if detached is None:
            continue
        before = _WORD_BEFORE.search(text, max(0, detached.start() - 40), detached.start())
        if before is not None and before.group(1) in brands:
            continue
        # "AstraZeneca's AZD0901, ..., which had developed it as CMG901": the programme
        # the sentence is about; else the one the code's maker was named with ("Hollowmere,
        # which still calls the drug HMT-5520"), else the one in focus ("The product,
        # CDM-1940, ... It was previously called CM-LV19": a programme named only by codes
        # takes the earlier).
        focus = (
            _sentence_subject(text, therapies, m)
            or _makers_programme(text, therapies, m)
            or in_focus(text, therapies, m.start, ("inn", "code"))
        )
        if focus is not None:
            groups.union([focus.key, m.key])


_WORD_BEFORE = re.compile(r"([A-Z][A-Za-z0-9-]+)[,\s]*\Z")
_ISOTOPE_VERSION = re.compile(
    r",\s+the\s+(" + ISOTOPE + r")(?:-\d{2,3})?\s+"
    r"(?:version|compound|form|candidate|agent|ligand)\b",
    _I,
)


def _makers_programme(text: str, therapies: list[Mention], m: Mention) -> Mention | None:
    """ "Hollowmere, which still calls the drug HMT-5520 ...": the first programme named
    in a sentence with the organisation that opens the code's sentence."""
    opening = _MAKER_OPENING.match(text, rough_sentence_start(text, m.start), m.start)
    if opening is None:
        return None
    for t in therapies:
        if t.end > m.start:
            break
        end = ROUGH_SENTENCE_END.search(text, t.end)
        sentence = text[rough_sentence_start(text, t.start) : end.start() if end else len(text)]
        if opening.group(1) in sentence and any(_candidate(text, t, k) for k in ("inn", "code")):
            return t
    return None


# A sentence opening on an organisation and a relative clause ("Hollowmere, which ...").
_MAKER_OPENING = re.compile(r"\s*([A-Z][\w&-]+)(?:\s+[A-Z][\w&-]+){0,2},\s+(?:which|who)\b")


def _sentence_subject(text: str, therapies: list[Mention], m: Mention) -> Mention | None:
    """The first unknown product named before ``m`` in its sentence."""
    start = rough_sentence_start(text, m.start)
    for t in therapies:
        if (
            start <= t.start
            and t.end <= m.start
            and any(_candidate(text, t, k) for k in ("inn", "code"))
        ):
            return t
    return None


# "designated QBX-517 in Europe and QB-517J in Japan": a second code joined to an
# introduced one, each with where it is used.
# ("also known as BQ-2231 at Baiqiao and as PNX-118 at Penhallow")
_AND_CODE = re.compile(r"(?:\s+(?:in|for|at|by)\s+[^,.;()\n]{1,40}?)?,?\s+(?:and|or)\s+(?:as\s+)?")


def _second_code(text: str, prior: Mention, m: Mention) -> bool:
    return (
        name_kind(prior.name) == "code"
        and _AND_CODE.fullmatch(text, prior.end, m.start) is not None
        and _DETACHED_CODE.search(text, max(0, prior.start - 60), prior.start) is not None
    )


def in_focus(
    text: str, therapies: list[Mention], pos: int, kinds: tuple[NameKind, ...]
) -> Mention | None:
    """The programme a detached name or code at ``pos`` names: in the same paragraph, the
    first unknown name of one of ``kinds`` in the last sentence before it that names one;
    else the article's most mentioned one before it of the first kind that has one (its
    topic; on a tie the first). A product's name, never a generic steroid's or
    chemotherapy's."""
    candidates = [
        t for t in therapies if t.end <= pos and any(_candidate(text, t, k) for k in kinds)
    ]
    if not candidates:
        return None
    last = candidates[-1]
    if "\n" not in text[last.end : pos]:
        # "X is ..., compared with Y. The compound ...": the sentence's first name, its
        # subject, not the one its comparison ends on.
        for t in candidates:
            if t.start >= rough_sentence_start(text, last.start):
                return t
        return last
    for kind in kinds:
        of_kind = [t for t in candidates if _candidate(text, t, kind)]
        if of_kind:
            counts: dict[str, int] = {}
            for t in of_kind:
                counts[t.key] = counts.get(t.key, 0) + 1
            _, _, topic = max((counts[t.key], -i, t) for i, t in enumerate(of_kind))
            return topic
    return None


def _candidate(text: str, m: Mention, kind: NameKind) -> bool:
    if m.known or _kind(text, m) != kind:
        return False
    # (an antibody-drug conjugate's first word is the antibody's: "remlotatug lixatecan" is
    # no chemotherapy for its payload's "-tecan")
    first = m.name.split()[0] if m.name.split() else m.name
    return kind != "inn" or stem_modality(first) not in (C.CHEMOTHERAPY, C.CORTICOSTEROID)


def _kind(text: str, m: Mention) -> NameKind:
    """The mention's kind of name; an unknown name written in lower case ("tesodelpar",
    whose stem no list has) is an INN, since a brand is capitalised."""
    kind = name_kind(m.name)
    if kind == "brand" and text[m.start : m.end].islower():
        return "inn"
    return kind


# "The antibody, now named dorvelimab, ...", "it has since been given the name X": an INN
# given later to a programme the article introduced by its code.
_DETACHED_NAME = re.compile(
    r"(?:(?:now|since|later)\s+(?:named|called|known\s+as)|renamed(?:\s+as)?|"
    # "The bispecific, named tessitamig by the WHO", "The antibody was named X"
    r"(?:,|\bwas|\bhas\s+been)\s+named|"
    # "The antibody, which the WHO has named dorvatamig, ..."
    r"\b(?:which|that)\s+(?:[\w&.'-]+\s+){0,3}?(?:has|have|had)\s+(?:since\s+|now\s+)?named|"
    + CALLS
    # ("it now carries the INN X")
    + r"|(?:given|assigned|received|carries|carried|bears|got)\s+the\s+(?:INN|international"
    r"\s+non-?proprietary\s+name|name))"
    r"\s*:?\s+\Z",
    _I,
)


# "the WHO has published ravatuzumab vedotin as its proposed international nonproprietary
# name": the INN said after the name.
_NAMED_AS_INN = re.compile(
    r"\s+as\s+(?:its|the\s+drug['’]s|the\s+programme['’]s)\s+(?:proposed\s+|recommended\s+)?"
    r"(?:INN|international\s+non-?proprietary\s+name|generic\s+name|nonproprietary\s+name)",
    _I,
)


# "In March the WHO gave ORB-19 the name dorvacabtagene autoleucel": the code names whose.
_GAVE_NAME = re.compile(
    r"\b(?:gave|gives|given|assigned|assigns)\s+(\S+?)\s+the\s+(?:INN|name|international"
    r"\s+non-?proprietary\s+name)\s+\Z",
    _I,
)


def detached_names(text: str, therapies: list[Mention], groups: Groups) -> None:
    """An unknown INN introduced as the new name of something the sentence does not name
    ("The antibody, now named dorvelimab, ...", "The company, which calls the drug
    fexotamig, ...") names the coded programme in focus (``in_focus``), when that
    programme has no INN yet."""
    by_end = {t.end: t for t in therapies}
    for m in therapies:
        if m.known or name_kind(m.name) != "inn":
            continue
        gave = _GAVE_NAME.search(text, max(0, m.start - 80), m.start)
        coded = by_end.get(gave.end(1)) if gave is not None else None
        if coded is not None and name_kind(coded.name) == "code":
            # "the WHO gave ORB-19 the name X": that code's programme, not the one in focus
            if not groups.cluster[groups.find(coded.key)].inns:
                groups.union([coded.key, m.key])
            continue
        if not (
            _DETACHED_NAME.search(text, max(0, m.start - 80), m.start)
            or _NAMED_AS_INN.match(text, m.end)
        ):
            continue
        focus = in_focus(text, therapies, m.start, ("code",))
        if focus is None or groups.cluster[groups.find(m.key)].known:
            continue
        if not groups.cluster[groups.find(focus.key)].inns:
            groups.union([focus.key, m.key])
