"""Reading facts (batched VALUES scans, rows parsed into records) and ``FactsBase``."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from itertools import chain, islice
from typing import Any, Self, TypeVar

from tlkg.graph.analysis.schema import TABLES
from tlkg.graph.rdf.terms import Lit
from tlkg.graph.services.cliques import Cliques, read_evidence
from tlkg.graph.services.cliques import build as build_cliques
from tlkg.graph.services.models import Ref, Source
from tlkg.graph.services.rank_facts import RankFacts, rank_facts
from tlkg.graph.services.records import (
    BACKGROUND,
    LEVEL_RANK,
    Details,
    Hierarchy,
    RawTherapy,
    RelationFact,
    TherapyFacts,
    TrialFact,
    pick_modality,
    summarize,
    tied_graphs,
)
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore, PlainRow
from tlkg.ontology.namespace import SKOS_ALT_LABEL, SKOS_PREF_LABEL, key_of, tlkg_iri

_T = TypeVar("_T")
Pair = tuple[str, str]

# The row shapes of the fact layer's scans: the same columns, in the same order, as the
# analysis index's tables, which hold exactly these rows (``tlkg.graph.analysis.schema``).
CORE = TABLES["core"]
TRIALS = TABLES["trials"]
MENTIONS = TABLES["mentions"]
XREFS = TABLES["xrefs"]
RIVALRY = TABLES["rivalry"]
SOURCE_COLS = TABLES["sources"]
MAX_SOURCES = 10  # sources listed per reason; ``source_count`` gives the total
_BATCH = 400
_INFERRED = tlkg_iri("modalityInferred")


def full(name: str) -> str:
    """A ``#VALUES`` query with the block left out: every entity."""
    return sparql.query(name).replace("#VALUES", "")


def scan_for(
    store: GraphStore, name: str, var: str, iris: Collection[str], names: tuple[str, ...]
) -> Iterator[PlainRow]:
    """The rows of query ``name`` with ``var`` bound to each of ``iris`` (in batches)."""
    items = list(dict.fromkeys(iris))
    for i in range(0, len(items), _BATCH):
        batch = items[i : i + _BATCH]  # IRIs as plain strings (``queries.values``)
        yield from store.scan(sparql.with_values(name, var, batch), names)


def xsd_datetime(lexical: str) -> str:
    """An xsd:dateTime as rdflib writes it, normalised (``str(Literal(lexical,
    datatype=XSD.dateTime))``: rdflib 7 on Python 3.11 reads it with
    ``datetime.fromisoformat`` and writes it with ``isoformat``, and keeps a form it cannot
    read as it is), without loading rdflib; tests/test_cli_startup.py compares the two."""
    try:
        return datetime.fromisoformat(lexical).isoformat()
    except ValueError:
        return lexical


def _entry(raw: dict[str, RawTherapy], iri: str) -> RawTherapy:
    r = raw.get(iri)
    if r is None:
        r = raw[iri] = RawTherapy()
    return r


def fill_core(raw: dict[str, RawTherapy], rows: Iterable[PlainRow]) -> None:
    for e, p, o, g in rows:
        assert e is not None and p is not None and o is not None and g is not None
        _entry(raw, e).facts.append((p, o, g))


def fill_trials(raw: dict[str, RawTherapy], rows: Iterable[PlainRow]) -> None:
    for t, nct, phase, status, allocation, g, start in rows:
        assert t is not None and nct is not None and g is not None
        trials = _entry(raw, t).trials
        tf = trials.get((g, nct))
        if tf is None:
            tf = trials[(g, nct)] = TrialFact(
                g, nct, set(), key_of(status) if status else None, allocation, start
            )
        elif start is not None:
            tf.start = _earliest(tf.start, start)
        if phase:
            tf.phases.add(key_of(phase))


def _earliest(a: str | None, b: str | None) -> str | None:
    """The earlier of two dates as text (a record giving two start dates starts at the
    first), None only when both are."""
    return min(a, b) if a is not None and b is not None else a or b


