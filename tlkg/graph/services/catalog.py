"""Lookups of what the graph holds: sources, therapies, one therapy in full.

Facts come from three kinds of graph: the vocabulary and ontology (background, always
visible) and each source's own graph (visible unless ``as_of`` hides it). Services fetch
facts for many entities at once and assemble the answers in Python.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from tlkg.graph.services.models import EvidenceItem, Ref, Source, Therapy, TherapyDetail
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.oxigraph import ONTOLOGY_GRAPH, GraphStore
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.namespace import ID, TLKG, VOCAB_GRAPH, entity_iri, key_of
from tlkg.ontology.vocab import Vocabulary

BACKGROUND = frozenset({str(VOCAB_GRAPH), str(ONTOLOGY_GRAPH)})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_BATCH = 500
ASK_TYPED = "ASK { ?e a ?cls }"
_SLUG = re.compile(r"^[a-z0-9]+(?:--?[a-z0-9]+)*$|^NCT\d{8}$")


class NotFound(LookupError):
    """No entity by that name; ``suggestions`` holds close names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


def check_as_of(as_of: str | None) -> str | None:
    if as_of is not None and not _DATE.match(as_of):
        raise ValueError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}")
    return as_of


def _s(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _batches(items: list[URIRef]) -> Iterable[list[URIRef]]:
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


@dataclass
class View:
    """Which graphs an answer may use: all of them, or the background plus the sources
    dated on or before ``as_of``."""

    store: GraphStore
    as_of: str | None = None
    _allowed: set[str] | None = None
    _labels: dict[str, str] = field(default_factory=dict)
    _sources: dict[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_as_of(self.as_of)
        if self.as_of is not None:
            rows = self.store.select(sparql.query("graphs_as_of"), {"asOf": Literal(self.as_of)})
            self._allowed = {str(r["graph"]) for r in rows}

    def visible(self, graph: Node | str | None) -> bool:
        g = str(graph)
        return self._allowed is None or g in BACKGROUND or g in self._allowed

    def select_for(
        self, name: str, var: str, terms: Iterable[Node]
    ) -> list[dict[str, Node | None]]:
        rows: list[dict[str, Node | None]] = []
        for batch in _batches(list(dict.fromkeys(terms))):  # type: ignore[arg-type]
            rows += self.store.select(sparql.with_values(name, var, batch))
        return rows

    # ---- labels and sources ------------------------------------------------------------
    def labels(self, iris: Iterable[Node]) -> dict[str, str]:
        todo = [i for i in dict.fromkeys(iris) if str(i) not in self._labels]
        if todo:
            found: dict[str, tuple[int, str]] = {}
            for r in self.select_for("labels", "e", todo):
                if not self.visible(r["graph"]):
                    continue
                # The vocabulary's canonical label wins, then the smallest label seen.
                rank = 0 if str(r["graph"]) in BACKGROUND else 1
                cand = (rank, str(r["label"]))
                key = str(r["e"])
                if key not in found or cand < found[key]:
                    found[key] = cand
            for k, (_, label) in found.items():
                self._labels[k] = label
        return {str(i): self._labels.get(str(i), key_of(str(i))) for i in iris}

    def ref(self, iri: Node) -> Ref:
        return Ref(id=key_of(str(iri)), name=self.labels([iri])[str(iri)], iri=str(iri))

    def refs(self, iris: Iterable[Node]) -> list[Ref]:
        iris = list(dict.fromkeys(iris))
        labels = self.labels(iris)
        return sorted(
            (Ref(id=key_of(str(i)), name=labels[str(i)], iri=str(i)) for i in iris),
            key=lambda r: r.name.casefold(),
        )

    def sources_for_graphs(self, graphs: Iterable[Node | str]) -> dict[str, Source]:
        graphs = list(graphs)  # iterated twice below; callers may pass a generator
        todo = [URIRef(str(g)) for g in dict.fromkeys(graphs) if str(g) not in self._sources]
        todo = [g for g in todo if str(g) not in BACKGROUND]
        for r in self.select_for("sources_for_graphs", "graph", todo):
            self._sources[str(r["graph"])] = source_from_row(r)
        return {str(g): self._sources[str(g)] for g in graphs if str(g) in self._sources}


def source_from_row(r: dict[str, Node | None]) -> Source:
    return Source(
        id=str(r["id"]),
        kind="trial" if str(r["kind"]) == "trial" else "article",
        title=_s(r.get("title")),
        date=_s(r.get("date")),
        url=_s(r.get("url")),
        evidence_level=key_of(str(r["level"])) if r.get("level") else None,
        publisher=_s(r.get("publisher")),
        loader=_s(r.get("loader")),
        loaded_at=_s(r.get("loaded")),
        content_hash=_s(r.get("hash")),
    )


def list_sources(store: GraphStore) -> list[Source]:
    return [source_from_row(r) for r in store.select(sparql.query("sources"))]


# ---- therapies ---------------------------------------------------------------------------
@dataclass
class _Facts:
    labels: list[tuple[int, str]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    modality: list[tuple[int, str]] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    indications: list[str] = field(default_factory=list)
    developers: list[str] = field(default_factory=list)
    approved_for: list[str] = field(default_factory=list)
    inferred: bool = False
    trials: dict[str, list[str]] = field(default_factory=dict)  # NCT -> phase keys
    graphs: set[str] = field(default_factory=set)


_PRED_ATTR = {
    str(TLKG.target): "targets",
    str(TLKG.indication): "indications",
    str(TLKG.developer): "developers",
    str(TLKG.approvedFor): "approved_for",
}
PHASE_ORDER = ["na", "early-phase1", "phase1", "phase2", "phase3", "phase4"]


def _gather(view: View, therapies: list[URIRef]) -> dict[str, _Facts]:
    facts: dict[str, _Facts] = defaultdict(_Facts)
    for r in view.select_for("entity_facts", "e", therapies):
        if not view.visible(r["graph"]):
            continue
        f = facts[str(r["e"])]
        p, o = str(r["p"]), r["o"]
        background = 0 if str(r["graph"]) in BACKGROUND else 1
        if p == SKOS_PREF:
            f.labels.append((background, str(o)))
        elif p == SKOS_ALT:
            f.aliases.append(str(o))
        elif p == str(TLKG.modality):
            f.modality.append((background, str(o)))
        elif p == str(TLKG.modalityInferred):
            f.inferred = f.inferred or str(o) == "true"
        elif p in _PRED_ATTR:
            getattr(f, _PRED_ATTR[p]).append(str(o))
    for r in view.select_for("therapy_trials", "t", therapies):
        if not view.visible(r["graph"]):
            continue
        f = facts[str(r["t"])]
        phases = f.trials.setdefault(str(r["id"]), [])
        if r["phase"] is not None:
            phases.append(key_of(str(r["phase"])))
    for r in view.select_for("mentioning_graphs", "e", therapies):
        if view.visible(r["graph"]):
            facts[str(r["e"])].graphs.add(str(r["graph"]))
    return facts


def highest_phase(f: _Facts) -> str | None:
    if f.approved_for:
        return "approved"
    best = -1
    for phases in f.trials.values():
        for ph in phases:
            if ph in PHASE_ORDER:
                best = max(best, PHASE_ORDER.index(ph))
    return PHASE_ORDER[best] if best >= 0 else None


def _therapy(view: View, iri: str, f: _Facts, detail: bool = False) -> Therapy | TherapyDetail:
    name = min(f.labels)[1] if f.labels else key_of(iri)
    aliases = sorted(
        {a for a in f.aliases if a != name} | {lab for _, lab in f.labels if lab != name},
        key=str.casefold,
    )
    modality = min(f.modality)[0:2] if f.modality else None
    sources = sorted(view.sources_for_graphs(f.graphs).values(), key=lambda s: (s.date or "", s.id))
    cls = TherapyDetail if detail else Therapy
    out = cls(
        id=key_of(iri),
        iri=iri,
        name=name,
        aliases=aliases,
        modality=view.ref(URIRef(modality[1])) if modality else None,
        # Inferred only when no vocabulary entry gives the modality.
        modality_inferred=bool(modality and modality[0] == 1 and f.inferred),
        targets=view.refs(URIRef(t) for t in f.targets),
        indications=view.refs(URIRef(i) for i in f.indications),
        developers=view.refs(URIRef(d) for d in f.developers),
        highest_phase=highest_phase(f),
        trials=sorted(f.trials),
        sources=sources,
    )
    if isinstance(out, TherapyDetail):
        out.approved_for = view.refs(URIRef(i) for i in f.approved_for)
    return out


def mentioned_therapies(view: View) -> list[URIRef]:
    rows = view.store.select(sparql.query("mentioned_therapies"))
    return sorted({URIRef(str(r["t"])) for r in rows if view.visible(r["graph"])})


def closure(store: GraphStore) -> dict[str, set[str]]:
    """broader concept/indication -> every narrower one (and itself is added by callers)."""
    down: dict[str, set[str]] = defaultdict(set)
    for r in store.select(sparql.query("broader_closure")):
        down[str(r["broader"])].add(str(r["narrower"]))
    return down


def list_therapies(
    store: GraphStore,
    vocab: Vocabulary,
    *,
    indication: str | None = None,
    modality: str | None = None,
    target: str | None = None,
    as_of: str | None = None,
) -> list[Therapy]:
    view = View(store, as_of)
    iris = mentioned_therapies(view)
    facts = _gather(view, iris)
    items = [_therapy(view, str(i), facts[str(i)]) for i in iris]
    down = closure(store) if (indication or modality) else {}
    if indication:
        wanted = _expand(resolve_entity(store, vocab, "indication", indication), down)
        items = [t for t in items if any(r.iri in wanted for r in t.indications)]
    if modality:
        wanted = _expand(resolve_modality(store, modality), down)
        items = [t for t in items if t.modality and t.modality.iri in wanted]
    if target:
        wanted = {str(resolve_entity(store, vocab, "target", target))}
        items = [t for t in items if any(r.iri in wanted for r in t.targets)]
    return sorted(items, key=lambda t: t.name.casefold())


def _expand(iri: URIRef, down: dict[str, set[str]]) -> set[str]:
    return {str(iri), *down.get(str(iri), set())}


def show_therapy(
    store: GraphStore, vocab: Vocabulary, name: str, *, as_of: str | None = None
) -> TherapyDetail:
    iri = resolve_entity(store, vocab, "therapy", name)
    view = View(store, as_of)
    facts = _gather(view, [iri])
    f = facts.get(str(iri))
    if f is None or not f.graphs:
        raise NotFound(
            f"no loaded source mentions therapy {name!r}"
            + (f" on or before {as_of}" if as_of else "")
        )
    out = _therapy(view, str(iri), f, detail=True)
    assert isinstance(out, TherapyDetail)
    out.evidence = evidence_for(view, [iri])
    return out


def evidence_for(view: View, iris: list[URIRef]) -> list[EvidenceItem]:
    rows = [r for r in view.select_for("evidence", "e", iris) if view.visible(r["graph"])]
    sources = view.sources_for_graphs(str(r["graph"]) for r in rows)
    items = []
    seen: set[str] = set()
    for r in rows:
        if str(r["ev"]) in seen or str(r["graph"]) not in sources:
            continue
        seen.add(str(r["ev"]))
        items.append(
            EvidenceItem(
                relation=str(r["p"]).rsplit("#", 1)[-1],
                subject=view.ref(r["s"]),  # type: ignore[arg-type]
                object=view.ref(r["o"]),  # type: ignore[arg-type]
                sentence=str(r["sentence"]),
                start=int(str(r["start"])),
                end=int(str(r["end"])),
                detail=_s(r.get("detail")),
                source=sources[str(r["graph"])],
            )
        )
    return sorted(items, key=lambda e: (e.source.date or "", e.source.id, e.start))


# ---- name resolution -----------------------------------------------------------------------
CLASSES = {
    "therapy": TLKG.Therapy,
    "indication": TLKG.Indication,
    "target": TLKG.Target,
    "organization": TLKG.Organization,
}


def resolve_entity(store: GraphStore, vocab: Vocabulary, kind: str, name: str) -> URIRef:
    """IRI for a name, alias, brand or id (slug) of an entity of ``kind``."""
    entry = vocab.resolve(kind, name)
    if entry is not None:
        return entity_iri(kind, entry.key)
    cls = CLASSES[kind]
    # An id as shown in answers (a slug, possibly shortened with a digest) is its own key.
    by_key = entity_iri(kind, name.strip()) if _SLUG.match(name.strip()) else None
    if by_key is not None and store.ask(ASK_TYPED, {"e": by_key, "cls": cls}):
        return by_key
    rows = store.select(
        sparql.query("find_by_label"), {"needle": Literal(normalise_name(name)), "cls": cls}
    )
    if rows:
        return URIRef(str(sorted(str(r["e"]) for r in rows)[0]))
    by_slug = entity_iri(kind, slugify(name))
    if store.ask(ASK_TYPED, {"e": by_slug, "cls": cls}):
        return by_slug
    raise NotFound(f"unknown {kind} {name!r}", suggest(vocab, kind, name))


def resolve_modality(store: GraphStore, name: str) -> URIRef:
    key = slugify(name)
    iri = ID[f"modality/{key}"]
    if store.ask(ASK_TYPED, {"e": iri, "cls": TLKG.Modality}):
        return iri
    rows = store.select(
        sparql.query("find_by_label"),
        {"needle": Literal(normalise_name(name)), "cls": TLKG.Modality},
    )
    if rows:
        return URIRef(str(rows[0]["e"]))
    labels = {str(r["label"]) for r in store.select(sparql.query("modality_labels"))}
    raise NotFound(f"unknown modality {name!r}", close_names(name, labels))


def suggest(vocab: Vocabulary, kind: str, name: str, limit: int = 5) -> list[str]:
    return close_names(name, {n for n, _ in vocab.surface_forms(kind)}, limit)


def close_names(name: str, names: Iterable[str], limit: int = 5) -> list[str]:
    """The names most like ``name`` (rapidfuzz WRatio of at least 60), best first."""
    from rapidfuzz import fuzz, process, utils

    choices = {n: n for n in names}
    hits = process.extract(
        name,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [h[0] for h in hits]
