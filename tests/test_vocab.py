"""The seed vocabulary and users' own vocabulary files (tlkg/ontology/vocab.py, seed.toml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tlkg.ontology.concepts import MODALITIES
from tlkg.ontology.ids import normalise_name
from tlkg.ontology.vocab import KINDS, Vocabulary, VocabularyError, load_vocabulary


@pytest.fixture(scope="module")
def seed() -> Vocabulary:
    return load_vocabulary()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the seed loads and is well formed ---------------------------------------------


def test_seed_loads_with_every_kind(seed: Vocabulary) -> None:
    assert seed.files == ["tlkg/ontology/seed.toml"]
    for kind in KINDS:
        assert seed.entries[kind], f"no {kind} entries in the seed"
    assert len(seed) == sum(len(seed.entries[k]) for k in KINDS)


def test_every_therapy_has_a_known_modality(seed: Vocabulary) -> None:
    for entry in seed.entries["therapy"].values():
        assert entry.modality in MODALITIES, entry.name


def test_references_point_at_existing_entries(seed: Vocabulary) -> None:
    for therapy in seed.entries["therapy"].values():
        for key in therapy.targets:
            assert key in seed.entries["target"], (therapy.name, key)
        for key in therapy.indications + therapy.approved_for:
            assert key in seed.entries["indication"], (therapy.name, key)
        for key in therapy.developers:
            assert key in seed.entries["organization"], (therapy.name, key)
    for indication in seed.entries["indication"].values():
        for key in indication.broader:
            assert key in seed.entries["indication"], (indication.name, key)
    for org in seed.entries["organization"].values():
        if org.acquired_by is not None:
            assert org.acquired_by in seed.entries["organization"], org.name


def test_approved_for_within_indications_or_narrower(seed: Vocabulary) -> None:
    for therapy in seed.entries["therapy"].values():
        allowed = set(therapy.indications)
        for key in therapy.approved_for:
            lineage = {key, *seed.ancestors("indication", key)}
            assert lineage & allowed, f"{therapy.name}: approved for {key} outside its indications"


def test_indication_hierarchy_has_no_cycles(seed: Vocabulary) -> None:
    for key in seed.entries["indication"]:
        assert key not in seed.ancestors("indication", key)


def test_no_ambiguous_short_or_common_word_aliases(seed: Vocabulary) -> None:
    banned = {"all", "mm", "mg", "fl", "go", "flu", "dex", "ln", "hl", "wm", "bv", "cy", "legend"}
    for kind in KINDS:
        for name, _key in seed.surface_forms(kind):
            assert normalise_name(name) not in banned, (kind, name)
            assert len(normalise_name(name)) >= 2, (kind, name)


def test_mesh_ids_are_normalised_descriptors(seed: Vocabulary) -> None:
    for entry in seed.entries["indication"].values():
        for mesh in entry.mesh:
            assert re.fullmatch(r"D\d{6}", mesh), (entry.name, mesh)


# ---- lookups -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "names", "key"),
    [
        (
            "therapy",
            ["Abecma", "bb2121", "ide-cel", "Idecabtagene Vicleucel"],
            "idecabtagene-vicleucel",
        ),
        (
            "therapy",
            ["Carvykti", "JNJ-68284528", "LCAR-B38M", "cilta-cel"],
            "ciltacabtagene-autoleucel",
        ),
        ("therapy", ["Kymriah", "CTL019", "tisa-cel"], "tisagenlecleucel"),
        ("therapy", ["Tecartus", "KTE-X19"], "brexucabtagene-autoleucel"),
        ("therapy", ["Breyanzi", "JCAR017"], "lisocabtagene-maraleucel"),
        ("therapy", ["Aucatzyl", "AUTO1"], "obecabtagene-autoleucel"),
        ("therapy", ["Lynozyfic", "REGN5458"], "linvoseltamab"),
        ("therapy", ["Revlimid®", "CC-5013"], "lenalidomide"),
        ("therapy", ["CC-220"], "iberdomide"),
        ("therapy", ["ABT-199", "Venclexta"], "venetoclax"),
        ("therapy", ["CABA-201", "rese-cel"], "resecabtagene-autoleucel"),
        ("target", ["TNFRSF17", "B-cell maturation antigen"], "bcma"),
        ("target", ["G protein-coupled receptor class C group 5 member D"], "gprc5d"),
        ("target", ["CRBN"], "cereblon"),
        ("target", ["BCL2"], "bcl-2"),
        (
            "indication",
            ["RRMM", "relapsed/refractory multiple myeloma"],
            "relapsed-or-refractory-multiple-myeloma",
        ),
        ("indication", ["NDMM"], "newly-diagnosed-multiple-myeloma"),
        ("indication", ["DLBCL", "diffuse large B-cell lymphoma"], "diffuse-large-b-cell-lymphoma"),
        (
            "indication",
            [
                "B-ALL",
                "B-cell acute lymphoblastic leukemia",
                "B-cell acute lymphoblastic leukaemia",
            ],
            "b-cell-acute-lymphoblastic-leukaemia",
        ),
        ("indication", ["acute lymphoblastic leukemia"], "acute-lymphoblastic-leukaemia"),
        ("indication", ["CLL", "chronic lymphocytic leukemia"], "chronic-lymphocytic-leukaemia"),
        ("indication", ["AML", "acute myeloid leukemia"], "acute-myeloid-leukaemia"),
        ("indication", ["SLE", "lupus"], "systemic-lupus-erythematosus"),
        ("indication", ["Waldenstrom macroglobulinemia"], "waldenstrom-macroglobulinaemia"),
        (
            "organization",
            ["Bristol-Myers Squibb", "BMS", "Bristol Myers Squibb"],
            "bristol-myers-squibb",
        ),
        ("organization", ["Janssen", "J&J"], "johnson-johnson"),
    ],
)
def test_aliases_resolve_to_one_entry(
    seed: Vocabulary, kind: str, names: list[str], key: str
) -> None:
    for name in names:
        entry = seed.resolve(kind, name)
        assert entry is not None, (kind, name)
        assert entry.key == key, (kind, name, entry.key)


def test_unknown_name_does_not_resolve(seed: Vocabulary) -> None:
    assert seed.resolve("therapy", "not-a-real-therapy-123") is None
    assert seed.resolve("target", "Abecma") is None  # names are per kind


def test_ide_cel_facts(seed: Vocabulary) -> None:
    entry = seed.resolve("therapy", "Abecma")
    assert entry is not None
    assert entry.modality == "car-t-autologous"
    assert entry.targets == ["bcma"]
    assert "multiple-myeloma" in entry.indications
    assert "bristol-myers-squibb" in entry.developers


def test_mesh_padded_and_short_resolve_to_multiple_myeloma(seed: Vocabulary) -> None:
    for mesh in ("D000009101", "D009101", "d009101"):
        entry = seed.indication_by_mesh(mesh)
        assert entry is not None and entry.key == "multiple-myeloma", mesh
    assert seed.indication_by_mesh("D999999") is None


def test_rrmm_ancestors_include_multiple_myeloma(seed: Vocabulary) -> None:
    ancestors = seed.ancestors("indication", "relapsed-or-refractory-multiple-myeloma")
    assert ancestors[0] == "multiple-myeloma"
    assert "haematological-malignancy" in ancestors


def test_b_all_and_dlbcl_hierarchy(seed: Vocabulary) -> None:
    b_all = seed.ancestors("indication", "b-cell-acute-lymphoblastic-leukaemia")
    assert {"acute-lymphoblastic-leukaemia", "leukaemia"} <= set(b_all)
    dlbcl = seed.ancestors("indication", "diffuse-large-b-cell-lymphoma")
    assert {"large-b-cell-lymphoma", "b-cell-lymphoma", "lymphoma"} <= set(dlbcl)
    ln = seed.ancestors("indication", "lupus-nephritis")
    assert ln[:2] == ["systemic-lupus-erythematosus", "autoimmune-disease"]


def test_acquisitions(seed: Vocabulary) -> None:
    def owner(name: str) -> str | None:
        entry = seed.resolve("organization", name)
        assert entry is not None, name
        return entry.acquired_by

    assert owner("EsoBiotec") == "astrazeneca"
    assert owner("Capstan Therapeutics") == "abbvie"
    assert owner("Interius") == "kite"
    assert owner("Kite Pharma") == "gilead-sciences"
    assert owner("Bristol Myers Squibb") is None


def test_in_vivo_programmes(seed: Vocabulary) -> None:
    expected = {
        "ESO-T01": ("car-t-in-vivo-lentiviral", "bcma"),
        "CPTX2309": ("car-t-in-vivo-lnp-mrna", "cd19"),
        "UB-VV111": ("car-t-in-vivo-lentiviral", "cd19"),
        "INT2104": ("car-t-in-vivo-lentiviral", "cd20"),
    }
    for name, (modality, target) in expected.items():
        entry = seed.resolve("therapy", name)
        assert entry is not None, name
        assert entry.modality == modality
        assert entry.targets == [target]
        assert not entry.approved_for


# ---- users' files --------------------------------------------------------------------


def test_user_file_extends_an_entry(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "mine.toml",
        """