def fill_mentions(raw: dict[str, RawTherapy], rows: Iterable[PlainRow]) -> None:
    for e, g in rows:
        assert e is not None and g is not None
        _entry(raw, e).mentions[g] = None


def mesh_curie(mesh: str) -> str:
    """A MeSH id as the CURIE of ``xrefs`` (bioregistry and Biolink prefix ``MESH``)."""
    return f"MESH:{mesh}"


def relation(row: PlainRow) -> RelationFact:
    s, p, o, g, sentence, kind = row
    assert s is not None and p is not None and o is not None and g is not None
    return RelationFact(s, p, o, g, sentence, kind)


def source(row: PlainRow) -> Source:
    """A ``Source`` from a row of ``SOURCE_COLS``."""
    _g, sid, kind, title, date, url, level, publisher, loader, loaded, digest = row[:11]
    version, _from, until = row[11:14]
    return Source(
        id=str(sid),
        kind="trial" if kind == "trial" else "article",
        title=title,
        date=date,
        url=url,
        evidence_level=key_of(level) if level else None,
        publisher=publisher,
        loader=loader,
        loaded_at=xsd_datetime(loaded) if loaded else None,
        content_hash=digest,
        version=version,
        superseded_on=until,
    )


def read_hierarchy(store: GraphStore) -> Hierarchy:
    pairs = []
    for n, b in store.scan(sparql.query("hierarchy"), ("narrower", "broader")):
        if n is not None and b is not None:
            pairs.append((n, b))
    return Hierarchy.from_pairs(pairs)


