"""Cliques as of a day from the few evidence rows that can matter on any day.

``cliques.build`` reads every evidence row (at 600,000 studies 406,000, nearly all of
them other names that trial records give their interventions) and the names of the
nodes it may need. Most rows cannot change a clique on any day: an other name counts
only when it opens a therapy node or a vocabulary name, or is an INN, or names a node of
the view (``cliques._edges``), and a node counts only when it gets names, which it gets
only from the vocabulary or when ``cliques._involved`` wants them. So the nodes that may
get names on *some* day are bounded once from every row in every graph (``named_nodes``,
an over-approximation that holds for any set of visible graphs), and every other node's
rows are dropped: on any day those nodes get no names (so are left out), take part in no
merge and make ``_involved`` want nothing. Every row of a kept node is kept, in the order
read, so a build from the kept rows makes the same nodes in the same order as a build
from all of them (the nodes' dict order reaches ``Cliques``). The names of those nodes
are kept too (their label rows in every graph, by label: the order of a node's names
changes no clique).

Both are a function of today's rows, whatever the day: they are kept in the index under
today's stamp (``view_cache``) with today's cliques (which read every row anyway; an
answer as of a day keeps nothing), and an answer as of any day then filters a few
thousand rows by visibility instead of reading 400,000 (a full build when none are
kept). ``tests/test_asof_cliques.py`` compares the cliques so built with a full
rebuild on random stores, days and sets of visible graphs.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from tlkg.graph.analysis.rows import Tuple, rows_where
from tlkg.graph.services import view_cache
from tlkg.graph.services.cliques import _CEL_KEY, Cliques, Evidence, therapy_iri
from tlkg.graph.services.cliques import build as build_cliques
from tlkg.graph.services.records import BACKGROUND
from tlkg.graph.store.base import PlainRow
from tlkg.ontology.ids import normalise_name
from tlkg.ontology.names import name_kind
from tlkg.ontology.namespace import SKOS_ALT_LABEL, SKOS_PREF_LABEL

_KEY = "clique evidence for days"  # (``view_cache.read_value``)


@dataclass(frozen=True)
class DayEvidence:
    """What a build as of any day reads: the evidence ``rows`` of the nodes that may get
    names on some day, in the order a full read gives them, and those nodes' ``labels``
    (label -> the graphs stating it; the order of a node's names changes no clique)."""

    rows: list[PlainRow]
    labels: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # The digest of this module, whose rule drops rows (``cliques.py``'s is part of every
    # stamp): rows kept by other code are kept again (in place: one key, no stale copies).
    code: str = ""

    def names(
        self, read: Callable[[Collection[str]], Iterable[PlainRow]]
    ) -> Callable[[Collection[str]], Iterable[PlainRow]]:
        """``Evidence.names`` from the kept labels; ``read`` (the index) when a node is
        not among them (never, when ``named_nodes`` holds)."""

        def names(iris: Collection[str]) -> Iterator[PlainRow]:
            if any(i not in self.labels for i in iris):
                yield from read(iris)
                return
            for iri in sorted(iris):  # the order of ``rows_where`` by node
                for label, graphs in self.labels[iri].items():
                    for g in graphs:
                        yield (iri, SKOS_PREF_LABEL, label, g)

        return names


def named_nodes(rows: Iterable[PlainRow], therapies: Collection[str]) -> set[str]:
    """Every node that may get names in a build from ``rows`` on some day (any set of
    visible graphs): the nodes with a row other than an other name (vocabulary names,
    MeSH ids, curated links), and a superset of those ``cliques._involved`` may want,
    taken with every row visible: the nodes with an INN among their other names or
    whose other names open a therapy node or a vocabulary name (and those nodes), the
    ends of curated links and the "-cel" keys. A node aligned to MeSH is kept whatever
    its descriptors (one descriptor on a day may be two on another)."""
    vocab: dict[str, set[str]] = defaultdict(set)  # every node a vocabulary name may open
    out: set[str] = {t for t in therapies if _CEL_KEY.search(t)}
    pairs = {(r[0], r[2]) for r in rows if r[1] == SKOS_ALT_LABEL}  # (node, other name)
    for e, p, v, g in [r for r in rows if r[1] != SKOS_ALT_LABEL]:
        if e is None or v is None or g is None:
            continue  # (``cliques._add_rows`` skips a row with a None)
        out.add(e)
        if p == SKOS_PREF_LABEL:
            vocab[normalise_name(v)].add(e)
        elif v in therapies:  # a curated link's end (any graph: a superset)
            out.add(v)
    aliases: dict[str, set[str]] = defaultdict(set)
    for e, v in pairs:
        if e is not None and v is not None:
            aliases[e].add(v)
    opened: dict[str, tuple[set[str], bool]] = {}  # an other name -> (nodes, INN)
    for iri, names in aliases.items():
        targets: set[str] = set()
        inn = False
        for a in names:
            hit = opened.get(a)
            if hit is None:
                t = therapy_iri(a)
                nodes = vocab.get(normalise_name(a), set()) | ({t} if t in therapies else set())
                hit = opened[a] = (nodes, name_kind(a) == "inn")
            targets |= hit[0]
            inn = inn or hit[1]
        if targets - {iri}:
            out |= targets | {iri}
        elif inn:
            out.add(iri)
    return out


LabelRead = dict[str, list[tuple[str, str]]]  # node -> (label, graph) rows read already


def day_evidence(
    rows: Sequence[PlainRow],
    therapies: Collection[str],
    labels: Callable[[list[str]], Iterable[Tuple]],
    read: LabelRead | None = None,
) -> DayEvidence:
    """The rows and labels a build on any day reads (``labels``: the label rows of the
    given nodes, by node; ``read``: those of some nodes, read by today's build)."""
    keep = named_nodes(rows, therapies)
    kept = [r for r in rows if r[0] in keep and r[2] is not None and r[3] is not None]
    # One object per distinct string: pickled once, read back several times faster (at
    # 600,000 studies 25 MB and 0.28 s to load with a copy per row, 8 MB and 0.02 s).
    one: dict[str | None, str | None] = {}
    same = one.setdefault
    shared: list[PlainRow] = [
        (same(e, e), same(p, p), same(v, v), same(g, g)) for e, p, v, g in kept
    ]
    # A node the vocabulary names is never wanted while the vocabulary is visible (it
    # always is): its names are not kept (fludarabine's are 42,000 rows at 600,000
    # studies), and a build that hides the vocabulary reads names from the index.
    named = {r[0] for r in kept if r[1] == SKOS_PREF_LABEL and r[3] in BACKGROUND}
    by_node: dict[str, dict[str, list[str]]] = {i: {} for i in keep - named}
    read = read or {}
    found = ((e, lg) for e in by_node if e in read for lg in read[e])
    todo = sorted(e for e in by_node if e not in read)
    more = ((str(e), (str(label), str(g))) for e, label, g in labels(todo))
    for e, (label, g) in itertools.chain(found, more):
        by_node[e].setdefault(label, []).append(str(same(g, g)))
    return DayEvidence(shared, by_node, _code())


def _code() -> str:
    return view_cache.files_digest(__file__)


def keep_for_days(
    conn: sqlite3.Connection,
    now: str,
    rows: Sequence[PlainRow],
    therapies: Collection[str],
    read: LabelRead,
) -> None:
    """Keep what a build on any day reads, with today's cliques (built from ``rows``,
    having read the labels ``read``), under today's stamp ``now``. An answer as of a
    day keeps nothing itself: this is the one time every evidence row is read anyway."""
    day = day_evidence(rows, therapies, lambda iris: rows_where(conn, "labels", "e", iris), read)
    view_cache.write_value(conn, _KEY, day, now)


def cliques_on_day(
    conn: sqlite3.Connection,
    now: str | None,
    therapies: set[str],
    visible: Callable[[str], bool],
    full: Callable[[], Cliques],
) -> Cliques:
    """The cliques of the graphs ``visible`` on a day, from the rows kept for days with
    today's cliques under today's stamp ``now``; ``full()`` (a build from every row)
    when none are kept (today's cliques kept by other code, or no stamp)."""
    day = view_cache.read_value(conn, _KEY, now)
    if not isinstance(day, DayEvidence) or day.code != _code():
        return full()

    def labels(iris: Collection[str]) -> Iterator[PlainRow]:
        for e, label, g in rows_where(conn, "labels", "e", sorted(iris)):
            yield (e, SKOS_PREF_LABEL, label, g)

    return build_cliques(Evidence(day.rows, therapies, day.names(labels)), visible)
