"""Fuzzy search over names: therapies (names, aliases, brands, codes), targets,
indications, organisations and modalities.

Scores run from 0 to 100: an exact match of a name or alias (case, punctuation and
trademark signs ignored) scores 100; other matches come from rapidfuzz's WRatio, capped at
99 so that an exact alias always ranks first. WRatio is too slow to run over every name of
a registry-sized store, so it ranks the candidates that either have a word starting like a
word of the query (a sorted word list, bisected) or are closest by plain edit distance
(QRatio, fast enough over every name). Ties go to therapies, then targets,
indications, modalities and organisations. Therapies are searchable when a loaded source
mentions them (as ``tlkg therapies`` lists them); the others whenever the store holds them
(vocabulary included).

The name index is built once per store state: it is kept in process and rebuilt only when
the store's state token changes (``GraphStore.state_token()``, cheap to read).
"""

from __future__ import annotations

import bisect
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process, utils

from tlkg.graph.services.facts import Facts, facts_for
from tlkg.graph.services.models import SearchHit
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.ids import normalise_name
from tlkg.ontology.namespace import SKOS_PREF_LABEL, key_of, tlkg_iri
from tlkg.ontology.vocab import Vocabulary

TYPES = {
    tlkg_iri("Therapy"): "therapy",
    tlkg_iri("Target"): "target",
    tlkg_iri("Indication"): "indication",
    tlkg_iri("Modality"): "modality",
    tlkg_iri("Organization"): "organization",
}
_PRIORITY = {t: n for n, t in enumerate(TYPES.values())}
SCORE_CUTOFF = 65.0
DEFAULT_LIMIT = 10


@dataclass
class NameIndex:
    token: str | None
    entities: list[tuple[str, str, str]] = field(default_factory=list)  # iri, name, type
    forms: list[str] = field(default_factory=list)  # processed forms for rapidfuzz
    form_owner: list[list[tuple[int, str]]] = field(default_factory=list)  # entity idx, label
    exact: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    tokens: list[tuple[str, int]] = field(default_factory=list)  # sorted (word, form position)

    @classmethod
    def build(cls, store: GraphStore) -> NameIndex:
        idx = cls(store.state_token())
        mentioned = {e for (e,) in store.scan(sparql.query("mentioned_therapy_set"), ("e",))}
        canonical: dict[str, str] = {}
        for e, label in store.scan(sparql.query("canonical_labels"), ("e", "label")):
            if e is not None and label is not None:
                canonical[e] = min(canonical.get(e, label), label)
        types: dict[str, str] = {}
        for e, cls_ in store.scan(sparql.query("entity_types"), ("e", "cls")):
            kind = TYPES.get(cls_ or "")
            if e is None or kind is None or (kind == "therapy" and e not in mentioned):
                continue
            if e not in types or _PRIORITY[kind] < _PRIORITY[types[e]]:
                types[e] = kind
        labels: dict[str, dict[str, Any]] = {}
        for e, p, label in store.scan(sparql.query("name_labels"), ("e", "p", "label")):
            if e is None or label is None or e not in types:
                continue
            entry = labels.setdefault(e, {"type": types[e], "pref": [], "all": set()})
            if p == SKOS_PREF_LABEL:
                entry["pref"].append(label)
            entry["all"].add(label)
        form_index: dict[str, int] = {}
        for e, entry in labels.items():
            name = canonical.get(e) or (min(entry["pref"]) if entry["pref"] else min(entry["all"]))
            n = len(idx.entities)
            idx.entities.append((e, name, entry["type"]))
            for label in entry["all"]:
                idx.exact.setdefault(normalise_name(label), []).append((n, label))
                form = utils.default_process(label)
                if not form:
                    continue
                pos = form_index.get(form)
                if pos is None:
                    pos = form_index[form] = len(idx.forms)
                    idx.forms.append(form)
                    idx.form_owner.append([])
                idx.form_owner[pos].append((n, label))
        idx.tokens = sorted({(w, pos) for pos, form in enumerate(idx.forms) for w in form.split()})
        return idx

    def prefixed(self, word: str, cap: int = 2000) -> set[int]:
        """Positions of the forms with a word starting with ``word``."""
        out: set[int] = set()
        i = bisect.bisect_left(self.tokens, (word, -1))
        while i < len(self.tokens) and self.tokens[i][0].startswith(word) and len(out) < cap:
            out.add(self.tokens[i][1])
            i += 1
        return out


_lock = threading.Lock()
_by_object: weakref.WeakKeyDictionary[Any, NameIndex] = weakref.WeakKeyDictionary()
_by_location: dict[str, NameIndex] = {}


def name_index(store: GraphStore) -> NameIndex:
    """The name index of ``store``, rebuilt when the store changed since it was built."""
    token = store.state_token()
    on_disk = bool(store.location) and store.location != ":memory:"
    with _lock:
        idx = _by_location.get(store.location) if on_disk else _by_object.get(store)
    if idx is not None and token is not None and idx.token == token:
        return idx
    idx = NameIndex.build(store)
    with _lock:
        if on_disk:
            _by_location[store.location] = idx
        else:
            _by_object[store] = idx
    return idx


def search(
    store: GraphStore, vocab: Vocabulary | None, text: str, limit: int = DEFAULT_LIMIT
) -> list[SearchHit]:
    """Entities whose names best match ``text``, best first."""
    idx = name_index(store)
    best: dict[int, tuple[float, str]] = {}

    def offer(n: int, score: float, label: str) -> None:
        have = best.get(n)
        if have is None or score > have[0]:
            best[n] = (score, label)

    for n, label in idx.exact.get(normalise_name(text), []):
        offer(n, 100.0, label)
    query = utils.default_process(text)
    if query and idx.forms and limit > 0:
        # Candidates: forms with a word starting like one of the query's words, and the
        # closest forms by plain edit distance (fast over every form); ranked by WRatio.
        cands: set[int] = set()
        for word in query.split():
            cands |= idx.prefixed(word)
        for _form, _score, pos in process.extract(
            query,
            idx.forms,
            scorer=fuzz.QRatio,
            processor=None,
            limit=max(limit * 10, 100),
            score_cutoff=50,
        ):
            cands.add(pos)
        for pos in cands:
            score = fuzz.WRatio(query, idx.forms[pos], processor=None, score_cutoff=SCORE_CUTOFF)
            if score:
                for n, label in idx.form_owner[pos]:
                    offer(n, min(float(score), 99.0), label)
    ranked = sorted(
        best.items(),
        key=lambda kv: (
            -kv[1][0],
            _PRIORITY[idx.entities[kv[0]][2]],
            idx.entities[kv[0]][1].casefold(),
        ),
    )
    # A therapy is found under its clique's leader, once (``cliques.py``); the cliques
    # are read only when a therapy is among the hits.
    facts: Facts | None = None
    hits: dict[str, SearchHit] = {}
    for n, (score, label) in ranked:
        if len(hits) >= max(limit, 0):
            break
        iri, name, kind = idx.entities[n]
        if kind == "therapy":
            facts = facts or facts_for(store)
            iri = facts.leader(iri)
            name = facts.labels([iri])[iri]
        if iri not in hits:
            hits[iri] = SearchHit(
                id=key_of(iri), name=name, type=kind, score=round(score, 1), matched=label
            )
    return list(hits.values())
