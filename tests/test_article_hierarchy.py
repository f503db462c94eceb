"""A disease an article names more narrowly than one the vocabulary knows ("relapsed or
refractory follicular lymphoma") lies under it in the graph, so the broader disease's
landscape reaches the programme; the link is the article's and goes with it. Through the
CLI entry point, on a real on-disk store."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_tlkg as tlkg

ARTICLE = """Ebbridge reports data for narvotamig
Published: December 5, 2026

Ebbridge Bio said narvotamig (EBB-1102), a CD20xCD3 bispecific antibody, shrank tumours \
in patients with relapsed or refractory follicular lymphoma in a phase 2 study.
"""


def landscape_ids(store: Path, name: str) -> set[str]:
    answer = json.loads(tlkg(store, "landscape", name, "--json").stdout)
    return {t["therapy"]["id"] for g in answer["groups"] for t in g["therapies"]}


def test_the_broader_disease_reaches_the_narrower_ones_programmes(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "narvotamig.txt").write_text(ARTICLE, "utf-8")
    store = tmp_path / "store"
    tlkg(store, "load", str(articles))
    assert "narvotamig" in landscape_ids(store, "follicular lymphoma")
    assert "narvotamig" in landscape_ids(store, "relapsed or refractory follicular lymphoma")
    sources = json.loads(tlkg(store, "sources", "--json").stdout)
    ids = [s["id"] for s in (sources["sources"] if isinstance(sources, dict) else sources)]
    tlkg(store, "remove", *ids)
    assert "narvotamig" not in landscape_ids(store, "follicular lymphoma")
