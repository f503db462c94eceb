"""Names resolve to what they say: an exact name opens the entity of that name, never
another entity that merely lists the same words among its aliases."""

from __future__ import annotations

from pathlib import Path

from conftest import make_trial

from tlkg.graph.rdf.triples import record_triples
from tlkg.graph.services.catalog import show_therapy
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import TherapyRef
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

EMPTY = load_vocabulary([])


def _store(records: list[TherapyRef], vocab: Vocabulary) -> OxigraphStore:
    store = OxigraphStore(None)
    store.ensure_vocabulary(vocab)
    for i, ref in enumerate(records, 1):
        rec = make_trial(f"NCT0910000{i}", content_hash=f"h{i}", therapies=[ref])
        store.replace_source(record_triples(rec))
    return store


def test_an_exact_name_wins_over_another_therapys_alias() -> None:
    # A registry record lists the partner drug of a combination among an intervention's
    # other names ("Adagrasib", other names "MRTX849", "Zentrolimab"): that alias must not
    # capture the name of the therapy that really is called so.
    store = _store(
        [
            TherapyRef(key="adagrasib", name="Adagrasib", aliases=["MRTX849", "Zentrolimab"]),
            TherapyRef(key="zentrolimab", name="Zentrolimab"),
        ],
        EMPTY,
    )
    for asked in ("Zentrolimab", "zentrolimab", "ZENTROLIMAB"):
        assert show_therapy(store, EMPTY, asked).id == "zentrolimab", asked
    assert show_therapy(store, EMPTY, "MRTX849").id == "adagrasib"  # a real alias still works
    assert show_therapy(store, EMPTY, "Adagrasib").id == "adagrasib"


def test_an_alias_alone_still_opens_its_therapy() -> None:
    store = _store([TherapyRef(key="velbrutinib", name="Velbrutinib", aliases=["VB-101"])], EMPTY)
    assert show_therapy(store, EMPTY, "vb-101").id == "velbrutinib"


def test_the_registrys_own_wording_finds_the_therapy_without_becoming_an_alias(
    tmp_path: Path,
) -> None:
    # Real records: "K-877 0.2 mg/day (once daily)" and "K-877 0.4 mg/day (once daily)".
    from tlkg.graph.ingest.pipeline import load
    from tlkg.graph.services.search import search

    fixture = Path(__file__).parent / "fixtures" / "ctgov" / "v2-mixed-june-2023-4.json"
    vocab = load_vocabulary([])
    store = OxigraphStore(None)
    load(store, [fixture], vocab, workers=1)
    shown = show_therapy(store, vocab, "K-877 0.2 mg/day (once daily)")
    assert show_therapy(store, vocab, "k-877 0.4 MG/DAY (once daily)").id == shown.id
    assert not any("mg/day" in a for a in shown.aliases)
    hits = search(store, vocab, "K-877 0.4 mg/day (once daily)")
    assert hits[0].id == shown.id and hits[0].score == 100.0
