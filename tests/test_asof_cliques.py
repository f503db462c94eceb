"""Cliques as of a day from the evidence rows kept for days (``services/day_cliques.py``)
equal a full rebuild from every row: on random evidence with random sets of visible
graphs (``cliques.build`` itself, every field and the order of every dict), and on
random stores under random writes (archived record versions included) on random days,
with the rows kept with today's cliques and without them (a full build). A shortcut that drops
a row that can matter on some day fails here (``test_a_wrong_shortcut_is_caught``)."""

from __future__ import annotations

import copy
import random
import sqlite3
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from analysis_fixture import VOCAB
from test_analysis_index import OTHERS, STUDIES, World

from tlkg.graph.analysis import maintain
from tlkg.graph.analysis.rows import all_rows, rows_where
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.services import day_cliques, facts, view_cache
from tlkg.graph.services.cliques import EVIDENCE, Cliques, Evidence, build, therapy_iri
from tlkg.graph.services.records import BACKGROUND
from tlkg.graph.services.records import VOCAB as VOCAB_GRAPH
from tlkg.graph.services.sqlite_facts import SqliteFacts
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.namespace import (
    OWL_DIFFERENT_FROM,
    OWL_SAME_AS,
    SKOS_ALT_LABEL,
    SKOS_PREF_LABEL,
    entity_iri_text,
    tlkg_iri,
)

Row = tuple[str | None, ...]
NAMES = [
    "pembrolizumab", "Keytruda", "MK-3475", "nivolumab", "Opdivo", "BMS-936558",
    "idecabtagene vicleucel", "ide-cel", "Abecma", "ciltacabtagene autoleucel", "cilta-cel",
    "cilta-cel", "tisagenlecleucel", "tisa-cel", "Doxorubicin", "Doxorubicin Hydrochloride",
    "liposomal doxorubicin", "pegylated liposomal doxorubicin", "azacitidine", "Azacytidine",
    "azactidine", "fludarabine", "zorbatinib", "ZB-101", "Zorbex", "quexatamab", "QX-7",
    "quexatamab-abcd", "velocabtagene autoleucel", "velo-cel", "VC-19", "brimotinib",
    "Brimotinib Mesylate", "BR-55", "cyclophosphamide", "placebo", "standard of care",
]  # fmt: skip
# Names of one therapy: a study's other names are mostly taken from its name's family.
FAMILIES = [
    ["pembrolizumab", "Keytruda", "MK-3475"], ["nivolumab", "Opdivo", "BMS-936558"],
    ["idecabtagene vicleucel", "ide-cel", "Abecma"], ["ciltacabtagene autoleucel", "cilta-cel"],
    ["tisagenlecleucel", "tisa-cel"], ["Doxorubicin", "Doxorubicin Hydrochloride"],
    ["azacitidine", "Azacytidine", "azactidine"], ["zorbatinib", "ZB-101", "Zorbex"],
    ["quexatamab", "QX-7", "quexatamab-abcd"], ["velocabtagene autoleucel", "velo-cel", "VC-19"],
    ["brimotinib", "Brimotinib Mesylate", "BR-55"],
]  # fmt: skip
NOISE = ["ABC-123", "best supportive care", "Arm A drug", "XYZ 99", "lymphodepletion"]
MESH = tlkg_iri("meshId")


def canon(c: Cliques) -> list[Any]:
    """Every field of the cliques, each dict as its items in order."""
    return [
        list(c._leader.items()),
        list(c._members.items()),
        list(c.merges.items()),
        list(c.refused.items()),
        list(c.ingredient.items()),
        list(c.ingredient_evidence.items()),
        list(c.display.items()),
    ]


def labels_of(table: list[tuple[str, str, str]]) -> Callable[[Collection[str]], Iterator[Row]]:
    """Label rows of given nodes in the order the index gives them (by node, then row)."""

    def read(iris: Collection[str]) -> Iterator[Row]:
        wanted = set(iris)
        for e in sorted(wanted):
            yield from ((x, label, g) for x, label, g in table if x == e)

    return read


def as_names(read: Callable[[Collection[str]], Iterator[Row]]) -> Callable[..., Iterator[Row]]:
    def names(iris: Collection[str]) -> Iterator[Row]:
        for e, label, g in read(iris):
            yield (e, SKOS_PREF_LABEL, label, g)

    return names


