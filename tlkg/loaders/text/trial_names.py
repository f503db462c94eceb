"""Trials named in capitals ("SKYLARK-H2", "KEYNOTE-942", "TROPION-Breast02"): a sentence
that names a trial but no therapy ("Phase 1b data from SKYLARK-H2 show ...") speaks of the
one programme the article names with that trial elsewhere ("responses with TBT882 in
SKYLARK-H2")."""

from __future__ import annotations

import re

from tlkg.loaders.text.discourse import Context, Sentence
from tlkg.loaders.text.model import Mention

# A word in capitals, a hyphen and a number or a word ("BRACKEN-1", "HARBOUR-MF").
_TRIAL = re.compile(r"(?<![\w-])[A-Z]{3,}[A-Za-z]*-[A-Z0-9][A-Za-z0-9]*(?![\w-])")


def trial_programme(ctx: Context, sent: Sentence) -> list[Mention]:
    """The programme of a trial ``sent`` names, when every other sentence naming that
    trial with a therapy names the same one."""
    for m in _TRIAL.finditer(ctx.text, sent.start, sent.end):
        if any(t.start <= m.start() < t.end for t in sent.mentions):
            continue  # a code name ("ESO-T01"), not a trial
        name = m.group(0)
        found: dict[str, Mention] = {}
        for other in ctx.sentences:
            if other is sent or name not in other.text:
                continue
            for t in other.candidates:
                if t.kind == "therapy" and not other.prior(t):
                    found.setdefault(t.key, t)
        if len(found) == 1:
            held = next(iter(found.values()))
            return [Mention("therapy", held.key, held.name, m.start(), m.end(), held.known)]
    return []
