"""One node per real therapy: names that evidence says denote one thing are one answer
under a leader, with the evidence of every merge (``tlkg.graph.services.cliques``).

Each test runs on both fact layers (on demand and the warmed index); a merge must be
undone by removing its only evidencing source and by ``as_of`` before it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import make_trial
from fastapi.testclient import TestClient

from tlkg.api.app import create_app
from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services import catalog
from tlkg.graph.services.competition import competitors
from tlkg.graph.services.facts import forget, warm
from tlkg.graph.services.identity import resolve_identity
from tlkg.graph.services.search import search
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import IndicationRef, TherapyRef
from tlkg.ontology.vocab import Vocabulary, load_vocabulary
from tlkg.settings import Settings

EMPTY = load_vocabulary([])
AML = [IndicationRef(key="acute-myeloid-leukemia", name="acute myeloid leukemia")]


def _t(name: str, *, aliases: tuple[str, ...] = (), mesh: tuple[str, ...] = ()) -> TherapyRef:
    from tlkg.ontology.ids import slugify

    return TherapyRef(key=slugify(name), name=name, aliases=list(aliases), mesh_ids=list(mesh))


def _store(trials: list[tuple[str, str, list[TherapyRef]]], vocab: Vocabulary) -> OxigraphStore:
    """Trials as (NCT ID, date, therapies), each its own source graph."""
    store = OxigraphStore(None)
    store.ensure_vocabulary(vocab)
    for n, (nct, date, therapies) in enumerate(trials):
        rec = make_trial(nct, date=date, content_hash=f"h{n}", therapies=therapies, indications=AML)
        store.replace_source(record_triples(rec))
    return store


@pytest.fixture(params=["on-demand", "indexed"])
def layer(request: pytest.FixtureRequest) -> Iterator[str]:
    yield str(request.param)


def _ready(store: OxigraphStore, layer: str) -> OxigraphStore:
    if layer == "indexed":
        warm(store)
    return store


def _names(store: OxigraphStore, vocab: Vocabulary = EMPTY, as_of: str | None = None) -> list[str]:
    return [t.name for t in catalog.list_therapies(store, vocab, as_of=as_of)]


# The registry's MeSH descriptor of mitoxantrone, under three spellings of three records.
MITO = [
    ("NCT09200001", "2024-01-10", [_t("Mitoxantrone", mesh=("D008942",))]),
    ("NCT09200002", "2024-02-10", [_t("mitoxanthrone", mesh=("D008942",))]),
    ("NCT09200003", "2024-03-10", [_t("Mitoxantrone Hydrochloride", mesh=("D008942",))]),
]


def test_one_mesh_descriptor_is_one_therapy_led_by_the_inn(layer: str) -> None:
    store = _ready(_store(MITO, EMPTY), layer)
    assert _names(store) == ["Mitoxantrone"]
    shown = catalog.show_therapy(store, EMPTY, "mitoxanthrone")
    assert shown.id == "mitoxantrone"
    assert sorted(shown.trials) == ["NCT09200001", "NCT09200002", "NCT09200003"]
    assert {"mitoxanthrone", "Mitoxantrone Hydrochloride"} <= set(shown.aliases)
    assert shown.xrefs == ["MESH:D008942"]
    r = resolve_identity(store, EMPTY, "mitoxanthrone")
    assert r.matched.id == "mitoxanthrone" and r.leader.id == "mitoxantrone"
    assert r.members[0].id == "mitoxantrone" and len(r.members) == 3
    assert {e.kind for e in r.merges} == {"mesh"}
    assert all(e.detail == "MESH:D008942" and e.sources for e in r.merges)
    forget(store)


def test_removing_the_evidence_or_an_earlier_day_undoes_a_merge(layer: str) -> None:
    store = _ready(_store(MITO, EMPTY), layer)
    assert _names(store, as_of="2024-02-20") == ["Mitoxantrone"]
    assert _names(store, as_of="2024-01-20") == ["Mitoxantrone"]
    assert _names(store, as_of="2024-03-20") == ["Mitoxantrone"]
    store.remove_source("NCT09200001")
    assert _names(store) == ["Mitoxantrone Hydrochloride"]  # the INN beats a misspelling
    store.remove_source("NCT09200002")
    assert _names(store) == ["Mitoxantrone Hydrochloride"]
    forget(store)
    store = _ready(
        _store(
            [
                ("NCT09200011", "2024-01-10", [_t("Pemafibrate")]),
                ("NCT09200012", "2024-06-10", [_t("K-877 0.2 mg/day", aliases=("Pemafibrate",))]),
            ],
            EMPTY,
        ),
        layer,
    )
    assert _names(store) == ["Pemafibrate"]
    assert sorted(_names(store, as_of="2024-03-01")) == ["Pemafibrate"]
    store.remove_source("NCT09200011")
    # The code-named node alone is shown by the INN its record also calls it.
    assert _names(store) == ["Pemafibrate"]
    assert catalog.show_therapy(store, EMPTY, "K-877 0.2 mg/day").id == "k-877-0-2-mg-day"
    forget(store)


def test_as_of_before_the_evidencing_source_keeps_two_nodes(layer: str) -> None:
    # (invented names: the seed vocabulary knows pembrolizumab and MK-3475, and the merge
    # here must rest on the records alone)
    trials = [
        ("NCT09200021", "2024-01-10", [_t("Zorvalimab", mesh=("C582435",))]),
        ("NCT09200022", "2024-02-10", [_t("ZRV 900475")]),
        ("NCT09200023", "2024-06-10", [_t("ZR-3475", aliases=("ZRV 900475", "zorvalimab"))]),
    ]
    store = _ready(_store(trials, EMPTY), layer)
    assert _names(store) == ["Zorvalimab"]
    assert sorted(_names(store, as_of="2024-03-01")) == ["ZRV 900475", "Zorvalimab"]
    r = resolve_identity(store, EMPTY, "ZRV 900475")
    assert r.leader.id == "zorvalimab"
    assert {(e.kind, e.sources[0].id) for e in r.merges} == {("alias", "NCT09200023")}
    forget(store)


def test_two_different_inns_are_never_merged_by_an_alias(layer: str) -> None:
    # A record lists the partner drug of a combination arm among the other names.
    trials = [
        ("NCT09200031", "2024-01-10", [_t("Adagrasib", aliases=("MRTX849", "Zentrolimab"))]),
        ("NCT09200032", "2024-02-10", [_t("Zentrolimab")]),
        ("NCT09200033", "2024-03-10", [_t("MRTX849")]),
    ]
    store = _ready(_store(trials, EMPTY), layer)
    assert _names(store) == ["Adagrasib", "Zentrolimab"]
    r = resolve_identity(store, EMPTY, "Zentrolimab")
    assert [m.id for m in r.members] == ["zentrolimab"]
    assert [(e.kind, e.refused) for e in r.refused] == [("alias", "two different INNs")]
    assert catalog.show_therapy(store, EMPTY, "MRTX849").id == "adagrasib"
    forget(store)


def test_a_formulation_stays_apart_linked_to_its_ingredient(layer: str) -> None:
    trials = [
        ("NCT09200041", "2024-01-10", [_t("Daunorubicin", mesh=("D003630",))]),
        ("NCT09200042", "2024-02-10", [_t("Liposomal daunorubicin", mesh=("D003630",))]),
        ("NCT09200043", "2024-02-10", [_t("Daunorubicin hydrochloride", mesh=("D003630",))]),
    ]
    store = _ready(_store(trials, EMPTY), layer)
    assert _names(store) == ["Daunorubicin", "Liposomal daunorubicin"]
    r = resolve_identity(store, EMPTY, "liposomal daunorubicin")
    assert r.leader.id == "liposomal-daunorubicin"
    assert r.ingredient is not None and r.ingredient.id == "daunorubicin"
    assert [e.kind for e in r.merges] == ["formulation"]
    ingredient = resolve_identity(store, EMPTY, "daunorubicin hydrochloride")
    assert ingredient.leader.id == "daunorubicin"
    assert [f.id for f in ingredient.formulations] == ["liposomal-daunorubicin"]
    forget(store)


def test_a_cel_short_form_joins_its_car_t_inn(layer: str) -> None:
    trials = [
        ("NCT09200051", "2024-01-10", [_t("zorcabtagene autoleucel")]),
        ("NCT09200052", "2024-02-10", [_t("zor-cel")]),
        ("NCT09200053", "2024-02-10", [_t("zo-cel")]),  # two letters say too little: stays apart
    ]
    store = _ready(_store(trials, EMPTY), layer)
    assert _names(store) == ["zo-cel", "zorcabtagene autoleucel"]
    r = resolve_identity(store, EMPTY, "zor-cel")
    assert r.leader.id == "zorcabtagene-autoleucel"
    assert [e.kind for e in r.merges] == ["short_form"]
    forget(store)


def test_curated_same_as_and_not_same_as_win_over_evidence(layer: str, tmp_path: Path) -> None:
    path = tmp_path / "curation.toml"
    path.write_text(
        '[[therapy]]\nname = "doxorubicin"\nsame_as = ["Adriamycin"]\n'
        'not_same_as = ["Doxorubicin lipid complex"]\n',
        "utf-8",
    )
    vocab = load_vocabulary([path])
    trials = [
        ("NCT09200061", "2024-01-10", [_t("Adriamycin")]),
        ("NCT09200062", "2024-02-10", [_t("Doxorubicin lipid complex", mesh=("D004317",))]),
        ("NCT09200063", "2024-02-10", [_t("Doxorubicin", mesh=("D004317",))]),
    ]
    store = _ready(_store(trials, vocab), layer)
    assert _names(store, vocab) == ["doxorubicin", "Doxorubicin lipid complex"]
    r = resolve_identity(store, vocab, "Adriamycin")
    assert r.leader.id == "doxorubicin"
    assert {e.kind for e in r.merges} == {"curated"}
    assert [e.refused for e in r.refused] == ["the vocabulary says not_same_as"]
    forget(store)


def test_members_are_not_competitors_and_search_finds_the_leader(layer: str) -> None:
    trials = [
        ("NCT09200071", "2024-01-10", [_t("Mitoxantrone", mesh=("D008942",)), _t("Venetoclax")]),
        ("NCT09200072", "2024-02-10", [_t("mitoxanthrone", mesh=("D008942",))]),
    ]
    store = _ready(_store(trials, EMPTY), layer)
    names = [c.therapy.name for c in competitors(store, EMPTY, "mitoxanthrone")]
    assert names and "mitoxanthrone" not in names and "Mitoxantrone" not in names
    hits = [h for h in search(store, EMPTY, "mitoxanthrone") if h.type == "therapy"]
    assert hits[0].id == "mitoxantrone" and len({h.id for h in hits}) == len(hits)
    forget(store)


def test_resolve_on_the_command_line_and_over_http(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    store = OxigraphStore(store_dir)
    store.ensure_vocabulary(load_vocabulary([]))
    for n, (nct, date, therapies) in enumerate(MITO):
        rec = make_trial(nct, date=date, content_hash=f"h{n}", therapies=therapies, indications=AML)
        store.replace_source(record_triples(rec))
    store.close()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tlkg",
            "--store",
            str(store_dir),
            "resolve",
            "mitoxanthrone",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["leader"]["id"] == "mitoxantrone" and out["matched"]["id"] == "mitoxanthrone"
    assert {m["kind"] for m in out["merges"]} == {"mesh"}
    assert out["merges"][0]["sources"][0]["id"].startswith("NCT092000")
    text = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store_dir), "resolve", "mitoxanthrone"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert text.returncode == 0 and "by mesh: MESH:D008942" in text.stdout
    with TestClient(create_app(Settings(store=str(store_dir)))) as client:
        res = client.get("/api/resolve", params={"name": "Mitoxantrone Hydrochloride"})
        assert res.status_code == 200
        assert res.json()["leader"]["id"] == "mitoxantrone"
        assert client.get("/api/therapies/mitoxanthrone").json()["id"] == "mitoxantrone"
        missing = client.get("/api/resolve", params={"name": "no such drug"})
        assert missing.status_code == 404