def random_evidence(
    rng: random.Random,
) -> tuple[list[Row], set[str], list[tuple[str, str, str]], list[str]]:
    """Evidence rows, therapy nodes, label rows and graphs of a random view."""
    graphs = [f"https://example.org/graph/{i}" for i in range(rng.randint(2, 12))]
    names = rng.sample(NAMES, rng.randint(4, len(NAMES)))
    nodes = [therapy_iri(n) for n in names] + [
        entity_iri_text("therapy", f"n{i}") for i in range(rng.randint(0, 6))
    ]
    therapies = {n for n in nodes if rng.random() < 0.9}
    pick = rng.choice
    mesh: list[Row] = []
    for _ in range(rng.randint(0, 10)):
        mesh.append((pick(nodes), MESH, pick(["D1", "D2", "D3"]), pick(graphs)))
    aliases: list[Row] = []
    for _ in range(rng.randint(0, 60)):
        alias = pick(NAMES + NOISE) if rng.random() < 0.7 else pick(NAMES).upper()
        aliases.append((pick(nodes), SKOS_ALT_LABEL, alias, pick([*graphs, VOCAB_GRAPH])))
    vocab: list[Row] = []
    for _ in range(rng.randint(0, 6)):
        g = VOCAB_GRAPH if rng.random() < 0.8 else pick(graphs)
        p = pick([SKOS_PREF_LABEL, SKOS_PREF_LABEL, OWL_SAME_AS, OWL_DIFFERENT_FROM])
        v = pick(names) if p == SKOS_PREF_LABEL else pick(nodes)
        vocab.append((pick(nodes), p, v, g))
    if rng.random() < 0.2:
        aliases.append((None, SKOS_ALT_LABEL, pick(NAMES), pick(graphs)))
    labels: list[tuple[str, str, str]] = []
    for node, name in zip(nodes, names + [f"drug {i}" for i in range(6)], strict=False):
        for g in rng.sample(graphs, rng.randint(0, len(graphs))):
            labels.append((node, name, g))
        if rng.random() < 0.3:
            labels.append((node, pick(NAMES), pick(graphs)))
    rng.shuffle(labels)
    return mesh + aliases + vocab, therapies, labels, graphs


@pytest.mark.parametrize("seed", range(300))
def test_kept_rows_build_the_cliques_of_every_row(seed: int) -> None:
    rng = random.Random(seed)
    rows, therapies, table, graphs = random_evidence(rng)
    read = labels_of(table)
    # Some nodes' labels as today's build read them (the rest read for the kept rows).
    some = {e for e, _, _ in table if rng.random() < 0.5}
    known: dict[str, list[tuple[str, str]]] = {}
    for e, label, g in read(some):
        known.setdefault(str(e), []).append((str(label), str(g)))
    day = day_cliques.day_evidence(rows, therapies, read, known)
    for _ in range(4):
        shown = set(rng.sample(graphs, rng.randint(0, len(graphs))))
        if rng.random() < 0.8:
            shown |= BACKGROUND

        def visible(g: str, shown: set[str] = shown) -> bool:
            return g in shown

        full = build(Evidence(rows, therapies, as_names(read)), visible)  # type: ignore[arg-type]
        kept = build(Evidence(day.rows, therapies, day.names(as_names(read))), visible)
        assert canon(kept) == canon(full), f"seed {seed}, visible {sorted(shown)}"


