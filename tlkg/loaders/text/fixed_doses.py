"""Fixed-dose combinations: drug names joined by slashes ("elexacaftor/tezacaftor/ivacaftor",
"trifluridine/tipiracil") are one product, sold under one brand and approved as one, not
its ingredients each on their own. Codes joined so ("mRNA-4157/V940", "ORB-1234/HLD-77")
are one drug's names, not a combination. An ingredient no list knows, joined by a slash to a
drug ("foscarbidopa/foslevodopa"), is part of the combination (never "placebo")."""

from __future__ import annotations

import re

from tlkg.loaders.text.drug_names import ordinary_word
from tlkg.loaders.text.model import Mention
from tlkg.ontology.ids import slugify
from tlkg.ontology.names import name_kind

_MAX_PARTS = 4
# "foscarbidopa/foslevodopa": an ingredient no list knows, joined by a slash to a drug
_WORD_SLASH = re.compile(r"(?<![\w/-])([a-z]{6,})/\Z")
_SLASH_WORD = re.compile(r"/([a-z]{6,})(?![\w/-])")


def _joined_word(text: str, m: Mention, named: set[int]) -> Mention:
    """``m`` widened over an unknown lower-case ingredient joined to it by a slash (no
    therapy mention of its own: its ``named`` start or end)."""
    before = _WORD_SLASH.search(text, max(0, m.start - 30), m.start)
    after = _SLASH_WORD.match(text, m.end)
    before = before if before and m.start - 1 not in named else None
    after = after if after and m.end + 1 not in named else None
    start = before.start() if before and _ingredient(before.group(1)) else m.start
    end = after.end() if after and _ingredient(after.group(1)) else m.end
    if (start, end) == (m.start, m.end):
        return m
    return Mention("therapy", slugify(text[start:end]), text[start:end], start, end, False)


def _ingredient(word: str) -> bool:
    return word not in _NOT_INGREDIENTS and not ordinary_word(word)


_NOT_INGREDIENTS = frozenset({"placebo", "vehicle", "control", "saline", "standard"})


def fixed_dose_combinations(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (sorted by start) with each run of two to four therapy names of
    different keys joined by "/" and nothing else replaced by one therapy mention.
    Brands of one drug ("Vyndaqel/Vyndamax") share a key and stay as they are."""
    out: list[Mention] = []
    run: list[Mention] = []
    named = {x.start for x in mentions} | {x.end for x in mentions}

    def flush() -> None:
        if 2 <= len(run) <= _MAX_PARTS and len({m.key for m in run}) == len(run):
            name = text[run[0].start : run[-1].end]
            out.append(Mention("therapy", slugify(name), name, run[0].start, run[-1].end, False))
        else:
            out.extend(run)
        run.clear()

    for m in mentions:
        if m.kind != "therapy" or name_kind(m.name) == "code":
            flush()
            out.append(m)
            continue
        m = _joined_word(text, m, named)
        if run and text[run[-1].end : m.start] == "/":
            run.append(m)
            continue
        flush()
        run.append(m)
    flush()
    return sorted(out, key=lambda m: (m.start, -m.length))
