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
one programme with an INN of its own and no code that some sentence names together with
the organisation. A rival's code ("Fate Therapeutics' FT819") spells a company named only
beside its own product. Nothing is linked when the organisation has two such programmes,
or when the words around the code say it is another one ("a second programme", "its
follow-on", "also").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tlkg.loaders.text.alias_groups import Groups
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.sentences import split_sentences
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


def maker_codes(text: str, mentions: list[Mention], groups: Groups) -> None:
    """Link each bare code of a maker to the maker's one programme (see the module)."""
    therapies = [m for m in mentions if m.kind == "therapy" and not m.known]
    codes = [m for m in therapies if name_kind(m.name) == "code"]
    orgs = [m for m in mentions if m.kind == "organization"]
    if not codes or not orgs:
        return
    coded = {groups.find(m.key) for m in codes}
    programmes = [
        m
        for m in therapies
        if _product_inn(m)
        and groups.find(m.key) not in coded
        and not groups.cluster[groups.find(m.key)].known
    ]
    if not programmes:
        return
    starts = [span.start for span in split_sentences(text)]

    def sentence(m: Mention) -> int:
        return bisect_right(starts, m.start)

    for code in codes:
        root = groups.find(code.key)
        prefix = _PREFIX.match(code.name)
        if prefix is None or len(groups.cluster[root].keys) > 1 or _another(text, code):
            continue
        made = {sentence(o) for o in orgs if spells(prefix.group(0), o.name)}
        theirs = {groups.find(p.key) for p in programmes if sentence(p) in made}
        if len(theirs) == 1:
            groups.union([theirs.pop(), code.key])


def _product_inn(m: Mention) -> bool:
    """A new product's INN, not a generic chemotherapy's or steroid's."""
    if name_kind(m.name) != "inn":
        return False
    return stem_modality(m.name.split()[0]) not in (C.CHEMOTHERAPY, C.CORTICOSTEROID)


def _another(text: str, code: Mention) -> bool:
    before = text[max(0, code.start - _NEAR) : code.start]
    after = text[code.end : code.end + _NEAR]
    before = re.split(r"[.!?\n]\s", before)[-1]
    after = re.split(r"[.!?\n]\s", after)[0]
    return _ANOTHER.search(before) is not None or _ANOTHER.search(after) is not None
