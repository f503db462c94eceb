"""A code name used bare for its maker's one new programme.

Press releases and news quote a company's people, and they often call the drug by its
code although the article introduces it only by its INN: "We designed GFB-318 so that ..."
in an article about Greyfield Biosciences' sotravimig. Nothing in the sentence ties the two,
but companies build their codes from their own name (AMG for Amgen, REGN for Regeneron,
GFB for Greyfield Biosciences), so the code's letters point at the maker.

The rule (``maker_codes``), run after every other alias rule of ``aliases``: a code that is
still alone (no introduction linked it to any name), unknown to the vocabulary, whose letter
prefix spells an organisation the article names (the first letter the organisation's
first, the others in order inside its name), goes to that organisation's programme: the
one programme with an INN of its own and no code of the same letters (a partner's regional
code, "ORB-4417J", is no maker's code) that some sentence names together with the
organisation before it, with no comparison between ("Quarrington Announces X Met Its
Endpoint Versus Y" says nothing of Y's maker). A rival's code ("Fate Therapeutics' FT819")
spells a company named only beside its own product. Nothing is linked when the
organisation has two such programmes, when the words around any use of the code say it is
another one ("a second programme", "its follow-on", "also"), or when the article defines
the code as a product of its own ("QRT-1047 is an oral CDK2 inhibitor").

A headline often names the programme by its maker's code while the body uses only the
INN ("Tamsworth's TMB-4417 beats sotorasib" above "Velzorasib cut the risk ..."): a bare
code first used in the title line whose letters spell an organisation of the article goes
to the body's topic, the uncoded programme named most often (none on a tie), leaving out
the products the text gives another maker ("Roche's faricimab"); a headline that puts the
code in an organisation's possessive says whose it is even when its letters do not spell
the name ("Tamsworth's TMB-4417").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tlkg.loaders.text.alias_groups import Groups
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.sentences import Span
from tlkg.ontology import concepts as C
from tlkg.ontology.names import name_kind
from tlkg.ontology.stems import stem_modality

_PREFIX = re.compile(r"[A-Z]{2,}")
# Words near a code that say it names another programme than the one in the article's focus.
_ANOTHER = re.compile(
    r"\b(?:second|another|other|also|follow-?on|next-generation|back-?up|successor|sister"
    r"|separate|earlier|pipeline|portfolio)\b",
    re.IGNORECASE,
)
_NEAR = 60
# "QRT-1047 is an oral CDK2 inhibitor": a code the article defines as a product of its own.
# ("BioMarin's BMN 307, an AAV5 vector carrying the PAH gene, ...": an apposition too)
_OWN_DEFINITION = re.compile(
    r"\s+(?:is|was)\s+(?:an?|the)\b|,\s+an?\s+(?:[\w-]+\s+){0,4}?(?:vector|inhibitor|antibody"
    r"|conjugate|agonist|antagonist|molecule|oligonucleotide|vaccine|engager|bispecific|editor"
    r"|degrader|gene\s+therapy|cell\s+therapy)\b"
)
_COMPARISON = re.compile(
    r"\b(?:versus|vs\.?|compared|than|against|unlike|like|rivals?|competitors?|over)\b",
    re.IGNORECASE,
)


def spells(prefix: str, organisation: str) -> bool:
    """Whether a code prefix ("GFB") is built from an organisation's name ("Greyfield
    Biosciences"): its first letter starts the name, the others follow in order."""
    letters = "".join(ch for ch in organisation.lower() if ch.isalpha())
    p = prefix.lower()
    if not letters or letters[0] != p[0]:
        return False
    pos = 1
    for ch in p[1:]:
        pos = letters.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def maker_codes(text: str, mentions: list[Mention], groups: Groups, spans: list[Span]) -> None:
    """Link each bare code of a maker to the maker's one programme (see the module)."""
    therapies = [m for m in mentions if m.kind == "therapy" and not m.known]
    codes = [m for m in therapies if name_kind(m.name) == "code"]
    orgs = [m for m in mentions if m.kind == "organization"]
    if not codes or not orgs:
        return
    # A programme already carrying a code of the same letters has its maker's code (a
    # partner's regional code, "ORB-4417J", says nothing of the maker's own).
    coded: dict[str, set[str]] = {}  # letters -> the keys of the codes that have them
    for m in codes:
        letters = _PREFIX.match(m.name)
        coded.setdefault(letters.group(0) if letters else "", set()).add(m.key)
    products = [
        m for m in therapies if _product_inn(m) and not groups.cluster[groups.find(m.key)].known
    ]
    if not products:
        return
    starts = [span.start for span in spans]  # the article's sentences, split once

    def sentence(m: Mention) -> int:
        return bisect_right(starts, m.start)

    title_end = text.find("\n") if "\n" in text else len(text)
    by_key: dict[str, list[Mention]] = {}
    for code in codes:
        by_key.setdefault(code.key, []).append(code)
    for key, uses in by_key.items():
        prefix = _PREFIX.match(uses[0].name)
        if prefix is None or _linked(groups.cluster[groups.find(key)].keys):
            continue
        same_letters = {groups.find(k) for k in coded.get(prefix.group(0), ())}
        programmes = [p for p in products if groups.find(p.key) not in same_letters]
        if any(_another(text, use) or _OWN_DEFINITION.match(text, use.end) for use in uses):
            continue
        if any(use.start > title_end and _owned_in_body(text, orgs, use) for use in uses):
            continue  # "Takeda's first oral orexin agonist, TAK-994, ...": a product of its own
        makers = [o for o in orgs if spells(prefix.group(0), o.name)]
        if not makers and uses[0].end <= title_end:
            # "Tamsworth's TMB-4417 beats ...": the headline says whose code it is
            named = {o.key for o in orgs if _possessor(text, o, uses[0])}
            makers = [o for o in orgs if o.key in named]
        theirs = {
            groups.find(p.key)
            for p in programmes
            for o in makers
            if sentence(o) == sentence(p) and _makes(text, o, p, orgs)
        }
        if len(theirs) != 1 and makers and uses[0].end <= title_end:
            # "Tamsworth's TMB-4417 beats ..." above: the body's topic (among the maker's
            # programmes, when sentences name several), leaving out the products the text
            # gives another maker ("Roche's faricimab")
            others = [o for o in orgs if o not in makers]
            own = [
                p
                for p in programmes
                if (not theirs or groups.find(p.key) in theirs)
                and not _owned_by(text, p, others, therapies, groups)
            ]
            theirs = _topic(own, groups) if own else set()
        if len(theirs) == 1:
            groups.union([theirs.pop(), key])