class FactsBase:
    """What both implementations of the fact layer share, over their primitives (``visible``,
    ``_raw_for``, ``_mentioned``, ``_treating``, ``_relations``, ``own_xrefs``, ``own_labels``,
    ``sources``, ``source_dates``). Therapies are answered per clique (``cliques.py``):
    every IRI returned is a clique's leader, its facts the union of its members'."""

    store: GraphStore
    as_of: str | None
    _summaries: dict[str, TherapyFacts]  # therapy -> facts (shared by answers when cached)
    _ranks: dict[str, RankFacts]  # therapy -> what the competitor ranking reads of it
    _refs: dict[str, Ref]
    _cliques: Cliques | None = None

    def visible(self, graph: str) -> bool:
        raise NotImplementedError

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        raise NotImplementedError

    def _mentioned(self) -> Iterable[str]:
        """Every node a visible source mentions (members, not leaders)."""
        raise NotImplementedError

    def _treating(self, indications: Collection[str]) -> Iterable[str]:
        raise NotImplementedError

    def _relations(self, nodes: Collection[str]) -> list[RelationFact]:
        raise NotImplementedError

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        """The name of each IRI itself: the vocabulary's label, else the smallest visible
        one, else its id."""
        raise NotImplementedError

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """The name each IRI is shown by: its own, or for a clique leader whose own name
        is not an INN, the INN its sources also call it (``cliques._display``)."""
        out = self.own_labels(iris)
        display = self.cliques().display
        if display:
            for i in out:
                shown = display.get(i)
                if shown is not None:
                    out[i] = shown
        return out

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        raise NotImplementedError

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        raise NotImplementedError

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """The visible cross-references (CURIEs, sorted) each IRI itself carries."""
        raise NotImplementedError

    def cache(self, name: str) -> dict[str, Any] | None:
        """A cache of data derived from every visible fact while the store is unchanged."""
        return None

    def holders(self, objects: Mapping[str, Collection[str]]) -> dict[str, set[Pair]] | None:
        """The leaders of the nodes with visible facts ``p`` of one of ``objects[p]``, each
        with those (p, object) pairs (None: not read here; ``SqliteFacts`` reads them)."""
        return None

    def kept_answer(self, key: str, build: Callable[[], _T]) -> _T:
        """``build()`` (an analysis index keeps answers: ``SqliteFacts``)."""
        return build()

    def part(self) -> Self:
        """An answer object for one part of a scan of every therapy (this one's, here)."""
        return self

    # -- MeSH descriptors of indications (a landscape's scope) --
    def indication_mesh(self, iris: Collection[str]) -> set[str]:
        """The MeSH ids (as stored) the indication nodes ``iris`` carry, in any graph."""
        text = sparql.with_values("indication_mesh", "e", list(iris))
        return {str(m) for _e, m in self.store.scan(text, ("e", "m")) if m}

    def indication_mesh_pairs(self) -> Iterable[tuple[str, str]]:
        """Every (indication node, MeSH id as stored) pair, in any graph."""
        text = sparql.query("indication_mesh").replace("#VALUES", "")
        return ((e, m) for e, m in self.store.scan(text, ("e", "m")) if e and m)

    def indications_with_mesh(self, ids: Collection[str]) -> set[str]:
        """The indication nodes that carry one of the MeSH ``ids``, in any graph."""
        if not ids:
            return set()
        text = sparql.with_values("indication_mesh", "m", [Lit(m) for m in sorted(ids)])
        return {str(e) for e, _m in self.store.scan(text, ("e", "m")) if e}

    # -- cliques --
    def cliques(self) -> Cliques:
        """The therapy cliques of the visible sources."""
        if self._cliques is None:
            self._cliques = self._build_cliques()
        return self._cliques

    def _build_cliques(self) -> Cliques:
        return build_cliques(read_evidence(self.store), self.visible)

    def leader(self, iri: str) -> str:
        """The leader of the clique of ``iri`` (``iri`` itself when it is not a therapy or
        merged with nothing)."""
        return self.cliques().leader(iri)

    def mentioned(self) -> list[str]:
        return sorted(set(self.cliques().leaders(self._mentioned())))

    def treating(self, indications: Collection[str]) -> set[str]:
        return set(self.cliques().leaders(self._treating(indications)))

    def relations(self, nodes: Collection[str]) -> list[RelationFact]:
        cl = self.cliques()
        out: dict[RelationFact, None] = {}
        for rel in self._relations(cl.expand(nodes)):
            s, o = cl.leader(rel.s), cl.leader(rel.o)
            if s == o:  # two names of one therapy compared: no comparison
                continue
            out[rel if (s, o) == (rel.s, rel.o) else replace(rel, s=s, o=o)] = None
        return list(out)

    def xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        """The visible cross-references of each IRI's clique (CURIEs, sorted)."""
        cl = self.cliques()
        iris = list(dict.fromkeys(iris))
        own = self.own_xrefs(cl.expand(iris))
        return {i: sorted({x for m in cl.members(i) for x in own.get(m, ())}) for i in iris}

    # -- therapies --
    def therapies(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        """The facts of the clique of each IRI (keyed by the IRI asked for; ``iri`` of
        each is the leader)."""
        iris = list(dict.fromkeys(iris))
        memo = self._summaries
        todo = [i for i in iris if i not in memo]
        if todo:
            cl = self.cliques()
            leaders = [lead for lead in cl.leaders(todo) if lead not in memo]
            memo.update(self._stored_summaries(leaders))
            leaders = [lead for lead in leaders if lead not in memo]
            raw = (
                self._raw_for([m for lead in leaders for m in cl.members(lead)]) if leaders else {}
            )
            empty = RawTherapy()
            found = {}
            for lead in leaders:
                members = cl.members(lead)
                one = raw.get(lead, empty) if len(members) == 1 else self._merged(members, raw)
                found[lead] = summarize(lead, one, self.visible)
            tied = set().union(*(tied_graphs(tf.modalities) for tf in found.values()))
            levels = self.evidence_levels(tied) if tied else {}
            for lead, tf in found.items():
                tf.modality, tf.modality_curated = pick_modality(tf.modalities, levels)
                memo[lead] = tf
            if found:
                self._store_summaries(found)
            for i in todo:
                memo[i] = memo[cl.leader(i)]
        return {i: memo[i] for i in iris}

    def rank_facts(self, iris: Iterable[str]) -> dict[str, RankFacts]:
        """What the competitor ranking reads of each IRI's clique (keyed by the IRI asked
        for; ``name`` the label it is shown by), kept as the summaries are."""
        iris = list(dict.fromkeys(iris))
        memo = self._ranks
        todo = [i for i in iris if i not in memo]
        if todo:
            cl = self.cliques()
            leaders = [lead for lead in dict.fromkeys(cl.leaders(todo)) if lead not in memo]
            memo.update(self._stored_ranks(leaders))
            missing = [lead for lead in leaders if lead not in memo]
            if missing:
                full, names = self.therapies(missing), self.labels(missing)
                found = {lead: rank_facts(full[lead], names[lead]) for lead in missing}
                memo.update(found)
                self._store_ranks(found)
            for i in todo:
                memo[i] = memo[cl.leader(i)]
        return {i: memo[i] for i in iris}

    def _stored_ranks(self, leaders: list[str]) -> dict[str, RankFacts]:
        """``rank_facts`` of ``leaders`` kept from an earlier answer (as summaries are)."""
        return {}

    def _store_ranks(self, found: dict[str, RankFacts]) -> None:
        """Keep ``rank_facts`` just built for later answers over the same rows."""

    def _stored_summaries(self, leaders: list[str]) -> dict[str, TherapyFacts]:
        """Facts of ``leaders`` kept from an earlier answer over the same rows (none by
        default: ``SqliteFacts`` keeps today's in the analysis index)."""
        return {}

    def _store_summaries(self, found: dict[str, TherapyFacts]) -> None:
        """Keep facts just built for later answers over the same rows (see above)."""

    def _merged(self, members: list[str], raw: dict[str, RawTherapy]) -> RawTherapy:
        """The facts of several nodes as one therapy's."""
        out = RawTherapy()
        for m in members:
            r = raw.get(m)
            if r is None:
                continue
            out.facts.extend(r.facts)
            out.mentions.update(r.mentions)
            for key, tf in r.trials.items():
                have = out.trials.get(key)
                if have is None:
                    out.trials[key] = replace(tf, phases=set(tf.phases))
                else:
                    have.phases |= tf.phases
                    have.start = _earliest(have.start, tf.start)
        return out

    def evidence_levels(self, graphs: Iterable[str]) -> dict[str, int]:
        """graph -> rank of its source's evidence level (``LEVEL_RANK``), when it has one."""
        return {
            g: LEVEL_RANK[s.evidence_level]
            for g, s in self.sources(graphs).items()
            if s.evidence_level in LEVEL_RANK
        }

    def details(self, iris: Iterable[str]) -> dict[str, Details]:
        """Labels and the inferred flag of each IRI's clique (every member's names)."""
        cl = self.cliques()
        out = {i: Details() for i in dict.fromkeys(iris)}
        owner: dict[str, list[str]] = {}
        for i in out:
            for m in cl.members(i):
                owner.setdefault(m, []).append(i)
        rows = scan_for(self.store, "entity_facts", "e", list(owner), CORE)
        for e, p, o, g in rows:
            if e not in owner or o is None or g is None or not self.visible(g):
                continue
            for i in owner[e]:
                if p in (SKOS_PREF_LABEL, SKOS_ALT_LABEL):
                    out[i].labels.add(o)
                elif p == _INFERRED and o == "true":
                    out[i].inferred = True
        return out

    # -- names --
    def ref(self, iri: str) -> Ref:
        ref = self._refs.get(iri)
        if ref is None:
            ref = self._refs[iri] = Ref(
                id=key_of(iri),
                name=self.labels([iri])[iri],
                iri=iri,
                xrefs=self.xrefs([iri])[iri],
            )
        return ref

    def refs(self, iris: Iterable[str]) -> list[Ref]:
        """Refs (shared, never to be mutated) sorted by name."""
        cache = self._refs
        iris = list(iris)
        missing = [i for i in iris if i not in cache]
        if missing:
            labels = self.labels(missing)
            xrefs = self.xrefs(missing)
            for i in missing:
                cache[i] = Ref(id=key_of(i), name=labels[i], iri=i, xrefs=xrefs[i])
        refs = [cache[i] for i in dict.fromkeys(iris)]
        if len(refs) > 1:
            refs.sort(key=lambda r: r.name.casefold())
        return refs

    # -- sources --
    def newest_first(self, found: dict[str, TherapyFacts]) -> dict[str, TherapyFacts]:
        """``found``, graph sets ordered newest source first where that is kept (today's
        in the index: ``SqliteFacts``; ``TherapyFacts.newest_first`` says so)."""
        return found

    def reason_facts(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        """What competitors' reasons read of their summaries (``records.reason_part``)."""
        return self.newest_first(self.therapies(iris))

    def newest_sources(
        self,
        groups: Iterable[Iterable[str]],
        fallback: Iterable[str],
        *,
        newest_first: bool = False,
    ) -> tuple[list[Source], int]:
        """The newest ``MAX_SOURCES`` sources of the visible graphs in ``groups`` (or of
        ``fallback`` when there are none), newest first, and how many there are in all.
        ``newest_first``: each group is ordered newest source first (a ``newest_first``
        summary's), so only the first visible graphs of each can be among the newest."""
        if newest_first:
            return self._newest_of_ordered([list(g) for g in groups], fallback)
        chosen = list(
            dict.fromkeys(
                g for grp in groups for g in grp if g not in BACKGROUND and self.visible(g)
            )
        )
        if not chosen:
            chosen = [g for g in dict.fromkeys(fallback) if g not in BACKGROUND]
        return self._newest(chosen, len(chosen))

    def _newest_of_ordered(
        self, groups: list[list[str]], fallback: Iterable[str]
    ) -> tuple[list[Source], int]:
        visible = {g for grp in groups for g in grp if g not in BACKGROUND and self.visible(g)}
        if not visible:
            return self.newest_sources(groups, fallback)
        firsts = [list(islice((g for g in grp if g in visible), MAX_SOURCES)) for grp in groups]
        return self._newest(list(dict.fromkeys(g for head in firsts for g in head)), len(visible))

    def _newest(self, chosen: list[str], total: int) -> tuple[list[Source], int]:
        if len(chosen) > MAX_SOURCES:
            dates = self.source_dates(chosen)
            chosen = heapq.nlargest(MAX_SOURCES, chosen, key=lambda g: (dates[g], g))
        found = self.sources(chosen)
        items = sorted(found.values(), key=lambda s: (s.date or "", s.id), reverse=True)
        return items, total


# What ``ScanFacts._scan`` reads, by kind: the key column and the row's columns.
SCANS: dict[str, tuple[str, tuple[str, ...]]] = {
    "core": ("e", CORE),
    "trials": ("t", TRIALS),
    "mentions": ("e", MENTIONS),
    "labels": ("e", ("e", "label", "graph")),
    "sources": ("graph", SOURCE_COLS),
    "dates": ("graph", ("graph", "date")),
    "xrefs": ("e", XREFS),
}


class ScanFacts(FactsBase):
    """A fact layer that reads rows of given keys as it is asked for them (on demand from
    the store's SPARQL, ``SparqlFacts``, or from the analysis index, ``SqliteFacts``): the
    rules over the rows are written once here; ``_scan`` is where the rows come from.

    Visibility (``records.holds_on``): the graphs of ``_allowed`` (those that held as of
    ``as_of``), and the vocabulary and ontology always; when it is None, every graph but
    those of ``_hidden`` (archived versions; or as of a day, those not holding then)."""

    def __init__(
        self,
        store: GraphStore,
        as_of: str | None,
        allowed: set[str] | None,
        hidden: frozenset[str] = frozenset(),
    ) -> None:
        self.store = store
        self.as_of = as_of
        self._allowed = allowed
        self._hidden = hidden
        self._raw: dict[str, RawTherapy] = {}
        self._summaries: dict[str, TherapyFacts] = {}
        self._ranks: dict[str, RankFacts] = {}
        self._hierarchy: Hierarchy | None = None
        self._labels: dict[str, str] = {}
        self._sources: dict[str, Source] = {}
        self._refs: dict[str, Ref] = {}
        self._xrefs: dict[str, list[str]] = {}
        self._dates: dict[str, str] = {}  # graph -> its source's date ("" when undated)

    def _scan(self, kind: str, keys: Collection[str]) -> Iterable[PlainRow]:
        """The rows of ``kind`` (``SCANS``: its key column and columns) for ``keys``."""
        raise NotImplementedError

    def visible(self, graph: str) -> bool:
        if self._allowed is None:
            return graph not in self._hidden
        return graph in BACKGROUND or graph in self._allowed

    def newest_sources(
        self,
        groups: Iterable[Iterable[str]],
        fallback: Iterable[str],
        *,
        newest_first: bool = False,
    ) -> tuple[list[Source], int]:
        if newest_first or self._allowed is not None or self._hidden:
            return super().newest_sources(groups, fallback, newest_first=newest_first)
        # Every graph is visible (today, no archived versions): the groups' graphs taken
        # whole, not one visibility test each (a shared indication's reason can rest on
        # thousands of trial graphs).
        chosen = dict.fromkeys(chain.from_iterable(groups))
        for g in BACKGROUND:
            chosen.pop(g, None)
        if not chosen:
            chosen = dict.fromkeys(fallback)
            for g in BACKGROUND:
                chosen.pop(g, None)
        return self._newest(list(chosen), len(chosen))

    def _raw_for(self, iris: list[str]) -> dict[str, RawTherapy]:
        missing = [i for i in iris if i not in self._raw]
        if missing:
            fresh: dict[str, RawTherapy] = {i: RawTherapy() for i in missing}
            fill_core(fresh, self._scan("core", missing))
            fill_trials(fresh, self._scan("trials", missing))
            fill_mentions(fresh, self._scan("mentions", missing))
            self._raw.update(fresh)
        return self._raw

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._labels]
        if todo:
            found: dict[str, tuple[int, str]] = {}
            for e, label, g in self._scan("labels", todo):
                if e is None or label is None or g is None or not self.visible(g):
                    continue
                # The vocabulary's canonical label wins, then the smallest label seen.
                cand = (0 if g in BACKGROUND else 1, label)
                if e not in found or cand < found[e]:
                    found[e] = cand
            for i in todo:
                self._labels[i] = found[i][1] if i in found else key_of(i)
        return {i: self._labels[i] for i in iris}

    def sources(self, graphs: Iterable[str]) -> dict[str, Source]:
        graphs = [g for g in dict.fromkeys(graphs) if g not in BACKGROUND]
        todo = [g for g in graphs if g not in self._sources]
        for row in self._scan("sources", todo):
            self._sources[str(row[0])] = source(row)
        return {g: self._sources[g] for g in graphs if g in self._sources}

    def source_dates(self, graphs: Collection[str]) -> dict[str, str]:
        known = self._dates
        todo = [g for g in graphs if g not in known]
        if todo:
            found = dict.fromkeys(todo, "")
            for g, date in self._scan("dates", todo):
                if g is not None and date is not None:
                    found[g] = date
            known.update(found)
        return {g: known[g] for g in graphs}

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._xrefs]
        if todo:
            found: dict[str, set[str]] = {i: set() for i in todo}
            for e, mesh, g in self._scan("xrefs", todo):
                if e in found and mesh and g is not None and self.visible(g):
                    found[e].add(mesh_curie(mesh))
            for i in todo:
                self._xrefs[i] = sorted(found[i])
        return {i: self._xrefs[i] for i in iris}
