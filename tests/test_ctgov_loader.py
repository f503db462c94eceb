"""ClinicalTrials.gov loaders: API v2 JSON (tlkg.loaders.ctgov.study_json) and legacy XML
(tlkg.loaders.ctgov.study_xml). Real records from tests/fixtures/ctgov (see fixtures/README.md)."""

from __future__ import annotations

import copy
import json
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from tlkg.loaders import registry
from tlkg.loaders.base import Document, Loader, LoadError
from tlkg.loaders.ctgov import interventions
from tlkg.loaders.ctgov import study_json as ctgov
from tlkg.loaders.ctgov import study_xml as ctgov_xml
from tlkg.loaders.files import iter_documents
from tlkg.loaders.records import TrialRecord
from tlkg.loaders.registry import parse_document
from tlkg.loaders.text.naming import classify_intervention
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary, normalise_mesh


def records_under(paths: list[Path], vocab: Vocabulary) -> Iterator[object]:
    """Records and errors of every document under ``paths``, as the load pipeline reads
    them (its workers call ``parse_document`` on what ``iter_documents`` yields)."""
    for item in iter_documents(paths):
        if isinstance(item, LoadError):
            yield item
        else:
            yield from parse_document(item, vocab)


FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
LOADERS: list[Loader] = [ctgov.LOADER, ctgov_xml.LOADER]
ARRAY = "v2-acute-leukemia-6.json"
MIXED = "v2-mixed-june-2023-4.json"
JSON_FIXTURES = (
    ARRAY,
    MIXED,
    "NCT03418623.json",
    "NCT00973089.json",
    "search_keytruda_limit3_20260811.json",
    "get_nct06604689_20260811.json",
)
XML_FIXTURES = ("NCT03424005.xml", "NCT01339988.xml", "NCT03182660.xml")

TEST_VOCAB = """
[[therapy]]
name = "daratumumab"
aliases = ["Darzalex"]
modality = "monoclonal-antibody"

[[therapy]]
name = "rituximab"
aliases = ["Rituxan"]
modality = "monoclonal-antibody"

[[therapy]]
name = "pemafibrate"
aliases = ["K-877"]
modality = "small-molecule"

[[therapy]]
name = "asparaginase"
aliases = ["Spectrila"]

[[therapy]]
name = "cyclophosphamide"
aliases = ["Cytoxan"]
modality = "chemotherapy"

[[indication]]
name = "juvenile myelomonocytic leukaemia"
mesh = ["D000054429"]

[[indication]]
name = "acute lymphoblastic leukaemia"
aliases = ["Leukemia, Lymphoid"]

[[indication]]
name = "hypercholesterolaemia"
aliases = ["Hypercholesterolemia"]

[[organization]]
name = "Kowa"
aliases = ["Kowa Company, Ltd."]
"""


# ---- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def test_vocab() -> Vocabulary:
    vocab = Vocabulary()
    vocab.add_file("test-vocab.toml", TEST_VOCAB)
    return vocab


@pytest.fixture
def empty_vocab() -> Vocabulary:
    return Vocabulary()


