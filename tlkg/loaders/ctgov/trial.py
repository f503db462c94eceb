"""One v2-shaped ClinicalTrials.gov study dict -> ``TrialRecord``: the single place where
registry fields become typed records, for the JSON loader and the legacy XML loader alike.

Fields are read defensively (``tlkg.loaders.ctgov.fields``): an unknown key is ignored, a
known key with the wrong JSON type is a ``StudyError`` naming the field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import orjson
from pydantic import ValidationError

from tlkg.loaders.ctgov.appositions import apply_appositions, record_texts
from tlkg.loaders.ctgov.arms import map_arms
from tlkg.loaders.ctgov.fields import (
    StudyError,
    date_field,
    int_field,
    obj_field,
    obj_list_field,
    str_field,
    str_list_field,
)
from tlkg.loaders.ctgov.interventions import map_interventions, not_therapies
from tlkg.loaders.ctgov.mesh import align_interventions, condition_for, is_indication_term
from tlkg.loaders.ctgov.pharmacology import apply_headings, read_browse
from tlkg.loaders.records import (
    EvidenceLevel,
    IndicationRef,
    Organization,
    SourceMeta,
    TherapyRef,
    TrialRecord,
)
from tlkg.ontology.ids import is_nct_id, slugify
from tlkg.ontology.vocab import Vocabulary, normalise_mesh

PUBLISHER = "ClinicalTrials.gov"
STUDY_URL = "https://clinicaltrials.gov/study/{nct}"


def _organization(
    name: str | None, org_class: str | None, vocab: Vocabulary
) -> Organization | None:
    if not name or re.fullmatch(r"\[redacted\]", name, re.I):
        return None
    entry = vocab.resolve("organization", name)
    canonical = entry.name if entry else name
    return Organization(
        key=entry.key if entry else slugify(name), name=canonical, org_class=org_class
    )


def _evidence_level(phases: list[str], status: str | None) -> EvidenceLevel | None:
    if status == "APPROVED_FOR_MARKETING" or "PHASE4" in phases:
        return "approved"
    if "PHASE3" in phases:
        return "pivotal"
    if {"PHASE1", "PHASE2", "EARLY_PHASE1"} & set(phases):
        return "early-clinical"
    return None


def _indications(
    conditions: list[str], meshes: list[dict[str, Any]], vocab: Vocabulary, where: str
) -> list[IndicationRef]:
    found: dict[str, IndicationRef] = {}

    def add(ref: IndicationRef) -> None:
        have = found.get(ref.key)
        if have is None:
            found[ref.key] = ref
            return
        for mesh in ref.mesh_ids:
            if mesh not in have.mesh_ids:
                have.mesh_ids.append(mesh)

    for name in conditions:
        if is_indication_term(None, name):  # a condition "Acute Disease" names no disease
            add(_condition_ref(name, vocab, []))
    for i, mesh in enumerate(meshes):
        raw_id = str_field(mesh, "id", f"{where}[{i}]")
        term = str_field(mesh, "term", f"{where}[{i}]")
        mesh_id = normalise_mesh(raw_id) if raw_id else None
        if not is_indication_term(mesh_id, term):
            continue  # "Acute Disease", "Recurrence": not a disease (``ctgov.mesh``)
        ids = [mesh_id] if mesh_id else []
        entry = (vocab.indication_by_mesh(mesh_id) if mesh_id else None) or (
            vocab.resolve("indication", term) if term else None
        )
        named = condition_for(term, conditions) if term and not entry else None
        if named is not None:  # the descriptor of a condition as written: one indication
            add(_condition_ref(named, vocab, ids))
        elif entry:
            add(IndicationRef(key=entry.key, name=entry.name, known=True, mesh_ids=ids))
        elif term:
            add(IndicationRef(key=slugify(term), name=term, known=False, mesh_ids=ids))
    return list(found.values())


def _condition_ref(name: str, vocab: Vocabulary, mesh_ids: list[str]) -> IndicationRef:
    entry = vocab.resolve("indication", name)
    if entry:
        return IndicationRef(key=entry.key, name=entry.name, known=True, mesh_ids=mesh_ids)
    return IndicationRef(key=slugify(name), name=name, known=False, mesh_ids=mesh_ids)


def content_hash(study: object) -> str:
    """sha256 of the study's canonical JSON (sorted keys): the same study hashes the same
    alone, in an array, in a page or on a JSON line."""
    return hashlib.sha256(orjson.dumps(study, option=orjson.OPT_SORT_KEYS)).hexdigest()


def build_trial(
    study: Mapping[str, Any],
    vocab: Vocabulary,
    *,
    path: str | None,
    loader: str,
    loader_version: str,
    digest: str | None = None,
) -> TrialRecord:
    """One v2-shaped study -> ``TrialRecord``; ``StudyError`` if it cannot be used."""
    if "protocolSection" not in study:
        raise StudyError("not a ClinicalTrials.gov API v2 study (no protocolSection)")
    ps = obj_field(study, "protocolSection", "study")
    P = "protocolSection"
    ident = obj_field(ps, "identificationModule", P)
    nct = (str_field(ident, "nctId", f"{P}.identificationModule") or "").upper()
    if not is_nct_id(nct):
        raise StudyError(f"missing or invalid NCT ID ({ident.get('nctId')!r})")
    try:
        return _build(study, ps, ident, nct, vocab, path, loader, loader_version, digest)
    except StudyError as exc:
        raise StudyError(f"{nct}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        raise StudyError(f"{nct}: invalid value for {loc}: {first.get('msg')}") from None


def _build(
    study: Mapping[str, Any],
    ps: dict[str, Any],
    ident: dict[str, Any],
    nct: str,
    vocab: Vocabulary,
    path: str | None,
    loader: str,
    loader_version: str,
    digest: str | None,
) -> TrialRecord:
    P = "protocolSection"
    W_ID = f"{P}.identificationModule"
    brief_title = str_field(ident, "briefTitle", W_ID)
    official_title = str_field(ident, "officialTitle", W_ID)

    status = obj_field(ps, "statusModule", P)
    W_ST = f"{P}.statusModule"
    overall_status = str_field(status, "overallStatus", W_ST)
    first_posted = date_field(status, "studyFirstPostDateStruct", W_ST)
    first_submitted = str_field(status, "studyFirstSubmitDate", W_ST)
    start_date = date_field(status, "startDateStruct", W_ST)
    last_updated = date_field(status, "lastUpdatePostDateStruct", W_ST) or str_field(
        status, "lastUpdateSubmitDate", W_ST
    )

    design = obj_field(ps, "designModule", P)
    W_DE = f"{P}.designModule"
    phases = [p.upper() for p in str_list_field(design, "phases", W_DE)]
    enrollment = int_field(
        obj_field(design, "enrollmentInfo", W_DE), "count", f"{W_DE}.enrollmentInfo"
    )

    lead, collaborators = _sponsors(ps, ident, vocab)

    conditions = str_list_field(
        obj_field(ps, "conditionsModule", P), "conditions", f"{P}.conditionsModule"
    )
    browse = obj_field(
        obj_field(study, "derivedSection", "study"), "conditionBrowseModule", "derivedSection"
    )
    W_MESH = "derivedSection.conditionBrowseModule.meshes"
    indications = _indications(
        conditions,
        obj_list_field(browse, "meshes", "derivedSection.conditionBrowseModule"),
        vocab,
        W_MESH,
    )

    arms_mod = obj_field(ps, "armsInterventionsModule", P)
    W_AI = f"{P}.armsInterventionsModule"
    interventions, therapies = map_interventions(
        obj_list_field(arms_mod, "interventions", W_AI),
        f"{W_AI}.interventions",
        lead.name if lead else nct,
        vocab,
    )
    arms = map_arms(obj_list_field(arms_mod, "armGroups", W_AI), interventions, f"{W_AI}.armGroups")
    _intervention_mesh(study, therapies, vocab)

    pmids = _pmids(ps)

    source = SourceMeta(
        id=nct,
        kind="trial",
        title=brief_title or official_title,
        date=first_posted or first_submitted or start_date,
        version=last_updated,
        url=STUDY_URL.format(nct=nct),
        publisher=PUBLISHER,
        evidence_level=_evidence_level(phases, overall_status),
        content_hash=digest or content_hash(study),
        loader=loader,
        loader_version=loader_version,
        path=path,
    )
    return TrialRecord(
        source=source,
        nct_id=nct,
        brief_title=brief_title,
        official_title=official_title,
        acronym=str_field(ident, "acronym", W_ID),
        overall_status=overall_status,
        phases=phases,
        study_type=str_field(design, "studyType", W_DE),
        primary_purpose=str_field(
            obj_field(design, "designInfo", W_DE), "primaryPurpose", f"{W_DE}.designInfo"
        ),
        allocation=_allocation(design, W_DE),
        start_date=start_date,
        primary_completion_date=date_field(status, "primaryCompletionDateStruct", W_ST),
        completion_date=date_field(status, "completionDateStruct", W_ST),
        first_posted=first_posted,
        last_updated=last_updated,
        enrollment=enrollment,
        lead_sponsor=lead,
        collaborators=collaborators,
        conditions=conditions,
        indications=indications,
        therapies=therapies,
        other_interventions=not_therapies(interventions),
        arms=arms,
        pmids=pmids,
    )


def _allocation(design: dict[str, Any], where: str) -> str | None:
    """``designInfo.allocation``, upper-cased (RANDOMIZED, NON_RANDOMIZED, NA)."""
    value = str_field(obj_field(design, "designInfo", where), "allocation", f"{where}.designInfo")
    return value.strip().upper().replace("-", "_") if value and value.strip() else None


def _intervention_mesh(
    study: Mapping[str, Any], therapies: list[TherapyRef], vocab: Vocabulary
) -> None:
    """The intervention descriptors of the registry's indexing, aligned to the therapies
    by name (``tlkg.loaders.ctgov.mesh``; a term without an id gives nothing); then the
    targets the record's texts put beside a therapy's name (``ctgov.appositions``), and
    the targets and modality of the pharmacological actions of the one therapy the
    indexing can only be about (``ctgov.pharmacology``)."""
    W = "derivedSection.interventionBrowseModule"
    derived = obj_field(study, "derivedSection", "study")
    browse = obj_field(derived, "interventionBrowseModule", "derivedSection")
    pairs = []
    for i, mesh in enumerate(obj_list_field(browse, "meshes", W)):
        raw_id = str_field(mesh, "id", f"{W}.meshes[{i}]")
        term = str_field(mesh, "term", f"{W}.meshes[{i}]")
        if raw_id and term:
            pairs.append((normalise_mesh(raw_id), term))
    if pairs:
        names: dict[str, list[str]] = {}
        for t in therapies:
            entry = vocab.get("therapy", t.key) if t.known else None
            if entry is not None:
                names[t.key] = entry.all_names
        align_interventions(therapies, pairs, names)
    apply_appositions(therapies, record_texts(study), vocab)
    if pairs:
        apply_headings(therapies, read_browse(study, pairs), _intervention_names(study), vocab)


def _intervention_names(study: Mapping[str, Any]) -> list[str]:
    """Every intervention name and other name of the record, as registered."""
    P = "protocolSection"
    W_AI = f"{P}.armsInterventionsModule"
    arms = obj_field(obj_field(study, P, "study"), "armsInterventionsModule", P)
    names: list[str] = []
    for i, raw in enumerate(obj_list_field(arms, "interventions", W_AI)):
        here = f"{W_AI}.interventions[{i}]"
        name = str_field(raw, "name", here)
        names += ([name] if name else []) + str_list_field(raw, "otherNames", here)
    return names


def _sponsors(
    ps: dict[str, Any], ident: dict[str, Any], vocab: Vocabulary
) -> tuple[Organization | None, list[Organization]]:
    """The lead sponsor (the identification module's organization when no lead sponsor
    is given) and the collaborators, one per key."""
    P = "protocolSection"
    W_ID = f"{P}.identificationModule"
    sponsors = obj_field(ps, "sponsorCollaboratorsModule", P)
    W_SP = f"{P}.sponsorCollaboratorsModule"
    lead_raw = obj_field(sponsors, "leadSponsor", W_SP)
    lead = _organization(
        str_field(lead_raw, "name", f"{W_SP}.leadSponsor"),
        str_field(lead_raw, "class", f"{W_SP}.leadSponsor"),
        vocab,
    )
    if lead is None and not lead_raw:
        org = obj_field(ident, "organization", W_ID)
        lead = _organization(
            str_field(org, "fullName", f"{W_ID}.organization"),
            str_field(org, "class", f"{W_ID}.organization"),
            vocab,
        )
    collaborators: list[Organization] = []
    for i, raw in enumerate(obj_list_field(sponsors, "collaborators", W_SP)):
        here = f"{W_SP}.collaborators[{i}]"
        collaborator = _organization(
            str_field(raw, "name", here), str_field(raw, "class", here), vocab
        )
        if collaborator and collaborator.key not in {c.key for c in collaborators}:
            collaborators.append(collaborator)
    return lead, collaborators


def _pmids(ps: dict[str, Any]) -> list[str]:
    """The PubMed IDs of the references module, each once, in order."""
    P = "protocolSection"
    pmids: list[str] = []
    W_REF = f"{P}.referencesModule.references"
    for i, ref_raw in enumerate(
        obj_list_field(obj_field(ps, "referencesModule", P), "references", f"{P}.referencesModule")
    ):
        pmid = str_field(ref_raw, "pmid", f"{W_REF}[{i}]")
        if pmid and pmid not in pmids:
            pmids.append(pmid)
    return pmids
