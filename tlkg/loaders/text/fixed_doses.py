"""Fixed-dose combinations: drug names joined by slashes ("elexacaftor/tezacaftor/ivacaftor",
"trifluridine/tipiracil") are one product, sold under one brand and approved as one, not
its ingredients each on their own. Codes joined so ("mRNA-4157/V940", "ORB-1234/HLD-77")
are one drug's names, not a combination."""

from __future__ import annotations

from tlkg.loaders.text.model import Mention
from tlkg.ontology.ids import slugify
from tlkg.ontology.names import name_kind

_MAX_PARTS = 4


def fixed_dose_combinations(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (sorted by start) with each run of two to four therapy names of
    different keys joined by "/" and nothing else replaced by one therapy mention.
    Brands of one drug ("Vyndaqel/Vyndamax") share a key and stay as they are."""
    out: list[Mention] = []
    run: list[Mention] = []

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
        if run and text[run[-1].end : m.start] == "/":
            run.append(m)
            continue
        flush()
        run.append(m)
    flush()
    return sorted(out, key=lambda m: (m.start, -m.length))