def _linked(keys: set[str]) -> bool:
    """Has an introduction linked the code to another name? Its own spellings ("TWK-0719",
    "TWK0719") leave it alone."""
    return len({re.sub(r"[\s_-]", "", k) for k in keys}) > 1


_POSSESSION = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,3}(?:\(\s*)?\Z")


# "Acme's first oral orexin agonist, ACM-994": a possessive apposition before the code
_OWNED_APPOSITION = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,5}?[\w-]+,\s*\Z")


def _owned_in_body(text: str, orgs: list[Mention], code: Mention) -> bool:
    """Whether an organisation's possessive apposition names the code as a product of its
    own (not "Acme's ACM-101", often the article's programme by its code)."""
    return any(_possessor(text, o, code, _OWNED_APPOSITION) for o in orgs)


def _possessor(
    text: str, org: Mention, thing: Mention, form: re.Pattern[str] = _POSSESSION
) -> bool:
    """Whether ``org`` stands in the possessive (of ``form``) right before ``thing``."""
    return org.end <= thing.start <= org.end + 60 and bool(
        form.fullmatch(text, org.end, thing.start)
    )


def _owned_by(
    text: str, p: Mention, others: list[Mention], therapies: list[Mention], groups: Groups
) -> bool:
    """Whether some mention of ``p``'s programme stands right after another organisation's
    possessive ("Roche's bispecific antibody faricimab", "Adaptimmune's Tecelra (...)")."""
    root = groups.find(p.key)
    for m in therapies:
        if groups.find(m.key) != root:
            continue
        if any(_possessor(text, o, m) for o in others):
            return True
    return False


def _topic(programmes: list[Mention], groups: Groups) -> set[str]:
    """The programme named most often, when one is (a tie names none: taking the first
    named merged a pipeline's headline code into another company's product)."""
    counts: dict[str, int] = {}
    for p in programmes:
        root = groups.find(p.key)
        counts[root] = counts.get(root, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return set()
    return {ranked[0][0]}


def _makes(text: str, org: Mention, programme: Mention, orgs: list[Mention]) -> bool:
    """Whether a sentence naming both may say the organisation makes the programme: the
    programme after it, with no comparison between ("Acme Announces X Met Its Endpoint
    Versus Y" says nothing of Y's maker) and no other organisation ("Acme's ACM-101 and
    Orrin Bio's X": X is Orrin's)."""
    return (
        org.end <= programme.start
        and not _COMPARISON.search(text, org.end, programme.start)
        and not any(org.end <= o.start and o.end <= programme.start for o in orgs)
    )


def _product_inn(m: Mention) -> bool:
    """A new product's INN, not a generic chemotherapy's or steroid's."""
    if name_kind(m.name) != "inn":
        return False
    return stem_modality(m.name.split()[0]) not in (C.CHEMOTHERAPY, C.CORTICOSTEROID)


def _another(text: str, code: Mention) -> bool:
    """Words before the code in its clause, or in an apposition right after it, that make
    it another programme ("its second programme, ACM-202", "ACM-202, a follow-on");
    not a later clause about something else ("X is one of two ...; the other, ...")."""
    before = text[max(0, code.start - _NEAR) : code.start]
    after = text[code.end : code.end + _NEAR]
    before = re.split(r"[.!?\n;]\s", before)[-1]
    after = re.split(r"[.!?\n;]\s|\s(?:is|was|are|were)\s", after)[0]
    return _ANOTHER.search(before) is not None or _ANOTHER.search(after) is not None
