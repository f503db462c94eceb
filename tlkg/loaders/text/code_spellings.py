"""One code name in all its written forms: spaced or hyphenated ("HBX-201", "HBX 201",
"HBX201"), and with a partner's regional letter where the text says so ("develops
BXT-330J in Japan")."""

from __future__ import annotations

import re

from tlkg.loaders.text.alias_groups import Groups
from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.sentences import ROUGH_SENTENCE_END, rough_sentence_start
from tlkg.ontology.names import name_kind


def code_spellings(text: str, therapies: list[Mention], groups: Groups) -> None:
    """One code name however spaced or hyphenated ("HBX-201", "HBX 201", "HBX201"), and
    with a partner's regional letter where the text says so ("develops BXT-330J in
    Japan")."""
    by_form: dict[str, list[Mention]] = {}
    for m in therapies:
        if not m.known and name_kind(m.name) == "code":
            form = re.sub(r"[\s-]+", "", m.name).upper()
            by_form.setdefault(form, []).append(m)
    for ms in by_form.values():
        groups.union(list(dict.fromkeys(m.key for m in ms)))
    for form, ms in by_form.items():
        regional = len(form) > 2 and form[-1].isalpha() and form[-2].isdigit()
        base = by_form.get(form[:-1]) if regional else None
        if base and any(_REGION.search(_sentence_of(text, m.start)) for m in ms):
            groups.union([base[0].key, ms[0].key])


# Where a partner's regional code is used.
_REGION = re.compile(
    r"\b(?:Japan(?:ese)?|China|Chinese|Greater\s+China|Korea(?:n)?|Taiwan(?:ese)?|Asia|Europe"
    r"|European|the\s+United\s+States|the\s+US|the\s+EU)\b"
)


def _sentence_of(text: str, pos: int) -> str:
    start = rough_sentence_start(text, pos)
    end = ROUGH_SENTENCE_END.search(text, pos)
    return text[start : end.start() if end else len(text)]
