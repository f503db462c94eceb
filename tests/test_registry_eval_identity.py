"""How the registry evaluations (``bench/entity_eval.py``, ``bench/competition_eval.py``)
tell one descriptor and one product apart, on the registry's own spellings. No store."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from conftest import load_module

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))  # competition_eval imports entity_eval by name
ev = load_module("tlkg_entity_eval_ids", BENCH / "entity_eval.py")
ce = load_module("tlkg_competition_eval_ids", BENCH / "competition_eval.py")


def test_one_spelling_per_mesh_id() -> None:
    # Exports write one descriptor as "D000011241" (graph_bigquery) or "D011241"
    # (trial-match-ai): without one spelling, Prednisone counted as two descriptors.
    assert ev.norm_mesh_id("D000011241") == ev.norm_mesh_id("D011241") == "D011241"
    assert ev.norm_mesh_id("C000628576") == "C628576"
    assert ev.norm_mesh_id("D016190") == "D016190"
    assert ev.norm_mesh_id("not an id") == "not an id"
    derived = {"interventionBrowseModule": {"meshes": [{"id": "D000011241", "term": "Prednisone"}]}}
    assert ev._meshes(derived, "interventionBrowseModule") == (("D011241", "Prednisone"),)


def _entry(name: str) -> SimpleNamespace:
    return SimpleNamespace(therapy=SimpleNamespace(name=name, id=name.casefold()))


def test_a_dosed_registered_name_is_its_product() -> None:
    # The designs key products by ``base`` ("Cisplatin 75mg/m2" is cisplatin), so a
    # competitor named "Cisplatin" is that comparator.
    assert ce.base("Cisplatin 75mg/m2") == "cisplatin"
    assert ce.base("Aflibercept, VEGF Trap-Eye(Eylea, BAY86-5321)_2 mg") == "aflibercept"
    assert ce.is_named(_entry("Cisplatin"), ce.Product("Cisplatin 75mg/m2"))
    assert not ce.is_named(_entry("Carboplatin"), ce.Product("Cisplatin 75mg/m2"))
