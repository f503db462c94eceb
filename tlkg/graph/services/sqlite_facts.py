"""The fact layer from the analysis index (``tlkg.graph.analysis``): the same rows the
on-demand SPARQL implementation reads, kept per graph in SQLite beside an on-disk store,
so that one command answers without scanning the store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, Self, TypeVar

from tlkg.graph.analysis.rows import all_rows, graphs_hidden_on, rows_where
from tlkg.graph.services import view_cache, view_memo
from tlkg.graph.services.cliques import EVIDENCE, Cliques, Evidence
from tlkg.graph.services.cliques import build as build_cliques
from tlkg.graph.services.day_cliques import cliques_on_day, keep_for_days
from tlkg.graph.services.errors import check_as_of
from tlkg.graph.services.rank_facts import RankFacts
from tlkg.graph.services.reads import MENTIONS, RIVALRY, SCANS, Pair, ScanFacts, relation
from tlkg.graph.services.records import (
    BACKGROUND,
    P_APPROVED,
    P_INDICATION,
    Details,
    Hierarchy,
    RelationFact,
    TherapyFacts,
    graphs_of,
    order_newest_first,
    reason_part,
)
from tlkg.graph.services.view_memo import ViewMemo
from tlkg.graph.store.base import GraphStore, PlainRow
from tlkg.ontology.namespace import SKOS_ALT_LABEL, SKOS_PREF_LABEL, entity_iri_text, tlkg_iri

_T = TypeVar("_T")

_INFERRED = tlkg_iri("modalityInferred")
_INDICATION = entity_iri_text("indication", "")  # the IRIs of indication nodes start so
_TABLES = {"dates": "sources"}  # ``ScanFacts`` kinds read from a table of another name
_HELD = ("e", "p", "o", "graph")  # (``holders``)
_NODES = "therapy nodes"  # the key of every therapy node's IRI, kept with today's cliques
_TREATS = (P_INDICATION, P_APPROVED)  # treating.rq: studied for, or approved in


class SqliteFacts(ScanFacts):
    """Facts visible to one answer, read from a current analysis index (``conn``); the
    rules are ``FactsBase``'s, the visibility that of ``SparqlFacts``."""

    def __init__(
        self,
        store: GraphStore,
        conn: sqlite3.Connection,
        as_of: str | None = None,
        *,
        kept: str | None = None,
        hidden: frozenset[str] | None = None,
    ) -> None:
        """``kept``: the store's location, when a long-running process keeps today's view
        of it in memory (``view_memo.keep``): the answer then shares that view's memo.
        ``hidden``: today's archived graphs, when the caller has read them already."""
        as_of = check_as_of(as_of)
        self.conn = conn
        self._stamp: str | None = None
        self._stamp_read = False
        self.memo: ViewMemo | None = None
        self._preparing: dict[str, dict[str, Any]] | None = None
        if as_of is not None:
            # The hidden graphs rather than the visible ones: the fewer, some years back.
            super().__init__(store, as_of, None, graphs_hidden_on(conn, as_of, BACKGROUND))
            return
        if kept is not None and view_memo.is_kept(kept):
            self._stamp, self._stamp_read = view_cache.stamp(conn), True
            now = self._stamp
            self.memo = view_memo.memo_for(kept, now, lambda: view_cache.archived(conn, now))
        if self.memo is not None:
            hidden = self.memo.hidden
        elif hidden is None:
            self._stamp, self._stamp_read = view_cache.stamp(conn), True
            hidden = view_cache.archived(conn, self._stamp)
        super().__init__(store, None, None, hidden)
        if self.memo is not None:
            self._share(self.memo)

    def _share(self, memo: ViewMemo) -> None:
        """Read and fill the memo's values instead of this answer's own."""
        self._summaries, self._labels, self._refs = memo.summaries, memo.labels, memo.refs
        self._ranks = memo.ranks
        self._sources, self._xrefs, self._dates = memo.sources, memo.xrefs, memo.dates

    def preparing(self, extras: dict[str, dict[str, Any]]) -> None:
        """Let this answer build the per-service caches into ``extras`` (``warmup.py``)."""
        self._preparing = extras

    def part(self) -> Self:
        if self.memo is not None or self.as_of is not None:
            return self
        other = type(self)(self.store, self.conn, hidden=self._hidden)
        other._cliques, other._preparing = self.cliques(), self._preparing
        other._stamp, other._stamp_read = self._view_stamp(), True
        return other

    def cache(self, name: str) -> dict[str, Any] | None:
        if self._preparing is not None:
            return self._preparing.setdefault(name, {})
        if self.memo is not None and self.memo.ready:
            return self.memo.caches.extras.setdefault(name, {})
        return None

    def _scan(self, kind: str, keys: Collection[str]) -> Iterable[PlainRow]:
        key, cols = SCANS[kind]
        return rows_where(self.conn, _TABLES.get(kind, kind), key, keys, cols)

    def kept_answer(self, key: str, build: Callable[[], _T]) -> _T:
        """Today's answer under ``key`` as the index kept it for this store state, else
        ``build()``, kept (a server keeps its answers in memory instead)."""
        now = self._view_stamp()
        if now is None or self.memo is not None or self._preparing is not None:
            return build()
        return view_cache.kept_value(self.conn, "answer " + key, now, build)

    # -- today's view kept in the index (``view_cache.py``) --
    def _view_stamp(self) -> str | None:
        """The stamp of today's rows, or None for an answer as of another day."""
        if self.as_of is not None:
            return None
        if not self._stamp_read:  # once per answer: the rows it reads are these
            self._stamp, self._stamp_read = view_cache.stamp(self.conn), True
        return self._stamp

    def _build_cliques(self) -> Cliques:
        if self.memo is not None and self.memo.cliques is not None:
            return self.memo.cliques
        now = self._view_stamp()
        cliques = view_cache.kept_value(self.conn, "cliques", now, self._cliques_from_rows, Cliques)
        if self.memo is not None:
            self.memo.cliques = cliques
        return cliques

    def _stored_summaries(self, leaders: list[str]) -> dict[str, TherapyFacts]:
        found = view_cache.read_keyed(self.conn, leaders, self._view_stamp(), view_cache.THERAPIES)
        return {i: tf for i, tf in found.items() if isinstance(tf, TherapyFacts)}

    def reason_facts(self, iris: Iterable[str]) -> dict[str, TherapyFacts]:
        now = self._view_stamp()
        if now is None:
            return super().reason_facts(iris)
        cl = self.cliques()
        lead = {i: cl.leader(i) for i in dict.fromkeys(iris)}
        base = super().reason_facts

        def build(leaders: list[str]) -> dict[str, TherapyFacts]:
            return {ld: reason_part(tf) for ld, tf in base(leaders).items()}

        kept = view_cache.kept_keyed(
            self.conn, set(lead.values()), now, view_cache.REASONS, build, TherapyFacts
        )
        return {i: kept[ld] for i, ld in lead.items()}

    def newest_first(self, found: dict[str, TherapyFacts]) -> dict[str, TherapyFacts]:
        # Today's summaries are ordered once, with their sources' dates, and kept so: the
        # sources of a reason are then the heads of its groups (at 600,000 studies a page
        # of competitors rests on ~20,000 graphs, whose dates took ~0.2 s to read).
        if self._view_stamp() is None:
            return found
        todo = {tf.iri: tf for tf in found.values() if not tf.newest_first}
        if todo:
            graphs = set().union(*(graphs_of(tf) for tf in todo.values()))
            dates = self.source_dates(sorted(graphs))
            for tf in todo.values():
                order_newest_first(tf, dates)
            self._store_summaries(todo)
        return found

    def _store_summaries(self, found: dict[str, TherapyFacts]) -> None:
        view_cache.write_keyed(self.conn, found, self._view_stamp(), view_cache.THERAPIES)

    def _stored_ranks(self, leaders: list[str]) -> dict[str, RankFacts]:
        found = view_cache.read_keyed(self.conn, leaders, self._view_stamp(), view_cache.RANKS)
        return {i: r for i, r in found.items() if isinstance(r, RankFacts)}

    def _store_ranks(self, found: dict[str, RankFacts]) -> None:
        view_cache.write_keyed(self.conn, found, self._view_stamp(), view_cache.RANKS)

    def _cliques_from_rows(self) -> Cliques:
        conn = self.conn
        # Every therapy node, visible or not: the same on every day, so today's cliques keep
        # it and an answer as of a day reads it (at 600,000 studies a scan of 1.5 million
        # rows, ~0.7 s), though it keeps nothing itself.
        if self.as_of is None:
            now = self._view_stamp()
            therapies = view_cache.kept_value(conn, _NODES, now, self._therapy_nodes, set)
            return self._every_row_cliques(therapies, now)
        now = view_cache.stamp(conn)
        kept = view_cache.read_value(conn, _NODES, now)
        therapies = kept if isinstance(kept, set) else self._therapy_nodes()

        def full() -> Cliques:
            return self._every_row_cliques(therapies, None)

        # From the few evidence rows that can matter on any day, kept with today's cliques.
        return cliques_on_day(conn, now, therapies, self.visible, full)

    def _every_row_cliques(self, therapies: set[str], keep: str | None) -> Cliques:
        """The cliques from every evidence row; ``keep``: today's stamp, under which what a
        build as of a day reads is kept (``day_cliques``)."""
        conn = self.conn
        rows: list[PlainRow] = list(all_rows(conn, "evidence", EVIDENCE, order="rank, rowid"))
        read: dict[str, list[tuple[str, str]]] = {}

        def names(iris: Collection[str]) -> Iterator[PlainRow]:
            for e, label, g in rows_where(conn, "labels", "e", sorted(iris)):
                if keep is not None:
                    read.setdefault(e, []).append((label, g))
                yield (e, SKOS_PREF_LABEL, label, g)

        cliques = build_cliques(Evidence(rows, therapies, names), self.visible)
        if keep is not None:
            keep_for_days(conn, keep, rows, therapies, read)
        return cliques

    def _therapy_nodes(self) -> set[str]:
        return {str(e) for (e,) in self.conn.execute("SELECT DISTINCT e FROM nodes")}

    def _mentioned(self) -> list[str]:
        rows = all_rows(self.conn, "mentions", MENTIONS)
        return sorted({t for t, g in rows if self.visible(g)})

    def _treating(self, indications: Collection[str]) -> set[str]:
        kept = self.memo.treating if self.memo is not None else None
        key = frozenset(indications)
        if kept is not None and key in kept:
            return kept[key]
        found = set().union(*self._treating_each(key).values())
        if kept is not None:
            kept[key] = found
        return found

    def _treating_each(self, indications: Collection[str]) -> dict[str, frozenset[str]]:
        """The therapies studied or approved in each indication (today's kept in the
        index: a large indication has rows from tens of thousands of trials)."""
        now = self._view_stamp()
        out: dict[str, frozenset[str]] = dict(
            view_cache.read_keyed(self.conn, indications, now, view_cache.TREATING)
        )
        todo = [i for i in indications if i not in out]
        if todo:
            found: dict[str, set[str]] = {i: set() for i in todo}
            for t, p, o, g in rows_where(self.conn, "core", "o", todo, ("e", "p", "o", "graph")):
                if p in _TREATS and self.visible(g):
                    found[o].add(t)
            fresh = {i: frozenset(ts) for i, ts in found.items()}
            view_cache.write_keyed(self.conn, fresh, now, view_cache.TREATING)
            out.update(fresh)
        return out

    def own_labels(self, iris: Iterable[str]) -> dict[str, str]:
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._labels]
        if todo:
            now = self._view_stamp()
            self._labels.update(view_cache.read_keyed(self.conn, todo, now, view_cache.LABELS))
            missing = [i for i in todo if i not in self._labels]
            if missing:
                found = super().own_labels(missing)
                view_cache.write_keyed(self.conn, found, now, view_cache.LABELS)
        return {i: self._labels[i] for i in iris}

    def indication_mesh_pairs(self) -> Iterable[tuple[str, str]]:
        rows = self.conn.execute(
            "SELECT DISTINCT e, mesh FROM xrefs WHERE e >= ? AND e < ?",
            (_INDICATION, _INDICATION + "\uffff"),
        )
        return [(str(e), str(m)) for e, m in rows if m]

    def holders(self, objects: Mapping[str, Collection[str]]) -> dict[str, set[Pair]]:
        # By the index on objects: a target or modality is stated of a few thousand nodes.
        cl, found = self.cliques(), dict[str, set[Pair]]()
        for p, values in objects.items():
            for e, q, o, g in rows_where(self.conn, "core", "o", sorted(values), _HELD):
                if q == p and self.visible(g):
                    found.setdefault(cl.leader(e), set()).add((p, o))
        return found

    def _relations(self, nodes: Collection[str]) -> list[RelationFact]:
        rows = [
            *rows_where(self.conn, "rivalry", "s", nodes, RIVALRY),
            *rows_where(self.conn, "rivalry", "o", nodes, RIVALRY),
        ]
        rels = dict.fromkeys(relation(r) for r in rows)
        return [r for r in rels if self.visible(r.graph)]

    def own_xrefs(self, iris: Iterable[str]) -> dict[str, list[str]]:
        # Today's kept in the index: a drug's xref row is repeated by each of its trials
        # (tens of thousands for a backbone drug at 600,000 studies).
        iris = list(dict.fromkeys(iris))
        todo = [i for i in iris if i not in self._xrefs]
        now = self._view_stamp()
        if todo and now is not None:
            base = super().own_xrefs

            def build(missing: list[str]) -> dict[str, tuple[str, ...]]:
                return {i: tuple(v) for i, v in base(missing).items()}

            kept = view_cache.kept_keyed(self.conn, todo, now, view_cache.XREFS, build, tuple)
            self._xrefs.update({i: list(v) for i, v in kept.items()})
        return super().own_xrefs(iris)

    def indication_mesh(self, iris: Collection[str]) -> set[str]:
        return self._mesh_links(iris, "e", "")

    def indications_with_mesh(self, ids: Collection[str]) -> set[str]:
        return self._mesh_links(ids, "mesh", "mesh ")

    def _mesh_links(self, values: Collection[str], by: str, prefix: str) -> set[str]:
        """The other side of the `xrefs` rows of indication nodes whose ``by`` column ("e":
        the nodes' MeSH ids; "mesh": the nodes carrying the ids) is one of ``values``, in
        any graph; today's kept per value (``view_mesh``, the ids under ``prefix``)."""
        keys = {f"{prefix}{v}": v for v in values}

        def build(missing: list[str]) -> dict[str, frozenset[str]]:
            found: dict[str, set[str]] = {keys[k]: set() for k in missing}
            for e, m in rows_where(self.conn, "xrefs", by, list(found), ("e", "mesh")):
                if m and str(e).startswith(_INDICATION):
                    key, other = (str(e), str(m)) if by == "e" else (str(m), str(e))
                    found[key].add(other)
            return {f"{prefix}{v}": frozenset(links) for v, links in found.items()}

        kept = view_cache.kept_keyed(
            self.conn, keys, self._view_stamp(), view_cache.MESH, build, frozenset
        )
        return set().union(*kept.values())

    def hierarchy(self) -> Hierarchy:
        if self._hierarchy is None:
            rows = self.conn.execute("SELECT DISTINCT narrower, broader FROM hierarchy")
            self._hierarchy = Hierarchy.from_pairs((str(n), str(b)) for n, b in rows)
        return self._hierarchy

    def details(self, iris: Iterable[str]) -> dict[str, Details]:
        """Labels and the inferred flag of each IRI's clique (every member's names)."""
        cl = self.cliques()
        out = {i: Details() for i in dict.fromkeys(iris)}
        owner: dict[str, list[str]] = {}
        for i in out:
            for m in cl.members(i):
                owner.setdefault(m, []).append(i)
        for e, label, g in rows_where(self.conn, "labels", "e", list(owner)):
            if self.visible(g):
                for i in owner[e]:
                    out[i].labels.add(label)
        for e, p, o, g in rows_where(self.conn, "extra", "e", list(owner)):
            if not self.visible(g):
                continue
            for i in owner[e]:
                if p == SKOS_ALT_LABEL:
                    out[i].labels.add(o)
                elif p == _INFERRED and o == "true":
                    out[i].inferred = True
        return out