def test_a_wrong_shortcut_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeping only the rows of nodes named in the vocabulary (leaving out the nodes a
    build wants names of) changes some cliques: the comparison above would fail."""
    base = day_cliques.named_nodes

    def fewer(rows: Any, therapies: Any) -> set[str]:
        return {r[0] for r in rows if r[1] == SKOS_PREF_LABEL} & base(rows, therapies)

    monkeypatch.setattr(day_cliques, "named_nodes", fewer)
    caught = 0
    for seed in range(60):
        rng = random.Random(seed)
        rows, therapies, table, _graphs = random_evidence(rng)
        read = labels_of(table)
        day = day_cliques.day_evidence(rows, therapies, read)
        full = build(Evidence(rows, therapies, as_names(read)), lambda g: True)  # type: ignore[arg-type]
        kept = build(Evidence(day.rows, therapies, day.names(as_names(read))), lambda g: True)
        caught += canon(kept) != canon(full)
    assert caught


def full_rebuild(f: SqliteFacts) -> Cliques:
    """The cliques of ``f``'s day from every evidence row (what ``SqliteFacts`` built
    before the rows were kept for days)."""
    conn: sqlite3.Connection = f.conn
    rows = list(all_rows(conn, "evidence", EVIDENCE, order="rank, rowid"))
    therapies = {str(e) for (e,) in conn.execute("SELECT DISTINCT e FROM nodes")}

    def names(iris: Collection[str]) -> Iterator[Row]:
        for e, label, g in rows_where(conn, "labels", "e", sorted(iris)):
            yield (e, SKOS_PREF_LABEL, label, g)

    return build(Evidence(rows, therapies, names), f.visible)


RECORD = Path(__file__).resolve().parent.parent / "tlkg/demo/trials/NCT02650414.json"
MESH_IDS = {
    "doxorubicin": "D004317", "azacitidine": "D001374", "azacytidine": "D001374",
    "zorbatinib": "C000001", "zb-101": "C000001", "mesylate": "C000002", "brimotinib": "C000002",
}  # fmt: skip


def study(nct: str, posted: str, start: str, rng: random.Random) -> dict[str, Any]:
    """The demo record as another study: random interventions, their other names and
    MeSH terms, start and last update posted dates (a later one is a new version)."""
    s = copy.deepcopy(orjson.loads(RECORD.read_bytes()))
    ps = s["protocolSection"]
    ps["identificationModule"]["nctId"] = nct
    status = ps["statusModule"]
    status["lastUpdatePostDateStruct"] = {"date": posted, "type": "ACTUAL"}
    status["startDateStruct"] = {"date": start, "type": "ACTUAL"}
    status["studyFirstPostDateStruct"] = {"date": start, "type": "ACTUAL"}
    interventions, meshes = [], []
    for name in rng.sample(NAMES, rng.randint(1, 3)):
        family = next((f for f in FAMILIES if name in f), [name])
        pool = family if rng.random() < 0.8 else NAMES + NOISE
        other = [n for n in rng.sample(pool, min(len(pool), rng.randint(0, 2))) if n != name]
        interventions.append({"type": "DRUG", "name": name, "otherNames": other})
        key = name.lower().split()[-1]
        if key in MESH_IDS and rng.random() < 0.7:
            meshes.append({"id": MESH_IDS[key], "term": name})
    ps["armsInterventionsModule"] = {"interventions": interventions}
    s["derivedSection"] = {"interventionBrowseModule": {"meshes": meshes}}
    return s


def random_store(path: Path, folder: Path, rng: random.Random) -> OxigraphStore:
    """An indexed store of random studies loaded in a few batches, some of them later
    versions of studies loaded before (archived graphs, visible on their days)."""
    store = OxigraphStore(path)
    maintain.reindex(store)
    maintain.attach(store)
    ids = [f"NCT0{9400000 + i}" for i in range(rng.randint(8, 20))]
    for batch in range(rng.randint(2, 4)):
        paths = []
        for nct in rng.sample(ids, rng.randint(1, len(ids))):
            posted = f"{2015 + 2 * batch + rng.randint(0, 1)}-0{rng.randint(1, 9)}-10"
            start = f"{rng.randint(2008, 2024)}-0{rng.randint(1, 9)}-01"
            target = folder / str(batch) / f"{nct}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(orjson.dumps(study(nct, posted, start, rng)))
            paths.append(target)
        load(store, paths, VOCAB, workers=1)
    return store


@pytest.mark.parametrize("seed", range(6))
def test_cliques_of_random_stores_as_of_a_day_equal_a_full_rebuild(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    store = random_store(tmp_path / "store", tmp_path / "studies", rng)
    try:
        days = [f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-15" for _ in range(6)]
        for i, day in enumerate(days):
            if i == 2:  # today's cliques keep the rows for days (before: a full build)
                facts.facts_for(store).cliques()
            f = facts.facts_for(store, day)
            assert isinstance(f, SqliteFacts)
            kept = view_cache.read_value(f.conn, day_cliques._KEY, view_cache.stamp(f.conn))
            assert isinstance(kept, day_cliques.DayEvidence) == (i >= 2)
            assert canon(f.cliques()) == canon(full_rebuild(f)), f"as of {day} (seed {seed})"
    finally:
        store.close()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_cliques_as_of_a_day_equal_a_full_rebuild(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    world = World(tmp_path / "store", tmp_path / "changed", rng)
    try:
        load(world.store, rng.sample(STUDIES, 6) + rng.sample(OTHERS, 3), VOCAB, workers=1)
        for _ in range(5):
            op = world.step()
            if rng.random() < 0.7:  # today's cliques, and the rows kept for days with them
                facts.facts_for(world.store).cliques()
            days = [f"{rng.randint(2008, 2025)}-{rng.randint(1, 12):02d}-15" for _ in range(3)]
            for day in days:
                f = facts.facts_for(world.store, day)
                assert isinstance(f, SqliteFacts)
                got = canon(f.cliques())
                assert got == canon(full_rebuild(f)), f"after {op} as of {day} (seed {seed})"
    finally:
        world.store.close()
