"""Facts laid out rather than written (``tlkg.loaders.text.layouts`` and ``layout_facts``):
a "label: value" box and a table give a product's developers, targets and indications, each
with the line it is read from as its evidence. Programmes and companies are made up."""

from __future__ import annotations

import pytest
from conftest import relation_pairs

from tlkg.loaders.text import extract
from tlkg.loaders.text.layouts import label_blocks, tables
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


BOX = (
    "Brantwood's T-cell therapy approved\n"
    "The FDA approved temvoleucel for CMV infection after transplant.\n"
    "Key facts\n"
    "- Product: Virtexa (temvoleucel, BWC-12)\n"
    "- Developers: Brantwood Cell Sciences; Oakhurst Research Institute\n"
    "- Target: CD19\n"
    "- Dosing: one infusion\n"
    "Virtexa will be available at 40 centres.\n"
)

TABLE = (
    "Lp(a) drugs in development\n"
    "Ordway's siRNA joins a crowded field.\n"
    "| Drug | Developer | Target | Most advanced trial |\n"
    "|---|---|---|---|\n"
    "| zorlasiran | Harwick Pharma (licensed from Ionis) | CD38 | phase 3 |\n"
    "| velmisiran | Teller Bio | CD20 | phase 2 |\n"
    "Analysts expect a decision in 2027.\n"
)


def test_a_box_gives_its_products_developers_and_target(vocab: Vocabulary) -> None:
    developers = relation_pairs(BOX, vocab, "developed_by")
    assert {
        ("temvoleucel", "brantwood-cell-sciences"),
        ("temvoleucel", "oakhurst-research-institute"),
    } <= developers
    assert ("temvoleucel", "cd19") in relation_pairs(BOX, vocab, "has_target")


def test_a_table_gives_one_product_per_row(vocab: Vocabulary) -> None:
    developers = relation_pairs(TABLE, vocab, "developed_by")
    assert ("zorlasiran", "harwick-pharma") in developers
    assert ("velmisiran", "teller-bio") in developers
    assert ("zorlasiran", "teller-bio") not in developers
    targets = relation_pairs(TABLE, vocab, "has_target")
    assert {("zorlasiran", "cd38"), ("velmisiran", "cd20")} <= targets
    assert ("zorlasiran", "cd20") not in targets


def test_the_evidence_is_the_line_read(vocab: Vocabulary) -> None:
    ex = extract.extract(TABLE, vocab, has_title=True)
    rel = next(
        r for r in ex.relations if r.kind == "developed_by" and r.subject.key == "velmisiran"
    )
    assert rel.evidence.sentence.strip() == "| velmisiran | Teller Bio | CD20 | phase 2 |"


def test_layouts_are_read_as_spans() -> None:
    blocks = label_blocks("Title\n- Brand name: Zephrava\n- INN: X\nProse.\nA: B\n")
    assert [[f.label for f in b] for b in blocks] == [["Brand name", "INN"], ["A"]]
    found = tables("x\n| a | b |\n|---|---|\n| c | d |\nend\n")
    assert found[0].header == ["a", "b"] and len(found[0].rows) == 1


def test_family_pairs_blocking_verbs_and_prior_therapy_targets(vocab: Vocabulary) -> None:
    text = (
        "News\n"
        "Zalbociclib is a CDK4/6 inhibitor. Vorakimig blocks TSLP and IL-13. Velmab is "
        "active against AML.\n"
        "In patients who progressed on or after a BTK inhibitor, selvatinib shrank tumours.\n"
    )
    targets = relation_pairs(text, vocab, "has_target")
    assert {
        ("zalbociclib", "cdk4"),
        ("zalbociclib", "cdk6"),
        ("vorakimig", "tslp"),
        ("vorakimig", "il-13"),
    } <= targets
    assert not {t for t in targets if t[0] == "velmab"}
    assert ("selvatinib", "btk") not in targets


def test_an_approval_adjective_qualifies_the_names_after_it(vocab: Vocabulary) -> None:
    text = (
        "News\n"
        "Harrowgate is also developing HRX-618, an oral degrader of BCL-2, the protein blocked "
        "by the approved BCL-2 inhibitor venetoclax (Venclexta).\n"
        "Patients receive zalbrutideg or the approved fixed-duration regimen of venetoclax "
        "and obinutuzumab.\n"
    )
    phases = relation_pairs(text, vocab, "has_phase")
    assert ("venetoclax", "approved") in phases and ("obinutuzumab", "approved") in phases
    assert ("hrx-618", "approved") not in phases
    assert ("zalbrutideg", "approved") not in phases
