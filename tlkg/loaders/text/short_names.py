"""A product called by the first letters of its INN ("Daso is instilled ..." in a release
about dasolimogene merherparepvec): a capitalised word of four to six letters that starts
the first word of an INN the text names, is much shorter than that word, and is never
written in lower case (an ordinary word or a company would be) names that product."""

from __future__ import annotations

import re

from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.patterns import written_in_lower_case
from tlkg.ontology import stems
from tlkg.ontology.names import name_kind

_CAPITALISED = re.compile(r"(?<![\w-])([A-Z][a-z]{3,5})(?![\w-])")


def truncated_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A therapy mention at each use of such a truncated name (see the module)."""
    heads: dict[str, Mention] = {}
    for m in mentions:
        first = m.name.split()[0].lower() if m.kind == "therapy" and m.name.split() else ""
        if not m.known and len(first) >= 9 and name_kind(m.name) == "inn":
            heads.setdefault(first, m)
    if not heads:
        return []
    out = []
    for hit in _CAPITALISED.finditer(text):
        word = hit.group(1)
        owners = [m for head, m in heads.items() if head.startswith(word.lower())]
        if len({m.key for m in owners}) != 1 or len(word) * 2 > len(owners[0].name.split()[0]):
            continue
        start, end = hit.span(1)
        if any(m.start < end and start < m.end for m in mentions) or stems.is_english_word(word):
            continue
        if written_in_lower_case(text, word):
            continue
        out.append(Mention("therapy", owners[0].key, owners[0].name, start, end, False))
    return out
