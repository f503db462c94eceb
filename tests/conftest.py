"""Shared fixtures: the seed vocabulary, throwaway stores, and small typed records."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.loaders.records import (
    Arm,
    IndicationRef,
    Organization,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.ontology.vocab import Vocabulary, load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return load_vocabulary()


@pytest.fixture
def mem_store(vocab: Vocabulary) -> OxigraphStore:
    store = OxigraphStore(None)
    store.ensure_vocabulary(vocab)
    return store


def make_trial(
    nct: str = "NCT09000001",
    *,
    date: str = "2024-01-15",
    content_hash: str = "h1",
    therapies: list[TherapyRef] | None = None,
    arms: list[Arm] | None = None,
    indications: list[IndicationRef] | None = None,
    phases: list[str] | None = None,
    status: str = "RECRUITING",
) -> TrialRecord:
    return TrialRecord(
        source=SourceMeta(
            id=nct,
            kind="trial",
            title=f"Trial {nct}",
            date=date,
            content_hash=content_hash,
            loader="test",
            loader_version="1",
            url=f"https://clinicaltrials.gov/study/{nct}",
        ),
        nct_id=nct,
        brief_title=f"Trial {nct}",
        overall_status=status,
        phases=phases if phases is not None else ["PHASE2"],
        lead_sponsor=Organization(key="acme-bio", name="Acme Bio", org_class="INDUSTRY"),
        indications=indications
        if indications is not None
        else [IndicationRef(key="multiple-myeloma", name="multiple myeloma")],
        therapies=therapies
        if therapies is not None
        else [TherapyRef(key="idecabtagene-vicleucel", name="idecabtagene vicleucel")],
        arms=arms or [],
    )


def load_module(name: str, path: Path) -> ModuleType:
    """A Python file that is not part of the package (an evaluation or benchmark script)
    imported as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_tlkg(store: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """``tlkg --store STORE ARGS`` through the entry point, in a new process; with ``ok``
    it must succeed."""
    proc = subprocess.run(
        [sys.executable, "-m", "tlkg", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def relation_pairs(text: str, vocab: Vocabulary, kind: str) -> set[tuple[str, str]]:
    """(subject key, object key) of each ``kind`` relation the extractor finds in
    ``text`` (its first line read as the title)."""
    from tlkg.loaders.text.extract import extract

    out = extract(text, vocab, has_title=True)
    return {(r.subject.key, r.object.key) for r in out.relations if r.kind == kind}
