"""Names resolve to what they say: an exact name opens the entity of that name, never
another entity that merely lists the same words among its aliases."""

from __future__ import annotations

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
