"""What the article extractor makes of a short text, as the text-rule tests compare it:
each therapy's phase or modality, the (subject, object) pairs of one relation kind, the
barrier claims, targets, aliases and combination pairs."""

from __future__ import annotations

from tlkg.loaders.text.extract import extract
from tlkg.ontology.vocab import Vocabulary


def phases(text: str, vocab: Vocabulary) -> dict[str, str | None]:
    return {t.key: t.phase for t in extract(text, vocab, has_title=True).therapies}


def modalities(text: str, vocab: Vocabulary) -> dict[str, str | None]:
    return {t.key: t.modality for t in extract(text, vocab, has_title=True).therapies}


def aliases(text: str, vocab: Vocabulary) -> dict[str, set[str]]:
    return {t.key: set(t.aliases) for t in extract(text, vocab, has_title=True).therapies}


def pairs(text: str, vocab: Vocabulary, kind: str) -> set[tuple[str, str]]:
    out = extract(text, vocab, has_title=True)
    return {(r.subject.key, r.object.key) for r in out.relations if r.kind == kind}


def barriers(text: str, vocab: Vocabulary) -> set[tuple[str, str, str]]:
    out = extract(text, vocab, has_title=True)
    return {
        (r.kind, r.subject.key, r.object.key)
        for r in out.relations
        if r.kind in ("faces_barrier", "addresses_barrier")
    }


def targets(text: str, vocab: Vocabulary) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in extract(text, vocab, has_title=True).relations:
        if r.kind == "has_target":
            out.setdefault(r.subject.key, set()).add(r.object.key)
    return out


def complements(text: str, vocab: Vocabulary) -> set[frozenset[str]]:
    out = extract(text, vocab, has_title=True)
    return {
        frozenset((r.subject.key, r.object.key)) for r in out.relations if r.kind == "complements"
    }