[[therapy]]
name = "ide-cel"                 # an alias names the existing entry
aliases = ["my ide-cel nickname"]
indications = ["RRMM"]

[[organization]]
name = "BMS"
aliases = ["B.M.S. Inc"]
""",
    )
    vocab = load_vocabulary([user])
    entry = vocab.resolve("therapy", "my ide-cel nickname")
    assert entry is not None and entry.key == "idecabtagene-vicleucel"
    assert "Abecma" in entry.aliases  # seed aliases kept
    assert "relapsed-or-refractory-multiple-myeloma" in entry.indications
    assert vocab.resolve("organization", "B.M.S. Inc").key == "bristol-myers-squibb"
    assert vocab.files[-1] == str(user)
    # the shared seed is not changed by a user's file
    assert load_vocabulary().resolve("therapy", "my ide-cel nickname") is None


def test_user_file_adds_new_entries_referring_to_seed(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "new.toml",
        """
[[therapy]]
name = "examplecabtagene autoleucel"
aliases = ["XMPL-001"]
modality = "car-t-allogeneic"
targets = ["TNFRSF17"]
indications = ["RRMM"]
developers = ["Example Bio"]

[[organization]]
name = "Example Bio"
acquired_by = "AbbVie"
""",
    )
    vocab = load_vocabulary([user])
    entry = vocab.resolve("therapy", "XMPL-001")
    assert entry is not None
    assert entry.targets == ["bcma"]
    assert entry.developers == ["example-bio"]
    assert vocab.resolve("organization", "Example Bio").acquired_by == "abbvie"


def test_later_files_extend_earlier_ones(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.toml", '[[target]]\nname = "CD123"\naliases = ["IL3RA"]\n')
    second = _write(
        tmp_path,
        "b.toml",
        '[[target]]\nname = "IL3RA"\naliases = ["interleukin-3 receptor subunit alpha"]\n',
    )
    vocab = load_vocabulary([first, second])
    entry = vocab.resolve("target", "interleukin-3 receptor subunit alpha")
    assert entry is not None and entry.key == "cd123"
    assert vocab.files[-2:] == [str(first), str(second)]


@pytest.mark.parametrize(
    ("filename", "text", "fragment"),
    [
        (
            "bad_modality.toml",
            '[[therapy]]\nname = "x-cel"\nmodality = "telepathy"\n',
            "unknown modality",
        ),
        (
            "bad_target.toml",
            '[[therapy]]\nname = "x-cel"\nmodality = "car-t"\ntargets = ["NOT-A-TARGET"]\n',
            "unknown target",
        ),
        (
            "bad_indication.toml",
            '[[indication]]\nname = "thing"\nbroader = ["no such disease"]\n',
            "unknown indication",
        ),
        (
            "bad_org.toml",
            '[[organization]]\nname = "Acme Bio"\nacquired_by = "Nobody Inc"\n',
            "unknown organization",
        ),
        (
            "collision.toml",
            '[[therapy]]\nname = "some other therapy"\naliases = ["Carvykti"]\n',
            "names both",
        ),
        (
            "collision_two_entries.toml",
            '[[therapy]]\nname = "idecabtagene vicleucel"\naliases = ["Carvykti"]\n',
            "names both",
        ),
        ("broken.toml", '[[therapy]\nname = "x"\n', "cannot read vocabulary"),
        ("section.toml", '[[drug]]\nname = "x"\n', "unknown section"),
        ("noname.toml", '[[target]]\naliases = ["x"]\n', "has no name"),
        (
            "badaliases.toml",
            '[[target]]\nname = "CD7"\naliases = "not a list"\n',
            "aliases must be a list",
        ),
    ],
)
def test_bad_user_file_raises_with_file_name(
    tmp_path: Path, filename: str, text: str, fragment: str
) -> None:
    path = _write(tmp_path, filename, text)
    with pytest.raises(VocabularyError) as info:
        load_vocabulary([path])
    message = str(info.value)
    assert filename in message
    assert fragment in message


def test_missing_and_undecodable_files_raise(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(VocabularyError, match=r"missing\.toml"):
        load_vocabulary([missing])
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(VocabularyError, match=r"binary\.toml"):
        load_vocabulary([binary])
