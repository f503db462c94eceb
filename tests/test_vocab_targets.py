"""Targets the seed vocabulary names as articles write them (MET, mesothelin, folate
receptor alpha, ...), and short symbols that are also English words ("MET", "met")."""

from __future__ import annotations

import pytest

from tlkg.loaders.text import extract
from tlkg.loaders.text.mentions import _case_sensitive
from tlkg.ontology import concepts as C
from tlkg.ontology.vocab import Vocabulary, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def targets(text: str, vocab: Vocabulary) -> set[str]:
    return {m.key for m in extract.extract(text, vocab).mentions if m.kind == "target"}


def has_target(text: str, vocab: Vocabulary) -> set[tuple[str, str]]:
    rels = extract.extract(text, vocab).relations
    return {(r.subject.key, r.object.key) for r in rels if r.kind == "has_target"}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("MET", "met"),
        ("c-Met", "met"),
        ("c-MET", "met"),
        ("hepatocyte growth factor receptor", "met"),
        ("mesothelin", "mesothelin"),
        ("MSLN", "mesothelin"),
        ("folate receptor alpha", "folate-receptor-alpha"),
        ("FRα", "folate-receptor-alpha"),
        ("FR-alpha", "folate-receptor-alpha"),
        ("FOLR1", "folate-receptor-alpha"),
        ("KRAS", "kras"),
        ("glypican-3", "gpc3"),
        ("CD276", "b7-h3"),
        ("DLL3", "dll3"),
        ("CD70", "cd70"),
        ("CD47", "cd47"),
    ],
)
def test_new_targets_resolve(vocab: Vocabulary, name: str, key: str) -> None:
    entry = vocab.resolve("target", name)
    assert entry is not None and entry.key == key


def test_new_targets_carry_no_external_ids(vocab: Vocabulary) -> None:
    for key in ("met", "mesothelin", "folate-receptor-alpha", "kras", "gpc3", "b7-h3", "dll3"):
        entry = vocab.get("target", key)
        assert entry is not None and not entry.mesh, key


@pytest.mark.parametrize(
    "text",
    [
        "The trial met the primary endpoint of progression-free survival.",
        "Met with caution by analysts, the data still lifted the shares.",
        "The Drug Met Its Goal In A Phase 3 Trial",
        "Investigators met twice with the agency before the filing.",
        "ACME'S LUNG CANCER DRUG MET ITS PRIMARY ENDPOINT\nThe company said so on Monday.",
    ],
)
def test_the_verb_met_is_no_target(vocab: Vocabulary, text: str) -> None:
    assert "met" not in targets(text, vocab)


def test_met_symbol_forms_are_case_sensitive(vocab: Vocabulary) -> None:
    entry = vocab.get("target", "met")
    assert entry is not None
    for form in entry.all_names:
        if form.casefold() in {"met", "c-met", "cmet", "hgfr"}:
            assert _case_sensitive(form, "target"), form


@pytest.mark.parametrize(
    "text",
    [
        "Patients with MET-amplified lung cancer received the drug.",
        "Tumours with high c-Met expression responded best.",
        "Capmatinib is a c-MET inhibitor for lung cancer.",
        "MET exon 14 skipping occurs in about 3% of lung cancers.",
    ],
)
def test_met_written_as_a_symbol_is_the_target(vocab: Vocabulary, text: str) -> None:
    assert "met" in targets(text, vocab)


def test_bispecific_antibody_against_egfr_and_met(vocab: Vocabulary) -> None:
    text = (
        "Amivantamab (Rybrevant), a bispecific antibody against EGFR and MET from "
        "Johnson & Johnson, is approved for exon 20 insertion disease."
    )
    got = extract.extract(text, vocab)
    assert {("amivantamab", "egfr"), ("amivantamab", "met")} <= has_target(text, vocab)
    (ami,) = [t for t in got.therapies if t.key == "amivantamab"]
    assert ami.modality == C.MONOCLONAL_ANTIBODY  # no T-cell arm: not an engager


def test_fr_alpha_directed_conjugate(vocab: Vocabulary) -> None:
    text = "Mirvetuximab soravtansine, an FRα-directed conjugate, is approved for ovarian cancer."
    assert ("mirvetuximab-soravtansine", "folate-receptor-alpha") in has_target(text, vocab)


def test_mesothelin_adc(vocab: Vocabulary) -> None:
    text = "ZX-402 is an antibody-drug conjugate that targets mesothelin (MSLN)."
    assert ("zx-402", "mesothelin") in has_target(text, vocab)


@pytest.mark.parametrize(
    "text",
    [
        "ZX-402 produced responses regardless of folate receptor alpha (FRα) expression.",
        "ZX-402 improved survival independently of FRα status.",
        "ZX-402 worked irrespective of FR-alpha levels.",
    ],
)
def test_a_biomarker_regardless_of_which_is_no_target(vocab: Vocabulary, text: str) -> None:
    assert "folate-receptor-alpha" in targets(text, vocab)
    assert not has_target(text, vocab)


def test_kras_mutant_forms_stay_their_own_targets(vocab: Vocabulary) -> None:
    text = "VX-0921 binds KRAS G12D. KRAS was long considered undruggable."
    assert {"kras-g12d", "kras"} <= targets(text, vocab)
    assert has_target(text, vocab) == {("vx-0921", "kras-g12d")}
