"""Organisations no vocabulary or company suffix finds, by the place they stand in beside a
therapy: a maker's slot. "Wainua (eplontersen), an antisense oligonucleotide from Ionis and
AstraZeneca", "ivonescimab, developed by Akeso and its licensee Summit Therapeutics",
"BridgeBio's acoramidis" (a name with an inner capital), "Quarrendon reported phase 1b
data for lorvanemig". Single-word companies (Akeso, Ionis, BridgeBio) are common in news
and carry no suffix; the slot is the evidence that the word names an organisation. The
relation rules (``organisations``) then credit them like any other organisation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tlkg.loaders.text.model import Disjoint, Mention
from tlkg.loaders.text.patterns import MAKER_AFTER, written_in_lower_case
from tlkg.ontology.ids import slugify

# One to three capitalised words or acronyms; a word may hold inner capitals ("BridgeBio",
# "BioNTech") or an ampersand ("Johnson & Johnson" is two words joined by "&").
_WORD = r"(?:(?![A-Z][\w-]*-(?:based|headquartered)\b)[A-Z][A-Za-z-]*[a-z]|[A-Z]{2,6})"
_NAME = rf"{_WORD}(?:[^\S\n]+(?:&[^\S\n]+)?{_WORD}){{0,2}}"
# A second maker joined to the first: "and its licensee", "and partner", "&".
_SECOND = (
    rf"(?:[^\S\n]*,?[^\S\n]+(?:and|&)[^\S\n]+(?:(?:its|their)[^\S\n]+(?:[\w-]+[^\S\n]+)?"
    rf"(?:partner|licensee|licensor|collaborator|co-developer)[^\S\n]+)?(?P<second>{_NAME}))?"
)
# After the therapy: an apposition ending in "from", or "developed/discovered/made by".
_AFTER = re.compile(
    r"[^\S\n]*\)?[^\S\n]*(?:\([^()\n]{0,40}\)[^\S\n]*)?"
    r"(?:,[^\S\n]+(?:an?|the)[^\S\n]+[^.;,()\n]{0,100}?\bfrom"
    r"|,?[^\S\n]+(?:(?:is|was|are|were)[^\S\n]+)?(?:being[^\S\n]+)?(?:co-?)?"
    r"(?:developed|discovered|made|marketed|invented)[^\S\n]+by)"
    # ("from Seoul-based Seonam Biopharm": where it is, not its name)
    rf"[^\S\n]+(?:[A-Z][\w-]*-(?:based|headquartered)[^\S\n]+)?(?P<first>{_NAME}){_SECOND}(?![\w-])"
)
# In brackets after the brand: "acoramidis (Attruby, BridgeBio)", "(Wainua; Ionis and AstraZeneca)".
_BRAND_MAKER = re.compile(
    rf"[^\S\n]*\([^\S\n]*[A-Z][\w-]*[^\S\n]*[,;][^\S\n]*(?P<first>{_NAME}){_SECOND}[^\S\n]*\)"
)
# Before the therapy: "Quarrendon Neuroscience reported phase 1b data last week for X",
# "Akeso presented results of X", at a sentence's start.
_BEFORE = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<first>{_NAME})[^\S\n]+(?:today[^\S\n]+)?"
    r"(?:reported|reports|announced|announces|presented|presents|released|unveiled|disclosed)"
    r"[^\S\n]+[^.;\n]{0,60}?\b(?:data|results|findings)\b[^.;\n]{0,30}?\b(?:for|from|on|of|with)"
    r"[^\S\n]+(?:its[^\S\n]+)?(?:[\w-]+[^\S\n]+){0,3}\Z"
)
# Capitalised words that stand in such places without naming a company: people, places,
# regulators, diseases named after people, common words.
_NOT_ORGS = frozenset(
    {"The", "A", "An", "It", "Its", "They", "We", "He", "She", "This", "That", "These", "Those",
     "Researchers", "Investigators", "Scientists", "Doctors", "Physicians", "Patients",
     "Patient", "Authors", "Analysts", "Regulators", "Data", "Results", "Both", "Each",
     "Some", "Many", "Today", "Yesterday", "Monday", "Tuesday", "Wednesday", "Thursday",
     "Friday", "Saturday", "Sunday", "FDA", "EMA", "NICE", "CMS", "NHS", "US", "EU", "UK",
     "China", "Japan", "Europe", "America", "Britain", "Germany", "France", "India", "Korea",
     "Canada", "Australia", "Medicare", "Medicaid", "Professor", "Dr", "Mr", "Ms", "Crohn",
     "Parkinson", "Alzheimer", "Hodgkin", "Huntington", "Graves", "Hashimoto", "Sjogren",
     "Sjögren", "Addison", "Cushing", "Wilson", "Down", "Company", "World", "Year",
     "Agency", "Government", "Nation", "Country", "Industry", "Market"}
)  # fmt: skip
# "Astellas's zolbetuximab", "UCB's rozanolixizumab": a capitalised name or an acronym in
# the possessive right before a therapy (up to two words between) is its maker.
# (a name in camel case too: "uniQure's AMT-130")
_POSSESSOR = (
    r"(?:[A-Z][A-Za-z]*[a-z]|[A-Z]{2,6}|[a-z]{1,4}[A-Z][A-Za-z]*[a-z])"
    r"(?:[^\S\n]+(?:[A-Z][a-z]+|[A-Z]{2,6})){0,2}"
)
_POSSESSIVE_MAKER = re.compile(
    rf"(?<![\w&.-])({_POSSESSOR})['’]s?[^\S\n]+(?:[\w-]+[^\S\n]+){{0,2}}\Z"
)


# "Arvinas and Pfizer's X": a joint owner before the possessive; not a list's last two
# ("A, Lyfgenia and Beam's BEAM-101")
_JOINT_BEFORE = re.compile(rf"(?<![\w&.-])(?<!,[^\S\n])({_POSSESSOR})[^\S\n]+(?:and|&)[^\S\n]+\Z")


# The company paid in a licence deal: "agreed to pay 3SBio $1.25 billion upfront" (a name
# may start with a digit).
_PAID = re.compile(
    rf"(?:(?<![\w-])(?P<payer>{_NAME})[^\S\n]+(?:[\w-]+[^\S\n]+){{0,4}}?)?"
    rf"\b(?:pay|pays|paid|paying)[^\S\n]+(?P<first>(?:\d[A-Za-z]+|{_WORD})(?:[^\S\n]+{_WORD}){{0,2}})"
    r"[^\S\n]+(?:US)?[$€£]"
)


_PAY_WORD = re.compile(r"\b(?:pay|pays|paid|paying)\s+\S+(?:\s+\S+){0,2}\s+(?:US)?[$€£]")


def possessive_orgs(text: str, therapies: list[Mention], chosen: list[Mention]) -> list[Mention]:
    """Makers named by a possessive before a therapy ("UCB's rozanolixizumab") or after it
    ("ivonescimab, from Akeso"), where no ``chosen`` mention stands."""
    spans = []
    for t in therapies:
        window = text[max(0, t.start - 60) : t.start]
        possessive = ("'" in window or "’" in window) and _POSSESSIVE_MAKER.search(
            text, max(0, t.start - 60), t.start
        )
        m = possessive or MAKER_AFTER.match(text, t.end)
        if m is not None:
            spans.append(m.span(1))
        if possessive:  # "Arvinas and Pfizer's vepdegestrant": both makers
            at = possessive.start(1)
            joint = _JOINT_BEFORE.search(text, max(0, at - 40), at)
            spans += [joint.span(1)] if joint else []
    return _placed(text, spans, chosen, slot=False)


def slot_orgs(text: str, therapies: list[Mention], chosen: list[Mention]) -> list[Mention]:
    """Organisations in a maker's slot beside ``therapies`` where no ``chosen`` mention
    stands (a name the text also writes in lower case is an ordinary word)."""
    return _placed(text, _slots(text, therapies), chosen, slot=True)


def _placed(
    text: str, spans: Iterable[tuple[int, int]], chosen: list[Mention], *, slot: bool
) -> list[Mention]:
    taken = Disjoint(chosen)
    out: list[Mention] = []
    for start, end in spans:
        name = text[start:end]
        if name.split()[0] in _NOT_ORGS or name in _NOT_ORGS:
            continue
        if slot and written_in_lower_case(text, name):
            continue
        full = _full_name(text, name) if slot else name
        org = Mention("organization", slugify(full), full, start, end, False)
        if not taken.overlaps(org):
            out.append(org)
            taken.add(org)
    return out


def _full_name(text: str, name: str) -> str:
    """The longer name the text gives the company elsewhere ("Lisvane Ophthalmics" for
    "Lisvane"), else ``name``."""
    longer = re.search(
        rf"(?<![\w-]){re.escape(name)}((?:[^\S\n]+[A-Z][A-Za-z-]+){{1,2}})(?![\w-])", text
    )
    return name + longer.group(1) if longer else name


def _slots(text: str, therapies: list[Mention]) -> Iterator[tuple[int, int]]:
    if therapies and _PAY_WORD.search(text):
        for paid in _PAID.finditer(text):
            yield paid.span("first")
            if paid.group("payer"):
                yield paid.span("payer")
    for t in therapies:
        after = _AFTER.match(text, t.end)
        if after is not None:
            yield after.span("first")
            if after.group("second"):
                yield after.span("second")
        brand = _BRAND_MAKER.match(text, t.end)
        if brand is not None:
            yield brand.span("first")
            if brand.group("second"):
                yield brand.span("second")
        before = _BEFORE.search(text, max(0, t.start - 160), t.start)
        if before is not None:
            yield before.span("first")
