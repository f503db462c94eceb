"""Chemotherapy drugs named as a cell therapy's conditioning (lymphodepletion) are part of
the procedure, not programmes: the mentions ``discourse.Context`` keeps leave them out."""

from __future__ import annotations

import re

from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.sentences import Span
from tlkg.ontology import concepts as C
from tlkg.ontology.stems import stem_modality
from tlkg.ontology.vocab import Vocabulary

_I = re.IGNORECASE

_CONDITIONING = re.compile(
    r"lymphodeplet|conditioning|myeloablat|apheresis|(?:before|prior\s+to)\s+(?:the\s+|each\s+)?(?:cell\s+)?infusion"
    # the fludarabine-cyclophosphamide pair is the lymphodepleting regimen itself
    r"|fludarabine\s+(?:and|or|plus|/)\s+cyclophosphamide|cyclophosphamide\s+(?:and|or|plus|/)\s+fludarabine",
    _I,
)


def drop_conditioning_agents(
    mentions: list[Mention], spans: list[Span], folded: str, vocab: Vocabulary
) -> list[Mention]:
    """Chemotherapy drugs named as a cell therapy's conditioning ("lymphodepleting
    chemotherapy with fludarabine and cyclophosphamide", "the regimen added ... to
    fludarabine" right after a sentence on lymphodepletion) are part of the procedure, not
    programmes: they would otherwise become therapies and take the sentence's barriers."""
    if _CONDITIONING.search(folded) is None:
        return mentions
    conditioning: list[tuple[int, int]] = []
    for i, span in enumerate(spans):
        prev = spans[i - 1] if i and spans[i - 1].paragraph == span.paragraph else None
        if any(
            _CONDITIONING.search(folded, sp.start, sp.end) for sp in (span, prev) if sp is not None
        ):
            conditioning.append((span.start, span.end))

    def is_agent(m: Mention) -> bool:
        if m.kind != "therapy" or not any(s <= m.start < e for s, e in conditioning):
            return False
        entry = vocab.get("therapy", m.key)
        if entry is None:  # a classic agent no vocabulary lists ("myeloablative busulfan")
            return stem_modality(m.name) == C.CHEMOTHERAPY
        return entry.modality == C.CHEMOTHERAPY

    agents = {m.key for m in mentions if is_agent(m)}
    # A drug also named outside the conditioning context is a therapy there too.
    kept = {m.key for m in mentions if m.key in agents and not is_agent(m)}
    return [m for m in mentions if m.key not in agents or (m.key in kept and not is_agent(m))]
