"""Text -> entity mentions, therapies and relations, each relation with its sentence: the entry
point ``extract(text, vocab)``, which runs the steps below. Pure functions of (text,
vocabulary); no RDF.

How it reads a text
-------------------
1. **Sentences** with their character offsets (``sentences``; a line is a paragraph, the
   first line is the title when ``has_title``).
2. **Mentions** (``mentions``, patterns in ``patterns``). Every vocabulary name and alias
   (therapies, targets, indications, organisations) through one Aho-Corasick automaton per
   vocabulary (built once, cached), case-insensitive except for names with inner capitals
   (acronyms and code names), with word boundaries checked. Then patterns: therapies
   unknown to the vocabulary by INN stem (``-cabtagene``/``-leucel``, ``-tamab``, ``-mab``,
   ``-tinib``, ADC payload words, ...), by company code name (``ABC-123``) and by short
   form (``xxx-cel``); targets by ``CD\\d+`` and ``X inhibitor`` / ``X-directed``;
   organisations by company suffix; modality class words ("in vivo CAR-T", "bispecific
   antibodies", "ADCs") and barrier words from ``tlkg.loaders.text.phrases``. Overlaps go
   to the longest match. New-style antibody INNs ("-tamig", "-tatug", "-vibart") count
   only with their target-class infix, and an antibody INN followed by a payload word is
   one ADC name. Then **one therapy per programme** (``aliases``): the names of one
   introduction ("A (B, C)", "A (formerly B)", "A, also known as B") and "<p>-cel" short
   forms of the article's (or the vocabulary's) cell-therapy INN become one therapy key,
   named by its INN, with the other names as aliases.
3. **Discourse** (``discourse``): each sentence's zones and subject, the article's topic.
4. **Therapies** (``therapies``) get their modality from the vocabulary, else
   (``modality_inferred``) from the INN stem, a class word said of them in the same
   sentence ("XYZ-101, an allogeneic CAR-T"), context words ("inside the patient",
   "off-the-shelf", "patient's own T cells"), or the article's dominant class word.
5. **Relations** (``relations``), sentence by sentence: targets and indications go to the
   therapy they are said of; comparisons pair the nearest subject before the cue with what
   follows it; barriers go to the sentence's subject.

``evidence_level(text)`` (in ``evidence``) gives the article's level of evidence;
``claim_levels(relations, level)`` then marks the relations of sentences about another
stage with that stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from tlkg.loaders.records import BroaderLink, EntityRef, Relation, StatedPhase, TherapyRef
from tlkg.loaders.text.descriptions import resolve_descriptions
from tlkg.loaders.text.discourse import Context
from tlkg.loaders.text.diseases import broader_name
from tlkg.loaders.text.evidence import claim_levels, evidence_level
from tlkg.loaders.text.mentions import matcher
from tlkg.loaders.text.relations import add_relations
from tlkg.loaders.text.sentences import MAX_SENTENCE_CHARS, Span, split_sentences
from tlkg.loaders.text.stages import highest
from tlkg.loaders.text.therapies import build_therapies
from tlkg.ontology.vocab import Entry, Vocabulary

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Extraction",
    "Span",
    "claim_levels",
    "evidence_level",
    "extract",
    "indication_ref",
    "matcher",
    "split_sentences",
]


@dataclass
class Extraction:
    mentions: list[EntityRef] = field(default_factory=list)
    therapies: list[TherapyRef] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    broader: list[BroaderLink] = field(default_factory=list)


def indication_ref(entry: Entry) -> EntityRef:
    return EntityRef(kind="indication", key=entry.key, name=entry.name, known=True)


def extract(text: str, vocab: Vocabulary, *, has_title: bool = False) -> Extraction:
    """Mentions, therapies and relations of ``text`` (evidence offsets index ``text``)."""
    ctx = Context(text, vocab, has_title)
    build_therapies(ctx)
    resolve_descriptions(ctx)
    add_relations(ctx)
    mentions: list[EntityRef] = []
    seen: set[tuple[str, str]] = set()
    for m in ctx.mentions:
        if (m.kind, m.key) in seen:
            continue
        seen.add((m.kind, m.key))
        mentions.append(ctx.ref(m))
    for r in ctx.relations:
        if r.object.kind == "barrier" and ("barrier", r.object.key) not in seen:
            seen.add(("barrier", r.object.key))
            mentions.append(r.object)
    stated: dict[str, list[StatedPhase]] = {}
    for r in ctx.relations:
        if r.kind == "has_phase":
            stated.setdefault(r.subject.key, []).append(cast(StatedPhase, r.object.key))
    therapies = [
        TherapyRef(
            key=t.key,
            name=t.name,
            known=t.known,
            aliases=t.aliases,
            modality=t.modality,
            modality_inferred=t.inferred,
            category=t.category,
            phase=highest(stated.get(t.key, [])),
        )
        for t in ctx.therapies.values()
    ]
    return Extraction(
        mentions=mentions,
        therapies=therapies,
        relations=ctx.relations,
        broader=_broader_links(mentions, vocab),
    )


def _broader_links(mentions: list[EntityRef], vocab: Vocabulary) -> list[BroaderLink]:
    """Each indication new to the vocabulary under the longest name (the vocabulary's or
    this article's) its own name ends with."""
    indications = [m for m in mentions if m.kind == "indication"]
    if not any(not m.known for m in indications):
        return []
    own = {m.name.lower(): m.key for m in indications}

    def known(name: str) -> str | None:
        entry = vocab.resolve("indication", name)
        return own.get(name.lower()) or (entry.key if entry else None)

    links = []
    for m in indications:
        if m.known:
            continue
        key = broader_name(m.name, known)
        if key is not None and key != m.key:
            links.append(BroaderLink(narrower=m.key, broader=key))
    return links