@pytest.fixture
def ctgov_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with just these two loaders (the article loaders are tested
    elsewhere)."""
    monkeypatch.setattr(registry, "_loaders", lambda: list(LOADERS))


def fixture_doc(name: str) -> Document:
    path = FIXTURES / name
    return Document(str(path), path.read_bytes())


def parse(doc: Document, vocab: Vocabulary) -> list[TrialRecord | LoadError]:
    out = list(parse_document(doc, vocab, loaders=LOADERS))
    assert all(isinstance(o, TrialRecord | LoadError) for o in out)
    return [o for o in out if isinstance(o, TrialRecord | LoadError)]


def records(doc: Document, vocab: Vocabulary) -> list[TrialRecord]:
    out = parse(doc, vocab)
    errors = [o for o in out if isinstance(o, LoadError)]
    assert not errors, errors
    return [o for o in out if isinstance(o, TrialRecord)]


def errors(doc: Document, vocab: Vocabulary) -> list[LoadError]:
    return [o for o in parse(doc, vocab) if isinstance(o, LoadError)]


def raw_studies(name: str) -> list[dict[str, Any]]:
    data = json.loads((FIXTURES / name).read_text("utf-8"))
    if isinstance(data, list):
        return data
    if "studies" in data:
        return data["studies"]
    return [data]


def study_doc(study: object, name: str = "study.json") -> Document:
    return Document(name, json.dumps(study).encode())


def one(doc: Document, vocab: Vocabulary) -> TrialRecord:
    (record,) = records(doc, vocab)
    return record


def by_nct(recs: list[TrialRecord], nct: str) -> TrialRecord:
    return next(r for r in recs if r.nct_id == nct)


# ---- input shapes -------------------------------------------------------------------------


def test_single_study(empty_vocab: Vocabulary) -> None:
    record = one(fixture_doc("NCT03418623.json"), empty_vocab)
    assert record.nct_id == "NCT03418623"
    src = record.source
    assert src.id == "NCT03418623" and src.kind == "trial"
    assert src.url == "https://clinicaltrials.gov/study/NCT03418623"
    assert src.publisher == "ClinicalTrials.gov"
    assert src.loader == "ctgov-v2" and src.loader_version == ctgov.LOADER.version
    assert src.path == str(FIXTURES / "NCT03418623.json")
    assert re.fullmatch(r"[0-9a-f]{64}", src.content_hash)
    assert src.title == record.brief_title
    assert record.phases == ["PHASE2"] and src.evidence_level == "early-clinical"
    assert record.overall_status == "COMPLETED"
    assert record.study_type == "INTERVENTIONAL"


def test_array_keeps_order(empty_vocab: Vocabulary) -> None:
    recs = records(fixture_doc(ARRAY), empty_vocab)
    expected = [s["protocolSection"]["identificationModule"]["nctId"] for s in raw_studies(ARRAY)]
    assert [r.nct_id for r in recs] == expected
    assert len(recs) == 6


def test_api_pages(empty_vocab: Vocabulary) -> None:
    page = records(fixture_doc("search_keytruda_limit3_20260811.json"), empty_vocab)
    assert [r.nct_id for r in page] == ["NCT05431270", "NCT03590054", "NCT04795661"]
    single = one(fixture_doc("get_nct06604689_20260811.json"), empty_vocab)
    assert single.nct_id == "NCT06604689"
    assert single.study_type == "OBSERVATIONAL"


def test_empty_api_page_is_not_an_error(empty_vocab: Vocabulary) -> None:
    doc = Document("page.json", b'{"studies": [], "totalCount": 0}')
    assert parse(doc, empty_vocab) == []


def test_json_lines_and_bom(empty_vocab: Vocabulary) -> None:
    studies = raw_studies(ARRAY)
    jsonl = b"\n".join(orjson.dumps(s) for s in studies) + b"\n"
    recs = records(Document("studies.jsonl", jsonl), empty_vocab)
    assert [r.nct_id for r in recs] == [r.nct_id for r in records(fixture_doc(ARRAY), empty_vocab)]
    bom = b"\xef\xbb\xbf" + (FIXTURES / "NCT03418623.json").read_bytes()
    assert one(Document("bom.json", bom), empty_vocab).nct_id == "NCT03418623"


def test_bad_json_line_names_the_line_and_others_load(empty_vocab: Vocabulary) -> None:
    studies = raw_studies(ARRAY)[:3]
    lines = [orjson.dumps(s) for s in studies]
    lines.insert(1, b'{"protocolSection": {"identificationModule": ')
    out = parse(Document("broken.jsonl", b"\n".join(lines)), empty_vocab)
    errs = [o for o in out if isinstance(o, LoadError)]
    assert len(errs) == 1 and errs[0].path == "broken.jsonl"
    assert "line 2" in errs[0].message
    assert len([o for o in out if isinstance(o, TrialRecord)]) == 3


def test_same_study_hashes_the_same_in_any_container(empty_vocab: Vocabulary) -> None:
    study = raw_studies(ARRAY)[2]
    alone = one(study_doc(study), empty_vocab)
    in_array = by_nct(records(fixture_doc(ARRAY), empty_vocab), alone.nct_id)
    pretty = one(Document("p.json", json.dumps(study, indent=2).encode()), empty_vocab)
    assert alone.source.content_hash == in_array.source.content_hash
    assert alone.source.content_hash == pretty.source.content_hash
    changed = copy.deepcopy(study)
    changed["protocolSection"]["identificationModule"]["briefTitle"] = "Changed"
    assert one(study_doc(changed), empty_vocab).source.content_hash != alone.source.content_hash


def test_zip_archive(tmp_path: Path, empty_vocab: Vocabulary, ctgov_only: None) -> None:
    archive = tmp_path / "ctgov.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in (ARRAY, "NCT03418623.json", "NCT03424005.xml"):
            zf.write(FIXTURES / name, f"studies/{name}")
    out = list(records_under([archive], empty_vocab))
    assert not [o for o in out if isinstance(o, LoadError)]
    recs = [o for o in out if isinstance(o, TrialRecord)]
    assert len(recs) == 6 + 1 + 1
    xml_record = by_nct(recs, "NCT03424005")
    assert xml_record.source.path == f"{archive}!studies/NCT03424005.xml"
    assert xml_record.source.loader == "ctgov-xml"


def test_folder(tmp_path: Path, empty_vocab: Vocabulary, ctgov_only: None) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES, folder)
    out = list(records_under([folder], empty_vocab))
    errs = [o for o in out if isinstance(o, LoadError)]
    recs = [o for o in out if isinstance(o, TrialRecord)]
    # Everything loads except the retired classic (v1) record.
    assert [Path(e.path).name for e in errs] == ["NCT04780763.json"]
    assert "unsupported format" in errs[0].message
    assert len(recs) == _fixture_studies() >= 6 + 4 + 1 + 1 + 3 + 1 + 3
    assert len({r.nct_id for r in recs}) == len(recs)


def _fixture_studies() -> int:
    """Studies in the fixture folder: one per XML file or v2 study object, each study of
    an array or an API page (the classic v1 record is none)."""
    count = 0
    for path in FIXTURES.iterdir():
        if path.suffix == ".xml":
            count += 1
        elif path.suffix == ".json":
            data = json.loads(path.read_bytes())
            if isinstance(data, list):
                count += len(data)
            elif "studies" in data:
                count += len(data["studies"])
            elif "protocolSection" in data:
                count += 1
    return count


# ---- mapping ------------------------------------------------------------------------------


def all_json_records(vocab: Vocabulary) -> list[TrialRecord]:
    return [r for name in JSON_FIXTURES for r in records(fixture_doc(name), vocab)]


def test_every_drug_intervention_is_a_therapy_or_a_non_therapy(empty_vocab: Vocabulary) -> None:
    """A drug-typed intervention gives therapies, or (placebo, standard of care aside) is
    kept as an intervention of its category: never lost."""
    checked = 0
    for name in JSON_FIXTURES:
        for study in raw_studies(name):
            module = study["protocolSection"].get("armsInterventionsModule", {})
            for intervention in module.get("interventions", []):
                itype = intervention.get("type")
                if itype not in ("DRUG", "BIOLOGICAL", "GENETIC"):
                    continue
                category = classify_intervention(intervention["name"], itype)
                alone = copy.deepcopy(study)
                alone["protocolSection"]["armsInterventionsModule"] = {
                    "interventions": [intervention]
                }
                record = one(study_doc(alone), empty_vocab)
                if category in ("placebo", "standard_of_care"):
                    assert record.therapies == [], intervention["name"]
                elif category in ("generic", "diagnostic", "procedure"):
                    # a regimen written as one intervention gives its components
                    split = all(t.split_from for t in record.therapies)
                    assert split, intervention["name"]
                    assert record.other_interventions, intervention["name"]
                else:
                    assert record.therapies or record.other_interventions, intervention["name"]
                    assert all(t.intervention_type == itype for t in record.therapies)
                checked += 1
    assert checked >= 20


def test_conditions_are_among_indications(empty_vocab: Vocabulary, test_vocab: Vocabulary) -> None:
    for vocab in (empty_vocab, test_vocab):
        for record in all_json_records(vocab):
            keys = {i.key for i in record.indications}
            for condition in record.conditions:
                entry = vocab.resolve("indication", condition)
                assert (entry.key if entry else slugify(condition)) in keys, condition


def test_mesh_terms_normalised_without_ancestors(empty_vocab: Vocabulary) -> None:
    study = next(
        s
        for s in raw_studies(ARRAY)
        if s["protocolSection"]["identificationModule"]["nctId"] == "NCT03873311"
    )
    record = one(study_doc(study), empty_vocab)
    mesh_ids = [m for i in record.indications for m in i.mesh_ids]
    assert "D054429" in mesh_ids
    assert all(re.fullmatch(r"D\d{6}", m) for m in mesh_ids)
    names = {i.name for i in record.indications}
    assert "Neoplasms by Histologic Type" not in names  # an ancestor, not a condition
    assert "Leukemia, Myelomonocytic, Juvenile" in names
    assert normalise_mesh("D000054429") == normalise_mesh("D054429") == "D054429"


def test_mesh_resolves_through_vocabulary(test_vocab: Vocabulary) -> None:
    recs = records(fixture_doc(ARRAY), test_vocab)
    jmml = by_nct(recs, "NCT03873311").indications
    ref = next(i for i in jmml if i.key == "juvenile-myelomonocytic-leukaemia")
    assert ref.known and ref.mesh_ids == ["D054429"]
    # A MeSH term known by name (an alias) resolves to its entry and keeps its id.
    all_ref = by_nct(recs, "NCT03937544").indications
    assert [i.key for i in all_ref].count("acute-lymphoblastic-leukaemia") == 1
    merged = next(i for i in all_ref if i.key == "acute-lymphoblastic-leukaemia")
    assert merged.mesh_ids == ["D007945"]


def test_dedupe_indications_merges_mesh_ids(empty_vocab: Vocabulary) -> None:
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT09999901"},
            "conditionsModule": {"conditions": ["Leukemia"]},
        },
        "derivedSection": {
            "conditionBrowseModule": {
                "meshes": [
                    {"id": "D000007938", "term": "Leukemia"},
                    {"id": "D007938", "term": "Leukemia"},
                ]
            }
        },
    }
    record = one(study_doc(study), empty_vocab)
    assert [(i.key, i.mesh_ids, i.known) for i in record.indications] == [
        ("leukemia", ["D007938"], False)
    ]


def test_active_comparator_arm(empty_vocab: Vocabulary) -> None:
    record = by_nct(records(fixture_doc(ARRAY), empty_vocab), "NCT04678869")
    roles = {a.label: a.role for a in record.arms}
    assert roles == {
        "Cirprofloxacin prophylaxis": "experimental",
        "Standard of care": "active-comparator",
    }
    comparator = next(a for a in record.arms if a.role == "active-comparator")
    # "Antibiotic" names a treatment class: an intervention of that category, no therapy
    assert comparator.therapy_keys == []
    assert all(t.key != "antibiotic" for t in record.therapies)
    antibiotic = next(n for n in record.other_interventions if n.name == "Antibiotic")
    assert antibiotic.category == "generic"


def test_placebo_is_never_a_therapy(empty_vocab: Vocabulary) -> None:
    for record in all_json_records(empty_vocab):
        for therapy in record.therapies:
            assert "placebo" not in therapy.name.lower()
            assert "placebo" not in therapy.key
    record = by_nct(records(fixture_doc(MIXED), empty_vocab), "NCT05923281")
    placebo_arm = next(a for a in record.arms if a.role == "placebo-comparator")
    assert placebo_arm.has_placebo and placebo_arm.therapy_keys == []
    assert not any(a.has_placebo for a in record.arms if a.role == "experimental")


def test_intervention_names_cleaned_and_deduplicated(empty_vocab: Vocabulary) -> None:
    record = by_nct(records(fixture_doc(MIXED), empty_vocab), "NCT05923281")
    # "K-877 0.2 mg/day (once daily)" and "K-877 0.4 mg/day (once daily)": one therapy.
    (therapy,) = record.therapies
    assert (therapy.key, therapy.name, therapy.known) == ("k-877", "K-877", False)
    assert therapy.aliases == ["Pemafibrate"]
    assert [a.therapy_keys for a in record.arms if a.role == "experimental"] == [["k-877"]] * 2
    assert interventions.clean_intervention_name("K-877 0.2 mg/day (once daily)") == "K-877"
    assert interventions.clean_intervention_name("Spectrila®") == "Spectrila"
    assert interventions.clean_intervention_name("Methotrexate for Injection") == "Methotrexate"


def test_other_intervention_only_when_a_product(empty_vocab: Vocabulary) -> None:
    record = by_nct(records(fixture_doc(MIXED), empty_vocab), "NCT05844332")
    assert [(t.key, t.intervention_type) for t in record.therapies] == [("lutathera", "OTHER")]
    study = copy.deepcopy(raw_studies(MIXED)[1])
    study["protocolSection"]["armsInterventionsModule"]["interventions"] += [
        {"type": "OTHER", "name": "Dressing change"},
        {"type": "BEHAVIORAL", "name": "Exercise programme"},
        {"type": "PROCEDURE", "name": "Bone Marrow Transplant"},
        {"type": "DIAGNOSTIC_TEST", "name": "MRI"},
    ]
    assert [t.key for t in one(study_doc(study), empty_vocab).therapies] == ["lutathera"]


def test_combination_gives_one_therapy_per_component(empty_vocab: Vocabulary) -> None:
    page = records(fixture_doc("search_keytruda_limit3_20260811.json"), empty_vocab)
    keys = {t.key for t in by_nct(page, "NCT05431270").therapies}
    assert {"pembrolizumab", "carboplatin", "pemetrexed", "gemcitabine", "nab-paclitaxel"} <= keys
    assert not any("+" in t.name for t in by_nct(page, "NCT05431270").therapies)


def test_descriptive_car_t_names_are_per_sponsor(empty_vocab: Vocabulary) -> None:
    study = next(
        s
        for s in raw_studies(ARRAY)
        if s["protocolSection"]["identificationModule"]["nctId"] == "NCT03937544"
    )
    other = copy.deepcopy(study)
    other["protocolSection"]["identificationModule"]["nctId"] = "NCT09999902"
    other["protocolSection"]["sponsorCollaboratorsModule"]["leadSponsor"]["name"] = "Other Hospital"
    same = copy.deepcopy(study)
    same["protocolSection"]["identificationModule"]["nctId"] = "NCT09999903"

    def car_t(s: dict[str, Any]) -> Any:
        record = one(study_doc(s), empty_vocab)
        return next(t for t in record.therapies if "CAR-T" in t.name)

    a, b, c = car_t(study), car_t(other), car_t(same)
    assert a.key != b.key and a.key == c.key
    assert a.name == "CD19 CAR-T CELLS (National University of Malaysia)"
    assert b.name == "CD19 CAR-T CELLS (Other Hospital)"
    assert a.modality == "car-t" and a.modality_inferred and not a.known
    # Sponsor-specific keys are used by the arms too.
    record = one(study_doc(study), empty_vocab)
    assert a.key in record.arms[0].therapy_keys


def test_vocabulary_known_names_resolve(test_vocab: Vocabulary) -> None:
    interventions = [
        {"type": "DRUG", "name": "Daratumumab/rHuPH20", "otherNames": ["Darzalex"]},
        {"type": "DRUG", "name": "Rituximab (genetical recombination)"},
        {"type": "DRUG", "name": "K-877 0.2 mg/day (once daily)", "otherNames": ["Pemafibrate"]},
        {"type": "DRUG", "name": "Spectrila®", "otherNames": ["recombinant L-Asparaginase"]},
        {"type": "DRUG", "name": "ABC-1234", "otherNames": ["Cytoxan"]},
        {"type": "DRUG", "name": "Placebo matching daratumumab"},
    ]
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT09999904", "briefTitle": "t"},
            "sponsorCollaboratorsModule": {
                "leadSponsor": {"name": "Kowa Company, Ltd.", "class": "INDUSTRY"}
            },
            "armsInterventionsModule": {"interventions": interventions},
        }
    }
    record = one(study_doc(study), test_vocab)
    got = {t.key: t for t in record.therapies}
    assert list(got) == [
        "daratumumab",
        "rituximab",
        "pemafibrate",
        "asparaginase",
        "cyclophosphamide",
    ]
    assert all(t.known and not t.modality_inferred for t in got.values())
    assert got["daratumumab"].name == "daratumumab"
    assert got["daratumumab"].modality == "monoclonal-antibody"
    assert got["daratumumab"].aliases == []  # "Darzalex" is already a vocabulary alias
    assert got["pemafibrate"].aliases == []  # the other name is the canonical name
    assert got["asparaginase"].aliases == ["recombinant L-Asparaginase"]
    assert got["asparaginase"].modality is None  # the vocabulary gives none
    assert record.lead_sponsor is not None
    assert (record.lead_sponsor.key, record.lead_sponsor.name) == ("kowa", "Kowa")
    assert record.lead_sponsor.org_class == "INDUSTRY"


def test_known_therapy_from_real_record(test_vocab: Vocabulary) -> None:
    record = by_nct(records(fixture_doc(MIXED), test_vocab), "NCT05923281")
    (therapy,) = record.therapies
    assert (therapy.key, therapy.known, therapy.modality) == ("pemafibrate", True, "small-molecule")
    assert record.indications[0].key == "hypercholesterolaemia"
    assert record.lead_sponsor is not None and record.lead_sponsor.name == "Kowa"


def test_unknown_therapy_modality_guess_is_inferred(empty_vocab: Vocabulary) -> None:
    record = by_nct(records(fixture_doc(ARRAY), empty_vocab), "NCT05645718")
    inotuzumab = next(t for t in record.therapies if t.key == "inotuzumab-ozogamicin")
    assert inotuzumab.modality == "antibody-drug-conjugate" and inotuzumab.modality_inferred
    assert inotuzumab.aliases == ["CMC-544"]
    cytarabine = next(t for t in record.therapies if t.key == "cytarabine")
    assert "Ara-C" in cytarabine.aliases
    assert not any(a.endswith(("®", "™")) for a in cytarabine.aliases)


def test_fields_and_dates_as_given(empty_vocab: Vocabulary) -> None:
    record = one(fixture_doc("NCT03418623.json"), empty_vocab)
    status = raw_studies("NCT03418623.json")[0]["protocolSection"]["statusModule"]
    assert record.start_date == status["startDateStruct"]["date"]
    assert record.first_posted == status["studyFirstPostDateStruct"]["date"]
    assert record.source.date == record.first_posted
    assert record.pmids == [] or all(p.isdigit() for p in record.pmids)
    partial = raw_studies("NCT00973089.json")[0]
    record = one(study_doc(partial), empty_vocab)
    assert record.start_date == "2010-05"  # partial dates stay partial
    assert record.overall_status == "WITHDRAWN" and record.enrollment == 0


def test_pmids_and_collaborators(empty_vocab: Vocabulary) -> None:
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT09999905"},
            "sponsorCollaboratorsModule": {
                "leadSponsor": {"name": "Acme", "class": "INDUSTRY"},
                "collaborators": [{"name": "Beta Uni", "class": "OTHER"}],
            },
            "referencesModule": {
                "references": [{"pmid": "123", "type": "RESULT"}, {"citation": "no pmid"}]
            },
            "statusModule": {"overallStatus": "APPROVED_FOR_MARKETING"},
        }
    }
    record = one(study_doc(study), empty_vocab)
    assert record.pmids == ["123"]
    assert [(c.key, c.name, c.org_class) for c in record.collaborators] == [
        ("beta-uni", "Beta Uni", "OTHER")
    ]
    assert record.source.evidence_level == "approved"


@pytest.mark.parametrize(
    ("phases", "status", "level"),
    [
        (["PHASE3"], "RECRUITING", "pivotal"),
        (["PHASE2", "PHASE3"], "RECRUITING", "pivotal"),
        (["PHASE1", "PHASE2"], "COMPLETED", "early-clinical"),
        (["EARLY_PHASE1"], "COMPLETED", "early-clinical"),
        (["NA"], "COMPLETED", None),
        ([], "APPROVED_FOR_MARKETING", "approved"),
        ([], "RECRUITING", None),
    ],
)
def test_evidence_level(
    phases: list[str], status: str, level: str | None, empty_vocab: Vocabulary
) -> None:
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT09999906"},
            "statusModule": {"overallStatus": status},
            "designModule": {"phases": phases},
        }
    }
    assert one(study_doc(study), empty_vocab).source.evidence_level == level


def test_unknown_keys_are_ignored(empty_vocab: Vocabulary) -> None:
    studies = raw_studies(MIXED)
    assert "locations_nested" in studies[0]["protocolSection"]["contactsLocationsModule"]
    assert len(records(fixture_doc(MIXED), empty_vocab)) == 4
    study = copy.deepcopy(studies[0])
    study["futureSection"] = {"x": [1, 2]}
    study["protocolSection"]["designModule"]["newField"] = {"deep": True}
    assert one(study_doc(study), empty_vocab).nct_id == "NCT05923281"


# ---- bad input ----------------------------------------------------------------------------


def test_v1_classic_is_refused_with_a_clear_message(empty_vocab: Vocabulary) -> None:
    doc = fixture_doc("NCT04780763.json")
    assert not ctgov.LOADER.sniff(doc)
    (err,) = errors(doc, empty_vocab)
    assert err.path == doc.name
    assert "unsupported format" in err.message and "v1" in err.message


def test_v1_classic_through_the_full_registry(empty_vocab: Vocabulary) -> None:
    pytest.importorskip("tlkg.loaders.articles")
    out = list(parse_document(fixture_doc("NCT04780763.json"), empty_vocab))
    assert len(out) == 1 and isinstance(out[0], LoadError)
    assert "unsupported format" in out[0].message


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"a": 1}', "unsupported format"),
        (b"[1, 2, 3]", "unsupported format"),
        (b"\x00\x01\x02\xff\xfe binary", "unsupported format"),
        (b'[{"protocolSection": {"identificationModule": {"nctId": "NCT0', "JSON"),
        (b'{"protocolSection": 5}', "protocolSection"),
        (b'{"protocolSection": {"identificationModule": {}}}', "NCT ID"),
        (b'{"protocolSection": {"identificationModule": {"nctId": "NCT123"}}}', "NCT ID"),
        (b'{"studies": 5}', "studies"),
        (b'{"protocolSection": {"x": ' + b"[" * 5000 + b"]" * 5000 + b"}}", "JSON"),
        (b"[" * 5000 + b"]" * 5000, "unsupported format"),
    ],
)
def test_bad_documents_give_errors_naming_the_file(
    data: bytes, needle: str, empty_vocab: Vocabulary
) -> None:
    out = parse(Document("bad.json", data), empty_vocab)
    errs = [o for o in out if isinstance(o, LoadError)]
    assert errs and len(errs) == len(out)
    assert all(e.path == "bad.json" for e in errs)
    assert any(needle in e.message for e in errs), [e.message for e in errs]


def test_truncated_fixture(empty_vocab: Vocabulary) -> None:
    data = (FIXTURES / ARRAY).read_bytes()
    (err,) = errors(Document("cut.json", data[: len(data) // 2]), empty_vocab)
    assert err.path == "cut.json" and "JSON" in err.message


@pytest.mark.parametrize(
    ("section", "key", "value", "where"),
    [
        ("designModule", "phases", 5, "phases"),
        ("designModule", "phases", ["PHASE1", 2], "phases[1]"),
        ("designModule", "enrollmentInfo", {"count": "12"}, "count"),
        ("conditionsModule", "conditions", "Leukemia", "conditions"),
        ("armsInterventionsModule", "interventions", [5], "interventions[0]"),
        ("armsInterventionsModule", "interventions", [{"name": 5}], "name"),
        ("statusModule", "startDateStruct", "2020", "startDateStruct"),
        ("identificationModule", "briefTitle", ["x"], "briefTitle"),
        ("sponsorCollaboratorsModule", "leadSponsor", [], "leadSponsor"),
    ],
)
def test_wrong_types_fail_one_study_only(
    section: str, key: str, value: object, where: str, empty_vocab: Vocabulary
) -> None:
    studies = copy.deepcopy(raw_studies(ARRAY)[:3])
    studies[1]["protocolSection"].setdefault(section, {})[key] = value
    out = parse(Document("arr.json", orjson.dumps(studies)), empty_vocab)
    errs = [o for o in out if isinstance(o, LoadError)]
    assert len(errs) == 1 and errs[0].path == "arr.json"
    assert "study [1]" in errs[0].message and where in errs[0].message
    nct = studies[1]["protocolSection"]["identificationModule"]["nctId"]
    assert nct in errs[0].message
    assert len([o for o in out if isinstance(o, TrialRecord)]) == 2


def test_non_object_in_array(empty_vocab: Vocabulary) -> None:
    studies: list[Any] = [raw_studies(ARRAY)[0], "oops", {"hasResults": False}]
    out = parse(Document("arr.json", orjson.dumps(studies)), empty_vocab)
    errs = [o for o in out if isinstance(o, LoadError)]
    assert [e.message.split(":")[0] for e in errs] == ["study [1]", "study [2]"]
    assert len([o for o in out if isinstance(o, TrialRecord)]) == 1


def test_sniffing_keeps_formats_apart() -> None:
    assert ctgov.LOADER.sniff(fixture_doc(ARRAY))
    assert ctgov.LOADER.sniff(fixture_doc("search_keytruda_limit3_20260811.json"))
    assert not ctgov.LOADER.sniff(fixture_doc("NCT03424005.xml"))
    assert not ctgov.LOADER.sniff(fixture_doc("NCT04780763.json"))
    assert ctgov_xml.LOADER.sniff(fixture_doc("NCT03424005.xml"))
    assert not ctgov_xml.LOADER.sniff(fixture_doc(ARRAY))
    assert not ctgov_xml.LOADER.sniff(Document("x.xml", b"<PubmedArticleSet/>"))


# ---- legacy XML ---------------------------------------------------------------------------


def test_xml_records(empty_vocab: Vocabulary) -> None:
    combo = one(fixture_doc("NCT03424005.xml"), empty_vocab)
    assert combo.phases == ["PHASE1", "PHASE2"]
    assert combo.overall_status == "RECRUITING"
    assert combo.study_type == "INTERVENTIONAL"
    assert combo.start_date == "2018-03-30"
    assert combo.completion_date == "2021-08-17"
    assert combo.enrollment == 310
    assert combo.source.loader == "ctgov-xml"
    assert combo.source.evidence_level == "early-clinical"
    assert combo.lead_sponsor is not None and combo.lead_sponsor.org_class == "INDUSTRY"
    assert [c.name for c in combo.collaborators] == ["Seattle Genetics, Inc."]
    comparator = next(a for a in combo.arms if a.role == "active-comparator")
    assert (comparator.label, comparator.therapy_keys) == ("Capecitabine", ["capecitabine"])
    triplet = next(a for a in combo.arms if a.label == "Atezolizumab + Bevacizumab + Cobimetinib")
    assert triplet.role == "experimental"
    assert set(triplet.therapy_keys) == {"atezolizumab", "bevacizumab", "cobimetinib"}
    assert "Triple Negative Breast Neoplasms" in {i.name for i in combo.indications}
    assert "Triple Negative Breast Cancer" in combo.conditions

    phase4 = one(fixture_doc("NCT01339988.xml"), empty_vocab)
    assert phase4.phases == ["PHASE4"]
    assert phase4.start_date == "2011-06"  # "June 2011"
    assert phase4.first_posted == "2011-04-21"  # "April 21, 2011"
    assert phase4.overall_status == "NOT_YET_RECRUITING"

    withheld = one(fixture_doc("NCT03182660.xml"), empty_vocab)
    assert withheld.overall_status == "WITHHELD"
    assert withheld.study_type is None and withheld.phases == []
    assert withheld.lead_sponsor is None  # "[Redacted]"


def test_xml_and_json_share_the_mapping(test_vocab: Vocabulary) -> None:
    record = one(fixture_doc("NCT01339988.xml"), test_vocab)
    # "Busulfan/Cyclophosphamide" with other name "Cytoxan" resolves like the JSON path.
    assert [t.key for t in record.therapies] == ["cyclophosphamide"]
    assert record.therapies[0].known


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("November 2010", "2010-11"),
        ("November 5, 2010", "2010-11-05"),
        ("Sept 2019", "2019-09"),
        ("2019-03", "2019-03"),
        ("2019", "2019"),
        ("soon", None),
        (None, None),
    ],
)
def test_xml_dates(text: str | None, iso: str | None) -> None:
    assert ctgov_xml.xml_date(text) == iso


@pytest.mark.parametrize(
    ("text", "phases"),
    [
        ("Phase 1/Phase 2", ["PHASE1", "PHASE2"]),
        ("Phase 2/Phase 3", ["PHASE2", "PHASE3"]),
        ("Early Phase 1", ["EARLY_PHASE1"]),
        ("Phase 4", ["PHASE4"]),
        ("N/A", ["NA"]),
        ("", []),
    ],
)
def test_xml_phases(text: str, phases: list[str]) -> None:
    assert ctgov_xml.xml_phases(text) == phases


def test_xml_enums() -> None:
    assert ctgov_xml.xml_enum("Active, not recruiting") == "ACTIVE_NOT_RECRUITING"
    assert ctgov_xml.xml_enum("Active Comparator") == "ACTIVE_COMPARATOR"
    assert ctgov_xml.xml_enum("Drug") == "DRUG"
    assert ctgov_xml.xml_enum("Dietary Supplement") == "DIETARY_SUPPLEMENT"


XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def test_xml_external_entity_is_refused(empty_vocab: Vocabulary) -> None:
    xxe = (
        XML_HEAD + '<!DOCTYPE clinical_study [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<clinical_study><id_info><nct_id>NCT09999907</nct_id></id_info>"
        "<brief_title>&xxe;</brief_title></clinical_study>"
    ).encode()
    (err,) = errors(Document("xxe.xml", xxe), empty_vocab)
    assert err.path == "xxe.xml" and "not allowed" in err.message
    assert "root:" not in str(err)


def test_xml_billion_laughs_is_refused_without_expansion(empty_vocab: Vocabulary) -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    bomb = (
        XML_HEAD
        + "<!DOCTYPE clinical_study ["
        + "".join(entities)
        + "]>\n"
        + "<clinical_study><id_info><nct_id>NCT09999908</nct_id></id_info>"
        + "<brief_title>&lol9;</brief_title></clinical_study>"
    ).encode()
    started = time.perf_counter()
    (err,) = errors(Document("bomb.xml", bomb), empty_vocab)
    assert time.perf_counter() - started < 2
    assert "entities" in err.message and "not allowed" in err.message
    assert "lollol" not in str(err)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"<clinical_study><id_info><nct_id>NCT0999", "invalid or truncated XML"),
        (b"<clinical_study><brief_title>x</brief_title></clinical_study>", "NCT ID"),
        (
            b"<clinical_study><id_info><nct_id>NCT09999909</nct_id></id_info>"
            b"<enrollment>many</enrollment></clinical_study>",
            "enrollment",
        ),
    ],
)
def test_bad_xml(data: bytes, needle: str, empty_vocab: Vocabulary) -> None:
    (err,) = errors(Document("bad.xml", data), empty_vocab)
    assert err.path == "bad.xml" and needle in err.message


@pytest.mark.parametrize(
    "name", ["Gadobutrol", "Gadopiclenol", "Gadoxetate disodium", "Gadoquatrane (BAY1747846)"]
)
def test_gadolinium_contrast_agents_are_diagnostics_by_their_stem(name: str) -> None:
    """The INN prefix gado- marks a contrast agent, including ones no list names."""
    assert classify_intervention(name, "DRUG") == "diagnostic"
