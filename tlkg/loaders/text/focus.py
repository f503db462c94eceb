"""The subject of a sentence that names none (docs/extraction.md, "Discourse"): the
entities in focus, for anaphors ("it", "both", "the two drugs", "All four antibodies") and
sentences with no named subject ("Every course starts with ...")."""

from __future__ import annotations

import re
from collections import defaultdict

from tlkg.loaders.text.discourse import Sentence, anaphor_count
from tlkg.loaders.text.groups import distinct, therapy_groups
from tlkg.loaders.text.model import Mention
from tlkg.ontology import concepts as C

# Nothing but a speaker's label before a sentence-first anaphor ("CEO: Both list ...").
_SPEAKER = re.compile(r"\s*(?:[^:.\"“]{0,80}:\s*)?")


def focus(
    sent: Sentence,
    current: list[Mention],
    previous: list[Mention],
    recent: list[tuple[int, list[Mention]]],
    index: int,
    class_led: bool = False,
    subjects: list[tuple[int, Mention]] | None = None,
) -> list[Mention]:
    """The subject of a sentence that names none (docs/extraction.md, "Discourse"): the
    entities in focus. A counted anaphor ("both", "the two drugs") stands for the latest
    group of that many therapies named together in the last few sentences; another plural
    ("they", "these therapies") for the therapies of the previous sentence when it named
    several; anything else ("it", "the therapy", "Every course ...") for the previous
    sentence's subject, at a paragraph start the article's topic."""
    if sent.anaphor is None:
        return current
    count = anaphor_count(sent.anaphor.group(0))
    if count:
        # (sentence-first only, over several sentences: "Both bind ...", not ", both low grade")
        opening = bool(_SPEAKER.fullmatch(sent.ctx.text, sent.start, sent.anaphor.start()))
        # "Both list at over $1,000 a month, and neither Wegovy nor Zepbound is covered":
        # the pair the sentence itself names after it
        later = [g for g in therapy_groups(sent) if len({m.key for m in g}) == count]
        counted = (
            later[0]
            if opening and later
            else (opening and _last_subjects(sent, subjects or [], count))
            or _counted_group(recent, count, across=opening)
        )
        kind = _counted_kind(sent)
        if kind and any(not _of_kind(sent, m, kind) for m in counted):
            counted = _latest_of_kind(sent, count, kind)
        if counted:
            return counted
    if count == 0 and class_led:
        return current  # "... such as A and B. They require ...": the class, and so A and B
    if count is not None and len({m.key for m in previous}) >= 2:
        return distinct(previous)
    if sent.anaphor.group(0).lower() in ("it", "its") and len({m.key for m in current}) >= 2:
        # "It will compete with ...", "A with B and C is approved ... Its first dose ...":
        # one of the group, the article's topic if it is there, else the first named
        topic = [m for m in current if any(m.key == t.key for t in sent.ctx.topic)]
        named = [m for m in current if m.kind == "therapy"]  # (not "engager" of "X, an engager")
        return topic[:1] or named[:1] or current[:1]
    return current


# "All four antibodies ...": the kind of product a counted anaphor names.
_COUNTED_NOUN = re.compile(r"\s+(antibodies|inhibitors|conjugates|bispecifics)\b", re.IGNORECASE)
_NOUN_MODALITIES = {
    "antibodies": (C.MONOCLONAL_ANTIBODY, C.BISPECIFIC, C.ADC),
    "inhibitors": (C.KINASE_INHIBITOR, C.SMALL_MOLECULE, C.PROTEASOME_INHIBITOR),
    "conjugates": (C.ADC,),
    "bispecifics": (C.BISPECIFIC,),
}


def _counted_kind(sent: Sentence) -> str | None:
    a = sent.anaphor
    noun = _COUNTED_NOUN.match(sent.ctx.text, a.end()) if a is not None else None
    return noun.group(1).lower() if noun else None


def _of_kind(sent: Sentence, m: Mention, kind: str) -> bool:
    t = sent.ctx.therapies.get(m.key)
    return t is not None and t.modality in _NOUN_MODALITIES[kind]


def _latest_of_kind(sent: Sentence, count: int, kind: str) -> list[Mention]:
    """ "All four antibodies can trigger ...": the last ``count`` products of that kind
    named in the sentences before (at most ``_KIND_WINDOW``), when there are that many."""
    found: list[Mention] = []
    for before in reversed(sent.ctx.sentences[max(0, sent.index - _KIND_WINDOW) : sent.index]):
        for m in reversed(before.candidates):
            new = all(f.key != m.key for f in found)
            if m.kind == "therapy" and _of_kind(sent, m, kind) and new:
                found.append(m)
    return found[:count][::-1] if len(found) >= count else []


_KIND_WINDOW = 12  # sentences back in which "All four antibodies" look for their members


def _last_subjects(
    sent: Sentence, subjects: list[tuple[int, Mention]], count: int
) -> list[Mention]:
    """ "A (...) is approved ... in which it was compared with C. B (...) was approved ...
    Both therefore add clinic time": the subjects of the last ``count`` sentences, when each
    names no other product but those it compares it with ("including A and B" names two)."""
    last = subjects[-count:]
    if len(last) < count or [j for j, _ in last] != list(range(sent.index - count, sent.index)):
        return []
    for j, _ in last:
        before = sent.ctx.sentences[j]
        named = {m.key for m in before.candidates if m.kind == "therapy" and before.eligible(m)}
        if len(named) > 1:
            return []
    named_once = distinct([m for _, m in last])
    return named_once if len(named_once) == count else []


def _counted_group(
    recent: list[tuple[int, list[Mention]]], count: int, across: bool = False
) -> list[Mention]:
    """The latest sentence's group of ``count`` therapies named together, or else all of
    its therapies when they are ``count`` ("X joins Y, from A, and Z, from B. All three
    ..."), looking back sentence by sentence."""
    by_sentence: dict[int, list[list[Mention]]] = defaultdict(list)
    for j, group in recent:
        by_sentence[j].append(group)
    for j in sorted(by_sentence, reverse=True):
        groups = by_sentence[j]
        for group in reversed(groups):
            if len({m.key for m in group}) == count:
                return distinct(group)
        whole = distinct([m for g in groups for m in g])
        if len(whole) == count:
            return whole
    # "A was approved in lung cancer ... B followed ... Both bind ...": one each from the
    # last sentences, when they add up to the count exactly at a sentence's end
    named: list[Mention] = []
    for j in sorted(by_sentence, reverse=True) if across else ():
        named = distinct([m for g in by_sentence[j] for m in g] + named)
        if len(named) >= count:
            return named if len(named) == count else []
    return []
